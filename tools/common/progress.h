/* SPDX-License-Identifier: Apache-2.0 */
/* progress.h - a progress bar on stderr for long work, only when stderr is a terminal. */
#ifndef SANCTUM_TOOL_PROGRESS_H
#define SANCTUM_TOOL_PROGRESS_H

#include <stdint.h>

/* One bar. Plain data: no allocation, nothing to free. */
typedef struct tool_progress {
    const char *label;    /* "importing" */
    uint64_t    total;    /* items expected; 0 = unknown (a counter is shown) */
    uint64_t    done;     /* items finished */
    int         enabled;  /* stderr is a terminal */
    int         drawn;    /* something is on the line and must be cleared */
    int         last_pct; /* last percentage drawn (-1: none) */
    int64_t     last_ms;  /* monotonic time of the last redraw */
} tool_progress;

/* Start a bar. `label` must outlive it. Draws nothing unless isatty(2). */
void tool_progress_start(tool_progress *p, const char *label, uint64_t total);

/* Record `done` items; redraws at most ten times a second or when the
 * percentage changes. */
void tool_progress_update(tool_progress *p, uint64_t done);

/* Draw the final state and end the line (nothing if never drawn). */
void tool_progress_finish(tool_progress *p);

/* Erase the bar (before printing a diagnostic, say) without ending it. */
void tool_progress_clear(tool_progress *p);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* progress.c - a throttled one-line progress bar drawn with carriage returns. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

static int64_t
now_ms(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
draw(tool_progress *p)
{
    char bar[BAR_WIDTH + 1];
    int pct, fill;

    if (p->total > 0) {
        uint64_t done = p->done > p->total ? p->total : p->done;
        pct = (int)(done * 100 / p->total);
        fill = (int)(done * BAR_WIDTH / p->total);
        memset(bar, '#', (size_t)fill);
        memset(bar + fill, '-', (size_t)(BAR_WIDTH - fill));
        bar[BAR_WIDTH] = '\0';
        fprintf(stderr, "\r%s [%s] %3d%% %llu/%llu", p->label, bar, pct,
                (unsigned long long)done, (unsigned long long)p->total);
        p->last_pct = pct;
    } else {
        fprintf(stderr, "\r%s %llu", p->label, (unsigned long long)p->done);
    }
    fflush(stderr);
    p->drawn = 1;
    p->last_ms = now_ms();
}

void
tool_progress_start(tool_progress *p, const char *label, uint64_t total)
{
    memset(p, 0, sizeof *p);
    p->label = label;
    p->total = total;
    p->last_pct = -1;
    p->enabled = isatty(STDERR_FILENO) == 1;
    if (p->enabled)
        draw(p);
}

void
tool_progress_update(tool_progress *p, uint64_t done)
{
    int pct;

    p->done = done;
    if (!p->enabled)
        return;
    pct = p->total > 0 ? (int)((done > p->total ? p->total : done) * 100 / p->total) : -1;
    if ((p->total > 0 && pct != p->last_pct) || now_ms() - p->last_ms >= 100)
        draw(p);
}

void
tool_progress_clear(tool_progress *p)
{
    if (!p->enabled || !p->drawn)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
    p->drawn = 0;
}

void
tool_progress_finish(tool_progress *p)
{
    if (!p->enabled)
        return;
    draw(p);
    fputc('\n', stderr);
    fflush(stderr);
    p->drawn = 0;
    p->enabled = 0;
}

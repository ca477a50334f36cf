/* SPDX-License-Identifier: Apache-2.0 */
/* textfmt.h - small formatting helpers for human-readable output. */
#ifndef SANCTUM_TOOL_TEXTFMT_H
#define SANCTUM_TOOL_TEXTFMT_H

#include <stdint.h>
#include <stdio.h>

/* Room for an ISO 8601 UTC time "YYYY-MM-DDTHH:MM:SSZ" and more. */
#define TOOL_TIME_BUF 40

/* Format UTC seconds as "2024-05-01T12:00:00Z" into `buf` and return it;
 * "-" for 0 (not set). */
const char *tool_time_iso(int64_t t, char buf[TOOL_TIME_BUF]);

/* Print `text`; after each newline in it, print `indent` spaces first, so
 * multi-line values stay in their column. Other control characters are
 * shown as '?'. */
void tool_print_indented(FILE *f, const char *text, int indent);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* textfmt.c - times and multi-line values for human-readable output. */
#include "textfmt.h"

#include <time.h>

const char *
tool_time_iso(int64_t t, char buf[TOOL_TIME_BUF])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
        strftime(buf, TOOL_TIME_BUF, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
        buf[0] = '-';
        buf[1] = '\0';
    }
    return buf;
}

void
tool_print_indented(FILE *f, const char *text, int indent)
{
    const unsigned char *p;

    for (p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p == '\n')
            fprintf(f, "\n%*s", indent, "");
        else if (*p < 0x20 && *p != '\t')
            fputc('?', f);
        else if (*p == 0x7f)
            fputc('?', f);
        else
            fputc(*p, f);
    }
}

/* SPDX-License-Identifier: Apache-2.0 */
/* util.c - small string and buffer helpers for the importer; every freed block is wiped first. */
#include "imp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void
imp_free_str(char *s)
{
    if (s == NULL)
        return;
    sanctum_wipe(s, strlen(s));
    free(s);
}

int
imp_buf_add(imp_buf *b, const char *s, size_t n)
{
    if (tool_grow(&b->p, &b->cap, b->len + n + 1) != 0)
        return -1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int
imp_buf_adds(imp_buf *b, const char *s)
{
    return imp_buf_add(b, s, strlen(s));
}

int
imp_buf_join(imp_buf *b, const char *sep, const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    if (b->len > 0 && imp_buf_adds(b, sep) != 0)
        return -1;
    return imp_buf_adds(b, s);
}

void
imp_buf_reset(imp_buf *b)
{
    if (b->p != NULL) {
        sanctum_wipe(b->p, b->cap);
        b->p[0] = '\0';
    }
    b->len = 0;
}

void
imp_buf_free(imp_buf *b)
{
    if (b->p != NULL) {
        sanctum_wipe(b->p, b->cap);
        free(b->p);
    }
    b->p = NULL;
    b->len = b->cap = 0;
}

char *
imp_trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                     s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

char *
imp_squeeze(char *s)
{
    char *r = s, *w = s;
    int space = 0;

    for (; *r != '\0'; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') {
            space = 1;
            continue;
        }
        if (space && w != s)
            *w++ = ' ';
        space = 0;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

int
imp_prefix(const char *s, const char *prefix)
{
    for (; *prefix != '\0'; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return 0;
    return 1;
}

void
imp_pos_str(char *buf, size_t size, const imp_pos *pos)
{
    int n;

    if (pos == NULL || pos->file == NULL) {
        snprintf(buf, size, "input");
        return;
    }
    if (pos->line > 0 && pos->col > 0)
        n = snprintf(buf, size, "%s:%lu:%lu", pos->file, pos->line, pos->col);
    else if (pos->line > 0)
        n = snprintf(buf, size, "%s:%lu", pos->file, pos->line);
    else
        n = snprintf(buf, size, "%s", pos->file);
    if (n >= 0 && (size_t)n < size && pos->field != NULL)
        snprintf(buf + n, size - (size_t)n, " (%s)", pos->field);
}

/* The progress bar being drawn, erased before each message. */
static tool_progress *active_bar;

void
imp_bar_set(tool_progress *bar)
{
    active_bar = bar;
}

void
imp_bar_clear(void)
{
    if (active_bar != NULL)
        tool_progress_clear(active_bar);
}

void
imp_vmessage(char *msg, size_t cap, const imp_pos *pos, const char *fmt, va_list ap)
{
    char where[1024], text[1024];

    imp_bar_clear();
    imp_pos_str(where, sizeof where, pos);
    vsnprintf(text, sizeof text, fmt, ap);
    snprintf(msg, cap, "%s: %s", where, text);
}

void
imp_warn(const imp_pos *pos, const char *fmt, ...)
{
    char msg[2100];
    va_list ap;

    va_start(ap, fmt);
    imp_vmessage(msg, sizeof msg, pos, fmt, ap);
    va_end(ap);
    tool_warn("%s", msg);
}

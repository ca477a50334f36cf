/* SPDX-License-Identifier: Apache-2.0 */
/* dates.c - the date forms of sanctions lists turned into partial ISO dates. */
#include "imp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Longest run of years "1960 to 1975" expands to; a wider range keeps its ends. */
#define YEAR_SPAN_MAX 20

static const char *const months[12] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

int
imp_date_valid(const char *s)
{
    size_t n = strlen(s), i;

    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (!isdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return strncmp(s, "0000", 4) != 0;
}

/* Read exactly `n` digits at *s into *out; advance. 0 or -1. */
static int
digits(const char **s, size_t n, int *out)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    if (isdigit((unsigned char)(*s)[n]))
        return -1;
    *s += n;
    *out = v;
    return 0;
}

static void
skip_spaces(const char **s)
{
    while (**s == ' ')
        (*s)++;
}

/* Month from a three-letter (or longer) English name at *s. 1..12 or 0. */
static int
month_name(const char **s)
{
    size_t i, len = 0;

    while (isalpha((unsigned char)(*s)[len]))
        len++;
    if (len < 3)
        return 0;
    for (i = 0; i < 12; i++) {
        if (imp_prefix(*s, months[i])) {
            *s += len;
            return (int)i + 1;
        }
    }
    return 0;
}

/* One OFAC date: "01 Jan 1960", "Jan 1960" or "1960". 0 or -1. */
static int
ofac_one(const char **s, int *y, int *m, int *d)
{
    const char *p = *s;
    int v;

    *y = *m = *d = 0;
    skip_spaces(&p);
    if (digits(&p, 4, &v) == 0) {
        *y = v;
    } else if (digits(&p, 2, &v) == 0 || digits(&p, 1, &v) == 0) {
        *d = v;
        skip_spaces(&p);
        if ((*m = month_name(&p)) == 0)
            return -1;
        skip_spaces(&p);
        if (digits(&p, 4, y) != 0)
            return -1;
    } else if ((*m = month_name(&p)) != 0) {
        skip_spaces(&p);
        if (digits(&p, 4, y) != 0)
            return -1;
    } else {
        return -1;
    }
    if (*y < 1 || (*d != 0 && (*d < 1 || *d > 31)))
        return -1;
    *s = p;
    return 0;
}

/* Format a partial date into out[11]; -1 if a part is out of range. */
static int
format_date(char out[11], int y, int m, int d)
{
    char tmp[48];

    if (y < 1 || y > 9999 || m < 0 || m > 12 || d < 0 || d > 31)
        return -1;
    if (d > 0)
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    else if (m > 0)
        snprintf(tmp, sizeof tmp, "%04d-%02d", y, m);
    else
        snprintf(tmp, sizeof tmp, "%04d", y);
    memcpy(out, tmp, strlen(tmp) + 1);
    return 0;
}

static int
push(imp_dates *out, int y, int m, int d)
{
    if (out->n >= IMP_DATES_MAX || format_date(out->v[out->n], y, m, d) != 0)
        return -1;
    out->n++;
    return 0;
}

int
imp_date_ofac(imp_dates *out, const char *text)
{
    const char *s = text;
    int y1, m1, d1, y2, m2, d2, y;

    out->n = 0;
    skip_spaces(&s);
    if (imp_prefix(s, "circa "))
        s += 6;
    if (ofac_one(&s, &y1, &m1, &d1) != 0)
        return -1;
    skip_spaces(&s);
    if (*s == '\0')
        return push(out, y1, m1, d1);
    if (imp_prefix(s, "to "))
        s += 3;
    else if (*s == '-')
        s++;
    else
        return -1;
    if (ofac_one(&s, &y2, &m2, &d2) != 0)
        return -1;
    skip_spaces(&s);
    if (*s != '\0' || y2 < y1)
        return -1;
    /* A run of plain years: each is a possible year of birth. */
    if (m1 == 0 && m2 == 0 && y2 - y1 <= YEAR_SPAN_MAX) {
        for (y = y1; y <= y2; y++)
            if (push(out, y, 0, 0) != 0)
                return -1;
        return 0;
    }
    if (push(out, y1, m1, d1) != 0 || push(out, y2, m2, d2) != 0)
        return -1;
    return 0;
}

int
imp_date_dmy(char out[11], const char *text)
{
    const char *s = text;
    int d, m, y;

    out[0] = '\0';
    skip_spaces(&s);
    if (digits(&s, 2, &d) != 0 || *s++ != '/' || digits(&s, 2, &m) != 0 ||
        *s++ != '/' || digits(&s, 4, &y) != 0)
        return -1;
    skip_spaces(&s);
    if (*s != '\0' || d > 31 || m > 12)
        return -1;
    if (y == 0)
        return d == 0 && m == 0 ? 1 : -1;
    if (m == 0 && d != 0)
        return -1;
    return format_date(out, y, m, d);
}

int
imp_date_iso(char out[11], const char *text)
{
    size_t n = 0;

    out[0] = '\0';
    while (text[n] != '\0' && text[n] != 'T' && text[n] != 'Z' && text[n] != ' ' && n < 10)
        n++;
    if (n != 4 && n != 7 && n != 10)
        return -1;
    if (text[n] != '\0' && text[n] != 'T' && text[n] != 'Z' && text[n] != ' ')
        return -1;
    memcpy(out, text, n);
    out[n] = '\0';
    if (!imp_date_valid(out)) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

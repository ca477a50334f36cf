/* SPDX-License-Identifier: Apache-2.0 */
/* similarity.c - edit distances and Jaro-Winkler over code points, for name scoring. */
#include "similarity.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "utf8.h"

/*
 * Decode UTF-8 into at most `cap` code points. A byte that does not start a
 * valid sequence becomes a code point of its own (0xDC00 + byte, a value no
 * valid sequence decodes to), so every input has a defined result.
 */
static size_t
decode(uint32_t *out, size_t cap, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;

    while (i < len && n < cap) {
        uint32_t cp;
        size_t k = sanctum__utf8_next(p + i, len - i, &cp);

        if (k == 0) {
            out[n++] = 0xDC00u + p[i];
            i++;
        } else {
            out[n++] = cp;
            i += k;
        }
    }
    return n;
}

/*
 * Jaro (and optionally Winkler) over code-point arrays, following the
 * jellyfish definition: match window max(len)/2 - 1, transpositions halved,
 * Winkler bonus only when Jaro > 0.7.
 */
static double
jaro_cp(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
        int winkler, int long_tolerance)
{
    unsigned char af[SANCTUM__SIM_MAX_CP], bf[SANCTUM__SIM_MAX_CP];
    size_t range, i, j, k, common = 0, trans = 0, min_len;
    double weight, c;

    if (an == 0 || bn == 0)
        return 0.0;
    range = (an > bn ? an : bn) / 2;
    range = range > 0 ? range - 1 : 0;
    min_len = an < bn ? an : bn;
    memset(af, 0, an);
    memset(bf, 0, bn);

    for (i = 0; i < an; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range < bn - 1 ? i + range : bn - 1;

        for (j = lo; j <= hi; j++) {
            if (!bf[j] && b[j] == a[i]) {
                af[i] = bf[j] = 1;
                common++;
                break;
            }
        }
    }
    if (common == 0)
        return 0.0;

    k = 0;
    for (i = 0; i < an; i++) {
        if (!af[i])
            continue;
        for (j = k; j < bn; j++) {
            if (bf[j]) {
                k = j + 1;
                break;
            }
        }
        if (j < bn && a[i] != b[j])
            trans++;
    }
    trans /= 2;

    c = (double)common;
    weight = (c / (double)an + c / (double)bn + (c - (double)trans) / c) / 3.0;

    if (winkler && weight > 0.7) {
        size_t lim = min_len < 4 ? min_len : 4;
        size_t pre = 0;

        while (pre < lim && a[pre] == b[pre])
            pre++;
        if (pre > 0)
            weight += (double)pre * 0.1 * (1.0 - weight);
        if (long_tolerance && min_len > 4 && common > pre + 1
            && 2 * common >= min_len + pre)
            weight += (1.0 - weight) * (c - (double)pre - 1.0)
                      / ((double)an + (double)bn - (double)pre * 2.0 + 2.0);
    }
    return weight;
}

double
sanctum__jaro(const char *a, size_t alen, const char *b, size_t blen)
{
    uint32_t x[SANCTUM__SIM_MAX_CP], y[SANCTUM__SIM_MAX_CP];
    size_t xn = decode(x, SANCTUM__SIM_MAX_CP, a, alen);
    size_t yn = decode(y, SANCTUM__SIM_MAX_CP, b, blen);

    double r = jaro_cp(x, xn, y, yn, 0, 0);

    sodium_memzero(x, xn * sizeof x[0]);
    sodium_memzero(y, yn * sizeof y[0]);
    return r;
}

double
sanctum__jaro_winkler(const char *a, size_t alen, const char *b, size_t blen,
                      int long_tolerance)
{
    uint32_t x[SANCTUM__SIM_MAX_CP], y[SANCTUM__SIM_MAX_CP];
    size_t xn = decode(x, SANCTUM__SIM_MAX_CP, a, alen);
    size_t yn = decode(y, SANCTUM__SIM_MAX_CP, b, blen);

    double r = jaro_cp(x, xn, y, yn, 1, long_tolerance);

    sodium_memzero(x, xn * sizeof x[0]);
    sodium_memzero(y, yn * sizeof y[0]);
    return r;
}

size_t
sanctum__levenshtein(const char *a, size_t alen, const char *b, size_t blen)
{
    uint32_t x[SANCTUM__SIM_MAX_CP], y[SANCTUM__SIM_MAX_CP];
    size_t row[SANCTUM__SIM_MAX_CP + 1];
    size_t xn = decode(x, SANCTUM__SIM_MAX_CP, a, alen);
    size_t yn = decode(y, SANCTUM__SIM_MAX_CP, b, blen);
    size_t i, j;

    for (j = 0; j <= yn; j++)
        row[j] = j;
    for (i = 1; i <= xn; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (j = 1; j <= yn; j++) {
            size_t up = row[j];
            size_t best = diag + (x[i - 1] == y[j - 1] ? 0 : 1);

            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    sodium_memzero(x, xn * sizeof x[0]);
    sodium_memzero(y, yn * sizeof y[0]);
    return row[yn];
}

/* Last row (1-based) in which each distinct code point of `a` was seen. */
struct last_seen {
    uint32_t cp[SANCTUM__SIM_MAX_CP];
    size_t row[SANCTUM__SIM_MAX_CP];
    size_t n;
};

static size_t
last_get(const struct last_seen *ls, uint32_t cp)
{
    size_t i;

    for (i = 0; i < ls->n; i++)
        if (ls->cp[i] == cp)
            return ls->row[i];
    return 0;
}

static void
last_set(struct last_seen *ls, uint32_t cp, size_t row)
{
    size_t i;

    for (i = 0; i < ls->n; i++) {
        if (ls->cp[i] == cp) {
            ls->row[i] = row;
            return;
        }
    }
    ls->cp[ls->n] = cp;
    ls->row[ls->n] = row;
    ls->n++;
}

int
sanctum__damerau_levenshtein(size_t *out, const char *a, size_t alen,
                             const char *b, size_t blen)
{
    uint32_t x[SANCTUM__SIM_MAX_CP], y[SANCTUM__SIM_MAX_CP];
    size_t xn = decode(x, SANCTUM__SIM_MAX_CP, a, alen);
    size_t yn = decode(y, SANCTUM__SIM_MAX_CP, b, blen);
    size_t cols = yn + 2, inf = xn + yn, i, j;
    size_t *d;
    struct last_seen *ls;

    d = malloc((xn + 2) * cols * sizeof *d);
    ls = malloc(sizeof *ls);
    if (d == NULL || ls == NULL) {
        free(d);
        free(ls);
        return sanctum__err(SANCTUM_ENOMEM, "edit distance: out of memory");
    }
    ls->n = 0;
#define D(r, c) d[(r) * cols + (c)]
    D(0, 0) = inf;
    for (i = 0; i <= xn; i++) {
        D(i + 1, 0) = inf;
        D(i + 1, 1) = i;
    }
    for (j = 0; j <= yn; j++) {
        D(0, j + 1) = inf;
        D(1, j + 1) = j;
    }
    for (i = 1; i <= xn; i++) {
        size_t db = 0;

        for (j = 1; j <= yn; j++) {
            size_t i1 = last_get(ls, y[j - 1]);
            size_t j1 = db;
            size_t cost = 1, best, t;

            if (x[i - 1] == y[j - 1]) {
                cost = 0;
                db = j;
            }
            best = D(i, j) + cost;
            if ((t = D(i + 1, j) + 1) < best)
                best = t;
            if ((t = D(i, j + 1) + 1) < best)
                best = t;
            t = D(i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1);
            if (t < best)
                best = t;
            D(i + 1, j + 1) = best;
        }
        last_set(ls, x[i - 1], i);
    }
    *out = D(xn + 1, yn + 1);
#undef D
    sodium_memzero(x, xn * sizeof x[0]);
    sodium_memzero(y, yn * sizeof y[0]);
    sodium_memzero(ls, sizeof *ls);
    free(d);
    free(ls);
    return 0;
}

size_t
sanctum__hamming(const char *a, size_t alen, const char *b, size_t blen)
{
    uint32_t x[SANCTUM__SIM_MAX_CP], y[SANCTUM__SIM_MAX_CP];
    size_t xn = decode(x, SANCTUM__SIM_MAX_CP, a, alen);
    size_t yn = decode(y, SANCTUM__SIM_MAX_CP, b, blen);
    size_t n = xn < yn ? xn : yn, i, dist = (xn > yn ? xn - yn : yn - xn);

    for (i = 0; i < n; i++)
        if (x[i] != y[i])
            dist++;
    sodium_memzero(x, xn * sizeof x[0]);
    sodium_memzero(y, yn * sizeof y[0]);
    return dist;
}

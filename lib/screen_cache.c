/* SPDX-License-Identifier: Apache-2.0 */
/* screen_cache.c - a screening worker's memory of index tokens it has counted (screen_cache.h). */
#include "screen_cache.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sanctum/errors.h>

#include "errors.h"

#define SLOTS_MIN 1024u  /* a power of two */
#define SLOTS_MAX 32768u /* 1.25 MiB (40-byte slots) */

struct slot {
    unsigned char tok[16];
    uint64_t df, mask;
    int used;
};

struct sanctum__tokcache {
    struct slot *s;
    size_t n, cap;
    uint64_t txnid;
};

int
sanctum__tokcache_new(sanctum__tokcache **out)
{
    sanctum__tokcache *c = calloc(1, sizeof *c);

    *out = NULL;
    if (c == NULL || (c->s = calloc(SLOTS_MIN, sizeof *c->s)) == NULL) {
        free(c);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    c->cap = SLOTS_MIN;
    *out = c;
    return SANCTUM_OK;
}

void
sanctum__tokcache_free(sanctum__tokcache *c)
{
    if (c == NULL)
        return;
    sodium_memzero(c->s, c->cap * sizeof *c->s);
    free(c->s);
    free(c);
}

static void
clear(sanctum__tokcache *c)
{
    if (c->n > 0)
        sodium_memzero(c->s, c->cap * sizeof *c->s);
    c->n = 0;
}

void
sanctum__tokcache_snapshot(sanctum__tokcache *c, uint64_t txnid)
{
    if (txnid != c->txnid)
        clear(c);
    c->txnid = txnid;
}

/* Where tok is, or the empty slot it would take. Tokens are keyed
 * BLAKE2b output: their first bytes are already a good hash. */
static size_t
find(const struct slot *s, size_t cap, const unsigned char tok[16])
{
    uint64_t h;
    size_t i;

    memcpy(&h, tok, sizeof h);
    for (i = (size_t)h & (cap - 1); s[i].used && memcmp(s[i].tok, tok, 16) != 0;
         i = (i + 1) & (cap - 1))
        ;
    return i;
}

int
sanctum__tokcache_get(const sanctum__tokcache *c, const unsigned char tok[16], uint64_t *df,
                      uint64_t *mask)
{
    size_t i = find(c->s, c->cap, tok);

    if (!c->s[i].used)
        return 0;
    *df = c->s[i].df;
    *mask = c->s[i].mask;
    return 1;
}

void
sanctum__tokcache_put(sanctum__tokcache *c, const unsigned char tok[16], uint64_t df,
                      uint64_t mask)
{
    struct slot *s;
    size_t i;

    if (c->n * 2 >= c->cap) { /* kept at most half full: probes stay short */
        if (c->cap < SLOTS_MAX && (s = calloc(2 * c->cap, sizeof *s)) != NULL) {
            for (i = 0; i < c->cap; i++)
                if (c->s[i].used)
                    s[find(s, 2 * c->cap, c->s[i].tok)] = c->s[i];
            sodium_memzero(c->s, c->cap * sizeof *c->s);
            free(c->s);
            c->s = s;
            c->cap *= 2;
        } else {
            clear(c);
        }
    }
    i = find(c->s, c->cap, tok);
    if (!c->s[i].used)
        c->n++;
    memcpy(c->s[i].tok, tok, 16);
    c->s[i].df = df;
    c->s[i].mask = mask;
    c->s[i].used = 1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* wordset.c - membership in a fixed list of words, one hash probe instead of a scan. */
#include "wordset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: the words are short and fixed, nothing adversarial to resist
 * (a query word only ever probes; it is never inserted). */
static size_t
word_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (size_t)h & (SANCTUM__WORDSET_SLOTS - 1);
}

void
sanctum__wordset_add(sanctum__wordset *ws, const void *base, size_t stride, size_t count)
{
    size_t used = 0;

    for (size_t i = 0; i < SANCTUM__WORDSET_SLOTS; i++)
        used += ws->slot[i] != NULL;
    for (size_t i = 0; count == 0 || i < count; i++) {
        const char *w = *(const char *const *)(const void *)((const char *)base + i * stride);
        size_t h;

        if (w == NULL)
            break;
        if (sanctum__wordset_has(ws, w))
            continue;
        if (++used > SANCTUM__WORDSET_SLOTS / 2)
            abort();
        for (h = word_hash(w); ws->slot[h] != NULL; h = (h + 1) & (SANCTUM__WORDSET_SLOTS - 1))
            ;
        ws->slot[h] = w;
    }
}

int
sanctum__wordset_has(const sanctum__wordset *ws, const char *s)
{
    for (size_t h = word_hash(s); ws->slot[h] != NULL; h = (h + 1) & (SANCTUM__WORDSET_SLOTS - 1))
        if (strcmp(ws->slot[h], s) == 0)
            return 1;
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* verify_state.c - an open-addressing hash map from entity id to committed state. */
#include "verify_state.h"

#include <stdlib.h>
#include <string.h>

struct sanctum__vstate {
    sanctum__vent *slots;     /* id[0] == 0 marks a free slot */
    size_t cap;               /* power of two */
    size_t used;
};

static uint64_t
hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

sanctum__vstate *
sanctum__vstate_new(void)
{
    sanctum__vstate *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    s->cap = 1024;
    if ((s->slots = calloc(s->cap, sizeof *s->slots)) == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

void
sanctum__vstate_free(sanctum__vstate *s)
{
    if (s == NULL)
        return;
    free(s->slots);
    free(s);
}

static sanctum__vent *
find(sanctum__vent *slots, size_t cap, const char *id)
{
    size_t i = (size_t)hash_id(id) & (cap - 1);

    while (slots[i].id[0] != '\0' && strcmp(slots[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int
grow(sanctum__vstate *s)
{
    size_t ncap = s->cap * 2;
    sanctum__vent *n = calloc(ncap, sizeof *n);

    if (n == NULL)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].id[0] != '\0')
            *find(n, ncap, s->slots[i].id) = s->slots[i];
    free(s->slots);
    s->slots = n;
    s->cap = ncap;
    return 0;
}

sanctum__vent *
sanctum__vstate_get(sanctum__vstate *s, const char *id)
{
    sanctum__vent *e = find(s->slots, s->cap, id);

    return e->id[0] != '\0' ? e : NULL;
}

sanctum__vent *
sanctum__vstate_put(sanctum__vstate *s, const char *id)
{
    sanctum__vent *e;
    size_t len = strlen(id);

    if (len == 0 || len >= sizeof e->id)
        return NULL;
    if ((s->used + 1) * 4 > s->cap * 3 && grow(s) != 0)
        return NULL;
    e = find(s->slots, s->cap, id);
    if (e->id[0] == '\0') {
        memset(e, 0, sizeof *e);
        memcpy(e->id, id, len + 1);
        s->used++;
    }
    return e;
}

sanctum__vent *
sanctum__vstate_next(sanctum__vstate *s, size_t *pos)
{
    while (*pos < s->cap) {
        sanctum__vent *e = &s->slots[(*pos)++];
        if (e->id[0] != '\0')
            return e;
    }
    return NULL;
}

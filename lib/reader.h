/* SPDX-License-Identifier: Apache-2.0 */
/* reader.h (internal) - a bounds-checked reader over untrusted stored bytes. */
#ifndef SANCTUM_LIB_READER_H
#define SANCTUM_LIB_READER_H

#include <stddef.h>
#include <stdint.h>
#include "store.h"

/* Reads never run past the end: once a read would, `bad` is set and every
 * later read returns NULL or 0, so a decoder checks `bad` once at the end. */
typedef struct sanctum__reader {
    const unsigned char *p;  /* next byte */
    size_t left;             /* bytes left */
    int bad;                 /* a read ran past the end */
} sanctum__reader;

static inline const unsigned char *
sanctum__take(sanctum__reader *r, size_t n)
{
    const unsigned char *p = r->p;

    if (r->bad || n > r->left) {
        r->bad = 1;
        return NULL;
    }
    r->p += n;
    r->left -= n;
    return p;
}

static inline uint8_t
sanctum__take8(sanctum__reader *r)
{
    const unsigned char *p = sanctum__take(r, 1);
    return p ? p[0] : 0;
}

static inline uint32_t
sanctum__take32(sanctum__reader *r)
{
    const unsigned char *p = sanctum__take(r, 4);
    return p ? sanctum__rd32(p) : 0;
}

static inline uint64_t
sanctum__take64(sanctum__reader *r)
{
    const unsigned char *p = sanctum__take(r, 8);
    return p ? sanctum__rd64(p) : 0;
}

#endif

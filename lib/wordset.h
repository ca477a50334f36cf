/* SPDX-License-Identifier: Apache-2.0 */
/* wordset.h (internal) - membership in a fixed list of words, one hash probe instead of a scan. */
#ifndef SANCTUM_LIB_WORDSET_H
#define SANCTUM_LIB_WORDSET_H

#include <stddef.h>

#define SANCTUM__WORDSET_SLOTS 1024 /* power of two; a set holds at most half as many */

/* Open addressing over pointers to the words themselves (static tables:
 * the set copies nothing). Build once (pthread_once), then read from any
 * thread. */
typedef struct sanctum__wordset {
    const char *slot[SANCTUM__WORDSET_SLOTS];
} sanctum__wordset;

/* Add the words of a table: the `const char *` member at base + i * stride
 * for i < count, or, with count 0, up to the first NULL. Aborts if the set
 * would be more than half full (a programming error: the tables are fixed). */
void sanctum__wordset_add(sanctum__wordset *ws, const void *base, size_t stride, size_t count);

/* 1 if NUL-terminated `s` equals one of the words, else 0. */
int sanctum__wordset_has(const sanctum__wordset *ws, const char *s);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* postings_sort.c - deferred postings in token order, by the tokens' first two bytes first.
 *
 * A run of writes defers up to 2^22 postings (16-byte token || 8-byte ref)
 * and writes them token by token, in token order. Tokens are keyed BLAKE2b
 * outputs, so their first two bytes spread evenly over 65,536 buckets: one
 * counting pass places every posting in its bucket, and a bucket is then
 * sorted only if it holds more than one token (the many postings of one
 * common word usually have a bucket to themselves). The refs of one token
 * are left in any order: the writer masks and sorts them itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "blindindex.h"
#include "store.h"

#define ENTRY SANCTUM__IX_POSTING_BYTES
#define BUCKETS 65536u
#define SMALL 16 /* buckets up to this size: insertion sort */

static int
entry_cmp(const void *a, const void *b)
{
    return memcmp(a, b, ENTRY);
}

static void
insertion_sort(unsigned char *a, size_t n)
{
    unsigned char x[ENTRY];

    for (size_t i = 1; i < n; i++) {
        size_t j = i;

        memcpy(x, a + i * ENTRY, ENTRY);
        while (j > 0 && memcmp(a + (j - 1) * ENTRY, x, ENTRY) > 0) {
            memcpy(a + j * ENTRY, a + (j - 1) * ENTRY, ENTRY);
            j--;
        }
        memcpy(a + j * ENTRY, x, ENTRY);
    }
}

int
sanctum__u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static int
token_cmp(const void *a, const void *b)
{
    return memcmp(a, b, SANCTUM__IX_TOKEN_BYTES);
}

void
sanctum__tokens_sort(unsigned char *a, size_t n)
{
    enum { T = SANCTUM__IX_TOKEN_BYTES };
    unsigned char x[T];

    if (n > 32) {
        qsort(a, n, T, token_cmp);
        return;
    }
    /* by insertion, comparing the first 8 bytes as one number: keyed
     * hashes almost never tie there */
    for (size_t i = 1; i < n; i++) {
        uint64_t kx;
        size_t j = i;

        memcpy(x, a + i * T, T);
        kx = sanctum__rd64(x);
        while (j > 0) {
            const unsigned char *p = a + (j - 1) * T;
            uint64_t kp = sanctum__rd64(p);
            if (kp < kx || (kp == kx && memcmp(p, x, T) <= 0))
                break;
            memcpy(a + j * T, p, T);
            j--;
        }
        memcpy(a + j * T, x, T);
    }
    sodium_memzero(x, sizeof x);
}

/* 1 if the m entries at a all have the same token. */
static int
one_token(const unsigned char *a, size_t m)
{
    for (size_t i = 1; i < m; i++)
        if (memcmp(a + i * ENTRY, a, SANCTUM__IX_TOKEN_BYTES) != 0)
            return 0;
    return 1;
}

static unsigned int
bucket_of(const unsigned char *e)
{
    return (unsigned int)e[0] << 8 | e[1];
}

void
sanctum__postings_sort(unsigned char *a, size_t n)
{
    size_t *start = NULL, *next;
    unsigned char *tmp = NULL;

    /* start[b]: where bucket b begins in the sorted order; next[b]: where
     * its next posting goes while they are being placed */
    if (n < 1024 || (start = calloc(2 * BUCKETS + 1, sizeof *start)) == NULL ||
        (tmp = malloc(n * ENTRY)) == NULL) {
        free(start); /* few, or no memory for the buckets: sort in place */
        qsort(a, n, ENTRY, entry_cmp);
        return;
    }
    next = start + BUCKETS + 1;
    for (size_t i = 0; i < n; i++)
        start[bucket_of(a + i * ENTRY) + 1]++;
    for (size_t b = 1; b <= BUCKETS; b++)
        start[b] += start[b - 1];
    memcpy(next, start, BUCKETS * sizeof *next);
    for (size_t i = 0; i < n; i++)
        memcpy(tmp + next[bucket_of(a + i * ENTRY)]++ * ENTRY, a + i * ENTRY, ENTRY);
    for (size_t b = 0; b < BUCKETS; b++) {
        size_t m = start[b + 1] - start[b];

        if (m < 2 || one_token(tmp + start[b] * ENTRY, m))
            continue;
        if (m > SMALL)
            qsort(tmp + start[b] * ENTRY, m, ENTRY, entry_cmp);
        else
            insertion_sort(tmp + start[b] * ENTRY, m);
    }
    memcpy(a, tmp, n * ENTRY);
    sodium_memzero(tmp, n * ENTRY); /* unmasked refs next to their tokens */
    free(tmp);
    free(start);
}

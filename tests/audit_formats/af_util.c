/* SPDX-License-Identifier: Apache-2.0 */
/* af_util.c - shared helpers for the audit-format tests. */
#include "af_util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "merkle.h"
#include "testutil.h"

int
af_setup(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

void
af_hex(unsigned char *out, size_t len, const char *hex)
{
    size_t got = 0;

    assert_int_equal(strlen(hex), 2 * len);
    assert_int_equal(sodium_hex2bin(out, len, hex, strlen(hex), NULL, &got, NULL), 0);
    assert_int_equal(got, len);
}

size_t
af_b64(unsigned char *out, size_t cap, const char *b64)
{
    size_t got = 0;

    assert_int_equal(sodium_base642bin(out, cap, b64, strlen(b64), NULL, &got, NULL,
                                       sodium_base64_VARIANT_ORIGINAL), 0);
    return got;
}

void
af_tree_init(af_tree *t)
{
    memset(t, 0, sizeof *t);
}

void
af_tree_free(af_tree *t)
{
    free(t->h);
    memset(t, 0, sizeof *t);
}

void
af_tree_append(af_tree *t, const unsigned char leaf[32])
{
    unsigned char add[SANCTUM__MERKLE_MAX_PATH][32];
    size_t n = 0, i;

    assert_int_equal(sanctum__merkle_stored_for_record(add, &n, t->size, leaf, af_tree_read, t), 0);
    assert_int_equal(t->count, sanctum__merkle_stored_count(t->size));
    if (t->count + n > t->cap) {
        uint64_t cap = t->cap ? t->cap * 2 : 64;

        while (cap < t->count + n)
            cap *= 2;
        t->h = realloc(t->h, (size_t)cap * 32);
        assert_non_null(t->h);
        t->cap = cap;
    }
    for (i = 0; i < n; i++)
        memcpy(t->h[t->count + i], add[i], 32);
    t->count += n;
    t->size++;
    assert_int_equal(t->count, sanctum__merkle_stored_count(t->size));
}

int
af_tree_read(void *ctx, uint64_t index, unsigned char out[32])
{
    af_tree *t = ctx;

    t->reads++;
    if (index >= t->count)
        return SANCTUM_ENOTFOUND;
    memcpy(out, t->h[index], 32);
    return 0;
}

static uint64_t
split_k(uint64_t n)
{
    uint64_t k = 1;

    while (k * 2 < n)
        k *= 2;
    return k;
}

void
af_naive_mth(unsigned char out[32], const unsigned char (*leaves)[32], uint64_t n)
{
    unsigned char l[32], r[32];
    uint64_t k;

    if (n == 0) {
        sanctum__merkle_empty_root(out);
        return;
    }
    if (n == 1) {
        memcpy(out, leaves[0], 32);
        return;
    }
    k = split_k(n);
    af_naive_mth(l, leaves, k);
    af_naive_mth(r, leaves + k, n - k);
    sanctum__merkle_node_hash(out, l, r);
}

size_t
af_naive_path(unsigned char path[][32], const unsigned char (*leaves)[32], uint64_t m,
              uint64_t n)
{
    uint64_t k;
    size_t len;

    if (n <= 1)
        return 0;
    k = split_k(n);
    if (m < k) {
        len = af_naive_path(path, leaves, m, k);
        af_naive_mth(path[len], leaves + k, n - k);
    } else {
        len = af_naive_path(path, leaves + k, m - k, n - k);
        af_naive_mth(path[len], leaves, k);
    }
    return len + 1;
}

static size_t
naive_subproof(unsigned char path[][32], const unsigned char (*leaves)[32], uint64_t m,
               uint64_t n, int b)
{
    uint64_t k;
    size_t len;

    if (m == n) {
        if (b)
            return 0;
        af_naive_mth(path[0], leaves, n);
        return 1;
    }
    k = split_k(n);
    if (m <= k) {
        len = naive_subproof(path, leaves, m, k, b);
        af_naive_mth(path[len], leaves + k, n - k);
    } else {
        len = naive_subproof(path, leaves + k, m - k, n - k, 0);
        af_naive_mth(path[len], leaves, k);
    }
    return len + 1;
}

size_t
af_naive_proof(unsigned char path[][32], const unsigned char (*leaves)[32], uint64_t m,
               uint64_t n)
{
    return naive_subproof(path, leaves, m, n, 1);
}

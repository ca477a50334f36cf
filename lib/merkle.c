/* SPDX-License-Identifier: Apache-2.0 */
/* merkle.c - the audit log's RFC 6962 tree: hashes, stored-hash layout, proofs. */
#include "merkle.h"

#include <sodium.h>
#include <string.h>

#include "errors.h"

/* Lengths of the proofs built here never exceed this (sizes < 2^62). */
#define MAX_PATH SANCTUM__MERKLE_MAX_PATH

void
sanctum__merkle_leaf_hash(unsigned char out[32], const unsigned char *data, size_t len)
{
    crypto_hash_sha256_state st;
    static const unsigned char prefix = 0x00;

    /* The SHA-256 calls of libsodium cannot fail (they always return 0). */
    (void)crypto_hash_sha256_init(&st);
    (void)crypto_hash_sha256_update(&st, &prefix, 1);
    if (len > 0)
        (void)crypto_hash_sha256_update(&st, data, len);
    (void)crypto_hash_sha256_final(&st, out);
}

void
sanctum__merkle_node_hash(unsigned char out[32], const unsigned char left[32],
                          const unsigned char right[32])
{
    unsigned char buf[1 + 2 * 32];

    buf[0] = 0x01;
    memcpy(buf + 1, left, 32);
    memcpy(buf + 33, right, 32);
    (void)crypto_hash_sha256(out, buf, sizeof buf);
}

void
sanctum__merkle_empty_root(unsigned char out[32])
{
    (void)crypto_hash_sha256(out, (const unsigned char *)"", 0);
}

static int
popcount64(uint64_t x)
{
    int c = 0;

    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

uint64_t
sanctum__merkle_stored_count(uint64_t n)
{
    /* Each record adds its leaf plus one hash per subtree it completes;
     * summed over records 0..n-1 that is 2n - popcount(n). */
    return 2 * n - (uint64_t)popcount64(n);
}

uint64_t
sanctum__merkle_stored_index(int level, uint64_t n)
{
    /* Subtree (level, n) is completed by record r = (n+1)*2^level - 1 and is
     * written `level` places after that record's leaf hash. */
    uint64_t r = ((n + 1) << level) - 1;

    return sanctum__merkle_stored_count(r) + (uint64_t)level;
}

void
sanctum__merkle_split_stored_index(uint64_t index, int *level, uint64_t *n)
{
    /* Find the record r whose hashes occupy
     * [stored_count(r), stored_count(r+1)). stored_count(r) >= 2r - 64, so
     * r <= index/2 + 32; binary search for the largest r with
     * stored_count(r) <= index. */
    uint64_t lo = 0, hi = index / 2 + 33;
    int l;

    if (hi > index)
        hi = index;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;

        if (sanctum__merkle_stored_count(mid) <= index)
            lo = mid;
        else
            hi = mid - 1;
    }
    l = (int)(index - sanctum__merkle_stored_count(lo));
    *level = l;
    *n = lo >> l;
}

int
sanctum__merkle_stored_for_record(unsigned char out[][32], size_t *count, uint64_t n,
                                  const unsigned char leaf[32],
                                  sanctum__hash_reader rd, void *ctx)
{
    unsigned char left[32];
    size_t c = 0;
    int i, error = 0;

    *count = 0;
    memcpy(out[c++], leaf, 32);
    for (i = 0; i < 63 && ((n >> i) & 1); i++) {
        if ((error = rd(ctx, sanctum__merkle_stored_index(i, (n >> i) - 1), left)) < 0)
            goto done;
        sanctum__merkle_node_hash(out[c], left, out[c - 1]);
        c++;
    }
    *count = c;
done:
    return error;
}

/* Largest power of two strictly less than n (n >= 2). */
static uint64_t
split_point(uint64_t n)
{
    uint64_t k = 1;

    while (k << 1 < n)
        k <<= 1;
    return k;
}

/*
 * MTH(D[lo:hi]) for a range that occurs in the RFC 6962 recursion: lo is a
 * multiple of a power of two >= hi - lo > 0. Such a range splits into
 * complete stored subtrees following the bits of hi - lo from the highest;
 * fold them from the right. Costs popcount(hi - lo) reads.
 */
static int
range_hash(unsigned char out[32], uint64_t lo, uint64_t hi, sanctum__hash_reader rd,
           void *ctx)
{
    uint64_t width = hi - lo;
    unsigned char piece[32];
    int have = 0, b, error = 0;

    for (b = 0; b < 64; b++) {
        uint64_t start;

        if (!((width >> b) & 1))
            continue;
        /* The piece for bit b starts after all the higher (bigger) pieces. */
        start = lo + (b == 63 ? 0 : (width >> (b + 1)) << (b + 1));
        if ((error = rd(ctx, sanctum__merkle_stored_index(b, start >> b), piece)) < 0)
            goto done;
        if (have)
            sanctum__merkle_node_hash(out, piece, out);
        else
            memcpy(out, piece, 32);
        have = 1;
    }
done:
    sodium_memzero(piece, sizeof piece);
    return error;
}

int
sanctum__merkle_tree_hash(unsigned char out[32], uint64_t size, sanctum__hash_reader rd,
                          void *ctx)
{
    if (size == 0) {
        sanctum__merkle_empty_root(out);
        return 0;
    }
    return range_hash(out, 0, size, rd, ctx);
}

/* Copies the `c` hashes collected root-first in `tmp` into `path` leaf-first. */
static void
reverse_into(unsigned char path[][32], unsigned char tmp[][32], size_t c)
{
    size_t i;

    for (i = 0; i < c; i++)
        memcpy(path[i], tmp[c - 1 - i], 32);
}

int
sanctum__merkle_prove_record(unsigned char path[][32], size_t *len, uint64_t size,
                             uint64_t index, sanctum__hash_reader rd, void *ctx)
{
    unsigned char tmp[MAX_PATH][32];
    uint64_t lo = 0, hi = size;
    size_t c = 0;
    int error = 0;

    *len = 0;
    if (index >= size) {
        error = sanctum__err(SANCTUM_EINVAL,
                             "inclusion proof: record %llu is not in a tree of %llu records",
                             (unsigned long long)index, (unsigned long long)size);
        goto done;
    }
    /* Walk down from the root (RFC 6962 PATH): at each split emit the hash
     * of the side that does not hold the record. Only one emitted range can
     * be incomplete, so the reads stay O(log size). */
    while (hi - lo > 1) {
        uint64_t k = split_point(hi - lo);

        if (index < lo + k) {
            error = range_hash(tmp[c], lo + k, hi, rd, ctx);
            hi = lo + k;
        } else {
            error = range_hash(tmp[c], lo, lo + k, rd, ctx);
            lo = lo + k;
        }
        if (error < 0)
            goto done;
        c++;
    }
    reverse_into(path, tmp, c);
    *len = c;
done:
    return error;
}

int
sanctum__merkle_prove_tree(unsigned char path[][32], size_t *len, uint64_t size2,
                           uint64_t size1, sanctum__hash_reader rd, void *ctx)
{
    unsigned char tmp[MAX_PATH][32];
    uint64_t lo = 0, hi = size2;
    size_t c = 0;
    int whole = 1, error = 0;

    *len = 0;
    if (size1 == 0 || size1 > size2) {
        error = sanctum__err(SANCTUM_EINVAL,
                             "consistency proof: no proof from size %llu to size %llu",
                             (unsigned long long)size1, (unsigned long long)size2);
        goto done;
    }
    /* RFC 6962 SUBPROOF, iteratively: `whole` is the flag b (the current
     * subtree is a prefix of the old tree's root, so its hash is known). */
    while (size1 != hi) {
        uint64_t k = split_point(hi - lo);

        if (size1 <= lo + k) {
            error = range_hash(tmp[c], lo + k, hi, rd, ctx);
            hi = lo + k;
        } else {
            error = range_hash(tmp[c], lo, lo + k, rd, ctx);
            lo = lo + k;
            whole = 0;
        }
        if (error < 0)
            goto done;
        c++;
    }
    if (!whole) {
        if ((error = range_hash(tmp[c], lo, hi, rd, ctx)) < 0)
            goto done;
        c++;
    }
    reverse_into(path, tmp, c);
    *len = c;
done:
    return error;
}

int
sanctum__merkle_check_record(uint64_t index, uint64_t size, const unsigned char leaf[32],
                             const unsigned char path[][32], size_t len,
                             const unsigned char root[32])
{
    unsigned char r[32];
    uint64_t fn, sn;
    size_t i;
    int error = SANCTUM_ETAMPER;

    if (index >= size)
        goto done;
    fn = index;
    sn = size - 1;
    memcpy(r, leaf, 32);
    for (i = 0; i < len; i++) {
        if (sn == 0)
            goto done;
        if ((fn & 1) || fn == sn) {
            sanctum__merkle_node_hash(r, path[i], r);
            /* Only when fn == sn (a right edge): climb past the levels where
             * this node has no right sibling. */
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            sanctum__merkle_node_hash(r, r, path[i]);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn == 0 && crypto_verify_32(r, root) == 0)
        error = 0;
done:
    if (error < 0)
        error = sanctum__err(SANCTUM_ETAMPER,
                             "inclusion proof for record %llu in tree size %llu does not verify",
                             (unsigned long long)index, (unsigned long long)size);
    return error;
}

static int
is_power_of_two(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

int
sanctum__merkle_check_tree(uint64_t size1, uint64_t size2, const unsigned char path[][32],
                           size_t len, const unsigned char root1[32],
                           const unsigned char root2[32])
{
    unsigned char fr[32], sr[32];
    const unsigned char *c;
    uint64_t fn, sn;
    size_t i, start;
    int error = SANCTUM_ETAMPER;

    if (size1 > size2 || size1 == 0)
        goto done;
    if (size1 == size2) {
        if (len == 0 && crypto_verify_32(root1, root2) == 0)
            error = 0;
        goto done;
    }
    if (len == 0)
        goto done;
    /* When size1 is a power of two the old root is itself the first node of
     * the proof; treat it as if it had been prepended to the path. */
    start = is_power_of_two(size1) ? 0 : 1;
    fn = size1 - 1;
    sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    memcpy(fr, start == 0 ? root1 : path[0], 32);
    memcpy(sr, fr, 32);
    for (i = start; i < len; i++) {
        c = path[i];
        if (sn == 0)
            goto done;
        if ((fn & 1) || fn == sn) {
            sanctum__merkle_node_hash(fr, c, fr);
            sanctum__merkle_node_hash(sr, c, sr);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            sanctum__merkle_node_hash(sr, sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn == 0 && (crypto_verify_32(fr, root1) | crypto_verify_32(sr, root2)) == 0)
        error = 0;
done:
    if (error < 0)
        error = sanctum__err(SANCTUM_ETAMPER,
                             "consistency proof from tree size %llu to %llu does not verify",
                             (unsigned long long)size1, (unsigned long long)size2);
    return error;
}

int
sanctum__merkle_hash_parse(unsigned char out[32], const char *b64, size_t len)
{
    unsigned char buf[32];
    size_t got = 0;
    int error = 0;

    /* Canonical base64 of 32 bytes is exactly 44 characters. libsodium with
     * b64_end == NULL rejects trailing garbage and non-zero trailing bits. */
    if (len != 44 ||
        sodium_base642bin(buf, sizeof buf, b64, len, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != 32) {
        error = sanctum__err(SANCTUM_EINVAL, "hash is not base64 of 32 bytes");
        goto done;
    }
    memcpy(out, buf, 32);
done:
    sodium_memzero(buf, sizeof buf);
    return error;
}

void
sanctum__merkle_hash_format(char out[45], const unsigned char hash[32])
{
    sodium_bin2base64(out, 45, hash, 32, sodium_base64_VARIANT_ORIGINAL);
}

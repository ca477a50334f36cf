/* SPDX-License-Identifier: Apache-2.0 */
/* merkle.h (internal) - RFC 6962 Merkle tree hashing, stored-hash layout and proofs. */
#ifndef SANCTUM_LIB_MERKLE_H
#define SANCTUM_LIB_MERKLE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Everything here follows docs/transparency-log.md and AUDIT-FORMATS §1-4.
 * All functions are pure functions of their inputs; stored hashes are read
 * through a callback so that the caller decides where they live (LMDB in the
 * store, an array in the tests). Tree sizes and record indexes must stay
 * below 2^62 (the stored-hash positions must fit in a uint64).
 */

#define SANCTUM__HASH_BYTES 32

/* The longest inclusion or consistency proof this module produces or accepts
 * in its output buffers: callers pass arrays of this many hashes. */
#define SANCTUM__MERKLE_MAX_PATH 64

/*
 * Reads the hash stored at position `stored_index` (see
 * sanctum__merkle_stored_index) into `out`. Returns 0, or a negative sanctum
 * code (which is passed back unchanged to the caller of the proof function).
 */
typedef int (*sanctum__hash_reader)(void *ctx, uint64_t stored_index,
                                    unsigned char out[32]);

/* out = SHA-256(0x00 || data). `data` may be NULL when len is 0. */
void sanctum__merkle_leaf_hash(unsigned char out[32], const unsigned char *data,
                               size_t len);

/* out = SHA-256(0x01 || left || right). `out` may alias left or right. */
void sanctum__merkle_node_hash(unsigned char out[32], const unsigned char left[32],
                               const unsigned char right[32]);

/* out = SHA-256(""), the root of the empty tree (not 32 zero bytes). */
void sanctum__merkle_empty_root(unsigned char out[32]);

/* Position of the complete-subtree hash (level, n) in the stored-hash array
 * (Go tlog StoredHashIndex). level 0 holds leaf hashes. */
uint64_t sanctum__merkle_stored_index(int level, uint64_t n);

/* Inverse of sanctum__merkle_stored_index (Go tlog SplitStoredHashIndex). */
void sanctum__merkle_split_stored_index(uint64_t index, int *level, uint64_t *n);

/* Number of hashes stored for a tree of n records (Go tlog StoredHashCount);
 * equal to 2n - popcount(n), and to the position of record n's leaf hash. */
uint64_t sanctum__merkle_stored_count(uint64_t n);

/*
 * Hashes to append when adding record n (0-based) whose leaf hash is `leaf`:
 * writes them to out[0..*count-1] in the order they belong at stored
 * positions stored_count(n), stored_count(n)+1, ... (the leaf hash first,
 * then one node hash per trailing 1-bit of n). `out` must hold
 * SANCTUM__MERKLE_MAX_PATH hashes. Reads the left siblings through `rd`.
 * Returns 0 or the reader's error.
 */
int sanctum__merkle_stored_for_record(unsigned char out[][32], size_t *count, uint64_t n,
                                      const unsigned char leaf[32],
                                      sanctum__hash_reader rd, void *ctx);

/* Root hash of the tree of the first `size` records (size 0 gives
 * SHA-256("")), using at most popcount(size) reads. */
int sanctum__merkle_tree_hash(unsigned char out[32], uint64_t size,
                              sanctum__hash_reader rd, void *ctx);

/*
 * Inclusion proof (RFC 6962 PATH) of record `index` in the tree of `size`
 * records, leaf's sibling first. `path` must hold SANCTUM__MERKLE_MAX_PATH
 * hashes; *len receives the proof length. Costs O(log size) reads.
 * Returns 0, SANCTUM_EINVAL if index >= size, or the reader's error.
 */
int sanctum__merkle_prove_record(unsigned char path[][32], size_t *len, uint64_t size,
                                 uint64_t index, sanctum__hash_reader rd, void *ctx);

/*
 * Consistency proof (RFC 6962 PROOF) from the tree of size1 records to the
 * tree of size2 records, 0 < size1 <= size2 (empty when they are equal).
 * `path` must hold SANCTUM__MERKLE_MAX_PATH hashes. Costs O(log size2) reads.
 * Returns 0, SANCTUM_EINVAL for bad sizes, or the reader's error.
 */
int sanctum__merkle_prove_tree(unsigned char path[][32], size_t *len, uint64_t size2,
                               uint64_t size1, sanctum__hash_reader rd, void *ctx);

/* Verifies an inclusion proof (RFC 9162 §2.1.3.2). Returns 0 if `leaf` is
 * record `index` of the tree of `size` records whose root is `root`,
 * SANCTUM_ETAMPER otherwise (including index >= size). */
int sanctum__merkle_check_record(uint64_t index, uint64_t size, const unsigned char leaf[32],
                                 const unsigned char path[][32], size_t len,
                                 const unsigned char root[32]);

/* Verifies a consistency proof (RFC 9162 §2.1.4.2 plus the AUDIT-FORMATS
 * §3.2 edge rules: size1 > size2 and size1 == 0 fail; equal sizes need an
 * empty proof and equal roots). Returns 0 or SANCTUM_ETAMPER. */
int sanctum__merkle_check_tree(uint64_t size1, uint64_t size2,
                               const unsigned char path[][32], size_t len,
                               const unsigned char root1[32],
                               const unsigned char root2[32]);

/*
 * Parse layer for hashes that arrive as text: strict standard base64
 * (RFC 4648 §4, padded, canonical) of exactly 32 bytes. Returns 0 or
 * SANCTUM_EINVAL (empty, wrong length, bad characters, trailing garbage).
 */
int sanctum__merkle_hash_parse(unsigned char out[32], const char *b64, size_t len);

/* Writes the 44-character base64 of `hash` plus a NUL into out[45]. */
void sanctum__merkle_hash_format(char out[45], const unsigned char hash[32]);

#endif

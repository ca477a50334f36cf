/* SPDX-License-Identifier: Apache-2.0 */
/* af_util.h - shared helpers for the audit-format tests: hex, in-memory tree, naive RFC 6962. */
#ifndef SANCTUM_AF_UTIL_H
#define SANCTUM_AF_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* cmocka group setup of these tests: sodium_init(). */
int af_setup(void **state);

/* Decodes exactly `len` bytes of hex into out; fails the test otherwise. */
void af_hex(unsigned char *out, size_t len, const char *hex);

/* Decodes standard base64 (must succeed) into out[cap]; returns the length. */
size_t af_b64(unsigned char *out, size_t cap, const char *b64);

/* An in-memory stored-hash array (the layout of AUDIT-FORMATS §4) that
 * counts the reads made through af_tree_read. */
typedef struct af_tree {
    unsigned char (*h)[32];  /* stored hashes, malloc'd */
    uint64_t count;          /* hashes stored */
    uint64_t cap;            /* room in h */
    uint64_t size;           /* records appended */
    uint64_t reads;          /* af_tree_read calls so far */
} af_tree;

void af_tree_init(af_tree *t);
void af_tree_free(af_tree *t);
/* Appends a record by its leaf hash, using sanctum__merkle_stored_for_record. */
void af_tree_append(af_tree *t, const unsigned char leaf[32]);
/* sanctum__hash_reader over an af_tree; SANCTUM_ENOTFOUND past the end. */
int af_tree_read(void *ctx, uint64_t index, unsigned char out[32]);

/* Naive recursive RFC 6962 definitions over an array of leaf hashes. */
void af_naive_mth(unsigned char out[32], const unsigned char (*leaves)[32], uint64_t n);
size_t af_naive_path(unsigned char path[][32], const unsigned char (*leaves)[32],
                     uint64_t m, uint64_t n);
size_t af_naive_proof(unsigned char path[][32], const unsigned char (*leaves)[32],
                      uint64_t m, uint64_t n);

#endif

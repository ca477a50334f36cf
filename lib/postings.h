/* SPDX-License-Identifier: Apache-2.0 */
/* postings.h (internal) - a token's postings, kept as sorted blocks of masked value refs. */
#ifndef SANCTUM_LIB_POSTINGS_H
#define SANCTUM_LIB_POSTINGS_H

#include <stddef.h>
#include <stdint.h>
#include <lmdb.h>

/*
 * The `postings` table (plain keys, no duplicates):
 *
 *   token (16 bytes)               -> u32 total, then the head block's refs
 *   token || be64 first (24 bytes) -> the refs of a later block
 *
 * A ref here is a masked value ref (ref XOR the token's mask), 8 bytes
 * big-endian. The blocks of a token split the 64-bit range: the head holds
 * the refs below the first later block's `first`, each later block those
 * from its `first` up to the next block's. Within a block refs are sorted
 * and distinct, at most SANCTUM__POSTINGS_BLOCK_MAX of them; a later block
 * is never empty (the head may be, while later blocks hold refs). `total`
 * is the token's count over all its blocks: its document frequency, in
 * one lookup.
 *
 * A write puts a whole sorted run of a token's refs at once: the block
 * each falls in is read, merged and written back once, split in pieces of
 * SANCTUM__POSTINGS_BLOCK_FILL when it grows too long. One value written
 * per token and block, where a duplicate-sorted table took one insertion
 * per ref: the writer of a batch of 16,384 persons writes each common
 * name's new refs in one go.
 *
 * None of this is secret beyond what the refs are: block keys repeat a
 * masked ref of the same token, which the file shows anyway.
 */

#define SANCTUM__POSTINGS_KEY_BYTES 24  /* a later block's key */
#define SANCTUM__POSTINGS_BLOCK_MAX 128 /* refs in one block, at most */
#define SANCTUM__POSTINGS_BLOCK_FILL 96 /* refs in each piece of a split */

/* Scratch memory of a writer, reused from one call to the next. Holds
 * masked refs only (as stored); free with sanctum__postings_scratch_free. */
typedef struct sanctum__postings_scratch {
    uint64_t *a;
    size_t cap;
} sanctum__postings_scratch;

void sanctum__postings_scratch_free(sanctum__postings_scratch *s);

/* Add the n masked refs `refs` (sorted ascending, distinct) to `tok`'s
 * postings through `cur` (a cursor on the postings table of a write
 * transaction). Refs already there are kept once. *added (may be NULL)
 * receives how many were new. SANCTUM__EMAPFULL when the map is full,
 * SANCTUM_ECORRUPT when a stored block is malformed. */
int sanctum__postings_add(MDB_cursor *cur, sanctum__postings_scratch *s,
                          const unsigned char tok[16], const uint64_t *refs, size_t n,
                          size_t *added);

/* Remove masked ref `ref` from `tok`'s postings; *removed (may be NULL)
 * is 1 if it was there, 0 if not (not an error). */
int sanctum__postings_del(MDB_cursor *cur, sanctum__postings_scratch *s,
                          const unsigned char tok[16], uint64_t ref, int *removed);

/* Number of refs of `tok` (0 when it has none). */
int sanctum__postings_count(MDB_cursor *cur, const unsigned char tok[16], uint64_t *n);

/* Receives refs in chunks of n (already unmasked). 0 to go on, or a
 * negative code to stop (returned by the scan). */
typedef int (*sanctum__postings_fn)(void *arg, const uint64_t *refs, size_t n);

/* Feed every ref of `tok`, XOR `mask`, to fn, block by block. */
int sanctum__postings_scan(MDB_cursor *cur, const unsigned char tok[16], uint64_t mask,
                           sanctum__postings_fn fn, void *arg);

/* The stored tokens that start with the plen bytes `prefix` (plen <= 16),
 * at most cap of them, into out; their number into *n. */
int sanctum__postings_tokens(MDB_cursor *cur, const unsigned char *prefix, size_t plen,
                             unsigned char (*out)[16], size_t cap, size_t *n);

/* Fill the empty postings table `to` with the postings of `from`, each
 * token's refs in as few blocks as a write makes (pieces of about
 * SANCTUM__POSTINGS_BLOCK_FILL), appended in key order so that LMDB
 * fills every page: blocks grown a flush at a time leave pages two
 * thirds full. SANCTUM_ECORRUPT if `from` is malformed. */
int sanctum__postings_repack(MDB_txn *txn, MDB_dbi from, MDB_dbi to);

/* Fill the empty postings table `to` from a store of format version 1,
 * whose table `from` holds token -> masked ref as sorted duplicates (the
 * masked refs are the same; only their arrangement changes). */
int sanctum__postings_from_dupsort(MDB_txn *txn, MDB_dbi from, MDB_dbi to);

#endif

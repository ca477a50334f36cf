/* SPDX-License-Identifier: Apache-2.0 */
/* postings_batch.h (internal) - deferred postings made ready to write on a thread of their own. */
#ifndef SANCTUM_LIB_POSTINGS_BATCH_H
#define SANCTUM_LIB_POSTINGS_BATCH_H

#include <stddef.h>
#include <lmdb.h>

#include "blindindex.h"
#include "postings.h"

/*
 * A long write run (an import, a batch of new entities) defers its
 * postings and writes them sorted, token by token (lib/blindindex_upkeep.c).
 * Most of a flush needs no transaction: sorting the postings, masking
 * each token's refs and putting them in order. A batch does that on a
 * thread of its own while the run goes on; the run's thread then writes
 * it (LMDB's write transaction is its alone).
 *
 * Lifetime: start, then exactly one of write or free. Not shared: one
 * thread starts, writes or frees a batch; only the batch's own thread
 * works on it between.
 */
typedef struct sanctum__pbatch sanctum__pbatch;

/*
 * Take `pend`: n deferred postings (token || big-endian ref,
 * SANCTUM__IX_POSTING_BYTES each) in a heap block of `bytes` bytes. The
 * batch owns it from here, also on failure (wiped, then freed). `keys`
 * must have its mask made (sanctum__ix_mask_ready) and must outlive the
 * batch; the batch only reads it. With `threaded` 0, or with one core or
 * no thread to be had, the work is done before this returns.
 */
int sanctum__pbatch_start(sanctum__pbatch **out, unsigned char *pend, size_t n, size_t bytes,
                          sanctum__ix_keys *keys, int threaded);

/* Wait for the batch, write it through `cur` (a cursor on the postings
 * table of the write transaction), free it. Refs already stored are kept
 * once. Returns the batch's own failure if it had one. */
int sanctum__pbatch_write(sanctum__pbatch *b, MDB_cursor *cur, sanctum__postings_scratch *ps);

/* The same at once, on the caller's thread, for postings the caller keeps:
 * they are sorted and overwritten (wipe them, or reuse the memory). */
int sanctum__pbatch_write_now(unsigned char *pend, size_t n, sanctum__ix_keys *keys,
                              MDB_cursor *cur, sanctum__postings_scratch *ps);

/* Wait for the batch and free it unwritten. NULL is a no-op. */
void sanctum__pbatch_free(sanctum__pbatch *b);

#endif

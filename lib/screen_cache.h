/* SPDX-License-Identifier: Apache-2.0 */
/* screen_cache.h (internal) - a screening worker's memory of index tokens it has counted. */
#ifndef SANCTUM_LIB_SCREEN_CACHE_H
#define SANCTUM_LIB_SCREEN_CACHE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Query keys recur from one query of a batch to the next (given names,
 * common surnames). Each makes a blind-index token per clearance level,
 * whose postings count (and mask) is read from the head of its postings:
 * a random B-tree leaf, a page fault once the page is no longer mapped.
 * The cache keeps what was read, keyed by token, for one LMDB snapshot
 * (by txn id: what another snapshot holds is the same when nothing was
 * written in between). Open addressing, grown by doubling up to a cap,
 * then started again. Tokens are keyed hashes, not plaintext; the cache
 * is wiped before its memory is freed all the same.
 * Not thread safe: one per worker.
 */
typedef struct sanctum__tokcache sanctum__tokcache;

int sanctum__tokcache_new(sanctum__tokcache **out);
void sanctum__tokcache_free(sanctum__tokcache *c);

/* Start reading snapshot txnid: forget what other snapshots held. */
void sanctum__tokcache_snapshot(sanctum__tokcache *c, uint64_t txnid);

/* 1 and the token's postings count and mask if remembered, else 0. */
int sanctum__tokcache_get(const sanctum__tokcache *c, const unsigned char tok[16], uint64_t *df,
                          uint64_t *mask);

/* Remember a token's count and mask (a failure to grow forgets older ones). */
void sanctum__tokcache_put(sanctum__tokcache *c, const unsigned char tok[16], uint64_t df,
                           uint64_t mask);

#endif

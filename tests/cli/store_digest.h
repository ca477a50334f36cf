/* SPDX-License-Identifier: Apache-2.0 */
/* store_digest.h - a hash of a store's whole LMDB content, to prove a command changed nothing. */
#ifndef SANCTUM_CLI_STORE_DIGEST_H
#define SANCTUM_CLI_STORE_DIGEST_H

#define STORE_DIGEST_BYTES 32

/*
 * Open the LMDB environment in `dir` read-only, walk the main database and
 * every named database in key order and hash every key and value (BLAKE2b,
 * crypto_generichash) into `out`. Named databases are hashed by name and
 * content, not by their page numbers, so the digest depends on content
 * only. Returns 0, or an LMDB / libsodium error code.
 */
int store_digest(const char *dir, unsigned char out[STORE_DIGEST_BYTES]);

/* Assert that the store's digest equals `before`. */
void assert_store_unchanged(const char *dir, const unsigned char before[STORE_DIGEST_BYTES]);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex.h (internal) - keyed BLAKE2b tokens so the store can find without decrypting. */
#ifndef SANCTUM_LIB_BLINDINDEX_H
#define SANCTUM_LIB_BLINDINDEX_H

#include <stddef.h>
#include "keys.h"

#define SANCTUM__TOKEN_BYTES 32

/* Per-purpose key derived from the store's index key:
 * BLAKE2b-256(key = index key, "sanctum.index.v1." || label). The label names
 * the property or purpose ("source", "name", "passportNumber"). */
int sanctum__index_subkey(unsigned char out[32], const sanctum__keyring *kr,
                          const char *label);

/* token = BLAKE2b-256(key = subkey, data). */
void sanctum__index_token(unsigned char out[SANCTUM__TOKEN_BYTES],
                          const unsigned char subkey[32], const void *data, size_t len);

#endif

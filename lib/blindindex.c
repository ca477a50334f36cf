/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex.c - index key derivation and keyed tokens. */
#include "blindindex.h"

#include <string.h>

#include "errors.h"

#define LABEL_PREFIX "sanctum.index.v1."

int
sanctum__index_subkey(unsigned char out[32], const sanctum__keyring *kr, const char *label)
{
    unsigned char msg[128];
    size_t plen = sizeof LABEL_PREFIX - 1, llen = strlen(label);

    if (!kr->has_index)
        return sanctum__err(SANCTUM_EPERM, "this session holds no index key");
    if (plen + llen > sizeof msg)
        return sanctum__err(SANCTUM_ERROR, "index label too long");
    memcpy(msg, LABEL_PREFIX, plen);
    memcpy(msg + plen, label, llen);
    if (crypto_generichash(out, 32, msg, plen + llen, kr->index_key, 32) != 0)
        return sanctum__err(SANCTUM_ERROR, "index key derivation failed");
    return SANCTUM_OK;
}

void
sanctum__index_token(unsigned char out[SANCTUM__TOKEN_BYTES], const unsigned char subkey[32],
                     const void *data, size_t len)
{
    crypto_generichash(out, SANCTUM__TOKEN_BYTES, data, len, subkey, 32);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* seal.c - per-value XChaCha20-Poly1305 with associated data binding its place. */
#include "seal.h"

#include <string.h>

#include "errors.h"
#include "store.h"

#define AD_TAG "sanctum.value.v1"

size_t
sanctum__seal_ad(unsigned char *out, size_t cap, const unsigned char store_id[16],
                 const char *entity_id, const char *prop, uint8_t level,
                 uint32_t key_version)
{
    size_t tag = sizeof AD_TAG - 1, ilen = strlen(entity_id), plen = strlen(prop);
    size_t o = 0, need = tag + 16 + 1 + ilen + 1 + plen + 1 + 4;

    if (need > cap || ilen > 255 || plen > 255)
        return 0;
    memcpy(out, AD_TAG, tag); o += tag;
    memcpy(out + o, store_id, 16); o += 16;
    out[o++] = (unsigned char)ilen;
    memcpy(out + o, entity_id, ilen); o += ilen;
    out[o++] = (unsigned char)plen;
    memcpy(out + o, prop, plen); o += plen;
    out[o++] = level;
    sanctum__be32(out + o, key_version); o += 4;
    return o;
}

int
sanctum__seal(unsigned char *ct, const unsigned char *pt, size_t len,
              const unsigned char nonce[SANCTUM__NONCE_BYTES], const unsigned char *ad,
              size_t ad_len, const unsigned char key[32])
{
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, pt, len, ad, ad_len, NULL,
                                                   nonce, key) != 0)
        return sanctum__err(SANCTUM_ERROR, "encryption failed");
    return SANCTUM_OK;
}

int
sanctum__unseal(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                const unsigned char nonce[SANCTUM__NONCE_BYTES], const unsigned char *ad,
                size_t ad_len, const unsigned char key[32])
{
    if (ct_len < SANCTUM__TAG_BYTES ||
        crypto_aead_xchacha20poly1305_ietf_decrypt(pt, NULL, NULL, ct, ct_len, ad, ad_len,
                                                   nonce, key) != 0)
        return SANCTUM_ECORRUPT;
    return SANCTUM_OK;
}

void
sanctum__seal_subkey(unsigned char sub[32], const unsigned char key[32],
                     const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES])
{
    crypto_core_hchacha20(sub, prefix, key, NULL);
}

/* The 12-byte IETF nonce XChaCha20 uses after HChaCha20: 0^4 || nonce[16..24). */
static void
inner_nonce(unsigned char out[12], const unsigned char nonce[SANCTUM__NONCE_BYTES])
{
    memset(out, 0, 4);
    memcpy(out + 4, nonce + SANCTUM__NONCE_PREFIX_BYTES, 8);
}

int
sanctum__seal_sub(unsigned char *ct, const unsigned char *pt, size_t len,
                  const unsigned char nonce[SANCTUM__NONCE_BYTES], const unsigned char *ad,
                  size_t ad_len, const unsigned char sub[32])
{
    unsigned char n12[12];

    inner_nonce(n12, nonce);
    if (crypto_aead_chacha20poly1305_ietf_encrypt(ct, NULL, pt, len, ad, ad_len, NULL, n12,
                                                  sub) != 0)
        return sanctum__err(SANCTUM_ERROR, "encryption failed");
    return SANCTUM_OK;
}

int
sanctum__unseal_sub(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                    const unsigned char nonce[SANCTUM__NONCE_BYTES], const unsigned char *ad,
                    size_t ad_len, const unsigned char sub[32])
{
    unsigned char n12[12];

    inner_nonce(n12, nonce);
    if (ct_len < SANCTUM__TAG_BYTES ||
        crypto_aead_chacha20poly1305_ietf_decrypt(pt, NULL, NULL, ct, ct_len, ad, ad_len, n12,
                                                  sub) != 0)
        return SANCTUM_ECORRUPT;
    return SANCTUM_OK;
}

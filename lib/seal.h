/* SPDX-License-Identifier: Apache-2.0 */
/* seal.h (internal) - per-value authenticated encryption with bound context. */
#ifndef SANCTUM_LIB_SEAL_H
#define SANCTUM_LIB_SEAL_H

#include <stddef.h>
#include <stdint.h>
#include <sodium.h>

#define SANCTUM__NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define SANCTUM__TAG_BYTES   crypto_aead_xchacha20poly1305_ietf_ABYTES    /* 16 */
#define SANCTUM__AD_MAX      320

/* Build the associated data of one value: a format tag, store id, entity
 * id, property name, level and key version, each length-prefixed, so a
 * ciphertext moved to another record, property or level fails to open.
 * Returns the length, or 0 if it does not fit in cap. */
size_t sanctum__seal_ad(unsigned char *out, size_t cap, const unsigned char store_id[16],
                        const char *entity_id, const char *prop, uint8_t level,
                        uint32_t key_version);

/* XChaCha20-Poly1305-IETF: ct receives len + SANCTUM__TAG_BYTES bytes. */
int sanctum__seal(unsigned char *ct, const unsigned char *pt, size_t len,
                  const unsigned char nonce[SANCTUM__NONCE_BYTES],
                  const unsigned char *ad, size_t ad_len, const unsigned char key[32]);

/* Open: pt receives ct_len - SANCTUM__TAG_BYTES bytes. Returns
 * SANCTUM_ECORRUPT (no detail set) when authentication fails. */
int sanctum__unseal(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                    const unsigned char nonce[SANCTUM__NONCE_BYTES],
                    const unsigned char *ad, size_t ad_len, const unsigned char key[32]);

/*
 * The same XChaCha20-Poly1305-IETF, split so that values sharing the first
 * 16 nonce bytes (one random prefix per record write, then a value counter)
 * derive the HChaCha20 subkey once. A value sealed this way opens with the
 * plain crypto_aead_xchacha20poly1305_ietf_decrypt() and its full nonce.
 */
#define SANCTUM__NONCE_PREFIX_BYTES 16
void sanctum__seal_subkey(unsigned char sub[32], const unsigned char key[32],
                          const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES]);
int sanctum__seal_sub(unsigned char *ct, const unsigned char *pt, size_t len,
                      const unsigned char nonce[SANCTUM__NONCE_BYTES],
                      const unsigned char *ad, size_t ad_len, const unsigned char sub[32]);
int sanctum__unseal_sub(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                        const unsigned char nonce[SANCTUM__NONCE_BYTES],
                        const unsigned char *ad, size_t ad_len, const unsigned char sub[32]);

#endif

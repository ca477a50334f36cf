/* SPDX-License-Identifier: Apache-2.0 */
/* keys.h (internal) - the key hierarchy: passphrase unlock, sealed grants, keyrings. */
#ifndef SANCTUM_LIB_KEYS_H
#define SANCTUM_LIB_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <sodium.h>
#include <sanctum/store.h>
#include "store.h"

#define SANCTUM__KEY_BYTES 32
#define SANCTUM__SALT_BYTES crypto_pwhash_argon2id_SALTBYTES       /* 16 */
/* A user's secret halves: Ed25519 secret key (64) then X25519 secret key (32). */
#define SANCTUM__USER_SECRET_BYTES (crypto_sign_SECRETKEYBYTES + crypto_box_SECRETKEYBYTES)
/* Wrapped form: nonce || AEAD(secret). */
#define SANCTUM__WRAPPED_BYTES (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + \
                                SANCTUM__USER_SECRET_BYTES + \
                                crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define SANCTUM__MAX_KEY_VERSIONS 16
/* The only key version this library makes (there is no rotation yet): a
 * grant of another version was not written by it and is refused. */
#define SANCTUM__KEY_VERSION_ONLY 1

/* Grant kinds: which store key a sealed grant holds. 1..3 are levels. */
enum {
    SANCTUM__GRANT_INDEX = 0x10, /* blind-index root key (32 bytes) */
    SANCTUM__GRANT_LOG   = 0x20  /* audit log Ed25519 secret key (64 bytes) */
};

typedef struct sanctum__kdf_params {
    uint64_t ops;  /* Argon2id opslimit */
    uint64_t mem;  /* Argon2id memlimit in bytes */
} sanctum__kdf_params;

/* One level key of one version. */
typedef struct sanctum__level_key {
    uint8_t level;                          /* 1..3, 0 = unused slot */
    uint32_t version;                       /* key version, from 1 */
    unsigned char key[SANCTUM__KEY_BYTES];
    unsigned char name_key[32];             /* BLAKE2b-256(key = key, SANCTUM__NAME_KEY_LABEL):
                                               seals normalised names (blindindex_names.c),
                                               derived once, not per name */
} sanctum__level_key;

#define SANCTUM__NAME_KEY_LABEL "sanctum.index.name.v1"

/* Everything a session can decrypt or sign with. Lives in one sodium_malloc
 * block, read-only after loading, wiped by sanctum__keyring_free(). */
typedef struct sanctum__keyring {
    unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];   /* user's Ed25519 */
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char box_sk[crypto_box_SECRETKEYBYTES];     /* user's X25519 */
    unsigned char box_pk[crypto_box_PUBLICKEYBYTES];
    sanctum__level_key levels[3 * SANCTUM__MAX_KEY_VERSIONS];
    size_t nlevels;                                      /* used slots */
    uint32_t current[4];                                 /* current version per level */
    unsigned char index_key[SANCTUM__KEY_BYTES];
    int has_index;
    unsigned char log_sk[crypto_sign_SECRETKEYBYTES];
    int has_log;
} sanctum__keyring;

/* KDF strength to Argon2id parameters. */
int sanctum__kdf_params_for(sanctum_kdf kdf, sanctum__kdf_params *out);

/* Wrap `secret` (SANCTUM__USER_SECRET_BYTES) under Argon2id(pass, salt) into
 * `out` (SANCTUM__WRAPPED_BYTES), bound to `ad`. */
int sanctum__secret_wrap(unsigned char out[SANCTUM__WRAPPED_BYTES],
                         const unsigned char *secret,
                         const unsigned char *pass, size_t pass_len,
                         const unsigned char salt[SANCTUM__SALT_BYTES],
                         const sanctum__kdf_params *kdf,
                         const unsigned char *ad, size_t ad_len);

/* Inverse of sanctum__secret_wrap(); SANCTUM_EAUTH on a wrong passphrase.
 * `secret` should be sodium_malloc memory; wiped on failure. */
int sanctum__secret_unwrap(unsigned char *secret,
                           const unsigned char wrapped[SANCTUM__WRAPPED_BYTES],
                           const unsigned char *pass, size_t pass_len,
                           const unsigned char salt[SANCTUM__SALT_BYTES],
                           const sanctum__kdf_params *kdf,
                           const unsigned char *ad, size_t ad_len);

/* Seal `key` (len bytes) to the X25519 public key `box_pk` and store it as
 * grant (user_id, kind, version). */
int sanctum__grant_put(MDB_txn *txn, const sanctum_store *st, uint32_t user_id,
                       uint8_t kind, uint32_t version,
                       const unsigned char *key, size_t len,
                       const unsigned char box_pk[crypto_box_PUBLICKEYBYTES]);

/* Open every grant of `user_id` into kr (whose box keys must be set). */
int sanctum__grants_load(MDB_txn *txn, const sanctum_store *st, uint32_t user_id,
                         sanctum__keyring *kr);

/* Delete every grant of `user_id`. */
int sanctum__grants_delete(MDB_txn *txn, const sanctum_store *st, uint32_t user_id);

/* Seal to a new user every key in `from` that `clearance` allows (levels
 * up to clearance, all versions, and the index key), plus the log key. */
int sanctum__grants_share(MDB_txn *txn, const sanctum_store *st,
                          const sanctum__keyring *from, uint32_t user_id,
                          int clearance,
                          const unsigned char box_pk[crypto_box_PUBLICKEYBYTES]);

/* Allocate a zeroed keyring in guarded memory; NULL on failure. */
sanctum__keyring *sanctum__keyring_new(void);
/* Wipe and free. NULL is a no-op. */
void sanctum__keyring_free(sanctum__keyring *kr);
/* Make the keyring read-only (after loading). SANCTUM_ERROR if the
 * system refuses. */
int sanctum__keyring_lock(sanctum__keyring *kr);

/* The key for (level, version), or NULL if the keyring lacks it. */
const unsigned char *sanctum__keyring_level(const sanctum__keyring *kr,
                                            int level, uint32_t version);
/* The name-sealing key derived from the level key of (level, version),
 * or NULL if the keyring lacks that level key. */
const unsigned char *sanctum__keyring_name_key(const sanctum__keyring *kr, int level,
                                               uint32_t version);
/* Add a level key (during loading or store creation). */
int sanctum__keyring_add_level(sanctum__keyring *kr, int level, uint32_t version,
                               const unsigned char key[SANCTUM__KEY_BYTES]);

#endif

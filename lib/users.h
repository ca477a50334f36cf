/* SPDX-License-Identifier: Apache-2.0 */
/* users.h (internal) - user records, their encoding and lookup. */
#ifndef SANCTUM_LIB_USERS_H
#define SANCTUM_LIB_USERS_H

#include <stdint.h>
#include <sanctum/types.h>
#include <sanctum/user.h>
#include "keys.h"
#include "store.h"

#define SANCTUM__NAME_MAX 64

typedef struct sanctum__user {
    uint32_t id;                               /* 1 = creator */
    char name[SANCTUM__NAME_MAX + 1];
    uint8_t role;                              /* sanctum_role */
    uint8_t clearance;                         /* sanctum_level */
    uint8_t revoked;                           /* 1 once revoked */
    int64_t created;                           /* UTC ms */
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char box_pk[crypto_box_PUBLICKEYBYTES];
    sanctum__kdf_params kdf;                   /* Argon2id parameters */
    unsigned char salt[SANCTUM__SALT_BYTES];
    unsigned char wrapped[SANCTUM__WRAPPED_BYTES]; /* secret halves, wrapped */
} sanctum__user;

/* A new user made outside any transaction (Argon2id is slow): keys are
 * generated, secrets wrapped; `secret` (guarded) keeps the plain secret
 * halves for the caller, who frees it with sanctum__user_prep_clear(). */
typedef struct sanctum__user_prep {
    sanctum__user user;
    unsigned char *secret; /* sodium_malloc: sign_sk(64) || box_sk(32) */
} sanctum__user_prep;

/* 1 if `name` is a valid user name ([A-Za-z0-9._-], 1..64). */
int sanctum__user_name_valid(const char *name);

/* Validate, generate key pairs, wrap them under the passphrase. */
int sanctum__user_prepare(sanctum__user_prep *prep, const sanctum_store *st,
                          const char *name, int role, int clearance,
                          const unsigned char *pass, size_t pass_len,
                          const sanctum__kdf_params *kdf);
void sanctum__user_prep_clear(sanctum__user_prep *prep);

/* Insert a prepared user with the next free id (written to u->id).
 * SANCTUM_EEXISTS if the name is taken. */
int sanctum__user_insert(MDB_txn *txn, const sanctum_store *st, sanctum__user *u);
/* Overwrite an existing user's record. */
int sanctum__user_put(MDB_txn *txn, const sanctum_store *st, const sanctum__user *u);
/* Look a user up by name (SANCTUM_ENOUSER) or id (SANCTUM_ENOUSER). */
int sanctum__user_get(MDB_txn *txn, const sanctum_store *st, const char *name,
                      sanctum__user *out);
int sanctum__user_get_by_id(MDB_txn *txn, const sanctum_store *st, uint32_t id,
                            sanctum__user *out);

/* The associated data binding a user's wrapped secrets to store and name. */
size_t sanctum__user_ad(unsigned char *out, size_t cap, const sanctum_store *st,
                        const char *name);

/* Short key id of a user's signing key: SHA-256(pk)[0..8). */
void sanctum__user_key_id(unsigned char out[8], const unsigned char pk[32]);

/* Encode the public part of a user (id, name, role, clearance, keys) for
 * audit entries. Returns the length written (cap >= 128). */
size_t sanctum__user_public_encode(unsigned char *out, size_t cap, const sanctum__user *u);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* session.c - unlocking a store as one user. */
#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"

int
sanctum__session_can_write(const sanctum_session *s)
{
    if (s->user.role == SANCTUM_ROLE_ADMIN || s->user.role == SANCTUM_ROLE_ANALYST)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EPERM, "user %s (%s) may not change case data",
                        s->user.name, sanctum_role_name(s->user.role));
}

int
sanctum__session_can_read(const sanctum_session *s)
{
    if (s->user.role != SANCTUM_ROLE_AUDITOR)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EPERM, "user %s is an auditor and cannot read case data",
                        s->user.name);
}

int
sanctum_session_open(sanctum_session **out, sanctum_store *st, const char *name,
                     const unsigned char *pass, size_t pass_len)
{
    sanctum_session *s = NULL;
    sanctum__keyring *kr = NULL;
    unsigned char *secret = NULL;
    unsigned char ad[128];
    size_t ad_len;
    MDB_txn *txn;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    /* never handed to Argon2id: crypto_pwhash() takes no NULL passphrase */
    if (pass == NULL)
        return sanctum__err(SANCTUM_EINVAL, "no passphrase given");
    if ((rc = sanctum__init()) < 0)
        return rc;
    if ((s = calloc(1, sizeof *s)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    s->st = st;
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        goto fail;
    rc = sanctum__user_get(txn, st, name, &s->user);
    sanctum__store_read_end(st, txn);
    if (rc < 0)
        goto fail;
    if (s->user.revoked) {
        rc = sanctum__err(SANCTUM_EREVOKED, "user %s has been revoked", s->user.name);
        goto fail;
    }
    if ((kr = sanctum__keyring_new()) == NULL ||
        (secret = sodium_malloc(SANCTUM__USER_SECRET_BYTES)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
        goto fail;
    }
    /* Argon2id runs outside any transaction: it is slow by design. */
    ad_len = sanctum__user_ad(ad, sizeof ad, st, s->user.name);
    if ((rc = sanctum__secret_unwrap(secret, s->user.wrapped, pass, pass_len,
                                     s->user.salt, &s->user.kdf, ad, ad_len)) < 0) {
        if (rc == SANCTUM_EAUTH)
            sanctum__err(SANCTUM_EAUTH, "wrong passphrase for user %s", s->user.name);
        goto fail;
    }
    memcpy(kr->sign_sk, secret, crypto_sign_SECRETKEYBYTES);
    memcpy(kr->box_sk, secret + crypto_sign_SECRETKEYBYTES, crypto_box_SECRETKEYBYTES);
    memcpy(kr->sign_pk, s->user.sign_pk, sizeof kr->sign_pk);
    memcpy(kr->box_pk, s->user.box_pk, sizeof kr->box_pk);
    /* The stored public keys must belong to the unwrapped secrets. */
    {
        unsigned char pk[crypto_sign_PUBLICKEYBYTES];
        if (crypto_sign_ed25519_sk_to_pk(pk, kr->sign_sk) != 0 ||
            sodium_memcmp(pk, kr->sign_pk, sizeof pk) != 0) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "keys of user %s do not match",
                              s->user.name);
            goto fail;
        }
    }
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        goto fail;
    rc = sanctum__grants_load(txn, st, s->user.id, kr);
    sanctum__store_read_end(st, txn);
    if (rc < 0 || (rc = sanctum__keyring_lock(kr)) < 0)
        goto fail;
    sodium_free(secret);
    s->kr = kr;
    *out = s;
    return SANCTUM_OK;
fail:
    if (secret != NULL)
        sodium_free(secret);
    sanctum__keyring_free(kr);
    free(s);
    return rc;
}

void
sanctum_session_close(sanctum_session *s)
{
    if (s == NULL)
        return;
    sanctum__keyring_free(s->kr);
    sodium_memzero(s, sizeof *s);
    free(s);
}

const char *
sanctum_session_user(const sanctum_session *s)
{
    return s->user.name;
}

sanctum_role
sanctum_session_role(const sanctum_session *s)
{
    return (sanctum_role)s->user.role;
}

sanctum_level
sanctum_session_clearance(const sanctum_session *s)
{
    return (sanctum_level)s->user.clearance;
}

int
sanctum_session_has_level_key(const sanctum_session *s, sanctum_level level)
{
    if (level < SANCTUM_LEVEL_OFFICIAL || level > SANCTUM_LEVEL_SECRET)
        return 0;
    return s->kr->current[level] != 0 &&
           sanctum__keyring_level(s->kr, (int)level, s->kr->current[level]) != NULL;
}

sanctum_store *
sanctum_session_store(const sanctum_session *s)
{
    return s->st;
}

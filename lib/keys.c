/* SPDX-License-Identifier: Apache-2.0 */
/* keys.c - Argon2id unlock of user secrets, sealed key grants, keyrings. */
#include "keys.h"

#include <string.h>

#include "errors.h"

#define NPUB crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define GRANT_KEY_BYTES 9 /* u32 user id, u8 kind, u32 version */

int
sanctum__kdf_params_for(sanctum_kdf kdf, sanctum__kdf_params *out)
{
    switch (kdf) {
    case SANCTUM_KDF_INTERACTIVE:
        out->ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        out->mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
        return SANCTUM_OK;
    case SANCTUM_KDF_DEFAULT:
    case SANCTUM_KDF_MODERATE:
        out->ops = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
        out->mem = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
        return SANCTUM_OK;
    case SANCTUM_KDF_SENSITIVE:
        out->ops = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
        out->mem = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
        return SANCTUM_OK;
    }
    return sanctum__err(SANCTUM_EINVAL, "unknown KDF strength %d", (int)kdf);
}

/* Derive the wrapping key; `kek` must be guarded memory. */
static int
derive_kek(unsigned char kek[SANCTUM__KEY_BYTES], const unsigned char *pass,
           size_t pass_len, const unsigned char salt[SANCTUM__SALT_BYTES],
           const sanctum__kdf_params *kdf)
{
    if (kdf->ops < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
        kdf->mem < crypto_pwhash_argon2id_MEMLIMIT_MIN)
        return sanctum__err(SANCTUM_ECORRUPT, "stored KDF parameters are out of range");
    if (crypto_pwhash(kek, SANCTUM__KEY_BYTES, (const char *)pass, pass_len, salt,
                      kdf->ops, (size_t)kdf->mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return sanctum__err(SANCTUM_ENOMEM, "Argon2id needs more memory than is available");
    return SANCTUM_OK;
}

int
sanctum__secret_wrap(unsigned char out[SANCTUM__WRAPPED_BYTES],
                     const unsigned char *secret, const unsigned char *pass,
                     size_t pass_len, const unsigned char salt[SANCTUM__SALT_BYTES],
                     const sanctum__kdf_params *kdf, const unsigned char *ad,
                     size_t ad_len)
{
    unsigned char *kek = sodium_malloc(SANCTUM__KEY_BYTES);
    int rc;

    if (kek == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
    if ((rc = derive_kek(kek, pass, pass_len, salt, kdf)) < 0)
        goto done;
    randombytes_buf(out, NPUB);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(out + NPUB, NULL, secret,
                                                   SANCTUM__USER_SECRET_BYTES, ad, ad_len,
                                                   NULL, out, kek) != 0)
        rc = sanctum__err(SANCTUM_ERROR, "could not wrap the user's secret keys");
done:
    sodium_free(kek);
    return rc;
}

int
sanctum__secret_unwrap(unsigned char *secret,
                       const unsigned char wrapped[SANCTUM__WRAPPED_BYTES],
                       const unsigned char *pass, size_t pass_len,
                       const unsigned char salt[SANCTUM__SALT_BYTES],
                       const sanctum__kdf_params *kdf, const unsigned char *ad,
                       size_t ad_len)
{
    unsigned char *kek = sodium_malloc(SANCTUM__KEY_BYTES);
    int rc;

    if (kek == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
    if ((rc = derive_kek(kek, pass, pass_len, salt, kdf)) < 0)
        goto done;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            secret, NULL, NULL, wrapped + NPUB, SANCTUM__WRAPPED_BYTES - NPUB, ad,
            ad_len, wrapped, kek) != 0) {
        sodium_memzero(secret, SANCTUM__USER_SECRET_BYTES);
        rc = sanctum__err(SANCTUM_EAUTH, "wrong passphrase");
    }
done:
    sodium_free(kek);
    return rc;
}

/* ------------------------------------------------------------ grants */

static void
grant_key(unsigned char out[GRANT_KEY_BYTES], uint32_t user_id, uint8_t kind,
          uint32_t version)
{
    sanctum__be32(out, user_id);
    out[4] = kind;
    sanctum__be32(out + 5, version);
}

int
sanctum__grant_put(MDB_txn *txn, const sanctum_store *st, uint32_t user_id,
                   uint8_t kind, uint32_t version, const unsigned char *key,
                   size_t len, const unsigned char box_pk[crypto_box_PUBLICKEYBYTES])
{
    unsigned char k[GRANT_KEY_BYTES];
    unsigned char sealed[crypto_box_SEALBYTES + crypto_sign_SECRETKEYBYTES];

    if (len > crypto_sign_SECRETKEYBYTES)
        return sanctum__err(SANCTUM_ERROR, "grant too large");
    if (crypto_box_seal(sealed, key, len, box_pk) != 0)
        return sanctum__err(SANCTUM_ERROR, "could not seal a key to user %u",
                            (unsigned)user_id);
    grant_key(k, user_id, kind, version);
    return sanctum__put(txn, st, SANCTUM__DB_GRANTS, k, sizeof k, sealed,
                        crypto_box_SEALBYTES + len, 0);
}

/* Open one sealed grant into the keyring. */
static int
grant_open(sanctum__keyring *kr, uint32_t user_id, uint8_t kind, uint32_t version,
           const MDB_val *val)
{
    unsigned char *plain;
    size_t len;
    int rc = SANCTUM_OK;

    if (val->mv_size <= crypto_box_SEALBYTES ||
        val->mv_size > crypto_box_SEALBYTES + crypto_sign_SECRETKEYBYTES)
        return sanctum__err(SANCTUM_ECORRUPT, "sealed key of user %u is malformed",
                            (unsigned)user_id);
    /* crypto_box_seal is anonymous: anyone who can write the file can seal
     * a key of their choosing to a user. A new version would become the
     * level's current key and every later value of the level would be
     * sealed under it, so a version this library never makes is refused
     * (SECURITY.md, "Known weaknesses", says what remains). */
    if (version != SANCTUM__KEY_VERSION_ONLY)
        return sanctum__err(SANCTUM_ECORRUPT,
                            "user %u holds a sealed key of version %u, which this library "
                            "never makes: the store was tampered with",
                            (unsigned)user_id, (unsigned)version);
    len = val->mv_size - crypto_box_SEALBYTES;
    if ((plain = sodium_malloc(len)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
    if (crypto_box_seal_open(plain, val->mv_data, val->mv_size, kr->box_pk,
                             kr->box_sk) != 0) {
        rc = sanctum__err(SANCTUM_ECORRUPT,
                          "sealed key of user %u does not open (altered or foreign)",
                          (unsigned)user_id);
        goto done;
    }
    if (kind >= 1 && kind <= 3 && len == SANCTUM__KEY_BYTES) {
        rc = sanctum__keyring_add_level(kr, kind, version, plain);
    } else if (kind == SANCTUM__GRANT_INDEX && len == SANCTUM__KEY_BYTES) {
        memcpy(kr->index_key, plain, len);
        kr->has_index = 1;
    } else if (kind == SANCTUM__GRANT_LOG && len == crypto_sign_SECRETKEYBYTES) {
        memcpy(kr->log_sk, plain, len);
        kr->has_log = 1;
    } else {
        rc = sanctum__err(SANCTUM_ECORRUPT, "grant of user %u has unknown kind %u",
                          (unsigned)user_id, (unsigned)kind);
    }
done:
    sodium_free(plain);
    return rc;
}

/* Call fn on every grant of `user_id`, in key order. fn returns 0 to go on
 * or a negative code to stop; it may delete the grant under the cursor. */
static int
grants_each(MDB_txn *txn, const sanctum_store *st, uint32_t user_id,
            int (*fn)(MDB_cursor *cur, const MDB_val *k, const MDB_val *v, void *arg),
            void *arg)
{
    MDB_cursor *cur;
    MDB_val k, v;
    unsigned char prefix[4];
    int rc, op = MDB_SET_RANGE;

    sanctum__be32(prefix, user_id);
    k.mv_size = 4;
    k.mv_data = prefix;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_GRANTS], &cur)) != 0)
        return sanctum__err_mdb(rc, "grants");
    for (;;) {
        rc = mdb_cursor_get(cur, &k, &v, op);
        op = MDB_NEXT;
        if (rc == MDB_NOTFOUND || (rc == 0 && (k.mv_size != GRANT_KEY_BYTES ||
                                               memcmp(k.mv_data, prefix, 4) != 0))) {
            rc = SANCTUM_OK;
            break;
        }
        if (rc != 0) {
            rc = sanctum__err_mdb(rc, "grants");
            break;
        }
        if ((rc = fn(cur, &k, &v, arg)) < 0)
            break;
    }
    mdb_cursor_close(cur);
    return rc;
}

struct load_arg {
    sanctum__keyring *kr;
    uint32_t user_id;
};

static int
load_one(MDB_cursor *cur, const MDB_val *k, const MDB_val *v, void *arg)
{
    struct load_arg *a = arg;
    const unsigned char *kb = k->mv_data;

    (void)cur;
    return grant_open(a->kr, a->user_id, kb[4], sanctum__rd32(kb + 5), v);
}

int
sanctum__grants_load(MDB_txn *txn, const sanctum_store *st, uint32_t user_id,
                     sanctum__keyring *kr)
{
    struct load_arg a = { kr, user_id };

    return grants_each(txn, st, user_id, load_one, &a);
}

static int
delete_one(MDB_cursor *cur, const MDB_val *k, const MDB_val *v, void *arg)
{
    int rc = mdb_cursor_del(cur, 0);

    (void)k;
    (void)v;
    (void)arg;
    if (rc == MDB_MAP_FULL)
        return SANCTUM__EMAPFULL;
    return rc != 0 ? sanctum__err_mdb(rc, "grants") : SANCTUM_OK;
}

int
sanctum__grants_delete(MDB_txn *txn, const sanctum_store *st, uint32_t user_id)
{
    return grants_each(txn, st, user_id, delete_one, NULL);
}

int
sanctum__grants_share(MDB_txn *txn, const sanctum_store *st,
                      const sanctum__keyring *from, uint32_t user_id, int clearance,
                      const unsigned char box_pk[crypto_box_PUBLICKEYBYTES])
{
    int rc;

    for (size_t i = 0; i < from->nlevels; i++) {
        const sanctum__level_key *lk = &from->levels[i];
        if (lk->level == 0 || lk->level > clearance)
            continue;
        if ((rc = sanctum__grant_put(txn, st, user_id, lk->level, lk->version, lk->key,
                                     SANCTUM__KEY_BYTES, box_pk)) < 0)
            return rc;
    }
    if (clearance > 0 && from->has_index &&
        (rc = sanctum__grant_put(txn, st, user_id, SANCTUM__GRANT_INDEX, 1,
                                 from->index_key, SANCTUM__KEY_BYTES, box_pk)) < 0)
        return rc;
    if (from->has_log &&
        (rc = sanctum__grant_put(txn, st, user_id, SANCTUM__GRANT_LOG, 1, from->log_sk,
                                 crypto_sign_SECRETKEYBYTES, box_pk)) < 0)
        return rc;
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ keyrings */

sanctum__keyring *
sanctum__keyring_new(void)
{
    sanctum__keyring *kr = sodium_malloc(sizeof *kr);

    if (kr != NULL)
        sodium_memzero(kr, sizeof *kr);
    return kr;
}

void
sanctum__keyring_free(sanctum__keyring *kr)
{
    if (kr != NULL)
        sodium_free(kr); /* wipes before unmapping */
}

int
sanctum__keyring_lock(sanctum__keyring *kr)
{
    if (sodium_mprotect_readonly(kr) != 0)
        return sanctum__err(SANCTUM_ERROR, "could not make the keyring read-only");
    return SANCTUM_OK;
}

static const sanctum__level_key *
find_level(const sanctum__keyring *kr, int level, uint32_t version)
{
    for (size_t i = 0; i < kr->nlevels; i++)
        if (kr->levels[i].level == level && kr->levels[i].version == version)
            return &kr->levels[i];
    return NULL;
}

const unsigned char *
sanctum__keyring_level(const sanctum__keyring *kr, int level, uint32_t version)
{
    const sanctum__level_key *lk = find_level(kr, level, version);
    return lk != NULL ? lk->key : NULL;
}

const unsigned char *
sanctum__keyring_name_key(const sanctum__keyring *kr, int level, uint32_t version)
{
    const sanctum__level_key *lk = find_level(kr, level, version);
    return lk != NULL ? lk->name_key : NULL;
}

int
sanctum__keyring_add_level(sanctum__keyring *kr, int level, uint32_t version,
                           const unsigned char key[SANCTUM__KEY_BYTES])
{
    sanctum__level_key *lk;

    if (sanctum__keyring_level(kr, level, version) != NULL)
        return SANCTUM_OK;
    if (kr->nlevels >= sizeof kr->levels / sizeof kr->levels[0])
        return sanctum__err(SANCTUM_ERROR, "too many key versions");
    lk = &kr->levels[kr->nlevels];
    if (crypto_generichash(lk->name_key, sizeof lk->name_key,
                           (const unsigned char *)SANCTUM__NAME_KEY_LABEL,
                           sizeof SANCTUM__NAME_KEY_LABEL - 1, key, SANCTUM__KEY_BYTES) != 0)
        return sanctum__err(SANCTUM_ERROR, "index name key derivation failed");
    kr->nlevels++;
    lk->level = (uint8_t)level;
    lk->version = version;
    memcpy(lk->key, key, SANCTUM__KEY_BYTES);
    if (version > kr->current[level])
        kr->current[level] = version;
    return SANCTUM_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* users.c - user records: create, look up, add, revoke, change passphrase, list. */
#include "users.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "errors.h"
#include "session.h"

#define USER_RECORD_VERSION 1
#define MIN_PASSPHRASE 8
#define USER_AD_TAG "sanctum.user.v1"

int
sanctum__user_name_valid(const char *name)
{
    size_t n = 0;

    if (name == NULL)
        return 0;
    for (; name[n] != '\0'; n++) {
        char c = name[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
        if (n >= SANCTUM__NAME_MAX)
            return 0;
    }
    return n > 0;
}

size_t
sanctum__user_ad(unsigned char *out, size_t cap, const sanctum_store *st, const char *name)
{
    size_t tag = sizeof USER_AD_TAG - 1, nlen = strlen(name);
    size_t len = tag + SANCTUM_STORE_ID_BYTES + 1 + nlen;

    if (len > cap)
        return 0;
    memcpy(out, USER_AD_TAG, tag);
    memcpy(out + tag, st->id, SANCTUM_STORE_ID_BYTES);
    out[tag + SANCTUM_STORE_ID_BYTES] = (unsigned char)nlen;
    memcpy(out + tag + SANCTUM_STORE_ID_BYTES + 1, name, nlen);
    return len;
}

void
sanctum__user_key_id(unsigned char out[8], const unsigned char pk[32])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, pk, 32);
    memcpy(out, h, 8);
}

static int
check_pass(const unsigned char *pass, size_t len)
{
    if (pass == NULL || len < MIN_PASSPHRASE)
        return sanctum__err(SANCTUM_EINVAL, "passphrase must be at least %d bytes",
                            MIN_PASSPHRASE);
    return SANCTUM_OK;
}

int
sanctum__user_prepare(sanctum__user_prep *prep, const sanctum_store *st,
                      const char *name, int role, int clearance,
                      const unsigned char *pass, size_t pass_len,
                      const sanctum__kdf_params *kdf)
{
    sanctum__user *u = &prep->user;
    unsigned char ad[128];
    size_t ad_len;
    int rc;

    memset(prep, 0, sizeof *prep);
    if (!sanctum__user_name_valid(name))
        return sanctum__err(SANCTUM_EINVAL,
                            "user name must be 1-64 characters of A-Z a-z 0-9 . _ -");
    if (role < SANCTUM_ROLE_ADMIN || role > SANCTUM_ROLE_AUDITOR)
        return sanctum__err(SANCTUM_EINVAL, "unknown role %d", role);
    if (clearance < SANCTUM_LEVEL_OFFICIAL || clearance > SANCTUM_LEVEL_SECRET)
        return sanctum__err(SANCTUM_EINVAL, "unknown clearance %d", clearance);
    if ((rc = check_pass(pass, pass_len)) < 0)
        return rc;
    if ((prep->secret = sodium_malloc(SANCTUM__USER_SECRET_BYTES)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
    strcpy(u->name, name);
    u->role = (uint8_t)role;
    u->clearance = (uint8_t)clearance;
    u->created = sanctum__now_ms();
    u->kdf = *kdf;
    if (crypto_sign_keypair(u->sign_pk, prep->secret) != 0 ||
        crypto_box_keypair(u->box_pk, prep->secret + crypto_sign_SECRETKEYBYTES) != 0) {
        rc = sanctum__err(SANCTUM_ERROR, "key generation failed");
        goto fail;
    }
    randombytes_buf(u->salt, sizeof u->salt);
    ad_len = sanctum__user_ad(ad, sizeof ad, st, name);
    if ((rc = sanctum__secret_wrap(u->wrapped, prep->secret, pass, pass_len, u->salt,
                                   kdf, ad, ad_len)) < 0)
        goto fail;
    return SANCTUM_OK;
fail:
    sanctum__user_prep_clear(prep);
    return rc;
}

void
sanctum__user_prep_clear(sanctum__user_prep *prep)
{
    if (prep->secret != NULL)
        sodium_free(prep->secret);
    prep->secret = NULL;
}

/* ------------------------------------------------------------ encoding */

#define USER_FIXED (1 + 4 + 3 + 8 + 32 + 32 + 8 + 8 + SANCTUM__SALT_BYTES + \
                    SANCTUM__WRAPPED_BYTES + 1)

static size_t
user_encode(unsigned char *b, const sanctum__user *u)
{
    size_t o = 0, nlen = strlen(u->name);

    b[o++] = USER_RECORD_VERSION;
    sanctum__be32(b + o, u->id); o += 4;
    b[o++] = u->role;
    b[o++] = u->clearance;
    b[o++] = u->revoked;
    sanctum__be64(b + o, (uint64_t)u->created); o += 8;
    memcpy(b + o, u->sign_pk, 32); o += 32;
    memcpy(b + o, u->box_pk, 32); o += 32;
    sanctum__be64(b + o, u->kdf.ops); o += 8;
    sanctum__be64(b + o, u->kdf.mem); o += 8;
    memcpy(b + o, u->salt, SANCTUM__SALT_BYTES); o += SANCTUM__SALT_BYTES;
    memcpy(b + o, u->wrapped, SANCTUM__WRAPPED_BYTES); o += SANCTUM__WRAPPED_BYTES;
    b[o++] = (unsigned char)nlen;
    memcpy(b + o, u->name, nlen);
    return o + nlen;
}

static int
user_decode(sanctum__user *u, const MDB_val *v)
{
    const unsigned char *b = v->mv_data;
    size_t o = 0, nlen;

    if (v->mv_size < USER_FIXED || b[0] != USER_RECORD_VERSION)
        return sanctum__err(SANCTUM_ECORRUPT, "a user record is malformed");
    o = 1;
    u->id = sanctum__rd32(b + o); o += 4;
    u->role = b[o++];
    u->clearance = b[o++];
    u->revoked = b[o++];
    u->created = (int64_t)sanctum__rd64(b + o); o += 8;
    memcpy(u->sign_pk, b + o, 32); o += 32;
    memcpy(u->box_pk, b + o, 32); o += 32;
    u->kdf.ops = sanctum__rd64(b + o); o += 8;
    u->kdf.mem = sanctum__rd64(b + o); o += 8;
    memcpy(u->salt, b + o, SANCTUM__SALT_BYTES); o += SANCTUM__SALT_BYTES;
    memcpy(u->wrapped, b + o, SANCTUM__WRAPPED_BYTES); o += SANCTUM__WRAPPED_BYTES;
    nlen = b[o++];
    if (nlen == 0 || nlen > SANCTUM__NAME_MAX || o + nlen != v->mv_size)
        return sanctum__err(SANCTUM_ECORRUPT, "a user record is malformed");
    memcpy(u->name, b + o, nlen);
    u->name[nlen] = '\0';
    return SANCTUM_OK;
}

size_t
sanctum__user_public_encode(unsigned char *out, size_t cap, const sanctum__user *u)
{
    size_t nlen = strlen(u->name), o = 0;

    if (cap < 4 + 1 + 1 + 32 + 32 + 1 + nlen)
        return 0;
    sanctum__be32(out, u->id); o += 4;
    out[o++] = u->role;
    out[o++] = u->clearance;
    memcpy(out + o, u->sign_pk, 32); o += 32;
    memcpy(out + o, u->box_pk, 32); o += 32;
    out[o++] = (unsigned char)nlen;
    memcpy(out + o, u->name, nlen);
    return o + nlen;
}

/* ------------------------------------------------------------ storage */

int
sanctum__user_put(MDB_txn *txn, const sanctum_store *st, const sanctum__user *u)
{
    unsigned char buf[USER_FIXED + SANCTUM__NAME_MAX];
    size_t len = user_encode(buf, u);

    return sanctum__put(txn, st, SANCTUM__DB_USERS, u->name, strlen(u->name), buf, len, 0);
}

int
sanctum__user_insert(MDB_txn *txn, const sanctum_store *st, sanctum__user *u)
{
    MDB_val v;
    uint64_t next = 1;
    unsigned char idk[4];
    int rc;

    rc = sanctum__get(txn, st, SANCTUM__DB_USERS, u->name, strlen(u->name), &v);
    if (rc == SANCTUM_OK)
        return sanctum__err(SANCTUM_EEXISTS, "user %s already exists", u->name);
    if (rc != SANCTUM_ENOTFOUND)
        return rc;
    rc = sanctum__meta_get_u64(txn, st, "next_user_id", &next);
    if (rc < 0 && rc != SANCTUM_ENOTFOUND)
        return rc;
    u->id = (uint32_t)next;
    sanctum__be32(idk, u->id);
    if ((rc = sanctum__user_put(txn, st, u)) < 0 ||
        (rc = sanctum__put(txn, st, SANCTUM__DB_USER_IDS, idk, 4, u->name,
                           strlen(u->name), 0)) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, "next_user_id", next + 1)) < 0)
        return rc;
    return SANCTUM_OK;
}

int
sanctum__user_get(MDB_txn *txn, const sanctum_store *st, const char *name,
                  sanctum__user *out)
{
    MDB_val v;
    int rc;

    if (!sanctum__user_name_valid(name))
        return sanctum__err(SANCTUM_ENOUSER, "no such user");
    rc = sanctum__get(txn, st, SANCTUM__DB_USERS, name, strlen(name), &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOUSER, "unknown user %s", name);
    if (rc < 0)
        return rc;
    if ((rc = user_decode(out, &v)) < 0)
        return rc;
    if (strcmp(out->name, name) != 0)
        return sanctum__err(SANCTUM_ECORRUPT, "user record of %s is mislabelled", name);
    return SANCTUM_OK;
}

int
sanctum__user_get_by_id(MDB_txn *txn, const sanctum_store *st, uint32_t id,
                        sanctum__user *out)
{
    MDB_val v;
    unsigned char k[4];
    char name[SANCTUM__NAME_MAX + 1];
    int rc;

    sanctum__be32(k, id);
    rc = sanctum__get(txn, st, SANCTUM__DB_USER_IDS, k, 4, &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOUSER, "unknown user id %u", (unsigned)id);
    if (rc < 0)
        return rc;
    if (v.mv_size == 0 || v.mv_size > SANCTUM__NAME_MAX)
        return sanctum__err(SANCTUM_ECORRUPT, "user id %u is malformed", (unsigned)id);
    memcpy(name, v.mv_data, v.mv_size);
    name[v.mv_size] = '\0';
    return sanctum__user_get(txn, st, name, out);
}

/* ------------------------------------------------------------ public API */

struct add_ctx {
    sanctum_session *admin;
    sanctum__user_prep *prep;
};

static int
add_txn(MDB_txn *txn, void *arg)
{
    struct add_ctx *c = arg;
    sanctum__user *u = &c->prep->user;
    unsigned char extra[256];
    sanctum__audit_spec spec = { SANCTUM__ACT_USER_ADD, NULL, NULL, 0, extra, 0 };
    int rc;

    if ((rc = sanctum__user_insert(txn, c->admin->st, u)) < 0)
        return rc;
    if ((rc = sanctum__grants_share(txn, c->admin->st, c->admin->kr, u->id,
                                    u->role == SANCTUM_ROLE_AUDITOR ? 0 : u->clearance,
                                    u->box_pk)) < 0)
        return rc;
    spec.extra_len = sanctum__user_public_encode(extra, sizeof extra, u);
    return sanctum__audit_append(txn, c->admin->st, c->admin->kr, c->admin->user.id, &spec);
}

int
sanctum_user_add(sanctum_session *admin, const char *name, sanctum_role role,
                 sanctum_level clearance, const unsigned char *pass, size_t pass_len)
{
    sanctum__user_prep prep;
    struct add_ctx c = { admin, &prep };
    int rc;

    sanctum__err_clear();
    if (admin->user.role != SANCTUM_ROLE_ADMIN)
        return sanctum__err(SANCTUM_EPERM, "only an admin may add users (%s is %s)",
                            admin->user.name, sanctum_role_name(admin->user.role));
    if ((int)clearance > admin->user.clearance &&
        clearance <= SANCTUM_LEVEL_SECRET)
        return sanctum__err(SANCTUM_EPERM,
                            "admin %s is cleared %s and cannot grant %s",
                            admin->user.name, sanctum_level_name(admin->user.clearance),
                            sanctum_level_name(clearance));
    if ((rc = sanctum__user_prepare(&prep, admin->st, name, (int)role, (int)clearance,
                                    pass, pass_len, &admin->user.kdf)) < 0)
        return rc;
    rc = sanctum__store_write(admin->st, add_txn, &c);
    sanctum__user_prep_clear(&prep);
    return rc;
}

struct revoke_ctx {
    sanctum_session *admin;
    const char *name;
};

/* Count active admins other than `except`. */
static int
other_active_admins(MDB_txn *txn, const sanctum_store *st, uint32_t except, int *count)
{
    MDB_cursor *cur;
    MDB_val k, v;
    sanctum__user u;
    int rc, op = MDB_FIRST;

    *count = 0;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_USERS], &cur)) != 0)
        return sanctum__err_mdb(rc, "users");
    while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
        op = MDB_NEXT;
        if ((rc = user_decode(&u, &v)) < 0)
            break;
        if (u.role == SANCTUM_ROLE_ADMIN && !u.revoked && u.id != except)
            (*count)++;
    }
    mdb_cursor_close(cur);
    if (rc == MDB_NOTFOUND)
        return SANCTUM_OK;
    return rc < 0 ? rc : sanctum__err_mdb(rc, "users");
}

static int
revoke_txn(MDB_txn *txn, void *arg)
{
    struct revoke_ctx *c = arg;
    sanctum__user u;
    unsigned char extra[4];
    sanctum__audit_spec spec = { SANCTUM__ACT_USER_REVOKE, NULL, NULL, 0, extra, 4 };
    int rc, admins;

    if ((rc = sanctum__user_get(txn, c->admin->st, c->name, &u)) < 0)
        return rc;
    if (u.revoked)
        return sanctum__err(SANCTUM_EREVOKED, "user %s is already revoked", u.name);
    if (u.id == c->admin->user.id)
        return sanctum__err(SANCTUM_EPERM, "admin %s cannot revoke themself", u.name);
    if (u.role == SANCTUM_ROLE_ADMIN) {
        if ((rc = other_active_admins(txn, c->admin->st, u.id, &admins)) < 0)
            return rc;
        if (admins == 0)
            return sanctum__err(SANCTUM_EPERM, "cannot revoke the last active admin");
    }
    u.revoked = 1;
    if ((rc = sanctum__user_put(txn, c->admin->st, &u)) < 0 ||
        (rc = sanctum__grants_delete(txn, c->admin->st, u.id)) < 0)
        return rc;
    sanctum__be32(extra, u.id);
    return sanctum__audit_append(txn, c->admin->st, c->admin->kr, c->admin->user.id, &spec);
}

int
sanctum_user_revoke(sanctum_session *admin, const char *name)
{
    struct revoke_ctx c = { admin, name };

    sanctum__err_clear();
    if (admin->user.role != SANCTUM_ROLE_ADMIN)
        return sanctum__err(SANCTUM_EPERM, "only an admin may revoke users");
    if (!sanctum__user_name_valid(name))
        return sanctum__err(SANCTUM_EINVAL, "invalid user name");
    return sanctum__store_write(admin->st, revoke_txn, &c);
}

struct passwd_ctx {
    sanctum_session *self;
    const unsigned char *salt;
    const unsigned char *wrapped;
};

static int
passwd_txn(MDB_txn *txn, void *arg)
{
    struct passwd_ctx *c = arg;
    sanctum__user u;
    sanctum__audit_spec spec = { SANCTUM__ACT_USER_PASSWD, NULL, NULL, 0, NULL, 0 };
    int rc;

    if ((rc = sanctum__user_get(txn, c->self->st, c->self->user.name, &u)) < 0)
        return rc;
    if (u.revoked)
        return sanctum__err(SANCTUM_EREVOKED, "user %s has been revoked", u.name);
    memcpy(u.salt, c->salt, SANCTUM__SALT_BYTES);
    memcpy(u.wrapped, c->wrapped, SANCTUM__WRAPPED_BYTES);
    if ((rc = sanctum__user_put(txn, c->self->st, &u)) < 0)
        return rc;
    return sanctum__audit_append(txn, c->self->st, c->self->kr, c->self->user.id, &spec);
}

int
sanctum_user_passwd(sanctum_session *self, const unsigned char *new_pass, size_t new_len)
{
    unsigned char salt[SANCTUM__SALT_BYTES], wrapped[SANCTUM__WRAPPED_BYTES];
    unsigned char ad[128];
    unsigned char *secret;
    struct passwd_ctx c = { self, salt, wrapped };
    size_t ad_len;
    int rc;

    sanctum__err_clear();
    if ((rc = check_pass(new_pass, new_len)) < 0)
        return rc;
    if ((secret = sodium_malloc(SANCTUM__USER_SECRET_BYTES)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
    memcpy(secret, self->kr->sign_sk, crypto_sign_SECRETKEYBYTES);
    memcpy(secret + crypto_sign_SECRETKEYBYTES, self->kr->box_sk, crypto_box_SECRETKEYBYTES);
    randombytes_buf(salt, sizeof salt);
    ad_len = sanctum__user_ad(ad, sizeof ad, self->st, self->user.name);
    rc = sanctum__secret_wrap(wrapped, secret, new_pass, new_len, salt, &self->user.kdf,
                              ad, ad_len);
    sodium_free(secret);
    if (rc < 0)
        return rc;
    return sanctum__store_write(self->st, passwd_txn, &c);
}

/* ------------------------------------------------------------ listing */

struct sanctum_user_list {
    sanctum_user_info *items;
    char (*names)[SANCTUM__NAME_MAX + 1];
    size_t count;
};

int
sanctum_user_list_load(sanctum_user_list **out, sanctum_store *st)
{
    sanctum_user_list *l;
    MDB_txn *txn;
    MDB_cursor *cur;
    MDB_val k, v;
    size_t cap = 0;
    int rc, op = MDB_FIRST;

    sanctum__err_clear();
    *out = NULL;
    if ((l = calloc(1, sizeof *l)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0) {
        free(l);
        return rc;
    }
    /* in id order: walk the id table */
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_USER_IDS], &cur)) != 0) {
        rc = sanctum__err_mdb(rc, "user_ids");
        goto done;
    }
    while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
        sanctum__user u;
        op = MDB_NEXT;
        if (k.mv_size != 4 || (rc = sanctum__user_get_by_id(txn, st, sanctum__rd32(k.mv_data),
                                                            &u)) < 0) {
            if (rc >= 0)
                rc = sanctum__err(SANCTUM_ECORRUPT, "user id table is malformed");
            break;
        }
        if (l->count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            void *a = realloc(l->items, ncap * sizeof *l->items);
            if (a == NULL) { rc = sanctum__err(SANCTUM_ENOMEM, "out of memory"); break; }
            l->items = a;
            a = realloc(l->names, ncap * sizeof *l->names);
            if (a == NULL) { rc = sanctum__err(SANCTUM_ENOMEM, "out of memory"); break; }
            l->names = a;
            cap = ncap;
        }
        sanctum_user_info *i = &l->items[l->count];
        strcpy(l->names[l->count], u.name);
        i->id = u.id;
        i->role = (sanctum_role)u.role;
        i->clearance = (sanctum_level)u.clearance;
        i->revoked = u.revoked;
        i->created = u.created / 1000;
        memcpy(i->sign_pk, u.sign_pk, 32);
        memcpy(i->box_pk, u.box_pk, 32);
        l->count++;
    }
    mdb_cursor_close(cur);
    if (rc == MDB_NOTFOUND)
        rc = SANCTUM_OK;
    else if (rc > 0)
        rc = sanctum__err_mdb(rc, "users");
done:
    sanctum__store_read_end(st, txn);
    if (rc < 0) {
        sanctum_user_list_free(l);
        return rc;
    }
    /* names may have moved during realloc: point at them only now */
    for (size_t n = 0; n < l->count; n++)
        l->items[n].name = l->names[n];
    *out = l;
    return SANCTUM_OK;
}

size_t
sanctum_user_list_count(const sanctum_user_list *l)
{
    return l ? l->count : 0;
}

const sanctum_user_info *
sanctum_user_list_at(const sanctum_user_list *l, size_t i)
{
    return (l && i < l->count) ? &l->items[i] : NULL;
}

void
sanctum_user_list_free(sanctum_user_list *l)
{
    if (l == NULL)
        return;
    free(l->items);
    free(l->names);
    free(l);
}

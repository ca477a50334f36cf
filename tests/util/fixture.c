/* SPDX-License-Identifier: Apache-2.0 */
/* fixture.c - test stores and a content digest of a store. */
#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>
#include <sodium.h>

#include "testutil.h"

static void
die(const char *what, int rc)
{
    fprintf(stderr, "fixture: %s: %d %s\n", what, rc, sanctum_last_error());
    abort();
}

void
tu_store_setup(tu_store *t, const char *tag)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    char path[4096];
    int rc;

    o.kdf = SANCTUM_KDF_INTERACTIVE;
    memset(t, 0, sizeof *t);
    t->dir = tu_tmpdir(tag);
    snprintf(path, sizeof path, "%s/store", t->dir);
    if ((rc = sanctum_store_create(&t->st, path, "admin", TU_PASS("admin"), &o)) < 0)
        die("store_create", rc);
    if ((rc = sanctum_session_open(&t->admin, t->st, "admin", TU_PASS("admin"))) < 0)
        die("session_open", rc);
}

void
tu_store_teardown(tu_store *t)
{
    sanctum_session_close(t->admin);
    sanctum_store_close(t->st);
    tu_rmtree(t->dir);
    free(t->dir);
    memset(t, 0, sizeof *t);
}

sanctum_session *
tu_user(tu_store *t, const char *name, sanctum_role role, sanctum_level clearance)
{
    char pass[128];
    sanctum_session *s;
    int rc;

    snprintf(pass, sizeof pass, "%s-passphrase", name);
    if ((rc = sanctum_user_add(t->admin, name, role, clearance, (unsigned char *)pass,
                               strlen(pass))) < 0)
        die("user_add", rc);
    if ((rc = sanctum_session_open(&s, t->st, name, (unsigned char *)pass, strlen(pass))) < 0)
        die("session_open", rc);
    return s;
}

sanctum_entity *
tu_person(sanctum_session *s, const char *name, ...)
{
    sanctum_entity *e;
    const char *k, *v;
    va_list ap;
    int rc;

    if ((rc = sanctum_entity_new(&e, "Person")) < 0 ||
        (rc = sanctum_entity_add(e, "name", name, SANCTUM_LEVEL_NONE)) < 0)
        die("person", rc);
    va_start(ap, name);
    while ((k = va_arg(ap, const char *)) != NULL) {
        v = va_arg(ap, const char *);
        if ((rc = sanctum_entity_add(e, k, v, SANCTUM_LEVEL_NONE)) < 0)
            die(k, rc);
    }
    va_end(ap);
    if ((rc = sanctum_entity_create(s, e, "test")) < 0)
        die("entity_create", rc);
    return e;
}

static void
hash_db(crypto_hash_sha256_state *h, MDB_txn *txn, MDB_dbi dbi)
{
    MDB_cursor *cur;
    MDB_val k, v;
    int op = MDB_FIRST;

    if (mdb_cursor_open(txn, dbi, &cur) != 0)
        abort();
    while (mdb_cursor_get(cur, &k, &v, op) == 0) {
        op = MDB_NEXT;
        crypto_hash_sha256_update(h, k.mv_data, k.mv_size);
        crypto_hash_sha256_update(h, v.mv_data, v.mv_size);
    }
    mdb_cursor_close(cur);
}

void
tu_store_digest(const char *dir, unsigned char out[32])
{
    crypto_hash_sha256_state h;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi main_dbi, dbi;
    MDB_cursor *cur;
    MDB_val k, v;
    int op = MDB_FIRST;

    crypto_hash_sha256_init(&h);
    if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 64) != 0 ||
        mdb_env_open(env, dir, MDB_RDONLY | MDB_NOLOCK, 0600) != 0 ||
        mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) != 0 ||
        mdb_dbi_open(txn, NULL, 0, &main_dbi) != 0)
        abort();
    if (mdb_cursor_open(txn, main_dbi, &cur) != 0)
        abort();
    while (mdb_cursor_get(cur, &k, &v, op) == 0) {
        char name[256];
        op = MDB_NEXT;
        crypto_hash_sha256_update(&h, k.mv_data, k.mv_size);
        if (k.mv_size >= sizeof name)
            continue;
        memcpy(name, k.mv_data, k.mv_size);
        name[k.mv_size] = '\0';
        if (mdb_dbi_open(txn, name, 0, &dbi) == 0)
            hash_db(&h, txn, dbi);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    crypto_hash_sha256_final(&h, out);
}

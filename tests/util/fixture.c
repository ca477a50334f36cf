/* SPDX-License-Identifier: Apache-2.0 */
/* fixture.c - test stores and a content digest of a store. */
#include "fixture.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>
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
    tu_store_setup_map(t, tag, 0);
}

void
tu_add_persons(sanctum_session *s, const char *tag, int rounds, int per_round,
               const char *notes)
{
    sanctum_entity **batch = calloc((size_t)per_round, sizeof *batch);
    char name[96];
    int rc;

    if (batch == NULL)
        die("calloc", SANCTUM_ENOMEM);
    for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < per_round; i++) {
            snprintf(name, sizeof name, "Person %d-%d %s", round, i, tag);
            if ((rc = sanctum_entity_new(&batch[i], "Person")) < 0 ||
                (rc = sanctum_entity_add(batch[i], "name", name, 0)) < 0 ||
                (notes != NULL && (rc = sanctum_entity_add(batch[i], "notes", notes, 0)) < 0))
                die("entity", rc);
        }
        if ((rc = sanctum_entity_create_batch(s, batch, (size_t)per_round, NULL)) < 0)
            die("create_batch", rc);
        for (int i = 0; i < per_round; i++)
            sanctum_entity_free(batch[i]);
    }
    free(batch);
}

void
tu_store_setup_map(tu_store *t, const char *tag, size_t map_size)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    char path[4096];
    int rc;

    o.kdf = SANCTUM_KDF_INTERACTIVE;
    o.map_size = map_size;
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

int
tu_setup_store(void **state)
{
    tu_store *t = calloc(1, sizeof *t);

    if (t == NULL)
        return -1;
    tu_store_setup(t, "test");
    *state = t;
    return 0;
}

int
tu_teardown_store(void **state)
{
    tu_store_teardown(*state);
    free(*state);
    *state = NULL;
    return 0;
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
die_lmdb(const char *what, int rc)
{
    fprintf(stderr, "fixture: %s: %s\n", what, mdb_strerror(rc));
    abort();
}

static void
sha_update(crypto_hash_sha256_state *h, const void *p, size_t n)
{
    if (crypto_hash_sha256_update(h, p, n) != 0)
        abort();
}

/* Hash a length-prefixed item, so that ("ab", "c") and ("a", "bc") differ. */
static void
hash_item(crypto_hash_sha256_state *h, const MDB_val *v)
{
    unsigned char len[8];
    uint64_t n = v->mv_size;

    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    sha_update(h, len, sizeof len);
    sha_update(h, v->mv_data, v->mv_size);
}

/* Hash every key and value of `dbi` in key (and duplicate) order. In the
 * main database (`is_main`) a key naming a database stands for that
 * database's name and content, not its page numbers. */
static void
hash_db(crypto_hash_sha256_state *h, MDB_txn *txn, MDB_dbi dbi, int is_main)
{
    MDB_cursor *cur;
    MDB_val k, v;
    int rc;

    if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
        die_lmdb("mdb_cursor_open", rc);
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        char name[256];
        MDB_dbi sub;
        int orc;

        hash_item(h, &k);
        if (is_main && k.mv_size < sizeof name && memchr(k.mv_data, '\0', k.mv_size) == NULL) {
            memcpy(name, k.mv_data, k.mv_size);
            name[k.mv_size] = '\0';
            if ((orc = mdb_dbi_open(txn, name, 0, &sub)) == 0) {
                sha_update(h, "DB", 2);
                hash_db(h, txn, sub, 0);
                continue;
            }
            if (orc != MDB_INCOMPATIBLE)   /* a plain key of the main database */
                die_lmdb("mdb_dbi_open", orc);
        }
        hash_item(h, &v);
    }
    if (rc != MDB_NOTFOUND)
        die_lmdb("mdb_cursor_get", rc);
    mdb_cursor_close(cur);
}

/* The digest of one table of the store in `dir`, or of all (table NULL). */
static void
digest(const char *dir, const char *table, unsigned char out[32])
{
    crypto_hash_sha256_state h;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    int rc;

    if (sodium_init() < 0 || crypto_hash_sha256_init(&h) != 0)
        abort();
    if ((rc = mdb_env_create(&env)) != 0)
        die_lmdb("mdb_env_create", rc);
    if ((rc = mdb_env_set_maxdbs(env, 256)) != 0 ||
        (rc = mdb_env_open(env, dir, MDB_RDONLY | MDB_NOLOCK, 0600)) != 0 ||
        (rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, table, 0, &dbi)) != 0) {
        fprintf(stderr, "fixture: open %s %s: %s\n", dir, table ? table : "", mdb_strerror(rc));
        abort();
    }
    hash_db(&h, txn, dbi, table == NULL);
    mdb_txn_abort(txn);
    mdb_env_close(env);
    if (crypto_hash_sha256_final(&h, out) != 0)
        abort();
}

void
tu_store_digest(const char *dir, unsigned char out[32])
{
    digest(dir, NULL, out);
}

void
tu_table_digest(const char *dir, const char *table, unsigned char out[32])
{
    digest(dir, table, out);
}

void
tu_assert_store_unchanged(const char *dir, const unsigned char before[32])
{
    unsigned char after[32];

    tu_store_digest(dir, after);
    if (memcmp(before, after, sizeof after) != 0)
        fail_msg("store %s changed", dir);
}

void
tu_store_make_v1(const char *dir)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi post, index, meta;
    MDB_cursor *cur;
    MDB_val k, v, fk = { 6, "format" }, fv;
    unsigned char one[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
    int rc;

    if ((rc = mdb_env_create(&env)) != 0 || (rc = mdb_env_set_maxdbs(env, 32)) != 0 ||
        (rc = mdb_env_set_mapsize(env, (size_t)1 << 30)) != 0 ||
        (rc = mdb_env_open(env, dir, 0, 0600)) != 0 ||
        (rc = mdb_txn_begin(env, NULL, 0, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, "postings", 0, &post)) != 0 ||
        (rc = mdb_dbi_open(txn, "index", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &index)) != 0 ||
        (rc = mdb_dbi_open(txn, "meta", 0, &meta)) != 0 ||
        (rc = mdb_cursor_open(txn, post, &cur)) != 0)
        die_lmdb("make v1: open", rc);
    /* a token's head (u32 total, refs) and its later blocks (refs) */
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        size_t skip = k.mv_size == 16 ? 4 : 0;
        MDB_val tk = { 16, k.mv_data };
        for (size_t off = skip; off + 8 <= v.mv_size; off += 8) {
            MDB_val r = { 8, (unsigned char *)v.mv_data + off };
            int prc = mdb_put(txn, index, &tk, &r, 0);
            if (prc != 0)
                die_lmdb("make v1: put", prc);
        }
    }
    if (rc != MDB_NOTFOUND)
        die_lmdb("make v1: walk", rc);
    mdb_cursor_close(cur);
    fv.mv_size = sizeof one;
    fv.mv_data = one;
    if ((rc = mdb_drop(txn, post, 1)) != 0 || (rc = mdb_put(txn, meta, &fk, &fv, 0)) != 0 ||
        (rc = mdb_txn_commit(txn)) != 0)
        die_lmdb("make v1: commit", rc);
    mdb_env_close(env);
}

void
tu_store_set_format(const char *dir, unsigned long long fmt)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    unsigned char b[8];
    MDB_val k = { 6, "format" }, v = { 8, b };
    int rc;

    for (int i = 7; i >= 0; i--, fmt >>= 8)
        b[i] = (unsigned char)fmt;
    if ((rc = mdb_env_create(&env)) != 0 || (rc = mdb_env_set_maxdbs(env, 32)) != 0 ||
        (rc = mdb_env_open(env, dir, 0, 0600)) != 0 ||
        (rc = mdb_txn_begin(env, NULL, 0, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, "meta", 0, &dbi)) != 0 || (rc = mdb_put(txn, dbi, &k, &v, 0)) != 0 ||
        (rc = mdb_txn_commit(txn)) != 0)
        die_lmdb("set format", rc);
    mdb_env_close(env);
}

int
tu_store_hold_open(const char *dir, int *release)
{
    int ready[2], go[2], pid;
    char c;

    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        MDB_env *env;
        close(ready[0]);
        close(go[1]);
        if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 32) != 0 ||
            mdb_env_open(env, dir, 0, 0600) != 0)
            _exit(1);
        if (write(ready[1], "r", 1) != 1)
            _exit(1);
        while (read(go[0], &c, 1) > 0) /* until the parent closes it */
            ;
        mdb_env_close(env);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    assert_int_equal(read(ready[0], &c, 1), 1);
    close(ready[0]);
    *release = go[1];
    return pid;
}

void
tu_store_let_go(int pid, int release)
{
    int status = -1;

    close(release);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

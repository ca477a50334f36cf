/* SPDX-License-Identifier: Apache-2.0 */
/* lmdb_floor.c - raw LMDB writing what a closed store holds: a floor for its format. */
#include "lmdb_floor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>

#define MAX_TABLES 64

struct table {
    char name[64];
    unsigned int flags;
    MDB_val *kv; /* key, value, key, value, ... */
    size_t n;
};

static int
fail(const char *what, int rc)
{
    fprintf(stderr, "lmdb floor: %s: %s\n", what, mdb_strerror(rc));
    return -1;
}

/* Every record of table t (opened as dbi) copied into memory. */
static int
read_table(MDB_txn *txn, MDB_dbi dbi, struct table *t)
{
    MDB_cursor *cur;
    MDB_val k, v;
    size_t cap = 0;
    int rc;

    if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
        return fail("cursor", rc);
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (t->n == cap) {
            cap = cap ? 2 * cap : 1024;
            MDB_val *a = realloc(t->kv, 2 * cap * sizeof *a);
            if (a == NULL) {
                mdb_cursor_close(cur);
                fprintf(stderr, "lmdb floor: out of memory\n");
                return -1;
            }
            t->kv = a;
        }
        t->kv[2 * t->n].mv_size = k.mv_size;
        t->kv[2 * t->n + 1].mv_size = v.mv_size;
        if ((t->kv[2 * t->n].mv_data = malloc(k.mv_size + v.mv_size + 1)) == NULL) {
            mdb_cursor_close(cur);
            fprintf(stderr, "lmdb floor: out of memory\n");
            return -1;
        }
        memcpy(t->kv[2 * t->n].mv_data, k.mv_data, k.mv_size);
        t->kv[2 * t->n + 1].mv_data = (char *)t->kv[2 * t->n].mv_data + k.mv_size;
        memcpy(t->kv[2 * t->n + 1].mv_data, v.mv_data, v.mv_size);
        t->n++;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : fail("read", rc);
}

/* The named tables of the environment in `src`, read into t[]. */
static int
read_env(const char *src, struct table *t, size_t *nt, size_t *bytes)
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_cursor *cur = NULL;
    MDB_dbi main_dbi, dbi;
    MDB_val k, v;
    int rc, ret = -1;

    *nt = *bytes = 0;
    if ((rc = mdb_env_create(&env)) != 0 || (rc = mdb_env_set_maxdbs(env, MAX_TABLES)) != 0 ||
        (rc = mdb_env_open(env, src, MDB_RDONLY, 0600)) != 0) {
        fail(src, rc);
        goto out;
    }
    if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, NULL, 0, &main_dbi)) != 0 ||
        (rc = mdb_cursor_open(txn, main_dbi, &cur)) != 0) {
        fail("main table", rc);
        goto out;
    }
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct table *x = &t[*nt];
        if (*nt == MAX_TABLES || k.mv_size >= sizeof x->name)
            continue;
        memcpy(x->name, k.mv_data, k.mv_size);
        x->name[k.mv_size] = '\0';
        if (mdb_dbi_open(txn, x->name, 0, &dbi) != 0)
            continue; /* a record of the main table, not a table */
        if (mdb_dbi_flags(txn, dbi, &x->flags) != 0 || read_table(txn, dbi, x) != 0)
            goto out;
        for (size_t i = 0; i < 2 * x->n; i++)
            *bytes += x->kv[i].mv_size;
        (*nt)++;
    }
    ret = 0;
out:
    if (cur != NULL)
        mdb_cursor_close(cur);
    if (txn != NULL)
        mdb_txn_abort(txn);
    if (env != NULL)
        mdb_env_close(env);
    return ret;
}

/* Write t[0..nt) into a new environment in dst: the seconds, or -1. */
static double
write_env(const char *dst, const struct table *t, size_t nt, size_t bytes,
          double (*now_s)(void))
{
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    double t0, secs = -1;
    int rc;

    mkdir(dst, 0700);
    if ((rc = mdb_env_create(&env)) != 0 || (rc = mdb_env_set_maxdbs(env, MAX_TABLES)) != 0 ||
        (rc = mdb_env_set_mapsize(env, 3 * bytes + ((size_t)64 << 20))) != 0 ||
        (rc = mdb_env_open(env, dst, 0, 0600)) != 0) {
        fail(dst, rc);
        goto out;
    }
    t0 = now_s();
    if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) != 0) {
        fail("begin", rc);
        goto out;
    }
    for (size_t i = 0; i < nt; i++) {
        unsigned int put = (t[i].flags & MDB_DUPSORT) ? MDB_APPENDDUP : MDB_APPEND;
        MDB_dbi dbi;
        if ((rc = mdb_dbi_open(txn, t[i].name, t[i].flags | MDB_CREATE, &dbi)) != 0) {
            fail(t[i].name, rc);
            goto out;
        }
        for (size_t j = 0; j < t[i].n; j++) {
            MDB_val k = t[i].kv[2 * j], v = t[i].kv[2 * j + 1];
            if ((rc = mdb_put(txn, dbi, &k, &v, put)) != 0) {
                fail("put", rc);
                goto out;
            }
        }
    }
    rc = mdb_txn_commit(txn);
    txn = NULL;
    if (rc != 0) {
        fail("commit", rc);
        goto out;
    }
    secs = now_s() - t0;
out:
    if (txn != NULL)
        mdb_txn_abort(txn);
    if (env != NULL)
        mdb_env_close(env);
    return secs;
}

double
lmdb_floor_copy(const char *src, const char *dst, double (*now_s)(void), size_t *entries,
                double *mib)
{
    struct table *t = calloc(MAX_TABLES, sizeof *t);
    size_t nt = 0, bytes = 0;
    double secs = -1;

    *entries = 0;
    *mib = 0;
    if (t == NULL)
        return -1;
    if (read_env(src, t, &nt, &bytes) == 0)
        secs = write_env(dst, t, nt, bytes, now_s);
    for (size_t i = 0; i < MAX_TABLES; i++) {
        *entries += t[i].n;
        for (size_t j = 0; j < t[i].n; j++)
            free(t[i].kv[2 * j].mv_data);
        free(t[i].kv);
    }
    free(t);
    *mib = (double)bytes / (1024.0 * 1024.0);
    return secs;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* store.c - the LMDB environment: open, format check, transactions, growth. */
#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "errors.h"

static const char *const db_names[SANCTUM__DB_COUNT] = {
    "meta", "users", "user_ids", "grants", "entities", "by_schema",
    "audit", "tree", "checkpoints", "postings", "approvals", "manifests", "sources",
    "index_values", "index_names",
};

const char *
sanctum__db_name(int db)
{
    return (db >= 0 && db < SANCTUM__DB_COUNT) ? db_names[db] : "?";
}

int
sanctum__init(void)
{
    if (sodium_init() < 0)
        return sanctum__err(SANCTUM_ERROR, "libsodium could not be initialised");
    return SANCTUM_OK;
}

char *
sanctum__strmem(const void *p, size_t len)
{
    char *s = malloc(len + 1);

    if (s != NULL) {
        if (len > 0)
            memcpy(s, p, len);
        s[len] = '\0';
    }
    return s;
}

void *
sanctum__grow_wiped(void *p, size_t used, size_t cap)
{
    unsigned char *n = malloc(cap);

    if (n == NULL)
        return NULL;
    if (p != NULL) {
        memcpy(n, p, used);
        sodium_memzero(p, used);
        free(p);
    }
    return n;
}

int64_t
sanctum__now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ raw access */

int
sanctum__put(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
             const void *key, size_t klen, const void *val, size_t vlen,
             unsigned int flags)
{
    MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
    int rc = mdb_put(txn, st->dbi[db], &k, &v, flags);

    if (rc == MDB_MAP_FULL)
        return SANCTUM__EMAPFULL;
    if (rc != 0)
        return sanctum__err_mdb(rc, db_names[db]);
    return SANCTUM_OK;
}

int
sanctum__table_copy(MDB_txn *txn, MDB_dbi from, MDB_dbi to)
{
    MDB_cursor *src = NULL, *dst = NULL;
    MDB_val k, v;
    int mrc;

    if ((mrc = mdb_cursor_open(txn, from, &src)) != 0 ||
        (mrc = mdb_cursor_open(txn, to, &dst)) != 0) {
        mdb_cursor_close(src);
        return sanctum__err_mdb(mrc, "copying a table");
    }
    for (mrc = mdb_cursor_get(src, &k, &v, MDB_FIRST); mrc == 0;
         mrc = mdb_cursor_get(src, &k, &v, MDB_NEXT))
        if ((mrc = mdb_cursor_put(dst, &k, &v, MDB_APPEND)) != 0)
            break;
    mdb_cursor_close(src);
    mdb_cursor_close(dst);
    if (mrc == MDB_NOTFOUND)
        return SANCTUM_OK;
    return mrc == MDB_MAP_FULL ? SANCTUM__EMAPFULL : sanctum__err_mdb(mrc, "copying a table");
}

int
sanctum__get(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
             const void *key, size_t klen, MDB_val *out)
{
    MDB_val k = { klen, (void *)key };
    int rc = mdb_get(txn, st->dbi[db], &k, out);

    if (rc == MDB_NOTFOUND)
        return SANCTUM_ENOTFOUND;
    if (rc != 0)
        return sanctum__err_mdb(rc, db_names[db]);
    return SANCTUM_OK;
}

int
sanctum__del(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
             const void *key, size_t klen)
{
    MDB_val k = { klen, (void *)key };
    int rc = mdb_del(txn, st->dbi[db], &k, NULL);

    if (rc == MDB_NOTFOUND)
        return SANCTUM_ENOTFOUND;
    if (rc == MDB_MAP_FULL)
        return SANCTUM__EMAPFULL;
    if (rc != 0)
        return sanctum__err_mdb(rc, db_names[db]);
    return SANCTUM_OK;
}

int
sanctum__meta_get_u64(MDB_txn *txn, const sanctum_store *st, const char *key,
                      uint64_t *out)
{
    MDB_val v;
    int rc = sanctum__get(txn, st, SANCTUM__DB_META, key, strlen(key), &v);

    if (rc < 0)
        return rc;
    if (v.mv_size != 8)
        return sanctum__err(SANCTUM_ECORRUPT, "store metadata '%s' is malformed", key);
    *out = sanctum__rd64(v.mv_data);
    return SANCTUM_OK;
}

int
sanctum__meta_put_u64(MDB_txn *txn, const sanctum_store *st, const char *key,
                      uint64_t val)
{
    unsigned char b[8];

    sanctum__be64(b, val);
    return sanctum__put(txn, st, SANCTUM__DB_META, key, strlen(key), b, 8, 0);
}

/* ------------------------------------------------------------ transactions */

/* Marks the thread holding a store's long write (st->long_writer): the
 * address of a thread-local object is the thread's own while it lives. */
static _Thread_local char this_thread;

/* SANCTUM_EINVAL if the calling thread holds st's writer lock through a
 * long write: LMDB's writer lock is not recursive, so taking it again
 * (or growing the map, which waits for the thread's own transaction to
 * end) would wait forever. Another thread's long write only makes the
 * caller wait, as any other writer does. */
static int
writer_not_mine(sanctum_store *st)
{
    if (atomic_load_explicit(&st->long_writer, memory_order_relaxed) != &this_thread)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EINVAL, "this thread has an import run open on store %s; "
                        "finish or abort it first", st->path);
}

/* Grow the map: to `want` bytes, or, with want == 0, adopt the size another
 * process set. Takes the resize lock exclusively so no transaction of ours
 * is open, as mdb_env_set_mapsize() requires. */
static int
grow_map(sanctum_store *st, size_t want)
{
    MDB_envinfo info;
    int rc;

    pthread_rwlock_wrlock(&st->resize_lock);
    if (want != 0 && st->map_size >= want) {
        rc = 0; /* another thread grew it meanwhile */
    } else {
        rc = mdb_env_set_mapsize(st->env, want);
        if (rc == 0 && mdb_env_info(st->env, &info) == 0)
            st->map_size = info.me_mapsize;
    }
    pthread_rwlock_unlock(&st->resize_lock);
    if (rc != 0)
        return sanctum__err_mdb(rc, "growing the store map");
    return SANCTUM_OK;
}

/* Begin a transaction with `flags` holding the resize lock shared; adopts a
 * map grown by another process. On success the caller must release the
 * lock after ending the transaction. */
static int
txn_begin(sanctum_store *st, MDB_txn **out, unsigned int flags)
{
    int rc;

    for (;;) {
        pthread_rwlock_rdlock(&st->resize_lock);
        rc = mdb_txn_begin(st->env, NULL, flags, out);
        if (rc == 0)
            return SANCTUM_OK;
        pthread_rwlock_unlock(&st->resize_lock);
        if (rc != MDB_MAP_RESIZED)
            return sanctum__err_mdb(rc, (flags & MDB_RDONLY) ? "beginning a read transaction"
                                                            : "beginning a write transaction");
        if ((rc = grow_map(st, 0)) < 0)
            return rc;
    }
}

/* Commit or abort, release the lock; MDB_MAP_FULL -> SANCTUM__EMAPFULL. */
static int
txn_end(sanctum_store *st, MDB_txn *txn, int commit)
{
    int rc = 0;

    if (commit)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    sanctum__store_resident_check(st); /* the map cannot move before the unlock */
    pthread_rwlock_unlock(&st->resize_lock);
    if (rc == MDB_MAP_FULL)
        return SANCTUM__EMAPFULL;
    return rc != 0 ? sanctum__err_mdb(rc, "committing") : SANCTUM_OK;
}

int
sanctum__store_write(sanctum_store *st, sanctum__write_fn fn, void *ctx)
{
    MDB_txn *txn;
    size_t seen_size;
    int rc;

    if (st->flags & SANCTUM_STORE_RDONLY)
        return sanctum__err(SANCTUM_EPERM, "store %s is open read-only", st->path);
    if ((rc = writer_not_mine(st)) < 0)
        return rc;
    for (;;) {
        if ((rc = txn_begin(st, &txn, 0)) < 0)
            return rc;
        seen_size = st->map_size;
        if ((rc = fn(txn, ctx)) < 0)
            txn_end(st, txn, 0);
        else
            rc = txn_end(st, txn, 1);
        if (rc != SANCTUM__EMAPFULL)
            return rc;
        if ((rc = grow_map(st, seen_size * 2)) < 0)
            return rc;
    }
}

int
sanctum__store_reserve(sanctum_store *st, size_t more)
{
    MDB_envinfo info;
    MDB_stat ms;
    size_t used;
    int rc;

    if ((rc = writer_not_mine(st)) < 0)
        return rc;
    if (mdb_env_info(st->env, &info) != 0 || mdb_env_stat(st->env, &ms) != 0)
        return sanctum__err(SANCTUM_EIO, "cannot read the size of store %s", st->path);
    used = (info.me_last_pgno + 1) * (size_t)ms.ms_psize;
    if (used + more <= st->map_size)
        return SANCTUM_OK;
    return grow_map(st, used + more > st->map_size * 2 ? used + more : st->map_size * 2);
}

int
sanctum__store_write_begin(sanctum_store *st, MDB_txn **out)
{
    int rc;

    if (st->flags & SANCTUM_STORE_RDONLY)
        return sanctum__err(SANCTUM_EPERM, "store %s is open read-only", st->path);
    if ((rc = writer_not_mine(st)) < 0 || (rc = txn_begin(st, out, 0)) < 0)
        return rc;
    atomic_store_explicit(&st->long_writer, &this_thread, memory_order_relaxed);
    return SANCTUM_OK;
}

int
sanctum__store_write_end(sanctum_store *st, MDB_txn *txn, int commit)
{
    int rc;

    atomic_store_explicit(&st->long_writer, NULL, memory_order_relaxed);
    rc = txn_end(st, txn, commit);

    if (rc == SANCTUM__EMAPFULL)
        return sanctum__err(SANCTUM_EIO, "store %s filled its map during a long write; "
                            "nothing was written: run it again", st->path);
    return rc;
}

int
sanctum__store_read_begin(sanctum_store *st, MDB_txn **out)
{
    return txn_begin(st, out, MDB_RDONLY);
}

void
sanctum__store_read_end(sanctum_store *st, MDB_txn *txn)
{
    mdb_txn_abort(txn);
    sanctum__store_resident_check(st);
    pthread_rwlock_unlock(&st->resize_lock);
}

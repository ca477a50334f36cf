/* SPDX-License-Identifier: Apache-2.0 */
/* store_upgrade.c - bringing a store of an older format to the current one, in one transaction. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <lmdb.h>
#include <sanctum/store.h>

#include "errors.h"
#include "postings.h"
#include "store.h"

#define UPGRADE_MAX_DBS 32
/* Format 1 kept postings under this name, as sorted LMDB duplicates. */
#define V1_POSTINGS "index"

/* LMDB's code as ours (LMDB's are negative too: never mix the two). */
static int
lmdb_fail(int mrc, const char *path)
{
    if (mrc == MDB_MAP_FULL)
        return sanctum__err(SANCTUM_ERROR, "%s: no room to upgrade in the map", path);
    return sanctum__err_mdb(mrc, path);
}

/* Format 1 -> 2: postings from duplicates to blocks (postings.h). */
static int
from_v1(MDB_txn *txn, const char *path)
{
    MDB_dbi old, neu;
    int rc, mrc = mdb_dbi_open(txn, V1_POSTINGS, MDB_DUPSORT | MDB_DUPFIXED, &old);

    if (mrc == MDB_NOTFOUND)
        return sanctum__err(SANCTUM_ECORRUPT, "%s: a format 1 store without its postings",
                            path);
    if (mrc != 0 || (mrc = mdb_dbi_open(txn, sanctum__db_name(SANCTUM__DB_POSTINGS), MDB_CREATE,
                                        &neu)) != 0)
        return lmdb_fail(mrc, path);
    if ((rc = sanctum__postings_from_dupsort(txn, old, neu)) < 0)
        return rc == SANCTUM__EMAPFULL ? lmdb_fail(MDB_MAP_FULL, path) : rc;
    return (mrc = mdb_drop(txn, old, 1)) != 0 ? lmdb_fail(mrc, path) : SANCTUM_OK;
}

int
sanctum_store_upgrade(const char *path, unsigned int *from)
{
    char file[4096];
    struct stat sb;
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi meta;
    MDB_val k = { 6, "format" }, v;
    unsigned char b[8];
    uint64_t fmt;
    int rc = SANCTUM_OK, mrc;

    sanctum__err_clear();
    if (from != NULL)
        *from = 0;
    if ((rc = sanctum__init()) < 0)
        return rc;
    if (path == NULL || (size_t)snprintf(file, sizeof file, "%s/data.mdb", path) >= sizeof file ||
        stat(file, &sb) != 0)
        return sanctum__err(SANCTUM_ENOTFOUND, "no store at %s", path ? path : "(null)");
    /* room for the new table beside the old until the commit frees it */
    if ((mrc = mdb_env_create(&env)) != 0)
        return lmdb_fail(mrc, path);
    if ((mrc = mdb_env_set_maxdbs(env, UPGRADE_MAX_DBS)) != 0 ||
        (mrc = mdb_env_set_mapsize(env, (size_t)sb.st_size * 2 + ((size_t)64 << 20))) != 0 ||
        (mrc = mdb_env_open(env, path, MDB_NOTLS | MDB_NORDAHEAD, 0600)) != 0 ||
        (mrc = mdb_txn_begin(env, NULL, 0, &txn)) != 0) {
        mdb_env_close(env);
        return lmdb_fail(mrc, path);
    }
    mrc = mdb_dbi_open(txn, sanctum__db_name(SANCTUM__DB_META), 0, &meta);
    if (mrc == 0)
        mrc = mdb_get(txn, meta, &k, &v);
    if (mrc == MDB_NOTFOUND || (mrc == 0 && v.mv_size != 8)) {
        rc = sanctum__err(SANCTUM_ECORRUPT, "%s is not a sanctum store (no format version)",
                          path);
        goto out;
    }
    if (mrc != 0) {
        rc = lmdb_fail(mrc, path);
        goto out;
    }
    fmt = sanctum__rd64(v.mv_data);
    if (from != NULL)
        *from = fmt <= UINT32_MAX ? (unsigned int)fmt : UINT32_MAX;
    if (fmt == SANCTUM_FORMAT_VERSION)
        goto out; /* nothing to do */
    if (fmt != 1) {
        rc = sanctum__err(SANCTUM_EVERSION,
                          "store %s has format version %llu; this library upgrades 1 to %d",
                          path, (unsigned long long)fmt, SANCTUM_FORMAT_VERSION);
        goto out;
    }
    if ((rc = from_v1(txn, path)) < 0)
        goto out;
    sanctum__be64(b, SANCTUM_FORMAT_VERSION);
    v.mv_size = sizeof b;
    v.mv_data = b;
    if ((mrc = mdb_put(txn, meta, &k, &v, 0)) != 0) {
        rc = lmdb_fail(mrc, path);
        goto out;
    }
    mrc = mdb_txn_commit(txn);
    txn = NULL; /* a failed commit frees it too */
    if (mrc != 0)
        rc = lmdb_fail(mrc, path);
out:
    if (txn != NULL)
        mdb_txn_abort(txn);
    mdb_env_close(env);
    return rc;
}

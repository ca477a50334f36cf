/* SPDX-License-Identifier: Apache-2.0 */
/* store_maint.c - offline upkeep of a store's layout: upgrading its format, repacking. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>
#include <sanctum/store.h>

#include "errors.h"
#include "postings.h"
#include "store.h"
#include "store_registry.h"

#define MAINT_MAX_DBS 32
/* Where a repack writes the postings before copying them back. */
#define REPACK_TMP "postings.repack"
/* Format 1 kept postings under this name, as sorted LMDB duplicates. */
#define V1_POSTINGS "index"

/* LMDB's code as ours (LMDB's are negative too: never mix the two). */
static int
lmdb_fail(int mrc, const char *path)
{
    if (mrc == MDB_MAP_FULL)
        return sanctum__err(SANCTUM_ERROR, "%s: no room in the map for the rewrite", path);
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

/* What a maintenance step works on: the environment, its one write
 * transaction, the metadata table and the store's format; a descriptor
 * of LMDB's lock file, to see whether other processes have the store
 * open (closed only after the environment: closing any descriptor of a
 * file drops all of a process's locks on it, LMDB's among them). */
struct maint {
    const char *path;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi meta;
    uint64_t fmt;
    int lockfd;
};

/* Open LMDB's lock file of the store if it is there (-1 if not). */
static int
lock_file(const char *path)
{
    char file[4096];

    if ((size_t)snprintf(file, sizeof file, "%s/lock.mdb", path) >= sizeof file)
        return -1;
    return open(file, O_RDONLY | O_CLOEXEC);
}

/* SANCTUM_EBUSY if another process has the store open. Every process
 * with the environment open holds LMDB's shared lock on the first byte
 * of lock.mdb; F_GETLK reports another's, never our own. A layout
 * rewritten under a process of an older library would be read by it as
 * the old layout. */
static int
check_alone(struct maint *m)
{
    struct flock fl;

    if (m->lockfd < 0 && (m->lockfd = lock_file(m->path)) < 0)
        return errno == ENOENT ? SANCTUM_OK
                               : sanctum__err(SANCTUM_EIO, "%s: cannot open its lock file",
                                              m->path);
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 1;
    if (fcntl(m->lockfd, F_GETLK, &fl) != 0)
        return sanctum__err(SANCTUM_EIO, "%s: cannot see who has it open", m->path);
    if (fl.l_type == F_UNLCK)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EBUSY,
                        "store %s is open in another process (pid %ld): close it there "
                        "first",
                        m->path, (long)fl.l_pid);
}

/* Open the store at `path` with room for a rewrite beside what it holds
 * (old pages are freed only by the commit, and a repack writes each table
 * twice: out to a scratch table and back), and begin the transaction. The
 * map is address space: the file grows only by what is written. */
static int
maint_begin(struct maint *m, const char *path)
{
    char file[4096];
    struct stat sb;
    MDB_val k = { 6, "format" }, v;
    sanctum_store *open;
    int rc, mrc;

    memset(m, 0, sizeof *m);
    m->path = path;
    m->lockfd = -1;
    sanctum__err_clear();
    if ((rc = sanctum__init()) < 0)
        return rc;
    if (path == NULL || (size_t)snprintf(file, sizeof file, "%s/data.mdb", path) >= sizeof file ||
        stat(file, &sb) != 0)
        return sanctum__err(SANCTUM_ENOTFOUND, "no store at %s", path ? path : "(null)");
    /* This process's own handles are invisible to check_alone (F_GETLK
     * shows only other processes' locks), and opening the environment
     * beside one would drop its locks when closed. */
    if ((rc = sanctum__registry_find(&open, path)) < 0)
        return rc;
    if (open != NULL)
        return sanctum__err(SANCTUM_EBUSY,
                            "store %s is open in this process: close that handle first", path);
    if ((rc = sanctum__registry_add(m, path)) < 0)
        return rc;
    if ((mrc = mdb_env_create(&m->env)) != 0)
        return lmdb_fail(mrc, path);
    if ((mrc = mdb_env_set_maxdbs(m->env, MAINT_MAX_DBS)) != 0 ||
        (mrc = mdb_env_set_mapsize(m->env, (size_t)sb.st_size * 3 + ((size_t)64 << 20))) != 0 ||
        (mrc = mdb_env_open(m->env, path, MDB_NOTLS | MDB_NORDAHEAD, 0600)) != 0 ||
        (mrc = mdb_txn_begin(m->env, NULL, 0, &m->txn)) != 0)
        return lmdb_fail(mrc, path);
    mrc = mdb_dbi_open(m->txn, sanctum__db_name(SANCTUM__DB_META), 0, &m->meta);
    if (mrc == 0)
        mrc = mdb_get(m->txn, m->meta, &k, &v);
    if (mrc == MDB_NOTFOUND || (mrc == 0 && v.mv_size != 8))
        return sanctum__err(SANCTUM_ECORRUPT, "%s is not a sanctum store (no format version)",
                            path);
    if (mrc != 0)
        return lmdb_fail(mrc, path);
    m->fmt = sanctum__rd64(v.mv_data);
    return SANCTUM_OK;
}

/* Commit (rc SANCTUM_OK) or abandon, and close; the result. A process
 * that opened the store while the transaction was made (it saw the old
 * layout) makes it abandon. */
static int
maint_end(struct maint *m, int rc)
{
    if (m->txn != NULL && rc == SANCTUM_OK)
        rc = check_alone(m);
    if (m->txn != NULL) {
        if (rc == SANCTUM_OK) {
            int mrc = mdb_txn_commit(m->txn); /* a failed commit frees it too */
            if (mrc != 0)
                rc = lmdb_fail(mrc, m->path);
        } else {
            mdb_txn_abort(m->txn);
        }
    }
    if (m->env != NULL)
        mdb_env_close(m->env);
    if (m->lockfd >= 0)
        close(m->lockfd);
    sanctum__registry_remove(m);
    return rc;
}

int
sanctum_store_upgrade(const char *path, unsigned int *from)
{
    struct maint m;
    MDB_val k = { 6, "format" }, v;
    unsigned char b[8];
    int rc, mrc;

    if (from != NULL)
        *from = 0;
    if ((rc = maint_begin(&m, path)) < 0)
        return maint_end(&m, rc);
    if (from != NULL)
        *from = m.fmt <= UINT32_MAX ? (unsigned int)m.fmt : UINT32_MAX;
    if (m.fmt == SANCTUM_FORMAT_VERSION) {
        mdb_txn_abort(m.txn); /* nothing to do */
        m.txn = NULL;
        return maint_end(&m, SANCTUM_OK);
    }
    if (m.fmt == 1 && (rc = check_alone(&m)) < 0)
        return maint_end(&m, rc);
    if (m.fmt != 1)
        return maint_end(&m, sanctum__err(SANCTUM_EVERSION,
                                          "store %s has format version %llu; this library "
                                          "upgrades 1 to %d",
                                          path, (unsigned long long)m.fmt,
                                          SANCTUM_FORMAT_VERSION));
    if ((rc = from_v1(m.txn, path)) < 0)
        return maint_end(&m, rc);
    sanctum__be64(b, SANCTUM_FORMAT_VERSION);
    v.mv_size = sizeof b;
    v.mv_data = b;
    if ((mrc = mdb_put(m.txn, m.meta, &k, &v, 0)) != 0)
        return maint_end(&m, lmdb_fail(mrc, path));
    return maint_end(&m, SANCTUM_OK);
}

/* Bytes in the pages of a table, from its stat. */
static uint64_t
stat_bytes(const MDB_stat *st)
{
    return (uint64_t)(st->ms_branch_pages + st->ms_leaf_pages + st->ms_overflow_pages) *
           st->ms_psize;
}

/* Rewrite table `name` packed, through the scratch table `tmp`: out to it
 * in key order (the postings as fresh blocks, other tables key for key),
 * then back the same way, so LMDB fills every page both times. Adds the
 * table's bytes before and after to *b0 and *b1. */
static int
pack_table(struct maint *m, const char *name, int postings, MDB_dbi tmp, uint64_t *b0,
           uint64_t *b1)
{
    MDB_dbi dbi;
    MDB_stat s0, s1;
    int rc, mrc = mdb_dbi_open(m->txn, name, 0, &dbi);

    if (mrc == MDB_NOTFOUND)
        return sanctum__err(SANCTUM_ECORRUPT, "%s: no %s table", m->path, name);
    if (mrc != 0 || (mrc = mdb_stat(m->txn, dbi, &s0)) != 0 ||
        (mrc = mdb_drop(m->txn, tmp, 0)) != 0)
        return lmdb_fail(mrc, m->path);
    rc = postings ? sanctum__postings_repack(m->txn, dbi, tmp)
                  : sanctum__table_copy(m->txn, dbi, tmp);
    if (rc < 0)
        return rc;
    if ((mrc = mdb_drop(m->txn, dbi, 0)) != 0)
        return lmdb_fail(mrc, m->path);
    if ((rc = sanctum__table_copy(m->txn, tmp, dbi)) < 0)
        return rc;
    if ((mrc = mdb_stat(m->txn, dbi, &s1)) != 0)
        return lmdb_fail(mrc, m->path);
    if (!postings && s1.ms_entries != s0.ms_entries) /* never: the commit is abandoned */
        return sanctum__err(SANCTUM_ERROR, "%s: table %s changed its number of entries while "
                            "being repacked", m->path, name);
    *b0 += stat_bytes(&s0);
    *b1 += stat_bytes(&s1);
    return SANCTUM_OK;
}

int
sanctum_store_repack(const char *path, uint64_t *before, uint64_t *after)
{
    /* the tables a screening reads: postings, sealed names, the records
     * of its matches (their keys and values stay exactly as they were) */
    static const struct {
        enum sanctum__db db;
        int postings;
    } tables[] = {
        { SANCTUM__DB_POSTINGS, 1 },
        { SANCTUM__DB_INDEX_NAMES, 0 },
        { SANCTUM__DB_ENTITIES, 0 },
    };
    struct maint m;
    MDB_dbi tmp;
    uint64_t b0 = 0, b1 = 0;
    int rc = SANCTUM_OK, mrc;

    if (before != NULL)
        *before = 0;
    if (after != NULL)
        *after = 0;
    if ((rc = maint_begin(&m, path)) < 0)
        return maint_end(&m, rc);
    if (m.fmt != SANCTUM_FORMAT_VERSION)
        return maint_end(&m, sanctum__err(SANCTUM_EVERSION,
                                          "store %s has format version %llu; repacking needs "
                                          "version %d%s",
                                          path, (unsigned long long)m.fmt,
                                          SANCTUM_FORMAT_VERSION,
                                          m.fmt < SANCTUM_FORMAT_VERSION
                                              ? " (run 'sanctum-admin upgrade' first)"
                                              : ""));
    if ((rc = check_alone(&m)) < 0)
        return maint_end(&m, rc);
    if ((mrc = mdb_dbi_open(m.txn, REPACK_TMP, MDB_CREATE, &tmp)) != 0)
        return maint_end(&m, lmdb_fail(mrc, path));
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && rc == SANCTUM_OK; i++)
        rc = pack_table(&m, sanctum__db_name(tables[i].db), tables[i].postings, tmp, &b0, &b1);
    if (rc == SANCTUM_OK && (mrc = mdb_drop(m.txn, tmp, 1)) != 0)
        rc = lmdb_fail(mrc, path);
    if (rc == SANCTUM__EMAPFULL)
        rc = lmdb_fail(MDB_MAP_FULL, path);
    if ((rc = maint_end(&m, rc)) == SANCTUM_OK) {
        if (before != NULL)
            *before = b0;
        if (after != NULL)
            *after = b1;
    }
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* store_open.c - creating a store (keys, first admin, first audit entry) and opening one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "blindindex.h"
#include "errors.h"
#include "keys.h"
#include "store.h"
#include "store_registry.h"
#include "users.h"

#define DEFAULT_MAP_SIZE ((size_t)64 << 20)
#define MAX_DBS 32
#define ORIGIN_MAX 200

static int
origin_valid(const char *o)
{
    size_t n = 0;

    for (; o[n] != '\0'; n++)
        if ((unsigned char)o[n] < 0x21 || (unsigned char)o[n] > 0x7e || o[n] == '+')
            return 0;
    return n > 0 && n <= ORIGIN_MAX;
}

static int
has_store(const char *path)
{
    char file[4096];
    struct stat sb;

    snprintf(file, sizeof file, "%s/data.mdb", path);
    return stat(file, &sb) == 0;
}

/* The store's format, read before its tables are opened: SANCTUM_EVERSION
 * for any other than SANCTUM_FORMAT_VERSION, saying what to do about it. */
static int
check_format(sanctum_store *st, MDB_txn *txn)
{
    MDB_dbi meta;
    MDB_val k = { 6, "format" }, v;
    uint64_t fmt;
    int rc;

    if ((rc = mdb_dbi_open(txn, sanctum__db_name(SANCTUM__DB_META), 0, &meta)) == MDB_NOTFOUND)
        return sanctum__err(SANCTUM_ECORRUPT, "%s is not a sanctum store (no meta table)",
                            st->path);
    if (rc == 0)
        rc = mdb_get(txn, meta, &k, &v);
    if (rc == MDB_NOTFOUND)
        return sanctum__err(SANCTUM_ECORRUPT, "%s is not a sanctum store (no format version)",
                            st->path);
    if (rc != 0)
        return sanctum__err_mdb(rc, st->path);
    if (v.mv_size != 8)
        return sanctum__err(SANCTUM_ECORRUPT, "store metadata 'format' is malformed");
    fmt = sanctum__rd64(v.mv_data);
    if (fmt > 0 && fmt < SANCTUM_FORMAT_VERSION)
        return sanctum__err(SANCTUM_EVERSION,
                            "store %s has format version %llu, older than this library's %d: "
                            "upgrade it with 'sanctum-admin upgrade' (sanctum_store_upgrade)",
                            st->path, (unsigned long long)fmt, SANCTUM_FORMAT_VERSION);
    if (fmt != SANCTUM_FORMAT_VERSION)
        return sanctum__err(SANCTUM_EVERSION,
                            "store %s has format version %llu; this library reads version %d",
                            st->path, (unsigned long long)fmt, SANCTUM_FORMAT_VERSION);
    st->format = (unsigned int)fmt;
    return SANCTUM_OK;
}

/* Open the LMDB environment and every named database. */
static int
env_open(sanctum_store *st, size_t map_size, int create)
{
    unsigned int envflags = MDB_NOTLS | MDB_NORDAHEAD;
    MDB_envinfo info;
    MDB_txn *txn;
    int rc;

    if ((rc = mdb_env_create(&st->env)) != 0)
        return sanctum__err_mdb(rc, st->path);
    if (st->flags & SANCTUM_STORE_RDONLY)
        envflags |= MDB_RDONLY;
    if ((rc = mdb_env_set_maxdbs(st->env, MAX_DBS)) != 0 ||
        (rc = mdb_env_set_mapsize(st->env, map_size ? map_size : DEFAULT_MAP_SIZE)) != 0 ||
        (rc = mdb_env_open(st->env, st->path, envflags, 0600)) != 0)
        return sanctum__err_mdb(rc, st->path);
    if (mdb_env_info(st->env, &info) == 0)
        st->map_size = info.me_mapsize;
    rc = mdb_txn_begin(st->env, NULL, (st->flags & SANCTUM_STORE_RDONLY) ? MDB_RDONLY : 0,
                       &txn);
    if (rc != 0)
        return sanctum__err_mdb(rc, st->path);
    /* before any table is made: a store of another format stays untouched */
    if (!create && (rc = check_format(st, txn)) < 0) {
        mdb_txn_abort(txn);
        return rc;
    }
    for (int i = 0; i < SANCTUM__DB_COUNT; i++) {
        unsigned int f = (st->flags & SANCTUM_STORE_RDONLY) ? 0 : MDB_CREATE;
        rc = mdb_dbi_open(txn, sanctum__db_name(i), f, &st->dbi[i]);
        if (rc != 0) {
            mdb_txn_abort(txn);
            if (rc == MDB_NOTFOUND && !create)
                return sanctum__err(SANCTUM_ECORRUPT, "%s is not a sanctum store (no %s table)",
                                    st->path, sanctum__db_name(i));
            return sanctum__err_mdb(rc, st->path);
        }
    }
    if ((rc = mdb_txn_commit(txn)) != 0)
        return sanctum__err_mdb(rc, st->path);
    return SANCTUM_OK;
}

/* Read id and origin (the format was checked on opening). */
static int
load_meta(sanctum_store *st)
{
    MDB_txn *txn;
    MDB_val v;
    int rc;

    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    rc = sanctum__get(txn, st, SANCTUM__DB_META, "store_id", 8, &v);
    if (rc < 0 || v.mv_size != SANCTUM_STORE_ID_BYTES) {
        rc = sanctum__err(SANCTUM_ECORRUPT, "store %s has no valid id", st->path);
        goto done;
    }
    memcpy(st->id, v.mv_data, SANCTUM_STORE_ID_BYTES);
    sodium_bin2hex(st->id_hex, sizeof st->id_hex, st->id, SANCTUM_STORE_ID_BYTES);
    rc = sanctum__get(txn, st, SANCTUM__DB_META, "origin", 6, &v);
    if (rc < 0 || v.mv_size == 0 || v.mv_size > ORIGIN_MAX) {
        rc = sanctum__err(SANCTUM_ECORRUPT, "store %s has no valid log origin", st->path);
        goto done;
    }
    if ((st->origin = sanctum__strmem(v.mv_data, v.mv_size)) == NULL)
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
done:
    sanctum__store_read_end(st, txn);
    return rc;
}

static sanctum_store *
store_alloc(const char *path, unsigned int flags)
{
    sanctum_store *st = calloc(1, sizeof *st);

    if (st == NULL)
        return NULL;
    if ((st->path = strdup(path)) == NULL || pthread_rwlock_init(&st->resize_lock, NULL) != 0) {
        free(st->path);
        free(st);
        return NULL;
    }
    st->flags = flags;
    st->resident_uffd = -1;
    return st;
}

void
sanctum_store_close(sanctum_store *st)
{
    if (st == NULL)
        return;
    sanctum__store_resident_close(st);
    if (st->env != NULL)
        mdb_env_close(st->env);
    sanctum__registry_remove(st); /* after the close: then another may open it */
    pthread_rwlock_destroy(&st->resize_lock);
    free(st->path);
    free(st->origin);
    free(st);
}

int
sanctum_store_open(sanctum_store **out, const char *path, const sanctum_store_options *opts)
{
    sanctum_store *st;
    struct stat sb;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__init()) < 0)
        return rc;
    if (opts != NULL && opts->version != SANCTUM_STORE_OPTIONS_VERSION)
        return sanctum__err(SANCTUM_EINVAL, "unknown store options version %u", opts->version);
    if (opts != NULL && (opts->flags & ~SANCTUM_STORE_RDONLY))
        return sanctum__err(SANCTUM_EINVAL, "unknown store flags 0x%x", opts->flags);
    if (path == NULL || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode) || !has_store(path))
        return sanctum__err(SANCTUM_ENOTFOUND, "no store at %s", path ? path : "(null)");
    if ((st = store_alloc(path, opts ? opts->flags : 0)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if ((rc = sanctum__registry_add(st, path)) < 0 ||
        (rc = env_open(st, opts ? opts->map_size : 0, 0)) < 0 || (rc = load_meta(st)) < 0) {
        sanctum_store_close(st);
        return rc;
    }
    sanctum__registry_ready(st);
    *out = st;
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ creation */

struct create_ctx {
    sanctum_store *st;
    sanctum__user_prep *admin;
    sanctum__keyring *kr;        /* admin's keys + fresh store keys */
    const sanctum__kdf_params *kdf;
};

static int
create_txn(MDB_txn *txn, void *arg)
{
    struct create_ctx *c = arg;
    sanctum_store *st = c->st;
    sanctum__user *u = &c->admin->user;
    unsigned char log_pk[crypto_sign_PUBLICKEYBYTES], extra[256];
    sanctum__audit_spec spec = { SANCTUM__ACT_STORE_CREATE, NULL, NULL, 0, extra, 0 };
    int rc;

    if ((rc = sanctum__meta_put_u64(txn, st, "format", SANCTUM_FORMAT_VERSION)) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, SANCTUM__INDEX_RULES_KEY, SANCTUM__INDEX_RULES)) < 0 ||
        (rc = sanctum__put(txn, st, SANCTUM__DB_META, "store_id", 8, st->id,
                           SANCTUM_STORE_ID_BYTES, 0)) < 0 ||
        (rc = sanctum__put(txn, st, SANCTUM__DB_META, "origin", 6, st->origin,
                           strlen(st->origin), 0)) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, "created", (uint64_t)sanctum__now_ms())) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, "kdf_ops", c->kdf->ops)) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, "kdf_mem", c->kdf->mem)) < 0)
        return rc;
    if (crypto_sign_ed25519_sk_to_pk(log_pk, c->kr->log_sk) != 0)
        return sanctum__err(SANCTUM_ERROR, "log key derivation failed");
    if ((rc = sanctum__put(txn, st, SANCTUM__DB_META, "log_pk", 6, log_pk, sizeof log_pk,
                           0)) < 0)
        return rc;
    if ((rc = sanctum__user_insert(txn, st, u)) < 0 ||
        (rc = sanctum__grants_share(txn, st, c->kr, u->id, u->clearance, u->box_pk)) < 0)
        return rc;
    spec.extra_len = sanctum__user_public_encode(extra, sizeof extra, u);
    return sanctum__audit_append(txn, st, c->kr, u->id, &spec);
}

/* Fresh store keys (version 1 of every level, index key, log key) plus the
 * admin's own secrets, in one keyring. */
static int
make_keys(sanctum__keyring *kr, const sanctum__user_prep *admin)
{
    unsigned char k[SANCTUM__KEY_BYTES], log_pk[crypto_sign_PUBLICKEYBYTES];
    int rc = SANCTUM_OK;

    memcpy(kr->sign_sk, admin->secret, crypto_sign_SECRETKEYBYTES);
    memcpy(kr->box_sk, admin->secret + crypto_sign_SECRETKEYBYTES, crypto_box_SECRETKEYBYTES);
    memcpy(kr->sign_pk, admin->user.sign_pk, sizeof kr->sign_pk);
    memcpy(kr->box_pk, admin->user.box_pk, sizeof kr->box_pk);
    for (int level = 1; level <= 3 && rc == SANCTUM_OK; level++) {
        crypto_aead_xchacha20poly1305_ietf_keygen(k);
        rc = sanctum__keyring_add_level(kr, level, 1, k);
    }
    crypto_generichash_keygen(kr->index_key);
    kr->has_index = 1;
    if (crypto_sign_keypair(log_pk, kr->log_sk) != 0)
        rc = sanctum__err(SANCTUM_ERROR, "log key generation failed");
    kr->has_log = 1;
    sodium_memzero(k, sizeof k);
    return rc;
}

/* Remove what a failed create left behind. */
static void
unmake(const char *path, int made_dir)
{
    char file[4096];

    snprintf(file, sizeof file, "%s/data.mdb", path);
    unlink(file);
    snprintf(file, sizeof file, "%s/lock.mdb", path);
    unlink(file);
    if (made_dir)
        rmdir(path);
}

int
sanctum_store_create(sanctum_store **out, const char *path, const char *admin_name,
                     const unsigned char *pass, size_t pass_len,
                     const sanctum_store_options *opts)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum__kdf_params kdf;
    sanctum__user_prep admin = { 0 };
    sanctum__keyring *kr = NULL;
    struct create_ctx c;
    sanctum_store *st = NULL;
    char origin[ORIGIN_MAX + 1];
    int rc, made_dir = 0;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__init()) < 0)
        return rc;
    if (opts != NULL) {
        if (opts->version != SANCTUM_STORE_OPTIONS_VERSION)
            return sanctum__err(SANCTUM_EINVAL, "unknown store options version %u",
                                opts->version);
        o = *opts;
    }
    if (o.flags & ~SANCTUM_STORE_RDONLY)
        return sanctum__err(SANCTUM_EINVAL, "unknown store flags 0x%x", o.flags);
    if (o.flags & SANCTUM_STORE_RDONLY)
        return sanctum__err(SANCTUM_EINVAL, "cannot create a store read-only");
    if (o.origin != NULL && !origin_valid(o.origin))
        return sanctum__err(SANCTUM_EINVAL,
                            "log origin must be 1-%d printable ASCII characters without "
                            "spaces or '+'", ORIGIN_MAX);
    if ((rc = sanctum__kdf_params_for(o.kdf, &kdf)) < 0)
        return rc;
    if (path == NULL || *path == '\0')
        return sanctum__err(SANCTUM_EINVAL, "no store directory given");
    if (has_store(path))
        return sanctum__err(SANCTUM_EEXISTS, "a store already exists at %s", path);
    if ((st = store_alloc(path, 0)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    randombytes_buf(st->id, sizeof st->id);
    sodium_bin2hex(st->id_hex, sizeof st->id_hex, st->id, sizeof st->id);
    snprintf(origin, sizeof origin, "%s", o.origin ? o.origin : "");
    if (o.origin == NULL)
        snprintf(origin, sizeof origin, "sanctum.local/%s", st->id_hex);
    if ((st->origin = strdup(origin)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto fail;
    }
    st->format = SANCTUM_FORMAT_VERSION;
    /* Validate the admin and run Argon2id before touching the disk. */
    if ((rc = sanctum__user_prepare(&admin, st, admin_name, SANCTUM_ROLE_ADMIN,
                                    SANCTUM_LEVEL_SECRET, pass, pass_len, &kdf)) < 0)
        goto fail;
    if (mkdir(path, 0700) == 0) {
        made_dir = 1;
    } else if (errno != EEXIST) {
        rc = sanctum__err(errno == ENOENT ? SANCTUM_ENOTFOUND : SANCTUM_EIO,
                          "cannot create directory %s: %s", path, strerror(errno));
        goto fail;
    }
    if ((rc = sanctum__registry_add(st, path)) < 0 || (rc = env_open(st, o.map_size, 1)) < 0)
        goto fail_disk;
    if ((kr = sanctum__keyring_new()) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of guarded memory");
        goto fail_disk;
    }
    if ((rc = make_keys(kr, &admin)) < 0)
        goto fail_disk;
    c.st = st;
    c.admin = &admin;
    c.kr = kr;
    c.kdf = &kdf;
    if ((rc = sanctum__store_write(st, create_txn, &c)) < 0)
        goto fail_disk;
    sanctum__keyring_free(kr);
    sanctum__user_prep_clear(&admin);
    sanctum__registry_ready(st);
    *out = st;
    return SANCTUM_OK;
fail_disk:
    sanctum_store_close(st);
    st = NULL;
    unmake(path, made_dir);
fail:
    sanctum__keyring_free(kr);
    sanctum__user_prep_clear(&admin);
    sanctum_store_close(st);
    return rc;
}

/* ------------------------------------------------------------ accessors */

void
sanctum_store_id(const sanctum_store *st, unsigned char out[SANCTUM_STORE_ID_BYTES])
{
    memcpy(out, st->id, SANCTUM_STORE_ID_BYTES);
}

const char *
sanctum_store_id_hex(const sanctum_store *st)
{
    return st->id_hex;
}

const char *
sanctum_store_origin(const sanctum_store *st)
{
    return st->origin;
}

unsigned int
sanctum_store_format(const sanctum_store *st)
{
    return st->format;
}

size_t
sanctum_store_map_size(const sanctum_store *st)
{
    return st->map_size;
}

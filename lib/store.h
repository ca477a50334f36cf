/* SPDX-License-Identifier: Apache-2.0 */
/* store.h (internal) - the LMDB environment, its databases and transactions. */
#ifndef SANCTUM_LIB_STORE_H
#define SANCTUM_LIB_STORE_H

#include <lmdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sanctum/store.h>

/* Named databases. Each module owns its own; others go through it. */
enum sanctum__db {
    SANCTUM__DB_META,       /* store metadata: format, id, origin, counters */
    SANCTUM__DB_USERS,      /* user name -> user record (users.c) */
    SANCTUM__DB_USER_IDS,   /* u32 id -> user name (users.c) */
    SANCTUM__DB_GRANTS,     /* (user id, kind, version) -> sealed key (keys.c) */
    SANCTUM__DB_ENTITIES,   /* entity id -> encrypted record (entity_store.c) */
    SANCTUM__DB_BY_SCHEMA,  /* schema NUL id -> "" (entity_store.c) */
    SANCTUM__DB_AUDIT,      /* u64 index -> signed entry (audit.c) */
    SANCTUM__DB_TREE,       /* u64 stored-hash index -> hash (audit.c) */
    SANCTUM__DB_CHECKPOINTS,/* u64 tree size -> signed checkpoint note (audit.c) */
    SANCTUM__DB_POSTINGS,   /* blind-index postings: token -> blocks of value refs (postings.c) */
    SANCTUM__DB_APPROVALS,  /* case id NUL target rev approver -> entry (lifecycle.c) */
    SANCTUM__DB_MANIFESTS,  /* u64 entry index -> refs of a bulk entry (audit.c) */
    SANCTUM__DB_SOURCES,    /* keyed hash of (list, source id) -> entity id (import.c) */
    SANCTUM__DB_INDEX_VALUES, /* entity id -> its indexed values and their tokens (blindindex.c) */
    SANCTUM__DB_INDEX_NAMES,  /* value ref -> sealed normalised names (blindindex.c) */
    SANCTUM__DB_COUNT
};

/* Internal result: the map is full; the write is retried after growing. */
#define SANCTUM__EMAPFULL (-1000)

struct sanctum_store {
    MDB_env *env;                          /* the LMDB environment */
    MDB_dbi dbi[SANCTUM__DB_COUNT];        /* opened named databases */
    pthread_rwlock_t resize_lock;          /* shared by txns, exclusive to grow */
    char *path;                            /* store directory */
    unsigned char id[SANCTUM_STORE_ID_BYTES]; /* random store id */
    char id_hex[2 * SANCTUM_STORE_ID_BYTES + 1];
    char *origin;                          /* audit log origin */
    unsigned int format;                   /* on-disk format version */
    unsigned int flags;                    /* SANCTUM_STORE_RDONLY ... */
    size_t map_size;                       /* current map size */
    _Atomic(const void *) long_writer;     /* the thread holding a long write
                                              (an import run): the address of
                                              its marker in store.c, or NULL */
    /* A soft limit on the store's mapped pages resident in this process
     * (store_resident.c); all 0 while none is set. */
    _Atomic size_t resident_limit;         /* bytes; 0 = no limit */
    _Atomic uint64_t resident_next;        /* monotonic ns of the next check */
    _Atomic size_t resident_base;          /* file pages resident just after
                                              the last trim, in bytes: other
                                              files' pages, not the store's */
    _Atomic uint64_t resident_trims;       /* trims done */
    _Atomic int resident_uffd;             /* userfaultfd that keeps the kernel
                                              from mapping neighbours of each
                                              page read, or -1 (store_resident.c) */
};

/* Run fn(txn, ctx) in a write transaction and commit it. If the map fills
 * up, the transaction is aborted, the map doubled and fn run again, so fn
 * must keep its side effects inside the transaction (or make them
 * idempotent) until this returns. Returns fn's code or a commit error. */
typedef int (*sanctum__write_fn)(MDB_txn *txn, void *ctx);
int sanctum__store_write(sanctum_store *st, sanctum__write_fn fn, void *ctx);

/* A long write transaction driven by the caller (an import run): begin
 * takes the writer lock; end commits (commit = 1) or aborts. No automatic
 * growth: call sanctum__store_reserve() before begin. A full map fails the
 * run with SANCTUM_EIO and a clear message. Until end, a write begun on
 * the store by the same thread (sanctum__store_write, another long
 * write, a reserve that would grow the map) would wait for the lock the
 * thread holds itself: it is refused with SANCTUM_EINVAL instead. */
int sanctum__store_write_begin(sanctum_store *st, MDB_txn **out);
int sanctum__store_write_end(sanctum_store *st, MDB_txn *txn, int commit);

/* Make sure the map can take `more` bytes beyond what is in use. */
int sanctum__store_reserve(sanctum_store *st, size_t more);

/* Keep the store's mapped pages resident in this process under the limit
 * set by sanctum_store_set_resident_limit(): at most once a millisecond,
 * compare the process's file-backed resident pages with the limit and,
 * over it, drop the map's pages from the process (they stay in the page
 * cache). Call it while holding a transaction of st (its resize lock
 * shared, so the map cannot move); cheap when no limit is set. Read ends
 * and write ends call it; so does a batch worker between queries. */
void sanctum__store_resident_check(sanctum_store *st);

/* Release what the limit holds (its userfaultfd); at store close. */
void sanctum__store_resident_close(sanctum_store *st);

/* Begin/end a read-only transaction. Every begin needs its end. */
int sanctum__store_read_begin(sanctum_store *st, MDB_txn **out);
void sanctum__store_read_end(sanctum_store *st, MDB_txn *txn);

/* mdb_put / mdb_get / mdb_del with error mapping (MDB_MAP_FULL ->
 * SANCTUM__EMAPFULL, MDB_NOTFOUND -> SANCTUM_ENOTFOUND without detail). */
int sanctum__put(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
                 const void *key, size_t klen, const void *val, size_t vlen,
                 unsigned int flags);
int sanctum__get(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
                 const void *key, size_t klen, MDB_val *out);
int sanctum__del(MDB_txn *txn, const sanctum_store *st, enum sanctum__db db,
                 const void *key, size_t klen);

/* Copy every key and value of table `from` (no duplicates) into the empty
 * table `to`, in key order, appended: LMDB then fills every page, where
 * writes in random key order leave them about two thirds full. */
int sanctum__table_copy(MDB_txn *txn, MDB_dbi from, MDB_dbi to);

/* Metadata helpers (DB_META, string keys). */
int sanctum__meta_get_u64(MDB_txn *txn, const sanctum_store *st, const char *key, uint64_t *out);
int sanctum__meta_put_u64(MDB_txn *txn, const sanctum_store *st, const char *key, uint64_t v);

/* Big-endian encoding helpers (inline: they sit on every hot path; a
 * memcpy and a byte swap compile to one load or store and a bswap). */
static inline void
sanctum__be64(unsigned char out[8], uint64_t v)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
    memcpy(out, &v, 8);
#else
    for (int i = 7; i >= 0; i--) {
        out[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
#endif
}

static inline uint64_t
sanctum__rd64(const unsigned char in[8])
{
    uint64_t v = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&v, in, 8);
    v = __builtin_bswap64(v);
#else
    for (int i = 0; i < 8; i++)
        v = (v << 8) | in[i];
#endif
    return v;
}

static inline void
sanctum__be32(unsigned char out[4], uint32_t v)
{
    out[0] = (unsigned char)(v >> 24);
    out[1] = (unsigned char)(v >> 16);
    out[2] = (unsigned char)(v >> 8);
    out[3] = (unsigned char)v;
}

static inline uint32_t
sanctum__rd32(const unsigned char in[4])
{
    return ((uint32_t)in[0] << 24) | ((uint32_t)in[1] << 16) | ((uint32_t)in[2] << 8) |
           (uint32_t)in[3];
}

/* A NUL-terminated malloc'd copy of `len` bytes that need not be
 * terminated (LMDB values, caller buffers); NULL when out of memory. Unlike
 * strndup() it never looks past `len`. */
char *sanctum__strmem(const void *p, size_t len);

/* Move the first `used` bytes of malloc'd block `p` (NULL: none) to a new
 * block of `cap` bytes, wiping and freeing the old one: realloc for
 * buffers of secret-derived bytes, which must leave no copy behind.
 * NULL (and `p` untouched) when out of memory. */
void *sanctum__grow_wiped(void *p, size_t used, size_t cap);

/* Current UTC time in milliseconds since the epoch. */
int64_t sanctum__now_ms(void);

/* Name of a named database (for messages and opening). */
const char *sanctum__db_name(int db);

/* Make sure libsodium is initialised; SANCTUM_ERROR if it cannot be. */
int sanctum__init(void);

#endif

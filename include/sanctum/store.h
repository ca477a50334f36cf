/* SPDX-License-Identifier: Apache-2.0 */
/* store.h - creating, opening and closing a sanctum store. */
#ifndef SANCTUM_STORE_H
#define SANCTUM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An open store: one directory holding an LMDB environment.
 *
 * A store handle carries no keys: it can list users and read the audit
 * trail, nothing else. Case data needs a session (session.h).
 *
 * Thread safety: one handle may be shared by any number of threads; every
 * call takes its own LMDB transaction and writes are serialised (see
 * docs/threading.md). One process has one handle per store: a second
 * sanctum_store_open() of a store it has open (by any path) is refused
 * with SANCTUM_EBUSY, because LMDB's locks belong to the process and
 * closing a second handle would drop the first one's. Do not use a handle
 * in a child after fork().
 */
typedef struct sanctum_store sanctum_store;

/** Argon2id strength used to protect users' secret keys. */
typedef enum sanctum_kdf {
    SANCTUM_KDF_DEFAULT     = 0, /**< = SANCTUM_KDF_MODERATE */
    SANCTUM_KDF_INTERACTIVE = 1, /**< crypto_pwhash_*_INTERACTIVE (64 MiB) */
    SANCTUM_KDF_MODERATE    = 2, /**< crypto_pwhash_*_MODERATE (256 MiB) */
    SANCTUM_KDF_SENSITIVE   = 3  /**< crypto_pwhash_*_SENSITIVE (1 GiB) */
} sanctum_kdf;

/** Size of the random store id in bytes. */
#define SANCTUM_STORE_ID_BYTES 16
/** On-disk format version written (and read) by this library: 2 since
 *  postings are kept in blocks; a store of format 1 is upgraded by
 *  sanctum_store_upgrade(). */
#define SANCTUM_FORMAT_VERSION 2

/** Options for sanctum_store_create() and sanctum_store_open(). */
typedef struct sanctum_store_options {
    unsigned int version;   /**< SANCTUM_STORE_OPTIONS_VERSION */
    unsigned int flags;     /**< SANCTUM_STORE_RDONLY */
    sanctum_kdf  kdf;       /**< create only: passphrase KDF strength */
    size_t       map_size;  /**< initial LMDB map size in bytes; 0 = 64 MiB.
                                 The map grows on its own when full. */
    const char  *origin;    /**< create only: audit log origin, a schema-less
                                 URL naming this store (no spaces, no '+');
                                 NULL = "sanctum.local/<store id hex>" */
} sanctum_store_options;

#define SANCTUM_STORE_OPTIONS_VERSION 1
#define SANCTUM_STORE_OPTIONS_INIT { SANCTUM_STORE_OPTIONS_VERSION, 0, SANCTUM_KDF_DEFAULT, 0, NULL }

/** Open read-only: no operation may write (not even audit entries). */
#define SANCTUM_STORE_RDONLY 0x1u

/**
 * Create a new store in directory `path` (made with mode 0700 if missing),
 * with `admin_name` as its first user: role admin, clearance secret.
 *
 * @param[out] out  Receives the open store; NULL on failure.
 * @param path      Directory; must not already hold a store.
 * @param admin_name  1-64 characters of [A-Za-z0-9._-].
 * @param pass, pass_len  The admin's passphrase (at least 8 bytes). Not
 *                  retained; the caller wipes its own copy.
 * @param opts      Options, or NULL for defaults.
 * @return SANCTUM_OK; SANCTUM_EEXISTS if a store is already there;
 *         SANCTUM_EINVAL for a bad name, passphrase or option;
 *         SANCTUM_EIO, SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_store_create(sanctum_store **out, const char *path,
                                        const char *admin_name,
                                        const unsigned char *pass, size_t pass_len,
                                        const sanctum_store_options *opts);

/**
 * Open an existing store.
 *
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND if `path` holds no store;
 *         SANCTUM_EVERSION if its format is not SANCTUM_FORMAT_VERSION
 *         (an older one: sanctum_store_upgrade(); a newer one needs a newer
 *         library), nothing written; SANCTUM_ECORRUPT if its metadata is
 *         damaged; SANCTUM_EBUSY if this process has the store open
 *         already (share that handle); SANCTUM_EINVAL for an unknown
 *         options version or flag; SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_store_open(sanctum_store **out, const char *path,
                                      const sanctum_store_options *opts);

/**
 * Bring a store written by an older version of this library to the
 * current format, SANCTUM_FORMAT_VERSION, in one write transaction:
 * the whole store is upgraded or nothing changes. No passphrase is
 * needed: only the arrangement of stored bytes changes, no key is used
 * and nothing is decrypted. It refuses to run while another process has
 * the store open (one linking an older library would go on reading the
 * old layout): checked before it starts and again before it commits. A
 * store already current is left as it is.
 *
 * Format 1 -> 2: the blind index postings move from LMDB duplicates to
 * blocks of refs (docs/screening.md, "Postings").
 *
 * @param from  receives the format found (may be NULL)
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND if `path` holds no store;
 *         SANCTUM_EVERSION if its format is newer than this library's or
 *         unknown; SANCTUM_EBUSY if another process, or this one, has
 *         it open (nothing is written); SANCTUM_ECORRUPT if it is damaged;
 *         SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_store_upgrade(const char *path, unsigned int *from);

/**
 * Rewrite the tables a screening reads in key order, packed, in one write
 * transaction: the blind index postings (regrouped in fresh blocks), the
 * sealed normalised names and the records (each key and value exactly as
 * it was). Batches and random keys leave their pages about two thirds
 * full; packed, a screening that cannot keep the whole index in memory
 * reads fewer pages (docs/screening.md). No passphrase is needed: the
 * stored bytes are rearranged, nothing is decrypted or re-keyed. Run it
 * after a large import, for example; like sanctum_store_upgrade() it
 * refuses to run while another process has the store open. The file does
 * not shrink (LMDB keeps the freed pages for later writes; `mdb_copy -c`
 * makes a compact copy).
 *
 * @param before, after  receive the bytes in those tables' pages before
 *                       and after (either may be NULL)
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND if `path` holds no store;
 *         SANCTUM_EVERSION if its format is not SANCTUM_FORMAT_VERSION
 *         (an older one: sanctum_store_upgrade() first); SANCTUM_EBUSY
 *         if another process, or this one, has it open; SANCTUM_ECORRUPT
 *         if its postings
 *         are damaged (nothing is written then); SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_store_repack(const char *path, uint64_t *before, uint64_t *after);

/** Close the store. All its sessions must be closed first. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_store_close(sanctum_store *store);

/** Copy the store's random id (SANCTUM_STORE_ID_BYTES) into `out`. */
SANCTUM_EXPORT void sanctum_store_id(const sanctum_store *store,
                                     unsigned char out[SANCTUM_STORE_ID_BYTES]);

/** The store id as 32 lowercase hex digits; lives as long as the store. */
SANCTUM_EXPORT const char *sanctum_store_id_hex(const sanctum_store *store);

/** The audit log origin; lives as long as the store. */
SANCTUM_EXPORT const char *sanctum_store_origin(const sanctum_store *store);

/** On-disk format version of the open store. */
SANCTUM_EXPORT unsigned int sanctum_store_format(const sanctum_store *store);

/** Current LMDB map size in bytes (grows on demand). */
SANCTUM_EXPORT size_t sanctum_store_map_size(const sanctum_store *store);

/**
 * A soft limit on the store's pages resident in this process.
 *
 * LMDB reads through a map of the store file, and every page read stays
 * mapped: a long screening of a large store brings most of the tables it
 * reads into the process's resident set (RSS), gigabytes at a million
 * persons, though they are page cache, shared and clean (docs/screening.md,
 * "Memory"). With a limit, whenever the process's file-backed resident
 * pages exceed `bytes` beyond what other files had resident at the last
 * trim, the library drops the store's pages from the process
 * (madvise(MADV_DONTNEED)). They stay in the page cache; the next read of
 * one maps it again without touching the disk, at the cost of a minor page
 * fault. Nothing is lost and open reads are unaffected.
 *
 * While a limit is set, the library also asks the kernel to map only the
 * page each read faults on, not the ~15 cached neighbours it maps by
 * default ("fault-around"), by registering the store's map with a
 * user-mode userfaultfd for asynchronous write-protect tracking (Linux 6.7
 * and later; the map is read-only, so nothing else changes): the same
 * reads then fill the limit ~13 times more slowly. Where the kernel
 * refuses (older kernels, userfaultfd disabled, a store opened read-only)
 * or the process runs under any seccomp filter (which might kill it for a
 * system call it does not list, so userfaultfd is not tried), the limit
 * works with fault-around, at about
 * half the batch throughput at a million persons. Removing the limit
 * removes the registration.
 *
 * The resident set is looked at (/proc/self/statm) at most once a
 * millisecond, when a transaction ends and between the queries of a batch
 * screening, so it can exceed the limit by what the reads in between map:
 * up to ~60 MiB was seen at a million persons with fault-around, so set
 * the limit some 64 MiB below a hard one. Each drop costs time (docs/screening.md has figures). The process's
 * own memory (heap, stacks) is not limited by this. It does not limit the
 * page cache either: under a memory cgroup that charges page cache, the
 * kernel reclaims the cache itself.
 *
 * Thread safety: may be called at any time from any thread.
 *
 * @param bytes  the limit; 0 removes it (the default)
 * @return SANCTUM_OK; SANCTUM_EINVAL for a NULL store, or a non-zero limit
 *         where the resident set cannot be read (not Linux); SANCTUM_EIO
 *         when /proc/self/statm cannot be read.
 */
SANCTUM_EXPORT int sanctum_store_set_resident_limit(sanctum_store *store, size_t bytes);

/** How many times the store's pages were dropped from the process under
 *  the limit of sanctum_store_set_resident_limit(); 0 for NULL. */
SANCTUM_EXPORT uint64_t sanctum_store_resident_trims(const sanctum_store *store);

#ifdef __cplusplus
}
#endif
#endif

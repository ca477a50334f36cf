/* SPDX-License-Identifier: Apache-2.0 */
/* audit.h - the public trust file and the signed, verifiable audit trail. */
#ifndef SANCTUM_AUDIT_H
#define SANCTUM_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/export.h>
#include <sanctum/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Everything here needs only a store handle (no session, no passphrase):
 * the audit trail holds no plaintext personal data. Formats:
 * docs/audit-entry.md, docs/transparency-log.md, docs/trust-file.md.
 */

/**
 * Export the store's trust file: store id, audit log origin and verifier
 * key, and every user's id, name, role, clearance, state and public keys.
 * It holds no secret and no case data; an auditor verifies the trail with
 * it alone. Format: docs/trust-file.md.
 *
 * @param[out] out  NUL-terminated text; free with sanctum_free().
 * @param[out] len  Its length without the NUL (may be NULL).
 * @return SANCTUM_OK; SANCTUM_EIO; SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_trust_export(char **out, size_t *len, sanctum_store *store);

/** Number of entries in the trail (the Merkle tree size). */
SANCTUM_EXPORT int sanctum_audit_size(uint64_t *out, sanctum_store *store);

/**
 * The exact bytes of entry `index` (the Merkle leaf data).
 * @param[out] out  malloc'd bytes; free with sanctum_free().
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND past the end; SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_audit_entry_raw(unsigned char **out, size_t *len,
                                           sanctum_store *store, uint64_t index);

/** One decoded entity reference of an entry. */
typedef struct sanctum_audit_ref {
    char id[256];              /**< entity id */
    uint64_t revision;         /**< revision after the action (0: erased) */
    unsigned char hash[32];    /**< BLAKE2b-256 of the stored record bytes after it */
} sanctum_audit_ref;

/** A decoded entry. Variable parts live as long as the entry. */
typedef struct sanctum_audit_entry {
    uint64_t index;            /**< leaf index, from 0 */
    int64_t time_ms;           /**< UTC milliseconds since the epoch */
    uint32_t actor;            /**< user id of the signer */
    char actor_name[65];       /**< their name ("" if unknown) */
    unsigned char key_id[8];   /**< SHA-256(signer's Ed25519 key)[0..8) */
    const char *action;        /**< "create", "alter", "consult", ... */
    const char *purpose;       /**< NUL-terminated; "" if none */
    const sanctum_audit_ref *refs; /**< nrefs references */
    size_t nrefs;
    const char *detail;        /**< action-specific text: status change,
                                    user added, lookup count ...; "" if none */
    unsigned char leaf_hash[32]; /**< RFC 6962 leaf hash of the entry */
} sanctum_audit_entry;

/** Decode entry `index`; free with sanctum_audit_entry_free(). */
SANCTUM_EXPORT int sanctum_audit_entry_get(sanctum_audit_entry **out, sanctum_store *store,
                                           uint64_t index);
SANCTUM_EXPORT void sanctum_audit_entry_free(sanctum_audit_entry *entry);

/** Action names accepted by filters: 1 if known. */
SANCTUM_EXPORT int sanctum_audit_action_known(const char *action);

/**
 * The latest signed checkpoint (C2SP signed note), NUL-terminated.
 * @param[out] out  free with sanctum_free().
 */
SANCTUM_EXPORT int sanctum_audit_checkpoint(char **out, sanctum_store *store);

/**
 * The stored checkpoint of tree size `size` (one is signed after every write
 * transaction, so most sizes have one; 0: the latest).
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND when no checkpoint has that size.
 */
SANCTUM_EXPORT int sanctum_audit_checkpoint_at(char **out, sanctum_store *store, uint64_t size);

/** The log's verifier key in C2SP form name+hash+base64, into out (>= 256 bytes). */
SANCTUM_EXPORT int sanctum_audit_vkey(char *out, size_t cap, sanctum_store *store);

/** Longest proof: hashes in an inclusion or consistency proof. */
#define SANCTUM_PROOF_MAX 64

/**
 * Inclusion proof of entry `index` in the tree of `size` entries (0: the
 * current size), RFC 6962 order. path must hold SANCTUM_PROOF_MAX hashes.
 * @return SANCTUM_OK; SANCTUM_EINVAL (index >= size, size too large).
 */
SANCTUM_EXPORT int sanctum_audit_prove(unsigned char path[][32], size_t *len,
                                       sanctum_store *store, uint64_t index, uint64_t size);

/** Consistency proof from tree size `size1` to `size2` (0: current), RFC 6962 order. */
SANCTUM_EXPORT int sanctum_audit_consistency(unsigned char path[][32], size_t *len,
                                             sanctum_store *store, uint64_t size1,
                                             uint64_t size2);

/** Root hash of the tree of `size` entries (0: current). */
SANCTUM_EXPORT int sanctum_audit_root(unsigned char out[32], sanctum_store *store,
                                      uint64_t size);

/* ------------------------------------------------------------ verification */

/** Progress callback: `done` of `total` steps. */
typedef void (*sanctum_progress_fn)(void *ctx, uint64_t done, uint64_t total);

typedef struct sanctum_verify_options {
    unsigned int version;          /**< SANCTUM_VERIFY_OPTIONS_VERSION */
    const char *saved_checkpoint;  /**< a checkpoint note saved earlier, or NULL */
    size_t saved_len;
    sanctum_progress_fn progress;  /**< or NULL */
    void *progress_ctx;
    unsigned int threads;          /**< signature-checking threads; 0 = one per core */
} sanctum_verify_options;

#define SANCTUM_VERIFY_OPTIONS_VERSION 1
#define SANCTUM_VERIFY_OPTIONS_INIT { SANCTUM_VERIFY_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0 }

/** What verification found. */
typedef struct sanctum_verify_report {
    uint64_t entries;          /**< entries checked */
    uint64_t signatures;       /**< signatures verified (entries and checkpoints) */
    uint64_t checkpoints;      /**< stored checkpoints checked */
    uint64_t records;          /**< live records checked against the trail */
    int tampered;              /**< 1 when something failed */
    int64_t bad_index;         /**< first bad entry, or -1 when the failure is
                                    not one entry (a record, a checkpoint) */
    char what[256];            /**< what failed, one line */
    char expected[160];        /**< what was expected ("" if not applicable) */
    char found[160];           /**< what was found */
} sanctum_verify_report;

/**
 * Verify the trail of the store in directory `path` with the trust file
 * alone: every signature against the key valid at that entry, the hash
 * chain, every stored checkpoint against the tree and the log key,
 * consistency with `saved_checkpoint` (catching truncation and rollback),
 * the lifecycle and two-person rule, and that every live record's bytes
 * equal what the last entry touching it committed. Opens the store
 * read-only and needs no passphrase; if this process has the store open
 * already, it reads through that handle instead (which must stay open
 * until this returns).
 *
 * @return SANCTUM_OK when sound; SANCTUM_ETAMPER when tampering was found
 *         (report says where and what); SANCTUM_ENOTFOUND, SANCTUM_EINVAL
 *         (malformed trust file or saved checkpoint), SANCTUM_EIO on
 *         operational errors.
 */
SANCTUM_EXPORT int sanctum_audit_verify(sanctum_verify_report *report, const char *path,
                                        const char *trust, size_t trust_len,
                                        const sanctum_verify_options *opts);

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* audit.h (internal) - appending signed entries to the audit trail. */
#ifndef SANCTUM_LIB_AUDIT_H
#define SANCTUM_LIB_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "keys.h"
#include "store.h"

/* Actions; values are part of the entry format (docs/audit-entry.md). */
enum sanctum__action {
    SANCTUM__ACT_STORE_CREATE  = 1,  /* store made; extra = creator's public record */
    SANCTUM__ACT_USER_ADD      = 2,  /* extra = new user's public record */
    SANCTUM__ACT_USER_REVOKE   = 3,  /* extra = u32 revoked user id */
    SANCTUM__ACT_USER_PASSWD   = 4,  /* no extra */
    SANCTUM__ACT_CREATE        = 10, /* entities created */
    SANCTUM__ACT_ALTER         = 11, /* entity changed */
    SANCTUM__ACT_ERASE         = 12, /* entity deleted (revision 0, zero hash) */
    SANCTUM__ACT_CONSULT       = 13, /* entities read */
    SANCTUM__ACT_LOOKUP        = 14, /* name screening; extra = commitment */
    SANCTUM__ACT_DISCLOSE      = 15, /* export */
    SANCTUM__ACT_IMPORT        = 16, /* list import */
    SANCTUM__ACT_STATUS        = 20, /* case status change */
    SANCTUM__ACT_APPROVE       = 21, /* approval of a status change */
    SANCTUM__ACT_REFUSED       = 22, /* a refused policy action */
    SANCTUM__ACT_KEY_ROTATE    = 30,
    SANCTUM__ACT_REINDEX       = 31  /* blind indexes rebuilt; extra = u64 entities indexed */
};

/* One entity touched by an entry: its id, revision after the action, and
 * SHA-256 of its stored record bytes after the action (zero if erased). */
typedef struct sanctum__audit_ref {
    const char *id;
    uint64_t revision;
    unsigned char hash[32];
} sanctum__audit_ref;

typedef struct sanctum__audit_spec {
    uint8_t action;                   /* enum sanctum__action */
    const char *purpose;              /* may be NULL */
    const sanctum__audit_ref *refs;   /* entities touched */
    size_t nrefs;
    const unsigned char *extra;       /* action-specific bytes */
    size_t extra_len;
} sanctum__audit_spec;

/* Append one entry signed by the actor (kr->sign_sk, user actor_id) in
 * `txn`, update the Merkle tree and sign a new checkpoint with the log key
 * (kr->log_sk). Everything lands in the caller's transaction, so no change
 * commits without its entry and no entry without its change. */
int sanctum__audit_append(MDB_txn *txn, const sanctum_store *st,
                          const sanctum__keyring *kr, uint32_t actor_id,
                          const sanctum__audit_spec *spec);

/* As sanctum__audit_append() for any number of references: one entry per
 * SANCTUM__ENTRY_REFS_MAX of them, each with the spec's action, purpose
 * and extra bytes, all in `txn` (at least one entry, even with none). */
int sanctum__audit_append_spread(MDB_txn *txn, const sanctum_store *st,
                                 const sanctum__keyring *kr, uint32_t actor_id,
                                 const sanctum__audit_spec *spec);

/* As sanctum__audit_append(), also giving the new entry's index. */
int sanctum__audit_append_at(MDB_txn *txn, const sanctum_store *st,
                             const sanctum__keyring *kr, uint32_t actor_id,
                             const sanctum__audit_spec *spec, uint64_t *index);

/* A purpose is one line of text of at most 1024 bytes (NULL is fine);
 * SANCTUM_EINVAL otherwise. Auditors read it: it must hold no personal data. */
int sanctum__audit_check_purpose(const char *purpose);

/* A sanctum__hash_reader over the stored Merkle tree of a transaction:
 * pass a struct sanctum__tree_ctx as ctx. A missing or malformed hash is
 * SANCTUM_ECORRUPT. */
struct sanctum__tree_ctx {
    MDB_txn *txn;
    const sanctum_store *st;
};
int sanctum__tree_read(void *ctx, uint64_t index, unsigned char out[32]);

/* BLAKE2b-256 of stored record bytes, or of a manifest: the commitments
 * kept in entries (docs/audit-entry.md). */
void sanctum__record_hash(unsigned char out[32], const void *bytes, size_t len);

#endif

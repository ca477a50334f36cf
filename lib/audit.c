/* SPDX-License-Identifier: Apache-2.0 */
/* audit.c - appending signed entries, the stored Merkle tree and checkpoints. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit_entry.h"
#include "checkpoint.h"
#include "errors.h"
#include "merkle.h"
#include "record.h"
#include "users.h"

void
sanctum__record_hash(unsigned char out[32], const void *bytes, size_t len)
{
    /* BLAKE2b-256: every read and write hashes whole records, and libsodium's
     * BLAKE2b is several times faster than its portable SHA-256. */
    crypto_generichash(out, 32, bytes, len, NULL, 0);
}

int
sanctum__tree_read(void *ctx, uint64_t index, unsigned char out[32])
{
    struct sanctum__tree_ctx *r = ctx;
    unsigned char k[8];
    MDB_val v;
    int rc;

    sanctum__be64(k, index);
    rc = sanctum__get(r->txn, r->st, SANCTUM__DB_TREE, k, 8, &v);
    if (rc == SANCTUM_ENOTFOUND || (rc == SANCTUM_OK && v.mv_size != 32))
        return sanctum__err(SANCTUM_ECORRUPT, "audit tree hash %llu is missing or malformed",
                            (unsigned long long)index);
    if (rc < 0)
        return rc;
    memcpy(out, v.mv_data, 32);
    return SANCTUM_OK;
}

int
sanctum__audit_check_purpose(const char *p)
{
    size_t len;

    if (p == NULL)
        return SANCTUM_OK;
    len = strlen(p);

    if (len > SANCTUM__ENTRY_PURPOSE_MAX)
        return sanctum__err(SANCTUM_EINVAL, "purpose is longer than %d bytes",
                            SANCTUM__ENTRY_PURPOSE_MAX);
    if (!sanctum__entry_purpose_ok(p, len))
        return sanctum__err(SANCTUM_EINVAL, "purpose must be one line of UTF-8 text without "
                            "control characters");
    return SANCTUM_OK;
}

/* Sign and store the checkpoint of the tree of `size` entries. */
static int
put_checkpoint(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
               uint64_t size, struct sanctum__tree_ctx *rd)
{
    sanctum__checkpoint cp;
    unsigned char k[8];
    char *note = NULL;
    int rc;

    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", st->origin);
    cp.size = size;
    if ((rc = sanctum__merkle_tree_hash(cp.root, size, sanctum__tree_read, rd)) < 0)
        return rc;
    if ((rc = sanctum__checkpoint_sign(&note, &cp, st->origin, kr->log_sk)) < 0)
        return rc;
    sanctum__be64(k, size);
    rc = sanctum__put(txn, st, SANCTUM__DB_CHECKPOINTS, k, 8, note, strlen(note), 0);
    free(note);
    return rc;
}

int
sanctum__audit_append(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                      uint32_t actor, const sanctum__audit_spec *spec)
{
    return sanctum__audit_append_at(txn, st, kr, actor, spec, NULL);
}

int
sanctum__audit_append_spread(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                             uint32_t actor, const sanctum__audit_spec *spec)
{
    size_t off = 0;
    int rc;

    do {
        sanctum__audit_spec part = *spec;

        part.refs = spec->refs + off;
        part.nrefs = spec->nrefs - off > SANCTUM__ENTRY_REFS_MAX ? SANCTUM__ENTRY_REFS_MAX
                                                                 : spec->nrefs - off;
        if ((rc = sanctum__audit_append_at(txn, st, kr, actor, &part, NULL)) < 0)
            return rc;
        off += part.nrefs;
    } while (off < spec->nrefs);
    return SANCTUM_OK;
}

int
sanctum__audit_append_at(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                         uint32_t actor, const sanctum__audit_spec *spec, uint64_t *index)
{
    struct sanctum__tree_ctx rd = { txn, st };
    unsigned char prev[32] = { 0 }, leaf[32], k[8];
    unsigned char hashes[SANCTUM__MERKLE_MAX_PATH][32];
    sanctum__buf b = { 0 };
    uint64_t size = 0, pos;
    size_t nhash = 0;
    MDB_val v;
    int rc;

    if (!kr->has_log)
        return sanctum__err(SANCTUM_EPERM, "this user holds no audit log key");
    if ((rc = sanctum__audit_check_purpose(spec->purpose)) < 0)
        return rc;
    rc = sanctum__meta_get_u64(txn, st, "audit_size", &size);
    if (rc < 0 && rc != SANCTUM_ENOTFOUND)
        return rc;
    if (size > 0) {
        rc = sanctum__get(txn, st, SANCTUM__DB_META, "audit_prev", 10, &v);
        if (rc < 0 || v.mv_size != 32)
            return sanctum__err(SANCTUM_ECORRUPT, "audit trail head is missing");
        memcpy(prev, v.mv_data, 32);
    }
    if ((rc = sanctum__entry_build(&b, st->id, size, sanctum__now_ms(), actor, kr->sign_pk,
                                   prev, spec, kr->sign_sk)) < 0)
        goto done;
    if (b.failed) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    sanctum__merkle_leaf_hash(leaf, b.p, b.len);
    sanctum__be64(k, size);
    if ((rc = sanctum__put(txn, st, SANCTUM__DB_AUDIT, k, 8, b.p, b.len,
                           MDB_NOOVERWRITE)) < 0)
        goto done;
    if ((rc = sanctum__merkle_stored_for_record(hashes, &nhash, size, leaf, sanctum__tree_read,
                                                &rd)) < 0)
        goto done;
    pos = sanctum__merkle_stored_count(size);
    for (size_t i = 0; i < nhash; i++) {
        sanctum__be64(k, pos + i);
        if ((rc = sanctum__put(txn, st, SANCTUM__DB_TREE, k, 8, hashes[i], 32, 0)) < 0)
            goto done;
    }
    if ((rc = sanctum__meta_put_u64(txn, st, "audit_size", size + 1)) < 0 ||
        (rc = sanctum__put(txn, st, SANCTUM__DB_META, "audit_prev", 10, leaf, 32, 0)) < 0)
        goto done;
    rc = put_checkpoint(txn, st, kr, size + 1, &rd);
    if (rc == SANCTUM_OK && index != NULL)
        *index = size;
done:
    sanctum__buf_free(&b);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* audit_read.c - reading the trail without keys: entries, checkpoints, proofs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/audit.h>
#include <sanctum/case.h>

#include "audit.h"
#include "audit_entry.h"
#include "errors.h"
#include "merkle.h"
#include "store.h"
#include "users.h"

int sanctum__log_vkey(char *out, size_t cap, sanctum_store *st);

static int
size_in(MDB_txn *txn, const sanctum_store *st, uint64_t *out)
{
    int rc = sanctum__meta_get_u64(txn, st, "audit_size", out);

    if (rc == SANCTUM_ENOTFOUND) {
        *out = 0;
        return SANCTUM_OK;
    }
    return rc;
}

int
sanctum_audit_size(uint64_t *out, sanctum_store *st)
{
    MDB_txn *txn;
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    rc = size_in(txn, st, out);
    sanctum__store_read_end(st, txn);
    return rc;
}

int
sanctum_audit_entry_raw(unsigned char **out, size_t *len, sanctum_store *st, uint64_t index)
{
    MDB_txn *txn;
    MDB_val v;
    unsigned char k[8];
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    sanctum__be64(k, index);
    rc = sanctum__get(txn, st, SANCTUM__DB_AUDIT, k, 8, &v);
    if (rc == SANCTUM_ENOTFOUND)
        rc = sanctum__err(SANCTUM_ENOTFOUND, "no audit entry %llu", (unsigned long long)index);
    if (rc == SANCTUM_OK) {
        if ((*out = malloc(v.mv_size ? v.mv_size : 1)) == NULL)
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        else {
            memcpy(*out, v.mv_data, v.mv_size);
            *len = v.mv_size;
        }
    }
    sanctum__store_read_end(st, txn);
    return rc;
}

/* ------------------------------------------------------------ decoding */

struct entry_box {
    sanctum_audit_entry pub;
    sanctum_audit_ref *refs;
    char *purpose;
    char *detail;
};

/* Human text for an entry's action-specific payload. */
static char *
describe(const sanctum__entry *e)
{
    char buf[512] = "";
    const unsigned char *x = e->extra;

    switch (e->action) {
    case SANCTUM__ACT_STORE_CREATE:
    case SANCTUM__ACT_USER_ADD:
        if (e->extra_len >= 71 && e->extra_len == 71u + x[70])
            snprintf(buf, sizeof buf, "user %u %.*s: %s, cleared %s", sanctum__rd32(x),
                     (int)x[70], (const char *)x + 71,
                     sanctum_role_name((sanctum_role)x[4]) ? sanctum_role_name((sanctum_role)x[4]) : "?",
                     sanctum_level_name((sanctum_level)x[5]) ? sanctum_level_name((sanctum_level)x[5]) : "?");
        break;
    case SANCTUM__ACT_USER_REVOKE:
        if (e->extra_len == 4)
            snprintf(buf, sizeof buf, "user %u revoked", sanctum__rd32(x));
        break;
    case SANCTUM__ACT_APPROVE:
        if (e->extra_len == 1 && sanctum_case_status_name((sanctum_case_status)x[0]))
            snprintf(buf, sizeof buf, "approves %s", sanctum_case_status_name((sanctum_case_status)x[0]));
        break;
    case SANCTUM__ACT_STATUS:
        if (e->extra_len >= 3 && e->extra_len == 3u + 8u * x[2] &&
            sanctum_case_status_name((sanctum_case_status)x[0]) &&
            sanctum_case_status_name((sanctum_case_status)x[1])) {
            int n = snprintf(buf, sizeof buf, "%s -> %s",
                             sanctum_case_status_name((sanctum_case_status)x[0]),
                             sanctum_case_status_name((sanctum_case_status)x[1]));
            for (unsigned i = 0; i < x[2] && n > 0 && (size_t)n < sizeof buf; i++)
                n += snprintf(buf + n, sizeof buf - (size_t)n, "%s#%llu", i ? ", " : "; approvals ",
                              (unsigned long long)sanctum__rd64(x + 3 + 8 * i));
        }
        break;
    case SANCTUM__ACT_LOOKUP:
        if (e->extra_len == 36) {
            char hex[65];
            sodium_bin2hex(hex, sizeof hex, x + 4, 32);
            snprintf(buf, sizeof buf, "%u names screened; query commitment %s",
                     sanctum__rd32(x), hex);
        }
        break;
    case SANCTUM__ACT_IMPORT:
    case SANCTUM__ACT_DISCLOSE:
        if (e->extra_len == 40) {
            char hex[65];
            sodium_bin2hex(hex, sizeof hex, x + 8, 32);
            snprintf(buf, sizeof buf, "%llu entities %s; manifest %s",
                     (unsigned long long)sanctum__rd64(x),
                     e->action == SANCTUM__ACT_IMPORT ? "created or updated" : "disclosed", hex);
        }
        break;
    case SANCTUM__ACT_REINDEX:
        if (e->extra_len == 8)
            snprintf(buf, sizeof buf, "%llu entities indexed", (unsigned long long)sanctum__rd64(x));
        break;
    case SANCTUM__ACT_REFUSED:
        if (e->extra_len >= 2)
            snprintf(buf, sizeof buf, "refused: %.*s", (int)(e->extra_len - 2),
                     (const char *)x + 2);
        break;
    default:
        if (e->extra_len > 0)
            snprintf(buf, sizeof buf, "%zu bytes of detail", e->extra_len);
    }
    return strdup(buf);
}

int
sanctum_audit_entry_get(sanctum_audit_entry **out, sanctum_store *st, uint64_t index)
{
    struct entry_box *b;
    unsigned char *raw = NULL;
    size_t len;
    sanctum__entry e;
    MDB_txn *txn;
    int rc;

    *out = NULL;
    if ((rc = sanctum_audit_entry_raw(&raw, &len, st, index)) < 0)
        return rc;
    if ((rc = sanctum__entry_decode(&e, raw, len)) < 0) {
        free(raw);
        return sanctum__err(SANCTUM_ECORRUPT, "audit entry %llu is malformed",
                            (unsigned long long)index);
    }
    if ((b = calloc(1, sizeof *b)) == NULL ||
        (e.nrefs && (b->refs = calloc(e.nrefs, sizeof *b->refs)) == NULL) ||
        (b->purpose = sanctum__strmem(e.purpose, e.purpose_len)) == NULL ||
        (b->detail = describe(&e)) == NULL) {
        if (b)
            sanctum_audit_entry_free(&b->pub);
        free(raw);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < e.nrefs; i++) {
        sanctum__entry_ref r;
        sanctum__entry_get_ref(&e, i, &r);
        snprintf(b->refs[i].id, sizeof b->refs[i].id, "%s", r.id);
        b->refs[i].revision = r.revision;
        memcpy(b->refs[i].hash, r.hash, 32);
    }
    b->pub.index = e.index;
    b->pub.time_ms = e.time_ms;
    b->pub.actor = e.actor;
    memcpy(b->pub.key_id, e.key_id, 8);
    b->pub.action = sanctum__action_name(e.action);
    b->pub.purpose = b->purpose;
    b->pub.refs = b->refs;
    b->pub.nrefs = e.nrefs;
    b->pub.detail = b->detail;
    sanctum__merkle_leaf_hash(b->pub.leaf_hash, raw, len);
    if (sanctum__store_read_begin(st, &txn) == SANCTUM_OK) {
        sanctum__user u;
        if (sanctum__user_get_by_id(txn, st, e.actor, &u) == SANCTUM_OK)
            snprintf(b->pub.actor_name, sizeof b->pub.actor_name, "%s", u.name);
        sanctum__store_read_end(st, txn);
    }
    sanctum__err_clear();
    free(raw);
    *out = &b->pub;
    return SANCTUM_OK;
}

void
sanctum_audit_entry_free(sanctum_audit_entry *entry)
{
    struct entry_box *b = (struct entry_box *)entry;

    if (b == NULL)
        return;
    free(b->refs);
    free(b->purpose);
    free(b->detail);
    free(b);
}

int
sanctum_audit_action_known(const char *action)
{
    return action != NULL && sanctum__action_from_name(action) != 0;
}

/* ------------------------------------------------------------ checkpoints, proofs */

int
sanctum_audit_checkpoint(char **out, sanctum_store *st)
{
    return sanctum_audit_checkpoint_at(out, st, 0);
}

int
sanctum_audit_checkpoint_at(char **out, sanctum_store *st, uint64_t size)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    MDB_val k, v;
    unsigned char key[8];
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_CHECKPOINTS], &cur)) != 0) {
        rc = sanctum__err_mdb(rc, "checkpoints");
    } else {
        sanctum__be64(key, size);
        k.mv_size = 8;
        k.mv_data = key;
        rc = mdb_cursor_get(cur, &k, &v, size == 0 ? MDB_LAST : MDB_SET_KEY);
        if (rc == MDB_NOTFOUND)
            rc = size == 0 ? sanctum__err(SANCTUM_ENOTFOUND, "the store has no checkpoint yet")
                           : sanctum__err(SANCTUM_ENOTFOUND, "no checkpoint of tree size %llu",
                                          (unsigned long long)size);
        else if (rc != 0)
            rc = sanctum__err_mdb(rc, "checkpoints");
        else if ((*out = sanctum__strmem(v.mv_data, v.mv_size)) == NULL)
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        mdb_cursor_close(cur);
    }
    sanctum__store_read_end(st, txn);
    return rc;
}

int
sanctum_audit_vkey(char *out, size_t cap, sanctum_store *st)
{
    sanctum__err_clear();
    return sanctum__log_vkey(out, cap, st);
}

/* Resolve size 0 to the current size and check bounds. */
static int
resolve_size(MDB_txn *txn, const sanctum_store *st, uint64_t *size)
{
    uint64_t cur;
    int rc;

    if ((rc = size_in(txn, st, &cur)) < 0)
        return rc;
    if (*size == 0)
        *size = cur;
    if (*size > cur)
        return sanctum__err(SANCTUM_EINVAL, "the trail has %llu entries, not %llu",
                            (unsigned long long)cur, (unsigned long long)*size);
    return SANCTUM_OK;
}

int
sanctum_audit_root(unsigned char out[32], sanctum_store *st, uint64_t size)
{
    struct sanctum__tree_ctx r = { NULL, st };
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__store_read_begin(st, &r.txn)) < 0)
        return rc;
    if ((rc = resolve_size(r.txn, st, &size)) == SANCTUM_OK)
        rc = sanctum__merkle_tree_hash(out, size, sanctum__tree_read, &r);
    sanctum__store_read_end(st, r.txn);
    return rc;
}

int
sanctum_audit_prove(unsigned char path[][32], size_t *len, sanctum_store *st, uint64_t index,
                    uint64_t size)
{
    struct sanctum__tree_ctx r = { NULL, st };
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__store_read_begin(st, &r.txn)) < 0)
        return rc;
    if ((rc = resolve_size(r.txn, st, &size)) == SANCTUM_OK) {
        if (index >= size)
            rc = sanctum__err(SANCTUM_EINVAL, "entry %llu is not in a tree of %llu entries",
                              (unsigned long long)index, (unsigned long long)size);
        else
            rc = sanctum__merkle_prove_record(path, len, size, index, sanctum__tree_read, &r);
    }
    sanctum__store_read_end(st, r.txn);
    return rc;
}

int
sanctum_audit_consistency(unsigned char path[][32], size_t *len, sanctum_store *st,
                          uint64_t size1, uint64_t size2)
{
    struct sanctum__tree_ctx r = { NULL, st };
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__store_read_begin(st, &r.txn)) < 0)
        return rc;
    if ((rc = resolve_size(r.txn, st, &size2)) == SANCTUM_OK) {
        if (size1 == 0 || size1 > size2)
            rc = sanctum__err(SANCTUM_EINVAL, "no consistency proof from %llu to %llu entries",
                              (unsigned long long)size1, (unsigned long long)size2);
        else
            rc = sanctum__merkle_prove_tree(path, len, size2, size1, sanctum__tree_read, &r);
    }
    sanctum__store_read_end(st, r.txn);
    return rc;
}

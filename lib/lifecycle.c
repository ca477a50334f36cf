/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.c - case states and the two-person rule for designation and revocation. */
#include "lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "audit_entry.h"
#include "entity.h"
#include "errors.h"
#include "record.h"
#include "session.h"
#include "store.h"
#include "users.h"

static const char *const status_names[] = {
    "none", "lead", "investigating", "proposed", "designated", "varied", "revoked", "closed",
};

const char *
sanctum_case_status_name(sanctum_case_status s)
{
    if ((int)s < 0 || s > SANCTUM_CASE_CLOSED)
        return NULL;
    return status_names[s];
}

sanctum_case_status
sanctum_case_status_from_name(const char *name)
{
    for (int i = SANCTUM_CASE_LEAD; name && i <= SANCTUM_CASE_CLOSED; i++)
        if (strcasecmp(name, status_names[i]) == 0)
            return (sanctum_case_status)i;
    return SANCTUM_CASE_NONE;
}

sanctum_case_status
sanctum_entity_case_status(const sanctum_entity *e)
{
    return (sanctum_case_status)e->status;
}

int
sanctum__case_transition_ok(int from, int to)
{
    switch (from) {
    case SANCTUM_CASE_LEAD:
        return to == SANCTUM_CASE_INVESTIGATING || to == SANCTUM_CASE_CLOSED;
    case SANCTUM_CASE_INVESTIGATING:
        return to == SANCTUM_CASE_PROPOSED || to == SANCTUM_CASE_CLOSED;
    case SANCTUM_CASE_PROPOSED:
        return to == SANCTUM_CASE_DESIGNATED || to == SANCTUM_CASE_CLOSED ||
               to == SANCTUM_CASE_INVESTIGATING;
    case SANCTUM_CASE_DESIGNATED:
    case SANCTUM_CASE_VARIED:
        return to == SANCTUM_CASE_VARIED || to == SANCTUM_CASE_REVOKED;
    default:
        return 0;
    }
}

int
sanctum__case_needs_approval(int to)
{
    return to == SANCTUM_CASE_DESIGNATED || to == SANCTUM_CASE_REVOKED;
}

/* Approval key: case id NUL, u8 target, u64 revision, u32 approver id. */
static size_t
approval_key(unsigned char *k, const char *id, int target, uint64_t rev, uint32_t approver)
{
    size_t n = strlen(id) + 1;

    memcpy(k, id, n);
    k[n++] = (unsigned char)target;
    sanctum__be64(k + n, rev);
    n += 8;
    sanctum__be32(k + n, approver);
    return n + 4;
}

/* Read case `id` in txn: record bytes and parsed header. */
static int
load_case(MDB_txn *txn, const sanctum_store *st, const char *id, MDB_val *bytes,
          sanctum__record *rec)
{
    int rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), bytes);

    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", id);
    if (rc < 0)
        return rc;
    if ((rc = sanctum__record_parse(rec, id, bytes->mv_data, bytes->mv_size)) < 0)
        return rc;
    sanctum__record_clear(rec);
    if (strcmp(rec->schema, "Case") != 0)
        return sanctum__err(SANCTUM_EINVAL, "entity %s is a %s, not a Case", id, rec->schema);
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ approve */

struct approve_ctx {
    sanctum_session *s;
    const char *id;
    int target;
    const char *purpose;
};

static int
approve_txn(MDB_txn *txn, void *arg)
{
    struct approve_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__record rec;
    sanctum__audit_ref ref;
    unsigned char k[64 + 13], extra[1], ib[8];
    sanctum__audit_spec spec = { SANCTUM__ACT_APPROVE, c->purpose, &ref, 1, extra, 1 };
    uint64_t index;
    MDB_val bytes, v;
    size_t klen;
    int rc;

    if ((rc = load_case(txn, st, c->id, &bytes, &rec)) < 0)
        return rc;
    if (!sanctum__case_transition_ok(rec.status, c->target))
        return sanctum__err(SANCTUM_EPOLICY, "case %s is %s: %s is not reachable from there",
                            c->id, sanctum_case_status_name(rec.status),
                            sanctum_case_status_name(c->target));
    klen = approval_key(k, c->id, c->target, rec.revision, c->s->user.id);
    rc = sanctum__get(txn, st, SANCTUM__DB_APPROVALS, k, klen, &v);
    if (rc == SANCTUM_OK)
        return sanctum__err(SANCTUM_EPOLICY, "%s already approved case %s (revision %llu) for %s",
                            c->s->user.name, c->id, (unsigned long long)rec.revision,
                            sanctum_case_status_name(c->target));
    if (rc != SANCTUM_ENOTFOUND)
        return rc;
    ref.id = c->id;
    ref.revision = rec.revision;
    sanctum__record_hash(ref.hash, bytes.mv_data, bytes.mv_size);
    extra[0] = (unsigned char)c->target;
    if ((rc = sanctum__audit_append_at(txn, st, c->s->kr, c->s->user.id, &spec, &index)) < 0)
        return rc;
    sanctum__be64(ib, index);
    return sanctum__put(txn, st, SANCTUM__DB_APPROVALS, k, klen, ib, 8, 0);
}

int
sanctum_case_approve(sanctum_session *s, const char *id, sanctum_case_status target,
                     const char *purpose)
{
    char canon[SANCTUM__ID_MAX];
    struct approve_ctx c = { s, canon, (int)target, purpose };
    int rc;

    sanctum__err_clear();
    if (s->user.role != SANCTUM_ROLE_APPROVER)
        return sanctum__err(SANCTUM_EPERM, "user %s is %s: only approvers approve",
                            s->user.name, sanctum_role_name(s->user.role));
    if (!sanctum__case_needs_approval((int)target))
        return sanctum__err(SANCTUM_EPOLICY, "moving a case to %s needs no approval",
                            sanctum_case_status_name(target) ? sanctum_case_status_name(target)
                                                             : "an unknown state");
    if ((rc = sanctum__audit_check_purpose(purpose)) < 0 || (rc = sanctum__id_arg(canon, id)) < 0)
        return rc;
    return sanctum__store_write(s->st, approve_txn, &c);
}

/* ------------------------------------------------------------ set status */

struct status_ctx {
    sanctum_session *s;
    const char *id;
    int target;
    const char *purpose;
    char refusal[256];           /* set when the change was refused and logged */
};

/* Does audit entry `index` really approve (id, target, rev) by `approver`?
 * The approvals table is only an index: the signed entry is what counts. */
static int
approval_entry_ok(MDB_txn *txn, const sanctum_store *st, uint64_t index, const char *id,
                  int target, uint64_t rev, uint32_t approver)
{
    unsigned char k[8];
    sanctum__entry e;
    sanctum__entry_ref r;
    MDB_val v;

    sanctum__be64(k, index);
    if (sanctum__get(txn, st, SANCTUM__DB_AUDIT, k, 8, &v) != SANCTUM_OK ||
        sanctum__entry_decode(&e, v.mv_data, v.mv_size) != SANCTUM_OK)
        return 0;
    return e.action == SANCTUM__ACT_APPROVE && e.actor == approver && e.nrefs == 1 &&
           e.extra_len == 1 && e.extra[0] == target &&
           sanctum__entry_get_ref(&e, 0, &r) == SANCTUM_OK && strcmp(r.id, id) == 0 &&
           r.revision == rev;
}

/* Collect distinct, still-active approvers' approvals of (id, target, rev). */
static int
find_approvals(MDB_txn *txn, const sanctum_store *st, const char *id, int target,
               uint64_t rev, uint64_t *idx, size_t *n)
{
    unsigned char prefix[64 + 9];
    size_t plen = approval_key(prefix, id, target, rev, 0) - 4;
    MDB_cursor *cur;
    MDB_val k = { plen, prefix }, v;
    int rc, op = MDB_SET_RANGE;

    *n = 0;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_APPROVALS], &cur)) != 0)
        return sanctum__err_mdb(rc, "approvals");
    while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
        sanctum__user u;
        op = MDB_NEXT;
        if (k.mv_size != plen + 4 || memcmp(k.mv_data, prefix, plen) != 0)
            break;
        if (v.mv_size != 8) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "an approval of case %s is malformed", id);
            break;
        }
        rc = sanctum__user_get_by_id(txn, st, sanctum__rd32((unsigned char *)k.mv_data + plen),
                                     &u);
        if (rc < 0)
            break;
        if (u.revoked || u.role != SANCTUM_ROLE_APPROVER || *n >= SANCTUM__APPROVALS_MAX ||
            !approval_entry_ok(txn, st, sanctum__rd64(v.mv_data), id, target, rev, u.id))
            continue;
        idx[(*n)++] = sanctum__rd64(v.mv_data);
    }
    mdb_cursor_close(cur);
    if (rc == MDB_NOTFOUND || rc == 0)
        return SANCTUM_OK;
    return rc < 0 ? rc : sanctum__err_mdb(rc, "approvals");
}

/* Record the refused change in the trail; the transaction still commits. */
static int
refuse(MDB_txn *txn, struct status_ctx *c, int from, const char *why)
{
    unsigned char extra[2 + 256];
    size_t wlen = strlen(why);
    sanctum__audit_ref ref = { c->id, 0, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_REFUSED, c->purpose, &ref, 1, extra, 2 + wlen };

    snprintf(c->refusal, sizeof c->refusal, "%s", why);
    extra[0] = (unsigned char)from;
    extra[1] = (unsigned char)c->target;
    memcpy(extra + 2, why, wlen);
    return sanctum__audit_append(txn, c->s->st, c->s->kr, c->s->user.id, &spec);
}

static int
status_txn(MDB_txn *txn, void *arg)
{
    struct status_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__record rec;
    sanctum__buf buf = { 0 };
    uint64_t idx[SANCTUM__APPROVALS_MAX];
    unsigned char extra[3 + 8 * SANCTUM__APPROVALS_MAX];
    sanctum__audit_ref ref;
    sanctum__audit_spec spec = { SANCTUM__ACT_STATUS, c->purpose, &ref, 1, extra, 0 };
    size_t n = 0;
    char why[256];
    MDB_val bytes;
    int rc;

    c->refusal[0] = '\0';
    if ((rc = load_case(txn, st, c->id, &bytes, &rec)) < 0)
        return rc;
    if (!sanctum__case_transition_ok(rec.status, c->target)) {
        snprintf(why, sizeof why, "case %s is %s: it cannot move to %s", c->id,
                 sanctum_case_status_name(rec.status), sanctum_case_status_name(c->target));
        return refuse(txn, c, rec.status, why);
    }
    if (sanctum__case_needs_approval(c->target)) {
        if ((rc = find_approvals(txn, st, c->id, c->target, rec.revision, idx, &n)) < 0)
            return rc;
        if (n < 2) {
            snprintf(why, sizeof why,
                     "case %s needs approvals of revision %llu by two different approvers "
                     "to become %s; it has %zu", c->id, (unsigned long long)rec.revision,
                     sanctum_case_status_name(c->target), n);
            return refuse(txn, c, rec.status, why);
        }
    }
    rc = sanctum__record_restamp(&buf, c->id, bytes.mv_data, bytes.mv_size, rec.revision + 1,
                                 sanctum__now_ms(), (uint8_t)c->target);
    if (rc == SANCTUM_OK)
        rc = sanctum__put(txn, st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id), buf.p, buf.len, 0);
    if (rc == SANCTUM_OK) {
        ref.id = c->id;
        ref.revision = rec.revision + 1;
        sanctum__record_hash(ref.hash, buf.p, buf.len);
        extra[0] = rec.status;
        extra[1] = (unsigned char)c->target;
        extra[2] = (unsigned char)n;
        for (size_t i = 0; i < n; i++)
            sanctum__be64(extra + 3 + 8 * i, idx[i]);
        spec.extra_len = 3 + 8 * n;
        rc = sanctum__audit_append(txn, st, c->s->kr, c->s->user.id, &spec);
    }
    sanctum__buf_free(&buf);
    return rc;
}

int
sanctum_case_set_status(sanctum_session *s, const char *id, sanctum_case_status target,
                        const char *purpose)
{
    char canon[SANCTUM__ID_MAX];
    struct status_ctx c = { s, canon, (int)target, purpose, "" };
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__session_can_write(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0 || (rc = sanctum__id_arg(canon, id)) < 0)
        return rc;
    if (target < SANCTUM_CASE_LEAD || target > SANCTUM_CASE_CLOSED)
        return sanctum__err(SANCTUM_EINVAL, "unknown case status %d", (int)target);
    if ((rc = sanctum__store_write(s->st, status_txn, &c)) < 0)
        return rc;
    if (c.refusal[0] != '\0')
        return sanctum__err(SANCTUM_EPOLICY, "%s (the refusal is recorded)", c.refusal);
    return SANCTUM_OK;
}

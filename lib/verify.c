/* SPDX-License-Identifier: Apache-2.0 */
/* verify.c - offline verification of the audit trail with public keys only. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sanctum/audit.h>
#include <sanctum/case.h>

#include "audit.h"
#include "audit_entry.h"
#include "checkpoint.h"
#include "errors.h"
#include "lifecycle.h"
#include "merkle.h"
#include "record.h"
#include "schema.h"
#include "store.h"
#include "store_registry.h"
#include "trust.h"
#include "users.h"
#include "verify_state.h"

#define CHUNK 256

/* A user as the trail defines them. */
typedef struct vuser {
    int exists;
    char name[SANCTUM__NAME_MAX + 1];
    uint8_t role, clearance;
    uint64_t revoked_at;              /* entry index of revocation, or UINT64_MAX */
    unsigned char pk[32], box_pk[32], key_id[8];
} vuser;

/* A signature to check in the parallel pass. */
typedef struct sigtask {
    const unsigned char *bytes;       /* entry bytes (LMDB map, valid in the txn) */
    uint64_t index;                   /* entry index */
    uint32_t signed_len;
    uint32_t actor;
} sigtask;

/* A stored checkpoint. */
typedef struct cptask {
    uint64_t size;                    /* key in the table */
    const char *note;
    size_t len;
    unsigned char computed[32];       /* root recomputed from the leaves */
    int have_computed;
    int rc;                           /* signature/parse result */
    sanctum__checkpoint cp;
} cptask;

typedef struct approval {
    uint64_t index;
    char case_id[24];
    uint8_t target;
    uint64_t revision;
    uint32_t approver;
} approval;

struct verifier {
    const sanctum__trust *trust;
    sanctum_verify_report *rep;
    int64_t fail_entry;               /* lowest failing entry so far, -1 none */
    int fail_other;                   /* a non-entry failure is recorded */
    vuser *users;                     /* by id */
    size_t nusers_cap;
    sigtask *sigs;
    uint64_t nsigs;
    cptask *cps;
    size_t ncps;
    approval *apps;
    size_t napps, apps_cap;
    sanctum__vstate *state;
    unsigned char stack[64][32];      /* Merkle frontier: complete subtree roots */
    int height[64];
    int nstack;
    uint64_t leaves;
    /* the parallel pass */
    uint64_t next;                    /* next task (atomic) */
    uint64_t done;                    /* tasks finished (atomic) */
    int64_t bad_sig;                  /* lowest entry with a bad signature (atomic min) */
    const sanctum_verify_options *opts;
    uint64_t total_steps, steps_base;
};

static void
hex(char *out, size_t cap, const unsigned char *b, size_t n)
{
    if (cap < 2 * n + 1)
        n = (cap - 1) / 2;
    sodium_bin2hex(out, cap, b, n);
}

/* Names and ids read from entries and keys are hostile input that reports
 * quote: every byte the library never writes in one (anything but
 * printable ASCII) becomes '?', so a report stays one harmless line. */
static void
printable(char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
            *s = '?';
}

/* Record an entry failure; the lowest index wins. */
static void __attribute__((format(printf, 5, 6)))
fail_at(struct verifier *v, uint64_t index, const char *expected, const char *found,
        const char *fmt, ...)
{
    va_list ap;

    if (v->fail_entry >= 0 && (uint64_t)v->fail_entry <= index)
        return;
    v->fail_entry = (int64_t)index;
    v->rep->tampered = 1;
    v->rep->bad_index = (int64_t)index;
    va_start(ap, fmt);
    vsnprintf(v->rep->what, sizeof v->rep->what, fmt, ap);
    va_end(ap);
    snprintf(v->rep->expected, sizeof v->rep->expected, "%s", expected ? expected : "");
    snprintf(v->rep->found, sizeof v->rep->found, "%s", found ? found : "");
}

/* Record a failure not tied to one entry (record, checkpoint, head); kept
 * only when no entry failed. */
static void __attribute__((format(printf, 4, 5)))
fail_other(struct verifier *v, const char *expected, const char *found, const char *fmt, ...)
{
    va_list ap;

    if (v->fail_entry >= 0 || v->fail_other)
        return;
    v->fail_other = 1;
    v->rep->tampered = 1;
    v->rep->bad_index = -1;
    va_start(ap, fmt);
    vsnprintf(v->rep->what, sizeof v->rep->what, fmt, ap);
    va_end(ap);
    snprintf(v->rep->expected, sizeof v->rep->expected, "%s", expected ? expected : "");
    snprintf(v->rep->found, sizeof v->rep->found, "%s", found ? found : "");
}

static void
progress(struct verifier *v, uint64_t done)
{
    if (v->opts != NULL && v->opts->progress != NULL)
        v->opts->progress(v->opts->progress_ctx, v->steps_base + done, v->total_steps);
}

/* ------------------------------------------------------------ users */

static vuser *
user_slot(struct verifier *v, uint32_t id, int create)
{
    if (id == 0 || id > 1u << 24)
        return NULL;
    if (id >= v->nusers_cap) {
        if (!create)
            return NULL;
        size_t ncap = (size_t)id * 2 + 8;
        vuser *a = realloc(v->users, ncap * sizeof *a);
        if (a == NULL)
            return NULL;
        memset(a + v->nusers_cap, 0, (ncap - v->nusers_cap) * sizeof *a);
        v->users = a;
        v->nusers_cap = ncap;
    }
    if (!create && !v->users[id].exists)
        return NULL;
    return &v->users[id];
}

/* Decode a public user record (sanctum__user_public_encode) from an entry. */
static int
add_user(struct verifier *v, const sanctum__entry *e)
{
    const unsigned char *x = e->extra;
    vuser *u;
    uint32_t id;

    if (e->extra_len < 71 || e->extra_len != 71u + x[70] || x[70] == 0 ||
        x[70] > SANCTUM__NAME_MAX) {
        fail_at(v, e->index, "a public user record", "malformed payload",
                "entry %llu: user record is malformed", (unsigned long long)e->index);
        return -1;
    }
    id = sanctum__rd32(x);
    if ((u = user_slot(v, id, 1)) == NULL)
        return -1;
    if (u->exists) {
        fail_at(v, e->index, "a new user id", "an existing one",
                "entry %llu: user id %u is added twice", (unsigned long long)e->index, id);
        return -1;
    }
    u->exists = 1;
    u->role = x[4];
    u->clearance = x[5];
    memcpy(u->pk, x + 6, 32);
    memcpy(u->box_pk, x + 38, 32);
    memcpy(u->name, x + 71, x[70]);
    u->name[x[70]] = '\0';
    printable(u->name);
    u->revoked_at = UINT64_MAX;
    sanctum__user_key_id(u->key_id, u->pk);
    return 0;
}

/* May `role` perform `action`? */
static int
role_allows(int role, int action)
{
    int writer = role == SANCTUM_ROLE_ADMIN || role == SANCTUM_ROLE_ANALYST;
    int reader = writer || role == SANCTUM_ROLE_APPROVER;

    switch (action) {
    case SANCTUM__ACT_STORE_CREATE:
    case SANCTUM__ACT_USER_ADD:
    case SANCTUM__ACT_USER_REVOKE:
    case SANCTUM__ACT_KEY_ROTATE:
    case SANCTUM__ACT_REINDEX:
        return role == SANCTUM_ROLE_ADMIN;
    case SANCTUM__ACT_USER_PASSWD:
        return 1;
    case SANCTUM__ACT_CREATE:
    case SANCTUM__ACT_ALTER:
    case SANCTUM__ACT_ERASE:
    case SANCTUM__ACT_STATUS:
    case SANCTUM__ACT_IMPORT:
    case SANCTUM__ACT_REFUSED:
        return writer;
    case SANCTUM__ACT_CONSULT:
    case SANCTUM__ACT_LOOKUP:
    case SANCTUM__ACT_DISCLOSE:
        return reader;
    case SANCTUM__ACT_APPROVE:
        return role == SANCTUM_ROLE_APPROVER;
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ Merkle frontier */

static void
push_leaf(struct verifier *v, const unsigned char leaf[32])
{
    unsigned char h[32];
    int height = 0;

    memcpy(h, leaf, 32);
    while (v->nstack > 0 && v->height[v->nstack - 1] == height) {
        sanctum__merkle_node_hash(h, v->stack[v->nstack - 1], h);
        v->nstack--;
        height++;
    }
    memcpy(v->stack[v->nstack], h, 32);
    v->height[v->nstack++] = height;
    v->leaves++;
}

static void
frontier_root(const struct verifier *v, unsigned char out[32])
{
    if (v->nstack == 0) {
        sanctum__merkle_empty_root(out);
        return;
    }
    memcpy(out, v->stack[v->nstack - 1], 32);
    for (int i = v->nstack - 2; i >= 0; i--)
        sanctum__merkle_node_hash(out, v->stack[i], out);
}

/* ------------------------------------------------------------ entity refs */

/* Encoded refs (u8 id length, id, u64 revision, 32-byte hash), as inline in
 * an entry or in a bulk entry's manifest. */
typedef struct refiter {
    const unsigned char *p, *end;
} refiter;

static int
ref_next(refiter *it, sanctum__entry_ref *r)
{
    size_t n;

    if (it->p >= it->end)
        return 0;
    n = it->p[0];
    if (n == 0 || (size_t)(it->end - it->p) < 1 + n + 8 + 32)
        return -1;
    memcpy(r->id, it->p + 1, n);
    r->id[n] = '\0';
    printable(r->id);
    r->revision = sanctum__rd64(it->p + 1 + n);
    memcpy(r->hash, it->p + 1 + n + 8, 32);
    it->p += 1 + n + 8 + 32;
    return 1;
}

/* Apply one ref of entry e to the entity state. */
static void
apply_ref(struct verifier *v, const sanctum__entry *e, const sanctum__entry_ref *r)
{
    sanctum__vent *s = sanctum__vstate_get(v->state, r->id);
    char ex[80], fo[80];
    uint64_t i = e->index;

    switch (e->action) {
    case SANCTUM__ACT_CREATE:
    case SANCTUM__ACT_ALTER:
    case SANCTUM__ACT_IMPORT:
    case SANCTUM__ACT_STATUS: {
        uint64_t want = (s == NULL || s->revision == 0) ? 1 : s->revision + 1;
        if ((e->action == SANCTUM__ACT_CREATE && s != NULL && s->revision != 0) ||
            (e->action == SANCTUM__ACT_ALTER && (s == NULL || s->revision == 0)) ||
            (e->action == SANCTUM__ACT_STATUS && (s == NULL || s->revision == 0))) {
            fail_at(v, i, NULL, NULL, "entry %llu: %s of entity %s, which %s",
                    (unsigned long long)i, sanctum__action_name(e->action), r->id,
                    s != NULL && s->revision != 0 ? "already exists" : "does not exist");
            return;
        }
        if (r->revision != want) {
            snprintf(ex, sizeof ex, "revision %llu", (unsigned long long)want);
            snprintf(fo, sizeof fo, "revision %llu", (unsigned long long)r->revision);
            fail_at(v, i, ex, fo, "entry %llu: entity %s skips a revision",
                    (unsigned long long)i, r->id);
            return;
        }
        if (s == NULL && (s = sanctum__vstate_put(v->state, r->id)) == NULL)
            return;
        if (e->action == SANCTUM__ACT_CREATE)
            s->status = 0; /* a new entity: a case starts as a lead again */
        s->revision = r->revision;
        memcpy(s->hash, r->hash, 32);
        s->last_entry = i;
        return;
    }
    case SANCTUM__ACT_ERASE:
        if (s == NULL || s->revision == 0 || r->revision != 0) {
            fail_at(v, i, NULL, NULL, "entry %llu: erases entity %s, which does not exist",
                    (unsigned long long)i, r->id);
            return;
        }
        s->revision = 0;
        s->status = 0;
        memset(s->hash, 0, 32);
        s->last_entry = i;
        return;
    case SANCTUM__ACT_CONSULT:
    case SANCTUM__ACT_LOOKUP:
    case SANCTUM__ACT_DISCLOSE:
    case SANCTUM__ACT_APPROVE:
        if (s == NULL || s->revision == 0) {
            fail_at(v, i, NULL, NULL, "entry %llu: %s of entity %s, which does not exist",
                    (unsigned long long)i, sanctum__action_name(e->action), r->id);
            return;
        }
        if (s->revision != r->revision || sodium_memcmp(s->hash, r->hash, 32) != 0) {
            hex(ex, sizeof ex, s->hash, 16);
            hex(fo, sizeof fo, r->hash, 16);
            fail_at(v, i, ex, fo,
                    "entry %llu: %s saw entity %s at revision %llu, but entry %llu committed "
                    "revision %llu", (unsigned long long)i, sanctum__action_name(e->action),
                    r->id, (unsigned long long)r->revision, (unsigned long long)s->last_entry,
                    (unsigned long long)s->revision);
        }
        return;
    case SANCTUM__ACT_REFUSED:
        return;
    default:
        fail_at(v, i, NULL, NULL, "entry %llu: action %s takes no entities",
                (unsigned long long)i, sanctum__action_name(e->action));
    }
}

/* ------------------------------------------------------------ lifecycle */

static const approval *
approval_at(const struct verifier *v, uint64_t index)
{
    size_t lo = 0, hi = v->napps;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->apps[mid].index < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < v->napps && v->apps[lo].index == index) ? &v->apps[lo] : NULL;
}

static void
check_approve(struct verifier *v, const sanctum__entry *e, const sanctum__entry_ref *r)
{
    sanctum__vent *s = sanctum__vstate_get(v->state, r->id);
    int from = (s && s->status) ? s->status : SANCTUM_CASE_LEAD;
    approval *a;

    if (e->extra_len != 1 || !sanctum__case_needs_approval(e->extra[0]) ||
        !sanctum__case_transition_ok(from, e->extra[0])) {
        fail_at(v, e->index, NULL, NULL, "entry %llu: approval of an impossible change of case %s",
                (unsigned long long)e->index, r->id);
        return;
    }
    if (v->napps == v->apps_cap) {
        size_t ncap = v->apps_cap ? v->apps_cap * 2 : 16;
        approval *n = realloc(v->apps, ncap * sizeof *n);
        if (n == NULL)
            return;
        v->apps = n;
        v->apps_cap = ncap;
    }
    a = &v->apps[v->napps++];
    a->index = e->index;
    snprintf(a->case_id, sizeof a->case_id, "%.23s", r->id);
    a->target = e->extra[0];
    a->revision = r->revision;
    a->approver = e->actor;
}

static void
check_status(struct verifier *v, const sanctum__entry *e, const sanctum__entry_ref *r)
{
    sanctum__vent *s = sanctum__vstate_get(v->state, r->id);
    const unsigned char *x = e->extra;
    int from, to, n;
    uint32_t seen[2]; /* the rule needs two: stop counting there */
    int distinct = 0;
    char ex[80], fo[80];

    if (e->extra_len < 3 || e->extra_len != 3u + 8u * x[2] || s == NULL) {
        fail_at(v, e->index, NULL, NULL, "entry %llu: status change payload is malformed",
                (unsigned long long)e->index);
        return;
    }
    from = x[0];
    to = x[1];
    n = x[2];
    if (from != (s->status ? s->status : SANCTUM_CASE_LEAD)) {
        snprintf(ex, sizeof ex, "%s", sanctum_case_status_name(s->status ? s->status : 1));
        snprintf(fo, sizeof fo, "%s",
                 sanctum_case_status_name((sanctum_case_status)from) ? sanctum_case_status_name((sanctum_case_status)from) : "?");
        fail_at(v, e->index, ex, fo,
                "entry %llu: case %s changes from the wrong state (the record entry %llu "
                "committed may carry a state no status entry gave it)",
                (unsigned long long)e->index, r->id, (unsigned long long)s->last_entry);
        return;
    }
    if (!sanctum__case_transition_ok(from, to)) {
        fail_at(v, e->index, NULL, NULL, "entry %llu: case %s cannot move from %s to %s",
                (unsigned long long)e->index, r->id,
                sanctum_case_status_name((sanctum_case_status)from),
                sanctum_case_status_name((sanctum_case_status)to) ? sanctum_case_status_name((sanctum_case_status)to) : "?");
        return;
    }
    if (sanctum__case_needs_approval(to)) {
        for (int k = 0; k < n && distinct < 2; k++) {
            const approval *a = approval_at(v, sanctum__rd64(x + 3 + 8 * k));
            const vuser *u = a ? user_slot(v, a->approver, 0) : NULL;
            int dup = 0;
            if (a == NULL || a->index >= e->index || strcmp(a->case_id, r->id) != 0 ||
                a->target != to || a->revision + 1 != r->revision || u == NULL ||
                u->role != SANCTUM_ROLE_APPROVER || u->revoked_at < e->index)
                continue;
            for (int j = 0; j < distinct; j++)
                dup |= seen[j] == a->approver;
            if (!dup)
                seen[distinct++] = a->approver;
        }
        if (distinct < 2) {
            snprintf(ex, sizeof ex, "2 approvals by different approvers");
            snprintf(fo, sizeof fo, "%d valid", distinct);
            fail_at(v, e->index, ex, fo,
                    "entry %llu: case %s becomes %s without the two-person rule",
                    (unsigned long long)e->index, r->id,
                    sanctum_case_status_name((sanctum_case_status)to));
            return;
        }
    }
    s->status = (uint8_t)to;
}

/* ------------------------------------------------------------ entries */

/* Check entry i (bytes b) in sequence: structure, chain, signer, semantics.
 * Signatures are queued for the parallel pass. */
static void
process_entry(struct verifier *v, MDB_txn *txn, const sanctum_store *st, uint64_t i,
              const unsigned char *b, size_t len, unsigned char last_leaf[32])
{
    sanctum__entry e;
    unsigned char leaf[32];
    char ex[80], fo[80];
    vuser *u;

    sanctum__merkle_leaf_hash(leaf, b, len);
    push_leaf(v, leaf);
    if (sanctum__entry_decode(&e, b, len) < 0) {
        fail_at(v, i, "a well-formed entry", "malformed bytes", "entry %llu is malformed",
                (unsigned long long)i);
        memcpy(last_leaf, leaf, 32);
        return;
    }
    if (e.index != i) {
        snprintf(ex, sizeof ex, "%llu", (unsigned long long)i);
        snprintf(fo, sizeof fo, "%llu", (unsigned long long)e.index);
        fail_at(v, i, ex, fo, "entry %llu carries the wrong index (moved or swapped)",
                (unsigned long long)i);
    }
    if (sodium_memcmp(e.store_id, v->trust->store_id, 16) != 0)
        fail_at(v, i, NULL, NULL, "entry %llu belongs to another store", (unsigned long long)i);
    if (sodium_memcmp(e.prev, last_leaf, 32) != 0) {
        hex(ex, sizeof ex, last_leaf, 32);
        hex(fo, sizeof fo, e.prev, 32);
        fail_at(v, i, ex, fo, "entry %llu: previous-entry hash is wrong", (unsigned long long)i);
    }
    memcpy(last_leaf, leaf, 32);

    /* the signer */
    if (i == 0) {
        const sanctum__trust_user *t1 = sanctum__trust_user_by_id(v->trust, 1);
        if (e.action != SANCTUM__ACT_STORE_CREATE || e.actor != 1 || add_user(v, &e) < 0) {
            fail_at(v, 0, "store creation by user 1", sanctum__action_name(e.action),
                    "entry 0 is not the creation of the store");
            return;
        }
        if (t1 == NULL || sodium_memcmp(t1->sign_pk, v->users[1].pk, 32) != 0) {
            fail_at(v, 0, "the trust file's key of user 1", "another key",
                    "entry 0: the store creator's key differs from the trust file");
            return;
        }
    } else if (e.action == SANCTUM__ACT_STORE_CREATE) {
        fail_at(v, i, NULL, NULL, "entry %llu creates the store again", (unsigned long long)i);
    }
    u = user_slot(v, e.actor, 0);
    if (u == NULL) {
        snprintf(fo, sizeof fo, "user id %u", e.actor);
        fail_at(v, i, "a user added earlier in the trail", fo,
                "entry %llu is signed by an unknown user", (unsigned long long)i);
        return;
    }
    if (u->revoked_at < i) {
        snprintf(ex, sizeof ex, "an active user");
        snprintf(fo, sizeof fo, "%.40s, revoked at entry %llu", u->name,
                 (unsigned long long)u->revoked_at);
        fail_at(v, i, ex, fo, "entry %llu is signed by user %u after their revocation",
                (unsigned long long)i, e.actor);
        return;
    }
    if (memcmp(e.key_id, u->key_id, 8) != 0) {
        hex(ex, sizeof ex, u->key_id, 8);
        hex(fo, sizeof fo, e.key_id, 8);
        fail_at(v, i, ex, fo, "entry %llu names a key user %s does not have",
                (unsigned long long)i, u->name);
    }
    v->sigs[v->nsigs].bytes = b;
    v->sigs[v->nsigs].index = i;
    v->sigs[v->nsigs].signed_len = (uint32_t)e.signed_len;
    v->sigs[v->nsigs].actor = e.actor;
    v->nsigs++;
    if (!role_allows(u->role, e.action)) {
        fail_at(v, i, NULL, NULL, "entry %llu: user %s (%s) may not %s", (unsigned long long)i,
                u->name, sanctum_role_name((sanctum_role)u->role) ? sanctum_role_name((sanctum_role)u->role) : "?",
                sanctum__action_name(e.action));
        return;
    }

    /* what it did */
    switch (e.action) {
    case SANCTUM__ACT_USER_ADD:
        (void)add_user(v, &e);
        return;
    case SANCTUM__ACT_USER_REVOKE: {
        vuser *t = e.extra_len == 4 ? user_slot(v, sanctum__rd32(e.extra), 0) : NULL;
        if (t == NULL || t->revoked_at != UINT64_MAX)
            fail_at(v, i, NULL, NULL, "entry %llu revokes a user who is not active",
                    (unsigned long long)i);
        else
            t->revoked_at = i;
        return;
    }
    default:
        break;
    }
    {
        refiter it = { e.refs, e.refs };
        sanctum__entry_ref r;
        MDB_val mv;
        int more;

        /* inline refs end where the extra-length field starts */
        it.end = e.extra - 4;
        if ((e.action == SANCTUM__ACT_IMPORT || e.action == SANCTUM__ACT_DISCLOSE) &&
            e.nrefs == 0) {
            unsigned char k[8], h[32];
            sanctum__be64(k, i);
            if (e.extra_len != 40 ||
                sanctum__get(txn, st, SANCTUM__DB_MANIFESTS, k, 8, &mv) != SANCTUM_OK) {
                fail_at(v, i, NULL, NULL, "entry %llu: its manifest is missing",
                        (unsigned long long)i);
                return;
            }
            sanctum__record_hash(h, mv.mv_data, mv.mv_size);
            if (sodium_memcmp(h, e.extra + 8, 32) != 0) {
                hex(ex, sizeof ex, e.extra + 8, 32);
                hex(fo, sizeof fo, h, 32);
                fail_at(v, i, ex, fo, "entry %llu: its manifest was altered",
                        (unsigned long long)i);
                return;
            }
            it.p = mv.mv_data;
            it.end = it.p + mv.mv_size;
        }
        while ((more = ref_next(&it, &r)) == 1) {
            if (e.action == SANCTUM__ACT_STATUS)
                check_status(v, &e, &r);
            else if (e.action == SANCTUM__ACT_APPROVE)
                check_approve(v, &e, &r);
            apply_ref(v, &e, &r);
        }
        if (more < 0)
            fail_at(v, i, NULL, NULL, "entry %llu: entity list is malformed",
                    (unsigned long long)i);
    }
}

/* ------------------------------------------------------------ parallel signatures */

static void
atomic_min(int64_t *p, int64_t val)
{
    int64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);

    while ((cur < 0 || val < cur) &&
           !__atomic_compare_exchange_n(p, &cur, val, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

/* Verify task t: entries first (0 .. nsigs), then checkpoints. */
static void
run_task(struct verifier *v, uint64_t t, unsigned char **buf, size_t *cap)
{
    static const char domain[] = SANCTUM__ENTRY_SIG_DOMAIN;
    size_t dlen = sizeof domain - 1;

    if (t < v->nsigs) {
        const sigtask *s = &v->sigs[t];
        const vuser *u = &v->users[s->actor];
        size_t need = dlen + s->signed_len;
        if (need > *cap) {
            unsigned char *n = realloc(*buf, need);
            if (n == NULL) {
                atomic_min(&v->bad_sig, (int64_t)s->index);
                return;
            }
            *buf = n;
            *cap = need;
        }
        memcpy(*buf, domain, dlen);
        memcpy(*buf + dlen, s->bytes, s->signed_len);
        if (crypto_sign_verify_detached(s->bytes + s->signed_len, *buf, need, u->pk) != 0)
            atomic_min(&v->bad_sig, (int64_t)s->index);
    } else {
        cptask *c = &v->cps[t - v->nsigs];
        c->rc = sanctum__checkpoint_open(&c->cp, c->note, c->len, &v->trust->log_key,
                                         v->trust->origin);
    }
}

static void *
worker(void *arg)
{
    struct verifier *v = arg;
    uint64_t total = v->nsigs + v->ncps, t;
    unsigned char *buf = NULL;
    size_t cap = 0;

    while ((t = __atomic_fetch_add(&v->next, CHUNK, __ATOMIC_RELAXED)) < total) {
        uint64_t end = t + CHUNK < total ? t + CHUNK : total;
        for (; t < end; t++)
            run_task(v, t, &buf, &cap);
        __atomic_fetch_add(&v->done, CHUNK, __ATOMIC_RELAXED);
    }
    free(buf);
    return NULL;
}

/* Check every queued signature on `threads` threads (this one included). */
static void
check_signatures(struct verifier *v, unsigned int threads)
{
    pthread_t tids[64];
    unsigned int started = 0;
    uint64_t total = v->nsigs + v->ncps, t;
    unsigned char *buf = NULL;
    size_t cap = 0;

    v->bad_sig = -1;
    for (unsigned int k = 1; k < threads && k < 64; k++)
        if (pthread_create(&tids[started], NULL, worker, v) == 0)
            started++;
    /* this thread works too, and reports progress */
    while ((t = __atomic_fetch_add(&v->next, CHUNK, __ATOMIC_RELAXED)) < total) {
        uint64_t end = t + CHUNK < total ? t + CHUNK : total;
        for (; t < end; t++)
            run_task(v, t, &buf, &cap);
        uint64_t d = __atomic_add_fetch(&v->done, CHUNK, __ATOMIC_RELAXED);
        progress(v, d < total ? d : total);
    }
    free(buf);
    for (unsigned int k = 0; k < started; k++)
        pthread_join(tids[k], NULL);
    progress(v, total);
}

/* ------------------------------------------------------------ the rest of the store */

/* Read every stored checkpoint (signatures are checked in parallel later). */
static int
load_checkpoints(struct verifier *v, MDB_txn *txn, const sanctum_store *st)
{
    MDB_cursor *cur;
    MDB_val k, d;
    size_t cap = 0;
    int rc, op = MDB_FIRST;

    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_CHECKPOINTS], &cur)) != 0)
        return sanctum__err_mdb(rc, "checkpoints");
    while ((rc = mdb_cursor_get(cur, &k, &d, op)) == 0) {
        op = MDB_NEXT;
        if (v->ncps == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            cptask *n = realloc(v->cps, ncap * sizeof *n);
            if (n == NULL) {
                mdb_cursor_close(cur);
                return sanctum__err(SANCTUM_ENOMEM, "out of memory");
            }
            v->cps = n;
            cap = ncap;
        }
        cptask *c = &v->cps[v->ncps++];
        memset(c, 0, sizeof *c);
        c->size = k.mv_size == 8 ? sanctum__rd64(k.mv_data) : UINT64_MAX;
        c->note = d.mv_data;
        c->len = d.mv_size;
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? SANCTUM_OK : sanctum__err_mdb(rc, "checkpoints");
}

/* Compare stored checkpoints with the recomputed tree. */
static void
check_checkpoints(struct verifier *v, uint64_t size)
{
    char ex[80], fo[80];

    for (size_t k = 0; k < v->ncps; k++) {
        cptask *c = &v->cps[k];
        v->rep->checkpoints++;
        if (c->rc != SANCTUM_OK) {
            fail_other(v, "a checkpoint signed by the log key",
                       c->rc == SANCTUM_ETAMPER ? "a bad signature"
                       : c->rc == SANCTUM_EAUTH ? "no signature by the log key"
                                                : "a malformed note",
                       "checkpoint for tree size %llu does not verify (forged or altered)",
                       (unsigned long long)c->size);
            continue;
        }
        if (c->cp.size != c->size || c->size > size || !c->have_computed) {
            snprintf(ex, sizeof ex, "at most %llu entries", (unsigned long long)size);
            snprintf(fo, sizeof fo, "%llu", (unsigned long long)c->cp.size);
            fail_other(v, ex, fo, "checkpoint for tree size %llu is beyond the trail",
                       (unsigned long long)c->size);
            continue;
        }
        if (sodium_memcmp(c->computed, c->cp.root, 32) != 0) {
            hex(ex, sizeof ex, c->computed, 32);
            hex(fo, sizeof fo, c->cp.root, 32);
            fail_other(v, ex, fo, "checkpoint for tree size %llu disagrees with the entries",
                       (unsigned long long)c->size);
        }
    }
    if (size > 0 && (v->ncps == 0 || v->cps[v->ncps - 1].size != size)) {
        snprintf(ex, sizeof ex, "a checkpoint for %llu entries", (unsigned long long)size);
        snprintf(fo, sizeof fo, "latest covers %llu",
                 (unsigned long long)(v->ncps ? v->cps[v->ncps - 1].size : 0));
        fail_other(v, ex, fo, "the newest entries are not covered by a checkpoint");
    }
}

/*
 * The clear header of a live record that matches its commitment: its
 * revision must be the one the entry committed, and its lifecycle state the
 * one the trail's status entries lead to (a Case starts as a lead; any
 * other schema has none). Only a status entry may change the state, and
 * only it is checked against the two-person rule: a create, alter or
 * import that carries another state was signed by someone going around it,
 * so the entry that committed the record is the bad one.
 */
static void
check_record_header(struct verifier *v, const sanctum__vent *s, const unsigned char *b,
                    size_t len)
{
    sanctum__record rec;
    int is_case, want;
    char ex[80], fo[80];

    if (sanctum__record_parse(&rec, s->id, b, len) < 0) {
        sanctum__err_clear();
        fail_at(v, s->last_entry, "a well-formed record", "malformed bytes",
                "entry %llu: committed a malformed record for entity %s",
                (unsigned long long)s->last_entry, s->id);
        return;
    }
    is_case = strcmp(rec.schema, "Case") == 0;
    want = is_case ? (s->status ? s->status : SANCTUM_CASE_LEAD) : 0;
    if (rec.revision != s->revision) {
        snprintf(ex, sizeof ex, "revision %llu", (unsigned long long)s->revision);
        snprintf(fo, sizeof fo, "revision %llu", (unsigned long long)rec.revision);
        fail_at(v, s->last_entry, ex, fo,
                "entry %llu: committed a record of entity %s whose own revision differs",
                (unsigned long long)s->last_entry, s->id);
    } else if (!is_case && s->status != 0) {
        fail_other(v, "no status entries", "status entries",
                   "the trail changes the lifecycle state of %s %s, which is no case",
                   rec.schema, s->id);
    } else if (rec.status != want) {
        const char *w = sanctum_case_status_name((sanctum_case_status)want);
        const char *f = sanctum_case_status_name((sanctum_case_status)rec.status);

        snprintf(ex, sizeof ex, "%s", w ? w : "no state");
        snprintf(fo, sizeof fo, "%s", f ? f : "an unknown state");
        fail_at(v, s->last_entry, ex, fo,
                "entry %llu: %s %s is %s, but its status entries leave it %s (only a status "
                "entry, under the two-person rule, may change it)",
                (unsigned long long)s->last_entry, rec.schema, s->id, fo, ex);
    }
    sanctum__record_clear(&rec);
}

/* Every live record must equal what the last entry touching it committed. */
static int
check_records(struct verifier *v, MDB_txn *txn, const sanctum_store *st)
{
    MDB_cursor *cur;
    MDB_val k, d;
    char id[64], ex[80], fo[80];
    unsigned char h[32];
    sanctum__vent *s;
    size_t pos = 0;
    int rc, op = MDB_FIRST;

    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_ENTITIES], &cur)) != 0)
        return sanctum__err_mdb(rc, "entities");
    while ((rc = mdb_cursor_get(cur, &k, &d, op)) == 0) {
        op = MDB_NEXT;
        v->rep->records++;
        snprintf(id, sizeof id, "%.*s", (int)(k.mv_size < 40 ? k.mv_size : 40),
                 (const char *)k.mv_data);
        printable(id);
        if (k.mv_size == 0 || k.mv_size >= sizeof s->id ||
            memchr(k.mv_data, '\0', k.mv_size) != NULL) {
            /* the library never writes such a key; a NUL would hide it
             * behind the id before it */
            hex(fo, sizeof fo, k.mv_data, k.mv_size < 24 ? k.mv_size : 24);
            fail_other(v, "an entity id", fo,
                       "a record is stored under a key that is no entity id (%zu bytes): "
                       "added outside the library", k.mv_size);
            continue;
        }
        s = sanctum__vstate_get(v->state, id);
        if (s == NULL || s->revision == 0) {
            fail_other(v, "a record created through the trail", "a record with no entry",
                       "record %s %s", id,
                       s ? "was erased in the trail but is still stored"
                         : "was never recorded in the trail (added outside the library)");
            continue;
        }
        s->seen = 1;
        sanctum__record_hash(h, d.mv_data, d.mv_size);
        if (sodium_memcmp(h, s->hash, 32) != 0) {
            hex(ex, sizeof ex, s->hash, 32);
            hex(fo, sizeof fo, h, 32);
            fail_other(v, ex, fo,
                       "record %s differs from what entry %llu committed (revision %llu): "
                       "edited outside the library or rolled back", id,
                       (unsigned long long)s->last_entry, (unsigned long long)s->revision);
        } else {
            check_record_header(v, s, d.mv_data, d.mv_size);
        }
    }
    mdb_cursor_close(cur);
    if (rc != MDB_NOTFOUND)
        return sanctum__err_mdb(rc, "entities");
    while ((s = sanctum__vstate_next(v->state, &pos)) != NULL)
        if (s->revision != 0 && !s->seen)
            fail_other(v, "the record", "nothing",
                       "record %s (committed by entry %llu) is missing from the store", s->id,
                       (unsigned long long)s->last_entry);
    return SANCTUM_OK;
}

/* The users table and the trust file must agree with the trail. */
static int
check_users(struct verifier *v, MDB_txn *txn, const sanctum_store *st)
{
    for (size_t k = 0; k < v->trust->nusers; k++) {
        const sanctum__trust_user *t = &v->trust->users[k];
        const vuser *u = user_slot(v, t->id, 0);
        if (u == NULL || sodium_memcmp(u->pk, t->sign_pk, 32) != 0 ||
            sodium_memcmp(u->box_pk, t->box_pk, 32) != 0 || strcmp(u->name, t->name) ||
            u->role != t->role || u->clearance != t->clearance) {
            fail_other(v, "the trust file's user", u ? "a different user" : "no such user",
                       "trust file and trail disagree about user %u (%s)", t->id, t->name);
        } else if (t->revoked && u->revoked_at == UINT64_MAX) {
            fail_other(v, "a revocation entry", "none",
                       "trust file says user %s is revoked; the trail does not", t->name);
        }
    }
    for (uint32_t id = 1; id < v->nusers_cap; id++) {
        const vuser *u = &v->users[id];
        sanctum__user su;
        if (!u->exists)
            continue;
        if (sanctum__user_get_by_id(txn, st, id, &su) != SANCTUM_OK ||
            sodium_memcmp(su.sign_pk, u->pk, 32) != 0 ||
            sodium_memcmp(su.box_pk, u->box_pk, 32) != 0 || su.role != u->role ||
            su.clearance != u->clearance || su.revoked != (u->revoked_at != UINT64_MAX))
            fail_other(v, "the user as the trail records them", "a changed user record",
                       "stored user %u (%s) differs from the trail", id, u->name);
    }
    sanctum__err_clear();
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ driver */

/* The stored hashes that appending leaf i wrote must equal the ones
 * recomputed from it (the left siblings they fold in were checked when
 * their own leaves were). Proofs are served from these hashes. */
static void
check_stored_hashes(struct verifier *v, MDB_txn *txn, const sanctum_store *st, uint64_t i,
                    const unsigned char *entry, size_t len)
{
    struct sanctum__tree_ctx r = { txn, st };
    unsigned char leaf[32], want[SANCTUM__MERKLE_MAX_PATH][32], got[32];
    uint64_t pos = sanctum__merkle_stored_count(i);
    size_t n = 0;

    sanctum__merkle_leaf_hash(leaf, entry, len);
    if (sanctum__merkle_stored_for_record(want, &n, i, leaf, sanctum__tree_read, &r) != SANCTUM_OK) {
        fail_other(v, "the stored Merkle tree", "missing hashes",
                   "the stored Merkle tree lacks hashes near entry %llu", (unsigned long long)i);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        char ex[80], fo[80];
        if (sanctum__tree_read(&r, pos + k, got) != SANCTUM_OK ||
            sodium_memcmp(got, want[k], 32) != 0) {
            hex(ex, sizeof ex, want[k], 32);
            hex(fo, sizeof fo, got, 32);
            fail_other(v, ex, fo,
                       "the stored Merkle tree hash %llu (written with entry %llu) disagrees "
                       "with the entries: proofs served from it would be wrong",
                       (unsigned long long)(pos + k), (unsigned long long)i);
            return;
        }
    }
}

static int
walk_entries(struct verifier *v, MDB_txn *txn, const sanctum_store *st, uint64_t size,
             const sanctum__checkpoint *saved, unsigned char saved_root[32], int *have_saved)
{
    MDB_cursor *cur;
    MDB_val k, d;
    unsigned char last_leaf[32] = { 0 };
    char ex[80], fo[80];
    uint64_t i = 0;
    size_t nextcp = 0;
    int rc, op = MDB_FIRST;

    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_AUDIT], &cur)) != 0)
        return sanctum__err_mdb(rc, "audit");
    while ((rc = mdb_cursor_get(cur, &k, &d, op)) == 0) {
        op = MDB_NEXT;
        uint64_t key = k.mv_size == 8 ? sanctum__rd64(k.mv_data) : UINT64_MAX;
        if (key != i) {
            snprintf(ex, sizeof ex, "entry %llu", (unsigned long long)i);
            snprintf(fo, sizeof fo, "entry %llu", (unsigned long long)key);
            fail_at(v, i, ex, fo, "entry %llu is missing (deleted or moved)",
                    (unsigned long long)i);
            break;
        }
        if (i >= size) {
            snprintf(ex, sizeof ex, "%llu entries", (unsigned long long)size);
            fail_at(v, i, ex, "more", "entry %llu lies beyond the trail's recorded head",
                    (unsigned long long)i);
            break;
        }
        process_entry(v, txn, st, i, d.mv_data, d.mv_size, last_leaf);
        check_stored_hashes(v, txn, st, i, d.mv_data, d.mv_size);
        i++;
        v->rep->entries = i;
        while (nextcp < v->ncps && v->cps[nextcp].size < i)
            nextcp++;
        if (nextcp < v->ncps && v->cps[nextcp].size == i) {
            frontier_root(v, v->cps[nextcp].computed);
            v->cps[nextcp].have_computed = 1;
        }
        if (saved != NULL && saved->size == i) {
            frontier_root(v, saved_root);
            *have_saved = 1;
        }
        if ((i & 4095) == 0)
            progress(v, i);
    }
    mdb_cursor_close(cur);
    if (rc != 0 && rc != MDB_NOTFOUND)
        return sanctum__err_mdb(rc, "audit");
    if (rc == MDB_NOTFOUND && i < size) {
        snprintf(ex, sizeof ex, "%llu entries", (unsigned long long)size);
        snprintf(fo, sizeof fo, "%llu", (unsigned long long)i);
        fail_at(v, i, ex, fo, "the trail ends at entry %llu; its head says %llu entries",
                (unsigned long long)i, (unsigned long long)size);
    }
    /* the stored head must match the last entry */
    {
        MDB_val hv;
        if (i > 0 && i == size &&
            (sanctum__get(txn, st, SANCTUM__DB_META, "audit_prev", 10, &hv) != SANCTUM_OK ||
             hv.mv_size != 32 || sodium_memcmp(hv.mv_data, last_leaf, 32) != 0))
            fail_other(v, "the last entry's leaf hash", "another hash",
                       "the trail's stored head does not match its last entry");
    }
    return SANCTUM_OK;
}

static unsigned int
default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned int)n;
}

int
sanctum_audit_verify(sanctum_verify_report *rep, const char *path, const char *trust_text,
                     size_t trust_len, const sanctum_verify_options *opts)
{
    sanctum_store_options so = SANCTUM_STORE_OPTIONS_INIT;
    sanctum__trust trust;
    sanctum__checkpoint saved;
    struct verifier v;
    sanctum_store *st = NULL;
    int borrowed = 0;             /* st is the caller's own open handle */
    MDB_txn *txn = NULL;
    unsigned char saved_root[32];
    int have_saved = 0, rc;
    uint64_t size = 0;
    char ex[80], fo[80];

    sanctum__err_clear();
    memset(rep, 0, sizeof *rep);
    rep->bad_index = -1;
    memset(&v, 0, sizeof v);
    v.fail_entry = -1;
    v.rep = rep;
    v.opts = opts;
    v.trust = &trust;
    if (opts != NULL && opts->version != SANCTUM_VERIFY_OPTIONS_VERSION)
        return sanctum__err(SANCTUM_EINVAL, "unknown verify options version %u", opts->version);
    if ((rc = sanctum__trust_parse(&trust, trust_text, trust_len)) < 0)
        return rc;
    if (opts != NULL && opts->saved_checkpoint != NULL) {
        rc = sanctum__checkpoint_open(&saved, opts->saved_checkpoint, opts->saved_len,
                                      &trust.log_key, trust.origin);
        if (rc < 0) {
            char why[256]; /* the detail, copied: formatting the new one overwrites it */

            snprintf(why, sizeof why, "%s", sanctum_last_error());
            sanctum__trust_clear(&trust);
            return sanctum__err(SANCTUM_EINVAL,
                                "the saved checkpoint does not verify with the trust file's "
                                "log key and origin (%s)", why);
        }
    }
    /* A handle this process has open already is used as it is: a second
     * one would drop its locks when closed (store_registry.h). */
    if ((rc = sanctum__registry_find(&st, path)) < 0)
        goto done;
    borrowed = st != NULL;
    so.flags = SANCTUM_STORE_RDONLY;
    if (!borrowed && (rc = sanctum_store_open(&st, path, &so)) < 0)
        goto done;
    if (sodium_memcmp(st->id, trust.store_id, 16) != 0 || strcmp(st->origin, trust.origin) != 0) {
        rc = sanctum__err(SANCTUM_EINVAL, "the trust file is for another store (store %s)",
                          st->id_hex);
        goto done;
    }
    if ((v.state = sanctum__vstate_new()) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        goto done;
    rc = sanctum__meta_get_u64(txn, st, "audit_size", &size);
    if (rc == SANCTUM_ENOTFOUND)
        size = 0;
    else if (rc < 0)
        goto done;
    {
        MDB_stat ms;
        uint64_t stored = 0;
        if (mdb_stat(txn, st->dbi[SANCTUM__DB_AUDIT], &ms) == 0)
            stored = ms.ms_entries;
        if ((v.sigs = calloc((size_t)(stored > size ? stored : size) + 1, sizeof *v.sigs)) == NULL) {
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
            goto done;
        }
    }
    if ((rc = load_checkpoints(&v, txn, st)) < 0)
        goto done;
    v.total_steps = 2 * size + v.ncps;
    rc = walk_entries(&v, txn, st, size, opts && opts->saved_checkpoint ? &saved : NULL,
                      saved_root, &have_saved);
    if (rc < 0)
        goto done;
    v.steps_base = size;
    check_signatures(&v, opts && opts->threads ? opts->threads : default_threads());
    rep->signatures = v.nsigs + v.ncps;
    if (v.bad_sig >= 0) {
        const sigtask *t = NULL;
        for (uint64_t k = 0; k < v.nsigs && t == NULL; k++)
            if (v.sigs[k].index == (uint64_t)v.bad_sig)
                t = &v.sigs[k];
        fail_at(&v, (uint64_t)v.bad_sig, "a valid Ed25519 signature", "an invalid one",
                "entry %lld: signature does not verify with the key of user %u (%s)",
                (long long)v.bad_sig, t ? t->actor : 0,
                t ? v.users[t->actor].name : "?");
    }
    check_checkpoints(&v, size);
    if (opts != NULL && opts->saved_checkpoint != NULL) {
        if (saved.size > size) {
            snprintf(ex, sizeof ex, "at least %llu entries", (unsigned long long)saved.size);
            snprintf(fo, sizeof fo, "%llu", (unsigned long long)size);
            fail_other(&v, ex, fo,
                       "the trail is shorter than the saved checkpoint: truncated or rolled "
                       "back");
        } else if (saved.size > 0 &&
                   (!have_saved || sodium_memcmp(saved_root, saved.root, 32) != 0)) {
            hex(ex, sizeof ex, saved.root, 32);
            hex(fo, sizeof fo, saved_root, 32);
            fail_other(&v, ex, fo,
                       "the first %llu entries differ from the saved checkpoint: the log forked",
                       (unsigned long long)saved.size);
        }
    }
    if ((rc = check_records(&v, txn, st)) < 0 || (rc = check_users(&v, txn, st)) < 0)
        goto done;
    v.steps_base = v.total_steps;
    progress(&v, 0);
    rc = rep->tampered ? sanctum__err(SANCTUM_ETAMPER, "%s", rep->what) : SANCTUM_OK;
done:
    if (txn != NULL)
        sanctum__store_read_end(st, txn);
    if (!borrowed)
        sanctum_store_close(st);
    sanctum__vstate_free(v.state);
    free(v.users);
    free(v.sigs);
    free(v.cps);
    free(v.apps);
    sanctum__trust_clear(&trust);
    return rc;
}

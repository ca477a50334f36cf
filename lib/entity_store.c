/* SPDX-License-Identifier: Apache-2.0 */
/* entity_store.c - storing, reading, changing and deleting entities through a session. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sanctum/case.h>

#include "ahead.h"
#include "audit.h"
#include "blindindex.h"
#include "entity.h"
#include "errors.h"
#include "record.h"
#include "session.h"
#include "store.h"

#define EIDCLASH (-1001) /* internal: a generated id is taken; pick another */

/* ------------------------------------------------------------ encoding */

/* The current key of level v's level, with its version, or the refusal of
 * a value above the session's clearance. */
static int
value_key(const unsigned char **key, uint32_t *ver, const sanctum_session *s,
          const sanctum_entity *e, const sanctum__evalue *v)
{
    *ver = s->kr->current[v->level];
    if (*ver == 0 || (*key = sanctum__keyring_level(s->kr, v->level, *ver)) == NULL)
        return sanctum__err(SANCTUM_EPERM, "%s.%s: a %s value is above the clearance of user %s",
                            e->schema->name, v->prop->name, sanctum_level_name(v->level),
                            s->user.name);
    return SANCTUM_OK;
}

int
sanctum__entity_check_levels(const sanctum_session *s, const sanctum_entity *e)
{
    const unsigned char *key;
    uint32_t ver;
    int rc;

    for (size_t i = 0; i < e->count; i++)
        if (e->values[i].text != NULL && (rc = value_key(&key, &ver, s, e, &e->values[i])) < 0)
            return rc;
    return SANCTUM_OK;
}

/* Encrypt every value of `e` for entity `id` and encode the record into
 * `out`. Readable values are sealed afresh under the current key of their
 * level, with nonce = one random prefix for this write || value index;
 * withheld values keep their stored ciphertext. */
int
sanctum__entity_encode(sanctum__buf *out, const sanctum_session *s, const sanctum_entity *e,
              const char *id, uint64_t revision, int64_t created, int64_t updated)
{
    unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES], nonce[SANCTUM__NONCE_BYTES];
    unsigned char ad[SANCTUM__AD_MAX];
    unsigned char sub[4][32];
    int have_sub[4] = { 0, 0, 0, 0 };
    int rc = SANCTUM_OK;

    randombytes_buf(prefix, sizeof prefix);
    sanctum__record_put_header(out, e->schema->name, revision, created, updated, e->status,
                               prefix, (uint32_t)e->count);
    for (size_t i = 0; i < e->count && rc == SANCTUM_OK; i++) {
        const sanctum__evalue *v = &e->values[i];
        uint32_t ver;
        const unsigned char *key;
        unsigned char *ct;
        size_t ad_len;

        if (v->text == NULL) {
            sanctum__record_put_value(out, v->prop->name, v->level, v->key_version, v->raw,
                                      v->raw + SANCTUM__NONCE_BYTES,
                                      v->raw_len - SANCTUM__NONCE_BYTES, prefix, (uint32_t)i);
            continue;
        }
        if ((rc = value_key(&key, &ver, s, e, v)) < 0)
            break;
        if (!have_sub[v->level]) {
            sanctum__seal_subkey(sub[v->level], key, prefix);
            have_sub[v->level] = 1;
        }
        sanctum__record_nonce(nonce, prefix, (uint32_t)i);
        ad_len = sanctum__seal_ad(ad, sizeof ad, s->st->id, id, v->prop->name, v->level, ver);
        if ((ct = malloc(v->len + SANCTUM__TAG_BYTES)) == NULL) {
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
            break;
        }
        rc = sanctum__seal_sub(ct, (const unsigned char *)v->text, v->len, nonce, ad, ad_len,
                               sub[v->level]);
        if (rc == SANCTUM_OK)
            sanctum__record_put_value(out, v->prop->name, v->level, ver, nonce, ct,
                                      v->len + SANCTUM__TAG_BYTES, prefix, (uint32_t)i);
        free(ct);
    }
    sodium_memzero(sub, sizeof sub);
    if (rc == SANCTUM_OK && out->failed)
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
    return rc;
}

/* Decode stored record bytes of entity `id` into a new entity, decrypting
 * what the session's keys allow and withholding the rest. */
int
sanctum__entity_decode(sanctum_entity **out, const sanctum_session *s, const char *id,
              const unsigned char *bytes, size_t len)
{
    sanctum__record rec;
    sanctum_entity *e = NULL;
    unsigned char ad[SANCTUM__AD_MAX], sub[4][32];
    const unsigned char *sub_prefix[4] = { NULL, NULL, NULL, NULL };
    const unsigned char *sub_key[4] = { NULL, NULL, NULL, NULL };
    char prop[256];
    int rc;

    *out = NULL;
    if ((rc = sanctum__record_parse(&rec, id, bytes, len)) < 0)
        return rc;
    if ((rc = sanctum_entity_new(&e, rec.schema)) < 0) {
        rc = sanctum__err(SANCTUM_ECORRUPT, "entity %s: unknown stored schema", id);
        goto done;
    }
    snprintf(e->id, sizeof e->id, "%s", id);
    e->revision = rec.revision;
    e->created = rec.created;
    e->updated = rec.updated;
    e->status = rec.status;
    /* the plaintexts the session can open, in one block (freed with e) */
    for (size_t i = 0; i < rec.nvalues; i++)
        if (sanctum__keyring_level(s->kr, rec.values[i].level, rec.values[i].key_version))
            e->arena_len += rec.values[i].ct_len - SANCTUM__TAG_BYTES + 1;
    if (e->arena_len > 0 && (e->arena = malloc(e->arena_len)) == NULL) {
        e->arena_len = 0;
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0, off = 0; i < rec.nvalues; i++) {
        const sanctum__rvalue *v = &rec.values[i];
        const sanctum__prop *p;
        const unsigned char *key;

        memcpy(prop, v->prop, v->prop_len);
        prop[v->prop_len] = '\0';
        if ((p = sanctum__schema_prop(e->schema, prop)) == NULL) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "entity %s: unknown stored property", id);
            goto done;
        }
        key = sanctum__keyring_level(s->kr, v->level, v->key_version);
        if (key == NULL) {
            unsigned char *raw = malloc(SANCTUM__NONCE_BYTES + v->ct_len);
            if (raw == NULL) {
                rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
                goto done;
            }
            memcpy(raw, v->nonce, SANCTUM__NONCE_BYTES);
            memcpy(raw + SANCTUM__NONCE_BYTES, v->ct, v->ct_len);
            rc = sanctum__entity_push(e, p, NULL, 0, v->level, v->key_version, raw,
                                      SANCTUM__NONCE_BYTES + v->ct_len);
            if (rc < 0) {
                free(raw);
                goto done;
            }
            continue;
        }
        size_t plen = v->ct_len - SANCTUM__TAG_BYTES;
        size_t ad_len = sanctum__seal_ad(ad, sizeof ad, s->st->id, id, prop, v->level,
                                         v->key_version);
        char *text = e->arena + off;
        off += plen + 1;
        /* values written together share a nonce prefix, hence a subkey per level */
        if (sub_key[v->level] != key || sub_prefix[v->level] == NULL ||
            memcmp(sub_prefix[v->level], v->nonce, SANCTUM__NONCE_PREFIX_BYTES) != 0) {
            sanctum__seal_subkey(sub[v->level], key, v->nonce);
            sub_key[v->level] = key;
            sub_prefix[v->level] = v->nonce;
        }
        if (sanctum__unseal_sub((unsigned char *)text, v->ct, v->ct_len, v->nonce, ad, ad_len,
                                sub[v->level]) < 0) {
            rc = sanctum__err(SANCTUM_ECORRUPT,
                              "entity %s: property %s: ciphertext fails authentication "
                              "(moved, altered or foreign)", id, prop);
            goto done;
        }
        text[plen] = '\0';
        if ((rc = sanctum__entity_push(e, p, text, plen, v->level, v->key_version, NULL,
                                       0)) < 0)
            goto done; /* the arena is wiped with e */
    }
    *out = e;
    e = NULL;
done:
    sodium_memzero(sub, sizeof sub);
    sanctum__record_clear(&rec);
    sanctum_entity_free(e);
    return rc;
}

/* ------------------------------------------------------------ shared checks */

int
sanctum__schema_key(char *out, size_t cap, const char *schema, const char *id)
{
    int n = snprintf(out, cap, "%s%c%s", schema, '\0', id);
    return n;
}

/* Every entity reference of `e` must name a stored entity. */
int
sanctum__entity_check_refs_known(MDB_txn *txn, const sanctum_store *st, const sanctum_entity *e,
                                 int (*known)(void *arg, const char *id), void *arg)
{
    MDB_val v;
    int rc;

    for (size_t i = 0; i < e->count; i++) {
        const sanctum__evalue *ev = &e->values[i];
        if (ev->prop->type != SANCTUM__PT_ENTITY || ev->text == NULL)
            continue;
        if (known != NULL && known(arg, ev->text))
            continue;
        rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, ev->text, ev->len, &v);
        if (rc == SANCTUM_ENOTFOUND)
            return sanctum__err(SANCTUM_EINVAL, "%s.%s references unknown entity %s",
                                e->schema->name, ev->prop->name, ev->text);
        if (rc < 0)
            return rc;
    }
    return SANCTUM_OK;
}

int
sanctum__entity_check_refs(MDB_txn *txn, const sanctum_store *st, const sanctum_entity *e)
{
    return sanctum__entity_check_refs_known(txn, st, e, NULL, NULL);
}

/* A record holds at most SANCTUM__RECORD_MAX_VALUES values: refuse more
 * before anything is encrypted or written, as the caller's mistake.
 * Written, the record would only be refused when read back (the index
 * upkeep reads it in the same transaction), as a malformed stored record. */
static int
check_value_count(const sanctum_entity *e)
{
    if (e->count <= SANCTUM__RECORD_MAX_VALUES)
        return SANCTUM_OK;
    if (e->id[0] == '\0')
        return sanctum__err(SANCTUM_EINVAL, "new %s has %zu values: an entity holds at most %d "
                            "values", e->schema->name, e->count, SANCTUM__RECORD_MAX_VALUES);
    return sanctum__err(SANCTUM_EINVAL, "%s %s would hold %zu values: an entity holds at most "
                        "%d values", e->schema->name, e->id, e->count,
                        SANCTUM__RECORD_MAX_VALUES);
}

/* ------------------------------------------------------------ create */

/* The first index after `i` of the entity at address `p` in the batch. */
static size_t
batch_next_of(sanctum_entity *const *es, size_t n, size_t i, uint64_t p)
{
    while (++i < n && (uint64_t)(uintptr_t)es[i] != p)
        ;
    return i;
}

/* The same entity twice in a batch would be stored twice, and the caller
 * would hold only the second id: refuse it. The addresses are sorted and
 * neighbours compared (a batch holds up to SANCTUM_BATCH_MAX). */
static int
check_distinct(sanctum_entity *const *es, size_t n)
{
    uint64_t *p;
    int rc = SANCTUM_OK;

    if (n < 2)
        return SANCTUM_OK;
    if ((p = malloc(n * sizeof *p)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        p[i] = (uint64_t)(uintptr_t)es[i];
    qsort(p, n, sizeof *p, sanctum__u64_cmp);
    for (size_t i = 1; i < n && rc == SANCTUM_OK; i++)
        if (p[i] == p[i - 1]) {
            size_t a = batch_next_of(es, n, (size_t)-1, p[i]);
            rc = sanctum__err(SANCTUM_EINVAL, "entities %zu and %zu of the batch are the same "
                              "%s", a, batch_next_of(es, n, a, p[i]),
                              es[a]->schema->name);
        }
    free(p);
    return rc;
}

struct create_ctx {
    sanctum_session *s;
    sanctum_entity *const *es;
    size_t n;
    char (*ids)[SANCTUM__ID_MAX];
    sanctum__buf *bufs;            /* the records, encoded ahead */
    sanctum__ixready **ready;      /* their index work, done ahead */
    sanctum__ixprep *prep[SANCTUM__AHEAD_WORKERS]; /* each thread's tools */
    const sanctum__ixrun *run;
    sanctum__audit_ref *refs;
    const char *purpose;
    int64_t now;
};

/* Made ahead (sanctum__ahead) while the records before it are written:
 * record i encrypted, and its index tokens and sealed names. */
static int
create_make(void *arg, size_t i, int worker)
{
    struct create_ctx *c = arg;
    int rc;

    sanctum__buf_free(&c->bufs[i]);
    if ((rc = sanctum__entity_encode(&c->bufs[i], c->s, c->es[i], c->ids[i], 1, c->now,
                                     c->now)) < 0)
        return rc;
    sanctum__record_hash(c->refs[i].hash, c->bufs[i].p, c->bufs[i].len);
    return sanctum__ixprep_entity(c->prep[worker], &c->ready[i], c->ids[i], c->es[i], c->bufs[i].p,
                                  c->bufs[i].len);
}

static int
create_txn(MDB_txn *txn, void *arg)
{
    struct create_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__audit_spec spec = { SANCTUM__ACT_CREATE, c->purpose, c->refs, c->n, NULL, 0 };
    sanctum__ixrun *r = NULL;
    sanctum__ahead *a = NULL;
    char skey[128];
    int rc, end;

    if ((rc = sanctum__ixrun_begin(&r, txn, c->s)) < 0)
        return rc;
    c->run = r;
    /* postings written every ~1,000 persons: the records are made ahead
     * on the other core meanwhile (1 << 20 at once: 43 us per insert in
     * store_bench 20000 on tmpfs, 1 << 16: 39 us) */
    sanctum__ixrun_flush_at(r, (size_t)1 << 16);
    if ((rc = sanctum__ixprep_tools(c->prep, r, c->n)) == SANCTUM_OK)
        rc = sanctum__ahead_start(&a, c->n, create_make, c);
    for (size_t i = 0; i < c->n && rc == SANCTUM_OK; i++) {
        if ((rc = sanctum__ahead_wait(a, i)) < 0 ||
            (rc = sanctum__entity_check_refs(txn, st, c->es[i])) < 0)
            break;
        /* an id already taken fails the put (MDB_NOOVERWRITE) */
        if ((rc = sanctum__put(txn, st, SANCTUM__DB_ENTITIES, c->ids[i], strlen(c->ids[i]),
                               c->bufs[i].p, c->bufs[i].len, MDB_NOOVERWRITE)) < 0) {
            rc = rc == SANCTUM_EEXISTS ? EIDCLASH : rc;
            break;
        }
        int klen = sanctum__schema_key(skey, sizeof skey, c->es[i]->schema->name, c->ids[i]);
        if ((rc = sanctum__put(txn, st, SANCTUM__DB_BY_SCHEMA, skey, (size_t)klen, "", 0,
                               0)) < 0)
            break;
        c->refs[i].id = c->ids[i];
        c->refs[i].revision = 1; /* its hash was made ahead, with the record */
        rc = sanctum__ixrun_entity_ready(r, c->ids[i], c->es[i], c->ready[i]);
    }
    sanctum__ahead_stop(a); /* the helper is done with everything below */
    /* freed only now: memory of the helper's malloc arena, freed while it
     * allocates, made both threads wait on the arena's lock */
    for (size_t i = 0; i < c->n; i++) {
        sanctum__ixready_free(c->ready[i]);
        c->ready[i] = NULL;
    }
    for (int w = 0; w < SANCTUM__AHEAD_WORKERS; w++) {
        sanctum__ixprep_free(c->prep[w]);
        c->prep[w] = NULL;
    }
    end = sanctum__ixrun_end(r, rc == SANCTUM_OK);
    if (rc < 0 || (rc = end) < 0)
        return rc;
    return sanctum__audit_append_spread(txn, st, c->s->kr, c->s->user.id, &spec);
}

int
sanctum_entity_create_batch(sanctum_session *s, sanctum_entity *const *es, size_t n,
                            const char *purpose)
{
    struct create_ctx c = { .s = s, .es = es, .n = n, .purpose = purpose };
    int rc = SANCTUM_OK, tries;

    sanctum__err_clear();
    if ((rc = sanctum__session_can_write(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (n == 0 || n > SANCTUM_BATCH_MAX)
        return sanctum__err(SANCTUM_EINVAL, "a batch holds 1 to %d entities", SANCTUM_BATCH_MAX);
    for (size_t i = 0; i < n; i++) {
        if (es[i] != NULL && es[i]->revision == 0 && strcmp(es[i]->schema->name, "Case") == 0)
            es[i]->status = SANCTUM_CASE_LEAD; /* every case starts as a lead */
        if (es[i] == NULL || es[i]->revision != 0)
            return sanctum__err(SANCTUM_EINVAL, "entity %zu of the batch is already stored", i);
        if (es[i]->count == 0)
            return sanctum__err(SANCTUM_EINVAL, "new %s has no values", es[i]->schema->name);
        if ((rc = check_value_count(es[i])) < 0)
            return rc;
        for (size_t j = 0; j < es[i]->count; j++)
            if (es[i]->values[j].text == NULL)
                return sanctum__err(SANCTUM_EINVAL, "a new entity cannot hold withheld values");
    }
    if ((rc = check_distinct(es, n)) < 0)
        return rc;
    c.ids = calloc(n, sizeof *c.ids);
    c.bufs = calloc(n, sizeof *c.bufs);
    c.ready = calloc(n, sizeof *c.ready);
    c.refs = calloc(n, sizeof *c.refs);
    if (c.ids == NULL || c.bufs == NULL || c.ready == NULL || c.refs == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    c.now = sanctum__now_ms();
    for (tries = 0; tries < 4; tries++) {
        sanctum__id_seq q; /* a fresh block on each try */

        sanctum__id_seq_init(&q, n);
        for (size_t i = 0; i < n && rc == SANCTUM_OK; i++)
            rc = sanctum__id_seq_next(&q, c.ids[i], es[i]->schema);
        if (rc < 0)
            goto done;
        rc = sanctum__store_write(s->st, create_txn, &c);
        if (rc != EIDCLASH)
            break;
        rc = SANCTUM_OK;
    }
    if (rc == EIDCLASH)
        rc = sanctum__err(SANCTUM_ERROR, "could not find a free entity id");
    if (rc == SANCTUM_OK) {
        for (size_t i = 0; i < n; i++) {
            memcpy(es[i]->id, c.ids[i], SANCTUM__ID_MAX);
            es[i]->revision = 1;
            es[i]->created = es[i]->updated = c.now;
            for (size_t j = 0; j < es[i]->count; j++)
                es[i]->values[j].key_version = s->kr->current[es[i]->values[j].level];
        }
    }
done:
    for (size_t i = 0; c.bufs != NULL && i < n; i++)
        sanctum__buf_free(&c.bufs[i]);
    free(c.ids);
    free(c.bufs);
    free(c.ready);
    free(c.refs);
    return rc;
}

int
sanctum_entity_create(sanctum_session *s, sanctum_entity *e, const char *purpose)
{
    return sanctum_entity_create_batch(s, &e, 1, purpose);
}

/* ------------------------------------------------------------ read */

struct consult_ctx {
    sanctum_session *s;
    sanctum_entity **out;
    char (*ids)[SANCTUM__ID_MAX];
    MDB_val *recs;             /* the stored records, in the map */
    sanctum__audit_ref *refs;
    size_t n;
    const char *purpose;
};

static void
free_all(sanctum_entity **out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sanctum_entity_free(out[i]);
        out[i] = NULL;
    }
}

/* Decrypt record i (on either thread of sanctum__ahead). */
static int
consult_make(void *arg, size_t i, int worker)
{
    struct consult_ctx *c = arg;
    int rc;

    (void)worker;
    if ((rc = sanctum__entity_decode(&c->out[i], c->s, c->ids[i], c->recs[i].mv_data,
                                     c->recs[i].mv_size)) < 0)
        return rc;
    c->refs[i].id = c->ids[i];
    c->refs[i].revision = c->out[i]->revision;
    sanctum__record_hash(c->refs[i].hash, c->recs[i].mv_data, c->recs[i].mv_size);
    return SANCTUM_OK;
}

/* Read, decrypt and record the consultation in one write transaction, so
 * the entry commits to exactly the bytes that were handed out. The records
 * are found first, then decrypted on both cores (nothing is written to the
 * map until the entry, so the pages found stay as they are). */
static int
consult_txn(MDB_txn *txn, void *arg)
{
    struct consult_ctx *c = arg;
    sanctum__audit_spec spec = { SANCTUM__ACT_CONSULT, c->purpose, c->refs, c->n, NULL, 0 };
    sanctum__ahead *a = NULL;
    int rc = SANCTUM_OK;

    free_all(c->out, c->n); /* a retry after growing the map starts afresh */
    for (size_t i = 0; i < c->n && rc == SANCTUM_OK; i++) {
        rc = sanctum__get(txn, c->s->st, SANCTUM__DB_ENTITIES, c->ids[i], strlen(c->ids[i]),
                          &c->recs[i]);
        if (rc == SANCTUM_ENOTFOUND)
            rc = sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", c->ids[i]);
    }
    if (rc == SANCTUM_OK)
        rc = sanctum__ahead_start(&a, c->n, consult_make, c);
    for (size_t i = 0; i < c->n && rc == SANCTUM_OK; i++)
        rc = sanctum__ahead_wait(a, i);
    sanctum__ahead_stop(a);
    if (rc == SANCTUM_OK)
        rc = sanctum__audit_append_spread(txn, c->s->st, c->s->kr, c->s->user.id, &spec);
    return rc;
}

int
sanctum_entity_get_batch(sanctum_entity **out, sanctum_session *s, const char *const *ids,
                         size_t n, const char *purpose)
{
    struct consult_ctx c = { .s = s, .out = out, .n = n, .purpose = purpose };
    int rc;

    sanctum__err_clear();
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if ((rc = sanctum__session_can_read(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (n == 0 || n > SANCTUM_BATCH_MAX)
        return sanctum__err(SANCTUM_EINVAL, "a batch holds 1 to %d entities", SANCTUM_BATCH_MAX);
    c.ids = calloc(n, sizeof *c.ids);
    c.recs = calloc(n, sizeof *c.recs);
    c.refs = calloc(n, sizeof *c.refs);
    if (c.ids == NULL || c.recs == NULL || c.refs == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = sanctum__id_arg(c.ids[i], ids[i])) < 0)
            goto done;
    rc = sanctum__store_write(s->st, consult_txn, &c);
done:
    if (rc < 0)
        free_all(out, n);
    free(c.ids);
    free(c.recs);
    free(c.refs);
    return rc;
}

int
sanctum_entity_get(sanctum_entity **out, sanctum_session *s, const char *id,
                   const char *purpose)
{
    return sanctum_entity_get_batch(out, s, &id, 1, purpose);
}

/* ------------------------------------------------------------ update */

struct update_ctx {
    sanctum_session *s;
    sanctum_entity *e;
    sanctum__buf *buf;
    const char *purpose;
};

static int
update_txn(MDB_txn *txn, void *arg)
{
    struct update_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__audit_ref ref = { c->e->id, c->e->revision + 1, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_ALTER, c->purpose, &ref, 1, NULL, 0 };
    sanctum__record rec;
    MDB_val v;
    int rc;

    rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, c->e->id, strlen(c->e->id), &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", c->e->id);
    if (rc < 0)
        return rc;
    if ((rc = sanctum__record_parse(&rec, c->e->id, v.mv_data, v.mv_size)) < 0)
        return rc;
    sanctum__record_clear(&rec);
    if (rec.revision != c->e->revision)
        return sanctum__err(SANCTUM_ECONFLICT,
                            "entity %s is at revision %llu, not %llu: it changed meanwhile",
                            c->e->id, (unsigned long long)rec.revision,
                            (unsigned long long)c->e->revision);
    if (strcmp(rec.schema, c->e->schema->name) != 0)
        return sanctum__err(SANCTUM_EINVAL, "entity %s is a %s, not a %s", c->e->id,
                            rec.schema, c->e->schema->name);
    if ((rc = sanctum__entity_check_refs(txn, st, c->e)) < 0)
        return rc;
    if ((rc = sanctum__put(txn, st, SANCTUM__DB_ENTITIES, c->e->id, strlen(c->e->id),
                           c->buf->p, c->buf->len, 0)) < 0)
        return rc;
    if ((rc = sanctum__index_entity(txn, c->s, c->e->id, c->e)) < 0)
        return rc;
    sanctum__record_hash(ref.hash, c->buf->p, c->buf->len);
    return sanctum__audit_append(txn, st, c->s->kr, c->s->user.id, &spec);
}

int
sanctum_entity_update(sanctum_session *s, sanctum_entity *e, const char *purpose)
{
    sanctum__buf buf = { 0 };
    struct update_ctx c = { s, e, &buf, purpose };
    int64_t now = sanctum__now_ms();
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__session_can_write(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (e->revision == 0 || e->id[0] == '\0')
        return sanctum__err(SANCTUM_EINVAL, "the %s has not been stored yet", e->schema->name);
    if (e->count == 0)
        return sanctum__err(SANCTUM_EINVAL, "entity %s would have no values left", e->id);
    if ((rc = check_value_count(e)) < 0)
        return rc;
    if ((rc = sanctum__entity_encode(&buf, s, e, e->id, e->revision + 1, e->created, now)) < 0)
        goto done;
    if ((rc = sanctum__store_write(s->st, update_txn, &c)) < 0)
        goto done;
    e->revision++;
    e->updated = now;
    for (size_t j = 0; j < e->count; j++)
        if (e->values[j].text != NULL)
            e->values[j].key_version = s->kr->current[e->values[j].level];
done:
    sanctum__buf_free(&buf);
    return rc;
}

/* ------------------------------------------------------------ delete */

struct delete_ctx {
    sanctum_session *s;
    const char *id;
    uint64_t expected;
    const char *purpose;
};

static int
delete_txn(MDB_txn *txn, void *arg)
{
    struct delete_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__audit_ref ref = { c->id, 0, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_ERASE, c->purpose, &ref, 1, NULL, 0 };
    sanctum__record rec;
    char skey[128], by[SANCTUM__ID_MAX];
    const char *prop = NULL;
    MDB_val v;
    int rc, klen;

    rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id), &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", c->id);
    if (rc < 0)
        return rc;
    if ((rc = sanctum__record_parse(&rec, c->id, v.mv_data, v.mv_size)) < 0)
        return rc;
    sanctum__record_clear(&rec);
    if (c->expected != 0 && rec.revision != c->expected)
        return sanctum__err(SANCTUM_ECONFLICT,
                            "entity %s is at revision %llu, not %llu: it changed meanwhile",
                            c->id, (unsigned long long)rec.revision,
                            (unsigned long long)c->expected);
    /* a link or record still naming it would be left pointing at nothing */
    if ((rc = sanctum__ix_referrer(txn, c->s, c->id, by, &prop)) < 0)
        return rc;
    if (rc == 1)
        return sanctum__err(SANCTUM_ECONFLICT, "entity %s is referenced by %s (property %s): "
                            "change or delete that first", c->id, by, prop);
    klen = sanctum__schema_key(skey, sizeof skey, rec.schema, c->id);
    if ((rc = sanctum__del(txn, st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id))) < 0 ||
        (rc = sanctum__del(txn, st, SANCTUM__DB_BY_SCHEMA, skey, (size_t)klen)) < 0)
        return rc == SANCTUM_ENOTFOUND
                   ? sanctum__err(SANCTUM_ECORRUPT, "entity %s is missing from its schema index",
                                  c->id)
                   : rc;
    if ((rc = sanctum__index_entity(txn, c->s, c->id, NULL)) < 0)
        return rc;
    return sanctum__audit_append(txn, st, c->s->kr, c->s->user.id, &spec);
}

int
sanctum_entity_delete(sanctum_session *s, const char *id, uint64_t expected_revision,
                      const char *purpose)
{
    char canon[SANCTUM__ID_MAX];
    struct delete_ctx c = { s, canon, expected_revision, purpose };
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__session_can_write(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0 || (rc = sanctum__id_arg(canon, id)) < 0)
        return rc;
    return sanctum__store_write(s->st, delete_txn, &c);
}

/* ------------------------------------------------------------ metadata */

int
sanctum_entity_meta(sanctum_session *s, const char *id, const char **schema,
                    uint64_t *revision)
{
    char canon[SANCTUM__ID_MAX];
    sanctum__record rec;
    MDB_txn *txn;
    MDB_val v;
    int rc;

    sanctum__err_clear();
    if ((rc = sanctum__session_can_read(s)) < 0 || (rc = sanctum__id_arg(canon, id)) < 0)
        return rc;
    if ((rc = sanctum__store_read_begin(s->st, &txn)) < 0)
        return rc;
    rc = sanctum__get(txn, s->st, SANCTUM__DB_ENTITIES, canon, strlen(canon), &v);
    if (rc == SANCTUM_ENOTFOUND)
        rc = sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", canon);
    if (rc == SANCTUM_OK && (rc = sanctum__record_parse(&rec, canon, v.mv_data, v.mv_size)) == 0) {
        const sanctum__schema *sch = sanctum__schema_find(rec.schema);
        sanctum__record_clear(&rec);
        if (sch == NULL)
            rc = sanctum__err(SANCTUM_ECORRUPT, "entity %s: unknown stored schema", canon);
        if (sch != NULL && schema != NULL)
            *schema = sch->name;
        if (sch != NULL && revision != NULL)
            *revision = rec.revision;
    }
    sanctum__store_read_end(s->st, txn);
    return rc;
}

/* ------------------------------------------------------------ list */

struct sanctum_id_list {
    char (*ids)[SANCTUM__ID_MAX];
    const char **schemas;        /* static schema names */
    size_t count, cap;
};

static int
list_push(sanctum_id_list *l, const char *id, size_t id_len, const char *schema)
{
    if (id_len >= SANCTUM__ID_MAX)
        return sanctum__err(SANCTUM_ECORRUPT, "a stored entity id is malformed");
    if (l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        void *a = realloc(l->ids, ncap * sizeof *l->ids);
        if (a == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        l->ids = a;
        a = realloc(l->schemas, ncap * sizeof *l->schemas);
        if (a == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        l->schemas = a;
        l->cap = ncap;
    }
    memcpy(l->ids[l->count], id, id_len);
    l->ids[l->count][id_len] = '\0';
    l->schemas[l->count++] = schema;
    return SANCTUM_OK;
}

int
sanctum_entity_list(sanctum_id_list **out, sanctum_session *s, const char *schema)
{
    const sanctum__schema *want = NULL;
    sanctum_id_list *l;
    MDB_txn *txn;
    MDB_cursor *cur;
    MDB_val k, v;
    int rc, op = MDB_FIRST;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__session_can_read(s)) < 0)
        return rc;
    if (schema != NULL && (want = sanctum__schema_find(schema)) == NULL)
        return sanctum__err_schema(schema);
    if ((l = calloc(1, sizeof *l)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if ((rc = sanctum__store_read_begin(s->st, &txn)) < 0) {
        free(l);
        return rc;
    }
    if ((rc = mdb_cursor_open(txn, s->st->dbi[SANCTUM__DB_BY_SCHEMA], &cur)) != 0) {
        rc = sanctum__err_mdb(rc, "by_schema");
        goto done;
    }
    if (want != NULL) {
        k.mv_data = (void *)want->name;
        k.mv_size = strlen(want->name) + 1;
        op = MDB_SET_RANGE;
    }
    while ((rc = mdb_cursor_get(cur, &k, &v, op)) == 0) {
        const char *key = k.mv_data, *nul = memchr(key, '\0', k.mv_size);
        const sanctum__schema *sch;
        op = MDB_NEXT;
        if (nul == NULL) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "schema index is malformed");
            break;
        }
        if (want != NULL && strcmp(key, want->name) != 0)
            break;
        if ((sch = sanctum__schema_find(key)) == NULL) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "schema index names an unknown schema");
            break;
        }
        size_t off = (size_t)(nul - key) + 1;
        if ((rc = list_push(l, key + off, k.mv_size - off, sch->name)) < 0)
            break;
    }
    mdb_cursor_close(cur);
    if (rc == MDB_NOTFOUND || rc == 0)
        rc = SANCTUM_OK;
    else if (rc > 0)
        rc = sanctum__err_mdb(rc, "by_schema");
done:
    sanctum__store_read_end(s->st, txn);
    if (rc < 0) {
        sanctum_id_list_free(l);
        return rc;
    }
    *out = l;
    return SANCTUM_OK;
}

size_t
sanctum_id_list_count(const sanctum_id_list *l)
{
    return l ? l->count : 0;
}

const char *
sanctum_id_list_at(const sanctum_id_list *l, size_t i)
{
    return (l && i < l->count) ? l->ids[i] : NULL;
}

const char *
sanctum_id_list_schema(const sanctum_id_list *l, size_t i)
{
    return (l && i < l->count) ? l->schemas[i] : NULL;
}

void
sanctum_id_list_free(sanctum_id_list *l)
{
    if (l == NULL)
        return;
    free(l->ids);
    free(l->schemas);
    free(l);
}

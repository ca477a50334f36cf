/* SPDX-License-Identifier: Apache-2.0 */
/* screen.c - the screening API: batches over threads, one audited consultation per run. */
#include "screen.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "entity.h"
#include "errors.h"
#include "postings.h"
#include "record.h"
#include "session.h"
#include "store.h"

#define LIMIT_DEFAULT 10
#define QUERIES_MAX 0x7fffffffu
#define RENEW_EVERY 256    /* queries per read snapshot of a worker */
#define THREADS_MAX 64

double
sanctum_screen_default_threshold(void)
{
    return SANCTUM__MATCH_THRESHOLD;
}

/* ------------------------------------------------------------ results */

struct sanctum_screen_result {
    size_t nq;
    size_t *n;                 /* matches per query */
    size_t *unscored;          /* per query: tied candidates left unscored */
    sanctum__smatch **sm;      /* per query: the matches */
    sanctum_screen_match **pub;
};

size_t
sanctum_screen_query_count(const sanctum_screen_result *r)
{
    return r ? r->nq : 0;
}

size_t
sanctum_screen_match_count(const sanctum_screen_result *r, size_t query)
{
    return (r && query < r->nq) ? r->n[query] : 0;
}

size_t
sanctum_screen_unscored(const sanctum_screen_result *r, size_t query)
{
    return (r && query < r->nq) ? r->unscored[query] : 0;
}

const sanctum_screen_match *
sanctum_screen_match_at(const sanctum_screen_result *r, size_t query, size_t i)
{
    if (r == NULL || query >= r->nq || i >= r->n[query])
        return NULL;
    return &r->pub[query][i];
}

void
sanctum_screen_result_free(sanctum_screen_result *r)
{
    if (r == NULL)
        return;
    for (size_t q = 0; q < r->nq; q++) {
        for (size_t i = 0; r->sm != NULL && r->sm[q] != NULL && i < r->n[q]; i++)
            sanctum__smatch_clear(&r->sm[q][i]);
        if (r->sm != NULL)
            free(r->sm[q]);
        if (r->pub != NULL)
            free(r->pub[q]);
    }
    free(r->sm);
    free(r->pub);
    free(r->n);
    free(r->unscored);
    free(r);
}

/* ------------------------------------------------------------ a run */

struct run {
    sanctum_session *s;
    sanctum__sctx ctx;
    const sanctum__sq *sq;
    size_t count;
    sanctum__smatch **res;     /* per query */
    size_t *nres;
    size_t *unscored;          /* per query: see sanctum__screen_one */
    char **norm;               /* per query: the normalised name */
    /* threads */
    size_t next;               /* next query to take (atomic) */
    pthread_mutex_t lock;
    size_t err_q;              /* lowest failing query index, or SIZE_MAX */
    int err_code;
    char err_msg[512];
};

static void
run_fail(struct run *r, size_t qi, int code)
{
    pthread_mutex_lock(&r->lock);
    if (qi < r->err_q) {
        r->err_q = qi;
        r->err_code = code;
        snprintf(r->err_msg, sizeof r->err_msg, "%s", sanctum_last_error());
    }
    pthread_mutex_unlock(&r->lock);
}

static size_t
run_err_q(struct run *r)
{
    size_t e;

    pthread_mutex_lock(&r->lock);
    e = r->err_q;
    pthread_mutex_unlock(&r->lock);
    return e;
}

/* A worker: takes queries in order until none is left (or one before it
 * failed: later ones are not needed, earlier ones may fail first). */
static void *
worker_main(void *arg)
{
    struct run *r = arg;
    sanctum__sworker *w = NULL;
    MDB_txn *txn = NULL;
    size_t done = 0;
    int rc;

    if ((rc = sanctum__sworker_new(&w, &r->ctx)) < 0) {
        run_fail(r, 0, rc);
        return NULL;
    }
    for (;;) {
        size_t qi = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED);
        if (qi >= r->count || qi > run_err_q(r))
            break;
        if (txn == NULL || done % RENEW_EVERY == 0) {
            if (txn != NULL) {
                sanctum__sworker_end(w);
                sanctum__store_read_end(r->s->st, txn);
                txn = NULL;
            }
            if ((rc = sanctum__store_read_begin(r->s->st, &txn)) < 0) {
                txn = NULL;
                run_fail(r, qi, rc);
                break;
            }
            if ((rc = sanctum__sworker_begin(w, txn)) < 0) {
                run_fail(r, qi, rc);
                break;
            }
        }
        done++;
        rc = sanctum__screen_one(w, &r->sq[qi], qi + 1, &r->res[qi], &r->nres[qi],
                                 &r->norm[qi], &r->unscored[qi]);
        if (rc < 0) {
            run_fail(r, qi, rc);
            break;
        }
        sanctum__store_resident_check(r->s->st); /* txn is open: the map stays put */
    }
    sanctum__sworker_end(w);
    if (txn != NULL)
        sanctum__store_read_end(r->s->st, txn);
    sanctum__sworker_free(w);
    return NULL;
}

static unsigned int
threads_for(const sanctum_screen_options *o, size_t count)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned int n = o->threads ? o->threads : (cores > 0 ? (unsigned int)cores : 1);

    if (n > THREADS_MAX)
        n = THREADS_MAX;
    if (n > count)
        n = (unsigned int)count;
    return n ? n : 1;
}

/* Screen every query of the run on `nthreads` threads (the caller's among them). */
static void
run_queries(struct run *r, unsigned int nthreads)
{
    pthread_t tid[THREADS_MAX];
    unsigned int started = 0;

    for (unsigned int t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[started], NULL, worker_main, r) != 0)
            break; /* fewer threads: the others take the work */
        started++;
    }
    worker_main(r);
    for (unsigned int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
}

/* ------------------------------------------------------------ audit */

/* The run's keyed commitment: BLAKE2b-256 under the "lookup-commit" index
 * subkey of, per query, u16 length || normalised name || u8 length ||
 * schema || u16 birth year || 2 bytes nationality. */
static int
commitment(unsigned char out[32], const struct run *r)
{
    crypto_generichash_state h;
    unsigned char key[32], b[8];
    int rc;

    if ((rc = sanctum__index_subkey(key, r->s->kr, "lookup-commit")) < 0)
        return rc;
    rc = crypto_generichash_init(&h, key, sizeof key, 32);
    for (size_t i = 0; i < r->count && rc == 0; i++) {
        const char *nm = r->norm[i] ? r->norm[i] : "";
        const char *sc = r->sq[i].schema ? r->sq[i].schema->name : "";
        size_t nl = strlen(nm), sl = strlen(sc);
        b[0] = (unsigned char)(nl >> 8);
        b[1] = (unsigned char)nl;
        rc |= crypto_generichash_update(&h, b, 2);
        rc |= crypto_generichash_update(&h, (const unsigned char *)nm, nl);
        b[0] = (unsigned char)sl;
        rc |= crypto_generichash_update(&h, b, 1);
        rc |= crypto_generichash_update(&h, (const unsigned char *)sc, sl);
        b[0] = (unsigned char)(r->sq[i].year >> 8);
        b[1] = (unsigned char)r->sq[i].year;
        b[2] = (unsigned char)r->sq[i].country[0];
        b[3] = (unsigned char)r->sq[i].country[1];
        rc |= crypto_generichash_update(&h, b, 4);
    }
    if (rc == 0)
        rc = crypto_generichash_final(&h, out, 32);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&h, sizeof h);
    return rc == 0 ? SANCTUM_OK : sanctum__err(SANCTUM_ERROR, "lookup commitment failed");
}

/* Append LOOKUP entries naming refs[0..n): one entry, or one per
 * SANCTUM__ENTRY_REFS_MAX references when more were returned, each with
 * the run's payload (u32 query count || 32-byte commitment). */
static int
append_lookup(MDB_txn *txn, const sanctum_session *s, const char *purpose,
              const sanctum__audit_ref *refs, size_t n, const unsigned char payload[36])
{
    sanctum__audit_spec spec = { SANCTUM__ACT_LOOKUP, purpose, refs, n, payload, 36 };

    return sanctum__audit_append_spread(txn, s->st, s->kr, s->user.id, &spec);
}

/* A returned match and the query it answers. */
struct mref {
    sanctum__smatch *m;
    size_t q;
};

struct lookup_ctx {
    struct run *r;
    const char *purpose;
    struct mref *all;
    size_t nall;
    sanctum__audit_ref *refs;
    unsigned char payload[36];
    sanctum__sworker *w;       /* re-scoring, in the write transaction */
};

static int
cmp_mref(const void *a, const void *b)
{
    const struct mref *x = a, *y = b;
    int c = strcmp(x->m->id, y->m->id);

    return c ? c : (x->q < y->q ? -1 : x->q > y->q);
}

/*
 * The write transaction of a run: every returned entity is read again.
 * When its bytes are still those scored, it is referenced as scored; when
 * it changed since, each of its matches is scored again on the new bytes
 * (kept with the new figures, or dropped below the threshold); when it is
 * gone, its matches are dropped. The entry then commits to exactly the
 * records behind the results. Repeating this (after the map grew) gives
 * the same outcome.
 */
static int
lookup_txn(MDB_txn *txn, void *arg)
{
    struct lookup_ctx *c = arg;
    size_t nrefs = 0;
    int rc = SANCTUM_OK, begun = 0;

    for (size_t i = 0; i < c->nall && rc == SANCTUM_OK;) {
        size_t j = i, live = 0;
        const char *id = c->all[i].m->id;
        unsigned char h[32];
        sanctum__record rec;
        MDB_val v;

        while (j < c->nall && strcmp(c->all[j].m->id, id) == 0)
            j++;
        sanctum__store_resident_check(c->r->s->st); /* a batch reads many records */
        rc = sanctum__get(txn, c->r->s->st, SANCTUM__DB_ENTITIES, id, strlen(id), &v);
        if (rc == SANCTUM_ENOTFOUND) {
            for (size_t k = i; k < j; k++)
                c->all[k].m->dropped = 1;
            rc = SANCTUM_OK;
            i = j;
            continue;
        }
        if (rc < 0)
            break;
        sanctum__record_hash(h, v.mv_data, v.mv_size);
        for (size_t k = i; k < j && rc == SANCTUM_OK; k++) {
            sanctum__smatch *m = c->all[k].m;
            if (m->dropped || sodium_memcmp(m->hash, h, 32) == 0)
                continue;
            if (c->w == NULL)
                rc = sanctum__sworker_new(&c->w, &c->r->ctx);
            if (rc == SANCTUM_OK && !begun && (rc = sanctum__sworker_begin(c->w, txn)) == 0)
                begun = 1;
            if (rc == SANCTUM_OK)
                rc = sanctum__screen_rescore(c->w, &c->r->sq[c->all[k].q], c->all[k].q + 1, m);
        }
        for (size_t k = i; k < j; k++)
            live += !c->all[k].m->dropped;
        if (rc == SANCTUM_OK && live > 0 &&
            (rc = sanctum__record_parse(&rec, id, v.mv_data, v.mv_size)) == SANCTUM_OK) {
            c->refs[nrefs].id = id;
            c->refs[nrefs].revision = rec.revision;
            memcpy(c->refs[nrefs].hash, h, 32);
            nrefs++;
            sanctum__record_clear(&rec);
        }
        i = j;
    }
    if (c->w != NULL)
        sanctum__sworker_end(c->w);
    if (rc < 0)
        return rc;
    return append_lookup(txn, c->r->s, c->purpose, c->refs, nrefs, c->payload);
}

/* Move the run's surviving matches into a result. */
static int
make_result(sanctum_screen_result **out, struct run *r)
{
    sanctum_screen_result *res = calloc(1, sizeof *res);

    if (res == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    res->nq = r->count;
    res->n = calloc(r->count, sizeof *res->n);
    res->sm = calloc(r->count, sizeof *res->sm);
    res->pub = calloc(r->count, sizeof *res->pub);
    res->unscored = calloc(r->count, sizeof *res->unscored);
    if (res->n == NULL || res->sm == NULL || res->pub == NULL || res->unscored == NULL) {
        sanctum_screen_result_free(res);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    for (size_t q = 0; q < r->count; q++) {
        sanctum__smatch *m = r->res[q];
        size_t n = 0;

        for (size_t i = 0; i < r->nres[q]; i++) {
            if (m[i].dropped)
                sanctum__smatch_clear(&m[i]);
            else
                m[n++] = m[i];
        }
        if (n > 1)
            qsort(m, n, sizeof *m, sanctum__smatch_cmp);
        res->sm[q] = m;
        res->n[q] = n;
        res->unscored[q] = r->unscored[q];
        r->res[q] = NULL;
        r->nres[q] = 0;
        if (n == 0)
            continue;
        if ((res->pub[q] = calloc(n, sizeof *res->pub[q])) == NULL) {
            sanctum_screen_result_free(res);
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) {
            sanctum_screen_match *p = &res->pub[q][i];
            p->id = m[i].id;
            p->schema = m[i].schema;
            p->caption = m[i].caption;
            p->matched_name = m[i].matched;
            p->matched_prop = m[i].prop;
            p->score = m[i].score;
            p->name_score = m[i].name_score;
            p->birth_factor = m[i].birth_factor;
            p->nat_factor = m[i].nat_factor;
            p->explanation = m[i].explain;
        }
    }
    *out = res;
    return SANCTUM_OK;
}

/* The session's searchable levels and prepared token keys for ctx. */
static int
ctx_keys(sanctum__sctx *ctx, sanctum_session *s)
{
    sanctum__ix_stats stats;
    MDB_txn *txn;
    int rc, any = 0;

    if ((rc = sanctum__store_read_begin(s->st, &txn)) < 0)
        return rc;
    rc = sanctum__ix_stats_get(txn, s->st, &stats);
    sanctum__store_read_end(s->st, txn);
    if (rc < 0 || (rc = sanctum__ix_keys_new(&ctx->keys, s->kr, stats.keyver)) < 0)
        return rc;
    for (int l = 1; l <= 3; l++)
        any |= ctx->levels[l] = sanctum__ix_keys_level(ctx->keys, l);
    if (!any)
        return sanctum__err(SANCTUM_EPERM, "user %s holds no key to search the blind index",
                            s->user.name);
    return sanctum__ix_keys_prepare(ctx->keys);
}

static int
check_options(sanctum__sctx *ctx, const sanctum_screen_options *o)
{
    if (o->version != SANCTUM_SCREEN_OPTIONS_VERSION)
        return sanctum__err(SANCTUM_EINVAL, "screen options: unknown version %u", o->version);
    if (!(o->threshold >= 0.0 && o->threshold <= 1.0))
        return sanctum__err(SANCTUM_EINVAL, "screen options: the threshold is not in 0..1");
    ctx->threshold = o->threshold > 0.0 ? o->threshold : SANCTUM__MATCH_THRESHOLD;
    ctx->limit = o->limit ? o->limit : LIMIT_DEFAULT;
    return SANCTUM_OK;
}

/* SANCTUM_EVERSION when the store's name index was built by older key
 * rules than this library's: a name the new rules find (a code such as
 * "MS-13") would be missed in silence. */
static int
check_index_rules(sanctum_store *st)
{
    MDB_txn *txn;
    uint64_t rules;
    int rc;

    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    rc = sanctum__meta_get_u64(txn, st, SANCTUM__INDEX_RULES_KEY, &rules);
    sanctum__store_read_end(st, txn);
    if (rc == SANCTUM_ENOTFOUND) {
        rules = 1;
        sanctum__err_clear();
    } else if (rc < 0) {
        return rc;
    }
    if (rules < SANCTUM__INDEX_RULES)
        return sanctum__err(SANCTUM_EVERSION,
                            "the blind index of store %s was built by older rules (%llu; this "
                            "library makes %d) and would miss names they cannot find: an "
                            "admin cleared for every level must run sanctum-admin reindex",
                            st->path, (unsigned long long)rules, SANCTUM__INDEX_RULES);
    return SANCTUM_OK;
}

int
sanctum_screen(sanctum_screen_result **out, sanctum_session *s,
               const sanctum_screen_query *queries, size_t count,
               const sanctum_screen_options *opts, const char *purpose)
{
    static const sanctum_screen_options defaults = SANCTUM_SCREEN_OPTIONS_INIT;
    struct run r;
    struct lookup_ctx lc;
    sanctum__sq *sq = NULL;
    int rc;

    sanctum__err_clear();
    if (out == NULL || s == NULL)
        return sanctum__err(SANCTUM_EINVAL, "sanctum_screen: no result or session");
    *out = NULL;
    memset(&r, 0, sizeof r);
    memset(&lc, 0, sizeof lc);
    r.err_q = SIZE_MAX;
    if ((rc = sanctum__session_can_read(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0 ||
        (rc = check_options(&r.ctx, opts ? opts : &defaults)) < 0)
        return rc;
    if (count == 0 || queries == NULL)
        return sanctum__err(SANCTUM_EINVAL, "no queries to screen");
    if (count > QUERIES_MAX)
        return sanctum__err(SANCTUM_EINVAL, "at most %u queries per run", QUERIES_MAX);
    if ((sq = calloc(count, sizeof *sq)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < count; i++)
        if ((rc = sanctum__sq_check(&sq[i], &queries[i], i + 1)) < 0)
            goto done;
    if ((rc = check_index_rules(s->st)) < 0)
        goto done;
    r.s = s;
    r.sq = sq;
    r.count = count;
    r.ctx.s = s;
    pthread_mutex_init(&r.lock, NULL);
    r.res = calloc(count, sizeof *r.res);
    r.nres = calloc(count, sizeof *r.nres);
    r.unscored = calloc(count, sizeof *r.unscored);
    r.norm = calloc(count, sizeof *r.norm);
    if (r.res == NULL || r.nres == NULL || r.unscored == NULL || r.norm == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = ctx_keys(&r.ctx, s)) < 0)
        goto done;
    run_queries(&r, threads_for(opts ? opts : &defaults, count));
    if (r.err_q != SIZE_MAX) {
        rc = sanctum__err(r.err_code, "%s", r.err_msg);
        goto done;
    }
    /* the consultation: one write transaction */
    lc.r = &r;
    lc.purpose = purpose;
    for (size_t q = 0; q < count; q++)
        lc.nall += r.nres[q];
    lc.all = calloc(lc.nall + 1, sizeof *lc.all);
    lc.refs = calloc(lc.nall + 1, sizeof *lc.refs);
    if (lc.all == NULL || lc.refs == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    lc.nall = 0;
    for (size_t q = 0; q < count; q++)
        for (size_t i = 0; i < r.nres[q]; i++) {
            lc.all[lc.nall].m = &r.res[q][i];
            lc.all[lc.nall++].q = q;
        }
    qsort(lc.all, lc.nall, sizeof *lc.all, cmp_mref);
    sanctum__be32(lc.payload, (uint32_t)count);
    if ((rc = commitment(lc.payload + 4, &r)) < 0 ||
        (rc = sanctum__store_write(s->st, lookup_txn, &lc)) < 0)
        goto done;
    rc = make_result(out, &r);
done:
    sanctum__sworker_free(lc.w);
    free(lc.all);
    free(lc.refs);
    for (size_t q = 0; r.res != NULL && q < count; q++) {
        for (size_t i = 0; r.res[q] != NULL && i < r.nres[q]; i++)
            sanctum__smatch_clear(&r.res[q][i]);
        free(r.res[q]);
    }
    for (size_t q = 0; r.norm != NULL && q < count; q++)
        if (r.norm[q] != NULL) {
            sodium_memzero(r.norm[q], strlen(r.norm[q]));
            free(r.norm[q]);
        }
    free(r.res);
    free(r.nres);
    free(r.unscored);
    free(r.norm);
    sanctum__ix_keys_free(r.ctx.keys);
    if (r.s != NULL)
        pthread_mutex_destroy(&r.lock);
    free(sq);
    return rc;
}

/* ------------------------------------------------------------ identifiers */

/* Is `name` an identifier property (blind-indexed) of some schema? */
static int
ident_prop(const char *name)
{
    for (size_t i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__prop *p = sanctum__schema_prop(sanctum__schema_at(i), name);
        if (p != NULL && (p->flags & SANCTUM__PF_SEARCHABLE_ID))
            return 1;
    }
    return 0;
}

/* Call fn for every distinct identifier property name. */
static int
each_ident_prop(int (*fn)(void *arg, const char *prop), void *arg)
{
    for (size_t i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);
        for (size_t j = 0; j < s->nprops; j++) {
            const sanctum__prop *p = s->props[j];
            int seen = 0, rc;
            if (!(p->flags & SANCTUM__PF_SEARCHABLE_ID)) /* not entity references */
                continue;
            /* first occurrence only */
            for (size_t a = 0; a <= i && !seen; a++) {
                const sanctum__schema *t = sanctum__schema_at(a);
                for (size_t b = 0; b < t->nprops && !seen; b++) {
                    if (a == i && b == j)
                        break;
                    seen = strcmp(t->props[b]->name, p->name) == 0 &&
                           (t->props[b]->flags & SANCTUM__PF_SEARCHABLE_ID);
                }
            }
            if (!seen && (rc = fn(arg, p->name)) < 0)
                return rc;
        }
    }
    return SANCTUM_OK;
}

struct ident_ctx {
    sanctum_session *s;
    const char *prop;          /* or NULL: all */
    char norm[SANCTUM__IDENT_MAX + 1];
    size_t norm_len;
    const char *purpose;
    MDB_txn *txn;
    MDB_cursor *cur;
    sanctum__ix_keys *keys;
    uint64_t *refs;            /* value refs found */
    size_t nrefs, caprefs;
    char (*out)[SANCTUM_ID_MAX];
    size_t cap, found;
    sanctum__audit_ref *arefs;
};

static int
ident_chunk(void *arg, const uint64_t *refs, size_t n)
{
    struct ident_ctx *c = arg;

    for (size_t i = 0; i < n; i++) {
        if (c->nrefs == c->caprefs) {
            size_t ncap = c->caprefs ? 2 * c->caprefs : 64;
            uint64_t *a = realloc(c->refs, ncap * sizeof *a);
            if (a == NULL)
                return sanctum__err(SANCTUM_ENOMEM, "out of memory");
            c->refs = a;
            c->caprefs = ncap;
        }
        c->refs[c->nrefs++] = refs[i] >> 9;
    }
    return 0;
}

static int
ident_scan_prop(void *arg, const char *prop)
{
    struct ident_ctx *c = arg;
    int rc;

    for (int l = 1; l <= 3; l++) {
        unsigned char t[SANCTUM__IX_TOKEN_BYTES];
        uint64_t mask;
        if (!sanctum__ix_keys_level(c->keys, l))
            continue;
        if ((rc = sanctum__ix_token(t, c->keys, SANCTUM__IX_ID, prop, l, SANCTUM__IX_KIND_ID,
                                    c->norm, c->norm_len)) < 0 ||
            (rc = sanctum__ix_mask(&mask, c->keys, t)) < 0 ||
            (rc = sanctum__postings_scan(c->cur, t, mask, ident_chunk, c)) < 0)
            return rc;
    }
    return SANCTUM_OK;
}

static int
ident_txn(MDB_txn *txn, void *arg)
{
    struct ident_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    sanctum__ix_stats stats;
    unsigned char payload[36];
    crypto_generichash_state h;
    unsigned char key[32];
    size_t n = 0, k = 0;
    int rc;

    c->nrefs = 0;
    c->found = 0;
    c->txn = txn;
    if ((rc = sanctum__ix_stats_get(txn, st, &stats)) < 0 ||
        (rc = sanctum__ix_keys_new(&c->keys, c->s->kr, stats.keyver)) < 0)
        return rc;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_POSTINGS], &c->cur)) != 0) {
        c->cur = NULL;
        return sanctum__err_mdb(rc, "index");
    }
    rc = c->prop ? ident_scan_prop(c, c->prop) : each_ident_prop(ident_scan_prop, c);
    mdb_cursor_close(c->cur);
    c->cur = NULL;
    sanctum__ix_keys_free(c->keys);
    c->keys = NULL;
    if (rc < 0)
        return rc;
    if (c->nrefs > 1)
        qsort(c->refs, c->nrefs, sizeof *c->refs, sanctum__u64_cmp);
    for (size_t i = 0; i < c->nrefs; i++)
        if (i == 0 || c->refs[i] != c->refs[i - 1])
            c->refs[n++] = c->refs[i];
    c->found = n;
    if ((c->arefs = calloc(n + 1, sizeof *c->arefs)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && k < c->cap; i++) {
        sanctum__record rec;
        MDB_val v;
        sanctum__ix_entity_id(c->out[k], c->refs[i] << 9);
        rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, c->out[k], strlen(c->out[k]), &v);
        if (rc == SANCTUM_ENOTFOUND) {
            c->found--;
            continue;
        }
        if (rc < 0 || (rc = sanctum__record_parse(&rec, c->out[k], v.mv_data, v.mv_size)) < 0)
            goto done;
        c->arefs[k].id = c->out[k];
        c->arefs[k].revision = rec.revision;
        sanctum__record_hash(c->arefs[k].hash, v.mv_data, v.mv_size);
        sanctum__record_clear(&rec);
        k++;
    }
    /* payload: one query, and the commitment to (property, normalised value) */
    sanctum__be32(payload, 1);
    if ((rc = sanctum__index_subkey(key, c->s->kr, "lookup-commit")) < 0)
        goto done;
    rc = crypto_generichash_init(&h, key, sizeof key, 32) |
         crypto_generichash_update(&h, (const unsigned char *)(c->prop ? c->prop : ""),
                                   strlen(c->prop ? c->prop : "") + 1) |
         crypto_generichash_update(&h, (const unsigned char *)c->norm, c->norm_len) |
         crypto_generichash_final(&h, payload + 4, 32);
    sodium_memzero(key, sizeof key);
    sodium_memzero(&h, sizeof h);
    if (rc != 0) {
        rc = sanctum__err(SANCTUM_ERROR, "lookup commitment failed");
        goto done;
    }
    rc = append_lookup(txn, c->s, c->purpose, c->arefs, k, payload);
done:
    free(c->arefs);
    c->arefs = NULL;
    return rc;
}

int
sanctum_screen_identifier(char (*out)[SANCTUM_ID_MAX], size_t cap, size_t *n,
                          sanctum_session *s, const char *prop, const char *value,
                          const char *purpose)
{
    struct ident_ctx c;
    size_t len;
    int rc;

    sanctum__err_clear();
    if (n == NULL || s == NULL || (cap > 0 && out == NULL))
        return sanctum__err(SANCTUM_EINVAL, "sanctum_screen_identifier: bad arguments");
    *n = 0;
    if ((rc = sanctum__session_can_read(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (prop != NULL && !ident_prop(prop))
        return sanctum__err_name_shaped(prop)
                   ? sanctum__err(SANCTUM_EINVAL, "'%s' is not an identifier property", prop)
                   : sanctum__err(SANCTUM_EINVAL, "not an identifier property (%zu bytes, not "
                                  "a property name)", strlen(prop));
    if (value == NULL || (len = strlen(value)) == 0)
        return sanctum__err(SANCTUM_EINVAL, "the identifier is empty");
    if (len > SANCTUM__IDENT_MAX)
        return sanctum__err(SANCTUM_EINVAL, "the identifier is longer than %u bytes",
                            SANCTUM__IDENT_MAX);
    memset(&c, 0, sizeof c);
    c.s = s;
    c.prop = prop;
    c.purpose = purpose;
    c.out = out;
    c.cap = cap;
    {
        sanctum_screen_query q = { value, NULL, NULL, NULL };
        sanctum__sq sq;
        if (sanctum__sq_check(&sq, &q, 1) < 0)
            return sanctum__err(SANCTUM_EINVAL, "the identifier is not valid UTF-8");
    }
    if ((c.norm_len = sanctum__ix_ident_norm(c.norm, sizeof c.norm, value, len)) == 0)
        return sanctum__err(SANCTUM_EINVAL, "the identifier has no letters or digits");
    rc = sanctum__store_write(s->st, ident_txn, &c);
    if (rc == SANCTUM_OK)
        *n = c.found;
    sodium_memzero(c.norm, sizeof c.norm);
    free(c.refs);
    return rc;
}

/* ------------------------------------------------------------ rebuild */

struct reindex_ctx {
    sanctum_session *s;
    const char *purpose;
};

static int
reindex_txn(MDB_txn *txn, void *arg)
{
    struct reindex_ctx *c = arg;
    const sanctum_store *st = c->s->st;
    unsigned char extra[8];
    sanctum__audit_spec spec = { SANCTUM__ACT_REINDEX, c->purpose, NULL, 0, extra, 8 };
    uint32_t keyver[4] = { 0, c->s->kr->current[1], c->s->kr->current[2],
                           c->s->kr->current[3] };
    MDB_cursor *cur;
    MDB_val k, v;
    uint64_t count = 0;
    sanctum__ixrun *ix;
    int rc, mrc;

    if ((rc = sanctum__index_clear(txn, st, keyver)) < 0 ||
        (rc = sanctum__ixrun_begin(&ix, txn, c->s)) < 0)
        return rc;
    if ((mrc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_ENTITIES], &cur)) != 0) {
        sanctum__ixrun_end(ix, 0);
        return sanctum__err_mdb(mrc, "entities");
    }
    for (mrc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); mrc == 0;
         mrc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        char id[SANCTUM__ID_MAX];
        sanctum_entity *e = NULL;
        if (k.mv_size == 0 || k.mv_size >= sizeof id) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "a stored entity id is malformed");
            break;
        }
        memcpy(id, k.mv_data, k.mv_size);
        id[k.mv_size] = '\0';
        if ((rc = sanctum__entity_decode(&e, c->s, id, v.mv_data, v.mv_size)) < 0)
            break;
        rc = sanctum__ixrun_entity(ix, id, e);
        sanctum_entity_free(e);
        if (rc < 0)
            break;
        count++;
    }
    mdb_cursor_close(cur);
    if (rc < 0 || mrc != MDB_NOTFOUND) {
        sanctum__ixrun_end(ix, 0);
        return rc < 0 ? rc : sanctum__err_mdb(mrc, "entities");
    }
    if ((rc = sanctum__ixrun_end(ix, 1)) < 0 ||
        (rc = sanctum__meta_put_u64(txn, st, SANCTUM__INDEX_RULES_KEY, SANCTUM__INDEX_RULES)) < 0)
        return rc;
    sanctum__be64(extra, count);
    return sanctum__audit_append(txn, st, c->s->kr, c->s->user.id, &spec);
}

int
sanctum_screen_reindex(sanctum_session *s, const char *purpose)
{
    struct reindex_ctx c = { s, purpose };
    MDB_envinfo info;
    MDB_stat ms;
    int rc;

    sanctum__err_clear();
    if (s == NULL)
        return sanctum__err(SANCTUM_EINVAL, "sanctum_screen_reindex: no session");
    if ((rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (s->user.role != SANCTUM_ROLE_ADMIN)
        return sanctum__err(SANCTUM_EPERM, "user %s (%s) may not rebuild the blind indexes",
                            s->user.name, sanctum_role_name(s->user.role));
    for (int l = 1; l <= 3; l++)
        if (!sanctum_session_has_level_key(s, (sanctum_level)l) || !s->kr->has_index)
            return sanctum__err(SANCTUM_EPERM, "rebuilding the blind indexes needs every level "
                                "key; user %s is not cleared for %s", s->user.name,
                                sanctum_level_name((sanctum_level)l));
    /* one transaction rewrites the index: make room for it up front */
    if (mdb_env_info(s->st->env, &info) == 0 && mdb_env_stat(s->st->env, &ms) == 0 &&
        (rc = sanctum__store_reserve(s->st, (info.me_last_pgno + 1) * (size_t)ms.ms_psize)) < 0)
        return rc;
    return sanctum__store_write(s->st, reindex_txn, &c);
}

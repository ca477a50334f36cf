/* SPDX-License-Identifier: Apache-2.0 */
/* screen_query.c - one name through the blind index: candidates, decryption, scores, ranking. */
#include "screen.h"
#include "screen_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "errors.h"
#include "postings.h"
#include "record.h"
#include "seal.h"
#include "session.h"
#include "utf8.h"

#define GEN_BUDGET SANCTUM__SCREEN_GEN_BUDGET
#define GEN_MIN_PER_WORD SANCTUM__SCREEN_GEN_MIN
#define RANK_BUDGET SANCTUM__SCREEN_RANK_BUDGET
#define CAND_MAX SANCTUM__SCREEN_CANDIDATES
#define CAND_CAP SANCTUM__SCREEN_CANDIDATES_MAX
#define KEYS_MAX 2048
#define KSEEN_SLOTS (2 * KEYS_MAX) /* keys already made by another reading of the query */
#define WORDS_MAX (3 * SANCTUM__NAME_MAX_TOKENS) /* words of the query's readings together */
#define DF_CACHE_MIN 1024    /* word frequency cache slots at first; a power of two */
#define DF_CACHE_MAX 32768   /* ... grown up to (2 MiB) by a long batch */
#define EXPLAIN_MAX 2048
#define PACK_CAP (16 + 2 * SANCTUM__NAME_MAX_LEGAL + 14 * SANCTUM__NAME_MAX_TOKENS + \
                  SANCTUM__NAME_TEXT_MAX)
#define ESCORE_SIZE escore_size()
static size_t escore_size(void);

/* ------------------------------------------------------------ checking */

int
sanctum__sq_check(sanctum__sq *out, const sanctum_screen_query *q, size_t qno)
{
    memset(out, 0, sizeof *out);
    if (q->name == NULL || q->name[0] == '\0')
        return sanctum__err(SANCTUM_EINVAL, "query %zu: the name is empty", qno);
    out->name = q->name;
    out->len = strlen(q->name);
    if (out->len > SANCTUM__NAME_MAX_INPUT)
        return sanctum__err(SANCTUM_EINVAL, "query %zu: the name is longer than %d bytes", qno,
                            SANCTUM__NAME_MAX_INPUT);
    if (!sanctum__utf8_valid((const unsigned char *)q->name, out->len))
        return sanctum__err(SANCTUM_EINVAL, "query %zu: the name is not valid UTF-8", qno);
    if (q->schema != NULL && (out->schema = sanctum__schema_find(q->schema)) == NULL)
        return sanctum__err(SANCTUM_EINVAL, "query %zu: unknown schema", qno);
    out->kind = sanctum__ix_name_kind(out->schema);
    if (q->birth_date != NULL) {
        size_t n = strlen(q->birth_date);
        if ((n != 4 && n != 7 && n != 10) || !sanctum__date_valid(q->birth_date, n))
            return sanctum__err(SANCTUM_EINVAL, "query %zu: the birth date is not a date "
                                "(expected YYYY, YYYY-MM or YYYY-MM-DD)", qno);
        out->year = atoi(q->birth_date);
    }
    if (q->nationality != NULL) {
        const char *c = q->nationality;
        if (strlen(c) != 2 || !sanctum__country_valid(c, 2))
            return sanctum__err(SANCTUM_EINVAL, "query %zu: the nationality is not an ISO "
                                "3166-1 alpha-2 country code", qno);
        out->country[0] = (char)(c[0] >= 'A' && c[0] <= 'Z' ? c[0] - 'A' + 'a' : c[0]);
        out->country[1] = (char)(c[1] >= 'A' && c[1] <= 'Z' ? c[1] - 'A' + 'a' : c[1]);
        out->country[2] = '\0';
    }
    return SANCTUM_OK;
}

static void
wipe_free(char *s)
{
    if (s != NULL) {
        sodium_memzero(s, strlen(s));
        free(s);
    }
}

void
sanctum__smatch_clear(sanctum__smatch *m)
{
    wipe_free(m->caption);
    wipe_free(m->matched);
    wipe_free(m->explain);
    m->caption = m->matched = m->explain = NULL;
}

/* ------------------------------------------------------------ worker */

/* One lookup key of the query and what the index says about it. */
struct qkey {
    unsigned char tok[4][SANCTUM__IX_TOKEN_BYTES]; /* per level */
    uint64_t mask[4];        /* of each token's postings */
    uint64_t df[4];          /* postings per level */
    uint8_t kind;
    uint8_t readings;        /* READ_* bits: the readings of the query that made it */
    size_t gen_off, gen_n;   /* its postings in the gen buffer */
};

/* Readings of a query of unknown kind (see sanctum__sworker). */
enum { READ_ANY = 1, READ_PERSON = 2, READ_ORG = 4 };

struct dfent {
    char word[SANCTUM__TOKEN_MAX + 1];
    uint8_t len, used;
    uint64_t df;
};

struct escore;

struct sanctum__sworker {
    const sanctum__sctx *c;
    MDB_txn *txn;
    MDB_cursor *cur;           /* on the postings */
    uint64_t total;            /* strong names the session's levels hold */
    int levels[4];             /* levels searched in this snapshot */
    sanctum__normalizer *norm;
    sanctum__sacc *cs;
    sanctum__tokcache *tc;     /* query keys' counts and masks read */
    sanctum__name *qn, *sn;
    /* A query of unknown kind (no schema, or one normalised as "any") is
     * also read as a person's name and as a company's: candidates come from
     * the keys of all three, and each is scored against the reading of its
     * own schema (query_form). */
    sanctum__name *qp, *qc;    /* the person and company readings */
    int multi;                 /* 1: qp and qc are in use for this query */
    int have_p, have_c;        /* they normalised */
    const unsigned int *tmap;  /* while making a reading's keys: its words to
                                  the query's words (NULL: the same) */
    uint8_t reading;           /* while making a reading's keys: its READ_* bit */
    uint8_t *code_reading;     /* per id prefix code (SANCTUM__IX_PREFIX_SHIFT): the
                                  READ_* bit of its schema's kind */
    unsigned int pmap[SANCTUM__NAME_MAX_TOKENS], cmap[SANCTUM__NAME_MAX_TOKENS];
    uint64_t *kseen;           /* keys made so far (hashes, 0 = empty), multi only */
    uint16_t *kseen_at;        /* the key each hash stands for */
    struct qkey *keys;
    sanctum__skey *sel;        /* per key: frequency, weight, word, mode */
    sanctum__skey *sel2;       /* scratch to put sel in word order */
    uint16_t *kidx, *kidx2;    /* sel[i] is the key keys[kidx[i]] */
    size_t nkeys;
    int key_rc;
    uint64_t *gen;             /* postings of the generating keys, native order */
    size_t ngen, capgen;
    uint64_t *uset;            /* the candidate universe: open addressing, 0 = empty */
    size_t ucap;
    uint64_t *buf;             /* ranking scratch */
    size_t nbuf, capbuf;
    struct dfent *dfc;         /* word frequency cache, of snapshot df_txnid */
    size_t dfn, dfcap;
    uint64_t df_txnid;
    int df_rc;                 /* first failure inside the frequency callback */
    unsigned char *pack;       /* an opened normalised name */
    size_t packcap;
    struct escore *es;         /* scoring scratch */
    uint8_t allow[4096];       /* the query's schema filter (schema_filter) */
};

int
sanctum__sworker_new(sanctum__sworker **out, const sanctum__sctx *c)
{
    sanctum__sworker *w = calloc(1, sizeof *w);
    int rc;

    *out = NULL;
    if (w == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    w->c = c;
    w->dfcap = DF_CACHE_MIN;
    if ((w->qn = malloc(sizeof *w->qn)) == NULL || (w->sn = malloc(sizeof *w->sn)) == NULL ||
        (w->qp = malloc(sizeof *w->qp)) == NULL || (w->qc = malloc(sizeof *w->qc)) == NULL ||
        (w->kseen = calloc(KSEEN_SLOTS, sizeof *w->kseen)) == NULL ||
        (w->kseen_at = calloc(KSEEN_SLOTS, sizeof *w->kseen_at)) == NULL ||
        (w->code_reading = calloc(1u << 15, 1)) == NULL ||
        (w->keys = calloc(KEYS_MAX, sizeof *w->keys)) == NULL ||
        (w->sel = calloc(KEYS_MAX, sizeof *w->sel)) == NULL ||
        (w->sel2 = calloc(KEYS_MAX, sizeof *w->sel2)) == NULL ||
        (w->kidx = calloc(KEYS_MAX, sizeof *w->kidx)) == NULL ||
        (w->kidx2 = calloc(KEYS_MAX, sizeof *w->kidx2)) == NULL ||
        (w->dfc = calloc(DF_CACHE_MIN, sizeof *w->dfc)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto fail;
    }
    w->packcap = PACK_CAP;
    if ((w->pack = malloc(w->packcap)) == NULL || (w->es = malloc(ESCORE_SIZE)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = sanctum__ix_normalizer_take(&w->norm)) < 0 ||
        (rc = sanctum__sacc_new(&w->cs)) < 0 || (rc = sanctum__tokcache_new(&w->tc)) < 0)
        goto fail;
    memset(w->code_reading, READ_ANY, 1u << 15);
    for (size_t i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *t = sanctum__schema_at(i);
        sanctum__name_kind kind = sanctum__ix_name_kind(t);

        if (t->prefix == NULL)
            continue;
        w->code_reading[sanctum__ix_prefix_code(t->prefix)] = kind == SANCTUM__NAME_PERSON ? READ_PERSON
                                : kind == SANCTUM__NAME_ANY  ? READ_ANY
                                                             : READ_ORG;
    }
    *out = w;
    return SANCTUM_OK;
fail:
    sanctum__sworker_free(w);
    return rc;
}

void
sanctum__sworker_free(sanctum__sworker *w)
{
    if (w == NULL)
        return;
    sanctum__sworker_end(w);
    sanctum__ix_normalizer_give(w->norm);
    sanctum__sacc_free(w->cs);
    sanctum__tokcache_free(w->tc);
    if (w->qn != NULL)
        sanctum__name_clear(w->qn);
    if (w->sn != NULL)
        sanctum__name_clear(w->sn);
    if (w->qp != NULL)
        sanctum__name_clear(w->qp);
    if (w->qc != NULL)
        sanctum__name_clear(w->qc);
    free(w->qn);
    free(w->sn);
    free(w->qp);
    free(w->qc);
    if (w->kseen != NULL)
        sodium_memzero(w->kseen, KSEEN_SLOTS * sizeof *w->kseen);
    free(w->kseen);
    free(w->kseen_at);
    free(w->code_reading);
    if (w->keys != NULL)
        sodium_memzero(w->keys, KEYS_MAX * sizeof *w->keys);
    free(w->keys);
    free(w->sel);
    free(w->sel2);
    free(w->kidx);
    free(w->kidx2);
    if (w->dfc != NULL)
        sodium_memzero(w->dfc, w->dfcap * sizeof *w->dfc);
    free(w->dfc);
    free(w->gen);
    free(w->uset);
    free(w->buf);
    if (w->pack != NULL)
        sodium_memzero(w->pack, w->packcap);
    free(w->pack);
    if (w->es != NULL)
        sodium_memzero(w->es, ESCORE_SIZE);
    free(w->es);
    free(w);
}

int
sanctum__sworker_begin(sanctum__sworker *w, MDB_txn *txn)
{
    sanctum__ix_stats stats;
    int rc;

    sanctum__sworker_end(w);
    if ((rc = sanctum__ix_stats_get(txn, w->c->s->st, &stats)) < 0)
        return rc;
    /* frequencies read in an earlier snapshot hold in a later one only
     * when nothing was written between them (a batch renews its snapshot
     * every RENEW_EVERY queries) */
    if (w->dfn > 0 && mdb_txn_id(txn) != w->df_txnid) {
        sodium_memzero(w->dfc, w->dfcap * sizeof *w->dfc);
        w->dfn = 0;
    }
    w->df_txnid = mdb_txn_id(txn);
    sanctum__tokcache_snapshot(w->tc, w->df_txnid);
    if ((rc = mdb_cursor_open(txn, w->c->s->st->dbi[SANCTUM__DB_POSTINGS], &w->cur)) != 0)
        return sanctum__err_mdb(rc, "index");
    w->txn = txn;
    w->total = 0;
    for (int l = 1; l <= 3; l++) {
        /* a level with no names in this snapshot need not be searched */
        w->levels[l] = w->c->levels[l] && stats.count[SANCTUM__IX_NAME][l] > 0;
        if (w->levels[l])
            w->total += stats.count[SANCTUM__IX_NAME][l];
    }
    return SANCTUM_OK;
}

void
sanctum__sworker_end(sanctum__sworker *w)
{
    if (w->cur != NULL)
        mdb_cursor_close(w->cur);
    w->cur = NULL;
    w->txn = NULL;
}

/* ------------------------------------------------------------ frequencies */

static size_t
word_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 32));
}

/* The slot of word s in the frequency cache: where it is, or the empty
 * slot it would go to (the cache is never full: it grows or is cleared at
 * half). */
static size_t
df_slot(const struct dfent *c, size_t cap, const char *s, size_t len)
{
    size_t i = word_hash(s, len) & (cap - 1);

    while (c[i].used && !(c[i].len == len && memcmp(c[i].word, s, len) == 0))
        i = (i + 1) & (cap - 1);
    return i;
}

/* Make room for one more word: double the cache while it may grow, or
 * else start it again. Holds plaintext words: wiped before it is freed. */
static void
df_room(sanctum__sworker *w)
{
    struct dfent *n;

    if (w->dfn * 2 < w->dfcap)
        return;
    if (w->dfcap < DF_CACHE_MAX && (n = calloc(2 * w->dfcap, sizeof *n)) != NULL) {
        for (size_t i = 0; i < w->dfcap; i++)
            if (w->dfc[i].used)
                n[df_slot(n, 2 * w->dfcap, w->dfc[i].word, w->dfc[i].len)] = w->dfc[i];
        sodium_memzero(w->dfc, w->dfcap * sizeof *w->dfc);
        free(w->dfc);
        w->dfc = n;
        w->dfcap *= 2;
        return;
    }
    sodium_memzero(w->dfc, w->dfcap * sizeof *w->dfc);
    w->dfn = 0;
}

/* Stored names holding word `s` at the session's levels: its WORD key's
 * postings, or for words that make no key, its frequency token's. */
static uint64_t
word_df(sanctum__sworker *w, const char *s, size_t len)
{
    static const unsigned int kinds[2] = { SANCTUM__KEY_WORD, SANCTUM__IX_KIND_DF };
    uint64_t df = 0;
    size_t i;

    if (len > SANCTUM__TOKEN_MAX)
        len = SANCTUM__TOKEN_MAX;
    i = df_slot(w->dfc, w->dfcap, s, len);
    if (w->dfc[i].used)
        return w->dfc[i].df;
    for (int k = 0; k < 2 && df == 0; k++) {
        for (int l = 1; l <= 3; l++) {
            unsigned char t[SANCTUM__IX_TOKEN_BYTES];
            uint64_t n;
            int rc;
            if (!w->levels[l])
                continue;
            if ((rc = sanctum__ix_token(t, w->c->keys, SANCTUM__IX_NAME, NULL, l, kinds[k], s,
                                        len)) < 0 ||
                (rc = sanctum__postings_count(w->cur, t, &n)) < 0) {
                if (w->df_rc == 0)
                    w->df_rc = rc;
                return 0;
            }
            df += n;
        }
    }
    df_room(w);
    i = df_slot(w->dfc, w->dfcap, s, len);
    memcpy(w->dfc[i].word, s, len);
    w->dfc[i].len = (uint8_t)len;
    w->dfc[i].used = 1;
    w->dfc[i].df = df;
    w->dfn++;
    return df;
}

static uint64_t
token_df_cb(void *arg, const char *token, size_t len)
{
    return word_df(arg, token, len);
}

/* ------------------------------------------------------------ accumulator */

struct acc_slot {
    uint64_t id;
    float sum;                 /* committed weight of earlier words */
    float cur;                 /* best weight for word cur_tok so far */
    uint32_t cur_tok;
    uint32_t gen;              /* live when == the accumulator's gen */
};

struct sanctum__sacc {
    struct acc_slot *slot;
    size_t cap, n;             /* cap: power of two; n: live slots */
    uint32_t gen;
    uint32_t *live;            /* indices of the live slots (n of them) */
};

int
sanctum__sacc_new(sanctum__sacc **out)
{
    sanctum__sacc *a = calloc(1, sizeof *a);

    *out = NULL;
    if (a == NULL || (a->slot = calloc(1024, sizeof *a->slot)) == NULL ||
        (a->live = calloc(512, sizeof *a->live)) == NULL) {
        if (a != NULL)
            free(a->slot);
        free(a);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    a->cap = 1024;
    a->gen = 1;
    *out = a;
    return SANCTUM_OK;
}

void
sanctum__sacc_free(sanctum__sacc *a)
{
    if (a == NULL)
        return;
    free(a->slot);
    free(a->live);
    free(a);
}

void
sanctum__sacc_reset(sanctum__sacc *a)
{
    a->n = 0;
    if (++a->gen == 0) { /* wrapped: clear for real */
        memset(a->slot, 0, a->cap * sizeof *a->slot);
        a->gen = 1;
    }
}

static size_t
acc_hash(uint64_t id, size_t mask)
{
    id ^= id >> 33;
    id *= 0xff51afd7ed558ccdull;
    id ^= id >> 33;
    return (size_t)id & mask;
}

static struct acc_slot *
acc_slot(struct acc_slot *slot, size_t cap, uint32_t gen, uint64_t id)
{
    size_t i = acc_hash(id, cap - 1);

    while (slot[i].gen == gen && slot[i].id != id)
        i = (i + 1) & (cap - 1);
    return &slot[i];
}

static int
acc_grow(sanctum__sacc *a)
{
    size_t ncap = a->cap * 2;
    struct acc_slot *ns = calloc(ncap, sizeof *ns);
    uint32_t *nl = malloc(ncap / 2 * sizeof *nl);

    if (ns == NULL || nl == NULL) {
        free(ns);
        free(nl);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < a->n; k++) {
        const struct acc_slot *o = &a->slot[a->live[k]];
        struct acc_slot *d = acc_slot(ns, ncap, a->gen, o->id);
        *d = *o;
        nl[k] = (uint32_t)(d - ns);
    }
    free(a->slot);
    free(a->live);
    a->slot = ns;
    a->live = nl;
    a->cap = ncap;
    return SANCTUM_OK;
}

int
sanctum__sacc_add(sanctum__sacc *a, unsigned int token, double w, const uint64_t *ids,
                  size_t n)
{
    float fw = (float)w;
    int rc;

    for (size_t k = 0; k < n; k++) {
        struct acc_slot *c;

        if ((a->n + 1) * 2 > a->cap && (rc = acc_grow(a)) < 0)
            return rc;
        c = acc_slot(a->slot, a->cap, a->gen, ids[k]);
        if (c->gen != a->gen) {
            c->gen = a->gen;
            c->id = ids[k];
            c->sum = 0;
            c->cur = fw;
            c->cur_tok = token;
            a->live[a->n++] = (uint32_t)(c - a->slot);
        } else if (c->cur_tok == token) {
            if (fw > c->cur)
                c->cur = fw;
        } else {
            c->sum += c->cur;
            c->cur = fw;
            c->cur_tok = token;
        }
    }
    return SANCTUM_OK;
}

/* Is (sx, x) ranked before (sy, y)? Higher score first, then lower id. */
static int
acc_before(float sx, uint64_t x, float sy, uint64_t y)
{
    return sx > sy || (sx == sy && x < y);
}

/* Does the schema filter `allow` (NULL: every schema) admit ref `id`? */
static int
admitted(const uint8_t *allow, uint64_t id)
{
    unsigned int code = (unsigned int)(id >> SANCTUM__IX_PREFIX_SHIFT);

    return allow == NULL || (allow[code >> 3] >> (code & 7) & 1);
}

/* The best min(cap, 256) ids that `allow` admits, best first, into out;
 * their number, and in *last the rank of the last one. */
static size_t
top_k(sanctum__sacc *a, uint64_t *out, size_t cap, const uint8_t *allow, float *last)
{
    /* a heap of the best `cap` so far, worst at the root */
    float hs[256];
    uint64_t hid[256];
    size_t n = 0;

    if (cap > 256)
        cap = 256;
    *last = 0;
    for (size_t i = 0; i < a->n && cap > 0; i++) {
        const struct acc_slot *c = &a->slot[a->live[i]];
        float sc;
        size_t j;

        if (!admitted(allow, c->id))
            continue;
        sc = c->sum + c->cur;
        if (n == cap) {
            if (!acc_before(sc, c->id, hs[0], hid[0]))
                continue;
            j = 0; /* replace the root, sift down */
            for (;;) {
                size_t l = 2 * j + 1, r = l + 1, m = j;
                float ms = sc;
                uint64_t mid = c->id;
                if (l < n && acc_before(ms, mid, hs[l], hid[l]))
                    m = l, ms = hs[l], mid = hid[l];
                if (r < n && acc_before(ms, mid, hs[r], hid[r]))
                    m = r;
                if (m == j)
                    break;
                hs[j] = hs[m];
                hid[j] = hid[m];
                j = m;
            }
        } else { /* insert, sift up */
            j = n++;
            while (j > 0 && acc_before(hs[(j - 1) / 2], hid[(j - 1) / 2], sc, c->id)) {
                hs[j] = hs[(j - 1) / 2];
                hid[j] = hid[(j - 1) / 2];
                j = (j - 1) / 2;
            }
        }
        hs[j] = sc;
        hid[j] = c->id;
    }
    if (n > 0)
        *last = hs[0];
    /* pop worst first into the back of out */
    for (size_t k = n; k > 0; k--) {
        float ls = hs[k - 1];
        uint64_t lid = hid[k - 1];
        size_t j = 0;
        out[k - 1] = hid[0];
        for (;;) {
            size_t l = 2 * j + 1, r = l + 1, m = j;
            float ms = ls;
            uint64_t mid = lid;
            if (l < k - 1 && acc_before(ms, mid, hs[l], hid[l]))
                m = l, ms = hs[l], mid = hid[l];
            if (r < k - 1 && acc_before(ms, mid, hs[r], hid[r]))
                m = r;
            if (m == j)
                break;
            hs[j] = hs[m];
            hid[j] = hid[m];
            j = m;
        }
        hs[j] = ls;
        hid[j] = lid;
    }
    return n;
}

size_t
sanctum__sacc_top(sanctum__sacc *a, uint64_t *out, size_t cap)
{
    float last;

    return top_k(a, out, cap, NULL, &last);
}

size_t
sanctum__sacc_best(sanctum__sacc *a, uint64_t *out, size_t want, size_t cap,
                   const uint8_t *allow, size_t *left, int *at_best, int below)
{
    float last;
    size_t n, n0, tied_in = 0;

    *left = 0;
    *at_best = 0;
    if (want > cap)
        want = cap;
    n = top_k(a, out, want, allow, &last);
    if (n < want)
        return n; /* every admitted candidate is in */
    /* The rank only sums the query words' key weights, so a stored name
     * made of just the query's words ties with every longer name holding
     * them, and the lower id won the tie: an exact name could be cut.
     * When the cut falls inside a tie, take every candidate of that rank,
     * up to cap: always at the best rank (all taken so far tie with the
     * first), where it is the exact name among its namesakes; below it
     * only when the caller asks (`below`), for a query of coarse keys (a
     * katakana or Arabic-script query shares one sound-class or consonant
     * key with hundreds of names), as which of them made the cut would
     * otherwise hang on their random ids. */
    {
        const struct acc_slot *c = acc_slot(a->slot, a->cap, a->gen, out[0]);

        *at_best = c->sum + c->cur == last;
        if (!*at_best && !below)
            return n;
    }
    for (size_t k = 0; k < n; k++) {
        const struct acc_slot *c = acc_slot(a->slot, a->cap, a->gen, out[k]);

        tied_in += c->sum + c->cur == last;
    }
    n0 = n;
    for (size_t i = 0; i < a->n; i++) {
        const struct acc_slot *c = &a->slot[a->live[i]];
        int taken = 0;

        if (c->sum + c->cur != last || !admitted(allow, c->id))
            continue;
        for (size_t k = n0 - tied_in; k < n0 && !taken; k++)
            taken = out[k] == c->id;
        if (taken)
            continue;
        if (n < cap)
            out[n++] = c->id;
        else
            (*left)++;
    }
    return n;
}

/* ------------------------------------------------------------ candidates */

/* Has another reading of the query made key (kind, key) already? Returns
 * its slot in keys[] plus 1, or 0 after noting that it becomes key
 * w->nkeys. A 64-bit hash stands for the key: two keys sharing one would
 * merge, some 2^-50 per query. */
static size_t
kseen_add(sanctum__sworker *w, sanctum__key_kind kind, const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
    size_t i;

    for (size_t j = 0; j < len; j++) {
        h ^= (unsigned char)key[j];
        h *= 1099511628211ull;
    }
    h = h ? h : 1;
    for (i = (size_t)(h ^ (h >> 29)) & (KSEEN_SLOTS - 1); w->kseen[i] != 0;
         i = (i + 1) & (KSEEN_SLOTS - 1))
        if (w->kseen[i] == h)
            return (size_t)w->kseen_at[i] + 1;
    w->kseen[i] = h;
    w->kseen_at[i] = (uint16_t)w->nkeys;
    return 0;
}

static int
on_qkey(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int token,
        unsigned int span)
{
    sanctum__sworker *w = arg;
    struct qkey *k;
    sanctum__skey *sel;
    size_t seen;
    int rc;

    if (w->nkeys == KEYS_MAX)
        return 0;
    if (w->multi && (seen = kseen_add(w, kind, key, len)) > 0) {
        w->keys[seen - 1].readings |= w->reading; /* made by this reading too */
        return 0;
    }
    k = &w->keys[w->nkeys];
    sel = &w->sel[w->nkeys];
    memset(k, 0, sizeof *k);
    memset(sel, 0, sizeof *sel);
    k->kind = (uint8_t)kind;
    k->readings = w->reading;
    w->kidx[w->nkeys] = (uint16_t)w->nkeys;
    sel->token = w->tmap != NULL ? w->tmap[token] : token;
    for (int l = 1; l <= 3; l++) {
        if (!w->levels[l])
            continue;
        if ((rc = sanctum__ix_token(k->tok[l], w->c->keys, SANCTUM__IX_NAME, NULL, l,
                                    (unsigned int)kind, key, len)) < 0) {
            w->key_rc = rc;
            return rc;
        }
        if (!sanctum__tokcache_get(w->tc, k->tok[l], &k->df[l], &k->mask[l])) {
            if ((rc = sanctum__postings_count(w->cur, k->tok[l], &k->df[l])) < 0 ||
                (k->df[l] > 0 && (rc = sanctum__ix_mask(&k->mask[l], w->c->keys, k->tok[l])) < 0)) {
                w->key_rc = rc;
                return rc;
            }
            sanctum__tokcache_put(w->tc, k->tok[l], k->df[l], k->mask[l]);
        }
        sel->df += k->df[l];
    }
    sel->w = sanctum__key_weight(kind, sel->df, w->total) * sanctum__span_factor(span);
    w->nkeys++;
    return 0;
}

static int
gen_chunk(void *arg, const uint64_t *refs, size_t n)
{
    sanctum__sworker *w = arg;

    if (w->ngen + n > w->capgen) {
        size_t ncap = w->capgen ? w->capgen : 4096;
        uint64_t *a;
        while (ncap < w->ngen + n)
            ncap *= 2;
        if ((a = realloc(w->gen, ncap * sizeof *a)) == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        w->gen = a;
        w->capgen = ncap;
    }
    memcpy(w->gen + w->ngen, refs, n * sizeof *refs);
    w->ngen += n;
    return 0;
}

static size_t
ref_slot(uint64_t ref, size_t mask)
{
    ref ^= ref >> 31;
    ref *= 0x9e3779b97f4a7c15ull;
    return (size_t)(ref >> 20) & mask;
}

/* Build the universe set from the generating postings. */
static int
build_universe(sanctum__sworker *w)
{
    size_t cap = 1024;

    while (cap < w->ngen * 2)
        cap *= 2;
    if (cap > w->ucap) {
        free(w->uset);
        if ((w->uset = malloc(cap * sizeof *w->uset)) == NULL) {
            w->ucap = 0;
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        }
        w->ucap = cap;
    }
    memset(w->uset, 0, w->ucap * sizeof *w->uset);
    for (size_t i = 0; i < w->ngen; i++) {
        uint64_t v = w->gen[i] + 1; /* refs are never all ones */
        size_t j = ref_slot(v, w->ucap - 1);
        while (w->uset[j] != 0 && w->uset[j] != v)
            j = (j + 1) & (w->ucap - 1);
        w->uset[j] = v;
    }
    return SANCTUM_OK;
}

static int
in_universe(const sanctum__sworker *w, uint64_t ref)
{
    uint64_t v = ref + 1;
    size_t j = ref_slot(v, w->ucap - 1);

    while (w->uset[j] != 0) {
        if (w->uset[j] == v)
            return 1;
        j = (j + 1) & (w->ucap - 1);
    }
    return 0;
}

static int
rank_chunk(void *arg, const uint64_t *refs, size_t n)
{
    sanctum__sworker *w = arg;

    for (size_t i = 0; i < n; i++) {
        uint64_t ref = refs[i];
        if (!in_universe(w, ref))
            continue;
        if (w->nbuf == w->capbuf) {
            size_t ncap = w->capbuf ? 2 * w->capbuf : 1024;
            uint64_t *a = realloc(w->buf, ncap * sizeof *a);
            if (a == NULL)
                return sanctum__err(SANCTUM_ENOMEM, "out of memory");
            w->buf = a;
            w->capbuf = ncap;
        }
        w->buf[w->nbuf++] = ref;
    }
    return 0;
}

static int
cmp_korder(const void *a, const void *b)
{
    const struct sanctum__korder *x = a, *y = b;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

void
sanctum__screen_select(sanctum__skey *k, size_t n, struct sanctum__korder *order)
{
    size_t words = 0, best = SIZE_MAX, i, taken = 0;
    uint64_t per_word, rank = 0;
    unsigned int last = (unsigned int)-1;

    for (i = 0; i < n; i++) {
        k[i].mode = 0;
        if (k[i].token != last)
            words++;
        last = k[i].token;
        if (k[i].df > 0 && (best == SIZE_MAX || k[i].df < k[best].df))
            best = i;
    }
    if (best == SIZE_MAX)
        return;
    per_word = words ? GEN_BUDGET / words : GEN_BUDGET;
    if (per_word < GEN_MIN_PER_WORD)
        per_word = GEN_MIN_PER_WORD;
    /* per word: rarest keys first while they fit its share */
    for (size_t s = 0; s < n;) {
        size_t e = s;
        uint64_t used = 0;
        while (e < n && k[e].token == k[s].token)
            e++;
        for (i = s; i < e; i++) {
            order[i - s].v = (double)k[i].df;
            order[i - s].i = i;
        }
        qsort(order, e - s, sizeof *order, cmp_korder);
        for (i = 0; i < e - s; i++) {
            sanctum__skey *x = &k[order[i].i];
            if (x->df == 0 || used + x->df > per_word)
                continue;
            used += x->df;
            x->mode = 1;
            taken++;
        }
        s = e;
    }
    if (taken == 0)
        k[best].mode = 1;
    /* the rest rank, best weight first, within the ranking budget */
    for (i = 0; i < n; i++) {
        order[i].v = -k[i].w;
        order[i].i = i;
    }
    qsort(order, n, sizeof *order, cmp_korder);
    for (i = 0; i < n; i++) {
        sanctum__skey *x = &k[order[i].i];
        if (x->mode != 0 || x->df == 0 || rank + x->df > RANK_BUDGET)
            continue;
        rank += x->df;
        x->mode = 2;
    }
}

/*
 * For a query of unknown kind, a candidate is ranked by the keys of the
 * reading of its own schema only (as if the query had been given that
 * schema): keep, in place, the ids ids[0..n) of candidates whose reading
 * made key k; returns how many.
 */
static size_t
reading_filter(const sanctum__sworker *w, const struct qkey *k, uint64_t *ids, size_t n)
{
    uint8_t bit[READ_ORG + 1] = { 0 };
    size_t o = 0;

    if (!w->multi)
        return n;
    /* a reading that failed is stood in for by the "any" one */
    bit[READ_ANY] = READ_ANY;
    bit[READ_PERSON] = w->have_p ? READ_PERSON : READ_ANY;
    bit[READ_ORG] = w->have_c ? READ_ORG : READ_ANY;
    if ((k->readings & (bit[READ_ANY] | bit[READ_PERSON] | bit[READ_ORG])) ==
        (bit[READ_ANY] | bit[READ_PERSON] | bit[READ_ORG]))
        return n;
    for (size_t i = 0; i < n; i++)
        if (k->readings & bit[w->code_reading[ids[i] >> SANCTUM__IX_PREFIX_SHIFT]])
            ids[o++] = ids[i];
    return o;
}

/* Fill w->cs from the keys; returns 0 or an error. */
static int
gather(sanctum__sworker *w)
{
    struct sanctum__korder order[KEYS_MAX];
    int rc;

    sanctum__screen_select(w->sel, w->nkeys, order);
    w->ngen = 0;
    for (size_t i = 0; i < w->nkeys; i++) {
        struct qkey *k = &w->keys[w->kidx[i]];
        if (w->sel[i].mode != 1)
            continue;
        k->gen_off = w->ngen;
        for (int l = 1; l <= 3; l++)
            if (k->df[l] > 0 &&
                (rc = sanctum__postings_scan(w->cur, k->tok[l], k->mask[l], gen_chunk, w)) < 0)
                return rc;
        k->gen_n = w->ngen - k->gen_off;
    }
    if ((rc = build_universe(w)) < 0)
        return rc;
    sanctum__sacc_reset(w->cs);
    /* in key order, which is word order, as the accumulator requires */
    for (size_t i = 0; i < w->nkeys; i++) {
        struct qkey *k = &w->keys[w->kidx[i]];
        const sanctum__skey *x = &w->sel[i];
        if (x->mode == 1) {
            /* the universe is built: the key's postings may be filtered in place */
            size_t n = reading_filter(w, k, w->gen + k->gen_off, k->gen_n);
            rc = sanctum__sacc_add(w->cs, x->token, x->w, w->gen + k->gen_off, n);
        } else if (x->mode == 2) {
            w->nbuf = 0;
            for (int l = 1; l <= 3; l++)
                if (k->df[l] > 0 &&
                    (rc = sanctum__postings_scan(w->cur, k->tok[l], k->mask[l], rank_chunk, w)) < 0)
                    return rc;
            w->nbuf = reading_filter(w, k, w->buf, w->nbuf);
            rc = sanctum__sacc_add(w->cs, x->token, x->w, w->buf, w->nbuf);
        } else {
            continue;
        }
        if (rc < 0)
            return rc;
    }
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ scoring */

#define CTX_MAX 16
#define SCORES_MAX 256

/* What scoring one entity gathers. */
struct escore {
    int years[CTX_MAX];
    size_t nyears;
    char countries[CTX_MAX][3];
    size_t ncountries;
    double scores[SCORES_MAX]; /* per name tried */
    int weak[SCORES_MAX];
    size_t nscores;
    double best;               /* best strong score */
    sanctum__match_explain why;
    const char *prop;          /* static name of the best's property */
    unsigned char nonce[SANCTUM__NONCE_BYTES]; /* the best's value */
    char explain[EXPLAIN_MAX];
};

static size_t
escore_size(void)
{
    return sizeof(struct escore);
}

/* Scoring the sealed names under one value ref. */
struct namepass {
    sanctum__sworker *w;
    const sanctum__name *qn;          /* the query as read for this entity's schema */
    const char *id;
    const sanctum__schema *sch;
    const sanctum__match_context *ctx;
    struct escore *es;
    int cls;                          /* the class wanted */
    const unsigned char *nonce;       /* only this value, or NULL */
};

static int
on_name(void *arg, const sanctum__ix_name_entry *e)
{
    struct namepass *np = arg;
    sanctum__sworker *w = np->w;
    struct escore *es = np->es;
    const sanctum__prop *p;
    char prop[256];
    size_t plen;
    double sc;
    int rc;

    if (e->cls != np->cls ||
        (np->nonce != NULL && memcmp(e->nonce, np->nonce, SANCTUM__NONCE_BYTES) != 0))
        return 0;
    if (e->ct_len < SANCTUM__TAG_BYTES || e->ct_len - SANCTUM__TAG_BYTES > w->packcap)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: a stored index name is malformed",
                            np->id);
    plen = e->ct_len - SANCTUM__TAG_BYTES;
    rc = sanctum__ix_name_open(w->pack, e->ct, e->ct_len, w->c->s->kr, w->c->s->st->id, np->id,
                               e->prop, e->prop_len, e->level, e->keyver, e->seal_nonce);
    if (rc == SANCTUM_EPERM)
        return 0; /* above the session's clearance: never compared */
    if (rc < 0)
        return rc;
    rc = sanctum__ix_name_unpack(w->sn, w->pack, plen);
    sodium_memzero(w->pack, plen);
    if (rc < 0)
        return rc;
    memcpy(prop, e->prop, e->prop_len);
    prop[e->prop_len] = '\0';
    if ((p = sanctum__schema_prop(np->sch, prop)) == NULL)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: unknown indexed property", np->id);
    if (np->cls == SANCTUM__IX_WEAK)
        w->sn->flags |= SANCTUM__NAME_WEAK;
    {
        sanctum__match_explain why;
        const sanctum__name *form = np->qn;

        sc = sanctum__match_score(form, w->sn, np->ctx, &why);
        if (np->qn != w->qn) {
            /* Read for the entity's own schema, a query of unknown kind
             * must not score below its "any" reading, which drops what is
             * unambiguously noise: "John Smith Ltd" against the person
             * John Smith scored 1.0 that way, and 0.77 with "ltd" kept. */
            sanctum__match_explain why_any;
            double sa = sanctum__match_score(w->qn, w->sn, np->ctx, &why_any);

            if (sa > sc) {
                sc = sa;
                why = why_any;
                form = w->qn;
            }
        }
        if (w->df_rc < 0)
            return w->df_rc;
        if (es->nscores < SCORES_MAX) {
            es->scores[es->nscores] = sc;
            es->weak[es->nscores++] = np->cls == SANCTUM__IX_WEAK;
        }
        if (np->cls == SANCTUM__IX_NAME && sc > es->best) {
            es->best = sc;
            es->why = why;
            es->prop = p->name;
            memcpy(es->nonce, e->nonce, SANCTUM__NONCE_BYTES);
            sanctum__match_explain_format(es->explain, sizeof es->explain, form, w->sn, &why);
        }
    }
    return 0;
}

/* Tags of the entity's indexed values of class `cls` (all names, for a
 * re-check), or the values themselves for the weak pass. */
struct valpass {
    struct namepass *np;
    sanctum__sworker *w;
    uint64_t code;
    int cls;
    int rc;
};

static int
on_value(void *arg, const sanctum__ix_value *v)
{
    struct valpass *vp = arg;
    int rc;

    if (v->cls != vp->cls)
        return 0;
    vp->np->nonce = v->nonce;
    rc = sanctum__ix_names_each(vp->w->txn, vp->w->c->s->st, vp->code | v->tag, on_name,
                                vp->np);
    vp->np->nonce = NULL;
    return rc < 0 ? rc : 0;
}

/* Decrypt stored value v of entity `id` (property `prop`) into a new
 * NUL-terminated string, or *out = NULL when the session cannot read it. */
static int
open_value(const sanctum_session *s, const char *id, const char *prop,
           const sanctum__rvalue *v, char **out, size_t *outlen)
{
    unsigned char ad[SANCTUM__AD_MAX];
    const unsigned char *key = sanctum__keyring_level(s->kr, v->level, v->key_version);
    size_t ad_len, plen;
    char *pt;

    *out = NULL;
    *outlen = 0;
    if (key == NULL)
        return SANCTUM_OK;
    if (v->ct_len < SANCTUM__TAG_BYTES)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: property %s is malformed", id, prop);
    plen = v->ct_len - SANCTUM__TAG_BYTES;
    ad_len = sanctum__seal_ad(ad, sizeof ad, s->st->id, id, prop, v->level, v->key_version);
    if ((pt = malloc(plen + 1)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if (sanctum__unseal((unsigned char *)pt, v->ct, v->ct_len, v->nonce, ad, ad_len, key) < 0) {
        free(pt);
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: property %s: ciphertext fails "
                            "authentication (moved, altered or foreign)", id, prop);
    }
    pt[plen] = '\0';
    *out = pt;
    *outlen = plen;
    return SANCTUM_OK;
}

/* The property name of record value v, NUL-terminated, into buf. */
static const char *
rprop(char buf[256], const sanctum__rvalue *v)
{
    memcpy(buf, v->prop, v->prop_len);
    buf[v->prop_len] = '\0';
    return buf;
}

/* Birth years and nationalities of the stored entity, for the query's. */
static int
read_context(sanctum__sworker *w, const sanctum__sq *q, const char *id,
             const sanctum__record *rec, struct escore *es)
{
    char prop[256];
    int rc;

    for (size_t i = 0; i < rec->nvalues; i++) {
        const sanctum__rvalue *v = &rec->values[i];
        int birth;
        char *text;
        size_t tl;

        rprop(prop, v);
        birth = strcmp(prop, "birthDate") == 0;
        if (!(birth && q->year != 0) &&
            !(q->country[0] != '\0' &&
              (strcmp(prop, "nationality") == 0 || strcmp(prop, "citizenship") == 0)))
            continue;
        if ((rc = open_value(w->c->s, id, prop, v, &text, &tl)) < 0)
            return rc;
        if (text == NULL)
            continue;
        if (birth && tl >= 4 && es->nyears < CTX_MAX)
            es->years[es->nyears++] = atoi(text);
        else if (!birth && tl == 2 && es->ncountries < CTX_MAX)
            memcpy(es->countries[es->ncountries++], text, 3);
        sodium_memzero(text, tl);
        free(text);
    }
    return SANCTUM_OK;
}

/* Fill match m from the record of entity `id`: hash, revision, caption and
 * the matched name's text (the value whose nonce es->nonce is). */
static int
fill_match(sanctum__sworker *w, const char *id, const sanctum__schema *sch,
           const unsigned char *bytes, size_t len, const sanctum__record *rec,
           const struct escore *es, const sanctum__entity_match *em, sanctum__smatch *m)
{
    char prop[256];
    int rc;

    memset(m, 0, sizeof *m);
    snprintf(m->id, sizeof m->id, "%s", id);
    m->schema = sch->name;
    m->revision = rec->revision;
    sanctum__record_hash(m->hash, bytes, len);
    m->score = em->score;
    m->name_score = es->why.name_score;
    m->birth_factor = es->why.birth_factor;
    m->nat_factor = es->why.nat_factor;
    m->prop = es->prop;
    /* Sized to the text: a batch keeps every match's explanation. */
    {
        const char *weak = em->weak_confirms ? "; a weak alias agrees" : "";
        size_t el = strlen(es->explain), wl = strlen(weak);
        if ((m->explain = malloc(el + wl + 1)) == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        memcpy(m->explain, es->explain, el);
        memcpy(m->explain + el, weak, wl + 1);
    }
    for (size_t i = 0; i < rec->nvalues && m->matched == NULL; i++) {
        size_t tl;
        if (memcmp(rec->values[i].nonce, es->nonce, SANCTUM__NONCE_BYTES) == 0 &&
            (rc = open_value(w->c->s, id, rprop(prop, &rec->values[i]), &rec->values[i],
                             &m->matched, &tl)) < 0)
            return rc;
    }
    for (const char *const *cp = sch->caption; cp != NULL && *cp != NULL && !m->caption; cp++)
        for (size_t i = 0; i < rec->nvalues && !m->caption; i++) {
            size_t tl;
            if (strcmp(rprop(prop, &rec->values[i]), *cp) != 0)
                continue;
            if ((rc = open_value(w->c->s, id, *cp, &rec->values[i], &m->caption, &tl)) < 0)
                return rc;
        }
    if (m->caption == NULL)
        m->caption = strdup(id);
    if (m->matched == NULL)
        m->matched = strdup("");
    if (m->caption == NULL || m->matched == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    return SANCTUM_OK;
}

/* The reading of the query that entities of schema `sch` are scored
 * against: the one of their own kind when the query's kind is unknown
 * (stored names were normalised for their schema: an organisation keeps
 * "General", a vessel reads "II" as 2), else the query's. */
static const sanctum__name *
query_form(const sanctum__sworker *w, const sanctum__schema *sch)
{
    if (!w->multi)
        return w->qn;
    switch (sanctum__ix_name_kind(sch)) {
    case SANCTUM__NAME_PERSON:
        return w->have_p ? w->qp : w->qn;
    case SANCTUM__NAME_COMPANY:
    case SANCTUM__NAME_VESSEL:
        return w->have_c ? w->qc : w->qn;
    default:
        return w->qn;
    }
}

/*
 * Score query w->qn (as query_form reads it) against entity `id` (value refs code | tag): the sealed
 * normalised forms of its strong names with a tag in tags[] (every strong
 * name when tags is NULL), then, when one reaches the threshold, its weak
 * aliases. Only the record is decrypted for birth years and nationalities
 * the query can be compared with, and for a match: its caption and name.
 * Fills *m and sets *hit on a match.
 */
static int
score_entity(sanctum__sworker *w, const sanctum__sq *q, const char *id, uint64_t code,
             const unsigned int *tags, size_t ntags, sanctum__smatch *m, int *hit)
{
    const sanctum_store *st = w->c->s->st;
    const sanctum__schema *sch = sanctum__id_schema(id);
    sanctum__record rec;
    sanctum__match_context ctx;
    struct escore *es = w->es;
    struct namepass np;
    sanctum__entity_match em;
    MDB_val v = { 0, NULL };
    int rc = SANCTUM_OK, have_rec = 0;

    *hit = 0;
    memset(es, 0, offsetof(struct escore, explain));
    es->explain[0] = '\0';
    es->best = -1;
    if (sch == NULL)
        return SANCTUM_OK;
    memset(&rec, 0, sizeof rec);
    if (q->year != 0 || q->country[0] != '\0') {
        rc = sanctum__get(w->txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), &v);
        if (rc == SANCTUM_ENOTFOUND)
            return SANCTUM_OK;
        if (rc < 0 || (rc = sanctum__record_parse(&rec, id, v.mv_data, v.mv_size)) < 0)
            return rc;
        have_rec = 1;
        if ((rc = read_context(w, q, id, &rec, es)) < 0)
            goto done;
    }
    memset(&ctx, 0, sizeof ctx);
    ctx.token_df = token_df_cb;
    ctx.token_df_arg = w;
    ctx.total_names = w->total;
    if (q->year != 0 && es->nyears > 0) {
        ctx.query_years = &q->year;
        ctx.n_query_years = 1;
        ctx.stored_years = es->years;
        ctx.n_stored_years = es->nyears;
    }
    if (q->country[0] != '\0' && es->ncountries > 0) {
        ctx.query_countries = (const char(*)[3]) & q->country;
        ctx.n_query_countries = 1;
        ctx.stored_countries = (const char(*)[3])es->countries;
        ctx.n_stored_countries = es->ncountries;
    }
    np = (struct namepass){ w, query_form(w, sch), id, sch, &ctx, es, SANCTUM__IX_NAME, NULL };
    if (tags != NULL) {
        for (size_t i = 0; i < ntags && rc == SANCTUM_OK; i++)
            rc = sanctum__ix_names_each(w->txn, st, code | tags[i], on_name, &np);
    } else {
        struct valpass vp = { &np, w, code, SANCTUM__IX_NAME, 0 };
        rc = sanctum__ix_values_each(w->txn, st, w->c->s->kr, id, on_value, &vp);
    }
    if (rc == SANCTUM_OK && es->best >= w->c->threshold) {
        /* weak aliases, which only confirm a match: all the entity's
         * names are adjacent in the names table, on the pages just read */
        np.cls = SANCTUM__IX_WEAK;
        np.nonce = NULL;
        rc = sanctum__ix_names_entity(w->txn, st, code, on_name, &np);
    }
    if (rc < 0)
        goto done;
    em = sanctum__match_entity(es->scores, es->weak, es->nscores, w->c->threshold);
    if (!em.is_match)
        goto done;
    if (!have_rec) {
        rc = sanctum__get(w->txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), &v);
        if (rc == SANCTUM_ENOTFOUND) { /* an index entry without its record */
            rc = sanctum__err(SANCTUM_ECORRUPT, "the blind index names missing entity %s", id);
            goto done;
        }
        if (rc < 0 || (rc = sanctum__record_parse(&rec, id, v.mv_data, v.mv_size)) < 0)
            goto done;
        have_rec = 1;
    }
    if ((rc = fill_match(w, id, sch, v.mv_data, v.mv_size, &rec, es, &em, m)) < 0) {
        sanctum__smatch_clear(m);
        goto done;
    }
    *hit = 1;
done:
    sodium_memzero(es->explain, sizeof es->explain);
    if (have_rec)
        sanctum__record_clear(&rec);
    return rc;
}

/* ------------------------------------------------------------ one query */

int
sanctum__smatch_cmp(const void *a, const void *b)
{
    const sanctum__smatch *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int
normalize_query(sanctum__sworker *w, const sanctum__sq *q, size_t qno)
{
    char why[256];

    w->multi = w->have_p = w->have_c = 0;
    if (sanctum__normalize_name(w->norm, w->qn, q->name, q->len, q->kind) < 0) {
        snprintf(why, sizeof why, "%s", sanctum_last_error());
        return sanctum__err(SANCTUM_EINVAL, "query %zu: the name has nothing to match (%s)",
                            qno, why);
    }
    if (q->kind != SANCTUM__NAME_ANY)
        return SANCTUM_OK;
    /* Of unknown kind: read it as a person's and a company's name too (a
     * reading that fails is left out; the "any" one stands in for it). */
    w->multi = 1;
    w->have_p = sanctum__normalize_name(w->norm, w->qp, q->name, q->len,
                                        SANCTUM__NAME_PERSON) == 0;
    w->have_c = sanctum__normalize_name(w->norm, w->qc, q->name, q->len,
                                        SANCTUM__NAME_COMPANY) == 0;
    if (!w->have_p || !w->have_c)
        sanctum__err_clear();
    return SANCTUM_OK;
}

/* Words of reading `r` to the query's words (those of w->qn): the same
 * word, taken in order, is the same word; a word of its own (a title the
 * "any" reading dropped, "II" read as 2) is a word of its own, numbered
 * after the others from *next. */
static void map_words(const sanctum__name *base, const sanctum__name *r, unsigned int *map,
                      unsigned int *next);

/* The keys of reading r (its words mapped onto the query's by map_words),
 * marked as made by `reading`. */
static int
reading_keys(sanctum__sworker *w, const sanctum__name *r, unsigned int *map, uint8_t reading,
             unsigned int *next)
{
    int rc;

    map_words(w->qn, r, map, next);
    w->tmap = map;
    w->reading = reading;
    rc = sanctum__match_keys(r, on_qkey, w);
    w->tmap = NULL;
    if (rc < 0)
        return w->key_rc < 0 ? w->key_rc : rc;
    return SANCTUM_OK;
}

static void
map_words(const sanctum__name *base, const sanctum__name *r, unsigned int *map,
          unsigned int *next)
{
    uint8_t used[SANCTUM__NAME_MAX_TOKENS] = { 0 };

    for (size_t i = 0; i < r->ntok; i++) {
        size_t j;

        for (j = 0; j < base->ntok; j++)
            if (!used[j] && base->tok[j].len == r->tok[i].len &&
                memcmp(SANCTUM__TOK_STR(base, j), SANCTUM__TOK_STR(r, i), r->tok[i].len) == 0)
                break;
        if (j < base->ntok) {
            used[j] = 1;
            map[i] = (unsigned int)j;
        } else {
            map[i] = (*next)++;
        }
    }
}

/* The keys of the query: of w->qn, and for a query of unknown kind of its
 * other readings too (keys made already left out), then put in word order
 * (stable), as key selection and the accumulator require. */
static int
query_keys(sanctum__sworker *w)
{
    unsigned int next, count[WORDS_MAX + 1] = { 0 };
    int rc;

    w->nkeys = 0;
    w->key_rc = 0;
    w->tmap = NULL;
    w->reading = READ_ANY;
    if (w->multi)
        memset(w->kseen, 0, KSEEN_SLOTS * sizeof *w->kseen);
    if ((rc = sanctum__match_keys(w->qn, on_qkey, w)) < 0)
        return w->key_rc < 0 ? w->key_rc : rc;
    if (!w->multi)
        return SANCTUM_OK;
    next = (unsigned int)w->qn->ntok;
    if ((w->have_p && (rc = reading_keys(w, w->qp, w->pmap, READ_PERSON, &next)) < 0) ||
        (w->have_c && (rc = reading_keys(w, w->qc, w->cmap, READ_ORG, &next)) < 0))
        return rc;
    /* counting sort by word: sel and kidx into sel2 and kidx2, swapped */
    for (size_t i = 0; i < w->nkeys; i++)
        count[w->sel[i].token + 1]++;
    for (unsigned int t = 1; t <= WORDS_MAX; t++)
        count[t] += count[t - 1];
    for (size_t i = 0; i < w->nkeys; i++) {
        unsigned int at = count[w->sel[i].token]++;
        w->sel2[at] = w->sel[i];
        w->kidx2[at] = w->kidx[i];
    }
    {
        sanctum__skey *ts = w->sel;
        uint16_t *ti = w->kidx;
        w->sel = w->sel2;
        w->sel2 = ts;
        w->kidx = w->kidx2;
        w->kidx2 = ti;
    }
    return SANCTUM_OK;
}

/* Does a word of the query come from a script whose romanisation loses
 * sounds (Han, kana, Hangul, Thai...) or that omits short vowels (Arabic,
 * Hebrew)? Its keys are coarse: many names share them at one rank. So
 * are those of a lone transliterated word (Greek `Αλέξανδρος`, whose
 * spelling meets a lone "Alexander" only in its first five letters). */
static int
coarse_query(const sanctum__name *nm)
{
    if (nm->ntok == 1 && (nm->tok[0].flags & SANCTUM__TOK_TRANSLIT))
        return 1;
    for (size_t i = 0; i < nm->ntok; i++)
        if (nm->tok[i].flags & (SANCTUM__TOK_LOSSY | SANCTUM__TOK_NOVOWEL))
            return 1;
    return 0;
}

/* Matches that score the most any can, 1.0. */
static size_t
perfect(const sanctum__smatch *res, size_t nres)
{
    size_t k = 0;

    for (size_t i = 0; i < nres; i++)
        k += res[i].score >= 1.0;
    return k;
}

/* Score the entities of candidates cand[from, to) (sorted here, grouped
 * by entity) into res[*nres ...]. An entity scored already from an earlier
 * slice (others of its names) keeps the better of the two scorings. */
static int
score_slice(sanctum__sworker *w, const sanctum__sq *q, uint64_t *cand, size_t from, size_t to,
            unsigned int *tags, sanctum__smatch *res, size_t *nres)
{
    size_t before = *nres;
    int rc;

    qsort(cand + from, to - from, sizeof *cand, sanctum__u64_cmp);
    for (size_t i = from; i < to;) {
        uint64_t code = cand[i] >> 9;
        size_t ntags = 0, j;
        char id[SANCTUM__ID_MAX];
        const sanctum__schema *sch;
        int hit;

        while (i < to && (cand[i] >> 9) == code)
            tags[ntags++] = (unsigned int)(cand[i++] & SANCTUM__IX_TAG_MASK);
        sanctum__ix_entity_id(id, code << 9);
        if ((sch = sanctum__id_schema(id)) == NULL)
            continue;
        if (q->schema != NULL && !sanctum__schema_is_a(sch, q->schema->name))
            continue;
        if ((rc = score_entity(w, q, id, code << 9, tags, ntags, &res[*nres], &hit)) < 0)
            return rc;
        if (!hit)
            continue;
        for (j = 0; j < before && strcmp(res[j].id, id) != 0; j++)
            ;
        if (j == before) {
            (*nres)++;
        } else if (res[*nres].score > res[j].score) {
            sanctum__smatch_clear(&res[j]);
            res[j] = res[*nres];
            memset(&res[*nres], 0, sizeof res[*nres]);
        } else {
            sanctum__smatch_clear(&res[*nres]);
        }
    }
    return SANCTUM_OK;
}

/* The id prefixes of the schemas a query of schema `s` may match, as a
 * bitmap over a ref's top bits (SANCTUM__IX_PREFIX_SHIFT). */
static void
schema_filter(uint8_t allow[4096], const sanctum__schema *s)
{
    memset(allow, 0, 4096);
    for (size_t i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *t = sanctum__schema_at(i);
        unsigned int code;

        if (t->prefix == NULL || !sanctum__schema_is_a(t, s->name))
            continue;
        code = sanctum__ix_prefix_code(t->prefix);
        allow[code >> 3] |= (uint8_t)(1u << (code & 7));
    }
}

int
sanctum__screen_one(sanctum__sworker *w, const sanctum__sq *q, size_t qno,
                    sanctum__smatch **out, size_t *n, char **norm, size_t *unscored)
{
    uint64_t cand[CAND_CAP];
    unsigned int tags[CAND_CAP];
    sanctum__smatch *res = NULL;
    size_t nc, nres = 0, want = CAND_MAX, left;
    int at_best, coarse;
    int rc;

    *out = NULL;
    *n = 0;
    if (unscored != NULL)
        *unscored = 0;
    if (norm != NULL)
        *norm = NULL;
    if ((rc = normalize_query(w, q, qno)) < 0)
        return rc;
    if (norm != NULL) {
        char buf[SANCTUM__NAME_MAX_INPUT * 2];
        size_t l = sanctum__name_join(buf, sizeof buf, w->qn);
        if ((*norm = sanctum__strmem(buf, l)) == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        sodium_memzero(buf, l);
    }
    w->df_rc = 0;
    if ((rc = query_keys(w)) < 0)
        return rc;
    /* every normalised name makes a key (sanctum__match_keys); a query
     * without one would find nothing and say "no match" in silence */
    if (w->nkeys == 0)
        return sanctum__err(SANCTUM_EINVAL, "query %zu: the name has nothing to match", qno);
    if ((rc = gather(w)) < 0)
        return rc;
    /* a larger limit scores more candidates */
    if (w->c->limit * 2 > want)
        want = w->c->limit * 2 < CAND_CAP ? w->c->limit * 2 : CAND_CAP;
    /* other schemas are left out before the cut, not after it: they would
     * take the places of the schema asked for */
    if (q->schema != NULL)
        schema_filter(w->allow, q->schema);
    coarse = coarse_query(w->qn);
    nc = sanctum__sacc_best(w->cs, cand, want, CAND_CAP, q->schema ? w->allow : NULL, &left,
                            &at_best, coarse);
    if (nc == 0)
        return SANCTUM_OK;
    if ((res = calloc(nc, sizeof *res)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    /* The first `want` candidates; then the rest of the tie the cut fell
     * in: at the best rank when the first leave fewer than `limit`
     * perfect matches (a tied candidate could do no better than those);
     * below it when they leave no match at all and the query has a word
     * from a script that loses sounds or writes no short vowels: its keys
     * are coarse, sharing one says little, and which names of the rank
     * made the cut hung on their random ids. Elsewhere a lower rank lacks
     * words the better names have; scoring every such tie cost ~30% of
     * throughput, and every coarse one, even with matches found, halved
     * it at a million persons (docs/screening.md, "Limits"). */
    if ((rc = score_slice(w, q, cand, 0, nc < want ? nc : want, tags, res, &nres)) < 0)
        goto fail;
    if (nc > want &&
        (at_best ? perfect(res, nres) < w->c->limit : nres == 0 && coarse)) {
        if ((rc = score_slice(w, q, cand, want, nc, tags, res, &nres)) < 0)
            goto fail;
    } else {
        left = 0;
    }
    if (unscored != NULL)
        *unscored = left;
    qsort(res, nres, sizeof *res, sanctum__smatch_cmp);
    while (nres > w->c->limit)
        sanctum__smatch_clear(&res[--nres]);
    if (nres == 0) {
        free(res);
        res = NULL;
    } else if (nres < nc) {
        /* room was made for every candidate: a batch keeps each query's
         * array until its result is freed. Copied, and the old one wiped
         * (it holds matched entity ids), rather than left to realloc. */
        sanctum__smatch *fit = malloc(nres * sizeof *res);
        if (fit != NULL) {
            memcpy(fit, res, nres * sizeof *res);
            sodium_memzero(res, nc * sizeof *res);
            free(res);
            res = fit;
        }
    }
    *out = res;
    *n = nres;
    return SANCTUM_OK;
fail:
    for (size_t i = 0; i < nres; i++)
        sanctum__smatch_clear(&res[i]);
    free(res);
    if (norm != NULL) {
        wipe_free(*norm);
        *norm = NULL;
    }
    return rc;
}

int
sanctum__screen_rescore(sanctum__sworker *w, const sanctum__sq *q, size_t qno,
                        sanctum__smatch *m)
{
    sanctum__smatch fresh;
    char id[SANCTUM__ID_MAX];
    uint64_t code;
    int rc, hit;

    memset(&fresh, 0, sizeof fresh);
    memcpy(id, m->id, sizeof id);
    w->df_rc = 0;
    if ((rc = sanctum__ix_entity_code(&code, id)) < 0 ||
        (rc = normalize_query(w, q, qno)) < 0 ||
        (rc = score_entity(w, q, id, code, NULL, 0, &fresh, &hit)) < 0)
        return rc;
    sanctum__smatch_clear(m);
    if (!hit) {
        m->dropped = 1;
        return SANCTUM_OK;
    }
    *m = fresh;
    return SANCTUM_OK;
}

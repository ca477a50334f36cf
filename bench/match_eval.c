/* SPDX-License-Identifier: Apache-2.0 */
/* match_eval.c - name screening measured on the labelled sets, as the blind index runs it. */

/*
 * For each labelled set: stored names are normalised and their lookup keys
 * put in an in-memory map key -> stored-name ids (what the blind index
 * holds as keyed hashes). Each query is normalised, its keys looked up,
 * candidates ranked by key weight and capped, then scored; the best
 * candidate at or above the threshold is the answer. Token frequencies
 * come from the stored names plus the OFAC SDN names (a stand-in for a
 * full store). Prints precision, recall, false-positive rate and F1.
 *
 * Usage: match_eval [--data DIR] [--threshold T] [--check] [--limit N]
 *                   [--fails SET|all] [--no-context] [--explain NAME]
 *   --check       exit 1 if a target of docs/matching.md is missed
 *   --limit N     at most N queries per set (quick runs, sanitizers)
 *   --fails SET   list the misses of one set ("all" for every set)
 *   --no-context  name-only rows only (no birth year or nationality)
 *   --explain     score one name against the UN set and explain
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <sanctum/errors.h>

#include "match.h"
#include "normalize.h"

#ifndef SANCTUM_SHARED_DATA
#define SANCTUM_SHARED_DATA "../shared/data"
#endif

#define MAX_CANDIDATES 50 /* candidates scored per query */

static const char *data_dir = SANCTUM_SHARED_DATA;
static double threshold = SANCTUM__MATCH_THRESHOLD;
static const char *fails_set = NULL;
static const char *explain_query = NULL; /* --explain: show how one query scores */
static size_t limit = (size_t)-1;        /* --limit: queries per set (quick runs) */

static void *
xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);

    if (p == NULL) {
        fprintf(stderr, "match_eval: out of memory\n");
        exit(1);
    }
    return p;
}

static void *
xrealloc(void *p, size_t sz)
{
    p = realloc(p, sz ? sz : 1);
    if (p == NULL) {
        fprintf(stderr, "match_eval: out of memory\n");
        exit(1);
    }
    return p;
}

static char *
xstrdup(const char *s)
{
    size_t l = strlen(s) + 1;
    char *d = xcalloc(1, l);

    memcpy(d, s, l);
    return d;
}

/* ------------------------------------------------------------------ */
/* CSV rows via libcsv.                                                */

typedef struct row {
    char **f;  /* fields */
    size_t n;  /* field count */
} row;

typedef struct table {
    row *r;
    size_t n, cap;
    row cur;
} table;

static void
on_field(void *s, size_t len, void *data)
{
    table *t = data;
    char *v = xcalloc(1, len + 1);

    memcpy(v, s, len);
    t->cur.f = xrealloc(t->cur.f, (t->cur.n + 1) * sizeof *t->cur.f);
    t->cur.f[t->cur.n++] = v;
}

static void
on_row(int c, void *data)
{
    table *t = data;

    (void)c;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->r = xrealloc(t->r, t->cap * sizeof *t->r);
    }
    t->r[t->n++] = t->cur;
    t->cur.f = NULL;
    t->cur.n = 0;
}

static int
read_csv(table *t, const char *file)
{
    char path[4096], buf[65536];
    struct csv_parser p;
    FILE *fp;
    size_t n;

    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/%s", data_dir, file);
    fp = fopen(path, "rb");
    if (fp == NULL) {
        fprintf(stderr, "match_eval: cannot open %s\n", path);
        return -1;
    }
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        fclose(fp);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, t) != n) {
            fprintf(stderr, "match_eval: %s: %s\n", path, csv_strerror(csv_error(&p)));
            csv_free(&p);
            fclose(fp);
            return -1;
        }
    }
    csv_fini(&p, on_field, on_row, t);
    csv_free(&p);
    fclose(fp);
    return 0;
}

static void
table_free(table *t)
{
    size_t i, k;

    for (i = 0; i < t->n; i++) {
        for (k = 0; k < t->r[i].n; k++)
            free(t->r[i].f[k]);
        free(t->r[i].f);
    }
    for (k = 0; k < t->cur.n; k++)
        free(t->cur.f[k]);
    free(t->cur.f);
    free(t->r);
    memset(t, 0, sizeof *t);
}

static const char *
fld(const row *r, size_t i)
{
    return i < r->n ? r->f[i] : "";
}

/* ------------------------------------------------------------------ */
/* String hash maps: key -> posting list, token -> count, name -> code. */

typedef struct hent {
    char *key;
    uint64_t *ids;   /* posting list (sorted, unique) */
    size_t n, cap;
    uint64_t count;  /* for frequency tables */
    char code[3];    /* for the country map */
    struct hent *next;
} hent;

typedef struct hmap {
    hent **b;
    size_t nb;
} hmap;

static uint64_t
shash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void
hmap_init(hmap *m, size_t nb)
{
    m->nb = nb;
    m->b = xcalloc(nb, sizeof *m->b);
}

static hent *
hmap_get(const hmap *m, const char *k, size_t len, int create, hmap *mm)
{
    size_t i = (size_t)(shash(k, len) % m->nb);
    hent *e;

    for (e = m->b[i]; e != NULL; e = e->next)
        if (strlen(e->key) == len && memcmp(e->key, k, len) == 0)
            return e;
    if (!create)
        return NULL;
    e = xcalloc(1, sizeof *e);
    e->key = xcalloc(1, len + 1);
    memcpy(e->key, k, len);
    e->next = mm->b[i];
    mm->b[i] = e;
    return e;
}

static void
hmap_free(hmap *m)
{
    size_t i;

    for (i = 0; i < m->nb; i++) {
        hent *e = m->b[i];

        while (e != NULL) {
            hent *nx = e->next;

            free(e->key);
            free(e->ids);
            free(e);
            e = nx;
        }
    }
    free(m->b);
}

/* ------------------------------------------------------------------ */
/* Countries: English names to ISO codes, from ICU's display names.    */

static hmap countries;

static void
lower_ascii(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static void
country_add(const char *name, const char *code)
{
    char k[256];
    hent *e;

    snprintf(k, sizeof k, "%s", name);
    lower_ascii(k);
    e = hmap_get(&countries, k, strlen(k), 1, &countries);
    memcpy(e->code, code, 2);
    e->code[2] = '\0';
}

static void
countries_init(void)
{
    const char *const *iso = uloc_getISOCountries();
    static const char *const extra[][2] = {
        { "hong kong", "hk" }, { "macau", "mo" }, { "macao", "mo" },
        { "czech republic", "cz" }, { "ivory coast", "ci" }, { "cote d'ivoire", "ci" },
        { "burma", "mm" }, { "palestine", "ps" }, { "north korea", "kp" },
        { "south korea", "kr" }, { "russia", "ru" }, { "vietnam", "vn" }, { "iran", "ir" },
        { "syria", "sy" }, { "laos", "la" }, { "usa", "us" }, { "united states", "us" },
        { "uk", "gb" }, { "united kingdom", "gb" }, { "great britain", "gb" },
        { "democratic republic of the congo", "cd" }, { "dr congo", "cd" },
        { "republic of the congo", "cg" }, { "congo", "cg" }, { "turkey", "tr" },
        { "swaziland", "sz" }, { "cape verde", "cv" }, { "east timor", "tl" },
        { "macedonia", "mk" }, { "micronesia", "fm" }, { "vatican", "va" },
        { "bosnia and herzegovina", "ba" }, { "trinidad and tobago", "tt" },
        { "saint kitts and nevis", "kn" }, { "saint lucia", "lc" },
        { "antigua and barbuda", "ag" }, { "sao tome and principe", "st" },
    };
    size_t i;

    hmap_init(&countries, 1024);
    for (; iso != NULL && *iso != NULL; iso++) {
        char loc[16], code[3];
        UChar dn[128];
        char name[256];
        UErrorCode st = U_ZERO_ERROR;
        int32_t l;
        char *paren;

        snprintf(loc, sizeof loc, "und_%s", *iso);
        l = uloc_getDisplayCountry(loc, "en", dn, 128, &st);
        if (U_FAILURE(st) || l <= 0)
            continue;
        u_strToUTF8(name, sizeof name, NULL, dn, l, &st);
        if (U_FAILURE(st))
            continue;
        code[0] = (char)tolower((unsigned char)(*iso)[0]);
        code[1] = (char)tolower((unsigned char)(*iso)[1]);
        code[2] = '\0';
        country_add(name, code);
        paren = strstr(name, " (");
        if (paren != NULL) {
            *paren = '\0';
            country_add(name, code);
        }
        paren = strstr(name, " SAR");
        if (paren != NULL) {
            *paren = '\0';
            country_add(name, code);
        }
    }
    for (i = 0; i < sizeof extra / sizeof extra[0]; i++)
        country_add(extra[i][0], extra[i][1]);
}

/* Nationality field: an ISO code, or an English country name. */
static int
parse_country(const char *s, char out[3])
{
    char k[256];
    hent *e;

    if (s[0] == '\0')
        return 0;
    if (strlen(s) == 2 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1])) {
        out[0] = (char)tolower((unsigned char)s[0]);
        out[1] = (char)tolower((unsigned char)s[1]);
        out[2] = '\0';
        return 1;
    }
    snprintf(k, sizeof k, "%s", s);
    lower_ascii(k);
    e = hmap_get(&countries, k, strlen(k), 0, NULL);
    if (e == NULL)
        return 0;
    memcpy(out, e->code, 3);
    return 1;
}

static int
parse_year(const char *s)
{
    if (strlen(s) >= 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])
        && isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
        return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    return 0;
}

/* ------------------------------------------------------------------ */
/* The in-memory stand-in for the blind index.                         */

typedef struct stored {
    sanctum__name nm;  /* normalised name */
    char *text;        /* original text, for failure listings */
    int year;          /* birth year or 0 */
    char country[3];   /* nationality or "" */
    int group;         /* equal groups are the same entity */
} stored;

typedef struct index {
    stored *s;
    size_t n, cap;
    hmap keys;         /* "k:<kind>:<key>" -> ids */
    hmap df;           /* token -> number of names holding it */
    uint64_t df_total; /* names counted in df */
} index_t;

static sanctum__normalizer *norm;

static uint64_t
df_lookup(void *arg, const char *tok, size_t len)
{
    const index_t *ix = arg;
    hent *e = hmap_get(&ix->df, tok, len, 0, NULL);

    return e ? e->count : 0;
}

/* Count each distinct token of nm once in the frequency table. */
static void
df_count(index_t *ix, const sanctum__name *nm)
{
    size_t i, j;

    for (i = 0; i < nm->ntok; i++) {
        int dup = 0;

        for (j = 0; j < i && !dup; j++)
            dup = strcmp(SANCTUM__TOK_STR(nm, i), SANCTUM__TOK_STR(nm, j)) == 0;
        if (!dup) {
            hent *e = hmap_get(&ix->df, SANCTUM__TOK_STR(nm, i), nm->tok[i].len, 1, &ix->df);

            e->count++;
        }
    }
    ix->df_total++;
}

struct keyctx {
    index_t *ix;
    uint64_t id;
};

static int
on_store_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int tok,
             unsigned int span)
{
    struct keyctx *kc = arg;
    char buf[SANCTUM__KEY_MAX + 8];
    hent *e;

    (void)tok;
    (void)span;
    buf[0] = (char)('0' + kind);
    buf[1] = ':';
    memcpy(buf + 2, key, len);
    e = hmap_get(&kc->ix->keys, buf, len + 2, 1, &kc->ix->keys);
    if (e->n > 0 && e->ids[e->n - 1] == kc->id)
        return 0;
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 4;
        e->ids = xrealloc(e->ids, e->cap * sizeof *e->ids);
    }
    e->ids[e->n++] = kc->id;
    return 0;
}

static void
index_init(index_t *ix)
{
    memset(ix, 0, sizeof *ix);
    hmap_init(&ix->keys, 1u << 18);
    hmap_init(&ix->df, 1u << 16);
}

static void
index_free(index_t *ix)
{
    size_t i;

    for (i = 0; i < ix->n; i++) {
        sanctum__name_clear(&ix->s[i].nm);
        free(ix->s[i].text);
    }
    free(ix->s);
    hmap_free(&ix->keys);
    hmap_free(&ix->df);
}

/* Add a stored name; returns its id or -1 if it does not normalise. */
static long
index_add(index_t *ix, const char *text, sanctum__name_kind kind, int year, const char *country,
          int group)
{
    stored *s;
    struct keyctx kc;

    if (ix->n == ix->cap) {
        ix->cap = ix->cap ? 2 * ix->cap : 1024;
        ix->s = xrealloc(ix->s, ix->cap * sizeof *ix->s);
    }
    s = &ix->s[ix->n];
    memset(s, 0, sizeof *s);
    if (sanctum__normalize_name(norm, &s->nm, text, strlen(text), kind) != 0)
        return -1;
    s->text = xstrdup(text);
    s->year = year;
    if (country != NULL)
        memcpy(s->country, country, 3);
    s->group = group;
    df_count(ix, &s->nm);
    kc.ix = ix;
    kc.id = ix->n;
    sanctum__match_keys(&s->nm, on_store_key, &kc);
    return (long)ix->n++;
}

/* Background names for the token-frequency table: OFAC SDN and aliases. */
static void
background(index_t *ix)
{
    table sdn, alt;
    size_t i;
    static sanctum__name nm;
    int *type_by_ent = NULL;
    size_t max_ent = 0;

    if (read_csv(&sdn, "ofac-sdn.csv") != 0)
        return;
    if (read_csv(&alt, "ofac-alt.csv") != 0) {
        table_free(&sdn);
        return;
    }
    for (i = 0; i < sdn.n; i++) {
        size_t e = (size_t)atol(fld(&sdn.r[i], 0));

        if (e > max_ent)
            max_ent = e;
    }
    type_by_ent = xcalloc(max_ent + 1, sizeof *type_by_ent);
    for (i = 0; i < sdn.n; i++) {
        const char *ty = fld(&sdn.r[i], 2);
        sanctum__name_kind k = strcmp(ty, "individual") == 0 ? SANCTUM__NAME_PERSON
                               : strcmp(ty, "vessel") == 0   ? SANCTUM__NAME_VESSEL
                               : strcmp(ty, "aircraft") == 0 ? SANCTUM__NAME_ANY
                                                             : SANCTUM__NAME_COMPANY;
        const char *name = fld(&sdn.r[i], 1);

        type_by_ent[(size_t)atol(fld(&sdn.r[i], 0))] = (int)k;
        if (name[0] && sanctum__normalize_name(norm, &nm, name, strlen(name), k) == 0)
            df_count(ix, &nm);
    }
    for (i = 0; i < alt.n; i++) {
        size_t e = (size_t)atol(fld(&alt.r[i], 0));
        const char *name = fld(&alt.r[i], 3);
        sanctum__name_kind k = e <= max_ent ? (sanctum__name_kind)type_by_ent[e]
                                            : SANCTUM__NAME_ANY;

        if (name[0] && strcmp(name, "-0-") != 0
            && sanctum__normalize_name(norm, &nm, name, strlen(name), k) == 0)
            df_count(ix, &nm);
    }
    sanctum__name_clear(&nm);
    free(type_by_ent);
    table_free(&sdn);
    table_free(&alt);
}

/* ------------------------------------------------------------------ */
/* Querying.                                                           */

typedef struct query {
    const char *text;
    sanctum__name_kind kind;
    int year;          /* 0 = unknown */
    char country[3];   /* "" = unknown */
} query;

typedef struct result {
    long best;          /* best stored id at or above threshold, or -1 */
    double best_score;  /* its score (or best score below threshold) */
    long top;           /* best stored id regardless of threshold */
    size_t ncand;       /* candidates scored */
    int ok;             /* the query normalised */
    double *scores;     /* score per stored id (only for candidates), or NULL */
} result;

struct qkeys {
    sanctum__key_kind kind[4096];
    char key[4096][SANCTUM__KEY_MAX + 1];
    size_t len[4096];
    unsigned int tok[4096];
    unsigned int span[4096];
    size_t n;
};

static int
on_query_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int tok,
             unsigned int span)
{
    struct qkeys *qk = arg;

    if (qk->n == 4096)
        return 0;
    qk->kind[qk->n] = kind;
    memcpy(qk->key[qk->n], key, len);
    qk->len[qk->n] = len;
    qk->tok[qk->n] = tok;
    qk->span[qk->n] = span;
    qk->n++;
    return 0;
}

static sanctum__candset *cands;
static struct qkeys qkeys;

static void
run_query(const index_t *ix, const query *q, int use_ctx, result *res,
          long want /* id whose score to report, or -1 */, double *want_score)
{
    static sanctum__name qn;
    uint64_t ids[MAX_CANDIDATES];
    size_t i, n, pass;
    uint64_t cap_df = ix->n / 10 > 100 ? ix->n / 10 : 100;

    memset(res, 0, sizeof *res);
    res->best = res->top = -1;
    if (want_score)
        *want_score = -1;
    if (sanctum__normalize_name(norm, &qn, q->text, strlen(q->text), q->kind) != 0)
        return;
    res->ok = 1;
    qkeys.n = 0;
    sanctum__match_keys(&qn, on_query_key, &qkeys);
    sanctum__candset_reset(cands);
    /* Common keys are skipped unless nothing else finds a candidate. */
    for (pass = 0; pass < 2 && sanctum__candset_count(cands) == 0; pass++) {
        for (i = 0; i < qkeys.n; i++) {
            char buf[SANCTUM__KEY_MAX + 8];
            hent *e;

            buf[0] = (char)('0' + qkeys.kind[i]);
            buf[1] = ':';
            memcpy(buf + 2, qkeys.key[i], qkeys.len[i]);
            e = hmap_get(&ix->keys, buf, qkeys.len[i] + 2, 0, NULL);
            if (e == NULL || (pass == 0 && e->n > cap_df))
                continue;
            sanctum__candset_add(cands, qkeys.tok[i],
                                 sanctum__key_weight(qkeys.kind[i], e->n, ix->n) *
                                     sanctum__span_factor(qkeys.span[i]),
                                 e->ids, e->n);
        }
    }
    n = sanctum__candset_top(cands, ids, MAX_CANDIDATES);
    res->ncand = n;
    res->best_score = -1;
    for (i = 0; i < n; i++) {
        const stored *s = &ix->s[ids[i]];
        sanctum__match_context ctx;
        int qy[1], sy[1];
        char qc[1][3], scn[1][3];
        double sc;

        memset(&ctx, 0, sizeof ctx);
        ctx.token_df = df_lookup;
        ctx.token_df_arg = (void *)ix;
        ctx.total_names = ix->df_total;
        if (use_ctx) {
            if (q->year && s->year) {
                qy[0] = q->year;
                sy[0] = s->year;
                ctx.query_years = qy;
                ctx.n_query_years = 1;
                ctx.stored_years = sy;
                ctx.n_stored_years = 1;
            }
            if (q->country[0] && s->country[0]) {
                memcpy(qc[0], q->country, 3);
                memcpy(scn[0], s->country, 3);
                ctx.query_countries = (const char (*)[3])qc;
                ctx.n_query_countries = 1;
                ctx.stored_countries = (const char (*)[3])scn;
                ctx.n_stored_countries = 1;
            }
        }
        if (explain_query != NULL) {
            sanctum__match_explain why;
            char buf[2048];

            sc = sanctum__match_score(&qn, &s->nm, &ctx, &why);
            if (sc >= 0.5) {
                sanctum__match_explain_format(buf, sizeof buf, &qn, &s->nm, &why);
                printf("  %-40s %s\n", s->text, buf);
            }
        } else {
            sc = sanctum__match_score(&qn, &s->nm, &ctx, NULL);
        }
        if (want_score && (long)ids[i] == want)
            *want_score = sc;
        if (sc > res->best_score || (sc == res->best_score && (long)ids[i] < res->top)) {
            res->best_score = sc;
            res->top = (long)ids[i];
        }
    }
    if (res->top >= 0 && res->best_score >= threshold)
        res->best = res->top;
}

/* ------------------------------------------------------------------ */
/* Reporting.                                                          */

typedef struct stats {
    const char *set;
    size_t queries, tp, fp, fn, tn, cand, skipped;
    size_t nocand; /* positives whose true match was not among the candidates */
    double secs;
    int positives; /* set has positives (precision/recall meaningful) */
} stats;

static stats all_stats[32];
static size_t nstats;

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
print_table(void)
{
    size_t i;

    printf("\n%-30s %7s %6s %6s %6s %9s %7s %7s %6s %7s %7s %8s\n", "set", "queries", "TP",
           "FP", "FN", "precision", "recall", "FPR", "F1", "cand/q", "nocand", "q/s");
    for (i = 0; i < nstats; i++) {
        const stats *s = &all_stats[i];
        double prec = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1.0;
        double rec = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0.0;
        double negs = (double)(s->fp + s->tn);
        double fpr = negs > 0 ? (double)s->fp / negs : 0.0;
        double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0.0;
        char p[16], r[16], f[16], fr[16];

        if (s->positives) {
            snprintf(p, sizeof p, "%.4f", prec);
            snprintf(r, sizeof r, "%.4f", rec);
            snprintf(f, sizeof f, "%.4f", f1);
        } else {
            snprintf(p, sizeof p, "-");
            snprintf(r, sizeof r, "-");
            snprintf(f, sizeof f, "-");
        }
        if (negs > 0 && s->tn > 0)
            snprintf(fr, sizeof fr, "%.4f", fpr);
        else
            snprintf(fr, sizeof fr, "-");
        printf("%-30s %7zu %6zu %6zu %6zu %9s %7s %7s %6s %7.1f %7zu %8.0f\n", s->set,
               s->queries, s->tp, s->fp, s->fn, p, r, fr, f,
               s->queries ? (double)s->cand / (double)s->queries : 0.0, s->nocand,
               s->secs > 0 ? (double)s->queries / s->secs : 0.0);
    }
}

static int
show(const char *set)
{
    return fails_set != NULL && (strcmp(fails_set, "all") == 0 || strcmp(fails_set, set) == 0);
}

/* ------------------------------------------------------------------ */
/* The sets.                                                           */

/* Positives: untreated stored, treated queried (line i pairs with line i). */
static void
eval_positives(index_t *ix, const table *tq, const long *id_of_line, const char *set,
               int use_ctx)
{
    stats *st = &all_stats[nstats++];
    size_t i;
    double t0 = now();

    memset(st, 0, sizeof *st);
    st->set = set;
    st->positives = 1;
    for (i = 1; i < tq->n && st->queries < limit; i++) {
        const row *r = &tq->r[i];
        query q;
        result res;
        long want = id_of_line[i];
        double ws;

        if (want < 0)
            continue;
        q.text = fld(r, 0);
        q.kind = SANCTUM__NAME_PERSON;
        q.year = parse_year(fld(r, 5));
        q.country[0] = '\0';
        parse_country(fld(r, 7), q.country);
        run_query(ix, &q, use_ctx, &res, want, &ws);
        st->queries++;
        st->cand += res.ncand;
        st->nocand += ws < 0;
        if (res.best >= 0 && (res.best == want || ix->s[res.best].group == ix->s[want].group)) {
            st->tp++;
        } else {
            st->fn++;
            if (res.best >= 0)
                st->fp++;
            if (show(set))
                printf("  FN %-45s want %-45s (%.3f) got %s (%.3f)\n", q.text,
                       ix->s[want].text, ws, res.top >= 0 ? ix->s[res.top].text : "-",
                       res.best_score);
        }
    }
    st->secs = now() - t0;
}

static void
eval_negatives(index_t *ix, const table *tq, const char *set, int use_ctx)
{
    stats *st = &all_stats[nstats++];
    size_t i;
    double t0 = now();

    memset(st, 0, sizeof *st);
    st->set = set;
    for (i = 1; i < tq->n && st->queries < limit; i++) {
        const row *r = &tq->r[i];
        query q;
        result res;

        q.text = fld(r, 0);
        q.kind = SANCTUM__NAME_PERSON;
        q.year = parse_year(fld(r, 5));
        q.country[0] = '\0';
        parse_country(fld(r, 7), q.country);
        run_query(ix, &q, use_ctx, &res, -1, NULL);
        st->queries++;
        st->cand += res.ncand;
        if (!res.ok)
            st->skipped++;
        if (res.best >= 0) {
            st->fp++;
            if (show(set))
                printf("  FP %-45s ~ %-45s %.3f\n", q.text, ix->s[res.best].text,
                       res.best_score);
        } else {
            st->tn++;
        }
    }
    st->secs = now() - t0;
}

static void
eval_un(int use_ctx, int with_negatives)
{
    table un, tr, ng, nu;
    index_t ix;
    long *id_of_line;
    size_t i;

    if (read_csv(&un, "yente-positives_un_untreated.csv") != 0
        || read_csv(&tr, "yente-positives_un_treated.csv") != 0)
        exit(1);
    index_init(&ix);
    background(&ix);
    id_of_line = xcalloc(un.n, sizeof *id_of_line);
    for (i = 0; i < un.n; i++)
        id_of_line[i] = -1;
    for (i = 1; i < un.n; i++) {
        long id;
        char cc[3] = "";
        const row *r = &un.r[i];
        size_t j;
        int group = (int)i;

        /* identical listed names are one entity for scoring purposes */
        for (j = 1; j < i; j++)
            if (strcmp(fld(&un.r[j], 0), fld(r, 0)) == 0)
                group = (int)j;
        parse_country(fld(r, 7), cc);
        id = index_add(&ix, fld(r, 0), SANCTUM__NAME_PERSON, parse_year(fld(r, 5)), cc, group);
        id_of_line[i] = id;
    }
    eval_positives(&ix, &tr, id_of_line, use_ctx ? "un treated (dob,nat)" : "un treated (name)",
                   use_ctx);
    if (with_negatives) {
        if (read_csv(&ng, "yente-negatives_global.csv") != 0
            || read_csv(&nu, "yente-negatives_us.csv") != 0)
            exit(1);
        eval_negatives(&ix, &ng, use_ctx ? "negatives global (dob,nat)" : "negatives global (name)",
                       use_ctx);
        eval_negatives(&ix, &nu, use_ctx ? "negatives us (dob,nat)" : "negatives us (name)",
                       use_ctx);
        table_free(&ng);
        table_free(&nu);
    }
    free(id_of_line);
    index_free(&ix);
    table_free(&un);
    table_free(&tr);
}

/* Putin: the canonical spelling stored among the UN names; all spellings queried. */
static void
eval_putin(void)
{
    table un;
    index_t ix;
    char path[4096], line[1024];
    FILE *fp;
    long putin;
    size_t i;
    stats *st = &all_stats[nstats++];
    double t0;

    memset(st, 0, sizeof *st);
    st->set = "putin spellings";
    st->positives = 1;
    if (read_csv(&un, "yente-positives_un_untreated.csv") != 0)
        exit(1);
    index_init(&ix);
    background(&ix);
    for (i = 1; i < un.n; i++)
        index_add(&ix, fld(&un.r[i], 0), SANCTUM__NAME_PERSON, 0, NULL, (int)i);
    putin = index_add(&ix, "Vladimir Vladimirovich PUTIN", SANCTUM__NAME_PERSON, 0, NULL, -1);
    snprintf(path, sizeof path, "%s/nomenklatura-putin_names.txt", data_dir);
    fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "match_eval: cannot open %s\n", path);
        exit(1);
    }
    t0 = now();
    while (fgets(line, sizeof line, fp) != NULL) {
        query q;
        result res;
        double ws;

        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0')
            continue;
        q.text = line;
        q.kind = SANCTUM__NAME_PERSON;
        q.year = 0;
        q.country[0] = '\0';
        run_query(&ix, &q, 0, &res, putin, &ws);
        st->queries++;
        st->cand += res.ncand;
        st->nocand += ws < 0;
        if (res.best == putin) {
            st->tp++;
        } else {
            st->fn++;
            if (res.best >= 0)
                st->fp++;
            if (show("putin"))
                printf("  FN %-45s putin %.3f, got %s %.3f\n", line, ws,
                       res.top >= 0 ? ix.s[res.top].text : "-", res.best_score);
        }
    }
    st->secs = now() - t0;
    fclose(fp);
    index_free(&ix);
    table_free(&un);
}

/* Cross-script pairs: Latin names stored, other scripts queried. */
static void
eval_cross_script(void)
{
    table t;
    index_t ix;
    size_t i;
    long *want;
    stats *st = &all_stats[nstats++];
    double t0;

    memset(st, 0, sizeof *st);
    st->set = "cross-script pairs";
    st->positives = 1;
    if (read_csv(&t, "watchman-cross_script_pairs.csv") != 0)
        exit(1);
    index_init(&ix);
    background(&ix);
    want = xcalloc(t.n, sizeof *want);
    for (i = 0; i < t.n; i++) {
        const row *r = &t.r[i];
        size_t j;

        want[i] = -1;
        if (r->n < 2 || fld(r, 0)[0] == '#' || strcmp(fld(r, 0), "Query") == 0)
            continue;
        for (j = 0; j < ix.n && want[i] < 0; j++)
            if (strcmp(ix.s[j].text, fld(r, 1)) == 0)
                want[i] = (long)j;
        if (want[i] < 0)
            want[i] = index_add(&ix, fld(r, 1), SANCTUM__NAME_PERSON, 0, NULL, (int)ix.n);
    }
    t0 = now();
    for (i = 0; i < t.n; i++) {
        query q;
        result res;
        double ws;

        if (want[i] < 0)
            continue;
        q.text = fld(&t.r[i], 0);
        q.kind = SANCTUM__NAME_PERSON;
        q.year = 0;
        q.country[0] = '\0';
        run_query(&ix, &q, 0, &res, want[i], &ws);
        st->queries++;
        st->cand += res.ncand;
        st->nocand += ws < 0;
        if (res.best == want[i]) {
            st->tp++;
        } else {
            st->fn++;
            if (res.best >= 0)
                st->fp++;
            if (show("cross"))
                printf("  FN %-30s want %-20s %.3f got %s %.3f\n", q.text, ix.s[want[i]].text,
                       ws, res.top >= 0 ? ix.s[res.top].text : "-", res.best_score);
        }
    }
    st->secs = now() - t0;
    free(want);
    index_free(&ix);
    table_free(&t);
}

/* Company and vessel pairs with is_match labels: name2 stored, name1 queried;
 * a pair is predicted a match when name2 is a candidate of name1 and
 * scores at or above the threshold. */
static void
eval_cascade(void)
{
    table t;
    index_t ix;
    size_t i;
    long *sid;
    stats *st = &all_stats[nstats++];
    double t0;

    memset(st, 0, sizeof *st);
    st->set = "company/vessel pairs";
    st->positives = 1;
    if (read_csv(&t, "watchman-cascade-name-pairs.csv") != 0)
        exit(1);
    index_init(&ix);
    background(&ix);
    sid = xcalloc(t.n, sizeof *sid);
    for (i = 1; i < t.n; i++) {
        const row *r = &t.r[i];
        sanctum__name_kind k = strcmp(fld(r, 1), "Vessel") == 0 ? SANCTUM__NAME_VESSEL
                                                                : SANCTUM__NAME_COMPANY;

        sid[i] = index_add(&ix, fld(r, 3), k, 0, NULL, (int)i);
    }
    t0 = now();
    for (i = 1; i < t.n; i++) {
        const row *r = &t.r[i];
        int label = strcmp(fld(r, 4), "true") == 0;
        query q;
        result res;
        double ws = -1;
        int pred;

        q.text = fld(r, 2);
        q.kind = strcmp(fld(r, 1), "Vessel") == 0 ? SANCTUM__NAME_VESSEL : SANCTUM__NAME_COMPANY;
        q.year = 0;
        q.country[0] = '\0';
        run_query(&ix, &q, 0, &res, sid[i], &ws);
        st->queries++;
        st->cand += res.ncand;
        st->nocand += label && ws < 0;
        pred = sid[i] >= 0 && ws >= threshold;
        if (pred && label)
            st->tp++;
        else if (pred && !label)
            st->fp++;
        else if (!pred && label)
            st->fn++;
        else
            st->tn++;
        if (show("cascade") && pred != label)
            printf("  %s %-50s | %-50s %.3f [%s]\n", pred ? "FP" : "FN", fld(r, 2), fld(r, 3),
                   ws, fld(r, 6));
    }
    st->secs = now() - t0;
    free(sid);
    index_free(&ix);
    table_free(&t);
}

int
main(int argc, char **argv)
{
    int i, check = 0, no_ctx_only = 0, rc = 0;
    const char *env = getenv("SANCTUM_SHARED_DATA");

    if (env != NULL && env[0] != '\0')
        data_dir = env;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data_dir = argv[++i];
        } else if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc) {
            threshold = atof(argv[++i]);
        } else if (strcmp(argv[i], "--fails") == 0 && i + 1 < argc) {
            fails_set = argv[++i];
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            limit = (size_t)atol(argv[++i]);
        } else if (strcmp(argv[i], "--check") == 0) {
            check = 1;
        } else if (strcmp(argv[i], "--explain") == 0 && i + 1 < argc) {
            explain_query = argv[++i];
        } else if (strcmp(argv[i], "--no-context") == 0) {
            no_ctx_only = 1;
        } else {
            fprintf(stderr,
                    "usage: match_eval [--data DIR] [--threshold T] [--check] [--limit N]\n"
                    "                  [--fails SET|all] [--no-context] [--explain NAME]\n");
            return 2;
        }
    }
    if (sanctum__normalizer_new(&norm) != 0 || sanctum__candset_new(&cands) != 0) {
        fprintf(stderr, "match_eval: %s\n", sanctum_last_error());
        return 1;
    }
    countries_init();
    printf("threshold %.3f, data %s\n", threshold, data_dir);
    if (explain_query != NULL) {
        /* Score one query against the UN set (and Putin) and explain. */
        table un;
        index_t ix;
        query q;
        result res;
        size_t k;
        static sanctum__name qn;
        char buf[1024];

        if (read_csv(&un, "yente-positives_un_untreated.csv") != 0)
            return 1;
        index_init(&ix);
        background(&ix);
        for (k = 1; k < un.n; k++)
            index_add(&ix, fld(&un.r[k], 0), SANCTUM__NAME_PERSON, 0, NULL, (int)k);
        index_add(&ix, "Vladimir Vladimirovich PUTIN", SANCTUM__NAME_PERSON, 0, NULL, -1);
        if (sanctum__normalize_name(norm, &qn, explain_query, strlen(explain_query),
                                    SANCTUM__NAME_PERSON) == 0) {
            sanctum__name_join(buf, sizeof buf, &qn);
            printf("query tokens: %s\n", buf);
        }
        q.text = explain_query;
        q.kind = SANCTUM__NAME_PERSON;
        q.year = 0;
        q.country[0] = '\0';
        run_query(&ix, &q, 0, &res, -1, NULL);
        printf("%zu candidates; best %s %.3f\n", res.ncand,
               res.top >= 0 ? ix.s[res.top].text : "-", res.best_score);
        index_free(&ix);
        table_free(&un);
        sanctum__candset_free(cands);
        sanctum__normalizer_free(norm);
        hmap_free(&countries);
        return 0;
    }

    if (!no_ctx_only)
        eval_un(1, 1);
    eval_un(0, 1);
    eval_cross_script();
    eval_putin();
    eval_cascade();
    print_table();

    if (check) {
        /* The targets of the issue; exit 1 if one is missed. */
        size_t k;

        for (k = 0; k < nstats; k++) {
            const stats *s = &all_stats[k];
            double rec = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0;
            double prec = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1;
            double fpr = s->fp + s->tn ? (double)s->fp / (double)(s->fp + s->tn) : 0;
            double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
            int ok = 1;

            if (strncmp(s->set, "un treated", 10) == 0)
                ok = rec >= 0.97;
            else if (strncmp(s->set, "negatives", 9) == 0)
                ok = fpr <= 0.005;
            else if (strcmp(s->set, "cross-script pairs") == 0)
                ok = rec >= 0.90;
            else if (strcmp(s->set, "putin spellings") == 0)
                ok = rec >= 1.0;
            else if (strcmp(s->set, "company/vessel pairs") == 0)
                ok = f1 >= 0.90;
            if (!ok) {
                printf("TARGET MISSED: %s\n", s->set);
                rc = 1;
            }
        }
    }
    sanctum__candset_free(cands);
    sanctum__normalizer_free(norm);
    hmap_free(&countries);
    return rc;
}

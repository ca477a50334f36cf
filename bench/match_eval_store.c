/* SPDX-License-Identifier: Apache-2.0 */
/* match_eval_store.c - the labelled sets of match_eval, through a real store and sanctum_screen(). */

/*
 * bench/match_eval measures matching on plaintext in memory; this program
 * puts the same stored names into an encrypted store (blind indexes, sealed
 * names, everything) and screens the same queries with sanctum_screen(),
 * so that its figures come from the path users run. One store holds every
 * set's stored names plus the OFAC SDN names and aliases as background
 * (as match_eval uses them for word frequencies; here they are entities,
 * whose matches are ignored). Prints precision, recall, false-positive
 * rate and F1 per set.
 *
 * Usage: match_eval_store [--threshold T] [--limit N] [--dir DIR] [--fails] [--keep]
 *   --keep  leave the store (user admin, passphrase in PASS below) for sanctum-lookup
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <sanctum/sanctum.h>
#include <sanctum/screen.h>

#include "schema.h"

#ifndef SANCTUM_SHARED_DATA
#define SANCTUM_SHARED_DATA "../shared/data"
#endif

#define PASS "match-eval-store-pass"
#define CHUNK 2000

static const char *data_dir = SANCTUM_SHARED_DATA;
static double threshold = 0.0;  /* 0: the library's default */
static size_t limit = (size_t)-1;
static int show_fails, keep;
static sanctum_session *S;

static void *
xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);

    if (p == NULL) {
        fprintf(stderr, "match_eval_store: out of memory\n");
        exit(1);
    }
    return p;
}

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ CSV */

typedef struct table {
    char ***r;     /* rows of fields */
    size_t *nf;    /* fields per row */
    size_t n, cap;
    char **cur;
    size_t ncur;
} table;

static void
on_field(void *s, size_t len, void *data)
{
    table *t = data;
    char *v = xcalloc(1, len + 1);

    memcpy(v, s, len);
    t->cur = realloc(t->cur, (t->ncur + 1) * sizeof *t->cur);
    if (t->cur == NULL)
        exit(1);
    t->cur[t->ncur++] = v;
}

static void
on_row(int c, void *data)
{
    table *t = data;

    (void)c;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->r = realloc(t->r, t->cap * sizeof *t->r);
        t->nf = realloc(t->nf, t->cap * sizeof *t->nf);
        if (t->r == NULL || t->nf == NULL)
            exit(1);
    }
    t->r[t->n] = t->cur;
    t->nf[t->n++] = t->ncur;
    t->cur = NULL;
    t->ncur = 0;
}

static void
read_csv(table *t, const char *file)
{
    char path[4096], buf[65536];
    struct csv_parser p;
    FILE *fp;
    size_t n;

    memset(t, 0, sizeof *t);
    snprintf(path, sizeof path, "%s/%s", data_dir, file);
    if ((fp = fopen(path, "rb")) == NULL || csv_init(&p, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "match_eval_store: cannot read %s\n", path);
        exit(1);
    }
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        csv_parse(&p, buf, n, on_field, on_row, t);
    csv_fini(&p, on_field, on_row, t);
    csv_free(&p);
    fclose(fp);
}

static const char *
fld(const table *t, size_t row, size_t i)
{
    return i < t->nf[row] ? t->r[row][i] : "";
}

/* ------------------------------------------------------------ countries */

static char (*cnames)[64], (*ccodes)[3];
static size_t ncountries;

static void
country_add(const char *name, const char *code)
{
    cnames = realloc(cnames, (ncountries + 1) * sizeof *cnames);
    ccodes = realloc(ccodes, (ncountries + 1) * sizeof *ccodes);
    if (cnames == NULL || ccodes == NULL)
        exit(1);
    snprintf(cnames[ncountries], sizeof cnames[0], "%s", name);
    for (char *c = cnames[ncountries]; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    ccodes[ncountries][0] = (char)tolower((unsigned char)code[0]);
    ccodes[ncountries][1] = (char)tolower((unsigned char)code[1]);
    ccodes[ncountries++][2] = '\0';
}

static void
countries_init(void)
{
    static const char *const extra[][2] = {
        { "russia", "ru" }, { "iran", "ir" }, { "syria", "sy" }, { "vietnam", "vn" },
        { "south korea", "kr" }, { "north korea", "kp" }, { "laos", "la" }, { "usa", "us" },
        { "united states", "us" }, { "united kingdom", "gb" }, { "turkey", "tr" },
        { "czech republic", "cz" }, { "ivory coast", "ci" }, { "burma", "mm" },
        { "palestine", "ps" }, { "dr congo", "cd" }, { "congo", "cg" }, { "macedonia", "mk" },
    };

    for (const char *const *iso = uloc_getISOCountries(); iso && *iso; iso++) {
        char loc[16], name[256];
        UChar dn[128];
        UErrorCode st = U_ZERO_ERROR;
        int32_t l;

        snprintf(loc, sizeof loc, "und_%s", *iso);
        l = uloc_getDisplayCountry(loc, "en", dn, 128, &st);
        if (U_FAILURE(st) || l <= 0)
            continue;
        u_strToUTF8(name, sizeof name, NULL, dn, l, &st);
        if (U_SUCCESS(st))
            country_add(name, *iso);
    }
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        country_add(extra[i][0], extra[i][1]);
}

/* An ISO code from a code or an English country name, or NULL. */
static const char *
country(const char *s)
{
    char k[64];

    if (strlen(s) == 2)
        return s;
    snprintf(k, sizeof k, "%s", s);
    for (char *c = k; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    for (size_t i = 0; i < ncountries; i++)
        if (strcmp(cnames[i], k) == 0)
            return ccodes[i];
    return NULL;
}

/* YYYY or YYYY-MM-DD from a date field, or NULL. */
static const char *
birth(const char *s, char out[16])
{
    size_t n = strlen(s);

    if (n != 4 && n != 7 && n != 10)
        return NULL;
    if (!sanctum__date_valid(s, n)) {
        /* keep the year of a malformed date such as 1958-00-00 */
        for (size_t i = 0; i < 4; i++)
            if (!isdigit((unsigned char)s[i]))
                return NULL;
        n = 4;
        if (!sanctum__date_valid(s, n))
            return NULL;
    }
    snprintf(out, 16, "%.*s", (int)n, s);
    return out;
}

/* ------------------------------------------------------------ the store */

/* Entities waiting for a batch, and the ids they receive. */
static sanctum_entity *pending[500];
static char **pending_out[500];
static size_t npending;

static void
flush(void)
{
    if (npending == 0)
        return;
    if (sanctum_entity_create_batch(S, pending, npending, "match eval load") != 0) {
        fprintf(stderr, "match_eval_store: create: %s\n", sanctum_last_error());
        exit(1);
    }
    for (size_t i = 0; i < npending; i++) {
        if (pending_out[i] != NULL)
            *pending_out[i] = strdup(sanctum_entity_id(pending[i]));
        sanctum_entity_free(pending[i]);
    }
    npending = 0;
}

/* Queue an entity of `schema` named `name` (aliases: NUL-separated list
 * ending with an empty string, or NULL); its id goes to *out after flush(). */
static void
add(const char *schema, const char *name, const char *aliases, const char *bdate,
    const char *nat, char **out)
{
    sanctum_entity *e;

    if (sanctum_entity_new(&e, schema) != 0 || sanctum_entity_add(e, "name", name, 0) != 0) {
        sanctum_entity_free(e);
        return;
    }
    for (const char *a = aliases; a != NULL && *a; a += strlen(a) + 1)
        sanctum_entity_add(e, "alias", a, 0);
    if (bdate != NULL)
        sanctum_entity_add(e, "birthDate", bdate, 0);
    if (nat != NULL)
        sanctum_entity_add(e, "nationality", nat, 0);
    pending[npending] = e;
    pending_out[npending++] = out;
    if (npending == 500)
        flush();
}

/* The OFAC SDN names and aliases, as entities whose matches are ignored. */
static void
background(void)
{
    table sdn, alt;
    size_t j = 0;

    read_csv(&sdn, "ofac-sdn.csv");
    read_csv(&alt, "ofac-alt.csv");
    for (size_t i = 0; i < sdn.n; i++) {
        const char *ty = fld(&sdn, i, 2), *name = fld(&sdn, i, 1), *ent = fld(&sdn, i, 0);
        const char *schema = strcmp(ty, "individual") == 0 ? "Person"
                           : strcmp(ty, "vessel") == 0     ? "Vessel"
                           : strcmp(ty, "aircraft") == 0   ? "Airplane"
                                                           : "Organization";
        char aliases[8192];
        size_t o = 0;

        if (name[0] == '\0' || strcmp(name, "-0-") == 0)
            continue;
        while (j < alt.n && atol(fld(&alt, j, 0)) < atol(ent))
            j++;
        for (size_t k = j; k < alt.n && strcmp(fld(&alt, k, 0), ent) == 0; k++) {
            const char *a = fld(&alt, k, 3);
            size_t l = strlen(a);
            if (l == 0 || strcmp(a, "-0-") == 0 || o + l + 2 >= sizeof aliases)
                continue;
            memcpy(aliases + o, a, l + 1);
            o += l + 1;
        }
        aliases[o] = '\0';
        add(schema, name, aliases, NULL, NULL, NULL);
    }
}

/* ------------------------------------------------------------ screening */

typedef struct stats {
    const char *set;
    size_t queries, tp, fp, fn, tn;
    double secs;
    int positives;
} stats;

static stats all[16];
static size_t nstats;

/* Screen queries q[0..n) (in chunks); out[i] receives the result of chunk
 * containing i and the index within it. */
typedef struct qres {
    sanctum_screen_result *r;
    size_t at;
} qres;

static sanctum_screen_result **chunks;
static size_t nchunks;

static void
screen_all(const sanctum_screen_query *q, size_t n, qres *out, double *secs)
{
    sanctum_screen_options o = SANCTUM_SCREEN_OPTIONS_INIT;
    double t0 = now();

    o.threshold = threshold;
    o.limit = 50;
    o.threads = 2;
    for (size_t i = 0; i < n; i += CHUNK) {
        size_t k = n - i < CHUNK ? n - i : CHUNK;
        sanctum_screen_result *r = NULL;
        if (sanctum_screen(&r, S, q + i, k, &o, "match eval") != 0) {
            fprintf(stderr, "match_eval_store: screen: %s\n", sanctum_last_error());
            exit(1);
        }
        chunks = realloc(chunks, (nchunks + 1) * sizeof *chunks);
        chunks[nchunks++] = r;
        for (size_t j = 0; j < k; j++) {
            out[i + j].r = r;
            out[i + j].at = j;
        }
    }
    *secs = now() - t0;
}

/* The best match of a query among entities of set `ids` (n), or NULL. */
static const char *
best_in(const qres *x, char **ids, size_t n)
{
    for (size_t i = 0; i < sanctum_screen_match_count(x->r, x->at); i++) {
        const char *id = sanctum_screen_match_at(x->r, x->at, i)->id;
        for (size_t k = 0; k < n; k++)
            if (ids[k] != NULL && strcmp(ids[k], id) == 0)
                return id;
    }
    return NULL;
}

/* With --fails: what a missed query found instead. */
static void
print_top(const qres *x)
{
    if (sanctum_screen_unscored(x->r, x->at) > 0)
        printf("    unscored: %zu tied candidates\n", sanctum_screen_unscored(x->r, x->at));
    for (size_t i = 0; i < sanctum_screen_match_count(x->r, x->at) && i < 3; i++) {
        const sanctum_screen_match *m = sanctum_screen_match_at(x->r, x->at, i);
        printf("    got %s %.3f %s [%s]\n", m->id, m->score, m->caption, m->matched_name);
    }
}

static stats *
new_stats(const char *set, int positives)
{
    stats *st = &all[nstats++];

    memset(st, 0, sizeof *st);
    st->set = set;
    st->positives = positives;
    return st;
}

int
main(int argc, char **argv)
{
    sanctum_store_options so = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    table un, tr, ng, nu, cs, cp;
    char dir[2048], store[2100], **un_ids, *putin = NULL, **cs_ids, **cp_ids;
    size_t *cs_same;
    const char *base = "/tmp";
    int *group;
    FILE *fp;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc)
            threshold = atof(argv[++i]);
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
            limit = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            base = argv[++i];
        else if (strcmp(argv[i], "--fails") == 0)
            show_fails = 1;
        else if (strcmp(argv[i], "--keep") == 0)
            keep = 1;
        else {
            fprintf(stderr, "usage: match_eval_store [--threshold T] [--limit N] [--dir DIR] "
                            "[--fails] [--keep]\n");
            return 2;
        }
    }
    if (getenv("SANCTUM_SHARED_DATA") != NULL && getenv("SANCTUM_SHARED_DATA")[0])
        data_dir = getenv("SANCTUM_SHARED_DATA");
    countries_init();
    snprintf(dir, sizeof dir, "%s/match-eval-store-XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(store, sizeof store, "%s/store", dir);
    so.kdf = SANCTUM_KDF_INTERACTIVE;
    so.map_size = (size_t)4 << 30;
    if (sanctum_store_create(&st, store, "admin", (const unsigned char *)PASS, strlen(PASS),
                             &so) != 0 ||
        sanctum_session_open(&S, st, "admin", (const unsigned char *)PASS, strlen(PASS)) != 0) {
        fprintf(stderr, "match_eval_store: %s\n", sanctum_last_error());
        return 1;
    }

    /* the stored names of every set, and the background */
    read_csv(&un, "yente-positives_un_untreated.csv");
    read_csv(&tr, "yente-positives_un_treated.csv");
    read_csv(&ng, "yente-negatives_global.csv");
    read_csv(&nu, "yente-negatives_us.csv");
    read_csv(&cs, "watchman-cross_script_pairs.csv");
    read_csv(&cp, "watchman-cascade-name-pairs.csv");
    background();
    un_ids = xcalloc(un.n, sizeof *un_ids);
    group = xcalloc(un.n, sizeof *group);
    for (size_t i = 1; i < un.n; i++) {
        char b[16];
        group[i] = (int)i;
        for (size_t j = 1; j < i; j++) /* identical listed names: one entity */
            if (strcmp(fld(&un, j, 0), fld(&un, i, 0)) == 0)
                group[i] = (int)j;
        add("Person", fld(&un, i, 0), NULL, birth(fld(&un, i, 5), b), country(fld(&un, i, 7)),
            &un_ids[i]);
    }
    add("Person", "Vladimir Vladimirovich PUTIN", NULL, NULL, NULL, &putin);
    /* a name expected by several pairs (Kim Jong Un in Han and in Hangul)
     * is one person, stored once */
    cs_ids = xcalloc(cs.n, sizeof *cs_ids);
    cs_same = xcalloc(cs.n, sizeof *cs_same);
    for (size_t i = 0; i < cs.n; i++) {
        cs_same[i] = i;
        if (cs.nf[i] < 2 || fld(&cs, i, 0)[0] == '#' || strcmp(fld(&cs, i, 0), "Query") == 0)
            continue;
        for (size_t j = 0; j < i && cs_same[i] == i; j++)
            if (cs.nf[j] >= 2 && strcmp(fld(&cs, j, 1), fld(&cs, i, 1)) == 0)
                cs_same[i] = cs_same[j];
        if (cs_same[i] == i)
            add("Person", fld(&cs, i, 1), NULL, NULL, NULL, &cs_ids[i]);
    }
    cp_ids = xcalloc(cp.n, sizeof *cp_ids);
    for (size_t i = 1; i < cp.n; i++)
        add(strcmp(fld(&cp, i, 1), "Vessel") == 0 ? "Vessel" : "Company", fld(&cp, i, 3), NULL,
            NULL, NULL, &cp_ids[i]);
    flush();
    for (size_t i = 0; i < cs.n; i++)
        if (cs_same[i] != i)
            cs_ids[i] = cs_ids[cs_same[i]];

    /* UN treated names, with and without birth date and nationality */
    for (int ctx = 1; ctx >= 0; ctx--) {
        stats *s = new_stats(ctx ? "un treated (dob,nat)" : "un treated (name)", 1);
        size_t n = 0;
        sanctum_screen_query *q = xcalloc(tr.n, sizeof *q);
        qres *res = xcalloc(tr.n, sizeof *res);
        size_t *line = xcalloc(tr.n, sizeof *line);
        char (*bd)[16] = xcalloc(tr.n, sizeof *bd);

        for (size_t i = 1; i < tr.n && i < un.n && n < limit; i++) {
            q[n] = (sanctum_screen_query){ fld(&tr, i, 0), "Person",
                                           ctx ? birth(fld(&tr, i, 5), bd[i]) : NULL,
                                           ctx ? country(fld(&tr, i, 7)) : NULL };
            line[n++] = i;
        }
        screen_all(q, n, res, &s->secs);
        for (size_t k = 0; k < n; k++) {
            const char *got = best_in(&res[k], un_ids, un.n);
            size_t want = line[k];
            int ok = 0;
            s->queries++;
            for (size_t j = 1; got != NULL && j < un.n && !ok; j++)
                ok = un_ids[j] != NULL && strcmp(un_ids[j], got) == 0 &&
                     group[j] == group[want];
            if (ok) {
                s->tp++;
            } else {
                s->fn++;
                s->fp += got != NULL;
            }
        }
        free(q);
        free(res);
        free(line);
        free(bd);
    }
    /* negatives: any UN match is a false positive */
    for (int set = 0; set < 2; set++) {
        const table *t = set ? &nu : &ng;
        stats *s = new_stats(set ? "negatives us (dob,nat)" : "negatives global (dob,nat)", 0);
        size_t n = 0;
        sanctum_screen_query *q = xcalloc(t->n, sizeof *q);
        qres *res = xcalloc(t->n, sizeof *res);
        char (*bd)[16] = xcalloc(t->n, sizeof *bd);

        for (size_t i = 1; i < t->n && n < limit; i++)
            q[n++] = (sanctum_screen_query){ fld(t, i, 0), "Person", birth(fld(t, i, 5), bd[i]),
                                             country(fld(t, i, 7)) };
        screen_all(q, n, res, &s->secs);
        for (size_t k = 0; k < n; k++) {
            s->queries++;
            if (best_in(&res[k], un_ids, un.n) != NULL)
                s->fp++;
            else
                s->tn++;
        }
        free(q);
        free(res);
        free(bd);
    }
    /* cross-script pairs */
    {
        stats *s = new_stats("cross-script pairs", 1);
        sanctum_screen_query *q = xcalloc(cs.n, sizeof *q);
        qres *res = xcalloc(cs.n, sizeof *res);
        size_t *row = xcalloc(cs.n, sizeof *row), n = 0;

        for (size_t i = 0; i < cs.n; i++)
            if (cs_ids[i] != NULL) {
                q[n] = (sanctum_screen_query){ fld(&cs, i, 0), "Person", NULL, NULL };
                row[n++] = i;
            }
        screen_all(q, n, res, &s->secs);
        for (size_t k = 0; k < n; k++) {
            const char *got = best_in(&res[k], cs_ids, cs.n);
            s->queries++;
            if (got != NULL && strcmp(got, cs_ids[row[k]]) == 0) {
                s->tp++;
            } else {
                s->fn++;
                s->fp += got != NULL;
                if (show_fails) {
                    printf("  cross-script miss: %s (want %s)\n", fld(&cs, row[k], 0),
                           fld(&cs, row[k], 1));
                    print_top(&res[k]);
                }
            }
        }
        free(q);
        free(res);
        free(row);
    }
    /* the Putin spellings: the canonical one stored among the UN names */
    {
        stats *s = new_stats("putin spellings", 1);
        char path[4096], line[1024], (*names)[1024] = xcalloc(200, sizeof *names);
        sanctum_screen_query q[200];
        qres res[200];
        char **want = xcalloc(un.n + 1, sizeof *want);
        size_t n = 0;

        memcpy(want, un_ids, un.n * sizeof *want);
        want[un.n] = putin;
        snprintf(path, sizeof path, "%s/nomenklatura-putin_names.txt", data_dir);
        if ((fp = fopen(path, "r")) == NULL)
            return 1;
        while (n < 200 && fgets(line, sizeof line, fp) != NULL) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] == '\0')
                continue;
            snprintf(names[n], sizeof names[0], "%s", line);
            q[n] = (sanctum_screen_query){ names[n], "Person", NULL, NULL };
            n++;
        }
        fclose(fp);
        screen_all(q, n, res, &s->secs);
        for (size_t k = 0; k < n; k++) {
            const char *got = best_in(&res[k], want, un.n + 1);
            s->queries++;
            if (got != NULL && strcmp(got, putin) == 0) {
                s->tp++;
            } else {
                s->fn++;
                s->fp += got != NULL;
                if (show_fails) {
                    printf("  putin miss: %s\n", names[k]);
                    print_top(&res[k]);
                }
            }
        }
        free(names);
        free(want);
    }
    /* company and vessel pairs: name2 stored; a pair matches when name2
     * is among name1's matches */
    {
        stats *s = new_stats("company/vessel pairs", 1);
        sanctum_screen_query *q = xcalloc(cp.n, sizeof *q);
        qres *res = xcalloc(cp.n, sizeof *res);
        size_t n = 0;

        for (size_t i = 1; i < cp.n; i++)
            q[n++] = (sanctum_screen_query){ fld(&cp, i, 2), fld(&cp, i, 1), NULL, NULL };
        screen_all(q, n, res, &s->secs);
        for (size_t k = 0; k < n; k++) {
            size_t i = k + 1;
            int label = strcmp(fld(&cp, i, 4), "true") == 0, pred = 0;
            for (size_t m = 0; m < sanctum_screen_match_count(res[k].r, res[k].at); m++)
                pred |= cp_ids[i] != NULL &&
                        strcmp(sanctum_screen_match_at(res[k].r, res[k].at, m)->id,
                               cp_ids[i]) == 0;
            s->queries++;
            s->tp += pred && label;
            s->fp += pred && !label;
            s->fn += !pred && label;
            s->tn += !pred && !label;
        }
        free(q);
        free(res);
    }

    printf("through the store (sanctum_screen, threshold %.3f)\n\n",
           threshold > 0 ? threshold : sanctum_screen_default_threshold());
    printf("%-30s %8s %6s %6s %6s %9s %7s %7s %6s %8s\n", "set", "queries", "TP", "FP", "FN",
           "precision", "recall", "FPR", "F1", "q/s");
    for (size_t i = 0; i < nstats; i++) {
        const stats *s = &all[i];
        double p = s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 1.0;
        double r = s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0.0;
        double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        char ps[16] = "-", rs[16] = "-", fs[16] = "-", f1s[16] = "-";
        if (s->positives) {
            snprintf(ps, sizeof ps, "%.4f", p);
            snprintf(rs, sizeof rs, "%.4f", r);
            snprintf(f1s, sizeof f1s, "%.4f", f1);
        }
        if (s->tn + s->fp > 0 && (!s->positives || s->tn > 0))
            snprintf(fs, sizeof fs, "%.4f", (double)s->fp / (double)(s->fp + s->tn));
        printf("%-30s %8zu %6zu %6zu %6zu %9s %7s %7s %6s %8.0f\n", s->set, s->queries, s->tp,
               s->fp, s->fn, ps, rs, fs, f1s, (double)s->queries / s->secs);
    }
    for (size_t i = 0; i < nchunks; i++)
        sanctum_screen_result_free(chunks[i]);
    sanctum_session_close(S);
    sanctum_store_close(st);
    if (keep) {
        printf("kept the store in %s\n", store);
    } else {
        char cmd[2200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "match_eval_store: could not remove %s\n", dir);
    }
    return 0;
}

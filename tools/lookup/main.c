/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-lookup: screen names against the store, ranked matches, grep-like exit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sanctum/sanctum.h>
#include <sanctum/screen.h>

#include "args.h"
#include "diag.h"
#include "json.h"
#include "open.h"
#include "wipebuf.h"

/*
 * Exit status, like grep(1): 0 when some query matched at or above the
 * threshold, 1 when none did, 2 on any error (bad option or input, no
 * store, refused passphrase, ...). The shared table of docs/exit-codes.md
 * does not apply: scripts screening names want grep's convention.
 */
enum { LOOKUP_MATCH = 0, LOOKUP_NONE = 1, LOOKUP_ERROR = 2 };

#define FILE_MAX ((size_t)256 << 20) /* largest --file accepted */

enum {
    OPT_FILE = 1, OPT_JSON, OPT_THRESHOLD, OPT_LIMIT, OPT_SCHEMA, OPT_BIRTH, OPT_NAT,
    OPT_EXPLAIN, OPT_THREADS
};

static const tool_opt lookup_opts[] = {
    { "file", 1, OPT_FILE },
    { "json", 0, OPT_JSON },
    { "threshold", 1, OPT_THRESHOLD },
    { "limit", 1, OPT_LIMIT },
    { "schema", 1, OPT_SCHEMA },
    { "birth-date", 1, OPT_BIRTH },
    { "nationality", 1, OPT_NAT },
    { "explain", 0, OPT_EXPLAIN },
    { "threads", 1, OPT_THREADS },
    { NULL, 0, 0 }
};

typedef struct lookup_args {
    const char *file;
    int json, explain;
    sanctum_screen_options opts;
    const char *schema, *birth, *nat;
} lookup_args;

/* The queries and where each came from (line of --file, or argument). */
typedef struct qlist {
    sanctum_screen_query *q;
    size_t *where;
    size_t n, cap;
    char *buf;     /* the file's bytes (names point into it); wiped when done */
    size_t buf_len;
} qlist;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    lookup_args *a = state;
    uint64_t n;
    char *end;

    switch (key) {
    case OPT_FILE:
        a->file = value;
        break;
    case OPT_JSON:
        a->json = 1;
        break;
    case OPT_EXPLAIN:
        a->explain = 1;
        break;
    case OPT_THRESHOLD:
        errno = 0;
        a->opts.threshold = strtod(value, &end);
        if (errno != 0 || end == value || *end != '\0' || !(a->opts.threshold > 0.0) ||
            a->opts.threshold > 1.0)
            return tool_usage_error(ctx, "--threshold: a number above 0 and at most 1");
        break;
    case OPT_LIMIT:
        if (tool_parse_u64(value, &n) != 0 || n == 0 || n > 1000)
            return tool_usage_error(ctx, "--limit: a whole number from 1 to 1000");
        a->opts.limit = (size_t)n;
        break;
    case OPT_THREADS:
        if (tool_parse_u64(value, &n) != 0 || n == 0 || n > 64)
            return tool_usage_error(ctx, "--threads: a whole number from 1 to 64");
        a->opts.threads = (unsigned int)n;
        break;
    case OPT_SCHEMA:
        a->schema = value;
        break;
    case OPT_BIRTH:
        a->birth = value;
        break;
    default:
        a->nat = value;
        break;
    }
    return TOOL_CONTINUE;
}

static int
qlist_push(qlist *l, const char *name, const char *schema, const char *birth, const char *nat,
           size_t where)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? 2 * l->cap : 64;
        void *a = realloc(l->q, ncap * sizeof *l->q), *b;
        if (a == NULL)
            return -1;
        l->q = a;
        if ((b = realloc(l->where, ncap * sizeof *l->where)) == NULL)
            return -1;
        l->where = b;
        l->cap = ncap;
    }
    l->q[l->n] = (sanctum_screen_query){ name, schema, birth, nat };
    l->where[l->n++] = where;
    return 0;
}

/* Read all of `path` ("-": standard input) into l->buf, NUL-terminated. */
static int
read_all(qlist *l, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 0;
    int rc = 0;

    if (f == NULL) {
        tool_error("%s: %s", path, strerror(errno));
        return LOOKUP_ERROR;
    }
    for (;;) {
        size_t got;
        if (l->buf_len + 65536 + 1 > cap) {
            /* names: grown by copy and wipe, never realloc'd */
            if (l->buf_len + 65536 + 1 > FILE_MAX + 65536 + 1 ||
                tool_grow(&l->buf, &cap, l->buf_len + 65536 + 1) != 0) {
                tool_error("%s: larger than %zu MiB", path, FILE_MAX >> 20);
                rc = LOOKUP_ERROR;
                break;
            }
        }
        got = fread(l->buf + l->buf_len, 1, 65536, f);
        l->buf_len += got;
        if (got < 65536) {
            if (ferror(f)) {
                tool_error("%s: read error", path);
                rc = LOOKUP_ERROR;
            }
            break;
        }
    }
    if (rc == 0)
        l->buf[l->buf_len] = '\0';
    if (f != stdin)
        fclose(f);
    return rc;
}

static char *
trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

/* Split one CSV line in place into at most `max` fields: commas separate,
 * a field may be "quoted" with "" for a quote. Returns the number of
 * fields, or -1 (unterminated quote, text after a closing quote). */
static int
csv_split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;

    for (;;) {
        char *out, *start;
        while (*p == ' ' || *p == '\t')
            p++;
        if (n == max)
            return max + 1;
        if (*p == '"') {
            start = out = ++p;
            for (;;) {
                if (*p == '\0')
                    return -1;
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p != ',' && *p != '\0')
                return -1;
            fields[n++] = start;
            *out = '\0';   /* out < p: the closing quote is behind us */
            if (*p == '\0')
                break;      /* not return: the last field is trimmed too */
            p++;
        } else {
            start = p;
            while (*p != ',' && *p != '\0') {
                if (*p == '"')
                    return -1;
                p++;
            }
            fields[n++] = start;
            if (*p == '\0')
                break;
            *p++ = '\0';
        }
    }
    for (int i = 0; i < n; i++)
        fields[i] = trim(fields[i]);
    return n;
}

/* Columns of the CSV form of --file. */
enum { COL_NAME = 1, COL_BIRTH, COL_NAT, COL_SCHEMA };
#define COLS_MAX 4
#define COLS_ACCEPTED "name, birthDate, nationality and schema"

/* The column a header field names (in any case), or 0. */
static int
column_of(const char *f)
{
    if (strcasecmp(f, "name") == 0)
        return COL_NAME;
    if (strcasecmp(f, "birthdate") == 0 || strcasecmp(f, "birth_date") == 0)
        return COL_BIRTH;
    if (strcasecmp(f, "nationality") == 0)
        return COL_NAT;
    if (strcasecmp(f, "schema") == 0)
        return COL_SCHEMA;
    return 0;
}

/* Check the `n` split fields of a header line (trimmed here) and fill
 * cols. 0, or -1 with the first problem in why[cap], which names columns
 * by number only: the line may be a name after all. */
static int
check_header(char **f, int n, int cols[COLS_MAX + 1], char *why, size_t cap)
{
    static const char *const col_names[] = { "", "name", "birthDate", "nationality",
                                             "schema" };
    int have_name = 0;

    for (int i = 0; i < n; i++) {
        int col;

        f[i] = trim(f[i]);
        if (*f[i] == '\0') {
            snprintf(why, cap, "column %d is empty (a stray comma?)", i + 1);
            return -1;
        }
        if ((col = column_of(f[i])) == 0) {
            snprintf(why, cap, "column %d is unknown", i + 1);
            return -1;
        }
        for (int k = 0; k < i; k++) {
            if (cols[k] == col) {
                snprintf(why, cap, "column %d repeats column %d (%s)", i + 1, k + 1,
                         col_names[col]);
                return -1;
            }
        }
        cols[i] = col;
        have_name |= col == COL_NAME;
    }
    if (!have_name) {
        snprintf(why, cap, "no name column");
        return -1;
    }
    return 0;
}

/* Does the line read as an attempt at a header: a comma, and a
 * comma-separated piece (spaces and quotes aside) that is "name"? */
static int
looks_like_header(const char *line)
{
    const char *p = line;

    if (strchr(line, ',') == NULL)
        return 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        const char *s = p, *e = p + len;

        while (s < e && (*s == ' ' || *s == '\t' || *s == '"'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"'))
            e--;
        if (e - s == 4 && strncasecmp(s, "name", 4) == 0)
            return 1;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

/*
 * Is the first line of --file (line `lineno`) a CSV header? 1 with its
 * columns in cols[0 .. *ncols), 0 if it is a plain name, or -1 after a
 * diagnostic when it looks like a header but is not a valid one: read
 * as a name, the header and every row (a whole "name,date,country" line)
 * would be screened as names and miss, silently.
 */
static int
csv_header(const char *file, size_t lineno, const char *line, int cols[COLS_MAX],
           int *ncols)
{
    char *copy = strdup(line), *f[COLS_MAX + 1], why[160] = "";
    int n, rc, c[COLS_MAX + 1];

    if (copy == NULL) {
        tool_error("out of memory");
        return -1;
    }
    /* COLS_MAX + 1 fields at most: a fifth is always unknown or repeated. */
    n = csv_split(copy, f, COLS_MAX + 1);
    if (n < 0)
        snprintf(why, sizeof why, "malformed CSV (a quote is not closed, or text follows "
                 "a closing quote)");
    else if (n > COLS_MAX + 1)
        n = COLS_MAX + 1;
    if (n >= 1 && check_header(f, n, c, why, sizeof why) == 0 && n <= COLS_MAX) {
        memcpy(cols, c, (size_t)n * sizeof *c);
        *ncols = n;
        rc = 1;
    } else if (!looks_like_header(line)) {
        rc = 0;
    } else {
        tool_error("%s:%zu: not a valid CSV header: %s; the columns are " COLS_ACCEPTED
                   " (in any order, each at most once, name required)", file, lineno, why);
        rc = -1;
    }
    sanctum_wipe(copy, strlen(line));
    free(copy);
    return rc;
}

/*
 * The queries of --file: one name per line, or, when the first line is a
 * header naming the columns (name, birthDate, nationality, schema), CSV.
 * Blank lines are skipped. A malformed line, or a first line that tries
 * to be a header and fails, stops everything (exit 2).
 */
static int
read_file(qlist *l, const lookup_args *a)
{
    int cols[COLS_MAX] = { 0 }, ncols = 0, csv = -1;
    char *p, *next;
    size_t lineno = 0;

    if (read_all(l, a->file) != 0)
        return LOOKUP_ERROR;
    if (l->buf_len != strlen(l->buf)) {
        tool_error("%s: holds a NUL byte", a->file);
        return LOOKUP_ERROR;
    }
    for (p = l->buf; p != NULL && *p != '\0'; p = next) {
        char *line, *f[COLS_MAX + 1];
        size_t len;
        int n;

        lineno++;
        next = strchr(p, '\n');
        if (next != NULL)
            *next++ = '\0';
        len = strlen(p);
        if (len > 0 && p[len - 1] == '\r')
            p[--len] = '\0';
        if (lineno == 1 && len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3; /* a byte order mark */
        line = trim(p);
        if (*line == '\0')
            continue;
        if (csv < 0) {
            if ((csv = csv_header(a->file, lineno, line, cols, &ncols)) < 0)
                return LOOKUP_ERROR;
            if (csv)
                continue;
        }
        if (!csv) {
            if (qlist_push(l, line, a->schema, a->birth, a->nat, lineno) != 0)
                goto oom;
            continue;
        }
        if ((n = csv_split(line, f, ncols)) != ncols) {
            if (n < 0)
                tool_error("%s:%zu: malformed CSV (a quote is not closed, or text follows "
                           "a closing quote)", a->file, lineno);
            else
                tool_error("%s:%zu: expected %d fields, found %s%d", a->file, lineno, ncols,
                           n > ncols ? "more than " : "", n > ncols ? ncols : n);
            return LOOKUP_ERROR;
        }
        {
            const char *name = NULL, *birth = NULL, *nat = NULL, *schema = a->schema;
            for (int i = 0; i < ncols; i++) {
                const char *v = *f[i] ? f[i] : NULL;
                if (cols[i] == COL_NAME)
                    name = f[i];
                else if (cols[i] == COL_BIRTH)
                    birth = v;
                else if (cols[i] == COL_NAT)
                    nat = v;
                else if (v != NULL)
                    schema = v;
            }
            if (qlist_push(l, name, schema, birth, nat, lineno) != 0)
                goto oom;
        }
    }
    if (l->n == 0) {
        tool_error("%s: no names to screen", a->file);
        return LOOKUP_ERROR;
    }
    return 0;
oom:
    tool_error("out of memory");
    return LOOKUP_ERROR;
}

/* A query number from the library's detail "query N: ...", or 0. */
static size_t
failed_query(const char *detail, const char **rest)
{
    unsigned long long n = 0;
    int used = 0;

    *rest = detail;
    if (sscanf(detail, "query %llu: %n", &n, &used) == 1 && used > 0) {
        *rest = detail + used;
        return (size_t)n;
    }
    return 0;
}

/* Report a failed screening; point at the line or argument when the
 * library names a query. The library never puts the name in its detail. */
static void
report_failure(int rc, const qlist *l, const lookup_args *a)
{
    const char *rest, *detail = sanctum_last_error();
    size_t q = rc == SANCTUM_EINVAL ? failed_query(detail, &rest) : 0;

    if (q >= 1 && q <= l->n) {
        if (a->file != NULL)
            tool_error("%s:%zu: %s", a->file, l->where[q - 1], rest);
        else
            tool_error("argument %zu: %s", l->where[q - 1], rest);
        return;
    }
    tool_fail(rc, "cannot screen the names");
}

/* Print text without control characters. */
static void
put_clean(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

static void
print_table(const sanctum_screen_result *r, const qlist *l, const lookup_args *a,
            double threshold)
{
    for (size_t q = 0; q < l->n; q++) {
        size_t n = sanctum_screen_match_count(r, q);

        printf("query %zu", q + 1);
        if (a->file != NULL)
            printf(" (line %zu)", l->where[q]);
        printf(": ");
        put_clean(stdout, l->q[q].name);
        putchar('\n');
        if (n == 0)
            printf("  no match at or above %.2f\n", threshold);
        if (sanctum_screen_unscored(r, q) > 0)
            printf("  INCOMPLETE: %zu more stored names rank as high as the last one "
                   "compared and were not compared; narrow the query (--schema, a birth "
                   "date, a fuller name)\n", sanctum_screen_unscored(r, q));
        for (size_t i = 0; i < n; i++) {
            const sanctum_screen_match *m = sanctum_screen_match_at(r, q, i);
            printf("  %.3f  %-13s  %-12s  ", m->score, m->id, m->schema);
            put_clean(stdout, m->caption);
            printf("  [%s: ", m->matched_prop);
            put_clean(stdout, m->matched_name);
            printf("]\n");
            if (a->explain) {
                printf("         ");
                put_clean(stdout, m->explanation);
                putchar('\n');
            }
        }
    }
}

static int
print_json(const sanctum_screen_result *r, const qlist *l, const lookup_args *a,
           double threshold)
{
    json_t *doc = tool_json_doc(), *qs = json_array();
    int err = doc == NULL || qs == NULL, rc;

    err |= tool_json_set(doc, "threshold", json_real(threshold));
    for (size_t q = 0; q < l->n && !err; q++) {
        json_t *o = json_object(), *ms = json_array();
        err |= o == NULL || ms == NULL;
        err |= tool_json_set(o, "query", json_integer((json_int_t)(q + 1)));
        err |= tool_json_set(o, "name", json_string(l->q[q].name));
        if (a->file != NULL)
            err |= tool_json_set(o, "line", json_integer((json_int_t)l->where[q]));
        for (size_t i = 0; i < sanctum_screen_match_count(r, q) && !err; i++) {
            const sanctum_screen_match *m = sanctum_screen_match_at(r, q, i);
            json_t *j = json_object();
            err |= j == NULL;
            err |= tool_json_set(j, "id", json_string(m->id));
            err |= tool_json_set(j, "schema", json_string(m->schema));
            err |= tool_json_set(j, "caption", json_string(m->caption));
            err |= tool_json_set(j, "score", json_real(m->score));
            err |= tool_json_set(j, "matched_name", json_string(m->matched_name));
            err |= tool_json_set(j, "matched_prop", json_string(m->matched_prop));
            err |= tool_json_set(j, "name_score", json_real(m->name_score));
            err |= tool_json_set(j, "birth_factor", json_real(m->birth_factor));
            err |= tool_json_set(j, "nat_factor", json_real(m->nat_factor));
            err |= tool_json_set(j, "explanation", json_string(m->explanation));
            err |= tool_json_push(ms, j);
        }
        err |= tool_json_set(o, "matches", ms);
        err |= tool_json_set(o, "unscored",
                             json_integer((json_int_t)sanctum_screen_unscored(r, q)));
        err |= tool_json_push(qs, o);
    }
    err |= tool_json_set(doc, "queries", qs);
    if (err) {
        json_decref(doc);
        tool_error("cannot build the JSON document");
        return LOOKUP_ERROR;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc == 0 ? 0 : LOOKUP_ERROR;
}

static int
run_lookup(tool_ctx *ctx, int argc, char **argv)
{
    lookup_args a;
    tool_cmd cmd = {
        "sanctum-lookup [OPTIONS] NAME...\n"
        "sanctum-lookup [OPTIONS] --file FILE",
        "Screen names against the store: is this person, company or vessel already in\n"
        "our cases or on a list? Names are matched through blind indexes, whatever the\n"
        "script, word order or spelling, and only names you are cleared to read are\n"
        "compared. Each query's matches are listed best first with their score, the\n"
        "entity's caption and the stored name that matched. The run is one audit\n"
        "entry (a consultation): how many names, the entities returned, --purpose, and a\n"
        "keyed commitment to the names, never the names themselves.\n"
        "\n"
        "Options:\n"
        "  --file FILE          screen the names in FILE (\"-\": standard input): one name\n"
        "                       per line, or CSV whose first line names the columns:\n"
        "                       name,birthDate,nationality (and optionally schema);\n"
        "                       a first line with a comma and a name column that is\n"
        "                       not such a header is an error\n"
        "  --schema SCHEMA      only entities of SCHEMA (Person, Company, Vessel, ...)\n"
        "  --birth-date DATE    birth date of the NAMEs (YYYY, YYYY-MM or YYYY-MM-DD)\n"
        "  --nationality CC     nationality of the NAMEs (ISO 3166-1 alpha-2)\n"
        "  --threshold T        report matches scoring at least T (default: the library's)\n"
        "  --limit N            at most N matches per name (default 10)\n"
        "  --threads N          screen with N threads (default: one per core)\n"
        "  --json               one JSON document: {\"format_version\": 2, \"threshold\",\n"
        "                       \"queries\": [{\"query\", \"name\", [\"line\"], \"matches\":\n"
        "                       [{\"id\", \"schema\", \"caption\", \"score\", \"matched_name\",\n"
        "                       \"matched_prop\", \"name_score\", \"birth_factor\",\n"
        "                       \"nat_factor\", \"explanation\"}]}]}\n"
        "  --explain            show how each match scored (it holds names)\n",
        lookup_opts, on_opt, NULL, 0, -1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_screen_result *res = NULL;
    qlist l;
    double threshold;
    int rc, nargs;

    memset(&a, 0, sizeof a);
    memset(&l, 0, sizeof l);
    a.opts = (sanctum_screen_options)SANCTUM_SCREEN_OPTIONS_INIT;
    cmd.state = &a;
    ctx->cmd = &cmd;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc == 0 ? 0 : LOOKUP_ERROR;
    if ((a.file != NULL) == (nargs > 0)) {
        tool_usage_error(ctx, a.file ? "give NAMEs or --file, not both"
                                     : "no names: give NAMEs or --file FILE");
        return LOOKUP_ERROR;
    }
    /* Read to its end for the names, stdin would then give an empty
     * passphrase: say what is wrong instead. */
    if (a.file != NULL && strcmp(a.file, "-") == 0 && ctx->pass.fd == STDIN_FILENO) {
        tool_usage_error(ctx, "standard input carries the names (--file -): pass the "
                              "passphrase on another descriptor or file");
        return LOOKUP_ERROR;
    }
    if (a.file != NULL) {
        if ((rc = read_file(&l, &a)) != 0)
            goto done;
    } else {
        for (int i = 0; i < nargs; i++)
            if (qlist_push(&l, argv[i], a.schema, a.birth, a.nat, (size_t)i + 1) != 0) {
                tool_error("out of memory");
                rc = LOOKUP_ERROR;
                goto done;
            }
    }
    if (tool_session_open(ctx, &store, &session) != 0) {
        rc = LOOKUP_ERROR;
        goto done;
    }
    threshold = a.opts.threshold > 0 ? a.opts.threshold : sanctum_screen_default_threshold();
    if ((rc = sanctum_screen(&res, session, l.q, l.n, &a.opts, ctx->purpose)) != SANCTUM_OK) {
        report_failure(rc, &l, &a);
        rc = LOOKUP_ERROR;
        goto done;
    }
    if (a.json) {
        rc = print_json(res, &l, &a, threshold);
    } else {
        print_table(res, &l, &a, threshold);
        rc = 0;
    }
    if (rc == 0) {
        rc = LOOKUP_NONE;
        for (size_t q = 0; q < l.n; q++)
            if (sanctum_screen_match_count(res, q) > 0)
                rc = LOOKUP_MATCH;
    }
    for (size_t q = 0; q < l.n; q++)
        if (sanctum_screen_unscored(res, q) > 0)
            tool_error("query %zu: %zu stored names that rank as high as the last one "
                       "compared were not compared: the answer may be incomplete", q + 1,
                       sanctum_screen_unscored(res, q));
    /* A write error on stdout is reported, exit 2, by tool_main(). */
done:
    sanctum_screen_result_free(res);
    tool_session_close(store, session);
    if (l.buf != NULL)
        sanctum_wipe(l.buf, l.buf_len);
    free(l.buf);
    free(l.q);
    free(l.where);
    return rc;
}

static const tool_info lookup_tool = {
    "sanctum-lookup",
    "Screen names against a sanctum store: ranked matches from the blind indexes.",
    NULL,
    run_lookup,
    1
};

int
main(int argc, char **argv)
{
    return tool_main(&lookup_tool, argc, argv);
}

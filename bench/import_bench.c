/* SPDX-License-Identifier: Apache-2.0 */
/* import_bench.c - import throughput: sanctum import runs against the same rows in SQLCipher. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <sanctum/sanctum.h>

#include "diag.h"
#include "imp.h"
#include "json.h"
#include "lmdb_floor.h"

/*
 * Usage: import_bench [--count N] [--dir DIR]
 *
 * 1. Imports the OFAC SDN set from ../shared/data (sdn, alt, add,
 *    comments: 8,976 entries and their Sanction records) into a new store
 *    with sanctum-import's own parsers, in one import run.
 * 2. Imports N generated persons (default 1,000,000) in one run through
 *    sanctum_import_add().
 * 3. Inserts the same records into SQLCipher: one encrypted table
 *    (source id, schema, name, all values as text) with an index on the
 *    name column, in one transaction.
 * 4. For the OFAC set, a floor: every record its store then holds,
 *    written by raw LMDB in key order in one synced transaction, with no
 *    encryption and no index work (lmdb_floor.c). No writer of the
 *    store's format can take less; it is set against SQLCipher's whole
 *    insert of the same entities.
 * Key derivation is outside the timed parts on both sides: sanctum's
 * session unlock (Argon2id) and SQLCipher's PBKDF2, which it runs when a
 * keyed database is first touched (the CREATE TABLE of sq_open).
 * Prints entities per second for each and the ratio. Figures only: it
 * asserts nothing (bench/README).
 */

#define PASS "import-bench passphrase"

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long du_total;

static int
du_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        du_total += (unsigned long long)sb->st_blocks * 512;
    return 0;
}

/* Bytes allocated on disk under `path` (the LMDB map file is sparse). */
static double
disk_mib(const char *path)
{
    du_total = 0;
    if (nftw(path, du_one, 16, FTW_PHYS) != 0)
        return -1;
    return (double)du_total / (1024.0 * 1024.0);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
die(const char *what, int rc)
{
    fprintf(stderr, "import_bench: %s: %s (%s)\n", what, sanctum_strerror(rc),
            sanctum_last_error());
    exit(1);
}

/* ------------------------------------------------------------ SQLCipher */

typedef struct sqlc {
    sqlite3      *db;
    sqlite3_stmt *ins;
} sqlc;

static void
sq_check(sqlc *q, int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "import_bench: SQLCipher %s: %s\n", what, sqlite3_errmsg(q->db));
        exit(1);
    }
}

static void
sq_exec(sqlc *q, const char *sql)
{
    sq_check(q, sqlite3_exec(q->db, sql, NULL, NULL, NULL), sql);
}

/* A new encrypted database `path` with the one table, in a transaction. */
static void
sq_open(sqlc *q, const char *path)
{
    unlink(path);
    if (sqlite3_open(path, &q->db) != SQLITE_OK) {
        fprintf(stderr, "import_bench: cannot open %s\n", path);
        exit(1);
    }
    sq_exec(q, "PRAGMA key = '" PASS "'");
    sq_exec(q, "CREATE TABLE entities (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, "
               "schema TEXT NOT NULL, name TEXT, data TEXT NOT NULL)");
    sq_exec(q, "CREATE INDEX entities_name ON entities(name)");
    sq_exec(q, "BEGIN");
    sq_check(q, sqlite3_prepare_v2(q->db, "INSERT INTO entities (source_id, schema, name, "
                                          "data) VALUES (?, ?, ?, ?)", -1, &q->ins, NULL),
             "prepare");
}

static void
sq_insert(sqlc *q, const char *sid, const char *schema, const char *name, const char *data,
          size_t len)
{
    sqlite3_reset(q->ins);
    sqlite3_bind_text(q->ins, 1, sid, -1, SQLITE_STATIC);
    sqlite3_bind_text(q->ins, 2, schema, -1, SQLITE_STATIC);
    sqlite3_bind_text(q->ins, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q->ins, 4, data, (int)len, SQLITE_STATIC);
    sq_check(q, sqlite3_step(q->ins), "insert");
}

static void
sq_close(sqlc *q)
{
    sqlite3_finalize(q->ins);
    sq_exec(q, "COMMIT");
    sqlite3_close(q->db);
}

/* An entity's values as "prop\tvalue\n" lines (what SQLCipher stores). */
static void
entity_text(imp_buf *b, const sanctum_entity *e)
{
    size_t i, n = sanctum_entity_count(e);
    sanctum_value v;

    imp_buf_reset(b);
    for (i = 0; i < n; i++) {
        if (sanctum_entity_value(e, i, &v) != SANCTUM_OK || v.text == NULL)
            continue;
        if (imp_buf_adds(b, v.prop) != 0 || imp_buf_add(b, "\t", 1) != 0 ||
            imp_buf_adds(b, v.text) != 0 || imp_buf_add(b, "\n", 1) != 0) {
            fprintf(stderr, "import_bench: out of memory\n");
            exit(1);
        }
    }
}

/* ------------------------------------------------------------ the OFAC set */

typedef struct row_text {
    char *sid, *schema, *name, *data;
    size_t len;
} row_text;

/* Imports the OFAC set and inserts it into SQLCipher; SQLCipher's time. */
static double
bench_ofac(sanctum_session *session, const char *dir)
{
    static const char *const names[] = {
        "ofac-sdn.csv", "ofac-alt.csv", "ofac-add.csv", "ofac-sdn_comments.csv"
    };
    char *files[4], path[1024];
    imp_opts opts;
    imp_set *set = NULL;
    imp_result res;
    imp_buf b = IMP_BUF_INIT;
    row_text *rows;
    size_t i, n;
    double t0, t1, t2, t3;
    sqlc q;
    int rc;

    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", SANCTUM_SHARED_DATA, names[i]);
        files[i] = strdup(path);
    }
    memset(&opts, 0, sizeof opts);
    opts.level = SANCTUM_LEVEL_OFFICIAL;
    opts.format = IMP_FMT_OFAC;
    opts.date = "2021-07-07";
    t0 = now_s();
    if ((rc = imp_parse(&set, &opts, files, 4)) != 0)
        exit(1);
    t1 = now_s();
    /* The same records as text rows for SQLCipher, made before timing. */
    n = imp_set_count(set);
    rows = calloc(n, sizeof *rows);
    for (i = 0; i < n; i++) {
        const imp_rec *r = imp_set_at(set, i);
        const sanctum_entity *e = imp_rec_entity(r);
        const char *name = sanctum_entity_first(e, "name");

        entity_text(&b, e);
        rows[i].sid = strdup(imp_rec_source_id(r));
        rows[i].schema = strdup(imp_rec_schema(r));
        rows[i].name = name != NULL ? strdup(name) : NULL;
        rows[i].data = strdup(b.p != NULL ? b.p : "");
        rows[i].len = b.len;
    }
    t2 = now_s();
    if ((rc = imp_import(&res, set, session, "import benchmark")) != 0)
        exit(1);
    t3 = now_s();
    imp_set_free(set);
    printf("OFAC SDN set: %zu entities (%llu created)\n", n,
           (unsigned long long)res.summary.created);
    printf("  sanctum parse                %8.3f s\n", t1 - t0);
    printf("  sanctum import run           %8.3f s  %10.0f entities/s\n", t3 - t2,
           (double)n / (t3 - t2));
    printf("  sanctum parse + import       %8.3f s  %10.0f entities/s\n",
           (t1 - t0) + (t3 - t2), (double)n / ((t1 - t0) + (t3 - t2)));

    snprintf(path, sizeof path, "%s/ofac.sqlcipher", dir);
    t0 = now_s();
    sq_open(&q, path);
    t1 = now_s();
    printf("  SQLCipher open (its PBKDF2)  %8.3f s  (not counted, like sanctum's unlock)\n",
           t1 - t0);
    t0 = t1;
    for (i = 0; i < n; i++)
        sq_insert(&q, rows[i].sid, rows[i].schema, rows[i].name, rows[i].data, rows[i].len);
    sq_close(&q);
    t1 = now_s();
    printf("  SQLCipher insert             %8.3f s  %10.0f entities/s\n", t1 - t0,
           (double)n / (t1 - t0));
    printf("  ratio sanctum/SQLCipher (entities/s, import run): %.2f\n",
           ((double)n / (t3 - t2)) / ((double)n / (t1 - t0)));
    for (i = 0; i < n; i++) {
        free(rows[i].sid);
        free(rows[i].schema);
        free(rows[i].name);
        free(rows[i].data);
    }
    free(rows);
    imp_buf_free(&b);
    for (i = 0; i < 4; i++)
        free(files[i]);
    return t1 - t0;
}

/* The floor: what the OFAC store holds, written by raw LMDB in key order
 * (lmdb_floor.c), against SQLCipher's whole insert. */
static void
floor_ofac(const char *dir, const char *store, double sqlcipher_s)
{
    char dst[1100];
    size_t entries;
    double mib, secs;

    snprintf(dst, sizeof dst, "%s/ofac-floor", dir);
    if ((secs = lmdb_floor_copy(store, dst, now_s, &entries, &mib)) < 0)
        exit(1);
    printf("  floor: the store's %zu records (%.1f MiB) written by raw LMDB in key\n"
           "    order, one synced transaction, no encryption or index work\n"
           "                               %8.3f s  (%.2fx SQLCipher's whole insert)\n",
           entries, mib, secs, secs / sqlcipher_s);
}

/* A new store in `path` and a session on it. */
static void
store_open_new(const char *path, sanctum_store **st, sanctum_session **s)
{
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    int rc;

    opts.kdf = SANCTUM_KDF_INTERACTIVE;
    opts.map_size = (size_t)16 << 30; /* one run holds everything: size the map up front */
    if ((rc = sanctum_store_create(st, path, "bench", (const unsigned char *)PASS, strlen(PASS),
                                   &opts)) != SANCTUM_OK)
        die("store create", rc);
    if ((rc = sanctum_session_open(s, *st, "bench", (const unsigned char *)PASS,
                                   strlen(PASS))) != SANCTUM_OK)
        die("session", rc);
}

/* ------------------------------------------------------------ generated persons */

static const char *const syll[] = {
    "ka", "ra", "mi", "to", "su", "len", "dor", "vak", "ist", "ran", "bel", "nor", "zi",
    "ha", "mu", "sel", "tar", "quin", "pol", "dan", "ev", "or", "al", "yus", "ef"
};
static const char *const countries[] = {
    "ly", "ng", "er", "sd", "ly", "it", "gr", "tr", "af", "sy", "iq", "ma", "tn", "eg", "gm"
};

/* A deterministic name for person i: two to three syllables per part. */
static void
gen_name(char *out, size_t size, unsigned long i)
{
    const size_t ns = sizeof syll / sizeof syll[0];
    unsigned long x = i * 2654435761UL + 12345;
    char first[32], last[32];

    snprintf(first, sizeof first, "%s%s%s", syll[x % ns], syll[(x / ns) % ns],
             (x / 7) % 2 ? syll[(x / 11) % ns] : "");
    x = x / 13 + i;
    snprintf(last, sizeof last, "%s%s%s", syll[(x / 3) % ns], syll[(x / 17) % ns],
             syll[(x / 19) % ns]);
    first[0] = (char)(first[0] - 'a' + 'A');
    last[0] = (char)(last[0] - 'a' + 'A');
    snprintf(out, size, "%s %s %lu", first, last, i);
}

/* Build person i (name, birth date, nationality, passport, programme). */
static sanctum_entity *
gen_person(unsigned long i, const char *list, char *name, size_t nsize)
{
    sanctum_entity *e = NULL;
    char buf[64];
    int rc;

    if ((rc = sanctum_entity_new(&e, "Person")) != SANCTUM_OK)
        die("entity", rc);
    gen_name(name, nsize, i);
#define ADD(p, v) \
    if ((rc = sanctum_entity_add(e, (p), (v), SANCTUM_LEVEL_OFFICIAL)) != SANCTUM_OK) \
        die("add " p, rc)
    ADD("name", name);
    snprintf(buf, sizeof buf, "%04lu-%02lu-%02lu", 1940 + i % 60, 1 + i % 12, 1 + i % 28);
    ADD("birthDate", buf);
    ADD("nationality", countries[i % (sizeof countries / sizeof countries[0])]);
    snprintf(buf, sizeof buf, "P%08lu", i * 7 + 100000);
    ADD("passportNumber", buf);
    ADD("program", "BENCH");
    ADD("sourceList", list);
    snprintf(buf, sizeof buf, "gen-%lu", i);
    ADD("sourceId", buf);
    ADD("sourceDate", "2026-01-01");
#undef ADD
    return e;
}

static void
bench_generated(sanctum_session *session, const char *dir, unsigned long count)
{
    sanctum_import *run = NULL;
    sanctum_import_summary sum;
    imp_buf b = IMP_BUF_INIT;
    char name[128], path[1024], sid[32];
    double t0, t1, t2;
    unsigned long i;
    sqlc q;
    int rc;

    t0 = now_s();
    if ((rc = sanctum_import_begin(&run, session, "bench_generated", "import benchmark")) !=
        SANCTUM_OK)
        die("import begin", rc);
    for (i = 0; i < count; i++) {
        sanctum_entity *e = gen_person(i, "bench_generated", name, sizeof name);

        if ((rc = sanctum_import_add(run, e)) != SANCTUM_OK)
            die("import add", rc);
        sanctum_entity_free(e);
    }
    if ((rc = sanctum_import_commit(run, &sum)) != SANCTUM_OK)
        die("import commit", rc);
    t1 = now_s();
    printf("generated set: %lu persons (%llu created)\n", count,
           (unsigned long long)sum.created);
    printf("  sanctum build + import run   %8.3f s  %10.0f entities/s\n", t1 - t0,
           (double)count / (t1 - t0));

    snprintf(path, sizeof path, "%s/generated.sqlcipher", dir);
    sq_open(&q, path); /* its key derivation is not counted, like sanctum's unlock */
    t1 = now_s();
    for (i = 0; i < count; i++) {
        sanctum_entity *e = gen_person(i, "bench_generated", name, sizeof name);

        entity_text(&b, e);
        snprintf(sid, sizeof sid, "gen-%lu", i);
        sq_insert(&q, sid, "Person", name, b.p, b.len);
        sanctum_entity_free(e);
    }
    sq_close(&q);
    t2 = now_s();
    printf("  SQLCipher build + insert     %8.3f s  %10.0f entities/s\n", t2 - t1,
           (double)count / (t2 - t1));
    printf("  ratio sanctum/SQLCipher (entities/s): %.2f\n",
           ((double)count / (t1 - t0)) / ((double)count / (t2 - t1)));
    imp_buf_free(&b);
}

int
main(int argc, char **argv)
{
    sanctum_store *st = NULL;
    sanctum_session *s = NULL;
    unsigned long count = 1000000;
    char dir[1024] = "", store[1100], ofac_store[1100];
    double sq_ofac;
    int i, own_dir = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            snprintf(dir, sizeof dir, "%s", argv[++i]);
        else {
            fprintf(stderr, "usage: import_bench [--count N] [--dir DIR]\n");
            return 2;
        }
    }
    tool_diag_init("import_bench");
    tool_json_init();
    if (dir[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/sanctum-import-bench-XXXXXX", tmp ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL) {
            perror("mkdtemp");
            return 1;
        }
        own_dir = 1;
    }
    printf("import_bench: sanctum %s vs SQLCipher on SQLite %s (one encrypted table, indexed "
           "name column); files in %s\n", sanctum_version_string(), sqlite3_libversion(), dir);
    /* OFAC in a store of its own, closed before its floor reads it */
    snprintf(store, sizeof store, "%s/ofac-store", dir);
    store_open_new(store, &st, &s);
    sq_ofac = bench_ofac(s, dir);
    sanctum_session_close(s);
    sanctum_store_close(st);
    floor_ofac(dir, store, sq_ofac);
    snprintf(ofac_store, sizeof ofac_store, "%s", store);
    snprintf(store, sizeof store, "%s/store", dir);
    store_open_new(store, &st, &s);
    bench_generated(s, dir, count);
    sanctum_session_close(s);
    sanctum_store_close(st);
    {
        char p1[1100], p2[1100];

        snprintf(p1, sizeof p1, "%s/ofac.sqlcipher", dir);
        snprintf(p2, sizeof p2, "%s/generated.sqlcipher", dir);
        printf("on disk: sanctum stores %.0f MiB + %.0f MiB (with audit trail and blind "
               "indexes); SQLCipher %.0f MiB + %.0f MiB\n",
               disk_mib(ofac_store), disk_mib(store), disk_mib(p1), disk_mib(p2));
    }
    if (own_dir && nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "import_bench: could not remove %s\n", dir);
    return 0;
}

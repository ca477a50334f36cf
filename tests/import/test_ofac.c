/* SPDX-License-Identifier: Apache-2.0 */
/* test_ofac.c - importing the real OFAC SDN CSV set, checked against its source rows. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_test.h"

#define LIST "us_ofac_sdn"

/* The four files of the 2021 snapshot (ent_num links hold between them). */
#define OFAC_FILES tu_data_copy("ofac-sdn.csv", 0), tu_data_copy("ofac-alt.csv", 1), \
                   tu_data_copy("ofac-add.csv", 2), tu_data_copy("ofac-sdn_comments.csv", 3)

static char data_paths[4][1024];

/* tu_data() uses one static buffer: keep each path in its own. */
static const char *
tu_data_copy(const char *name, int slot)
{
    snprintf(data_paths[slot], sizeof data_paths[slot], "%s", tu_data(name));
    return data_paths[slot];
}

/* ------------------------------------------------------------ reading the source */

/* The rows of a source file, every field "-0-" made NULL. */
typedef struct src_rows {
    char   ***rows;
    size_t   *nf;
    size_t    n;
    size_t    cap;
    char    **cur;
    size_t    curn;
} src_rows;

static void
src_field(void *s, size_t len, void *data)
{
    src_rows *sr = data;
    char *f = malloc(len + 1), *t;

    assert_non_null(f);
    memcpy(f, s, len);
    f[len] = '\0';
    for (t = f + len; t > f && t[-1] == ' '; t--)
        t[-1] = '\0';
    if (strcmp(f, "-0-") == 0 || *f == '\0') {
        free(f);
        f = NULL;
    }
    sr->cur = realloc(sr->cur, (sr->curn + 1) * sizeof *sr->cur);
    assert_non_null(sr->cur);
    sr->cur[sr->curn++] = f;
}

static void
src_row(int c, void *data)
{
    src_rows *sr = data;

    (void)c;
    if (sr->n == sr->cap) {
        sr->cap = sr->cap ? sr->cap * 2 : 1024;
        sr->rows = realloc(sr->rows, sr->cap * sizeof *sr->rows);
        sr->nf = realloc(sr->nf, sr->cap * sizeof *sr->nf);
        assert_true(sr->rows != NULL && sr->nf != NULL);
    }
    sr->rows[sr->n] = sr->cur;
    sr->nf[sr->n++] = sr->curn;
    sr->cur = NULL;
    sr->curn = 0;
}

static void
src_read(src_rows *sr, const char *name)
{
    struct csv_parser p;
    size_t len;
    unsigned char *buf = tu_read_file(tu_data(name), &len);

    memset(sr, 0, sizeof *sr);
    assert_non_null(buf);
    /* The file ends with a 0x1A (DOS end-of-file) byte: not data. */
    if (len > 0 && buf[len - 1] == 0x1A)
        len--;
    assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
    assert_int_equal(csv_parse(&p, buf, len, src_field, src_row, sr), len);
    csv_fini(&p, src_field, src_row, sr);
    csv_free(&p);
    free(buf);
}

static void
src_free(src_rows *sr)
{
    size_t i, k;

    for (i = 0; i < sr->n; i++) {
        for (k = 0; k < sr->nf[i]; k++)
            free(sr->rows[i][k]);
        free(sr->rows[i]);
    }
    free(sr->rows);
    free(sr->nf);
}

/* Entities of the list sorted by sourceId, for lookups by ent_num. */
typedef struct by_sid {
    const char     *sid;
    sanctum_entity *e;
} by_sid;

static int
sid_cmp(const void *a, const void *b)
{
    return strcmp(((const by_sid *)a)->sid, ((const by_sid *)b)->sid);
}

static by_sid *
index_list(const imp_store *is, size_t *n)
{
    by_sid *ix = calloc(is->n + 1, sizeof *ix);
    size_t i;

    assert_non_null(ix);
    *n = 0;
    for (i = 0; i < is->n; i++) {
        if (!imp_has(is->e[i], "sourceList", LIST))
            continue;
        ix[*n].sid = sanctum_entity_first(is->e[i], "sourceId");
        ix[*n].e = is->e[i];
        (*n)++;
    }
    qsort(ix, *n, sizeof *ix, sid_cmp);
    return ix;
}

static sanctum_entity *
lookup(const by_sid *ix, size_t n, const char *sid)
{
    by_sid probe = { sid, NULL }, *hit = bsearch(&probe, ix, n, sizeof *ix, sid_cmp);

    return hit != NULL ? hit->e : NULL;
}

/* ------------------------------------------------------------ tests */

static int
setup(void **state)
{
    imp_fixture *f = imp_fixture_new("import-ofac");
    unsigned long long before;
    cli_result r = { 0 };
    json_t *doc;

    before = imp_audit_size(&f->s);
    IMPORT_ADMIN(&r, &f->s, "--date", "2021-07-07", "--json", OFAC_FILES);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "ofac");
    assert_string_equal(json_string_value(json_object_get(doc, "source_list")), LIST);
    assert_string_equal(json_string_value(json_object_get(doc, "source_date")), "2021-07-07");
    /* 8,976 entries (SOURCES.md), each with its Sanction record. */
    assert_int_equal(imp_count(doc, "records"), 2 * 8976);
    assert_int_equal(imp_count(doc, "created"), 2 * 8976);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 0);
    assert_int_equal(imp_count(doc, "skipped"), 0);
    json_decref(doc);
    /* One audit entry for the whole run. */
    assert_int_equal(imp_audit_size(&f->s), before + 1);
    cli_result_free(&r);
    return imp_fixture_load(f, state);
}

static void
test_ofac__counts_by_type(void **state)
{
    imp_fixture *f = *state;

    /* SOURCES.md: 4,620 individual, 406 vessel, 277 aircraft, 3,673 -0-. */
    assert_int_equal(imp_count_schema(&f->is, "Person", LIST), 4620);
    assert_int_equal(imp_count_schema(&f->is, "Vessel", LIST), 406);
    assert_int_equal(imp_count_schema(&f->is, "Airplane", LIST), 277);
    assert_int_equal(imp_count_schema(&f->is, "Organization", LIST), 3673);
    assert_int_equal(imp_count_schema(&f->is, "Sanction", LIST), 8976);
}

/* Every sdn.csv row: its entity has the row's name, programmes and type,
 * and its Sanction points at it. */
static void
test_ofac__every_primary_row(void **state)
{
    imp_fixture *f = *state;
    src_rows sr;
    by_sid *ix;
    size_t n, i;
    char sid[64];

    src_read(&sr, "ofac-sdn.csv");
    assert_int_equal(sr.n, 8976);
    ix = index_list(&f->is, &n);
    for (i = 0; i < sr.n; i++) {
        char **row = sr.rows[i];
        sanctum_entity *e, *s;
        const char *type = row[2], *want;

        assert_int_equal(sr.nf[i], 12);
        e = lookup(ix, n, row[0]);
        if (e == NULL)
            fail_msg("ent_num %s was not imported", row[0]);
        want = type == NULL                        ? "Organization"
               : strcmp(type, "individual") == 0 ? "Person"
               : strcmp(type, "vessel") == 0     ? "Vessel"
                                                  : "Airplane";
        assert_string_equal(sanctum_entity_schema(e), want);
        assert_has(e, "name", row[1]);
        assert_has(e, "sourceDate", "2021-07-07");
        snprintf(sid, sizeof sid, "%s:sanction", row[0]);
        s = lookup(ix, n, sid);
        assert_non_null(s);
        assert_has(s, "entity", sanctum_entity_id(e));
        assert_has(s, "authorityId", row[0]);
        /* Remarks are kept whole (sdn_comments.csv may continue them). */
        if (row[11] != NULL) {
            const char *notes = sanctum_entity_first(e, "notes");
            assert_non_null(notes);
            if (strncmp(notes, row[11], strlen(row[11])) != 0 && !imp_has(e, "notes", row[11]))
                fail_msg("ent_num %s: remarks not kept", row[0]);
        }
    }
    free(ix);
    src_free(&sr);
}

static int
str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Distinct (ent_num, alias or previous name, name) among alt.csv rows. */
static size_t
distinct_alt(const src_rows *sr)
{
    char **keys = calloc(sr->n, sizeof *keys);
    size_t i, n = 0;

    assert_non_null(keys);
    for (i = 0; i < sr->n; i++) {
        char **row = sr->rows[i];
        assert_true(asprintf(&keys[i], "%s|%s|%s", row[0],
                             strcmp(row[2], "fka") == 0 ? "p" : "a", row[3]) > 0);
    }
    qsort(keys, sr->n, sizeof *keys, str_cmp);
    for (i = 0; i < sr->n; i++)
        if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
            n++;
    for (i = 0; i < sr->n; i++)
        free(keys[i]);
    free(keys);
    return n;
}

/* Every alt.csv row is an alias (aka, nka) or previous name (fka). */
static void
test_ofac__every_alias_row(void **state)
{
    imp_fixture *f = *state;
    src_rows sr;
    by_sid *ix;
    size_t n, i, total = 0;

    src_read(&sr, "ofac-alt.csv");
    assert_int_equal(sr.n, 11910);
    ix = index_list(&f->is, &n);
    for (i = 0; i < sr.n; i++) {
        char **row = sr.rows[i];
        sanctum_entity *e = lookup(ix, n, row[0]);

        assert_int_equal(sr.nf[i], 5);
        assert_non_null(e);
        assert_has(e, strcmp(row[2], "fka") == 0 ? "previousName" : "alias", row[3]);
    }
    /* No other aliases appear: as many values as distinct (entry, kind,
     * name) source rows (a few rows repeat a name). */
    for (i = 0; i < n; i++)
        total += imp_nvalues(ix[i].e, "alias") + imp_nvalues(ix[i].e, "previousName");
    assert_int_equal(total, distinct_alt(&sr));
    free(ix);
    src_free(&sr);
}

/* Every add.csv row with an address is an address string; known
 * countries become codes. */
static void
test_ofac__every_address_row(void **state)
{
    imp_fixture *f = *state;
    src_rows sr;
    by_sid *ix;
    size_t n, i, k;
    char text[4096];

    src_read(&sr, "ofac-add.csv");
    assert_int_equal(sr.n, 13837);
    ix = index_list(&f->is, &n);
    for (i = 0; i < sr.n; i++) {
        char **row = sr.rows[i];
        sanctum_entity *e = lookup(ix, n, row[0]);
        size_t len = 0;

        assert_non_null(e);
        text[0] = '\0';
        for (k = 2; k <= 4; k++) {
            if (row[k] == NULL)
                continue;
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", len ? ", " : "",
                                    row[k]);
        }
        if (len > 0)
            assert_has(e, "address", text);
    }
    free(ix);
    src_free(&sr);
}

/* Chosen records, field by field (values as in the source rows). */
static void
test_ofac__chosen_person(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "2676"), *s;
    const char *sdn = tu_data("ofac-sdn.csv");

    /* 2676,"AL ZAWAHIRI, Dr. Ayman","individual","SDGT","Operational and
     * Military Leader of JIHAD GROUP",...,"DOB 19 Jun 1951; POB Giza, Egypt;
     * Passport 1084010 (Egypt); alt. Passport 19820215; ..." */
    assert_true(imp_file_has(sdn, "2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\""));
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Person");
    assert_has(e, "name", "AL ZAWAHIRI, Dr. Ayman");
    assert_has(e, "lastName", "AL ZAWAHIRI");
    assert_has(e, "firstName", "Dr. Ayman");
    assert_has(e, "program", "SDGT");
    assert_has(e, "position", "Operational and Military Leader of JIHAD GROUP");
    assert_has(e, "birthDate", "1951-06-19");
    assert_has(e, "birthPlace", "Giza, Egypt");
    assert_has(e, "birthCountry", "eg");
    assert_has(e, "passportNumber", "1084010");
    assert_has(e, "passportNumber", "19820215");
    assert_has(e, "topics", "sanction");
    assert_has(e, "sourceList", LIST);
    assert_has(e, "sourceId", "2676");
    assert_has(e, "sourceDate", "2021-07-07");
    assert_int_equal(imp_nvalues(e, "birthDate"), 1);
    /* Imported values are official (public list). */
    assert_int_equal(imp_level(e, "passportNumber", "1084010"), SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(imp_level(e, "notes", sanctum_entity_first(e, "notes")),
                     SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(sanctum_entity_revision(e), 1);
    s = imp_find(&f->is, LIST, "2676:sanction");
    assert_non_null(s);
    assert_has(s, "authority", "Office of Foreign Assets Control");
    assert_has(s, "program", "SDGT");
    assert_has(s, "country", "us");
    assert_has(s, "entity", sanctum_entity_id(e));

    /* 2679: "DOB 1938; alt. DOB 1936; POB Najf Al Ashraf (Najaf), Iraq". */
    e = imp_find(&f->is, LIST, "2679");
    assert_non_null(e);
    assert_has(e, "birthDate", "1938");
    assert_has(e, "birthDate", "1936");
    assert_has(e, "birthCountry", "iq");
    /* 15496: "DOB 1929 to 1930": each year. */
    e = imp_find(&f->is, LIST, "15496");
    assert_non_null(e);
    assert_has(e, "birthDate", "1929");
    assert_has(e, "birthDate", "1930");
    /* 7782: "DOB circa 1951; POB Foca, Bosnia-Herzegovina." */
    e = imp_find(&f->is, LIST, "7782");
    assert_non_null(e);
    assert_has(e, "birthDate", "1951");
    assert_has(e, "birthCountry", "ba");
    /* 12057: four programmes in one field. */
    e = imp_find(&f->is, LIST, "12057");
    assert_non_null(e);
    assert_has(e, "program", "SDGT");
    assert_has(e, "program", "NPWMD");
    assert_has(e, "program", "IRGC");
    assert_has(e, "program", "IRAN-EO13876");
}

static void
test_ofac__chosen_entity_vessel_aircraft(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e;

    /* 306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",...,"a.k.a. 'BNC'." with
     * alt 220 "NATIONAL BANK OF CUBA" and four addresses. */
    e = imp_find(&f->is, LIST, "306");
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Organization");
    assert_has(e, "name", "BANCO NACIONAL DE CUBA");
    assert_has(e, "program", "CUBA");
    assert_has(e, "notes", "a.k.a. 'BNC'.");
    assert_has(e, "alias", "NATIONAL BANK OF CUBA");
    assert_has(e, "address", "Zweierstrasse 35, Zurich CH-8022, Switzerland");
    assert_has(e, "address", "Federico Boyd Avenue & 51 Street, Panama City, Panama");
    assert_has(e, "country", "ch");
    assert_has(e, "country", "es");
    assert_has(e, "country", "jp");
    assert_has(e, "country", "pa");
    assert_int_equal(imp_nvalues(e, "address"), 4);

    /* 4243,"SAND SWAN","vessel","CUBA",-0- ,"P3QG3","General Cargo","2595",
     * "1116","Cyprus","Sand & Swan Navigation Co. Ltd.","f.k.a. 'ANA I'." */
    e = imp_find(&f->is, LIST, "4243");
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Vessel");
    assert_has(e, "callSign", "P3QG3");
    assert_has(e, "type", "General Cargo");
    assert_has(e, "tonnage", "2595");
    assert_has(e, "grossRegisteredTonnage", "1116");
    assert_has(e, "flag", "cy");
    assert_has(e, "notes", "Vessel owner: Sand & Swan Navigation Co. Ltd.");

    /* 15431,"EP-GOM","aircraft","SDGT",...,"Aircraft Construction Number ...
     * 8401; Aircraft Manufacture Date 1992; Aircraft Model IL76-TD; Aircraft
     * Operator YAS AIR; Aircraft Manufacturer's Serial Number (MSN)
     * 1023409321; Linked To: POUYA AIR." */
    e = imp_find(&f->is, LIST, "15431");
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Airplane");
    assert_has(e, "buildDate", "1992");
    assert_has(e, "model", "IL76-TD");
    assert_has(e, "serialNumber", "1023409321");

    /* 10933,"RAMAK",...,"Website www.ramakdutyfree.net; Email Address
     * dam.d.free@net.sy." */
    e = imp_find(&f->is, LIST, "10933");
    assert_non_null(e);
    assert_has(e, "website", "http://www.ramakdutyfree.net");
    assert_has(e, "email", "dam.d.free@net.sy");
}

/* sdn_comments.csv continues the remarks of 12300 mid-word: "...PROMO RAI"
 * + "Z S.A.S.; Linked To: ...". */
static void
test_ofac__remarks_continuation(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "12300");
    const char *notes;

    assert_non_null(e);
    notes = sanctum_entity_first(e, "notes");
    assert_non_null(notes);
    assert_non_null(strstr(notes, "PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA"));
    assert_non_null(strstr(notes, "Linked To: R D I S.A."));
    assert_has(e, "birthDate", "1965-05-13");
    assert_has(e, "birthDate", "1968-04-13");
    assert_has(e, "birthDate", "1964-07-07");
}

/* Importing the same files again changes nothing and duplicates nothing. */
static void
test_ofac__reimport_is_idempotent(void **state)
{
    imp_fixture *f = *state;
    cli_result r = { 0 };
    imp_store again;
    json_t *doc;
    size_t i;

    IMPORT_ADMIN(&r, &f->s, "--date", "2021-07-07", "--json", OFAC_FILES);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 2 * 8976);
    json_decref(doc);
    cli_result_free(&r);
    imp_load(&again, &f->s);
    assert_int_equal(again.n, f->is.n);
    for (i = 0; i < again.n; i++)
        assert_int_equal(sanctum_entity_revision(again.e[i]), 1);
    imp_unload(&again);
}

/* sdn.csv may come on standard input (the other files of the set named):
 * the same records as from the file. Anything else there is refused at
 * its first row, --skip-bad or not, rather than skipped row by row. */
static void
test_ofac__standard_input(void **state)
{
    imp_fixture *f = *state;
    cli_io io = CLI_IO_INIT;
    cli_result r = { 0 };
    json_t *doc;

    io.in_path = tu_data_copy("ofac-sdn.csv", 0);
    CLI_RUN_IO(&r, &io, IMPORT, "--store", f->s.store, "--user", CLI_ADMIN_NAME,
               "--passphrase-file", f->s.admin_pw, "--date", "2021-07-07", "--json",
               "--format", "ofac", "-", tu_data_copy("ofac-alt.csv", 1),
               tu_data_copy("ofac-add.csv", 2), tu_data_copy("ofac-sdn_comments.csv", 3));
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 2 * 8976);
    json_decref(doc);
    /* Without --date, a redirected file still gives its modification date. */
    CLI_RUN_IO(&r, &io, IMPORT, "--dry-run", "--json", "--format", "ofac", "-");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_true(json_is_string(json_object_get(doc, "source_date")));
    assert_int_equal(imp_count(doc, "records"), 2 * 8976);
    json_decref(doc);
    /* Not sdn.csv on standard input. */
    io.in_path = tu_data_copy("ofac-alt.csv", 1);
    CLI_RUN_IO(&r, &io, IMPORT, "--dry-run", "--format", "ofac", "-");
    assert_refused(&r, IMPORT, 3, "-:1: standard input is read as the primary file, sdn.csv, "
                   "but its first row has 5 fields, not 12");
    CLI_RUN_IO(&r, &io, IMPORT, "--dry-run", "--skip-bad", "--format", "ofac", "-");
    assert_refused(&r, IMPORT, 3, "its first row has 5 fields, not 12");
    /* Two primaries. */
    CLI_RUN_IO(&r, &io, IMPORT, "--dry-run", "--format", "ofac", "-",
               tu_data_copy("ofac-sdn.csv", 0));
    assert_refused(&r, IMPORT, 2, "are both primary SDN files");
    /* The format of standard input is never guessed. */
    CLI_RUN_IO(&r, &io, IMPORT, "--dry-run", "-");
    assert_refused(&r, IMPORT, 2, "cannot tell the format of standard input; use --format");
    cli_result_free(&r);
}

/* A UTF-8 byte order mark before sdn.csv: detected as OFAC, and the set
 * check (which counts the first row's fields) skips it too. */
static void
test_ofac__byte_order_mark(void **state)
{
    imp_fixture *f = *state;
    size_t len;
    unsigned char *src = tu_read_file(tu_data("ofac-sdn.csv"), &len), *bom;
    const char *path;
    cli_result r = { 0 };
    json_t *doc;

    assert_non_null(src);
    bom = malloc(len + 3);
    assert_non_null(bom);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, src, len);
    path = imp_write(&f->s, "bom-sdn.csv", bom, len + 3);
    free(src);
    free(bom);
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--json", path, tu_data_copy("ofac-alt.csv", 1));
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "ofac");
    assert_int_equal(imp_count(doc, "records"), 2 * 8976);
    json_decref(doc);
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--format", "ofac", path);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

/* A changed row gives a new revision of that entity only. */
static void
test_ofac__changed_row_is_updated(void **state)
{
    imp_fixture *f = *state;
    const char old[] = "2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\","
                       "\"Operational and Military Leader of JIHAD GROUP\",-0- ,-0- ,-0- ,"
                       "-0- ,-0- ,-0- ,\"DOB 19 Jun 1951;";
    char repl[sizeof old];
    const char *sdn;
    cli_result r = { 0 };
    imp_store again;
    sanctum_entity *e;
    json_t *doc;

    memcpy(repl, old, sizeof old);
    memcpy(strstr(repl, "1951"), "1952", 4);
    sdn = imp_patch(&f->s, "sdn.csv", "ofac-sdn.csv", old, strlen(old), repl, strlen(repl));
    IMPORT_ADMIN(&r, &f->s, "--date", "2021-07-07", "--json", "--format", "ofac", sdn,
                 tu_data_copy("ofac-alt.csv", 1), tu_data_copy("ofac-add.csv", 2),
                 tu_data_copy("ofac-sdn_comments.csv", 3));
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 1);
    assert_int_equal(imp_count(doc, "unchanged"), 2 * 8976 - 1);
    json_decref(doc);
    cli_result_free(&r);
    imp_load(&again, &f->s);
    e = imp_find(&again, LIST, "2676");
    assert_non_null(e);
    assert_int_equal(sanctum_entity_revision(e), 2);
    assert_has(e, "birthDate", "1952-06-19");
    assert_false(imp_has(e, "birthDate", "1951-06-19"));
    assert_string_equal(sanctum_entity_id(e), sanctum_entity_id(imp_find(&f->is, LIST, "2676")));
    imp_unload(&again);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ofac__counts_by_type),
        cmocka_unit_test(test_ofac__every_primary_row),
        cmocka_unit_test(test_ofac__every_alias_row),
        cmocka_unit_test(test_ofac__every_address_row),
        cmocka_unit_test(test_ofac__chosen_person),
        cmocka_unit_test(test_ofac__chosen_entity_vessel_aircraft),
        cmocka_unit_test(test_ofac__remarks_continuation),
        cmocka_unit_test(test_ofac__reimport_is_idempotent),
        cmocka_unit_test(test_ofac__standard_input),
        cmocka_unit_test(test_ofac__byte_order_mark),
        cmocka_unit_test(test_ofac__changed_row_is_updated),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, imp_fixture_teardown);
}

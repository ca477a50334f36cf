/* SPDX-License-Identifier: Apache-2.0 */
/* test_ofsi.c - importing the real OFSI list extract (Windows-1252, shifted header). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_test.h"

#define LIST "gb_hmt_sanctions"
#define FILE_NAME "ofsi-conlist-2020-extract.csv"

static char src_path[1024];

static int
setup(void **state)
{
    imp_fixture *f = imp_fixture_new("import-ofsi");
    unsigned char before[32];
    cli_result r = { 0 };
    json_t *doc;

    snprintf(src_path, sizeof src_path, "%s", tu_data(FILE_NAME));

    /* The file is Windows-1252 (curly quotes 0x91/0x92): as UTF-8 it is
     * refused with its line and column, and nothing is written. */
    tu_store_digest(f->s.store, before);
    IMPORT_ADMIN(&r, &f->s, "--json", src_path);
    assert_refused(&r, IMPORT, 3, FILE_NAME ":7:266: not valid UTF-8");
    assert_err_has(&r, "--encoding windows-1252");
    assert_err_has(&r, "nothing was imported");
    tu_assert_store_unchanged(f->s.store, before);

    IMPORT_ADMIN(&r, &f->s, "--json", "--encoding", "windows-1252", src_path);
    assert_exit(&r, 0);
    /* The header's spurious leading column is detected and said. */
    assert_err_has(&r, FILE_NAME ":1:1: the header has an empty first column that the data "
                   "rows lack (30 headings, 29 fields)");
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "ofsi");
    /* 41 groups (SOURCES.md: "about 40 Group IDs"), each with a Sanction. */
    assert_int_equal(imp_count(doc, "records"), 82);
    assert_int_equal(imp_count(doc, "created"), 82);
    assert_int_equal(imp_count(doc, "skipped"), 0);
    /* No publication-date line: the latest "Last Updated" stands in. */
    assert_true(imp_file_has(src_path, ",20/02/2020,"));
    assert_string_equal(json_string_value(json_object_get(doc, "source_date")), "2020-02-20");
    json_decref(doc);
    cli_result_free(&r);
    return imp_fixture_load(f, state);
}

static void
test_ofsi__counts(void **state)
{
    imp_fixture *f = *state;

    assert_int_equal(imp_count_schema(&f->is, "Person", LIST), 32);
    assert_int_equal(imp_count_schema(&f->is, "Organization", LIST), 9);
    assert_int_equal(imp_count_schema(&f->is, "Sanction", LIST), 41);
}

/* Group 13814: five AKA rows and one Prime Alias row (lines 20-22, 28-30). */
static void
test_ofsi__group_with_prime_alias(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "13814"), *s;

    assert_true(imp_file_has(src_path, "ABBAS,Yasser,Aziz,,,,,22/08/1978,,,Syrian,"));
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Person");
    assert_has(e, "name", "Yasser Aziz ABBAS");
    assert_int_equal(imp_nvalues(e, "name"), 1);
    assert_has(e, "firstName", "Yasser");
    assert_has(e, "lastName", "ABBAS");
    assert_has(e, "alias", "Yaser Aziz ABAS");
    assert_has(e, "alias", "Yasr Aziz ABAS");
    assert_has(e, "alias", "Yasser Aziz ABAS");
    assert_has(e, "alias", "Yaser Aziz ABBAS");
    assert_has(e, "alias", "Yasr Aziz ABBAS");
    assert_int_equal(imp_nvalues(e, "alias"), 5);
    assert_has(e, "birthDate", "1978-08-22");
    assert_has(e, "nationality", "sy");
    assert_has(e, "program", "Syria");
    assert_has(e, "sourceDate", "2020-02-20");
    s = imp_find(&f->is, LIST, "13814:sanction");
    assert_non_null(s);
    assert_has(s, "entity", sanctum_entity_id(e));
    assert_has(s, "listingDate", "2020-02-17");
    assert_has(s, "authorityId", "13814");
    assert_has(s, "program", "Syria");
}

/* Group 13349: AKA rows only, partial dates 00/00/1980 and 00/00/1981. */
static void
test_ofsi__partial_dates_and_enumerations(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "13349"), *s;

    assert_non_null(e);
    /* No Prime Alias row: the first alias names the group. */
    assert_has(e, "name", "Sheikh Farooq AL-QAHTANI");
    assert_has(e, "alias", "Sheikh Farooq AL-QAHTANI");
    assert_has(e, "birthDate", "1980");
    assert_has(e, "birthDate", "1981");
    /* "1) Saudi Arabia 2) Qatar" */
    assert_has(e, "nationality", "sa");
    assert_has(e, "nationality", "qa");
    assert_has(e, "birthCountry", "sa");
    assert_has(e, "passportNumber", "592667");
    assert_has(e, "notes", "Passport details: Passport No: 592667 (Qatari passport issued on "
               "3 May 2007).");
    assert_has(e, "address", "Afghanistan (since 2009)");
    assert_has(e, "country", "af");
    s = imp_find(&f->is, LIST, "13349:sanction");
    assert_non_null(s);
    assert_has(s, "unscId", "QDe.004");
    assert_has(s, "listingDate", "2016-04-01");

    /* Group 12999: "(1) Ndele, Central African Republic (2) Algenana,
     * Sudan"; positions "a) General, b) Minister for Security, c) ...". */
    e = imp_find(&f->is, LIST, "12999");
    assert_non_null(e);
    assert_has(e, "birthPlace", "Ndele, Central African Republic");
    assert_has(e, "birthPlace", "Algenana, Sudan");
    assert_has(e, "position", "General");
    assert_has(e, "position", "Minister for Security");
    assert_has(e, "nationality", "cf");
    assert_has(e, "nationality", "sd");
    assert_has(e, "passportNumber", "D00001184");
    assert_has(e, "passportNumber", "P04838205");
    assert_has(e, "birthDate", "1970-01-01");
    assert_has(e, "birthDate", "1969");
}

/* Entities; Windows-1252 text decoded (’ is 0x92 in the file). */
static void
test_ofsi__entities_and_encoding(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "13188"), *s;
    size_t i;
    int found = 0;

    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Organization");
    assert_has(e, "name", "ANSAR AL SHARIA");
    s = imp_find(&f->is, LIST, "13188:sanction");
    assert_non_null(s);
    assert_has(s, "unscId", "QE.A.146.14");
    assert_has(s, "modifiedAt", "2014-12-02");
    for (i = 0; i < f->is.n; i++) {
        const char *notes = sanctum_entity_first(f->is.e[i], "notes");
        if (notes != NULL &&
            strstr(notes, "so-called \xE2\x80\x99" "2nd Army Corps\xE2\x80\x99 of the "
                          "\xE2\x80\x98Lugansk People\xC2\xB4s Republic\xE2\x80\x99") != NULL)
            found = 1;
    }
    assert_true(found);
}

/* A header whose extra columns cannot be explained is refused precisely. */
static void
test_ofsi__unexplained_header_is_refused(void **state)
{
    imp_fixture *f = *state;
    const char *path;
    cli_result r = { 0 };

    path = imp_patch(&f->s, "two-extra.csv", FILE_NAME, ",Name 6,", 8, ",,,Name 6,", 10);
    IMPORT_ADMIN(&r, &f->s, "--encoding", "windows-1252", "--dry-run", path);
    assert_exit(&r, 3);
    assert_err_has(&r, "two-extra.csv:2: 29 fields, the header has 32 headings");
    /* A header without the spurious column needs no warning. */
    path = imp_patch(&f->s, "fixed.csv", FILE_NAME, ",Name 6,", 8, "Name 6,", 7);
    IMPORT_ADMIN(&r, &f->s, "--encoding", "windows-1252", "--dry-run", path);
    assert_exit(&r, 0);
    assert_err_empty(&r);
    assert_out_has(&r, "checked 82 records");
    cli_result_free(&r);
}

static void
test_ofsi__reimport_is_idempotent(void **state)
{
    imp_fixture *f = *state;
    cli_result r = { 0 };
    json_t *doc;

    IMPORT_ADMIN(&r, &f->s, "--json", "--encoding", "windows-1252", src_path);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 82);
    json_decref(doc);
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ofsi__counts),
        cmocka_unit_test(test_ofsi__group_with_prime_alias),
        cmocka_unit_test(test_ofsi__partial_dates_and_enumerations),
        cmocka_unit_test(test_ofsi__entities_and_encoding),
        cmocka_unit_test(test_ofsi__unexplained_header_is_refused),
        cmocka_unit_test(test_ofsi__reimport_is_idempotent),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, imp_fixture_teardown);
}

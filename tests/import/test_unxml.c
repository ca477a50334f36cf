/* SPDX-License-Identifier: Apache-2.0 */
/* test_unxml.c - importing the real UN Security Council consolidated list XML extract. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_test.h"

#define LIST "un_sc_sanctions"

static char src_path[1024];

static int
setup(void **state)
{
    imp_fixture *f = imp_fixture_new("import-un");
    unsigned long long before;
    cli_result r = { 0 };
    json_t *doc;

    snprintf(src_path, sizeof src_path, "%s", tu_data("un-consolidated-sample.xml"));
    before = imp_audit_size(&f->s);
    /* Format detected from the file. */
    IMPORT_ADMIN(&r, &f->s, "--json", src_path);
    assert_exit(&r, 0);
    assert_err_empty(&r);
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "un-xml");
    /* SOURCES.md: 22 INDIVIDUAL and 7 ENTITY records, each with a Sanction. */
    assert_int_equal(imp_count(doc, "records"), 58);
    assert_int_equal(imp_count(doc, "created"), 58);
    /* The publication date is the list's dateGenerated. */
    assert_true(imp_file_has(src_path, "dateGenerated=\"2026-02-27T00:00:09.554Z\""));
    assert_string_equal(json_string_value(json_object_get(doc, "source_date")), "2026-02-27");
    json_decref(doc);
    assert_int_equal(imp_audit_size(&f->s), before + 1);
    cli_result_free(&r);
    return imp_fixture_load(f, state);
}

static void
test_unxml__counts(void **state)
{
    imp_fixture *f = *state;

    assert_int_equal(imp_count_schema(&f->is, "Person", LIST), 22);
    assert_int_equal(imp_count_schema(&f->is, "Organization", LIST), 7);
    assert_int_equal(imp_count_schema(&f->is, "Sanction", LIST), 29);
}

/* DATAID 6908048: names, original script, a Low alias (weak), exact date. */
static void
test_unxml__individual(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "6908048"), *s;

    assert_true(imp_file_has(src_path, "<DATAID>6908048</DATAID>"));
    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Person");
    assert_has(e, "name", "SADDAM HUSSEIN AL-TIKRITI");
    assert_has(e, "firstName", "SADDAM");
    assert_has(e, "alias", "\xD8\xB5\xD8\xAF\xD8\xA7\xD9\x85 \xD8\xAD\xD8\xB3\xD9\x8A\xD9\x86 "
                           "\xD8\xA7\xD9\x84\xD8\xAA\xD9\x83\xD8\xB1\xD9\x8A\xD8\xAA\xD9\x8A");
    assert_has(e, "weakAlias", "Abu Ali");
    assert_false(imp_has(e, "alias", "Abu Ali"));
    assert_has(e, "birthDate", "1937-04-28");
    assert_has(e, "birthPlace", "al-Awja, near Tikrit, Iraq");
    assert_has(e, "birthCountry", "iq");
    assert_has(e, "nationality", "iq");
    assert_has(e, "program", "Iraq");
    assert_has(e, "topics", "sanction");
    assert_has(e, "sourceDate", "2026-02-27");
    s = imp_find(&f->is, LIST, "6908048:sanction");
    assert_non_null(s);
    assert_has(s, "entity", sanctum_entity_id(e));
    assert_has(s, "unscId", "IQi.001");
    assert_has(s, "listingDate", "2003-06-27");
    assert_has(s, "authority", "United Nations Security Council");
    assert_has(s, "country", "zz");
}

/* 111038: approximate years, Good/Low aliases with a note, titles and
 * designations (one with a line break in the source). */
static void
test_unxml__approximate_dates_designations(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "111038"), *s;

    assert_non_null(e);
    assert_has(e, "name", "ALLAH DAD MATIN");
    assert_has(e, "birthDate", "1953");
    assert_has(e, "birthDate", "1960");
    assert_has(e, "alias", "Allahdad");
    assert_has(e, "alias", "Shahidwror");
    assert_has(e, "weakAlias", "Akhund");
    assert_has(e, "notes", "Allahdad: previously listed as");
    assert_has(e, "title", "Mullah");
    assert_has(e, "position", "President of Central Bank (Da Afghanistan Bank) under the "
               "Taliban regime");
    assert_has(e, "birthPlace", "Kadani village, Spin Boldak District, Kandahar Province, "
               "Afghanistan");
    assert_has(e, "nationality", "af");
    s = imp_find(&f->is, LIST, "111038:sanction");
    assert_non_null(s);
    assert_has(s, "modifiedAt", "2013-12-31");
    assert_has(s, "modifiedAt", "2003-09-03");
}

/* 111704: passports with issuing countries and a note; an address. */
static void
test_unxml__documents_and_addresses(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "111704");

    assert_non_null(e);
    assert_has(e, "passportNumber", "106261543");
    assert_has(e, "passportNumber", "1420529");
    assert_has(e, "notes", "Document: Passport, 1420529, Kuwait, Kuwait, and expired on "
               "31 Mar. 2006");
    assert_has(e, "address", "Block Four, Street 13, House #179, Kuwait City, Al-Riqqa area, "
               "Kuwait");
    assert_has(e, "country", "kw");
    /* 2833107: a national identification number. */
    e = imp_find(&f->is, LIST, "2833107");
    assert_non_null(e);
    assert_has(e, "idNumber", "3520025509842-7");
    assert_has(e, "address", "House No. 116E, Mohalla Johar, Lahore, Tehsil, Lahore City, "
               "Lahore District, Pakistan, location as of May 2008");
}

/* 6908402 (ADF): an entity with a.k.a. and f.k.a. aliases. */
static void
test_unxml__entity_aliases(void **state)
{
    imp_fixture *f = *state;
    sanctum_entity *e = imp_find(&f->is, LIST, "6908402");

    assert_non_null(e);
    assert_string_equal(sanctum_entity_schema(e), "Organization");
    assert_has(e, "name", "ADF");
    assert_has(e, "alias", "Allied Democratic Forces");
    assert_has(e, "previousName", "ADF/NALU");
    assert_has(e, "previousName", "NALU");
    assert_has(e, "previousName", "Forces D\xC3\xA9mocratiques Alli\xC3\xA9" "es-Arm\xC3\xA9" "e "
               "Nationale de Lib\xC3\xA9ration de l\xE2\x80\x99Ouganda");
    assert_has(e, "address", "North Kivu, Democratic Republic of the Congo");
    assert_has(e, "country", "cd");
}

/* BETWEEN dates (not in the extract): each year of the range. */
static void
test_unxml__between_dates(void **state)
{
    imp_fixture *f = *state;
    const char *xml =
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<CONSOLIDATED_LIST dateGenerated=\"2026-03-01T00:00:00Z\">\n"
        " <INDIVIDUALS>\n"
        "  <INDIVIDUAL><DATAID>900001</DATAID><FIRST_NAME>TEST</FIRST_NAME>\n"
        "   <SECOND_NAME>PERSON</SECOND_NAME><UN_LIST_TYPE>Test</UN_LIST_TYPE>\n"
        "   <REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER><LISTED_ON>2020-01-02</LISTED_ON>\n"
        "   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\n"
        "    <FROM_YEAR>1961</FROM_YEAR><TO_YEAR>1963</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>\n"
        "  </INDIVIDUAL>\n"
        " </INDIVIDUALS>\n"
        " <ENTITIES/>\n"
        "</CONSOLIDATED_LIST>\n";
    const char *path = IMP_WRITE_STR(&f->s, "between.xml", xml);
    cli_result r = { 0 };
    imp_store is;
    sanctum_entity *e;

    IMPORT_ADMIN(&r, &f->s, "--format", "un-xml", "--list", "un_test", "--level", "sensitive",
                 path);
    assert_exit(&r, 0);
    cli_result_free(&r);
    imp_load(&is, &f->s);
    e = imp_find(&is, "un_test", "900001");
    assert_non_null(e);
    assert_has(e, "name", "TEST PERSON");
    assert_has(e, "birthDate", "1961");
    assert_has(e, "birthDate", "1962");
    assert_has(e, "birthDate", "1963");
    assert_int_equal(imp_nvalues(e, "birthDate"), 3);
    assert_has(e, "sourceDate", "2026-03-01");
    /* --level: every imported value at that level. */
    assert_int_equal(imp_level(e, "name", "TEST PERSON"), SANCTUM_LEVEL_SENSITIVE);
    assert_int_equal(imp_level(e, "birthDate", "1962"), SANCTUM_LEVEL_SENSITIVE);
    assert_int_equal(imp_level(e, "sourceId", "900001"), SANCTUM_LEVEL_SENSITIVE);
    imp_unload(&is);
}

static void
test_unxml__reimport_is_idempotent(void **state)
{
    imp_fixture *f = *state;
    cli_result r = { 0 };
    json_t *doc;

    IMPORT_ADMIN(&r, &f->s, "--json", src_path);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 58);
    json_decref(doc);
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unxml__counts),
        cmocka_unit_test(test_unxml__individual),
        cmocka_unit_test(test_unxml__approximate_dates_designations),
        cmocka_unit_test(test_unxml__documents_and_addresses),
        cmocka_unit_test(test_unxml__entity_aliases),
        cmocka_unit_test(test_unxml__between_dates),
        cmocka_unit_test(test_unxml__reimport_is_idempotent),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, imp_fixture_teardown);
}

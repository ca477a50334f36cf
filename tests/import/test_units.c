/* SPDX-License-Identifier: Apache-2.0 */
/* test_units.c - the importer's helpers: list dates, country names, remarks, detection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "imp.h"

static void
test_units__ofac_dates(void **state)
{
    imp_dates d;

    (void)state;
    assert_int_equal(imp_date_ofac(&d, "01 Jan 1960"), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.v[0], "1960-01-01");
    assert_int_equal(imp_date_ofac(&d, "Jan 1960"), 0);
    assert_string_equal(d.v[0], "1960-01");
    assert_int_equal(imp_date_ofac(&d, "1960"), 0);
    assert_string_equal(d.v[0], "1960");
    assert_int_equal(imp_date_ofac(&d, "circa 1960"), 0);
    assert_string_equal(d.v[0], "1960");
    assert_int_equal(imp_date_ofac(&d, "circa 05 Feb 1961"), 0);
    assert_string_equal(d.v[0], "1961-02-05");
    assert_int_equal(imp_date_ofac(&d, "1960 to 1962"), 0);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.v[0], "1960");
    assert_string_equal(d.v[1], "1961");
    assert_string_equal(d.v[2], "1962");
    assert_int_equal(imp_date_ofac(&d, "circa 1979-1982"), 0);
    assert_int_equal(d.n, 4);
    assert_int_equal(imp_date_ofac(&d, "01 Jan 1960 to 05 Feb 1961"), 0);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.v[0], "1960-01-01");
    assert_string_equal(d.v[1], "1961-02-05");
    /* A wide range keeps its ends only. */
    assert_int_equal(imp_date_ofac(&d, "1900 to 1990"), 0);
    assert_int_equal(d.n, 2);
    assert_int_equal(imp_date_ofac(&d, "01 Foo 1960"), -1);
    assert_int_equal(imp_date_ofac(&d, "1962 to 1960"), -1);
    assert_int_equal(imp_date_ofac(&d, "sometime"), -1);
    assert_int_equal(imp_date_ofac(&d, "1960; POB"), -1);
}

static void
test_units__dmy_and_iso_dates(void **state)
{
    char out[11];

    (void)state;
    assert_int_equal(imp_date_dmy(out, "22/08/1978"), 0);
    assert_string_equal(out, "1978-08-22");
    assert_int_equal(imp_date_dmy(out, "00/00/1980"), 0);
    assert_string_equal(out, "1980");
    assert_int_equal(imp_date_dmy(out, "00/05/1980"), 0);
    assert_string_equal(out, "1980-05");
    assert_int_equal(imp_date_dmy(out, "00/00/0000"), 1);
    assert_int_equal(imp_date_dmy(out, "05/00/1980"), -1);
    assert_int_equal(imp_date_dmy(out, "1980"), -1);
    assert_int_equal(imp_date_dmy(out, "32/01/1980"), -1);
    assert_int_equal(imp_date_iso(out, "2026-02-27T00:00:09.554Z"), 0);
    assert_string_equal(out, "2026-02-27");
    assert_int_equal(imp_date_iso(out, "1974"), 0);
    assert_string_equal(out, "1974");
    assert_int_equal(imp_date_iso(out, "27/02/2026"), -1);
    assert_true(imp_date_valid("2021-07-07"));
    assert_false(imp_date_valid("0000"));
    assert_false(imp_date_valid("2021-7-7"));
}

static void
test_units__country_names(void **state)
{
    static const struct { const char *name, *code; } cases[] = {
        { "Cuba", "cu" }, { "CUBA", "cu" }, { "Korea, North", "kp" },
        { "Democratic People's Republic of Korea", "kp" }, { "Burma", "mm" },
        { "Iran (Islamic Republic of)", "ir" }, { "Iran", "ir" },
        { "Syrian Arab Republic", "sy" }, { "Russian Federation", "ru" },
        { "the Russian Federation", "ru" }, { "Congo, Democratic Republic of the", "cd" },
        { "Democratic Republic of the Congo", "cd" }, { "Congo", "cg" },
        { "Cote d Ivoire", "ci" }, { "C\xC3\xB4te d'Ivoire", "ci" },
        { "United Kingdom of Great Britain and Northern Ireland", "gb" }, { "U.K.", "gb" },
        { "United States of America", "us" }, { "St. Kitts & Nevis", "kn" },
        { "St Kitts and Nevis", "kn" }, { "Bosnia-Herzegovina", "ba" },
        { "Virgin Islands, British", "vg" }, { "The Gambia", "gm" }, { "Bahamas, The", "bs" },
        { "Kosovo", "xk" }, { "Serbia and Montenegro", "csxx" }, { "USSR", "suhh" },
        { "West Bank", "ps" }, { "Syrian", "sy" }, { "Iraqi", "iq" }, { "Saudi", "sa" },
        { "T\xC3\xBCrkiye", "tr" }, { "Turkey", "tr" }, { "Viet Nam", "vn" },
        { "Macedonia, The Former Yugoslav Republic of", "mk" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = imp_country(cases[i].name);
        if (got == NULL || strcmp(got, cases[i].code) != 0)
            fail_msg("\"%s\": %s, expected %s", cases[i].name, got ? got : "(none)",
                     cases[i].code);
    }
    assert_null(imp_country("None Identified"));
    assert_null(imp_country("Netherlands Antilles"));
    assert_null(imp_country("\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F"));
    assert_null(imp_country(""));
    assert_string_equal(imp_country_loose("Afghanistan (since 2009)"), "af");
    assert_string_equal(imp_country_loose("Tunisi (Tunisia)"), "tn");
    assert_string_equal(imp_country_loose("Region: Gaza"), "ps");
    assert_null(imp_country_loose("Region: Kafia Kingi"));
}

/* Remarks into properties of a scratch row. */
static void
test_units__ofac_remarks(void **state)
{
    imp_opts opts;
    imp_set *set = NULL;
    imp_row row;
    imp_pos pos = { "test", 1, 0, NULL };

    (void)state;
    memset(&opts, 0, sizeof opts);
    opts.level = SANCTUM_LEVEL_OFFICIAL;
    opts.list = "test";
    assert_int_equal(imp_set_new(&set, &opts), 0);
    assert_int_equal(imp_row_begin(&row, set, "Person", &pos), 0);
    assert_int_equal(imp_ofac_remarks(&row,
                     "DOB 19 Jun 1951; alt. DOB circa 1950; POB Giza, Egypt; nationality "
                     "Korea, North; citizen Unknownland; Passport 1084010 (Egypt) issued 01 Jan "
                     "2000; alt. Passport P 182583 expires 12 Sep 2007; Gender Male; "
                     "National ID No. D5545251 (Hong Kong); Tax ID No. 7802059185 (Russia); "
                     "SSN 548-91-5411 (United States); Email Address x@example.org; "
                     "Website www.example.org; Linked To: SOMETHING; Vessel Registration "
                     "Identification IMO 8330815; DOB 31 Feb 1960."),
                     0);
    assert_string_equal(sanctum_entity_first(row.e, "birthDate"), "1951-06-19");
    assert_int_equal(sanctum_entity_count(row.e), 13);
    assert_string_equal(sanctum_entity_first(row.e, "birthPlace"), "Giza, Egypt");
    assert_string_equal(sanctum_entity_first(row.e, "birthCountry"), "eg");
    assert_string_equal(sanctum_entity_first(row.e, "nationality"), "kp");
    /* An unknown country is left to the notes (no citizenship value). */
    assert_null(sanctum_entity_first(row.e, "citizenship"));
    assert_string_equal(sanctum_entity_first(row.e, "passportNumber"), "1084010");
    assert_string_equal(sanctum_entity_first(row.e, "gender"), "male");
    assert_string_equal(sanctum_entity_first(row.e, "idNumber"), "D5545251");
    assert_string_equal(sanctum_entity_first(row.e, "taxNumber"), "7802059185");
    assert_string_equal(sanctum_entity_first(row.e, "socialSecurityNumber"), "548-91-5411");
    assert_string_equal(sanctum_entity_first(row.e, "email"), "x@example.org");
    assert_string_equal(sanctum_entity_first(row.e, "website"), "http://www.example.org");
    /* A Person has no IMO number; 31 Feb is no date: both left in notes. */
    assert_null(sanctum_entity_first(row.e, "imoNumber"));
    imp_row_abort(&row);

    assert_int_equal(imp_row_begin(&row, set, "Vessel", &pos), 0);
    assert_int_equal(imp_ofac_remarks(&row, "Vessel Registration Identification IMO 8330815; "
                                            "MMSI 572459210; Former Vessel Flag Malta; "
                                            "Passport 123456."),
                     0);
    assert_string_equal(sanctum_entity_first(row.e, "imoNumber"), "IMO8330815");
    assert_string_equal(sanctum_entity_first(row.e, "mmsi"), "572459210");
    assert_string_equal(sanctum_entity_first(row.e, "pastFlags"), "mt");
    assert_null(sanctum_entity_first(row.e, "passportNumber"));
    imp_row_abort(&row);
    imp_set_free(set);
}

/* The detected format of a shared data file (asserting it could be read). */
static imp_format
detected(const char *name)
{
    imp_format f = IMP_FMT_NONE;

    assert_int_equal(imp_detect(&f, tu_data(name)), 0);
    return f;
}

/* The OFAC role (field count) of a shared data file, likewise. */
static int
ofac_fields(const char *name)
{
    int n = 0;

    assert_int_equal(imp_ofac_fields(&n, tu_data(name)), 0);
    return n;
}

static void
test_units__detect(void **state)
{
    imp_format f = IMP_FMT_OFAC;
    int n = 12;

    (void)state;
    assert_int_equal(detected("ofac-sdn.csv"), IMP_FMT_OFAC);
    assert_int_equal(detected("ofac-alt.csv"), IMP_FMT_OFAC);
    assert_int_equal(detected("ofac-add.csv"), IMP_FMT_OFAC);
    assert_int_equal(detected("ofac-sdn_comments.csv"), IMP_FMT_OFAC);
    assert_int_equal(detected("ofsi-conlist-2020-extract.csv"), IMP_FMT_OFSI);
    assert_int_equal(detected("un-consolidated-sample.xml"), IMP_FMT_UNXML);
    assert_int_equal(detected("yente-zala-entities.ftm.json"), IMP_FMT_FTM);
    assert_int_equal(detected("yente-negatives_us.csv"), IMP_FMT_NONE);
    assert_int_equal(detected("jellyfish-README.md"), IMP_FMT_NONE);
    assert_int_equal(ofac_fields("ofac-sdn.csv"), 12);
    assert_int_equal(ofac_fields("ofac-alt.csv"), 5);
    assert_int_equal(ofac_fields("ofac-add.csv"), 6);
    assert_int_equal(ofac_fields("ofac-sdn_comments.csv"), 2);
    assert_int_equal(ofac_fields("un-consolidated-sample.xml"), -1);
    /* A file that cannot be read is an error, not an unknown format. */
    assert_int_equal(imp_detect(&f, tu_data("no-such-file.csv")), 4);
    assert_int_equal(f, IMP_FMT_NONE);
    assert_int_equal(imp_ofac_fields(&n, tu_data("no-such-file.csv")), 4);
    assert_int_equal(n, -1);
    assert_int_equal(imp_detect(&f, "/tmp"), 2);
}

static void
test_units__utf8_check(void **state)
{
    (void)state;
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"abc", 3), 3);
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"a\xC3\xA9z", 4), 4);
    /* Overlong, surrogate, above U+10FFFF, truncated. */
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"a\xC0\xAF", 3), 1);
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"a\xED\xA0\x80", 4), 1);
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"\xF4\x90\x80\x80", 4), 0);
    assert_int_equal(imp_utf8_bad_at((const unsigned char *)"ab\xE2\x82", 4), 2);
    assert_int_equal(imp_char_col("a\xC3\xA9z", 3), 3);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units__ofac_dates),
        cmocka_unit_test(test_units__dmy_and_iso_dates),
        cmocka_unit_test(test_units__country_names),
        cmocka_unit_test(test_units__ofac_remarks),
        cmocka_unit_test(test_units__detect),
        cmocka_unit_test(test_units__utf8_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* values.c - sanctum__value_check accepts, normalises and refuses per type. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "schema.h"

/* A fresh id of 40 random bits: a sequence of one. */
static int
one_id(char out[SANCTUM__ID_MAX], const sanctum__schema *s)
{
    sanctum__id_seq q;

    sanctum__id_seq_init(&q, 1);
    return sanctum__id_seq_next(&q, out, s);
}

static const sanctum__prop *
prop(const char *schema, const char *name)
{
    const sanctum__prop *p = sanctum__schema_prop(sanctum__schema_find(schema), name);

    if (p == NULL)
        fail_msg("no property %s.%s", schema, name);
    return p;
}

/* Check `in` as schema.name with flags; returns the code, output in out. */
static int
check_ex(const char *schema, const char *name, const char *in, size_t len,
         char *out, size_t cap, unsigned int flags)
{
    return sanctum__value_check_ex(sanctum__schema_find(schema), prop(schema, name),
                                   in, len, out, cap, flags);
}

/* `in` is accepted and normalised to `want`. */
static void
ok_as(const char *schema, const char *name, const char *in, const char *want,
      unsigned int flags)
{
    size_t len = strlen(in);
    char *out = malloc(len + 1);
    int rc;

    assert_non_null(out);
    rc = check_ex(schema, name, in, len, out, len + 1, flags);
    if (rc != 0)
        fail_msg("%s.%s refused \"%s\": %s", schema, name, in, sanctum_last_error());
    if (strcmp(out, want) != 0)
        fail_msg("%s.%s: \"%s\" gave \"%s\", want \"%s\"", schema, name, in, out, want);
    free(out);
}

#define OK(schema, name, in) ok_as(schema, name, in, in, 0)

/* `in` (len bytes) is refused with SANCTUM_EINVAL, and the detail starts
 * with "Schema.prop: " (that it never echoes the value is checked with
 * distinctive values in test_schema_values__details_never_echo). */
static void
bad_len(const char *schema, const char *name, const char *in, size_t len,
        unsigned int flags)
{
    char *out = malloc(len + 1);
    char prefix[128];
    int rc;

    assert_non_null(out);
    rc = check_ex(schema, name, in, len, out, len + 1, flags);
    if (rc != SANCTUM_EINVAL)
        fail_msg("%s.%s accepted \"%.*s\" as \"%s\"", schema, name, (int)len, in, out);
    assert_string_equal(out, "");
    snprintf(prefix, sizeof prefix, "%s.%s: ", schema, name);
    assert_true(strncmp(sanctum_last_error(), prefix, strlen(prefix)) == 0);
    free(out);
}

#define BAD(schema, name, in) bad_len(schema, name, in, strlen(in), 0)

static void
test_schema_values__dates(void **state)
{
    (void)state;
    OK("Person", "birthDate", "1980");
    OK("Person", "birthDate", "1980-05");
    OK("Person", "birthDate", "1980-02-29");
    OK("Person", "birthDate", "2000-02-29");
    OK("Person", "birthDate", "1980-12-31");
    OK("Person", "birthDate", "0001-01-01");
    OK("Sanction", "listingDate", "2024-03-28T18:57");
    OK("Sanction", "listingDate", "2024-03-28T18:57:01");
    ok_as("Sanction", "listingDate", "2024-03-28T18:57:01Z", "2024-03-28T18:57:01", 0);
    ok_as("Sanction", "listingDate", "2024-03-28T18:57Z", "2024-03-28T18:57", 0);
    ok_as("Person", "birthDate", "  1980-05-01\n", "1980-05-01", 0);

    BAD("Person", "birthDate", "1981-02-29");
    BAD("Person", "birthDate", "1900-02-29");
    BAD("Person", "birthDate", "1980-04-31");
    BAD("Person", "birthDate", "1980-13");
    BAD("Person", "birthDate", "1980-00");
    BAD("Person", "birthDate", "1980-05-00");
    BAD("Person", "birthDate", "0000");
    BAD("Person", "birthDate", "80");
    BAD("Person", "birthDate", "1980-5");
    BAD("Person", "birthDate", "1980-05-1");
    BAD("Person", "birthDate", "1980-05-01x");
    BAD("Person", "birthDate", "1980/05/01");
    BAD("Person", "birthDate", "01.05.1980");
    BAD("Person", "birthDate", "1980-05-01 12:00");
    BAD("Person", "birthDate", "1980-05-01T24:00");
    BAD("Person", "birthDate", "1980-05-01T12:60");
    BAD("Person", "birthDate", "1980-05-01T12:30:60");
    BAD("Person", "birthDate", "1980-05-01T12:30+01:00");
    BAD("Person", "birthDate", "1980-05-01Z");
    BAD("Person", "birthDate", "");
    BAD("Person", "birthDate", "   ");
    assert_true(strstr(sanctum_last_error(), "empty") != NULL);
    BAD("Person", "birthDate", "19800");
    assert_string_equal(sanctum_last_error(),
        "Person.birthDate: not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or "
        "YYYY-MM-DDTHH:MM[:SS])");

    assert_true(sanctum__date_valid("1980-02-29", 10));
    assert_false(sanctum__date_valid("1981-02-29", 10));
    assert_false(sanctum__date_valid("1980-02-29", 9));   /* partial length */
    assert_false(sanctum__date_valid(NULL, 0));
}

/* The ISO part of the table equals the system's copy of ISO 3166-1 (tzdata). */
static void
check_against_tzdata(void)
{
    unsigned char *tab = tu_read_file("/usr/share/zoneinfo/iso3166.tab", NULL);
    char *line, *save = NULL;
    size_t seen = 0;

    if (tab == NULL)
        return;   /* tzdata not installed: nothing to compare with */
    for (line = strtok_r((char *)tab, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        if (!sanctum__country_valid(line, 2))
            fail_msg("tzdata country %.2s missing", line);
        seen++;
    }
    assert_int_equal(seen, 249);
    free(tab);
}

static void
test_schema_values__countries(void **state)
{
    size_t i, two = 0;

    (void)state;
    OK("Person", "nationality", "al");
    ok_as("Person", "nationality", "AL", "al", 0);
    ok_as("Person", "nationality", " Gb ", "gb", 0);
    OK("Person", "country", "xk");
    OK("Sanction", "country", "eu");
    OK("Sanction", "country", "zz");
    ok_as("Person", "birthCountry", "SUHH", "suhh", 0);
    OK("Vessel", "flag", "ge-ab");
    ok_as("Address", "country", "GB-SCT", "gb-sct", 0);

    BAD("Person", "nationality", "xx");
    BAD("Person", "nationality", "uk");
    BAD("Person", "nationality", "alb");
    BAD("Person", "nationality", "a1");
    BAD("Person", "nationality", "g");
    BAD("Person", "nationality", "ddr");
    BAD("Person", "nationality", "x-so");
    BAD("Person", "nationality", "");
    BAD("Person", "nationality", "Russia");

    assert_int_equal(sanctum__country_count(), 249 + 9);
    for (i = 0; i < sanctum__country_count(); i++) {
        const char *c = sanctum__country_at(i);

        assert_true(sanctum__country_valid(c, strlen(c)));
        two += strlen(c) == 2 && strcmp(c, "eu") != 0 && strcmp(c, "xk") != 0 &&
               strcmp(c, "zz") != 0;
    }
    assert_int_equal(two, 249);
    assert_null(sanctum__country_at(sanctum__country_count()));
    assert_true(sanctum__country_valid("AL", 2));
    assert_false(sanctum__country_valid("al", 1));
    assert_false(sanctum__country_valid(NULL, 2));
    check_against_tzdata();
}

static void
test_schema_values__entity_refs(void **state)
{
    char id[SANCTUM__ID_MAX], out[64];

    (void)state;
    OK("Ownership", "owner", "PER-7K3M-Q9XD");
    OK("Ownership", "owner", "COM-7K3M-Q9XD");
    OK("Ownership", "owner", "LEG-0000-0000");
    OK("Ownership", "asset", "COM-7K3M-Q9XD");
    OK("Ownership", "asset", "VES-7K3M-Q9XD");
    OK("Sanction", "entity", "ADR-7K3M-Q9XD");
    OK("Evidence", "case", "CAS-7K3M-Q9XD");
    ok_as("Ownership", "owner", "per-7k3m-q9xd", "PER-7K3M-Q9XD", 0);
    ok_as("Family", "person", " PER-OOOO-ILIL ", "PER-0000-1111", 0);
    ok_as("Family", "person", "PER-7K3M-Q9XD", "PER-7K3M-Q9XD", SANCTUM__VC_FOREIGN_REF);

    BAD("Ownership", "owner", "VES-7K3M-Q9XD");
    assert_string_equal(sanctum_last_error(),
        "Ownership.owner: expected a reference to a LegalEntity, not a Vessel");
    BAD("Ownership", "asset", "PER-7K3M-Q9XD");
    BAD("Family", "relative", "COM-7K3M-Q9XD");
    BAD("Sanction", "entity", "OWN-7K3M-Q9XD");
    BAD("Evidence", "case", "PER-7K3M-Q9XD");
    BAD("Person", "addressEntity", "PER-7K3M-Q9XD");
    BAD("Ownership", "owner", "NK-2Tbri3s6GgNtAwsSXh4qpL");
    BAD("Ownership", "owner", "XYZ-7K3M-Q9XD");
    BAD("Ownership", "owner", "PER-7K3M-Q9XU");
    BAD("Ownership", "owner", "PER-7K3MQ9XD");

    /* Foreign (FtM) ids only with the flag, kept verbatim. */
    ok_as("Ownership", "owner", "NK-2Tbri3s6GgNtAwsSXh4qpL", "NK-2Tbri3s6GgNtAwsSXh4qpL",
          SANCTUM__VC_FOREIGN_REF);
    ok_as("Person", "addressEntity", "addr-bb65387b6e14a1dba2427e79358ba418377b9f28",
          "addr-bb65387b6e14a1dba2427e79358ba418377b9f28", SANCTUM__VC_FOREIGN_REF);
    ok_as("Sanction", "entity", "ofac-46001", "ofac-46001", SANCTUM__VC_FOREIGN_REF);
    bad_len("Ownership", "owner", "a b", 3, SANCTUM__VC_FOREIGN_REF);
    bad_len("Ownership", "owner", "-abc", 4, SANCTUM__VC_FOREIGN_REF);
    bad_len("Ownership", "owner", "abc/def", 7, SANCTUM__VC_FOREIGN_REF);
    /* A sanctum id out of range stays refused even with the flag. */
    bad_len("Ownership", "owner", "VES-7K3M-Q9XD", 13, SANCTUM__VC_FOREIGN_REF);

    /* Freshly generated ids pass. */
    assert_int_equal(one_id(id, sanctum__schema_find("Company")), 0);
    assert_int_equal(check_ex("Ownership", "asset", id, strlen(id), out, sizeof out, 0), 0);
    assert_string_equal(out, id);
}

static void
test_schema_values__email_phone_url(void **state)
{
    (void)state;
    OK("Company", "email", "info@zala.ru");
    OK("Company", "email", "20shrhrabota@gmail.com");
    OK("Company", "email", "first.last+tag@sub.example.co.uk");
    ok_as("Company", "email", "Info@ZALA.Aero", "Info@zala.aero", 0);
    OK("Company", "email", "a@пример.рф");
    BAD("Company", "email", "info.zala.ru");
    BAD("Company", "email", "info@zala");
    BAD("Company", "email", "@zala.ru");
    BAD("Company", "email", "a@@zala.ru");
    BAD("Company", "email", "a@b@zala.ru");
    BAD("Company", "email", "a b@zala.ru");
    BAD("Company", "email", "a@zala..ru");
    BAD("Company", "email", "a@.zala.ru");
    BAD("Company", "email", "a@zala.ru.");
    BAD("Company", "email", "a@za la.ru");
    BAD("Company", "email", "a@-zala.ru");

    OK("Company", "phone", "+74996730505");
    OK("Company", "phone", "+7 (3412) 43-05-05; +7 (951) 210-81-28; +7 (912) 769-33-11");
    OK("Person", "phone", "020 7946 0000 ext. 12");
    BAD("Company", "phone", "12");
    BAD("Company", "phone", "call me");
    BAD("Company", "phone", "Téléphone 123");

    OK("Company", "website", "https://zala-aero.com/");
    OK("Company", "sourceUrl", "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=46001");
    OK("Company", "sourceUrl", "ftp://ftp.example.org/list.csv");
    OK("Company", "sourceUrl", "https://ru.wikipedia.org/wiki/Калашников");
    ok_as("Company", "website", "HTTPS://Zala-Aero.com/", "https://Zala-Aero.com/", 0);
    BAD("Company", "website", "zala-aero.com");
    BAD("Company", "website", "https://");
    BAD("Company", "website", "https:///path");
    BAD("Company", "website", "https://zala aero.com");
    BAD("Company", "website", "javascript:alert(1)");
    BAD("Company", "website", "mailto:info@zala.ru");
    BAD("Company", "website", "file:///etc/passwd");
}

static void
test_schema_values__number_enum_gender_topic_language(void **state)
{
    (void)state;
    OK("Vessel", "tonnage", "100");
    OK("Vessel", "tonnage", "-1.5");
    OK("Vessel", "tonnage", "0.25");
    ok_as("Vessel", "tonnage", "+3", "3", 0);
    ok_as("Vessel", "tonnage", " 42 ", "42", 0);
    BAD("Vessel", "tonnage", "1,000");
    BAD("Vessel", "tonnage", "1.");
    BAD("Vessel", "tonnage", ".5");
    BAD("Vessel", "tonnage", "abc");
    BAD("Vessel", "tonnage", "1e5");
    BAD("Vessel", "tonnage", "--1");
    BAD("Vessel", "tonnage", "+");

    OK("Case", "measures", "asset-freeze");
    OK("Case", "measures", "director-disqualification");
    OK("Case", "status", "lead");
    OK("Case", "classification", "secret");
    OK("Person", "role", "money-mover");
    OK("Company", "role", "safe-house");
    BAD("Case", "measures", "Asset-Freeze");
    BAD("Case", "measures", "asset freeze");
    BAD("Case", "status", "open");
    BAD("Person", "role", "boss");
    assert_string_equal(sanctum_last_error(),
        "Person.role: not one of organiser transporter forger supplier "
        "money-mover recruiter safe-house official other-enabler");

    OK("Person", "gender", "female");
    ok_as("Person", "gender", "Male", "male", 0);
    ok_as("Passport", "gender", "OTHER", "other", 0);
    BAD("Person", "gender", "unknown");
    BAD("Person", "gender", "m");

    OK("Person", "topics", "sanction");
    OK("Person", "topics", "role.pep");
    OK("Person", "topics", "export.control");
    ok_as("Person", "topics", "Sanction.Linked", "sanction.linked", 0);
    BAD("Person", "topics", "1abc");
    BAD("Person", "topics", "role pep");
    BAD("Person", "topics", ".x");

    OK("Person", "spokenLanguage", "en");
    ok_as("Person", "spokenLanguage", "RUS", "rus", 0);
    BAD("Person", "spokenLanguage", "e");
    BAD("Person", "spokenLanguage", "engl");
    BAD("Person", "spokenLanguage", "e1");
}

/* A string of n copies of c (malloc'd). */
static char *
repeat(char c, size_t n)
{
    char *s = malloc(n + 1);

    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void
test_schema_values__length_limits(void **state)
{
    static const struct { const char *schema, *prop; size_t max; } lim[] = {
        { "Person", "name", SANCTUM__VALUE_MAX },
        { "Person", "position", SANCTUM__VALUE_MAX },
        { "Person", "notes", SANCTUM__TEXT_MAX },
        { "Person", "passportNumber", SANCTUM__IDENT_MAX },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof lim / sizeof lim[0]; i++) {
        char *s = repeat('a', lim[i].max + 1);
        char *padded;

        ok_as(lim[i].schema, lim[i].prop, s + 1, s + 1, 0);           /* exactly max */
        bad_len(lim[i].schema, lim[i].prop, s, lim[i].max + 1, 0);   /* max + 1 */
        assert_true(strstr(sanctum_last_error(), "too long") != NULL);
        /* Surrounding white space does not count. */
        padded = malloc(lim[i].max + 5);
        assert_non_null(padded);
        snprintf(padded, lim[i].max + 5, "  %s  ", s + 1);
        ok_as(lim[i].schema, lim[i].prop, padded, s + 1, 0);
        free(padded);
        free(s);
    }
}

static void
test_schema_values__utf8_and_controls(void **state)
{
    static const char *const invalid[] = {
        "ab\xC3\x28", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
        "\xF4\x90\x80\x80", "\xE2\x82", "\xFF", "\x80x", "a\xF8\x88\x80\x80\x80",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        bad_len("Person", "name", invalid[i], strlen(invalid[i]), 0);
        assert_true(strstr(sanctum_last_error(), "UTF-8") != NULL);
        bad_len("Person", "notes", invalid[i], strlen(invalid[i]), 0);
    }
    bad_len("Person", "name", "ab\0cd", 5, 0);
    assert_true(strstr(sanctum_last_error(), "NUL") != NULL);
    bad_len("Person", "notes", "ab\0cd", 5, 0);

    /* Multi-script names are fine. */
    OK("Person", "name", "Мария Александровна Осетрова");
    OK("Person", "name", "Εταιρία περιορισμένης ευθύνης “Inter Tobacco”");
    OK("Person", "name", "محمد");
    OK("Person", "name", "a  b");   /* inner spaces are kept */

    /* One-line types refuse every control character. */
    BAD("Person", "name", "a\tb");
    BAD("Person", "name", "a\nb");
    BAD("Person", "name", "a\rb");
    BAD("Person", "name", "a\x01" "b");
    BAD("Person", "name", "a\x7F" "b");
    BAD("Person", "name", "a\xC2\x85" "b");     /* U+0085 NEL (C1) */
    BAD("Person", "name", "a\xC2\x9B" "b");     /* U+009B CSI (C1) */
    BAD("Person", "passportNumber", "12\n34");
    ok_as("Person", "birthDate", "1980\n", "1980", 0);  /* trailing: trimmed */

    /* Text keeps \n and \t, turns CR LF into LF, refuses other controls. */
    OK("Person", "notes", "line one\nline two\twith tab");
    ok_as("Person", "notes", "a\r\nb\r\n\r\nc", "a\nb\n\nc", 0);
    BAD("Person", "notes", "a\rb");
    BAD("Person", "notes", "a\x1b[31mred");
    BAD("Person", "notes", "a\xC2\x85" "b");

    /* Unicode white space and a BOM are trimmed. */
    ok_as("Person", "name", "\xEF\xBB\xBF" "Name", "Name", 0);
    ok_as("Person", "name", "\xC2\xA0Name\xE3\x80\x80", "Name", 0);
    ok_as("Person", "name", "\xE2\x80\x8B Name \xE2\x80\xAF", "Name", 0);
    BAD("Person", "name", "\xC2\xA0\xE3\x80\x80 \t");
}

static void
test_schema_values__buffers_and_details(void **state)
{
    const sanctum__schema *per = sanctum__schema_find("Person");
    const sanctum__prop *p = prop("Person", "birthDate");
    char buf[64], small[4];

    (void)state;
    /* In place. */
    strcpy(buf, "  1980-05-01T10:00:00Z ");
    assert_int_equal(sanctum__value_check(per, p, buf, strlen(buf), buf, sizeof buf), 0);
    assert_string_equal(buf, "1980-05-01T10:00:00");
    strcpy(buf, " AL ");
    assert_int_equal(sanctum__value_check(per, prop("Person", "country"), buf, strlen(buf),
                                          buf, sizeof buf), 0);
    assert_string_equal(buf, "al");

    /* Output too small for the trimmed value. */
    assert_int_equal(sanctum__value_check(per, p, "1980-05", 7, small, sizeof small),
                     SANCTUM_EINVAL);
    assert_string_equal(small, "");
    /* ... but the trimmed value is what counts. */
    assert_int_equal(sanctum__value_check(per, p, "  1980  ", 8, buf, 5), 0);
    assert_string_equal(buf, "1980");

    /* Not NUL-terminated input: only len bytes are read. */
    assert_int_equal(sanctum__value_check(per, p, "1980-05-01junk", 10, buf, sizeof buf), 0);
    assert_string_equal(buf, "1980-05-01");

    /* The detail names schema and property, never the value. */
    assert_int_equal(sanctum__value_check(per, p, "SECRET-VALUE", 12, buf, sizeof buf),
                     SANCTUM_EINVAL);
    assert_true(strncmp(sanctum_last_error(), "Person.birthDate: ", 18) == 0);
    assert_null(strstr(sanctum_last_error(), "SECRET"));
    assert_int_equal(sanctum_last_error_code(), SANCTUM_EINVAL);

    /* Without a schema, the property alone is named. */
    assert_int_equal(sanctum__value_check(NULL, p, "x", 1, buf, sizeof buf), SANCTUM_EINVAL);
    assert_true(strncmp(sanctum_last_error(), "property birthDate: ", 20) == 0);

    /* Missing property or buffer. */
    assert_int_equal(sanctum__value_check(per, NULL, "1980", 4, buf, sizeof buf),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum__value_check(per, p, "1980", 4, NULL, 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum__value_check(per, p, NULL, 0, buf, sizeof buf), SANCTUM_EINVAL);
}

static void
test_schema_values__details_never_echo(void **state)
{
    static const struct { const char *schema, *prop, *value; } cases[] = {
        { "Person", "birthDate", "ZQXJ-SECRET" },
        { "Person", "nationality", "ZQXJ-SECRET" },
        { "Person", "email", "ZQXJ-SECRET" },
        { "Person", "phone", "ZQXJ-SECRET" },
        { "Person", "website", "ZQXJ-SECRET" },
        { "Person", "gender", "ZQXJ-SECRET" },
        { "Person", "role", "ZQXJ-SECRET" },
        { "Person", "topics", "ZQXJ SECRET" },
        { "Person", "spokenLanguage", "ZQXJ-SECRET" },
        { "Vessel", "tonnage", "ZQXJ-SECRET" },
        { "Ownership", "owner", "ZQXJ-SECRET" },
        { "Ownership", "owner", "VES-ZQXJ-SECR" },
        { "Person", "name", "ZQXJ\tSECRET" },
        { "Person", "notes", "ZQXJ\x01SECRET" },
        { "Person", "name", "ZQXJ\xFFSECRET" },
    };
    char out[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *v = cases[i].value;

        assert_int_equal(check_ex(cases[i].schema, cases[i].prop, v, strlen(v), out,
                                  sizeof out, 0), SANCTUM_EINVAL);
        if (strstr(sanctum_last_error(), "ZQXJ") != NULL ||
            strstr(sanctum_last_error(), "SECR") != NULL)
            fail_msg("%s.%s detail echoes the value: %s", cases[i].schema,
                     cases[i].prop, sanctum_last_error());
    }
}

/* Random inputs for every property: never a crash or an unexpected code;
 * an accepted value is no longer than its input, and checking it again
 * gives the same bytes (normalisation is idempotent). */
static void
test_schema_values__random_inputs_are_safe(void **state)
{
    static const char *const pieces[] = {
        "a", "Z", "0", "9", "-", ":", "T", "Z", ".", "@", "/", " ", "\t", "\n", "\r",
        "\x01", "\x7f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xef\xbb\xbf",
        "\xd0\x96", "\xff", "\xc0", "\xed\xa0\x80", "http://", "PER-", "1980-02-",
        "29", "gb", "ZZ", "+", "x", "e", "male", "asset-freeze",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    char in[128], out[129], again[129];
    size_t round;

    (void)state;
    assert_true(sodium_init() >= 0);
    for (round = 0; round < 20000; round++) {
        const sanctum__schema *s =
            sanctum__schema_at(randombytes_uniform((uint32_t)sanctum__schema_count()));
        const sanctum__prop *p = s->props[randombytes_uniform((uint32_t)s->nprops)];
        size_t len = 0, k, parts = randombytes_uniform(8);
        int rc;

        for (k = 0; k < parts; k++) {
            const char *piece = pieces[randombytes_uniform((uint32_t)npieces)];
            size_t n = strlen(piece);

            if (len + n > sizeof in)
                break;
            memcpy(in + len, piece, n);
            len += n;
        }
        if (randombytes_uniform(4) == 0 && len > 0)
            in[randombytes_uniform((uint32_t)len)] = (char)randombytes_uniform(256);
        rc = sanctum__value_check_ex(s, p, in, len, out, sizeof out,
                                     randombytes_uniform(2) ? SANCTUM__VC_FOREIGN_REF : 0);
        assert_true(rc == 0 || rc == SANCTUM_EINVAL);
        if (rc != 0)
            continue;
        assert_true(strlen(out) <= len);
        assert_int_equal(sanctum__value_check_ex(s, p, out, strlen(out), again, sizeof again,
                                                 SANCTUM__VC_FOREIGN_REF), 0);
        assert_string_equal(again, out);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_values__dates),
        cmocka_unit_test(test_schema_values__countries),
        cmocka_unit_test(test_schema_values__entity_refs),
        cmocka_unit_test(test_schema_values__email_phone_url),
        cmocka_unit_test(test_schema_values__number_enum_gender_topic_language),
        cmocka_unit_test(test_schema_values__length_limits),
        cmocka_unit_test(test_schema_values__utf8_and_controls),
        cmocka_unit_test(test_schema_values__buffers_and_details),
        cmocka_unit_test(test_schema_values__details_never_echo),
        cmocka_unit_test(test_schema_values__random_inputs_are_safe),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

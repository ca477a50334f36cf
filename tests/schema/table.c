/* SPDX-License-Identifier: Apache-2.0 */
/* table.c - the schema table is complete and self-consistent. */
#include "testutil.h"

#include <string.h>

#include "errors.h"
#include "schema.h"

/* Every schema the data model promises, with its id prefix. */
static const struct {
    const char *name, *prefix;
    int is_link;
} expected[] = {
    { "Person", "PER", 0 },         { "Organization", "ORG", 0 },
    { "Company", "COM", 0 },        { "LegalEntity", "LEG", 0 },
    { "Vessel", "VES", 0 },         { "Airplane", "AIR", 0 },
    { "Address", "ADR", 0 },        { "Sanction", "SAN", 0 },
    { "Identification", "IDN", 0 }, { "Passport", "PAS", 0 },
    { "Case", "CAS", 0 },           { "Evidence", "EVI", 0 },
    { "Associate", "ASC", 1 },      { "Family", "FAM", 1 },
    { "Ownership", "OWN", 1 },      { "Directorship", "DIR", 1 },
    { "Membership", "MEM", 1 },     { "Employment", "EMP", 1 },
    { "UnknownLink", "LNK", 1 },    { "Representation", "REP", 1 },
};

#define NEXPECTED (sizeof expected / sizeof expected[0])

static void
test_schema_table__every_schema_is_findable(void **state)
{
    size_t i;

    (void)state;
    assert_int_equal(sanctum__schema_count(), NEXPECTED);
    for (i = 0; i < NEXPECTED; i++) {
        const sanctum__schema *s = sanctum__schema_find(expected[i].name);

        assert_non_null(s);
        assert_string_equal(s->name, expected[i].name);
        assert_string_equal(s->prefix, expected[i].prefix);
        assert_int_equal(s->is_link, expected[i].is_link);
        assert_ptr_equal(sanctum__schema_by_prefix(s->prefix), s);
        assert_non_null(s->label);
        assert_true(s->nprops > 0);
    }
    assert_null(sanctum__schema_at(NEXPECTED));
}

static void
test_schema_table__unknown_schema_and_property(void **state)
{
    const sanctum__schema *per = sanctum__schema_find("Person");

    (void)state;
    assert_null(sanctum__schema_find("person"));   /* case-sensitive */
    assert_null(sanctum__schema_find("Thing"));    /* abstract */
    assert_null(sanctum__schema_find(""));
    assert_null(sanctum__schema_find(NULL));
    assert_null(sanctum__schema_by_prefix("per"));
    assert_null(sanctum__schema_by_prefix("XYZ"));
    assert_null(sanctum__schema_prop(per, "birthdate"));
    assert_null(sanctum__schema_prop(per, "imoNumber"));
    assert_null(sanctum__schema_prop(per, ""));
    assert_null(sanctum__schema_prop(NULL, "name"));
    assert_null(sanctum__schema_prop(sanctum__schema_find("Vessel"), "birthDate"));
}

static void
has(const char *schema, const char *const *props)
{
    const sanctum__schema *s = sanctum__schema_find(schema);

    assert_non_null(s);
    for (; *props != NULL; props++) {
        if (sanctum__schema_prop(s, *props) == NULL)
            fail_msg("%s has no property %s", schema, *props);
    }
}

static void
test_schema_table__promised_properties(void **state)
{
    static const char *const common[] = {
        "notes", "summary", "description", "sourceUrl", "publisher",
        "retrievedAt", "modifiedAt", "createdAt", "topics", "program",
        "keywords", "sourceList", "sourceId", "sourceDate", NULL
    };
    static const char *const thing[] = {
        "name", "alias", "weakAlias", "previousName", "country", "address",
        "addressEntity", "wikidataId", NULL
    };
    static const char *const legal[] = {
        "email", "phone", "website", "legalForm", "incorporationDate",
        "dissolutionDate", "taxNumber", "registrationNumber", "idNumber",
        "innCode", "ogrnCode", "leiCode", "swiftBic", "jurisdiction",
        "mainCountry", "status", "sector", "classification",
        "opencorporatesUrl", "role", NULL
    };
    static const char *const person[] = {
        "title", "firstName", "secondName", "middleName", "fatherName",
        "motherName", "lastName", "nameSuffix", "gender", "birthDate",
        "birthPlace", "birthCountry", "deathDate", "nationality",
        "citizenship", "passportNumber", "position", "political", "religion",
        "education", "ethnicity", "appearance", NULL
    };
    static const char *const company[] = {
        "capital", "ticker", "isinCode", "voenCode", "bikCode", "cikCode",
        "irsCode", "vatCode", "okpoCode", "ogrnCode", "kppCode", "permId",
        "abbreviation", NULL
    };
    static const char *const vessel[] = {
        "imoNumber", "mmsi", "callSign", "flag", "pastFlags", "type",
        "tonnage", "grossRegisteredTonnage", "deadweightTonnage", "buildDate",
        "registrationPort", "navigationArea", "owner", "operator", NULL
    };
    static const char *const address[] = {
        "full", "street", "street2", "city", "region", "state", "postalCode",
        "postOfficeBox", "remarks", "country", NULL
    };
    static const char *const sanction[] = {
        "entity", "authority", "authorityId", "unscId", "program", "programId",
        "programUrl", "provisions", "status", "duration", "reason", "country",
        "startDate", "endDate", "listingDate", "date", NULL
    };
    static const char *const ident[] = {
        "holder", "number", "type", "country", "authority", "startDate",
        "endDate", NULL
    };
    static const char *const cas[] = {
        "name", "status", "regime", "subject", "statementOfReasons",
        "measures", "classification", "openedDate", "notes", NULL
    };
    static const char *const evidence[] = {
        "name", "case", "entity", "evidenceRef", "sourceProtection", "date",
        "description", NULL
    };
    static const char *const associate[] = { "person", "associate", "relationship", NULL };
    static const char *const family[] = { "person", "relative", "relationship", NULL };
    static const char *const ownership[] = {
        "owner", "asset", "percentage", "shareClass", "startDate", "endDate", "role", NULL
    };
    static const char *const directorship[] = {
        "director", "organization", "role", "startDate", "endDate", NULL
    };
    static const char *const membership[] = {
        "member", "organization", "role", "startDate", "endDate", NULL
    };
    static const char *const employment[] = { "employee", "employer", "role", NULL };
    static const char *const unknown_link[] = { "subject", "object", "role", NULL };
    static const char *const representation[] = { "agent", "client", "role", NULL };
    static const char *const passport[] = { "passportNumber", NULL };
    static const char *const things[] = {
        "Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", NULL
    };
    static const char *const legals[] = {
        "Person", "Organization", "Company", "LegalEntity", NULL
    };
    size_t i;
    const char *const *n;

    (void)state;
    for (i = 0; i < sanctum__schema_count(); i++)
        has(sanctum__schema_at(i)->name, common);
    for (n = things; *n != NULL; n++)
        has(*n, thing);
    for (n = legals; *n != NULL; n++)
        has(*n, legal);
    has("Person", person);
    has("Company", company);
    has("Vessel", vessel);
    has("Address", address);
    has("Sanction", sanction);
    has("Identification", ident);
    has("Passport", ident);
    has("Passport", passport);
    has("Case", cas);
    has("Evidence", evidence);
    has("Associate", associate);
    has("Family", family);
    has("Ownership", ownership);
    has("Directorship", directorship);
    has("Membership", membership);
    has("Employment", employment);
    has("UnknownLink", unknown_link);
    has("Representation", representation);
}

/* Property names unique per schema, levels, types, enum lists and ranges sane,
 * and the CAPTION flag set exactly on the caption properties. */
static void
test_schema_table__self_consistent(void **state)
{
    size_t i, j, k;

    (void)state;
    for (i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);
        const char *const *c;

        assert_int_equal(strlen(s->prefix), 3);
        for (j = 0; j < i; j++) {
            assert_string_not_equal(sanctum__schema_at(j)->prefix, s->prefix);
            assert_string_not_equal(sanctum__schema_at(j)->name, s->name);
        }
        for (j = 0; j < s->nprops; j++) {
            const sanctum__prop *p = s->props[j];
            const char *const *cap;
            int in_caption = 0;

            assert_non_null(p);
            for (k = 0; k < j; k++)
                if (strcmp(s->props[k]->name, p->name) == 0)
                    fail_msg("%s.%s defined twice", s->name, p->name);
            assert_true(p->level >= SANCTUM_LEVEL_OFFICIAL &&
                        p->level <= SANCTUM_LEVEL_SECRET);
            assert_string_not_equal(sanctum__ptype_name(p->type), "unknown");
            if (p->type == SANCTUM__PT_ENUM || p->type == SANCTUM__PT_GENDER) {
                assert_non_null(p->enum_values);
                assert_non_null(p->enum_values[0]);
            } else {
                assert_null(p->enum_values);
            }
            if (p->type == SANCTUM__PT_ENTITY) {
                size_t m, hits = 0;

                assert_non_null(p->range);
                for (m = 0; m < sanctum__schema_count(); m++)
                    hits += (size_t)sanctum__schema_is_a(sanctum__schema_at(m), p->range);
                if (hits == 0)
                    fail_msg("%s.%s: no schema is a %s", s->name, p->name, p->range);
            } else {
                assert_null(p->range);
            }
            for (cap = s->caption; *cap != NULL; cap++)
                in_caption |= strcmp(*cap, p->name) == 0;
            if (in_caption != ((p->flags & SANCTUM__PF_CAPTION) != 0))
                fail_msg("%s.%s: CAPTION flag disagrees with the caption list",
                         s->name, p->name);
            /* Flags that only make sense on some types. */
            if (p->flags & (SANCTUM__PF_SEARCHABLE_NAME | SANCTUM__PF_WEAK_NAME))
                assert_int_equal(p->type, SANCTUM__PT_NAME);
            if (p->flags & SANCTUM__PF_SEARCHABLE_ID)
                assert_int_equal(p->type, SANCTUM__PT_IDENTIFIER);
        }
        assert_non_null(s->caption[0]);
        for (c = s->caption; *c != NULL; c++)
            assert_non_null(sanctum__schema_prop(s, *c));
    }
}

static void
test_schema_table__default_levels_and_flags(void **state)
{
    static const struct {
        const char *schema, *prop;
        int level;
        unsigned int flags;   /* must all be set */
    } want[] = {
        { "Person", "name", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_NAME | SANCTUM__PF_CAPTION },
        { "Person", "alias", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_NAME },
        { "Person", "previousName", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_NAME },
        { "Person", "weakAlias", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_WEAK_NAME },
        { "Person", "firstName", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_NAME_PART },
        { "Person", "birthDate", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Person", "nationality", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Person", "position", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Person", "program", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Person", "passportNumber", SANCTUM_LEVEL_SENSITIVE, SANCTUM__PF_SEARCHABLE_ID },
        { "Person", "idNumber", SANCTUM_LEVEL_SENSITIVE, SANCTUM__PF_SEARCHABLE_ID },
        { "Person", "taxNumber", SANCTUM_LEVEL_SENSITIVE, SANCTUM__PF_SEARCHABLE_ID },
        { "Person", "address", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Person", "phone", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Person", "email", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Person", "birthPlace", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Person", "notes", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Company", "registrationNumber", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_ID },
        { "Company", "innCode", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_ID },
        { "Company", "taxNumber", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_ID },
        { "Vessel", "imoNumber", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_SEARCHABLE_ID },
        { "Address", "full", SANCTUM_LEVEL_SENSITIVE, SANCTUM__PF_CAPTION },
        { "Address", "country", SANCTUM_LEVEL_SENSITIVE, 0 },
        { "Identification", "number", SANCTUM_LEVEL_SENSITIVE, SANCTUM__PF_SEARCHABLE_ID },
        { "Sanction", "program", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Sanction", "reason", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Case", "status", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_READONLY },
        { "Case", "regime", SANCTUM_LEVEL_OFFICIAL, 0 },
        { "Case", "measures", SANCTUM_LEVEL_OFFICIAL, SANCTUM__PF_MULTI },
        { "Case", "statementOfReasons", SANCTUM_LEVEL_SECRET, 0 },
        { "Evidence", "evidenceRef", SANCTUM_LEVEL_SECRET, 0 },
        { "Evidence", "sourceProtection", SANCTUM_LEVEL_SECRET, 0 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        const sanctum__prop *p =
            sanctum__schema_prop(sanctum__schema_find(want[i].schema), want[i].prop);

        assert_non_null(p);
        if (p->level != want[i].level || (p->flags & want[i].flags) != want[i].flags)
            fail_msg("%s.%s: level %d flags %#x", want[i].schema, want[i].prop,
                     p->level, p->flags);
    }
    /* Only Case.status is read-only. */
    for (i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);
        size_t j;

        for (j = 0; j < s->nprops; j++)
            if (s->props[j]->flags & SANCTUM__PF_READONLY)
                assert_true(strcmp(s->name, "Case") == 0 &&
                            strcmp(s->props[j]->name, "status") == 0);
    }
}

static void
test_schema_table__is_a(void **state)
{
    (void)state;
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Company"), "Company"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Company"), "Organization"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Company"), "LegalEntity"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Company"), "Asset"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Company"), "Thing"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Vessel"), "Asset"));
    assert_true(sanctum__schema_is_a(sanctum__schema_find("Passport"), "Identification"));
    assert_false(sanctum__schema_is_a(sanctum__schema_find("Person"), "Organization"));
    assert_false(sanctum__schema_is_a(sanctum__schema_find("Person"), "Asset"));
    assert_false(sanctum__schema_is_a(sanctum__schema_find("Ownership"), "Thing"));
    assert_false(sanctum__schema_is_a(sanctum__schema_find("Case"), "Thing"));
    assert_false(sanctum__schema_is_a(NULL, "Thing"));
}

static void
test_schema_table__levels(void **state)
{
    (void)state;
    assert_string_equal(sanctum__level_name(SANCTUM_LEVEL_OFFICIAL), "official");
    assert_string_equal(sanctum__level_name(SANCTUM_LEVEL_SENSITIVE), "sensitive");
    assert_string_equal(sanctum__level_name(SANCTUM_LEVEL_SECRET), "secret");
    assert_null(sanctum__level_name(0));
    assert_null(sanctum__level_name(4));
    assert_null(sanctum__level_name(-1));
    assert_int_equal(sanctum__level_parse("official"), SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(sanctum__level_parse("Sensitive"), SANCTUM_LEVEL_SENSITIVE);
    assert_int_equal(sanctum__level_parse("SECRET"), SANCTUM_LEVEL_SECRET);
    assert_int_equal(sanctum__level_parse("top-secret"), SANCTUM_EINVAL);
    assert_int_equal(sanctum__level_parse("secre"), SANCTUM_EINVAL);
    assert_int_equal(sanctum__level_parse(""), SANCTUM_EINVAL);
    assert_int_equal(sanctum__level_parse(NULL), SANCTUM_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_table__every_schema_is_findable),
        cmocka_unit_test(test_schema_table__unknown_schema_and_property),
        cmocka_unit_test(test_schema_table__promised_properties),
        cmocka_unit_test(test_schema_table__self_consistent),
        cmocka_unit_test(test_schema_table__default_levels_and_flags),
        cmocka_unit_test(test_schema_table__is_a),
        cmocka_unit_test(test_schema_table__levels),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

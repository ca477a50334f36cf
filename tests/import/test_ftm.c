/* SPDX-License-Identifier: Apache-2.0 */
/* test_ftm.c - importing the real OpenSanctions FtM samples: values, links, id mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_test.h"

#define LIST "ftm"

static const char *const ftm_files[] = {
    "yente-zala-entities.ftm.json", "yente-t1-eu_fsf-entities.ftm.json"
};
static char paths[2][1024];

/* Properties holding entity references in the samples (docs/schemas.md). */
static int
is_ref(const char *prop)
{
    static const char *const refs[] = {
        "addressEntity", "entity", "owner", "asset", "director", "organization", "person",
        "relative", "holder", NULL
    };
    size_t i;

    for (i = 0; refs[i] != NULL; i++)
        if (strcmp(refs[i], prop) == 0)
            return 1;
    return 0;
}

static int
setup(void **state)
{
    imp_fixture *f = imp_fixture_new("import-ftm");
    cli_result r = { 0 };
    json_t *doc;
    size_t i;

    for (i = 0; i < 2; i++)
        snprintf(paths[i], sizeof paths[i], "%s", tu_data(ftm_files[i]));
    IMPORT_ADMIN(&r, &f->s, "--json", paths[0], paths[1]);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "ftm");
    /* SOURCES.md: 91 + 7 entities. */
    assert_int_equal(imp_count(doc, "records"), 98);
    assert_int_equal(imp_count(doc, "created"), 98);
    /* 18 addressEntity values name addresses that are not in the files:
     * each is reported (without the value) and left out. */
    assert_int_equal(imp_count(doc, "dropped_references"), 18);
    assert_err_has(&r, "yente-t1-eu_fsf-entities.ftm.json:1: property addressEntity: refers "
                   "to an entity that is neither in this import nor in the store");
    assert_true(strstr(r.err, "addr-125caec37c3486d3a71de8ae943eec47f420b38a") == NULL);
    json_decref(doc);
    cli_result_free(&r);
    return imp_fixture_load(f, state);
}

static void
test_ftm__counts(void **state)
{
    imp_fixture *f = *state;

    /* SOURCES.md: 41 Sanction, 14 Ownership, 11 Company, 11 Address,
     * 6 Person, 4 Family, 3 Directorship, 1 Passport; and 4 Person,
     * 2 Organization, 1 Address. */
    assert_int_equal(imp_count_schema(&f->is, "Sanction", LIST), 41);
    assert_int_equal(imp_count_schema(&f->is, "Ownership", LIST), 14);
    assert_int_equal(imp_count_schema(&f->is, "Company", LIST), 11);
    assert_int_equal(imp_count_schema(&f->is, "Address", LIST), 12);
    assert_int_equal(imp_count_schema(&f->is, "Person", LIST), 10);
    assert_int_equal(imp_count_schema(&f->is, "Family", LIST), 4);
    assert_int_equal(imp_count_schema(&f->is, "Directorship", LIST), 3);
    assert_int_equal(imp_count_schema(&f->is, "Passport", LIST), 1);
    assert_int_equal(imp_count_schema(&f->is, "Organization", LIST), 2);
}

/* Every value of every source entity is stored as it was; references
 * point at the sanctum ids of the entities they named. */
static void
test_ftm__every_value_and_link(void **state)
{
    imp_fixture *f = *state;
    size_t fi, i, nvals = 0, nrefs = 0;

    for (fi = 0; fi < 2; fi++) {
        size_t len;
        char *buf = (char *)tu_read_file(paths[fi], &len), *line, *save = NULL;

        assert_non_null(buf);
        for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
            json_error_t err;
            json_t *o = json_loads(line, 0, &err), *vals, *v;
            const char *id, *prop;
            sanctum_entity *e;

            assert_non_null(o);
            id = json_string_value(json_object_get(o, "id"));
            e = imp_find(&f->is, LIST, id);
            if (e == NULL)
                fail_msg("%s was not imported", id);
            assert_string_equal(sanctum_entity_schema(e),
                                json_string_value(json_object_get(o, "schema")));
            json_object_foreach(json_object_get(o, "properties"), prop, vals) {
                json_array_foreach(vals, i, v) {
                    const char *text = json_string_value(v);
                    if (is_ref(prop)) {
                        sanctum_entity *t = imp_find(&f->is, LIST, text);
                        if (t == NULL)
                            continue; /* not in the files: left out */
                        assert_has(e, prop, sanctum_entity_id(t));
                        nrefs++;
                    } else {
                        assert_has(e, prop, text);
                        nvals++;
                    }
                }
            }
            json_decref(o);
        }
        free(buf);
    }
    assert_true(nvals > 1000);
    assert_int_equal(nrefs, 95); /* every reference between entities of the files */
}

/* Links in file order that point forward still resolve (dependency
 * order), and a later file may point at entities of an earlier run. */
static void
test_ftm__forward_links_and_earlier_runs(void **state)
{
    imp_fixture *f = *state;
    const char *one =
        "{\"id\": \"own-1\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"p-1\"], "
        "\"asset\": [\"c-1\"], \"percentage\": [\"25-50%\"]}}\n"
        "{\"id\": \"c-1\", \"schema\": \"Company\", \"properties\": {\"name\": [\"Test Boats "
        "Ltd\"], \"jurisdiction\": [\"MT\"]}}\n"
        "{\"id\": \"p-1\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Test "
        "Owner\"]}}\n";
    const char *two =
        "{\"id\": \"san-1\", \"schema\": \"Sanction\", \"properties\": {\"entity\": [\"p-1\"], "
        "\"program\": [\"TEST\"]}}\n";
    cli_result r = { 0 };
    char p1[1024];
    imp_store is;
    sanctum_entity *own, *c, *p, *s;
    json_t *doc;

    snprintf(p1, sizeof p1, "%s", IMP_WRITE_STR(&f->s, "one.ftm.json", one));
    IMPORT_ADMIN(&r, &f->s, "--list", "ftm_test", "--json", p1);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 3);
    assert_int_equal(imp_count(doc, "dropped_references"), 0);
    json_decref(doc);
    IMPORT_ADMIN(&r, &f->s, "--list", "ftm_test", "--json",
                 IMP_WRITE_STR(&f->s, "two.ftm.json", two));
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 1);
    assert_int_equal(imp_count(doc, "dropped_references"), 0);
    json_decref(doc);
    cli_result_free(&r);
    imp_load(&is, &f->s);
    own = imp_find(&is, "ftm_test", "own-1");
    c = imp_find(&is, "ftm_test", "c-1");
    p = imp_find(&is, "ftm_test", "p-1");
    s = imp_find(&is, "ftm_test", "san-1");
    assert_true(own != NULL && c != NULL && p != NULL && s != NULL);
    assert_has(own, "owner", sanctum_entity_id(p));
    assert_has(own, "asset", sanctum_entity_id(c));
    assert_has(own, "percentage", "25-50%");
    assert_has(c, "jurisdiction", "mt");
    assert_has(s, "entity", sanctum_entity_id(p));
    imp_unload(&is);
}

/* Properties sanctum does not have are reported once and left out; an
 * unknown schema is a bad row. */
static void
test_ftm__unknown_property_and_schema(void **state)
{
    imp_fixture *f = *state;
    const char *lines =
        "{\"id\": \"x-1\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Test A\"], "
        "\"indexText\": [\"secret words\"]}}\n"
        "{\"id\": \"x-2\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Test B\"], "
        "\"indexText\": [\"more words\"]}}\n";
    const char *bad = "{\"id\": \"x-3\", \"schema\": \"CryptoWallet\", \"properties\": {}}\n";
    cli_result r = { 0 };

    IMPORT_ADMIN(&r, &f->s, "--list", "ftm_props", "--dry-run",
                 IMP_WRITE_STR(&f->s, "props.ftm.json", lines));
    assert_exit(&r, 0);
    assert_err_has(&r, "props.ftm.json:1: property indexText is not a property of Person in "
                   "sanctum: its values are not imported (warned once)");
    assert_true(strstr(r.err, "props.ftm.json:2") == NULL);
    assert_true(strstr(r.err, "secret words") == NULL);
    IMPORT_ADMIN(&r, &f->s, "--list", "ftm_props",
                 IMP_WRITE_STR(&f->s, "schema.ftm.json", bad));
    assert_exit(&r, 3);
    assert_err_has(&r, "schema.ftm.json:1: unknown schema");
    cli_result_free(&r);
}

static void
test_ftm__reimport_is_idempotent(void **state)
{
    imp_fixture *f = *state;
    cli_result r = { 0 };
    json_t *doc;

    IMPORT_ADMIN(&r, &f->s, "--json", paths[0], paths[1]);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), 0);
    assert_int_equal(imp_count(doc, "updated"), 0);
    assert_int_equal(imp_count(doc, "unchanged"), 98);
    json_decref(doc);
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ftm__counts),
        cmocka_unit_test(test_ftm__every_value_and_link),
        cmocka_unit_test(test_ftm__forward_links_and_earlier_runs),
        cmocka_unit_test(test_ftm__unknown_property_and_schema),
        cmocka_unit_test(test_ftm__reimport_is_idempotent),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, imp_fixture_teardown);
}

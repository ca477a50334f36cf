/* SPDX-License-Identifier: Apache-2.0 */
/* test_export.c - sanctum-export: FtM JSON lines, one disclosure entry, import gives them back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "imp_test.h"

typedef struct exp_fixture {
    cli_store a;         /* the store exported from */
    char      person[64]; /* an entity with sensitive and secret values */
    char      casid[64];  /* a Case */
    size_t    nftm;       /* entities of FtM schemas in store a */
} exp_fixture;

static int
setup(void **state)
{
    exp_fixture *f = calloc(1, sizeof *f);
    cli_result r = { 0 };
    char zala[1024], t1[1024];

    assert_non_null(f);
    snprintf(zala, sizeof zala, "%s", tu_data("yente-zala-entities.ftm.json"));
    snprintf(t1, sizeof t1, "%s", tu_data("yente-t1-eu_fsf-entities.ftm.json"));
    cli_store_setup(&f->a, "export-a", 1);
    IMPORT_ADMIN(&r, &f->a, zala, t1);
    assert_exit(&r, 0);
    /* Case-side data of several levels. */
    CASE_ADMIN(&r, &f->a, NULL, "add", "--schema", "Person", "--prop", "name=Test Smuggler",
               "--prop", "passportNumber:secret=X1234567", "--prop",
               "birthPlace=Test Town", "--prop", "nationality=ly");
    assert_exit(&r, 0);
    cli_chomp(&r);
    snprintf(f->person, sizeof f->person, "%s", r.out);
    CASE_ADMIN(&r, &f->a, NULL, "add", "--schema", "Case", "--prop", "name=Operation Test");
    assert_exit(&r, 0);
    cli_chomp(&r);
    snprintf(f->casid, sizeof f->casid, "%s", r.out);
    f->nftm = 98 + 1;
    cli_result_free(&r);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    exp_fixture *f = *state;

    cli_store_teardown(&f->a);
    free(f);
    return 0;
}

/* Parse an export: one JSON object per line. Returns the array. */
static json_t *
read_lines(const char *path)
{
    size_t len;
    char *buf = (char *)tu_read_file(path, &len), *line, *save = NULL;
    json_t *arr = json_array();

    assert_non_null(buf);
    assert_true(len > 0 && buf[len - 1] == '\n');
    for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);

        if (o == NULL)
            fail_msg("%s: not JSON: %s", path, err.text);
        json_array_append_new(arr, o);
    }
    free(buf);
    return arr;
}

static json_t *
by_id(json_t *arr, const char *id)
{
    size_t i;
    json_t *o;

    json_array_foreach(arr, i, o)
        if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
            return o;
    return NULL;
}

/* The shape FtM tools read: id, schema, properties of string arrays. */
static void
check_ftm_shape(json_t *arr)
{
    size_t i, k;
    json_t *o, *vals, *v;
    const char *prop;

    json_array_foreach(arr, i, o) {
        assert_true(json_is_string(json_object_get(o, "id")));
        assert_true(json_is_string(json_object_get(o, "schema")));
        assert_true(json_is_string(json_object_get(o, "caption")));
        assert_true(json_is_array(json_object_get(o, "datasets")));
        assert_true(json_is_object(json_object_get(o, "properties")));
        json_object_foreach(json_object_get(o, "properties"), prop, vals) {
            assert_true(json_is_array(vals));
            json_array_foreach(vals, k, v)
                assert_true(json_is_string(v));
        }
    }
}

static void
test_export__ftm_lines_and_one_disclosure(void **state)
{
    exp_fixture *f = *state;
    char out[1024];
    unsigned long long before = imp_audit_size(&f->a);
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    sanctum_audit_entry *entry = NULL;
    cli_result r = { 0 };
    struct stat sb;
    json_t *arr, *o;

    snprintf(out, sizeof out, "%s/all.ftm.json", f->a.dir);
    EXPORT_ADMIN(&r, &f->a, "--format", "ftm", "--purpose", "disclosure test", "--output", out);
    assert_exit(&r, 0);
    assert_err_empty(&r);
    assert_out_has(&r, "exported 99 entities to ");
    /* One audit entry for the whole export: a disclosure with its purpose. */
    assert_int_equal(imp_audit_size(&f->a), before + 1);
    assert_int_equal(sanctum_store_open(&st, f->a.store, &opts), SANCTUM_OK);
    assert_int_equal(sanctum_audit_entry_get(&entry, st, before), SANCTUM_OK);
    assert_string_equal(entry->action, "disclose");
    assert_string_equal(entry->purpose, "disclosure test");
    sanctum_audit_entry_free(entry);
    sanctum_store_close(st);
    /* The file holds case data: mode 0600. */
    assert_int_equal(stat(out, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    arr = read_lines(out);
    assert_int_equal(json_array_size(arr), f->nftm);
    check_ftm_shape(arr);
    /* No case-side records unless named. */
    assert_null(by_id(arr, f->casid));
    o = by_id(arr, f->person);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "schema")), "Person");
    /* Levels above official are kept beside the plain FtM values. */
    assert_string_equal(json_string_value(json_array_get(json_object_get(
                            json_object_get(o, "properties"), "passportNumber"), 0)),
                        "X1234567");
    assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(
                            json_object_get(o, "sanctum"), "levels"), "passportNumber"), 0)),
                        "secret");
    json_decref(arr);

    /* An existing file is never replaced. */
    EXPORT_ADMIN(&r, &f->a, "--purpose", "again", "--output", out);
    assert_exit(&r, 7);
    assert_err_has(&r, "never replaces a file");
    assert_int_equal(imp_audit_size(&f->a), before + 1);
    /* A missing directory is "not found"; an empty name a usage error. */
    snprintf(out, sizeof out, "%s/no-such-dir/x.ftm.json", f->a.dir);
    EXPORT_ADMIN(&r, &f->a, "--purpose", "again", "--output", out);
    assert_refused(&r, EXPORT, 4, "no-such-dir/x.ftm.json: No such file or directory");
    EXPORT_ADMIN(&r, &f->a, "--purpose", "again", "--output", "");
    assert_refused(&r, EXPORT, 2, "--output: empty file name");
    assert_err_has(&r, "usage: sanctum-export");
    EXPORT_ADMIN(&r, &f->a, "--purpose", "again", "--output=");
    assert_refused(&r, EXPORT, 2, "--output: empty file name");
    assert_int_equal(imp_audit_size(&f->a), before + 1);
    cli_result_free(&r);
}

static void
test_export__named_ids_to_stdout(void **state)
{
    exp_fixture *f = *state;
    cli_result r = { 0 };
    json_t *o;
    json_error_t err;

    EXPORT_ADMIN(&r, &f->a, "--purpose", "named", f->casid);
    assert_exit(&r, 0);
    o = json_loads(r.out, 0, &err);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "schema")), "Case");
    assert_string_equal(json_string_value(json_object_get(o, "id")), f->casid);
    json_decref(o);
    EXPORT_ADMIN(&r, &f->a, "--purpose", "missing", "PER-0000-0000");
    assert_exit(&r, 4);
    assert_out_empty(&r);
    cli_result_free(&r);
}

/* An id given twice is exported, counted and audited once, in the order
 * of its first mention, so the file imports back. */
static void
test_export__repeated_ids_once(void **state)
{
    exp_fixture *f = *state;
    char out[1024];
    unsigned long long before = imp_audit_size(&f->a);
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    sanctum_audit_entry *entry = NULL;
    cli_result r = { 0 };
    json_t *arr;

    snprintf(out, sizeof out, "%s/dup.ftm.json", f->a.dir);
    EXPORT_ADMIN(&r, &f->a, "--purpose", "repeats", "--output", out, f->person, f->casid,
                 f->person, f->person);
    assert_exit(&r, 0);
    assert_out_has(&r, "exported 2 entities to ");
    arr = read_lines(out);
    assert_int_equal(json_array_size(arr), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "id")),
                        f->person);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "id")),
                        f->casid);
    json_decref(arr);
    assert_int_equal(imp_audit_size(&f->a), before + 1);
    assert_int_equal(sanctum_store_open(&st, f->a.store, &opts), SANCTUM_OK);
    assert_int_equal(sanctum_audit_entry_get(&entry, st, before), SANCTUM_OK);
    assert_string_equal(entry->action, "disclose");
    assert_true(strncmp(entry->detail, "2 entities disclosed;", 21) == 0);
    sanctum_audit_entry_free(entry);
    sanctum_store_close(st);
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", out);
    assert_exit(&r, 0);
    assert_out_has(&r, "checked 2 records");
    cli_result_free(&r);
}

/* Export, import into a fresh store, export again: the same entities
 * (same schemas, values and levels; references follow the new ids). */
static void
test_export__import_gives_back_the_same(void **state)
{
    exp_fixture *f = *state;
    char out1[1024], out2[1024];
    cli_store b;
    cli_result r = { 0 };
    json_t *a1, *a2, *doc, *o, *vals, *v;
    size_t i, k;
    const char *prop;

    snprintf(out1, sizeof out1, "%s/rt1.ftm.json", f->a.dir);
    EXPORT_ADMIN(&r, &f->a, "--purpose", "round trip", "--output", out1);
    assert_exit(&r, 0);
    cli_store_setup(&b, "export-b", 1);
    IMPORT_ADMIN(&r, &b, "--json", out1);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "created"), (long long)f->nftm);
    assert_int_equal(imp_count(doc, "dropped_references"), 0);
    json_decref(doc);
    snprintf(out2, sizeof out2, "%s/rt2.ftm.json", b.dir);
    EXPORT_ADMIN(&r, &b, "--purpose", "round trip", "--output", out2);
    assert_exit(&r, 0);
    a1 = read_lines(out1);
    a2 = read_lines(out2);
    assert_int_equal(json_array_size(a1), json_array_size(a2));
    json_array_foreach(a2, i, o) {
        json_t *props2 = json_object_get(o, "properties"), *src, *props1;
        const char *sid =
            json_string_value(json_array_get(json_object_get(props2, "sourceId"), 0));

        /* Store b's sourceId is store a's id. */
        assert_non_null(sid);
        src = by_id(a1, sid);
        assert_non_null(src);
        props1 = json_object_get(src, "properties");
        assert_string_equal(json_string_value(json_object_get(o, "schema")),
                            json_string_value(json_object_get(src, "schema")));
        /* The caption is the id when there is no caption property. */
        if (strcmp(json_string_value(json_object_get(src, "caption")), sid) != 0)
            assert_string_equal(json_string_value(json_object_get(o, "caption")),
                                json_string_value(json_object_get(src, "caption")));
        assert_true(json_equal(json_object_get(json_object_get(o, "sanctum"), "levels"),
                               json_object_get(json_object_get(src, "sanctum"), "levels")) ||
                    (json_object_get(json_object_get(o, "sanctum"), "levels") == NULL &&
                     json_object_get(json_object_get(src, "sanctum"), "levels") == NULL));
        json_object_foreach(props1, prop, vals) {
            json_t *got = json_object_get(props2, prop);

            if (strcmp(prop, "sourceList") == 0 || strcmp(prop, "sourceId") == 0 ||
                strcmp(prop, "sourceDate") == 0)
                continue; /* provenance: now the export file's */
            assert_non_null(got);
            assert_int_equal(json_array_size(got), json_array_size(vals));
            json_array_foreach(vals, k, v) {
                const char *want = json_string_value(v);
                json_t *t = by_id(a1, want);

                if (t != NULL) {
                    /* A reference: b's value is the id of b's copy of it. */
                    size_t j;
                    json_t *o2;
                    int ok = 0;
                    json_array_foreach(a2, j, o2) {
                        const char *s2 = json_string_value(json_array_get(json_object_get(
                            json_object_get(o2, "properties"), "sourceId"), 0));
                        if (s2 != NULL && strcmp(s2, want) == 0 &&
                            strcmp(json_string_value(json_object_get(o2, "id")),
                                   json_string_value(json_array_get(got, k))) == 0)
                            ok = 1;
                    }
                    if (!ok)
                        fail_msg("%s.%s: reference not mapped", sid, prop);
                } else {
                    assert_string_equal(json_string_value(json_array_get(got, k)), want);
                }
            }
        }
        json_object_foreach(props2, prop, vals)
            if (json_object_get(props1, prop) == NULL && strcmp(prop, "sourceList") != 0 &&
                strcmp(prop, "sourceId") != 0 && strcmp(prop, "sourceDate") != 0)
                fail_msg("%s: new property %s", sid, prop);
    }
    /* The secret value kept its level through the round trip. */
    {
        imp_store is;
        sanctum_entity *e;

        imp_load(&is, &b);
        e = imp_find(&is, "ftm", f->person);
        assert_non_null(e);
        assert_int_equal(imp_level(e, "passportNumber", "X1234567"), SANCTUM_LEVEL_SECRET);
        assert_int_equal(imp_level(e, "name", "Test Smuggler"), SANCTUM_LEVEL_OFFICIAL);
        imp_unload(&is);
    }
    /* And importing the export again changes nothing. */
    IMPORT_ADMIN(&r, &b, "--json", out1);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "unchanged"), (long long)f->nftm);
    json_decref(doc);
    json_decref(a1);
    json_decref(a2);
    cli_result_free(&r);
    cli_store_teardown(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export__ftm_lines_and_one_disclosure),
        cmocka_unit_test(test_export__named_ids_to_stdout),
        cmocka_unit_test(test_export__repeated_ids_once),
        cmocka_unit_test(test_export__import_gives_back_the_same),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, teardown);
}

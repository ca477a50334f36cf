/* SPDX-License-Identifier: Apache-2.0 */
/* test_case.c - sanctum-case end to end: add, show, edit, delete, list, JSON, clearance. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "cli_util.h"

/* properties[prop][i] of a `show --json` document. */
static json_t *
prop_value(json_t *doc, const char *prop, size_t i)
{
    return json_array_get(json_object_get(json_object_get(doc, "properties"), prop), i);
}

static const char *
jstr(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));

    assert_non_null(s);
    return s;
}

static void
test_case__add_show_edit_delete(void **state)
{
    char id[64];
    json_t *doc, *v;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-case", 1);

    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Person", "--prop", "name=Jane Doe",
               "--prop", "nationality=al", "--prop", "birthDate:secret=1980-05",
               "--purpose", "test case 1");
    assert_exit(&r, 0);
    assert_err_empty(&r);
    cli_chomp(&r);
    assert_int_equal(strncmp(r.out, "PER-", 4), 0);
    assert_null(strchr(r.out, '\n'));   /* the id alone */
    assert_true(r.out_len < sizeof id);
    strcpy(id, r.out);

    CASE_ADMIN(&r, &s, NULL, "show", id);
    assert_exit(&r, 0);
    assert_out_has(&r, id);
    assert_out_has(&r, "Person");
    assert_out_has(&r, "revision");
    assert_out_has(&r, "Jane Doe");
    assert_out_has(&r, "nationality");
    assert_out_has(&r, "1980-05");
    assert_out_has(&r, "secret");

    CASE_ADMIN(&r, &s, NULL, "show", id, "--json");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(jstr(doc, "id"), id);
    assert_string_equal(jstr(doc, "schema"), "Person");
    assert_int_equal(json_integer_value(json_object_get(doc, "revision")), 1);
    assert_true(strlen(jstr(doc, "created")) == 20);
    assert_true(strlen(jstr(doc, "updated")) == 20);
    v = prop_value(doc, "name", 0);
    assert_string_equal(jstr(v, "value"), "Jane Doe");
    assert_string_equal(jstr(v, "level"), "official");
    v = prop_value(doc, "birthDate", 0);
    assert_string_equal(jstr(v, "value"), "1980-05");
    assert_string_equal(jstr(v, "level"), "secret");
    json_decref(doc);

    CASE_ADMIN(&r, &s, NULL, "edit", id, "--add", "alias=J. Doe", "--add",
               "alias=Janet Doe");
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_string_equal(r.out, "2");

    CASE_ADMIN(&r, &s, NULL, "edit", id, "--revision", "2", "--set", "nationality=fr",
               "--set", "nationality=de", "--remove", "alias=J. Doe");
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_string_equal(r.out, "3");

    CASE_ADMIN(&r, &s, NULL, "show", id, "--json");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "revision")), 3);
    assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "properties"),
                                                     "nationality")), 2);
    assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "properties"),
                                                     "alias")), 1);
    assert_string_equal(jstr(prop_value(doc, "alias", 0), "value"), "Janet Doe");
    json_decref(doc);

    CASE_ADMIN(&r, &s, NULL, "edit", id, "--remove", "alias");
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_string_equal(r.out, "4");

    /* Stale revisions: checked by the tool for edit, by the library for delete. */
    CASE_ADMIN(&r, &s, NULL, "edit", id, "--revision", "2", "--add", "alias=X");
    assert_refused(&r, CASE, 7, "stale revision");
    CASE_ADMIN(&r, &s, NULL, "delete", id, "--revision", "3");
    assert_refused(&r, CASE, 7, "stale revision");
    CASE_ADMIN(&r, &s, NULL, "edit", id, "--remove", "alias=nobody");
    assert_refused(&r, CASE, 4, "no such value");

    CASE_ADMIN(&r, &s, NULL, "delete", id, "--revision", "4");
    assert_exit(&r, 0);
    assert_out_empty(&r);
    CASE_ADMIN(&r, &s, NULL, "show", id);
    assert_exit(&r, 4);
    assert_err_has(&r, "not found");
    assert_out_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_case__add_from_json_stdin(void **state)
{
    const char *input =
        "{\"id\": \"ofac-1234\", \"datasets\": [\"us_ofac_sdn\"], \"referents\": [],\n"
        " \"schema\": \"Person\",\n"
        " \"properties\": {\"name\": [\"Viktor Example\"], \"birthDate\": [\"1961\"],\n"
        "   \"passportNumber\": [{\"value\": \"P1234567\", \"level\": \"secret\"}],\n"
        "   \"alias\": \"V. Example\",\n"
        "   \"nationality\": [\"ru\", \"by\"]},\n"
        " \"first_seen\": \"2020-01-01\"}\n";
    char id[64];
    json_t *doc;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-case", 1);
    CASE_ADMIN(&r, &s, input, "add");
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_int_equal(strncmp(r.out, "PER-", 4), 0);
    strcpy(id, r.out);

    CASE_ADMIN(&r, &s, NULL, "show", "--json", id);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(jstr(prop_value(doc, "name", 0), "value"), "Viktor Example");
    assert_string_equal(jstr(prop_value(doc, "passportNumber", 0), "level"), "secret");
    assert_string_equal(jstr(prop_value(doc, "passportNumber", 0), "value"), "P1234567");
    assert_string_equal(jstr(prop_value(doc, "alias", 0), "value"), "V. Example");
    assert_non_null(prop_value(doc, "nationality", 1));
    assert_string_not_equal(jstr(doc, "id"), "ofac-1234");
    json_decref(doc);

    /* --schema agrees with the document, or names the schema it lacks. */
    CASE_ADMIN(&r, &s, "{\"properties\": {\"name\": [\"Acme Ltd\"]}}", "add", "--schema",
               "Company");
    assert_exit(&r, 0);
    assert_out_has(&r, "COM-");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_case__list(void **state)
{
    char per[64], com[64];
    json_t *doc, *e;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-case", 1);
    CASE_ADMIN(&r, &s, NULL, "list");
    assert_exit(&r, 0);
    assert_out_empty(&r);

    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Person", "--prop", "name=Jane Doe");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(per, r.out);
    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Company", "--prop", "name=Acme Ltd");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(com, r.out);

    CASE_ADMIN(&r, &s, NULL, "list");
    assert_exit(&r, 0);
    assert_out_has(&r, per);
    assert_out_has(&r, com);
    assert_out_has(&r, "Jane Doe");
    assert_out_has(&r, "Acme Ltd");

    CASE_ADMIN(&r, &s, NULL, "list", "--schema", "Company", "--json");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "entities")), 1);
    e = json_array_get(json_object_get(doc, "entities"), 0);
    assert_string_equal(jstr(e, "id"), com);
    assert_string_equal(jstr(e, "schema"), "Company");
    assert_string_equal(jstr(e, "caption"), "Acme Ltd");
    json_decref(doc);

    CASE_ADMIN(&r, &s, NULL, "list", "--ids-only");
    assert_exit(&r, 0);
    assert_out_has(&r, per);
    assert_out_lacks(&r, "Jane Doe");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* Seed `count` Persons named "Seed <i>" through the library (one process
 * per entity through the tool would be far too slow). */
static void
seed_people(const cli_store *s, size_t count)
{
    sanctum_store *st = NULL;
    sanctum_session *ses = NULL;
    sanctum_entity *batch[SANCTUM_BATCH_MAX];
    size_t done = 0, k, i;

    assert_int_equal(sanctum_store_open(&st, s->store, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&ses, st, CLI_ADMIN_NAME,
                                          (const unsigned char *)CLI_ADMIN_PASS,
                                          strlen(CLI_ADMIN_PASS)), SANCTUM_OK);
    while (done < count) {
        k = count - done < SANCTUM_BATCH_MAX ? count - done : SANCTUM_BATCH_MAX;
        for (i = 0; i < k; i++) {
            char name[32];

            snprintf(name, sizeof name, "Seed %zu", done + i);
            assert_int_equal(sanctum_entity_new(&batch[i], "Person"), SANCTUM_OK);
            assert_int_equal(sanctum_entity_add(batch[i], "name", name, SANCTUM_LEVEL_NONE),
                             SANCTUM_OK);
        }
        assert_int_equal(sanctum_entity_create_batch(ses, batch, k, "seed"), SANCTUM_OK);
        for (i = 0; i < k; i++)
            sanctum_entity_free(batch[i]);
        done += k;
    }
    sanctum_session_close(ses);
    sanctum_store_close(st);
}

/* More entities than one chunk of captions (4,096 per read in cmd_list.c). */
static void
test_case__list_more_than_one_batch(void **state)
{
    const size_t count = 4096 + 20;
    json_t *doc, *e;
    cli_store s;
    cli_result r = { 0 };
    size_t i, n = 0;
    char *p;

    (void)state;
    cli_store_setup(&s, "cli-case", 1);
    seed_people(&s, count);

    CASE_ADMIN(&r, &s, NULL, "list", "--schema", "Person");
    assert_exit(&r, 0);
    for (p = r.out; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    assert_int_equal(n, count);
    assert_out_has(&r, "Seed 0\n");
    assert_out_has(&r, "Seed 531\n");

    CASE_ADMIN(&r, &s, NULL, "list", "--json");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "entities")), count);
    json_array_foreach(json_object_get(doc, "entities"), i, e) {
        assert_int_equal(strncmp(jstr(e, "caption"), "Seed ", 5), 0);
    }
    json_decref(doc);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_case__clearance_withholds_values(void **state)
{
    char pw[512], id[64];
    json_t *doc, *v;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-case", 1);
    cli_add_user(&s, "olga", "analyst", "official", "olga passphrase 1");
    snprintf(pw, sizeof pw, "%s/olga.pw", s.dir);

    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Person", "--prop", "name=Secret Agent",
               "--prop", "birthDate:secret=1975-01-02", "--prop", "passportNumber=X9876543",
               "--prop", "nationality=gb");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(id, r.out);

    cli_case_as(&r, &s, "olga", pw, NULL, (const char *const[]){ "show", id, "--json", NULL });
    assert_exit(&r, 0);
    assert_out_lacks(&r, "1975-01-02");
    assert_out_lacks(&r, "X9876543");
    doc = cli_json(&r);
    v = prop_value(doc, "name", 0);
    assert_string_equal(jstr(v, "value"), "Secret Agent");
    v = prop_value(doc, "birthDate", 0);
    assert_non_null(v);
    assert_true(json_is_true(json_object_get(v, "withheld")));
    assert_null(json_object_get(v, "value"));
    assert_string_equal(jstr(v, "level"), "secret");
    v = prop_value(doc, "passportNumber", 0);
    assert_non_null(v);
    assert_true(json_is_true(json_object_get(v, "withheld")));
    assert_string_equal(jstr(v, "level"), "sensitive");
    json_decref(doc);

    cli_case_as(&r, &s, "olga", pw, NULL, (const char *const[]){ "show", id, NULL });
    assert_exit(&r, 0);
    assert_out_has(&r, "[withheld: secret]");
    assert_out_has(&r, "[withheld: sensitive]");
    assert_out_lacks(&r, "1975-01-02");

    /* An official analyst cannot write a secret value. */
    cli_case_as(&r, &s, "olga", pw, NULL,
                (const char *const[]){ "add", "--schema", "Person", "--prop", "name=X",
                                       "--prop", "notes:secret=classified", NULL });
    assert_exit(&r, 6);
    assert_out_empty(&r);

    /* Editing keeps withheld values: the admin still sees them after olga's edit. */
    cli_case_as(&r, &s, "olga", pw, NULL,
                (const char *const[]){ "edit", id, "--add", "alias=S. Agent", NULL });
    assert_exit(&r, 0);
    CASE_ADMIN(&r, &s, NULL, "show", id);
    assert_exit(&r, 0);
    assert_out_has(&r, "1975-01-02");
    assert_out_has(&r, "X9876543");
    assert_out_has(&r, "S. Agent");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* Run sanctum-case as `user` (passphrase file <dir>/<user>.pw). */
static void
case_as(cli_result *r, const cli_store *s, const char *user, const char *const *args)
{
    char pw[512];

    snprintf(pw, sizeof pw, "%s/%s.pw", s->dir, user);
    cli_case_as(r, s, user, pw, NULL, args);
}

static void
test_case__status_and_two_approvals(void **state)
{
    char id[64];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-status", 1);
    cli_add_user(&s, "ap1", "approver", "secret", "approver one passphrase");
    cli_add_user(&s, "ap2", "approver", "sensitive", "approver two passphrase");
    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Case", "--prop", "name=Operation Driftwood");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(id, r.out);
    CASE_ADMIN(&r, &s, NULL, "show", id);
    assert_out_has(&r, "status");
    assert_out_has(&r, "lead");

    /* bad arguments are usage errors */
    CASE_ADMIN(&r, &s, NULL, "status", id, "sideways");
    assert_exit(&r, 2);
    assert_err_has(&r, "unknown case state");
    CASE_ADMIN(&r, &s, NULL, "status", id);
    assert_exit(&r, 2);
    /* not reachable yet, and the refusal is a policy refusal */
    CASE_ADMIN(&r, &s, NULL, "status", id, "designated");
    assert_exit(&r, 6);
    assert_err_has(&r, "cannot move to designated");
    CASE_ADMIN(&r, &s, NULL, "status", id, "investigating");
    assert_exit(&r, 0);
    assert_out_has(&r, "investigating");
    CASE_ADMIN(&r, &s, NULL, "status", id, "proposed");
    assert_exit(&r, 0);
    /* only approvers approve; twice is refused */
    CASE_ADMIN(&r, &s, NULL, "approve", id);
    assert_exit(&r, 6);
    case_as(&r, &s, "ap1", (const char *const[]){ "approve", id, NULL });
    assert_exit(&r, 0);
    case_as(&r, &s, "ap1", (const char *const[]){ "approve", id, NULL });
    assert_exit(&r, 6);
    assert_err_has(&r, "already approved");
    CASE_ADMIN(&r, &s, NULL, "status", id, "designated");
    assert_exit(&r, 6);
    assert_err_has(&r, "two different approvers");
    case_as(&r, &s, "ap2", (const char *const[]){ "approve", id, "designated", NULL });
    assert_exit(&r, 0);
    CASE_ADMIN(&r, &s, NULL, "status", id, "designated");
    assert_exit(&r, 0);
    assert_out_has(&r, "designated");
    CASE_ADMIN(&r, &s, NULL, "show", id, "--json");
    assert_exit(&r, 0);
    assert_out_has(&r, "\"status\": \"designated\"");
    CASE_ADMIN(&r, &s, NULL, "status", "CAS-0000-0000", "closed");
    assert_exit(&r, 4);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_case__help_and_version(void **state)
{
    cli_result r = { 0 };

    (void)state;
    CLI_RUN(&r, NULL, CASE, "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "usage: sanctum-case");
    assert_out_has(&r, "add");
    assert_out_has(&r, "show");
    assert_out_has(&r, "edit");
    assert_out_has(&r, "delete");
    assert_out_has(&r, "list");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, CASE, "--version");
    assert_exit(&r, 0);
    assert_out_has(&r, "sanctum-case 0.1.0");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, CASE, "edit", "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "usage: sanctum-case edit");
    assert_out_has(&r, "--revision");
    /* The shared exit status table (sanctum-lookup alone leaves it out). */
    assert_out_has(&r, "Exit status: 0 success, 1 failure, 2 usage error, 3 invalid input");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, CASE, "show", "-h");
    assert_exit(&r, 0);
    assert_out_has(&r, "--json");
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case__add_show_edit_delete),
        cmocka_unit_test(test_case__add_from_json_stdin),
        cmocka_unit_test(test_case__list),
        cmocka_unit_test(test_case__list_more_than_one_batch),
        cmocka_unit_test(test_case__clearance_withholds_values),
        cmocka_unit_test(test_case__status_and_two_approvals),
        cmocka_unit_test(test_case__help_and_version),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* test_input.c - bad input to sanctum-case: right exit code, clear message, store unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"

/* One store for the whole group: a Person to edit, and an auditor. */
typedef struct fixture {
    cli_store s;
    char      person[64];  /* id of an existing Person */
    char      auditor_pw[512];
} fixture;

static int
setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    cli_result r = { 0 };

    assert_non_null(f);
    cli_store_setup(&f->s, "cli-input", 1);
    CASE_ADMIN(&r, &f->s, NULL, "add", "--schema", "Person", "--prop", "name=Jane Doe");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(f->person, r.out);
    cli_add_user(&f->s, "audrey", "auditor", "official", "audrey passphrase 1");
    snprintf(f->auditor_pw, sizeof f->auditor_pw, "%s/audrey.pw", f->s.dir);
    cli_result_free(&r);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;

    cli_store_teardown(&f->s);
    free(f);
    return 0;
}

/*
 * Run sanctum-case as the admin with `args` and `stdin_text`, and check
 * the failure: exit `code`, `phrase` on stderr after the tool's name,
 * nothing on stdout, and not one byte of the store's content changed.
 */
#define EXPECT_FAILURE(f, in, code, phrase, ...) \
    cli_expect_refused(CASE, &(f)->s, CLI_ADMIN_NAME, (f)->s.admin_pw, (in), (code), \
                       (phrase), (const char *const[]){ __VA_ARGS__, NULL })

static void
test_input__unknown_schema(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 3, "unknown schema", "add", "--schema", "Persn", "--prop",
                   "name=X");
    EXPECT_FAILURE(f, "{\"schema\": \"Persn\", \"properties\": {\"name\": [\"X\"]}}", 3,
                   "unknown schema", "add");
    EXPECT_FAILURE(f, NULL, 3, "unknown schema", "list", "--schema", "Persn");
}

static void
test_input__unknown_property(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 3, "nme", "add", "--schema", "Person", "--prop", "nme=X");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"nme\": [\"X\"]}}", 3,
                   "property nme", "add");
    EXPECT_FAILURE(f, NULL, 3, "nme", "edit", f->person, "--add", "nme=X");
    EXPECT_FAILURE(f, NULL, 3, "nme", "edit", f->person, "--remove", "nme");
}

static void
test_input__malformed_date(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 3, "birthDate", "add", "--schema", "Person", "--prop",
                   "name=X", "--prop", "birthDate=19800");
    EXPECT_FAILURE(f, NULL, 3, "not a date", "add", "--schema", "Person", "--prop",
                   "name=X", "--prop", "birthDate=1980-13-45");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"name\": [\"X\"],"
                      " \"birthDate\": [\"yesterday\"]}}",
                   3, "birthDate", "add");
    EXPECT_FAILURE(f, NULL, 3, "birthDate", "edit", f->person, "--set", "birthDate=soon");
}

static void
test_input__malformed_country(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 3, "nationality", "add", "--schema", "Person", "--prop",
                   "name=X", "--prop", "nationality=qq");
    EXPECT_FAILURE(f, NULL, 3, "not a country", "add", "--schema", "Person", "--prop",
                   "name=X", "--prop", "nationality=Albania");
}

static void
test_input__value_never_in_message(void **state)
{
    fixture *f = *state;
    cli_result r = { 0 };

    cli_case_as(&r, &f->s, CLI_ADMIN_NAME, f->s.admin_pw, NULL,
                (const char *const[]){ "add", "--schema", "Person", "--prop",
                                       "birthDate=Zanzibar-Secret", NULL });
    assert_exit(&r, 3);
    assert_null(strstr(r.err, "Zanzibar"));
    cli_case_as(&r, &f->s, CLI_ADMIN_NAME, f->s.admin_pw,
                "{\"schema\": \"Person\", \"properties\": {\"name\": [Zanzibar]}}",
                (const char *const[]){ "add", NULL });
    assert_exit(&r, 3);
    assert_null(strstr(r.err, "Zanzibar"));
    cli_result_free(&r);
}

static void
test_input__unknown_id(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 4, "not found", "show", "PER-0000-0000");
    EXPECT_FAILURE(f, NULL, 4, "not found", "edit", "PER-0000-0000", "--add", "alias=X");
    EXPECT_FAILURE(f, NULL, 4, "not found", "delete", "PER-0000-0000");
    EXPECT_FAILURE(f, NULL, 4, "PER-0000-0000", "show", "PER-0000-0000", "--json");
}

static void
test_input__stale_revision(void **state)
{
    fixture *f = *state;
    cli_result r = { 0 };

    EXPECT_FAILURE(f, NULL, 7, "stale revision", "delete", f->person, "--revision", "9");

    /* edit must read the entity to learn its revision (the id list has no
     * revisions), and that read is audited: check the record instead of the
     * whole store. */
    cli_case_as(&r, &f->s, CLI_ADMIN_NAME, f->s.admin_pw, NULL,
                (const char *const[]){ "edit", f->person, "--revision", "9", "--add",
                                       "alias=Stale Alias", NULL });
    assert_exit(&r, 7);
    assert_err_prefixed(&r, CASE);
    assert_err_has(&r, "stale revision");
    assert_err_has(&r, "at revision 1, not 9");
    assert_out_empty(&r);
    cli_case_as(&r, &f->s, CLI_ADMIN_NAME, f->s.admin_pw, NULL,
                (const char *const[]){ "show", f->person, "--json", NULL });
    assert_exit(&r, 0);
    assert_out_has(&r, "\"revision\": 1,");
    assert_out_lacks(&r, "Stale Alias");
    cli_result_free(&r);
}

static void
test_input__dangling_reference(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 3, "invalid input", "add", "--schema", "Ownership", "--prop",
                   "owner=PER-0000-0000", "--prop", "asset=COM-0000-0000");
}

/* Deleting an entity a link still names would leave the link dangling:
 * refused (conflict) with the link's id, nothing changed; once the link
 * is gone, the entity can go. */
static void
test_input__delete_referenced(void **state)
{
    fixture *f = *state;
    cli_result r = { 0 };
    char person[64], prop[96], link[64];

    CASE_ADMIN(&r, &f->s, NULL, "add", "--schema", "Person", "--prop", "name=Linked Person");
    assert_exit(&r, 0);
    snprintf(person, sizeof person, "%s", r.out);
    person[strcspn(person, "\n")] = '\0';
    snprintf(prop, sizeof prop, "person=%s", person);
    CASE_ADMIN(&r, &f->s, NULL, "add", "--schema", "Associate", "--prop", prop, "--prop",
               "relationship=cousin");
    assert_exit(&r, 0);
    snprintf(link, sizeof link, "%s", r.out);
    link[strcspn(link, "\n")] = '\0';
    EXPECT_FAILURE(f, NULL, 7, "referenced by", "delete", person);
    CASE_ADMIN(&r, &f->s, NULL, "delete", person);
    assert_non_null(strstr(r.err, link));
    assert_non_null(strstr(r.err, "property person"));
    CASE_ADMIN(&r, &f->s, NULL, "delete", link);
    assert_exit(&r, 0);
    CASE_ADMIN(&r, &f->s, NULL, "delete", person);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

static void
test_input__malformed_json(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, "{\"schema\": \"Person\",\n \"properties\": {\"name\": [\"X\"]\n", 3,
                   "stdin:3:", "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"name\": [\"X\"]}} trailing",
                   3, "malformed JSON", "add");
    EXPECT_FAILURE(f, "", 3, "malformed JSON", "add");
    EXPECT_FAILURE(f, "[1, 2]", 3, "expected a JSON object", "add");
    EXPECT_FAILURE(f, "{\"properties\": {\"name\": [\"X\"]}}", 3, "no \"schema\"", "add");
    EXPECT_FAILURE(f, "{\"schema\": 7}", 3, "\"schema\" must be a string", "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": [\"X\"]}", 3,
                   "\"properties\" must be an object", "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"name\": [42]}}", 3,
                   "must be a string", "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"name\": "
                      "[{\"value\": \"X\", \"level\": \"cosmic\"}]}}",
                   3, "unknown level", "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {}}", 3, "invalid input",
                   "add");
    EXPECT_FAILURE(f, "{\"schema\": \"Person\", \"properties\": {\"name\": [\"X\"]}}", 3,
                   "--schema says Company", "add", "--schema", "Company");
}

static void
test_input__usage_errors(void **state)
{
    fixture *f = *state;

    EXPECT_FAILURE(f, NULL, 2, "expected KEY=VALUE", "add", "--schema", "Person", "--prop",
                   "name");
    EXPECT_FAILURE(f, NULL, 2, "unknown level", "add", "--schema", "Person", "--prop",
                   "name:topsecret=X");
    EXPECT_FAILURE(f, NULL, 2, "empty property name", "add", "--schema", "Person", "--prop",
                   "=X");
    EXPECT_FAILURE(f, NULL, 2, "--prop needs --schema", "add", "--prop", "name=X");
    EXPECT_FAILURE(f, NULL, 2, "missing argument", "show");
    EXPECT_FAILURE(f, NULL, 2, "too many arguments", "show", f->person, f->person);
    EXPECT_FAILURE(f, NULL, 2, "nothing to change", "edit", f->person);
    EXPECT_FAILURE(f, NULL, 2, "--revision", "edit", f->person, "--revision", "two",
                   "--add", "alias=X");
    EXPECT_FAILURE(f, NULL, 2, "--revision", "delete", f->person, "--revision", "0");
    EXPECT_FAILURE(f, NULL, 2, "not allowed", "edit", f->person, "--remove",
                   "alias:secret=X");
    EXPECT_FAILURE(f, NULL, 2, "unknown option '--frob'", "list", "--frob");
    EXPECT_FAILURE(f, NULL, 2, "usage: sanctum-case list", "list", "--frob");
    EXPECT_FAILURE(f, NULL, 2, "unknown verb", "frobnicate");
    EXPECT_FAILURE(f, NULL, 2, "usage: sanctum-case", "frobnicate");
}

static void
test_input__passphrase_fd_0_conflicts_with_json_stdin(void **state)
{
    const char *json = "{\"schema\": \"Person\", \"properties\": {\"name\": [\"X\"]}}";
    fixture *f = *state;

    cli_expect_refused(CASE, &f->s, NULL, NULL, json, 2, "standard input carries the entity JSON",
                       (const char *const[]){ "add", "--passphrase-fd", "0", "--store",
                                              f->s.store, "--user", CLI_ADMIN_NAME, NULL });
}

static void
test_input__auditor_not_permitted(void **state)
{
    unsigned char before[32];
    fixture *f = *state;
    cli_result r = { 0 };

    tu_store_digest(f->s.store, before);
    cli_case_as(&r, &f->s, "audrey", f->auditor_pw, NULL,
                (const char *const[]){ "show", f->person, NULL });
    assert_refused(&r, CASE, 6, "not permitted");
    cli_case_as(&r, &f->s, "audrey", f->auditor_pw, NULL,
                (const char *const[]){ "list", NULL });
    assert_exit(&r, 6);
    assert_out_empty(&r);
    cli_case_as(&r, &f->s, "audrey", f->auditor_pw, NULL,
                (const char *const[]){ "add", "--schema", "Person", "--prop", "name=X", NULL });
    assert_exit(&r, 6);
    assert_out_empty(&r);
    tu_assert_store_unchanged(f->s.store, before);
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input__unknown_schema),
        cmocka_unit_test(test_input__unknown_property),
        cmocka_unit_test(test_input__malformed_date),
        cmocka_unit_test(test_input__malformed_country),
        cmocka_unit_test(test_input__value_never_in_message),
        cmocka_unit_test(test_input__unknown_id),
        cmocka_unit_test(test_input__stale_revision),
        cmocka_unit_test(test_input__dangling_reference),
        cmocka_unit_test(test_input__delete_referenced),
        cmocka_unit_test(test_input__malformed_json),
        cmocka_unit_test(test_input__usage_errors),
        cmocka_unit_test(test_input__passphrase_fd_0_conflicts_with_json_stdin),
        cmocka_unit_test(test_input__auditor_not_permitted),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, teardown);
}

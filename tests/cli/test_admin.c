/* SPDX-License-Identifier: Apache-2.0 */
/* test_admin.c - sanctum-admin end to end: init, users, passwd, trust-export, usage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "store_digest.h"

static void
test_admin__init_creates_store(void **state)
{
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "alice");
    assert_out_has(&r, "admin");
    assert_out_has(&r, "secret");
    assert_out_has(&r, "active");
    assert_err_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__init_on_existing_store_is_conflict(void **state)
{
    unsigned char before[STORE_DIGEST_BYTES];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", s.store, "--user", "mallory", "--kdf",
            "interactive", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 7);
    assert_err_prefixed(&r, ADMIN);
    assert_err_has(&r, "already exists");
    assert_out_empty(&r);
    assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__init_rejects_short_passphrase(void **state)
{
    char pw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 0);
    cli_pwfile(pw, sizeof pw, &s, "short.pw", "short", 0600);
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", s.store, "--user", "alice", "--kdf",
            "interactive", "--passphrase-file", pw);
    assert_exit(&r, 3);
    assert_err_has(&r, "invalid input");
    assert_out_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__missing_store_is_notfound(void **state)
{
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--store", s.store);
    assert_exit(&r, 4);
    assert_err_prefixed(&r, ADMIN);
    assert_err_has(&r, "not found");
    assert_out_empty(&r);
    CASE_ADMIN(&r, &s, NULL, "list");
    assert_exit(&r, 4);
    assert_err_prefixed(&r, CASE);
    assert_err_has(&r, "not found");
    assert_out_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "trust-export", "--store", s.store);
    assert_exit(&r, 4);
    assert_out_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* The JSON user named `name` in a `user list --json` document, or NULL. */
static json_t *
find_user(json_t *doc, const char *name)
{
    json_t *users = json_object_get(doc, "users"), *u;
    size_t i;

    json_array_foreach(users, i, u) {
        if (strcmp(json_string_value(json_object_get(u, "name")), name) == 0)
            return u;
    }
    return NULL;
}

static void
test_admin__user_add_list_revoke(void **state)
{
    unsigned char before[STORE_DIGEST_BYTES];
    json_error_t jerr;
    json_t *doc, *u;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_add_user(&s, "bob", "analyst", "official", "bob passphrase 1");

    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--json", "--store", s.store);
    assert_exit(&r, 0);
    doc = json_loads(r.out, 0, &jerr);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "format_version")), 1);
    assert_int_equal(json_array_size(json_object_get(doc, "users")), 2);
    u = find_user(doc, "bob");
    assert_non_null(u);
    assert_string_equal(json_string_value(json_object_get(u, "role")), "analyst");
    assert_string_equal(json_string_value(json_object_get(u, "clearance")), "official");
    assert_string_equal(json_string_value(json_object_get(u, "state")), "active");
    assert_int_equal(json_integer_value(json_object_get(u, "id")), 2);
    assert_int_equal(strlen(json_string_value(json_object_get(u, "sign_pk"))), 64);
    json_decref(doc);

    /* A second user of the same name conflicts, and changes nothing. */
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "bob", "--role", "analyst", "--clearance",
            "official", "--new-passphrase-file", s.admin_pw, "--store", s.store, "--user",
            "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 7);
    assert_err_has(&r, "already exists");
    assert_out_empty(&r);
    assert_store_unchanged(s.store, before);

    CLI_RUN(&r, NULL, ADMIN, "user", "revoke", "bob", "--store", s.store, "--user", "alice",
            "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);
    assert_out_has(&r, "revoked user bob");

    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "revoked");

    /* Revoking twice says so. */
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "revoke", "bob", "--store", s.store, "--user", "alice",
            "--passphrase-file", s.admin_pw);
    assert_exit(&r, 5);
    assert_err_has(&r, "revoked");
    assert_out_empty(&r);
    assert_store_unchanged(s.store, before);

    /* Unknown user. */
    CLI_RUN(&r, NULL, ADMIN, "user", "revoke", "nobody", "--store", s.store, "--user",
            "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 5);
    assert_err_has(&r, "unknown user");
    assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__user_add_needs_admin(void **state)
{
    unsigned char before[STORE_DIGEST_BYTES];
    char pw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_add_user(&s, "bob", "analyst", "secret", "bob passphrase 1");
    snprintf(pw, sizeof pw, "%s/bob.pw", s.dir);
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "carol", "--role", "analyst", "--clearance",
            "official", "--new-passphrase-file", pw, "--store", s.store, "--user", "bob",
            "--passphrase-file", pw);
    assert_exit(&r, 6);
    assert_err_has(&r, "not permitted");
    assert_out_empty(&r);
    assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__user_add_usage_errors(void **state)
{
    unsigned char before[STORE_DIGEST_BYTES];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "carol", "--role", "king", "--clearance",
            "official", "--store", s.store, "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 2);
    assert_err_has(&r, "--role");
    assert_err_has(&r, "usage:");
    assert_out_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "carol", "--role", "analyst", "--store",
            s.store, "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 2);
    assert_err_has(&r, "--clearance is required");
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "--role", "analyst", "--clearance", "official",
            "--store", s.store, "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 2);
    assert_err_has(&r, "missing argument");
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "carol", "--role", "analyst", "--clearance",
            "topsecret", "--store", s.store);
    assert_exit(&r, 2);
    assert_err_has(&r, "--clearance");
    CLI_RUN(&r, NULL, ADMIN, "user", "--store", s.store);
    assert_exit(&r, 2);
    assert_err_has(&r, "sub-verb");
    assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__passwd_changes_passphrase(void **state)
{
    unsigned char before[STORE_DIGEST_BYTES];
    char newpw[512], shortpw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_pwfile(newpw, sizeof newpw, &s, "new.pw", "a brand new passphrase", 0600);
    CLI_RUN(&r, NULL, ADMIN, "passwd", "--new-passphrase-file", newpw, "--store", s.store,
            "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);

    assert_int_equal(store_digest(s.store, before), 0);
    CASE_ADMIN(&r, &s, NULL, "list");   /* the old passphrase no longer works */
    assert_exit(&r, 5);
    assert_err_has(&r, "wrong passphrase");
    assert_store_unchanged(s.store, before);

    cli_case_as(&r, &s, "alice", newpw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 0);

    /* Too short a new passphrase is invalid input, and changes nothing. */
    cli_pwfile(shortpw, sizeof shortpw, &s, "short.pw", "short", 0600);
    assert_int_equal(store_digest(s.store, before), 0);
    CLI_RUN(&r, NULL, ADMIN, "passwd", "--new-passphrase-file", shortpw, "--store", s.store,
            "--user", "alice", "--passphrase-file", newpw);
    assert_exit(&r, 3);
    assert_err_has(&r, "invalid input");
    assert_out_empty(&r);
    assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__passwd_both_passphrases_on_one_fd(void **state)
{
    char input[256];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    snprintf(input, sizeof input, "%s\nnew passphrase via fd\n", CLI_ADMIN_PASS);
    CLI_RUN(&r, input, ADMIN, "passwd", "--passphrase-fd", "0", "--new-passphrase-fd", "0",
            "--store", s.store, "--user", "alice");
    assert_exit(&r, 0);
    CLI_RUN(&r, "new passphrase via fd\n", CASE, "list", "--passphrase-fd", "0", "--store",
            s.store, "--user", "alice");
    assert_exit(&r, 0);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__trust_export(void **state)
{
    char out[512];
    unsigned char *text;
    size_t len;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    CLI_RUN(&r, NULL, ADMIN, "trust-export", "--store", s.store);
    assert_exit(&r, 0);
    assert_true(r.out_len > 0);
    assert_out_has(&r, "alice");
    assert_err_empty(&r);

    snprintf(out, sizeof out, "%s/trust.txt", s.dir);
    CLI_RUN(&r, NULL, ADMIN, "trust-export", "--output", out, "--store", s.store);
    assert_exit(&r, 0);
    assert_out_empty(&r);
    text = tu_read_file(out, &len);
    assert_non_null(text);
    assert_true(len > 0);
    free(text);

    snprintf(out, sizeof out, "%s/no/such/dir/trust.txt", s.dir);
    CLI_RUN(&r, NULL, ADMIN, "trust-export", "--output", out, "--store", s.store);
    assert_exit(&r, 4);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__help_and_version(void **state)
{
    cli_result r = { 0 };

    (void)state;
    CLI_RUN(&r, NULL, ADMIN, "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "usage: sanctum-admin");
    assert_out_has(&r, "user add");
    assert_out_has(&r, "trust-export");
    assert_out_has(&r, "--passphrase-file");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "-h");
    assert_exit(&r, 0);
    assert_out_has(&r, "usage: sanctum-admin");
    CLI_RUN(&r, NULL, ADMIN, "--version");
    assert_exit(&r, 0);
    assert_out_has(&r, "sanctum-admin 0.1.0");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "usage: sanctum-admin user add");
    assert_out_has(&r, "--clearance");
    assert_err_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "init", "--version");
    assert_exit(&r, 0);
    assert_out_has(&r, "0.1.0");
    cli_result_free(&r);
}

static void
test_admin__usage_errors(void **state)
{
    cli_result r = { 0 };

    (void)state;
    CLI_RUN(&r, NULL, ADMIN, "");
    assert_exit(&r, 2);
    CLI_RUN(&r, NULL, ADMIN, "--store", "/nonexistent");
    assert_exit(&r, 2);
    assert_err_has(&r, "no verb");
    assert_err_has(&r, "usage: sanctum-admin");
    assert_out_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "frobnicate");
    assert_exit(&r, 2);
    assert_err_has(&r, "unknown verb");
    CLI_RUN(&r, NULL, ADMIN, "init", "--bogus");
    assert_exit(&r, 2);
    assert_err_prefixed(&r, ADMIN);
    assert_err_has(&r, "unknown option '--bogus'");
    assert_err_has(&r, "usage: sanctum-admin init");
    assert_out_empty(&r);
    CLI_RUN(&r, NULL, ADMIN, "init", "--user", "alice");
    assert_exit(&r, 2);
    assert_err_has(&r, "--store");
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", "/tmp/x", "--kdf", "extreme");
    assert_exit(&r, 2);
    assert_err_has(&r, "--kdf");
    CLI_RUN(&r, NULL, ADMIN, "init", "--store");
    assert_exit(&r, 2);
    assert_err_has(&r, "needs a value");
    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--json=yes");
    assert_exit(&r, 2);
    assert_err_has(&r, "takes no value");
    CLI_RUN(&r, NULL, ADMIN, "user", "list", "extra");
    assert_exit(&r, 2);
    assert_err_has(&r, "too many arguments");
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin__init_creates_store),
        cmocka_unit_test(test_admin__init_on_existing_store_is_conflict),
        cmocka_unit_test(test_admin__init_rejects_short_passphrase),
        cmocka_unit_test(test_admin__missing_store_is_notfound),
        cmocka_unit_test(test_admin__user_add_list_revoke),
        cmocka_unit_test(test_admin__user_add_needs_admin),
        cmocka_unit_test(test_admin__user_add_usage_errors),
        cmocka_unit_test(test_admin__passwd_changes_passphrase),
        cmocka_unit_test(test_admin__passwd_both_passphrases_on_one_fd),
        cmocka_unit_test(test_admin__trust_export),
        cmocka_unit_test(test_admin__help_and_version),
        cmocka_unit_test(test_admin__usage_errors),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

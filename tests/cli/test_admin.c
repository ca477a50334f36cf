/* SPDX-License-Identifier: Apache-2.0 */
/* test_admin.c - sanctum-admin end to end: init, users, passwd, trust-export, usage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"

/* Run sanctum-admin with the arguments and check that it is refused (exit
 * `code`, `phrase` on stderr) and leaves the store unchanged. */
#define ADMIN_REFUSED(s, code, phrase, ...) \
    cli_expect_refused(ADMIN, (s), NULL, NULL, NULL, (code), (phrase), \
                       (const char *const[]){ __VA_ARGS__, NULL })

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
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    ADMIN_REFUSED(&s, 7, "already exists", "init", "--store", s.store, "--user", "mallory",
                  "--kdf", "interactive", "--passphrase-file", s.admin_pw);
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
    assert_refused(&r, ADMIN, 3, "invalid input");
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
    assert_refused(&r, ADMIN, 4, "not found");
    CASE_ADMIN(&r, &s, NULL, "list");
    assert_refused(&r, CASE, 4, "not found");
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
    json_t *doc, *u;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_add_user(&s, "bob", "analyst", "official", "bob passphrase 1");

    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--json", "--store", s.store);
    assert_exit(&r, 0);
    doc = cli_json(&r);
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
    ADMIN_REFUSED(&s, 7, "already exists", "user", "add", "bob", "--role", "analyst",
                  "--clearance", "official", "--new-passphrase-file", s.admin_pw, "--store",
                  s.store, "--user", "alice", "--passphrase-file", s.admin_pw);

    CLI_RUN(&r, NULL, ADMIN, "user", "revoke", "bob", "--store", s.store, "--user", "alice",
            "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);
    assert_out_has(&r, "revoked user bob");

    CLI_RUN(&r, NULL, ADMIN, "user", "list", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "revoked");

    /* Revoking twice says so. */
    ADMIN_REFUSED(&s, 5, "revoked", "user", "revoke", "bob", "--store", s.store, "--user",
                  "alice", "--passphrase-file", s.admin_pw);

    /* Unknown user. */
    ADMIN_REFUSED(&s, 5, "unknown user", "user", "revoke", "nobody", "--store", s.store,
                  "--user", "alice", "--passphrase-file", s.admin_pw);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__user_add_needs_admin(void **state)
{
    char pw[512];
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_add_user(&s, "bob", "analyst", "secret", "bob passphrase 1");
    snprintf(pw, sizeof pw, "%s/bob.pw", s.dir);
    ADMIN_REFUSED(&s, 6, "not permitted", "user", "add", "carol", "--role", "analyst",
                  "--clearance", "official", "--new-passphrase-file", pw, "--store", s.store,
                  "--user", "bob", "--passphrase-file", pw);
    cli_store_teardown(&s);
}

/* reindex: an admin rebuilds the indexes (one audited transaction); an
 * analyst may not; stray arguments are usage errors. */
static void
test_admin__reindex(void **state)
{
    char pw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    CLI_RUN(&r, NULL, ADMIN, "reindex", "--purpose", "rebuild", "--store", s.store, "--user",
            CLI_ADMIN_NAME, "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);
    assert_out_has(&r, "indexes rebuilt");
    cli_add_user(&s, "bob", "analyst", "secret", "bob passphrase 1");
    snprintf(pw, sizeof pw, "%s/bob.pw", s.dir);
    ADMIN_REFUSED(&s, 6, "not permitted", "reindex", "--store", s.store, "--user", "bob",
                  "--passphrase-file", pw);
    ADMIN_REFUSED(&s, 2, "usage", "reindex", "extra", "--store", s.store, "--user",
                  CLI_ADMIN_NAME, "--passphrase-file", s.admin_pw);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* Add a Person named `name` as the admin, asserting success. */
static void
add_person(const cli_store *s, cli_result *r, const char *name)
{
    char prop[128];

    snprintf(prop, sizeof prop, "name=%s", name);
    CLI_RUN(r, NULL, CASE, "add", "--schema", "Person", "--prop", prop, "--store", s->store,
            "--user", CLI_ADMIN_NAME, "--passphrase-file", s->admin_pw);
    assert_exit(r, 0);
}

/* sanctum-lookup finds `name` (exit 0, the name in the table). */
static void
lookup_finds(const cli_store *s, cli_result *r, const char *name)
{
    CLI_RUN(r, NULL, "sanctum-lookup", name, "--store", s->store, "--user", CLI_ADMIN_NAME,
            "--passphrase-file", s->admin_pw);
    assert_exit(r, 0);
    assert_out_has(r, name);
}

/* upgrade: every tool refuses a store of format 1 with the way out (exit
 * 8, nothing written); upgrade brings it up to date without a passphrase;
 * again, or on a current store, it changes nothing. */
static void
test_admin__upgrade(void **state)
{
    unsigned char before[32];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    add_person(&s, &r, "Dragan Kovacevic");
    tu_store_make_v1(s.store);
    tu_store_digest(s.store, before);
    CLI_RUN(&r, NULL, CASE, "list", "--store", s.store, "--user", CLI_ADMIN_NAME,
            "--passphrase-file", s.admin_pw);
    assert_refused(&r, CASE, 8, "sanctum-admin upgrade");
    tu_assert_store_unchanged(s.store, before);
    ADMIN_REFUSED(&s, 2, "usage", "upgrade", "extra", "--store", s.store);
    tu_assert_store_unchanged(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "upgrade", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "upgraded from format version 1 to 2");
    lookup_finds(&s, &r, "Dragan Kovacevic"); /* through the upgraded index */
    tu_store_digest(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "upgrade", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "already has format version 2");
    tu_assert_store_unchanged(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "upgrade", "--store", s.dir);
    assert_refused(&r, ADMIN, 4, "no store");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* repack: no passphrase, the store's answers unchanged; on a format 1
 * store it says to upgrade first (exit 8) and writes nothing. */
static void
test_admin__repack(void **state)
{
    unsigned char before[32];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    add_person(&s, &r, "Dragan Kovacevic");
    CLI_RUN(&r, NULL, ADMIN, "repack", "--store", s.store);
    assert_exit(&r, 0);
    assert_out_has(&r, "repacked");
    lookup_finds(&s, &r, "Dragan Kovacevic");
    ADMIN_REFUSED(&s, 2, "usage", "repack", "extra", "--store", s.store);
    tu_store_make_v1(s.store);
    tu_store_digest(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "repack", "--store", s.store);
    assert_refused(&r, ADMIN, 8, "sanctum-admin upgrade");
    tu_assert_store_unchanged(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "repack", "--store", s.dir);
    assert_refused(&r, ADMIN, 4, "no store");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

/* upgrade and repack while another process has the store open: exit 7,
 * the message says so, nothing written; afterwards they run. */
static void
test_admin__maint_while_open(void **state)
{
    unsigned char before[32];
    cli_store s;
    cli_result r = { 0 };
    int pid, release;

    static const char *const verbs[] = { "upgrade", "repack" }; /* on format 1, then 2 */

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    add_person(&s, &r, "Dragan Kovacevic");
    tu_store_make_v1(s.store);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        tu_store_digest(s.store, before);
        pid = tu_store_hold_open(s.store, &release);
        CLI_RUN(&r, NULL, ADMIN, verbs[i], "--store", s.store);
        assert_refused(&r, ADMIN, 7, "open in another process");
        tu_assert_store_unchanged(s.store, before);
        tu_store_let_go(pid, release);
        CLI_RUN(&r, NULL, ADMIN, verbs[i], "--store", s.store);
        assert_exit(&r, 0);
    }
    lookup_finds(&s, &r, "Dragan Kovacevic");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__user_add_usage_errors(void **state)
{
    unsigned char before[32];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    tu_store_digest(s.store, before);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", "carol", "--role", "king", "--clearance",
            "official", "--store", s.store, "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_refused(&r, ADMIN, 2, "--role");
    assert_err_has(&r, "usage:");
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
    tu_assert_store_unchanged(s.store, before);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_admin__passwd_changes_passphrase(void **state)
{
    char newpw[512], shortpw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-admin", 1);
    cli_pwfile(newpw, sizeof newpw, &s, "new.pw", "a brand new passphrase", 0600);
    CLI_RUN(&r, NULL, ADMIN, "passwd", "--new-passphrase-file", newpw, "--store", s.store,
            "--user", "alice", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);

    /* The old passphrase no longer works. */
    cli_expect_refused(CASE, &s, CLI_ADMIN_NAME, s.admin_pw, NULL, 5, "wrong passphrase",
                       (const char *const[]){ "list", NULL });

    cli_case_as(&r, &s, "alice", newpw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 0);

    /* Too short a new passphrase is invalid input, and changes nothing. */
    cli_pwfile(shortpw, sizeof shortpw, &s, "short.pw", "short", 0600);
    ADMIN_REFUSED(&s, 3, "invalid input", "passwd", "--new-passphrase-file", shortpw,
                  "--store", s.store, "--user", "alice", "--passphrase-file", newpw);
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
    assert_refused(&r, ADMIN, 2, "no verb");
    assert_err_has(&r, "usage: sanctum-admin");
    CLI_RUN(&r, NULL, ADMIN, "frobnicate");
    assert_exit(&r, 2);
    assert_err_has(&r, "unknown verb");
    CLI_RUN(&r, NULL, ADMIN, "init", "--bogus");
    assert_refused(&r, ADMIN, 2, "unknown option '--bogus'");
    assert_err_has(&r, "usage: sanctum-admin init");
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
        cmocka_unit_test(test_admin__reindex),
        cmocka_unit_test(test_admin__upgrade),
        cmocka_unit_test(test_admin__repack),
        cmocka_unit_test(test_admin__maint_while_open),
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

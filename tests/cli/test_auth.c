/* SPDX-License-Identifier: Apache-2.0 */
/* test_auth.c - unlocking through the tools: passphrase sources, wrong, unknown, revoked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_util.h"

/* Run `sanctum-case list` as `user` with passphrase file `pw` and expect
 * failure `code` with `phrase` on stderr, nothing on stdout, and the store
 * unchanged. */
static void
expect_list_fails(const cli_store *s, const char *user, const char *pw, int code,
                  const char *phrase)
{
    cli_expect_refused(CASE, s, user, pw, NULL, code, phrase,
                       (const char *const[]){ "list", NULL });
}

static void
test_auth__wrong_passphrase(void **state)
{
    char pw[512];
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    cli_pwfile(pw, sizeof pw, &s, "wrong.pw", "not alice's passphrase", 0600);
    expect_list_fails(&s, "alice", pw, 5, "wrong passphrase");
    cli_store_teardown(&s);
}

static void
test_auth__unknown_user(void **state)
{
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    expect_list_fails(&s, "zoe", s.admin_pw, 5, "unknown user");
    cli_store_teardown(&s);
}

static void
test_auth__revoked_user(void **state)
{
    char pw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    cli_add_user(&s, "bob", "analyst", "official", "bob passphrase 1");
    snprintf(pw, sizeof pw, "%s/bob.pw", s.dir);
    cli_case_as(&r, &s, "bob", pw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 0);
    CLI_RUN(&r, NULL, ADMIN, "user", "revoke", "bob", "--store", s.store, "--user", "alice",
            "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);
    expect_list_fails(&s, "bob", pw, 5, "revoked");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_auth__loose_passphrase_file_is_refused(void **state)
{
    char pw[512];
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    cli_pwfile(pw, sizeof pw, &s, "world.pw", CLI_ADMIN_PASS, 0644);
    expect_list_fails(&s, "alice", pw, 6, "accessible by group or others");
    cli_pwfile(pw, sizeof pw, &s, "group.pw", CLI_ADMIN_PASS, 0640);
    expect_list_fails(&s, "alice", pw, 6, "chmod 600");
    cli_pwfile(pw, sizeof pw, &s, "other.pw", CLI_ADMIN_PASS, 0604);
    expect_list_fails(&s, "alice", pw, 6, "mode 0604");
    cli_store_teardown(&s);
}

static void
test_auth__loose_passphrase_file_refused_by_init(void **state)
{
    char pw[512];
    cli_store s;
    cli_result r = { 0 };
    struct stat st;

    (void)state;
    cli_store_setup(&s, "cli-auth", 0);
    cli_pwfile(pw, sizeof pw, &s, "world.pw", CLI_ADMIN_PASS, 0644);
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", s.store, "--user", "alice", "--kdf",
            "interactive", "--passphrase-file", pw);
    assert_refused(&r, ADMIN, 6, "accessible by group or others");
    assert_int_not_equal(stat(s.store, &st), 0);   /* no store was made */
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_auth__missing_passphrase_file(void **state)
{
    char pw[512];
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    snprintf(pw, sizeof pw, "%s/no-such.pw", s.dir);
    expect_list_fails(&s, "alice", pw, 4, "no-such.pw");
    cli_store_teardown(&s);
}

static void
test_auth__unreadable_passphrase_file(void **state)
{
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    /* A directory cannot be read as a file (even by root). */
    expect_list_fails(&s, "alice", s.dir, 1, "is a directory");
    cli_store_teardown(&s);
}

static void
test_auth__empty_passphrase_file(void **state)
{
    char pw[512];
    cli_store s;

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    snprintf(pw, sizeof pw, "%s/empty.pw", s.dir);
    assert_int_equal(tu_write_file(pw, "\n", 1, 0600), 0);
    expect_list_fails(&s, "alice", pw, 3, "empty");
    cli_store_teardown(&s);
}

static void
test_auth__only_one_trailing_newline_is_stripped(void **state)
{
    char pw[512], text[256];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    snprintf(pw, sizeof pw, "%s/crlf.pw", s.dir);
    snprintf(text, sizeof text, "%s\r\n", CLI_ADMIN_PASS);
    assert_int_equal(tu_write_file(pw, text, strlen(text), 0600), 0);
    cli_case_as(&r, &s, "alice", pw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 0);
    snprintf(pw, sizeof pw, "%s/bare.pw", s.dir);
    assert_int_equal(tu_write_file(pw, CLI_ADMIN_PASS, strlen(CLI_ADMIN_PASS), 0600), 0);
    cli_case_as(&r, &s, "alice", pw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 0);
    snprintf(pw, sizeof pw, "%s/two.pw", s.dir);
    snprintf(text, sizeof text, "%s\n\n", CLI_ADMIN_PASS);
    assert_int_equal(tu_write_file(pw, text, strlen(text), 0600), 0);
    cli_result_free(&r);
    expect_list_fails(&s, "alice", pw, 5, "wrong passphrase");
    cli_store_teardown(&s);
}

static void
test_auth__passphrase_fd(void **state)
{
    char input[256];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    snprintf(input, sizeof input, "%s\n", CLI_ADMIN_PASS);
    CLI_RUN(&r, input, CASE, "list", "--passphrase-fd", "0", "--store", s.store, "--user",
            "alice");
    assert_exit(&r, 0);
    CLI_RUN(&r, input, CASE, "list", "--passphrase-fd", "9", "--store", s.store, "--user",
            "alice");
    assert_exit(&r, 2);
    assert_err_has(&r, "--passphrase-fd 9");
    CLI_RUN(&r, input, CASE, "list", "--passphrase-fd", "zero", "--store", s.store, "--user",
            "alice");
    assert_exit(&r, 2);
    assert_err_has(&r, "not a file descriptor");
    CLI_RUN(&r, input, CASE, "list", "--passphrase-fd", "0", "--passphrase-file", s.admin_pw,
            "--store", s.store, "--user", "alice");
    assert_exit(&r, 2);
    assert_err_has(&r, "only one of");
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_auth__no_terminal_and_no_passphrase_source(void **state)
{
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    CLI_RUN(&r, NULL, CASE, "list", "--store", s.store, "--user", "alice");
    assert_exit(&r, 2);
    assert_err_has(&r, "no terminal");
    assert_err_has(&r, "--passphrase-file");
    assert_out_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_auth__store_and_user_from_environment(void **state)
{
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    CLI_RUN(&r, NULL, CASE, "list", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 2);
    assert_err_has(&r, "SANCTUM_");
    setenv("SANCTUM_STORE", s.store, 1);
    setenv("SANCTUM_USER", "alice", 1);
    CLI_RUN(&r, NULL, CASE, "list", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 0);
    /* Options win over the environment. */
    CLI_RUN(&r, NULL, CASE, "list", "--user", "zoe", "--passphrase-file", s.admin_pw);
    assert_exit(&r, 5);
    assert_err_has(&r, "unknown user");
    cli_clean_env();
    cli_result_free(&r);
    cli_store_teardown(&s);
}

static void
test_auth__passphrase_never_in_output(void **state)
{
    char pw[512];
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    cli_store_setup(&s, "cli-auth", 1);
    cli_pwfile(pw, sizeof pw, &s, "wrong.pw", "hunter2-wrong-secret", 0600);
    cli_case_as(&r, &s, "alice", pw, NULL, (const char *const[]){ "list", NULL });
    assert_exit(&r, 5);
    assert_null(strstr(r.err, "hunter2"));
    assert_null(strstr(r.out, "hunter2"));
    cli_result_free(&r);
    cli_store_teardown(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth__wrong_passphrase),
        cmocka_unit_test(test_auth__unknown_user),
        cmocka_unit_test(test_auth__revoked_user),
        cmocka_unit_test(test_auth__loose_passphrase_file_is_refused),
        cmocka_unit_test(test_auth__loose_passphrase_file_refused_by_init),
        cmocka_unit_test(test_auth__missing_passphrase_file),
        cmocka_unit_test(test_auth__unreadable_passphrase_file),
        cmocka_unit_test(test_auth__empty_passphrase_file),
        cmocka_unit_test(test_auth__only_one_trailing_newline_is_stripped),
        cmocka_unit_test(test_auth__passphrase_fd),
        cmocka_unit_test(test_auth__no_terminal_and_no_passphrase_source),
        cmocka_unit_test(test_auth__store_and_user_from_environment),
        cmocka_unit_test(test_auth__passphrase_never_in_output),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

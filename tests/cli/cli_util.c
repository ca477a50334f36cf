/* SPDX-License-Identifier: Apache-2.0 */
/* cli_util.c - the store fixture of the tool tests, and running tools as its users. */
#include "cli_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cli_pwfile(char *path, size_t size, const cli_store *s, const char *name, const char *pass,
           int mode)
{
    char text[512];

    snprintf(path, size, "%s/%s", s->dir, name);
    snprintf(text, sizeof text, "%s\n", pass);
    assert_int_equal(tu_write_file(path, text, strlen(text), mode), 0);
}

void
cli_store_setup(cli_store *s, const char *tag, int init)
{
    cli_result r = { 0 };

    memset(s, 0, sizeof *s);
    s->dir = tu_tmpdir(tag);
    assert_non_null(s->dir);
    snprintf(s->store, sizeof s->store, "%s/store", s->dir);
    cli_pwfile(s->admin_pw, sizeof s->admin_pw, s, "alice.pw", CLI_ADMIN_PASS, 0600);
    if (!init)
        return;
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", s->store, "--user", CLI_ADMIN_NAME,
            "--kdf", "interactive", "--passphrase-file", s->admin_pw);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

void
cli_store_teardown(cli_store *s)
{
    tu_rmtree(s->dir);
    free(s->dir);
    s->dir = NULL;
}

void
cli_add_user(const cli_store *s, const char *name, const char *role, const char *clearance,
             const char *pass)
{
    char pw[512], file[64];
    cli_result r = { 0 };

    snprintf(file, sizeof file, "%s.pw", name);
    cli_pwfile(pw, sizeof pw, s, file, pass, 0600);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", name, "--role", role, "--clearance", clearance,
            "--new-passphrase-file", pw, "--store", s->store, "--user", CLI_ADMIN_NAME,
            "--passphrase-file", s->admin_pw);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

void
cli_tool_as(cli_result *r, const char *tool, const cli_store *s, const char *user,
            const char *pwfile, const char *stdin_text, const char *const *args)
{
    const char *argv[64];
    size_t n = 0;

    for (; *args != NULL; args++) {
        assert_true(n < 56);
        argv[n++] = *args;
    }
    argv[n++] = "--store";
    argv[n++] = s->store;
    argv[n++] = "--user";
    argv[n++] = user;
    argv[n++] = "--passphrase-file";
    argv[n++] = pwfile;
    argv[n] = NULL;
    cli_runv(r, stdin_text, tool, argv);
}

void
cli_expect_refused(const char *tool, const cli_store *s, const char *user, const char *pwfile,
                   const char *stdin_text, int code, const char *phrase,
                   const char *const *args)
{
    unsigned char before[32];
    cli_result r = { 0 };

    tu_store_digest(s->store, before);
    if (user != NULL)
        cli_tool_as(&r, tool, s, user, pwfile, stdin_text, args);
    else
        cli_runv(&r, stdin_text, tool, args);
    assert_refused(&r, tool, code, phrase);
    tu_assert_store_unchanged(s->store, before);
    cli_result_free(&r);
}

void
cli_case_as(cli_result *r, const cli_store *s, const char *user, const char *pwfile,
            const char *stdin_text, const char *const *args)
{
    cli_tool_as(r, CASE, s, user, pwfile, stdin_text, args);
}

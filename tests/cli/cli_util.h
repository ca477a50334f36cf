/* SPDX-License-Identifier: Apache-2.0 */
/* cli_util.h - a store made by the real sanctum-admin, and running tools as its users. */
#ifndef SANCTUM_CLI_UTIL_H
#define SANCTUM_CLI_UTIL_H

#include "fixture.h"
#include "run.h"

#define ADMIN "sanctum-admin"
#define CASE  "sanctum-case"

/* The admin's and other users' passphrases used by the fixture. */
#define CLI_ADMIN_NAME "alice"
#define CLI_ADMIN_PASS "alice correct horse battery"

/*
 * A fresh store in a temporary directory, created with
 * `sanctum-admin init --kdf interactive`, plus passphrase files.
 */
typedef struct cli_store {
    char *dir;          /* the temporary directory (tu_tmpdir) */
    char  store[512];   /* <dir>/store */
    char  admin_pw[512]; /* <dir>/alice.pw, mode 0600 */
} cli_store;

/* Set up the fixture (asserting every step) or, with `init` 0, only the
 * directory and passphrase file. */
void cli_store_setup(cli_store *s, const char *tag, int init);
void cli_store_teardown(cli_store *s);

/* Write a passphrase file <dir>/<name> with `mode`; returns its path
 * (static buffer per call site is not safe: copy it). */
void cli_pwfile(char *path, size_t size, const cli_store *s, const char *name,
                const char *pass, int mode);

/* Add a user with `role` and `clearance` and passphrase `pass` (the
 * passphrase file is <dir>/<name>.pw), asserting success. */
void cli_add_user(const cli_store *s, const char *name, const char *role,
                  const char *clearance, const char *pass);

/* Run `tool` as `user` (passphrase file `pwfile`) on store `s`: --store,
 * --user and --passphrase-file are added after `args` (NULL-terminated). */
void cli_tool_as(cli_result *r, const char *tool, const cli_store *s, const char *user,
                 const char *pwfile, const char *stdin_text, const char *const *args);

/* Run sanctum-case likewise. */
void cli_case_as(cli_result *r, const cli_store *s, const char *user, const char *pwfile,
                 const char *stdin_text, const char *const *args);
#define CASE_ADMIN(r, s, in, ...) \
    cli_case_as((r), (s), CLI_ADMIN_NAME, (s)->admin_pw, (in), \
                (const char *const[]){ __VA_ARGS__, NULL })

/*
 * Run `tool` with `args` and `stdin_text` -- as `user` with passphrase file
 * `pwfile` on store `s` (cli_tool_as) if `user` is not NULL, else with
 * `args` alone -- and check that it was refused and changed nothing: exit
 * `code`, stderr "<tool>: ..." holding `phrase`, nothing on stdout, and not
 * one byte of the store's content changed (tu_store_digest).
 */
void cli_expect_refused(const char *tool, const cli_store *s, const char *user,
                        const char *pwfile, const char *stdin_text, int code,
                        const char *phrase, const char *const *args);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* cli_util.h - running the real sanctum-* binaries from tests, and a store fixture. */
#ifndef SANCTUM_CLI_UTIL_H
#define SANCTUM_CLI_UTIL_H

#include "testutil.h"

/* What one run of a tool produced. */
typedef struct cli_result {
    int    status;   /* exit code; 128 + signal number if killed */
    char  *out;      /* stdout, NUL-terminated (malloc'd) */
    size_t out_len;
    char  *err;      /* stderr, NUL-terminated (malloc'd) */
    size_t err_len;
} cli_result;

/*
 * Run $SANCTUM_TOOLS_DIR/<tool> with `args` (NULL-terminated), feeding
 * `stdin_text` (NULL: /dev/null) and capturing stdout and stderr. The
 * child runs in a new session, without a controlling terminal, so a tool
 * that tries to prompt fails at once instead of hanging. Frees what `r`
 * held before. Aborts the test if the tool cannot be started.
 */
void cli_runv(cli_result *r, const char *stdin_text, const char *tool,
              const char *const *args);
#define CLI_RUN(r, in, tool, ...) \
    cli_runv((r), (in), (tool), (const char *const[]){ __VA_ARGS__, NULL })

void cli_result_free(cli_result *r);

/* Print the command's captured output on stderr (after a failed check). */
void cli_dump(const cli_result *r);

/* Checks that print the captured output when they fail. */
#define assert_exit(r, code) do { \
    if ((r)->status != (code)) { \
        cli_dump(r); \
        fail_msg("%s:%d: exit status %d, expected %d", __FILE__, __LINE__, \
                 (r)->status, (code)); \
    } } while (0)
#define assert_err_has(r, phrase) do { \
    if (strstr((r)->err, (phrase)) == NULL) { \
        cli_dump(r); \
        fail_msg("%s:%d: stderr lacks \"%s\"", __FILE__, __LINE__, (phrase)); \
    } } while (0)
#define assert_out_has(r, phrase) do { \
    if (strstr((r)->out, (phrase)) == NULL) { \
        cli_dump(r); \
        fail_msg("%s:%d: stdout lacks \"%s\"", __FILE__, __LINE__, (phrase)); \
    } } while (0)
#define assert_out_lacks(r, phrase) do { \
    if (strstr((r)->out, (phrase)) != NULL) { \
        cli_dump(r); \
        fail_msg("%s:%d: stdout has \"%s\"", __FILE__, __LINE__, (phrase)); \
    } } while (0)
#define assert_out_empty(r) do { \
    if ((r)->out_len != 0) { \
        cli_dump(r); \
        fail_msg("%s:%d: stdout not empty", __FILE__, __LINE__); \
    } } while (0)
#define assert_err_empty(r) do { \
    if ((r)->err_len != 0) { \
        cli_dump(r); \
        fail_msg("%s:%d: stderr not empty", __FILE__, __LINE__); \
    } } while (0)
/* Every diagnostic line starts with the tool's name. */
#define assert_err_prefixed(r, tool) do { \
    if (strncmp((r)->err, tool ": ", strlen(tool ": ")) != 0) { \
        cli_dump(r); \
        fail_msg("%s:%d: stderr does not start with \"%s: \"", __FILE__, __LINE__, tool); \
    } } while (0)

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

/* Run sanctum-case <verb> ... as the admin: --store, --user, --passphrase-file
 * are prepended to `args`. */
void cli_case_as(cli_result *r, const cli_store *s, const char *user, const char *pwfile,
                 const char *stdin_text, const char *const *args);
#define CASE_ADMIN(r, s, in, ...) \
    cli_case_as((r), (s), CLI_ADMIN_NAME, (s)->admin_pw, (in), \
                (const char *const[]){ __VA_ARGS__, NULL })

/* Drop a final newline from r->out (for ids and revisions). */
void cli_chomp(cli_result *r);

/* Unset SANCTUM_STORE and SANCTUM_USER so the caller's environment does
 * not leak into the tests. Call from main(). */
void cli_clean_env(void);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* run.h - running the real sanctum-* binaries from tests and checking what they print. */
#ifndef SANCTUM_TEST_RUN_H
#define SANCTUM_TEST_RUN_H

#include <string.h>

#include <jansson.h>

#include "testutil.h"

/* What one run of a tool produced. */
typedef struct cli_result {
    int    status;   /* exit code; 128 + signal number if killed */
    char  *out;      /* stdout (may hold binary bytes), NUL-terminated (malloc'd) */
    size_t out_len;
    char  *err;      /* stderr, NUL-terminated (malloc'd) */
    size_t err_len;
} cli_result;

/*
 * Run $SANCTUM_TOOLS_DIR/<tool> with `args` (NULL-terminated), feeding
 * `stdin_text` (NULL: /dev/null) and capturing stdout and stderr. The
 * child runs in a new session, without a controlling terminal, so a tool
 * that tries to prompt fails at once instead of hanging. It inherits the
 * environment (see cli_clean_env). Frees what `r` held before. Aborts the
 * test if the tool cannot be started.
 */
void cli_runv(cli_result *r, const char *stdin_text, const char *tool,
              const char *const *args);
#define CLI_RUN(r, in, tool, ...) \
    cli_runv((r), (in), (tool), (const char *const[]){ __VA_ARGS__, NULL })

/* Where cli_runv_io() connects the child's standard input and output,
 * for the tools' handling of unreadable input and unwritable output. */
typedef struct cli_io {
    const char *in_path;   /* stdin opened read-only from this path (a
                              directory is fine); NULL: /dev/null */
    int         in_closed; /* 1: stdin closed (in_path ignored) */
    const char *out_path;  /* stdout opened write-only on this path
                              (/dev/full); NULL: captured into r->out */
} cli_io;
#define CLI_IO_INIT { NULL, 0, NULL }

/* As cli_runv(), with stdin and stdout as `io` says. */
void cli_runv_io(cli_result *r, const cli_io *io, const char *tool, const char *const *args);
#define CLI_RUN_IO(r, io, tool, ...) \
    cli_runv_io((r), (io), (tool), (const char *const[]){ __VA_ARGS__, NULL })

/* Free what `r` holds and zero it (a zeroed result is free already). */
void cli_result_free(cli_result *r);

/* Print the command's captured output on stderr (after a failed check). */
void cli_dump(const cli_result *r);

/* Drop a final newline from r->out (for ids and revisions). */
void cli_chomp(cli_result *r);

/* Unset SANCTUM_STORE and SANCTUM_USER so the caller's environment does
 * not leak into the tools. Call from main(). */
void cli_clean_env(void);

/*
 * Parse r->out as one JSON document of a tool's --json output, asserting
 * that it parses and that its "format_version" is 2 (printing the output
 * when not). The caller json_decref()s it.
 */
json_t *cli_json(const cli_result *r);

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
    size_t tool_len_ = strlen(tool); \
    if (strncmp((r)->err, (tool), tool_len_) != 0 || \
        strncmp((r)->err + tool_len_, ": ", 2) != 0) { \
        cli_dump(r); \
        fail_msg("%s:%d: stderr does not start with \"%s: \"", __FILE__, __LINE__, tool); \
    } } while (0)
/* A refused command: exit `code`, stderr "<tool>: ..." holding `phrase`,
 * nothing on stdout. */
#define assert_refused(r, tool, code, phrase) do { \
    assert_exit(r, code); \
    assert_err_prefixed(r, tool); \
    assert_err_has(r, phrase); \
    assert_out_empty(r); \
    } while (0)

#endif

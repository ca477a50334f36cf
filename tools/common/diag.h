/* SPDX-License-Identifier: Apache-2.0 */
/* diag.h - exit codes shared by every sanctum-* tool, and diagnostics on stderr. */
#ifndef SANCTUM_TOOL_DIAG_H
#define SANCTUM_TOOL_DIAG_H

/*
 * Exit codes. They are an interface (scripts test them): never renumber,
 * only append. docs/exit-codes.md and every man page list them.
 */
enum tool_exit {
    TOOL_EXIT_OK       = 0, /* success */
    TOOL_EXIT_FAIL     = 1, /* any other failure (I/O, out of memory, ...) */
    TOOL_EXIT_USAGE    = 2, /* bad option or argument */
    TOOL_EXIT_DATA     = 3, /* invalid input data (SANCTUM_EINVAL, bad JSON) */
    TOOL_EXIT_NOTFOUND = 4, /* missing store, entity id or file */
    TOOL_EXIT_AUTH     = 5, /* wrong passphrase, unknown or revoked user */
    TOOL_EXIT_PERM     = 6, /* not permitted; loose passphrase file mode */
    TOOL_EXIT_CONFLICT = 7, /* stale revision, already exists, store in use */
    TOOL_EXIT_CORRUPT  = 8, /* corrupt data, unsupported store format */
    TOOL_EXIT_TAMPER   = 9  /* sanctum-audit: tampering found */
};

/* Set the name that prefixes every diagnostic ("sanctum-case"). The string
 * must outlive the program (a literal). */
void tool_diag_init(const char *prog);

/* The tool name given to tool_diag_init(). */
const char *tool_prog(void);

/* Print "<prog>: <message>\n" on stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "<prog>: warning: <message>\n" on stderr. */
void tool_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The exit code for a sanctum result code (SANCTUM_OK gives 0). */
int tool_exit_code(int sanctum_code);

/*
 * Report a failed library call and return its exit code. Prints
 * "<prog>: <context>: <sanctum_strerror(code)> (<sanctum_last_error()>)";
 * the detail is left out when empty or when it belongs to another code.
 * Call it right after the failing call: the detail is per thread and any
 * later library call may replace it.
 */
int tool_fail(int sanctum_code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

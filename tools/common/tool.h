/* SPDX-License-Identifier: Apache-2.0 */
/* tool.h - what every sanctum-* tool shares: its context, verb table and main(). */
#ifndef SANCTUM_TOOL_TOOL_H
#define SANCTUM_TOOL_TOOL_H

#include <stddef.h>

#include "passphrase.h"

typedef struct tool_ctx tool_ctx;
typedef struct tool_cmd tool_cmd;

/* A verb: gets the arguments after its name (argv[0] is the first of
 * them, not the verb) and returns the process exit code. */
typedef int (*tool_verb_fn)(tool_ctx *ctx, int argc, char **argv);

/* One row of a tool's verb table (STYLE.md section 11). */
typedef struct tool_verb {
    const char  *name;  /* "add", or two words for a verb group: "user add" */
    tool_verb_fn fn;
    const char  *desc;  /* one line, shown by --help */
} tool_verb;

/* A tool. Tools with verbs give `verbs`; a tool with one job gives `run`
 * instead, which receives every argument. */
typedef struct tool_info {
    const char      *name;    /* "sanctum-case": prefixes diagnostics */
    const char      *summary; /* one line: what the tool is for */
    const tool_verb *verbs;   /* terminated by a row with name NULL, or NULL */
    tool_verb_fn     run;     /* used when verbs is NULL */
    int              grep_exit; /* 1: exits like grep(1), 0 match, 1 none, 2 any
                                   error (sanctum-lookup), not by the shared table
                                   of docs/exit-codes.md: --help says so instead
                                   of printing the table, and a write error on
                                   stdout exits 2 */
} tool_info;

/* State shared by the verbs of one run: the common options. */
struct tool_ctx {
    const tool_info *info;
    const char      *verb;     /* the verb being run ("user add"), or NULL */
    const tool_cmd  *cmd;      /* the verb's option table, once parsed */
    const char      *store;    /* --store DIR, else $SANCTUM_STORE, else NULL */
    const char      *user;     /* --user NAME, else $SANCTUM_USER, else NULL */
    const char      *purpose;  /* --purpose TEXT, else NULL */
    tool_pass_src    pass;     /* --passphrase-file / --passphrase-fd */
};

/*
 * The whole main() of a tool: sets up diagnostics and JSON, reads the
 * environment defaults, parses common options placed before the verb,
 * handles --help and --version, finds the verb and runs it. Flushes
 * stdout and reports a write error, the only report of it a tool needs.
 * Returns the exit code.
 */
int tool_main(const tool_info *info, int argc, char **argv);

/* Print the tool's --help (synopsis, verbs, common options) on stdout. */
void tool_print_tool_help(const tool_ctx *ctx);

/* Print "<tool> <version> (libsanctum <version>)" on stdout. */
void tool_print_version(const tool_info *info);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* args.h - option parsing for the tools: long options, common ones built in. */
#ifndef SANCTUM_TOOL_ARGS_H
#define SANCTUM_TOOL_ARGS_H

#include <stdint.h>

#include "tool.h"

/* Returned by tool_parse() when the verb should go on. Any other value is
 * the exit code to return at once (0 after --help or --version). */
#define TOOL_CONTINUE (-1)

/* One option of a verb. Options are long only ("--schema S" or
 * "--schema=S"); "-h" is the one short option. */
typedef struct tool_opt {
    const char *name;        /* without "--"; NULL ends the table */
    int         takes_value; /* 1: needs a value */
    int         key;         /* handed to tool_cmd.on_opt */
} tool_opt;

/* What a verb accepts, for tool_parse() and its --help. */
struct tool_cmd {
    const char     *usage;    /* synopsis after "usage: ", one or more lines */
    const char     *help;     /* description and option lines for --help */
    const tool_opt *opts;     /* the verb's own options, or NULL */
    /* Called for each of the verb's options in command-line order; returns
     * TOOL_CONTINUE, or an exit code (tool_usage_error() for a bad value). */
    int (*on_opt)(tool_ctx *ctx, void *state, int key, const char *value);
    void           *state;    /* handed to on_opt */
    int             min_args; /* positional arguments accepted */
    int             max_args; /* -1: no limit */
};

/*
 * Parse a verb's arguments: its own options, the common ones (--store,
 * --user, --passphrase-file, --passphrase-fd, --purpose, --help, -h,
 * --version) anywhere, and positional arguments, which end up, in order,
 * in argv[0 .. *nargs). "--" ends the options.
 *
 * @return TOOL_CONTINUE, or an exit code: 0 after printing --help or
 *         --version, TOOL_EXIT_USAGE after a usage error (printed).
 */
int tool_parse(tool_ctx *ctx, const tool_cmd *cmd, int argc, char **argv, int *nargs);

/*
 * Handle one common option by name (without "--"). Returns 1 if `name` is
 * a common option (then *exit is TOOL_CONTINUE or an exit code), 0 if not.
 * `value` must be non-NULL for options that take one.
 */
int tool_common_option(tool_ctx *ctx, const char *name, const char *value, int *exit);

/* Does the common option `name` take a value? -1 if not a common option. */
int tool_common_takes_value(const char *name);

/*
 * Report a usage error: "<prog>: <message>", then the synopsis of
 * ctx->cmd (or of the tool) and a pointer to --help, all on stderr.
 * Returns TOOL_EXIT_USAGE.
 */
int tool_usage_error(tool_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print a verb's --help text on stdout. */
void tool_print_cmd_help(const tool_ctx *ctx, const tool_cmd *cmd);

/* The lines describing the common options, for help texts. */
extern const char tool_common_help[];

/* Parse a decimal unsigned 64-bit number (no sign, no spaces). 0 or -1. */
int tool_parse_u64(const char *text, uint64_t *out);

/* Parse a file descriptor number (0 .. INT_MAX). 0 or -1. */
int tool_parse_fd(const char *text, int *out);

/* Record a passphrase source option in `src` (file or fd, by `is_fd`),
 * refusing a second source. Returns TOOL_CONTINUE or an exit code. */
int tool_pass_src_option(tool_ctx *ctx, tool_pass_src *src, int is_fd, const char *value);

#endif

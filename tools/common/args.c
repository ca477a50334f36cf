/* SPDX-License-Identifier: Apache-2.0 */
/* args.c - long-option parsing with the common options built in, usage errors. */
#include "args.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

const char tool_common_help[] =
    "Common options:\n"
    "  --store DIR             the store directory (default: $SANCTUM_STORE)\n"
    "  --user NAME             unlock the store as NAME (default: $SANCTUM_USER)\n"
    "  --passphrase-file FILE  read the passphrase from FILE, less one trailing\n"
    "                          newline; FILE must not be group- or world-accessible\n"
    "  --passphrase-fd N       read the passphrase from file descriptor N (one line)\n"
    "                          (without either, it is asked for on the terminal)\n"
    "  --purpose TEXT          why you do this; recorded in the audit trail\n"
    "                          (never put personal data in it)\n"
    "  -h, --help              show this help and exit\n"
    "  --version               show the version and exit\n";

static const char *const common_with_value[] = {
    "store", "user", "passphrase-file", "passphrase-fd", "purpose", NULL
};
static const char *const common_flags[] = { "help", "version", NULL };

static int
in_list(const char *const *list, const char *name)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

int
tool_common_takes_value(const char *name)
{
    if (in_list(common_with_value, name))
        return 1;
    if (in_list(common_flags, name))
        return 0;
    return -1;
}

int
tool_parse_u64(const char *text, uint64_t *out)
{
    unsigned long long v;
    char *end;

    if (text == NULL || *text < '0' || *text > '9')
        return -1;
    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int
tool_parse_fd(const char *text, int *out)
{
    uint64_t v;

    if (tool_parse_u64(text, &v) != 0 || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

int
tool_pass_src_option(tool_ctx *ctx, tool_pass_src *src, int is_fd, const char *value)
{
    int fd;

    if (is_fd) {
        if (tool_parse_fd(value, &fd) != 0)
            return tool_usage_error(ctx, "--%s: not a file descriptor number",
                                    src->fd_opt);
        if (src->file != NULL)
            return tool_usage_error(ctx, "give only one of --%s and --%s",
                                    src->file_opt, src->fd_opt);
        src->fd = fd;
    } else {
        if (*value == '\0')
            return tool_usage_error(ctx, "--%s: empty file name", src->file_opt);
        if (src->fd >= 0)
            return tool_usage_error(ctx, "give only one of --%s and --%s",
                                    src->file_opt, src->fd_opt);
        src->file = value;
    }
    return TOOL_CONTINUE;
}

int
tool_common_option(tool_ctx *ctx, const char *name, const char *value, int *exit)
{
    int kind = tool_common_takes_value(name);

    if (kind < 0)
        return 0;
    *exit = TOOL_CONTINUE;
    if (kind == 1 && *value == '\0' && strcmp(name, "purpose") != 0) {
        *exit = tool_usage_error(ctx, "--%s: empty value", name);
        return 1;
    }
    if (strcmp(name, "store") == 0)
        ctx->store = value;
    else if (strcmp(name, "user") == 0)
        ctx->user = value;
    else if (strcmp(name, "purpose") == 0)
        ctx->purpose = value;
    else if (strcmp(name, "passphrase-file") == 0)
        *exit = tool_pass_src_option(ctx, &ctx->pass, 0, value);
    else if (strcmp(name, "passphrase-fd") == 0)
        *exit = tool_pass_src_option(ctx, &ctx->pass, 1, value);
    else if (strcmp(name, "help") == 0) {
        if (ctx->cmd != NULL)
            tool_print_cmd_help(ctx, ctx->cmd);
        else
            tool_print_tool_help(ctx);
        *exit = TOOL_EXIT_OK;
    } else if (strcmp(name, "version") == 0) {
        tool_print_version(ctx->info);
        *exit = TOOL_EXIT_OK;
    }
    return 1;
}

static const tool_opt *
find_opt(const tool_opt *opts, const char *name, size_t len)
{
    for (; opts != NULL && opts->name != NULL; opts++)
        if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
            return opts;
    return NULL;
}

/*
 * Handle argv[*i], an option. Advances *i past a separate value. Returns
 * TOOL_CONTINUE or an exit code. Option values are never echoed in
 * messages: they may be case data.
 */
static int
parse_one(tool_ctx *ctx, const tool_cmd *cmd, int argc, char **argv, int *i)
{
    char name[64];
    const char *arg = argv[*i], *eq, *value = NULL;
    const tool_opt *opt;
    size_t len;
    int takes, exit;

    if (strcmp(arg, "-h") == 0)
        arg = "--help";
    if (arg[1] != '-')
        return tool_usage_error(ctx, "unknown option '%.2s'", arg);
    arg += 2;
    eq = strchr(arg, '=');
    len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
    if (len == 0 || len >= sizeof name)
        return tool_usage_error(ctx, "unknown option '--%.*s'", (int)(len < 40 ? len : 40),
                                arg);
    memcpy(name, arg, len);
    name[len] = '\0';

    opt = find_opt(cmd != NULL ? cmd->opts : NULL, name, len);
    takes = opt != NULL ? opt->takes_value : tool_common_takes_value(name);
    if (takes < 0)
        return tool_usage_error(ctx, "unknown option '--%s'", name);
    if (takes) {
        if (eq != NULL)
            value = eq + 1;
        else if (*i + 1 < argc)
            value = argv[++*i];
        else
            return tool_usage_error(ctx, "option '--%s' needs a value", name);
    } else if (eq != NULL) {
        return tool_usage_error(ctx, "option '--%s' takes no value", name);
    }
    if (opt != NULL)
        return cmd->on_opt(ctx, cmd->state, opt->key, value);
    tool_common_option(ctx, name, value, &exit);
    return exit;
}

int
tool_parse(tool_ctx *ctx, const tool_cmd *cmd, int argc, char **argv, int *nargs)
{
    int i, n = 0, rc, opts_done = 0;

    ctx->cmd = cmd;
    for (i = 0; i < argc; i++) {
        const char *arg = argv[i];

        if (!opts_done && strcmp(arg, "--") == 0) {
            opts_done = 1;
            continue;
        }
        if (!opts_done && arg[0] == '-' && arg[1] != '\0') {
            if ((rc = parse_one(ctx, cmd, argc, argv, &i)) != TOOL_CONTINUE)
                return rc;
            continue;
        }
        argv[n++] = argv[i];   /* n <= i: compacting in place is safe */
    }
    if (n < cmd->min_args)
        return tool_usage_error(ctx, "missing argument");
    if (cmd->max_args >= 0 && n > cmd->max_args)
        return tool_usage_error(ctx, "too many arguments (at most %d)", cmd->max_args);
    *nargs = n;
    return TOOL_CONTINUE;
}

/* Print `usage` (possibly several lines) with "usage: " / "       " lead-ins. */
static void
print_usage(FILE *f, const char *usage)
{
    const char *lead = "usage: ";

    while (usage != NULL && *usage != '\0') {
        size_t len = strcspn(usage, "\n");
        fprintf(f, "%s%.*s\n", lead, (int)len, usage);
        lead = "       ";
        usage += len;
        if (*usage == '\n')
            usage++;
    }
}

int
tool_usage_error(tool_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    const char *name = ctx->info != NULL ? ctx->info->name : tool_prog();

    fflush(stdout);
    fprintf(stderr, "%s: ", tool_prog());
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (ctx->cmd != NULL) {
        print_usage(stderr, ctx->cmd->usage);
        fprintf(stderr, "Try '%s%s%s --help' for more information.\n", name,
                ctx->verb != NULL ? " " : "", ctx->verb != NULL ? ctx->verb : "");
    } else {
        fprintf(stderr, "usage: %s [OPTIONS] %s\n", name,
                ctx->info != NULL && ctx->info->verbs != NULL ? "VERB [ARGS...]" : "[ARGS...]");
        fprintf(stderr, "Try '%s --help' for more information.\n", name);
    }
    return TOOL_EXIT_USAGE;
}

void
tool_print_cmd_help(const tool_ctx *ctx, const tool_cmd *cmd)
{
    print_usage(stdout, cmd->usage);
    if (cmd->help != NULL && *cmd->help != '\0')
        printf("\n%s", cmd->help);
    printf("\n%s", tool_common_help);
    /* The shared table would contradict a grep-like tool's statuses. */
    if (ctx->info != NULL && ctx->info->grep_exit) {
        printf("\nExit status, as grep: 0 when a name matched, 1 when none did, 2 on any\n"
               "error; see %s(1).\n", ctx->info->name);
        return;
    }
    printf("\nExit status: 0 success, 1 failure, 2 usage error, 3 invalid input,\n"
           "4 not found, 5 authentication refused, 6 not permitted, 7 conflict,\n"
           "8 corrupt data or unsupported store format; see %s(1).\n",
           ctx->info != NULL ? ctx->info->name : tool_prog());
}

/* SPDX-License-Identifier: Apache-2.0 */
/* tool.c - the shared main(): common options, verb lookup, --help, --version. */
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <sanctum/memory.h>
#include <sanctum/version.h>

#include "args.h"
#include "diag.h"
#include "json.h"

/* A tool holds passphrases, keys and decrypted case data: no core dump
 * may write them to disk, and no process of the same user may attach to
 * read them (PR_SET_DUMPABLE 0 does both). Best effort: a failure leaves
 * the tool as the system made it. */
static void
no_core_dumps(void)
{
    struct rlimit rl = { 0, 0 };

    (void)setrlimit(RLIMIT_CORE, &rl);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Arguments carry case data (names to screen, values given with --prop)
 * that /proc/PID/cmdline shows to every local user while the tool runs.
 * Work on a copy and blank the originals, keeping the program's name, so
 * that what stays visible is the moment between exec and this call (the
 * docs still advise standard input or --file on shared machines). The
 * copy is wiped by hidden_args_free(). Returns argv itself when out of
 * memory: the tool works as before. */
static char **hidden;     /* the copies, owned here */
static size_t *hidden_len; /* their lengths when made */
static char **hidden_argv; /* handed to the tool, which may reorder it */
static int nhidden;

static char **
hide_args(int argc, char **argv)
{
    char **own = calloc((size_t)argc + 1, sizeof *own);
    char **copy = calloc((size_t)argc + 1, sizeof *copy);
    size_t *len = calloc((size_t)argc + 1, sizeof *len);

    if (own == NULL || copy == NULL || len == NULL) {
        free(own);
        free(copy);
        free(len);
        return argv;
    }
    for (int i = 0; i < argc; i++) {
        len[i] = strlen(argv[i]);
        if ((own[i] = strdup(argv[i])) == NULL) {
            while (i-- > 0)
                free(own[i]);
            free(own);
            free(copy);
            free(len);
            return argv;
        }
        copy[i] = own[i];
    }
    for (int i = 1; i < argc; i++)
        sanctum_wipe(argv[i], len[i]);
    hidden = own;
    hidden_len = len;
    hidden_argv = copy;
    nhidden = argc;
    return copy;
}

static void
hidden_args_free(void)
{
    for (int i = 0; i < nhidden; i++) {
        sanctum_wipe(hidden[i], hidden_len[i]); /* a tool may have cut one short */
        free(hidden[i]);
    }
    free(hidden);
    free(hidden_len);
    free(hidden_argv);
    hidden = hidden_argv = NULL;
    hidden_len = NULL;
    nhidden = 0;
}

void
tool_print_version(const tool_info *info)
{
    printf("%s %s (libsanctum %s)\n", info->name, SANCTUM_VERSION_STRING,
           sanctum_version_string());
}

void
tool_print_tool_help(const tool_ctx *ctx)
{
    const tool_info *info = ctx->info;
    const tool_verb *v;
    size_t width = 0;

    if (info->verbs == NULL) {
        printf("usage: %s [OPTIONS] [ARGS...]\n%s\n\n%s", info->name, info->summary,
               tool_common_help);
        return;
    }
    printf("usage: %s [OPTIONS] VERB [ARGS...]\n%s\n\nVerbs:\n", info->name,
           info->summary);
    for (v = info->verbs; v->name != NULL; v++)
        if (strlen(v->name) > width)
            width = strlen(v->name);
    for (v = info->verbs; v->name != NULL; v++)
        printf("  %-*s  %s\n", (int)width, v->name, v->desc);
    printf("\n%s", tool_common_help);
    printf("\nRun '%s VERB --help' for the options of a verb.\n"
           "Exit status: 0 success, 1 failure, 2 usage error, 3 invalid input,\n"
           "4 not found, 5 authentication refused, 6 not permitted, 7 conflict,\n"
           "8 corrupt data or unsupported store format; see %s(1).\n", info->name, info->name);
}

/* Does verb `name` ("user add") match the words at argv[0..]? Returns the
 * number of words it takes (1 or 2), or 0. */
static int
verb_matches(const char *name, int argc, char **argv)
{
    const char *space = strchr(name, ' ');
    size_t len;

    if (space == NULL)
        return strcmp(name, argv[0]) == 0 ? 1 : 0;
    len = (size_t)(space - name);
    if (strlen(argv[0]) != len || strncmp(name, argv[0], len) != 0)
        return 0;
    return argc > 1 && strcmp(space + 1, argv[1]) == 0 ? 2 : 0;
}

/* Is `word` the first word of a two-word verb (a group such as "user")? */
static int
is_verb_group(const tool_verb *verbs, const char *word)
{
    size_t len = strlen(word);

    for (; verbs->name != NULL; verbs++)
        if (strncmp(verbs->name, word, len) == 0 && verbs->name[len] == ' ')
            return 1;
    return 0;
}

/* Parse common options placed before the verb; *i ends on the verb. */
static int
parse_leading(tool_ctx *ctx, int argc, char **argv, int *i)
{
    for (; *i < argc; (*i)++) {
        char name[64];
        const char *arg = argv[*i], *eq, *value = NULL;
        size_t len;
        int takes, exit;

        if (strcmp(arg, "--") == 0) {
            (*i)++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break;
        if (strcmp(arg, "-h") == 0)
            arg = "--help";
        if (arg[1] != '-')
            return tool_usage_error(ctx, "unknown option '%.2s'", arg);
        arg += 2;
        eq = strchr(arg, '=');
        len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        if (len == 0 || len >= sizeof name)
            return tool_usage_error(ctx, "unknown option");
        memcpy(name, arg, len);
        name[len] = '\0';
        takes = tool_common_takes_value(name);
        if (takes < 0)
            return tool_usage_error(ctx, "unknown option '--%s' (verb options go after the verb)",
                                    name);
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
        tool_common_option(ctx, name, value, &exit);
        if (exit != TOOL_CONTINUE)
            return exit;
    }
    return TOOL_CONTINUE;
}

int
tool_main(const tool_info *info, int argc, char **argv)
{
    tool_ctx ctx;
    const tool_verb *v;
    const char *env;
    int i = 1, rc, words = 0;

    tool_diag_init(info->name);
    tool_json_init();
    no_core_dumps();
    argv = hide_args(argc, argv);

    memset(&ctx, 0, sizeof ctx);
    ctx.info = info;
    ctx.pass = (tool_pass_src)TOOL_PASS_SRC_INIT;
    if ((env = getenv("SANCTUM_STORE")) != NULL && *env != '\0')
        ctx.store = env;
    if ((env = getenv("SANCTUM_USER")) != NULL && *env != '\0')
        ctx.user = env;

    if (info->verbs == NULL) {
        rc = info->run(&ctx, argc - 1, argv + 1);
        goto done;
    }
    if ((rc = parse_leading(&ctx, argc, argv, &i)) != TOOL_CONTINUE)
        goto done;
    if (i >= argc) {
        rc = tool_usage_error(&ctx, "no verb given");
        goto done;
    }
    for (v = info->verbs; v->name != NULL; v++)
        if ((words = verb_matches(v->name, argc - i, argv + i)) > 0)
            break;
    if (v->name == NULL) {
        if (is_verb_group(info->verbs, argv[i]))
            rc = tool_usage_error(&ctx, "'%.40s' needs a sub-verb; see '%s --help'", argv[i],
                                  info->name);
        else
            rc = tool_usage_error(&ctx, "unknown verb '%.40s'", argv[i]);
        goto done;
    }
    ctx.verb = v->name;
    rc = v->fn(&ctx, argc - i - words, argv + i + words);

done:
    /* The one place a write error on stdout is reported: tools leave it
     * here rather than say it twice. For grep, "no match" (1) cut short
     * is an error too. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        tool_error("error writing to standard output");
        if (info->grep_exit)
            rc = 2;   /* grep: any error */
        else if (rc == TOOL_EXIT_OK)
            rc = TOOL_EXIT_FAIL;
    }
    hidden_args_free();
    return rc;
}

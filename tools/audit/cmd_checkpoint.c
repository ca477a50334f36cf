/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_checkpoint.c - sanctum-audit checkpoint: print a signed checkpoint note. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "open.h"

enum { OPT_SIZE = 1 };

static const tool_opt checkpoint_opts[] = {
    { "size", 1, OPT_SIZE },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    uint64_t *size = state;

    (void)key;
    if (tool_parse_u64(value, size) != 0 || *size == 0)
        return tool_usage_error(ctx, "--size: expected a tree size (1, 2, ...)");
    return TOOL_CONTINUE;
}

int
cmd_checkpoint(tool_ctx *ctx, int argc, char **argv)
{
    uint64_t size = 0;
    tool_cmd cmd = {
        "sanctum-audit checkpoint --store DIR [--size N]",
        "Print the latest checkpoint of the trail (or, with --size N, the one\n"
        "signed when the trail had N entries): a C2SP tlog-checkpoint signed\n"
        "note (origin, tree size, base64 root hash, a blank line, then the log's\n"
        "signature line). Keep a copy outside the store: 'sanctum-audit verify\n"
        "--checkpoint SAVED' later proves that the trail still extends it. Any\n"
        "signed-note verifier checks it with the key printed by 'sanctum-audit\n"
        "vkey'.\n"
        "\n"
        "Options:\n"
        "  --size N   the checkpoint of tree size N (exit status 4 if none)\n"
        AUDIT_HELP_EXIT,
        checkpoint_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    char *note = NULL;
    int rc, nargs;

    cmd.state = &size;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = sanctum_audit_checkpoint_at(&note, store, size)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot read the checkpoint of %s", ctx->store);
        goto done;
    }
    fputs(note, stdout);
    rc = TOOL_EXIT_OK;
done:
    sanctum_free(note);
    sanctum_store_close(store);
    return rc;
}

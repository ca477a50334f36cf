/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_delete.c - sanctum-case delete: remove an entity, optionally at a known revision. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "open.h"

enum { OPT_REVISION = 1 };

static const tool_opt delete_opts[] = {
    { "revision", 1, OPT_REVISION },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    uint64_t *rev = state;

    if (tool_parse_u64(value, rev) != 0 || *rev == 0)
        return tool_usage_error(ctx, "--revision: expected a revision number (1, 2, ...)");
    return TOOL_CONTINUE;
}

int
cmd_delete(tool_ctx *ctx, int argc, char **argv)
{
    uint64_t revision = 0;
    tool_cmd cmd = {
        "sanctum-case delete ID [--revision N]",
        "Delete entity ID. The deletion is recorded in the audit trail.\n"
        "\n"
        "Options:\n"
        "  --revision N   fail with exit status 7 unless ID is still at revision N\n",
        delete_opts, on_opt, NULL, 1, 1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    const char *id;
    int rc, nargs;

    cmd.state = &revision;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    id = argv[0];
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_entity_delete(session, id, revision, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot delete entity %s", id);
        goto done;
    }
    rc = TOOL_EXIT_OK;
done:
    tool_session_close(store, session);
    return rc;
}

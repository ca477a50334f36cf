/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_reindex.c - sanctum-admin reindex: rebuild the blind indexes from the records. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"

int
cmd_reindex(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-admin reindex [--purpose TEXT]",
        "Rebuild the blind indexes (name screening, identifiers, references)\n"
        "from the records, under the current key of each level: after a key\n"
        "rotation, or on a store written before entity references were\n"
        "indexed. Needs an admin cleared for every level; one audit entry\n"
        "(reindex).\n",
        NULL, NULL, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_screen_reindex(session, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot rebuild the indexes");
        goto done;
    }
    printf("indexes rebuilt\n");
    rc = TOOL_EXIT_OK;
done:
    tool_session_close(store, session);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_user_revoke.c - sanctum-admin user revoke: a user can no longer unlock the store. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"

int
cmd_user_revoke(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-admin user revoke NAME",
        "Revoke user NAME: their sealed keys are deleted and they can no longer\n"
        "unlock the store. You unlock the store as an admin (--user); an admin\n"
        "cannot revoke themself nor the last active admin.\n",
        NULL, NULL, NULL, 1, 1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    const char *name;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    name = argv[0];
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_user_revoke(session, name)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot revoke user %s", name);
        goto done;
    }
    printf("revoked user %s\n", name);
    rc = TOOL_EXIT_OK;
done:
    tool_session_close(store, session);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_upgrade.c - sanctum-admin upgrade: bring a store of an older format to the current one. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"

int
cmd_upgrade(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-admin upgrade --store DIR",
        "Bring a store written by an older sanctum to the format this one reads,\n"
        "in one transaction: the whole store is upgraded or nothing changes. No\n"
        "passphrase is needed (nothing is decrypted); no other process may have\n"
        "the store open meanwhile. A store already current is left as it is.\n",
        NULL, NULL, NULL, 0, 0
    };
    const char *path;
    unsigned int from = 0;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_need_store(ctx, &path)) != 0)
        return rc;
    if ((rc = sanctum_store_upgrade(path, &from)) != SANCTUM_OK)
        return tool_fail(rc, "cannot upgrade %s", path);
    if (from == SANCTUM_FORMAT_VERSION)
        printf("%s already has format version %u\n", path, from);
    else
        printf("%s upgraded from format version %u to %d\n", path, from, SANCTUM_FORMAT_VERSION);
    return TOOL_EXIT_OK;
}

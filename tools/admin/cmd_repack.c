/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_repack.c - sanctum-admin repack: rewrite the tables a screening reads, packed. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"

int
cmd_repack(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-admin repack --store DIR",
        "Rewrite the tables a screening reads (blind index postings, sealed\n"
        "names, records) in key order, packed, in one transaction: a store\n"
        "built in batches leaves their pages about two thirds full, and\n"
        "screening with little memory reads fewer pages after. Records and\n"
        "names keep their exact bytes. No passphrase is needed (nothing is\n"
        "decrypted); refused (exit 7) while another process has the store\n"
        "open. The file does not shrink: LMDB keeps the freed pages for later\n"
        "writes.\n",
        NULL, NULL, NULL, 0, 0
    };
    const char *path;
    uint64_t before = 0, after = 0;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_need_store(ctx, &path)) != 0)
        return rc;
    if ((rc = sanctum_store_repack(path, &before, &after)) != SANCTUM_OK)
        return tool_fail(rc, "cannot repack %s", path);
    printf("%s repacked (postings, sealed names, records): %.1f MiB -> %.1f MiB\n", path,
           (double)before / (1 << 20), (double)after / (1 << 20));
    return TOOL_EXIT_OK;
}

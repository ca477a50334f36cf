/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_vkey.c - sanctum-audit vkey: print the log's C2SP verifier key. */
#include <stdio.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "open.h"

int
cmd_vkey(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-audit vkey --store DIR",
        "Print the verifier key of the log's checkpoint signer in the C2SP\n"
        "signed-note form name+hash+base64 (the same line as 'log-vkey' in the\n"
        "trust file). Go's golang.org/x/mod/sumdb/note.NewVerifier accepts it.\n"
        "Compare it with the trust file you were given: the store itself is not\n"
        "a root of trust.\n"
        AUDIT_HELP_EXIT,
        NULL, NULL, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    char vkey[512];
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = sanctum_audit_vkey(vkey, sizeof vkey, store)) != SANCTUM_OK)
        rc = tool_fail(rc, "cannot read the log key of %s", ctx->store);
    else
        printf("%s\n", vkey);
    sanctum_store_close(store);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_status.c - sanctum-case status: move a case through its lifecycle. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "open.h"

int
cmd_status(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-case status ID STATE",
        "Move case ID to STATE: investigating, proposed, designated, varied,\n"
        "revoked or closed. A case moves lead -> investigating -> proposed ->\n"
        "designated -> varied -> revoked, and can be closed before it is\n"
        "designated. 'designated' and 'revoked' need approvals of the case as it\n"
        "stands by two different approvers ('sanctum-case approve'); without\n"
        "them the change is refused (exit status 6) and the refusal recorded.\n",
        NULL, NULL, NULL, 2, 2
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_case_status target;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    target = sanctum_case_status_from_name(argv[1]);
    if (target == SANCTUM_CASE_NONE || target == SANCTUM_CASE_LEAD)
        return tool_usage_error(ctx, "unknown case state '%s'", argv[1]);
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_case_set_status(session, argv[0], target, ctx->purpose)) != SANCTUM_OK)
        rc = tool_fail(rc, "case %s", argv[0]);
    else
        printf("%s\n", sanctum_case_status_name(target));
    tool_session_close(store, session);
    return rc == SANCTUM_OK ? TOOL_EXIT_OK : rc;
}

int
cmd_approve(tool_ctx *ctx, int argc, char **argv)
{
    tool_cmd cmd = {
        "sanctum-case approve ID [STATE]",
        "Approve moving case ID to STATE (default: designated; or revoked).\n"
        "Only users with the approver role approve, once each per revision of\n"
        "the case. The approval is a signed audit entry.\n",
        NULL, NULL, NULL, 1, 2
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_case_status target = SANCTUM_CASE_DESIGNATED;
    int rc, nargs;

    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if (nargs == 2 && (target = sanctum_case_status_from_name(argv[1])) == SANCTUM_CASE_NONE)
        return tool_usage_error(ctx, "unknown case state '%s'", argv[1]);
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_case_approve(session, argv[0], target, ctx->purpose)) != SANCTUM_OK)
        rc = tool_fail(rc, "case %s", argv[0]);
    tool_session_close(store, session);
    return rc == SANCTUM_OK ? TOOL_EXIT_OK : rc;
}

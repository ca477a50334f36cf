/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_show.c - sanctum-case show: one entity as text or JSON, withheld values marked. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "entity_out.h"
#include "json.h"
#include "open.h"

enum { OPT_JSON = 1 };

static const tool_opt show_opts[] = {
    { "json", 0, OPT_JSON },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    *(int *)state = 1;
    return TOOL_CONTINUE;
}

int
cmd_show(tool_ctx *ctx, int argc, char **argv)
{
    int json = 0;
    tool_cmd cmd = {
        "sanctum-case show ID [--json]",
        "Show entity ID: id, schema, revision, times, then one line per value with\n"
        "its property and level. Values above your clearance read\n"
        "\"[withheld: LEVEL]\". The read is recorded in the audit trail, with\n"
        "--purpose.\n"
        "\n"
        "Options:\n"
        "  --json   print one JSON document: {\"format_version\": 2, \"id\", \"schema\",\n"
        "           \"revision\", \"created\", \"updated\", \"properties\": {PROP:\n"
        "           [{\"value\": V, \"level\": L} | {\"withheld\": true, \"level\": L}]}}\n",
        show_opts, on_opt, NULL, 1, 1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_entity *e = NULL;
    json_t *doc = NULL;
    const char *id;
    int rc, nargs;

    cmd.state = &json;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    id = argv[0];
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_entity_get(&e, session, id, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "entity %s", id);
        goto done;
    }
    if (json) {
        if ((doc = tool_entity_json(e, 1)) == NULL) {
            tool_error("entity %s: cannot build the JSON document", id);
            rc = TOOL_EXIT_FAIL;
            goto done;
        }
        rc = tool_json_print(doc);
    } else {
        rc = tool_entity_print(stdout, e);
    }
done:
    json_decref(doc);
    sanctum_entity_free(e);
    tool_session_close(store, session);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_add.c - sanctum-case add: a new entity from --prop options or FtM JSON on stdin. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "entity_in.h"
#include "json.h"
#include "open.h"
#include "propspec.h"

enum { OPT_SCHEMA = 1, OPT_PROP };

static const tool_opt add_opts[] = {
    { "schema", 1, OPT_SCHEMA },
    { "prop", 1, OPT_PROP },
    { NULL, 0, 0 }
};

typedef struct add_args {
    const char  *schema;  /* --schema */
    const char **props;   /* --prop arguments, in order (malloc'd array) */
    size_t       nprops;
} add_args;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    add_args *a = state;
    tool_propspec spec;
    const char *why, **grown;

    if (key == OPT_SCHEMA) {
        a->schema = value;
        return TOOL_CONTINUE;
    }
    /* Check the shape now so a usage error comes before any prompt. */
    if (tool_propspec_parse(&spec, value, TOOL_PROPSPEC_VALUE | TOOL_PROPSPEC_LEVEL,
                            &why) != 0)
        return tool_usage_error(ctx, "--prop: %s (KEY=VALUE or KEY:LEVEL=VALUE)", why);
    grown = realloc(a->props, (a->nprops + 1) * sizeof *grown);
    if (grown == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    a->props = grown;
    a->props[a->nprops++] = value;
    return TOOL_CONTINUE;
}

/* The entity from --schema and the --prop options. */
static int
entity_from_props(sanctum_entity **out, const add_args *a)
{
    sanctum_entity *e = NULL;
    tool_propspec spec;
    const char *why;
    size_t i;
    int rc;

    *out = NULL;
    if ((rc = sanctum_entity_new(&e, a->schema)) != SANCTUM_OK)
        return tool_fail(rc, "schema %s", a->schema);
    for (i = 0; i < a->nprops; i++) {
        tool_propspec_parse(&spec, a->props[i], TOOL_PROPSPEC_VALUE | TOOL_PROPSPEC_LEVEL,
                            &why);
        if ((rc = tool_entity_add(e, spec.key, spec.value, spec.level, "--prop")) != 0) {
            sanctum_entity_free(e);
            return rc;
        }
    }
    *out = e;
    return 0;
}

/* The entity from one FtM JSON object on standard input. */
static int
entity_from_stdin(sanctum_entity **out, const add_args *a)
{
    json_t *doc = NULL;
    int rc;

    *out = NULL;
    if (isatty(STDIN_FILENO))
        tool_warn("reading an FtM JSON entity from the terminal; end it with Ctrl-D");
    if ((rc = tool_json_read(&doc, stdin, "stdin")) != 0)
        return rc;
    rc = tool_entity_from_json(out, doc, a->schema, "stdin");
    json_decref(doc);
    return rc;
}

int
cmd_add(tool_ctx *ctx, int argc, char **argv)
{
    add_args a = { NULL, NULL, 0 };
    tool_cmd cmd = {
        "sanctum-case add --schema SCHEMA --prop KEY[:LEVEL]=VALUE...\n"
        "sanctum-case add [--schema SCHEMA] < entity.json",
        "Add an entity and print its new id. Values come from --prop options or,\n"
        "without any, from one FollowTheMoney-shaped JSON object on stdin:\n"
        "  {\"schema\": \"Person\", \"properties\": {\"name\": [\"...\"],\n"
        "   \"birthDate\": [\"1980\"], \"passportNumber\": [{\"value\": \"...\",\n"
        "   \"level\": \"secret\"}]}}\n"
        "Other top-level keys (\"id\", \"datasets\", \"referents\") are ignored.\n"
        "\n"
        "Options:\n"
        "  --schema SCHEMA          Person, Company, Vessel, Ownership, ...\n"
        "  --prop KEY=VALUE         add a value at the property's default level\n"
        "  --prop KEY:LEVEL=VALUE   ... at LEVEL: official, sensitive or secret\n",
        add_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_entity *e = NULL;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        goto done;
    if (a.nprops > 0 && a.schema == NULL) {
        rc = tool_usage_error(ctx, "--prop needs --schema");
        goto done;
    }
    if (a.nprops == 0 && ctx->pass.fd == STDIN_FILENO) {
        rc = tool_usage_error(ctx, "standard input carries the entity JSON: pass the "
                                   "passphrase on another descriptor or file");
        goto done;
    }
    /* Read and check the input before asking for a passphrase. */
    if (a.nprops > 0)
        rc = entity_from_props(&e, &a);
    else
        rc = entity_from_stdin(&e, &a);
    if (rc != 0)
        goto done;
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        goto done;
    if ((rc = sanctum_entity_create(session, e, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot add the %s", sanctum_entity_schema(e));
        goto done;
    }
    printf("%s\n", sanctum_entity_id(e));
    rc = TOOL_EXIT_OK;
done:
    sanctum_entity_free(e);
    tool_session_close(store, session);
    free(a.props);
    return rc;
}

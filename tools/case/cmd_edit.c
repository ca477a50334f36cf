/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_edit.c - sanctum-case edit: read, change values, store with a revision check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "entity_in.h"
#include "entity_meta.h"
#include "open.h"
#include "propspec.h"

enum { OPT_REVISION = 1, OPT_ADD, OPT_REMOVE, OPT_SET };

static const tool_opt edit_opts[] = {
    { "revision", 1, OPT_REVISION },
    { "add", 1, OPT_ADD },
    { "remove", 1, OPT_REMOVE },
    { "set", 1, OPT_SET },
    { NULL, 0, 0 }
};

/* One change, in command-line order. */
typedef struct edit_op {
    int           kind;  /* OPT_ADD, OPT_REMOVE or OPT_SET */
    tool_propspec spec;
} edit_op;

typedef struct edit_args {
    uint64_t revision;  /* --revision, or 0 */
    int      have_revision;
    edit_op *ops;       /* malloc'd */
    size_t   nops;
} edit_args;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    edit_args *a = state;
    unsigned int flags = TOOL_PROPSPEC_VALUE | TOOL_PROPSPEC_LEVEL;
    const char *why;
    edit_op *grown;

    if (key == OPT_REVISION) {
        if (tool_parse_u64(value, &a->revision) != 0 || a->revision == 0)
            return tool_usage_error(ctx, "--revision: expected a revision number (1, 2, ...)");
        a->have_revision = 1;
        return TOOL_CONTINUE;
    }
    grown = realloc(a->ops, (a->nops + 1) * sizeof *grown);
    if (grown == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    a->ops = grown;
    if (key == OPT_REMOVE)
        flags = 0;
    if (tool_propspec_parse(&a->ops[a->nops].spec, value, flags, &why) != 0)
        return tool_usage_error(ctx, "--%s: %s", key == OPT_ADD ? "add" :
                                key == OPT_SET ? "set" : "remove", why);
    a->ops[a->nops++].kind = key;
    return TOOL_CONTINUE;
}

/* Was property `key` already --set by an earlier op (ops[0 .. i))? */
static int
set_before(const edit_args *a, size_t i, const char *key)
{
    size_t j;

    for (j = 0; j < i; j++)
        if (a->ops[j].kind == OPT_SET && strcmp(a->ops[j].spec.key, key) == 0)
            return 1;
    return 0;
}

/* Apply the changes to `e` in order. Returns 0 or an exit code. */
static int
apply(sanctum_entity *e, const edit_args *a)
{
    size_t i;
    int rc;

    for (i = 0; i < a->nops; i++) {
        const edit_op *op = &a->ops[i];

        if (op->kind == OPT_REMOVE ||
            (op->kind == OPT_SET && !set_before(a, i, op->spec.key))) {
            const char *value = op->kind == OPT_REMOVE ? op->spec.value : NULL;

            rc = sanctum_entity_remove(e, op->spec.key, value);
            if (rc < 0)
                return tool_fail(rc, "--%s: property %s",
                                 op->kind == OPT_SET ? "set" : "remove", op->spec.key);
            if (rc == 0 && value != NULL) {
                tool_error("--remove: property %s has no such value", op->spec.key);
                return TOOL_EXIT_NOTFOUND;
            }
        }
        if (op->kind != OPT_REMOVE &&
            (rc = tool_entity_add(e, op->spec.key, op->spec.value, op->spec.level,
                                  op->kind == OPT_SET ? "--set" : "--add")) != 0)
            return rc;
    }
    return 0;
}

/*
 * Check every change against `schema` on a scratch entity, before the
 * audited read, so bad input leaves no trace in the store. Returns 0 or
 * an exit code.
 */
static int
precheck(const char *schema, const edit_args *a)
{
    sanctum_entity *scratch = NULL;
    size_t i;
    int rc;

    if ((rc = sanctum_entity_new(&scratch, schema)) != SANCTUM_OK)
        return tool_fail(rc, "schema %s", schema);
    for (i = 0; i < a->nops; i++) {
        const edit_op *op = &a->ops[i];

        if (op->kind == OPT_REMOVE) {
            if (!sanctum_schema_has_prop(schema, op->spec.key)) {
                tool_error("--remove: property %s: invalid input (schema %s has no "
                           "property '%s')", op->spec.key, schema, op->spec.key);
                rc = TOOL_EXIT_DATA;
                break;
            }
            continue;
        }
        if ((rc = tool_entity_add(scratch, op->spec.key, op->spec.value, op->spec.level,
                                  op->kind == OPT_SET ? "--set" : "--add")) != 0)
            break;
    }
    sanctum_entity_free(scratch);
    return rc;
}

int
cmd_edit(tool_ctx *ctx, int argc, char **argv)
{
    edit_args a = { 0, 0, NULL, 0 };
    tool_cmd cmd = {
        "sanctum-case edit ID [--revision N] [--add KEY[:LEVEL]=VALUE]...\n"
        "    [--remove KEY[=VALUE]]... [--set KEY[:LEVEL]=VALUE]...",
        "Change entity ID and print its new revision. Changes apply in the order\n"
        "given. Values you are not cleared to read are kept as they are.\n"
        "\n"
        "Options:\n"
        "  --revision N            fail with exit status 7 unless ID is still at\n"
        "                          revision N (what you last saw)\n"
        "  --add KEY[:LEVEL]=VALUE add a value (at LEVEL, else the default level)\n"
        "  --remove KEY=VALUE      remove that value of KEY\n"
        "  --remove KEY            remove every value of KEY you can read\n"
        "  --set KEY[:LEVEL]=VALUE replace the values of KEY you can read (several\n"
        "                          --set of one KEY give it several values)\n",
        edit_opts, on_opt, NULL, 1, 1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_entity *e = NULL;
    char schema[64];
    const char *id;
    uint64_t stored_rev = 0;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        goto done;
    id = argv[0];
    if (a.nops == 0) {
        rc = tool_usage_error(ctx, "nothing to change: give --add, --remove or --set");
        goto done;
    }
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        goto done;
    if ((rc = tool_entity_schema(schema, sizeof schema, &stored_rev, session, id)) != 0 ||
        (rc = precheck(schema, &a)) != 0)
        goto done;
    /* checked before the audited read, and again by the library on update */
    if (a.have_revision && stored_rev != a.revision) {
        tool_error("entity %s: stale revision: it is at revision %llu, not %llu", id,
                   (unsigned long long)stored_rev, (unsigned long long)a.revision);
        rc = TOOL_EXIT_CONFLICT;
        goto done;
    }
    if ((rc = sanctum_entity_get(&e, session, id, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "entity %s", id);
        goto done;
    }
    if (a.have_revision && sanctum_entity_revision(e) != a.revision) {
        tool_error("entity %s: stale revision: it changed to revision %llu meanwhile", id,
                   (unsigned long long)sanctum_entity_revision(e));
        rc = TOOL_EXIT_CONFLICT;
        goto done;
    }
    if ((rc = apply(e, &a)) != 0)
        goto done;
    if ((rc = sanctum_entity_update(session, e, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot update entity %s", id);
        goto done;
    }
    printf("%llu\n", (unsigned long long)sanctum_entity_revision(e));
    rc = TOOL_EXIT_OK;
done:
    sanctum_entity_free(e);
    tool_session_close(store, session);
    free(a.ops);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_log.c - sanctum-audit log: list entries, filtered by index, actor, entity or action. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"
#include "open.h"

enum { OPT_SINCE = 1, OPT_ACTOR, OPT_ENTITY, OPT_ACTION, OPT_JSON };

static const tool_opt log_opts[] = {
    { "since", 1, OPT_SINCE },
    { "actor", 1, OPT_ACTOR },
    { "entity", 1, OPT_ENTITY },
    { "action", 1, OPT_ACTION },
    { "json", 0, OPT_JSON },
    { NULL, 0, 0 }
};

struct log_args {
    const char *since;   /* --since N, unparsed */
    const char *actor;   /* --actor NAME|ID */
    const char *entity;  /* --entity ID */
    const char *action;  /* --action A */
    int json;
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    struct log_args *a = state;

    switch (key) {
    case OPT_SINCE:  a->since = value; break;
    case OPT_ACTOR:  a->actor = value; break;
    case OPT_ENTITY: a->entity = value; break;
    case OPT_ACTION: a->action = value; break;
    case OPT_JSON:   a->json = 1; break;
    }
    return TOOL_CONTINUE;
}

/* The user id --actor names: a number is taken as an id, anything else is
 * looked up by name in the user table (revoked users included). */
static int
resolve_actor(sanctum_store *store, const char *path, const char *actor, uint32_t *out)
{
    sanctum_user_list *list = NULL;
    uint64_t id;
    int rc;

    if (tool_parse_u64(actor, &id) == 0 && id <= UINT32_MAX) {
        *out = (uint32_t)id;
        return 0;
    }
    if ((rc = sanctum_user_list_load(&list, store)) != SANCTUM_OK)
        return tool_fail(rc, "cannot list the users of %s", path);
    rc = TOOL_EXIT_NOTFOUND;
    for (size_t i = 0; i < sanctum_user_list_count(list); i++) {
        const sanctum_user_info *u = sanctum_user_list_at(list, i);
        if (strcmp(u->name, actor) == 0) {
            *out = u->id;
            rc = 0;
            break;
        }
    }
    sanctum_user_list_free(list);
    if (rc != 0)
        tool_error("--actor: no user named '%.64s' in %s", actor, path);
    return rc;
}

static int
touches(const sanctum_audit_entry *e, const char *entity)
{
    for (size_t i = 0; i < e->nrefs; i++)
        if (strcmp(e->refs[i].id, entity) == 0)
            return 1;
    return 0;
}

static void
print_line(const sanctum_audit_entry *e)
{
    char t[AUDIT_TIME_BUF];

    printf("%-6llu  %s  ", (unsigned long long)e->index, audit_time_ms(e->time_ms, t));
    if (e->actor_name[0] != '\0')
        audit_print_clean(stdout, e->actor_name);
    else
        printf("user#%lu", (unsigned long)e->actor);
    printf("  %s  ", e->action);
    if (e->nrefs == 0)
        putchar('-');
    for (size_t i = 0; i < e->nrefs; i++) {
        if (i > 0)
            putchar(',');
        audit_print_clean(stdout, e->refs[i].id);
        printf("@%llu", (unsigned long long)e->refs[i].revision);
    }
    if (e->detail[0] != '\0') {
        printf("  [");
        audit_print_clean(stdout, e->detail);
        putchar(']');
    }
    if (e->purpose[0] != '\0') {
        printf("  purpose: ");
        audit_print_clean(stdout, e->purpose);
    }
    putchar('\n');
}

/* One element of the streamed "entries" array. */
static int
print_json_item(const sanctum_audit_entry *e, int first)
{
    json_t *o = audit_entry_json(e);
    char *s;

    if (o == NULL || (s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
        json_decref(o);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    printf("%s    %s", first ? "" : ",\n", s);
    free(s);
    json_decref(o);
    return 0;
}

int
cmd_log(tool_ctx *ctx, int argc, char **argv)
{
    struct log_args a = { NULL, NULL, NULL, NULL, 0 };
    tool_cmd cmd = {
        "sanctum-audit log --store DIR [--since N] [--actor USER] [--entity ID]\n"
        "[--action ACTION] [--json]",
        "List the entries of the trail, oldest first, one per line: index, UTC\n"
        "time, actor, action, the entities touched (id@revision), action detail\n"
        "and purpose. Entries hold no case data. Filters combine (all must match).\n"
        "\n"
        "Options:\n"
        "  --since N         start at entry N (default 0)\n"
        "  --actor USER      only entries signed by USER (a name or a numeric id)\n"
        "  --entity ID       only entries touching entity ID\n"
        "  --action ACTION   only entries of ACTION: store-create, user-add,\n"
        "                    user-revoke, user-passwd, create, alter, erase,\n"
        "                    consult, lookup, disclose, import, status, approve,\n"
        "                    refused, key-rotate\n"
        "  --json            print one JSON document: {\"format_version\": 2,\n"
        "                    \"entries\": [<as 'entry N --json', without\n"
        "                    format_version>, ...]}\n"
        AUDIT_HELP_EXIT,
        log_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    sanctum_audit_entry *e = NULL;
    uint64_t since = 0, size, i;
    uint32_t actor = 0;
    int rc, nargs, first = 1;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if (a.since != NULL && (rc = audit_parse_u64(ctx, a.since, "--since", &since)) != 0)
        return rc;
    if (a.action != NULL && !sanctum_audit_action_known(a.action))
        return tool_usage_error(ctx, "--action: unknown action '%.40s'", a.action);
    if (a.actor != NULL && *a.actor == '\0')
        return tool_usage_error(ctx, "--actor: empty value");
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = audit_size(&size, store, ctx->store)) != 0)
        goto done;
    if (a.actor != NULL && (rc = resolve_actor(store, ctx->store, a.actor, &actor)) != 0)
        goto done;
    if (a.json)
        printf("{\n  \"format_version\": %d,\n  \"entries\": [\n", TOOL_JSON_FORMAT_VERSION);
    for (i = since; i < size; i++) {
        if ((rc = sanctum_audit_entry_get(&e, store, i)) != SANCTUM_OK) {
            rc = tool_fail(rc, "cannot read entry %llu of %s", (unsigned long long)i,
                           ctx->store);
            goto done;
        }
        if ((a.actor == NULL || e->actor == actor) &&
            (a.action == NULL || strcmp(e->action, a.action) == 0) &&
            (a.entity == NULL || touches(e, a.entity))) {
            if (a.json) {
                if ((rc = print_json_item(e, first)) != 0)
                    goto done;
            } else {
                print_line(e);
            }
            first = 0;
        }
        sanctum_audit_entry_free(e);
        e = NULL;
    }
    if (a.json)
        printf("%s  ]\n}\n", first ? "" : "\n");
    rc = TOOL_EXIT_OK;
done:
    sanctum_audit_entry_free(e);
    sanctum_store_close(store);
    return rc;
}

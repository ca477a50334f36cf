/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_user_list.c - sanctum-admin user list: the public user table, as text or JSON. */
#include <stdio.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "json.h"
#include "open.h"
#include "textfmt.h"

enum { OPT_JSON = 1 };

static const tool_opt user_list_opts[] = {
    { "json", 0, OPT_JSON },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    if (key == OPT_JSON)
        *(int *)state = 1;
    return TOOL_CONTINUE;
}

static const char *
or_unknown(const char *s)
{
    return s != NULL ? s : "unknown";
}

/* Lowercase hex of a 32-byte public key into out[65]. */
static void
hex32(char out[65], const unsigned char in[32])
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < 32; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[64] = '\0';
}

static int
print_json(const sanctum_user_list *list)
{
    json_t *doc = tool_json_doc(), *users = json_array();
    size_t i, n = sanctum_user_list_count(list);
    int err = doc == NULL, rc;

    err |= doc != NULL ? tool_json_set(doc, "users", json_incref(users)) : -1;
    for (i = 0; i < n && !err; i++) {
        const sanctum_user_info *u = sanctum_user_list_at(list, i);
        char t[TOOL_TIME_BUF], sign[65], box[65];
        json_t *o = json_object();

        if (o == NULL) {
            err = 1;
            break;
        }
        hex32(sign, u->sign_pk);
        hex32(box, u->box_pk);
        err |= tool_json_set(o, "id", json_integer(u->id));
        err |= tool_json_set(o, "name", json_string(u->name));
        err |= tool_json_set(o, "role", json_string(or_unknown(sanctum_role_name(u->role))));
        err |= tool_json_set(o, "clearance",
                             json_string(or_unknown(sanctum_level_name(u->clearance))));
        err |= tool_json_set(o, "state", json_string(u->revoked ? "revoked" : "active"));
        err |= tool_json_set(o, "created", json_string(tool_time_iso(u->created, t)));
        err |= tool_json_set(o, "sign_pk", json_string(sign));
        err |= tool_json_set(o, "box_pk", json_string(box));
        err |= tool_json_push(users, o);
    }
    json_decref(users);
    if (err) {
        json_decref(doc);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc;
}

static void
print_table(const sanctum_user_list *list)
{
    size_t i, n = sanctum_user_list_count(list);
    int w = 4;

    for (i = 0; i < n; i++) {
        const sanctum_user_info *u = sanctum_user_list_at(list, i);
        if ((int)strlen(u->name) > w)
            w = (int)strlen(u->name);
    }
    printf("%4s  %-*s  %-8s  %-9s  %-7s  %s\n", "ID", w, "NAME", "ROLE", "CLEARANCE",
           "STATE", "CREATED");
    for (i = 0; i < n; i++) {
        const sanctum_user_info *u = sanctum_user_list_at(list, i);
        char t[TOOL_TIME_BUF];

        printf("%4u  %-*s  %-8s  %-9s  %-7s  %s\n", (unsigned)u->id, w, u->name,
               or_unknown(sanctum_role_name(u->role)),
               or_unknown(sanctum_level_name(u->clearance)),
               u->revoked ? "revoked" : "active", tool_time_iso(u->created, t));
    }
}

int
cmd_user_list(tool_ctx *ctx, int argc, char **argv)
{
    int json = 0;
    tool_cmd cmd = {
        "sanctum-admin user list --store DIR [--json]",
        "List every user of the store, revoked ones included: id, name, role,\n"
        "clearance, state and creation time. The user table is public: no\n"
        "passphrase is needed.\n"
        "\n"
        "Options:\n"
        "  --json   print one JSON document: {\"format_version\": 2, \"users\": [{\"id\",\n"
        "           \"name\", \"role\", \"clearance\", \"state\", \"created\", \"sign_pk\",\n"
        "           \"box_pk\"}, ...]}\n",
        user_list_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    sanctum_user_list *list = NULL;
    int rc, nargs;

    cmd.state = &json;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = sanctum_user_list_load(&list, store)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot list the users of %s", ctx->store);
        goto done;
    }
    if (json)
        rc = print_json(list);
    else {
        print_table(list);
        rc = TOOL_EXIT_OK;
    }
done:
    sanctum_user_list_free(list);
    sanctum_store_close(store);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_user_add.c - sanctum-admin user add: a new user with a role and a clearance. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"
#include "passphrase.h"

enum { OPT_ROLE = 1, OPT_CLEARANCE, OPT_NEW_FILE, OPT_NEW_FD };

static const tool_opt user_add_opts[] = {
    { "role", 1, OPT_ROLE },
    { "clearance", 1, OPT_CLEARANCE },
    { "new-passphrase-file", 1, OPT_NEW_FILE },
    { "new-passphrase-fd", 1, OPT_NEW_FD },
    { NULL, 0, 0 }
};

typedef struct user_add_args {
    sanctum_role  role;       /* 0 until --role */
    sanctum_level clearance;  /* 0 until --clearance */
    tool_pass_src new_pass;   /* the new user's initial passphrase */
} user_add_args;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    user_add_args *a = state;

    switch (key) {
    case OPT_ROLE:
        if ((a->role = sanctum_role_from_name(value)) == 0)
            return tool_usage_error(ctx, "--role: expected admin, analyst, approver or auditor");
        break;
    case OPT_CLEARANCE:
        if ((a->clearance = sanctum_level_from_name(value)) == SANCTUM_LEVEL_NONE)
            return tool_usage_error(ctx, "--clearance: expected official, sensitive or secret");
        break;
    case OPT_NEW_FILE:
        return tool_pass_src_option(ctx, &a->new_pass, 0, value);
    case OPT_NEW_FD:
        return tool_pass_src_option(ctx, &a->new_pass, 1, value);
    }
    return TOOL_CONTINUE;
}

int
cmd_user_add(tool_ctx *ctx, int argc, char **argv)
{
    user_add_args a = { 0, SANCTUM_LEVEL_NONE,
                        { NULL, -1, "new-passphrase-file", "new-passphrase-fd" } };
    tool_cmd cmd = {
        "sanctum-admin user add NAME --role ROLE --clearance LEVEL\n"
        "    [--new-passphrase-file FILE | --new-passphrase-fd N]",
        "Add user NAME (1-64 characters of A-Z a-z 0-9 . _ -). You unlock the store\n"
        "as an admin (--user) whose clearance is at least LEVEL. The new user's\n"
        "initial passphrase is read from --new-passphrase-file / --new-passphrase-fd\n"
        "(same rules as --passphrase-file / --passphrase-fd) or asked twice on the\n"
        "terminal.\n"
        "\n"
        "Options:\n"
        "  --role ROLE              admin, analyst, approver or auditor\n"
        "  --clearance LEVEL        official, sensitive or secret: the highest level\n"
        "                           of values the user can read\n"
        "  --new-passphrase-file FILE, --new-passphrase-fd N\n"
        "                           where to read the new user's passphrase\n",
        user_add_opts, on_opt, NULL, 1, 1
    };
    tool_secret pass = TOOL_SECRET_INIT;
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    const char *name;
    char prompt[128];
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    name = argv[0];
    if (a.role == 0)
        return tool_usage_error(ctx, "--role is required");
    if (a.clearance == SANCTUM_LEVEL_NONE)
        return tool_usage_error(ctx, "--clearance is required");

    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    snprintf(prompt, sizeof prompt, "Passphrase for the new user %s: ", name);
    if ((rc = tool_pass_read(&pass, &a.new_pass, prompt, 1)) != 0)
        goto done;
    rc = sanctum_user_add(session, name, a.role, a.clearance, pass.buf, pass.len);
    tool_secret_free(&pass);
    if (rc != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot add user %s", name);
        goto done;
    }
    printf("added user %s (role %s, clearance %s)\n", name, sanctum_role_name(a.role),
           sanctum_level_name(a.clearance));
    rc = TOOL_EXIT_OK;
done:
    tool_session_close(store, session);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_init.c - sanctum-admin init: create a store and its first admin. */
#include <stdio.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"
#include "passphrase.h"

enum { OPT_KDF = 1 };

static const tool_opt init_opts[] = {
    { "kdf", 1, OPT_KDF },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    sanctum_kdf *kdf = state;

    if (key == OPT_KDF) {
        if (strcmp(value, "interactive") == 0)
            *kdf = SANCTUM_KDF_INTERACTIVE;
        else if (strcmp(value, "moderate") == 0)
            *kdf = SANCTUM_KDF_MODERATE;
        else if (strcmp(value, "sensitive") == 0)
            *kdf = SANCTUM_KDF_SENSITIVE;
        else
            return tool_usage_error(ctx, "--kdf: expected interactive, moderate or sensitive");
    }
    return TOOL_CONTINUE;
}

int
cmd_init(tool_ctx *ctx, int argc, char **argv)
{
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    tool_cmd cmd = {
        "sanctum-admin init --store DIR --user NAME [--kdf interactive|moderate|sensitive]",
        "Create a new store in DIR (made with mode 0700 if missing) with NAME as its\n"
        "first user: role admin, clearance secret. The passphrase is asked twice on\n"
        "the terminal, or read once from --passphrase-file / --passphrase-fd; it must\n"
        "be at least 8 bytes long.\n"
        "\n"
        "Options:\n"
        "  --kdf STRENGTH   Argon2id strength protecting users' keys: interactive\n"
        "                   (64 MiB), moderate (256 MiB, the default) or sensitive\n"
        "                   (1 GiB)\n",
        init_opts, on_opt, NULL, 0, 0
    };
    tool_secret pass = TOOL_SECRET_INIT;
    sanctum_store *store = NULL;
    const char *path, *user;
    char prompt[128];
    int rc, nargs;

    opts.kdf = SANCTUM_KDF_DEFAULT;
    cmd.state = &opts.kdf;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_need_store(ctx, &path)) != 0 || (rc = tool_need_user(ctx, &user)) != 0)
        return rc;

    snprintf(prompt, sizeof prompt, "New passphrase for %s: ", user);
    if ((rc = tool_pass_read(&pass, &ctx->pass, prompt, 1)) != 0)
        goto done;
    rc = sanctum_store_create(&store, path, user, pass.buf, pass.len, &opts);
    tool_secret_free(&pass);
    if (rc != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot create a store in %s", path);
        goto done;
    }
    printf("created store %s in %s; admin user %s\n", sanctum_store_id_hex(store), path,
           user);
    rc = TOOL_EXIT_OK;
done:
    sanctum_store_close(store);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* open.c - store and user resolution shared by the tools. */
#include "open.h"

#include <stdio.h>

#include <sanctum/errors.h>

#include "args.h"
#include "diag.h"
#include "passphrase.h"

int
tool_need_store(tool_ctx *ctx, const char **out)
{
    if (ctx->store == NULL || *ctx->store == '\0')
        return tool_usage_error(ctx, "no store: give --store DIR or set SANCTUM_STORE");
    *out = ctx->store;
    return 0;
}

int
tool_need_user(tool_ctx *ctx, const char **out)
{
    if (ctx->user == NULL || *ctx->user == '\0')
        return tool_usage_error(ctx, "no user: give --user NAME or set SANCTUM_USER");
    *out = ctx->user;
    return 0;
}

int
tool_store_open(tool_ctx *ctx, sanctum_store **out, unsigned int flags)
{
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    const char *path;
    int rc;

    *out = NULL;
    if ((rc = tool_need_store(ctx, &path)) != 0)
        return rc;
    opts.flags = flags;
    if ((rc = sanctum_store_open(out, path, &opts)) != SANCTUM_OK)
        return tool_fail(rc, "store %s", path);
    return 0;
}

int
tool_session_open(tool_ctx *ctx, sanctum_store **store, sanctum_session **out)
{
    tool_secret pass = TOOL_SECRET_INIT;
    char prompt[128];
    const char *user;
    int rc;

    *store = NULL;
    *out = NULL;
    if ((rc = tool_need_user(ctx, &user)) != 0)
        return rc;
    if ((rc = tool_store_open(ctx, store, 0)) != 0)
        return rc;
    snprintf(prompt, sizeof prompt, "Passphrase for %s: ", user);
    if ((rc = tool_pass_read(&pass, &ctx->pass, prompt, 0)) != 0)
        goto done;
    rc = sanctum_session_open(out, *store, user, pass.buf, pass.len);
    tool_secret_free(&pass);
    if (rc != SANCTUM_OK)
        rc = tool_fail(rc, "cannot unlock store %s as user %s", ctx->store, user);
done:
    if (rc != 0) {
        sanctum_session_close(*out);
        *out = NULL;
        sanctum_store_close(*store);
        *store = NULL;
    }
    return rc;
}

void
tool_session_close(sanctum_store *store, sanctum_session *session)
{
    sanctum_session_close(session);
    sanctum_store_close(store);
}

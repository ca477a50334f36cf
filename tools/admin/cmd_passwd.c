/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_passwd.c - sanctum-admin passwd: change your own passphrase. */
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"
#include "passphrase.h"

enum { OPT_NEW_FILE = 1, OPT_NEW_FD };

static const tool_opt passwd_opts[] = {
    { "new-passphrase-file", 1, OPT_NEW_FILE },
    { "new-passphrase-fd", 1, OPT_NEW_FD },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    return tool_pass_src_option(ctx, state, key == OPT_NEW_FD, value);
}

int
cmd_passwd(tool_ctx *ctx, int argc, char **argv)
{
    tool_pass_src new_src = { NULL, -1, "new-passphrase-file", "new-passphrase-fd" };
    tool_cmd cmd = {
        "sanctum-admin passwd --store DIR --user NAME\n"
        "    [--new-passphrase-file FILE | --new-passphrase-fd N]",
        "Change the passphrase of --user. The current passphrase comes from\n"
        "--passphrase-file / --passphrase-fd or the terminal; the new one from\n"
        "--new-passphrase-file / --new-passphrase-fd, or it is asked twice on the\n"
        "terminal. Your keys stay the same. The same descriptor may carry both\n"
        "passphrases, one per line, current first.\n"
        "\n"
        "Options:\n"
        "  --new-passphrase-file FILE, --new-passphrase-fd N\n"
        "                  where to read the new passphrase (at least 8 bytes)\n",
        passwd_opts, on_opt, NULL, 0, 0
    };
    tool_secret pass = TOOL_SECRET_INIT;
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    int rc, nargs;

    cmd.state = &new_src;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = tool_pass_read(&pass, &new_src, "New passphrase: ", 1)) != 0)
        goto done;
    rc = sanctum_user_passwd(session, pass.buf, pass.len);
    tool_secret_free(&pass);
    if (rc != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot change the passphrase of %s", sanctum_session_user(session));
        goto done;
    }
    printf("changed the passphrase of %s\n", sanctum_session_user(session));
    rc = TOOL_EXIT_OK;
done:
    tool_session_close(store, session);
    return rc;
}

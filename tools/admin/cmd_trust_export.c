/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_trust_export.c - sanctum-admin trust-export: the public trust file for auditors. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "admin_verbs.h"
#include "args.h"
#include "diag.h"
#include "open.h"

enum { OPT_OUTPUT = 1 };

static const tool_opt trust_opts[] = {
    { "output", 1, OPT_OUTPUT },
    { NULL, 0, 0 }
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    if (*value == '\0')
        return tool_usage_error(ctx, "--output: empty file name");
    *(const char **)state = value;
    return TOOL_CONTINUE;
}

/* Write `len` bytes to `path` (created or replaced, mode 0644 less umask). */
static int
write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");
    int rc = 0, err = errno;

    if (f == NULL) {
        tool_error("--output %s: %s", path, strerror(err));
        return err == ENOENT ? TOOL_EXIT_NOTFOUND : TOOL_EXIT_FAIL;
    }
    if (fwrite(text, 1, len, f) != len)
        rc = TOOL_EXIT_FAIL;
    if (fclose(f) != 0)
        rc = TOOL_EXIT_FAIL;
    if (rc != 0)
        tool_error("--output %s: write error: %s", path, strerror(errno));
    return rc;
}

int
cmd_trust_export(tool_ctx *ctx, int argc, char **argv)
{
    const char *output = NULL;
    tool_cmd cmd = {
        "sanctum-admin trust-export --store DIR [--output FILE]",
        "Write the store's public trust file: store id, audit log origin and\n"
        "verifier key, and every user's id, name, role, clearance, state and public\n"
        "keys. It holds no secret and no case data; auditors verify the audit trail\n"
        "with it (sanctum-audit). No passphrase is needed.\n"
        "\n"
        "Options:\n"
        "  --output FILE   write to FILE instead of standard output\n",
        trust_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc, nargs;

    cmd.state = &output;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = sanctum_trust_export(&text, &len, store)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot export the trust file of %s", ctx->store);
        goto done;
    }
    if (output != NULL)
        rc = write_file(output, text, len);
    else
        rc = fwrite(text, 1, len, stdout) == len ? TOOL_EXIT_OK : TOOL_EXIT_FAIL;
done:
    sanctum_free(text);
    sanctum_store_close(store);
    return rc;
}

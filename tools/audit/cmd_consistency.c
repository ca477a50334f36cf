/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_consistency.c - sanctum-audit consistency: the RFC 6962 proof that a tree extends an older one. */
#include <stdio.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"
#include "open.h"

static int
print_json(sanctum_store *store, const char *path, uint64_t size1, uint64_t size2,
           const unsigned char proof[][32], size_t len)
{
    unsigned char root1[32], root2[32];
    json_t *doc;
    int rc, err;

    if ((rc = sanctum_audit_root(root1, store, size1)) != SANCTUM_OK ||
        (rc = sanctum_audit_root(root2, store, size2)) != SANCTUM_OK)
        return tool_fail(rc, "cannot read the tree roots of %s", path);
    doc = tool_json_doc();
    err = doc == NULL;
    if (doc != NULL) {
        err |= tool_json_set(doc, "size1", json_integer((json_int_t)size1));
        err |= tool_json_set(doc, "size2", json_integer((json_int_t)size2));
        err |= tool_json_set(doc, "root1", audit_hash_json(root1));
        err |= tool_json_set(doc, "root2", audit_hash_json(root2));
        err |= tool_json_set(doc, "path", audit_path_json(proof, len));
    }
    if (err) {
        json_decref(doc);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc;
}

int
cmd_consistency(tool_ctx *ctx, int argc, char **argv)
{
    struct audit_proof_args a = { NULL, 0 };
    tool_cmd cmd = {
        "sanctum-audit consistency M --store DIR [--size N] [--json]",
        "Print the consistency proof from the tree of the first M entries to the\n"
        "tree of the first N entries (default: the whole trail): base64 SHA-256\n"
        "hashes, one per line, in RFC 6962 order. With the roots of two\n"
        "checkpoints of sizes M and N it proves that the later tree extends the\n"
        "earlier one; Go's golang.org/x/mod/sumdb/tlog.CheckTree accepts it.\n"
        "The proof is empty when M equals N.\n"
        "\n"
        "Options:\n"
        "  --size N   the later tree size (M to the trail's size)\n"
        "  --json     print one JSON document: {\"format_version\": 2, \"size1\",\n"
        "             \"size2\", \"root1\", \"root2\", \"path\": [base64, ...]}.\n"
        "             The roots are read from the store: check them against\n"
        "             signed checkpoints before trusting them.\n"
        AUDIT_HELP_EXIT,
        audit_proof_opts, audit_proof_opt, NULL, 1, 1
    };
    unsigned char proof[SANCTUM_PROOF_MAX][32];
    sanctum_store *store = NULL;
    uint64_t size1, size2 = 0, current;
    size_t len = 0;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = audit_parse_u64(ctx, argv[0], "tree size M", &size1)) != 0 ||
        (a.size != NULL && (rc = audit_parse_u64(ctx, a.size, "--size", &size2)) != 0))
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = audit_size(&current, store, ctx->store)) != 0)
        goto done;
    if (a.size != NULL) {
        if ((rc = audit_check_size(size2, current, "--size")) != 0)
            goto done;
    } else {
        size2 = current;
    }
    if ((rc = audit_check_size(size1, current, "tree size M")) != 0)
        goto done;
    if (size1 > size2) {
        tool_error("tree size M (%llu) is larger than N (%llu)", (unsigned long long)size1,
                   (unsigned long long)size2);
        rc = TOOL_EXIT_DATA;
        goto done;
    }
    if ((rc = sanctum_audit_consistency(proof, &len, store, size1, size2)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot prove consistency in %s", ctx->store);
        goto done;
    }
    if (a.json) {
        rc = print_json(store, ctx->store, size1, size2, (const unsigned char (*)[32])proof,
                        len);
    } else {
        audit_print_path((const unsigned char (*)[32])proof, len);
        rc = TOOL_EXIT_OK;
    }
done:
    sanctum_store_close(store);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_prove.c - sanctum-audit prove: the RFC 6962 inclusion proof of one entry. */
#include <stdio.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"
#include "open.h"

static int
print_json(sanctum_store *store, const char *path, uint64_t index, uint64_t size,
           const unsigned char proof[][32], size_t len)
{
    sanctum_audit_entry *e = NULL;
    unsigned char root[32];
    json_t *doc;
    int rc, err;

    if ((rc = sanctum_audit_root(root, store, size)) != SANCTUM_OK)
        return tool_fail(rc, "cannot read the tree root of %s", path);
    if ((rc = sanctum_audit_entry_get(&e, store, index)) != SANCTUM_OK)
        return tool_fail(rc, "cannot read entry %llu of %s", (unsigned long long)index, path);
    doc = tool_json_doc();
    err = doc == NULL;
    if (doc != NULL) {
        err |= tool_json_set(doc, "index", json_integer((json_int_t)index));
        err |= tool_json_set(doc, "size", json_integer((json_int_t)size));
        err |= tool_json_set(doc, "leaf_hash", audit_hash_json(e->leaf_hash));
        err |= tool_json_set(doc, "root", audit_hash_json(root));
        err |= tool_json_set(doc, "path", audit_path_json(proof, len));
    }
    sanctum_audit_entry_free(e);
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
cmd_prove(tool_ctx *ctx, int argc, char **argv)
{
    struct audit_proof_args a = { NULL, 0 };
    tool_cmd cmd = {
        "sanctum-audit prove N --store DIR [--size M] [--json]",
        "Print the inclusion proof of entry N (counting from 0) in the tree of\n"
        "the first M entries (default: the whole trail): base64 SHA-256 hashes,\n"
        "one per line, in RFC 6962 order (the leaf's sibling first). It proves,\n"
        "against the root of a checkpoint of size M, that 'entry N --raw' is\n"
        "leaf N; Go's golang.org/x/mod/sumdb/tlog.CheckRecord accepts it.\n"
        "\n"
        "Options:\n"
        "  --size M   the tree size the proof is for (1 to the trail's size)\n"
        "  --json     print one JSON document: {\"format_version\": 2, \"index\",\n"
        "             \"size\", \"leaf_hash\", \"root\", \"path\": [base64, ...]}.\n"
        "             The root is read from the store: check it against a\n"
        "             signed checkpoint before trusting it.\n"
        AUDIT_HELP_EXIT,
        audit_proof_opts, audit_proof_opt, NULL, 1, 1
    };
    unsigned char proof[SANCTUM_PROOF_MAX][32];
    sanctum_store *store = NULL;
    uint64_t index, size = 0, current;
    size_t len = 0;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = audit_parse_u64(ctx, argv[0], "entry index", &index)) != 0 ||
        (a.size != NULL && (rc = audit_parse_u64(ctx, a.size, "--size", &size)) != 0))
        return rc;
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = audit_size(&current, store, ctx->store)) != 0)
        goto done;
    if (a.size != NULL) {
        if ((rc = audit_check_size(size, current, "--size")) != 0)
            goto done;
    } else {
        size = current;
    }
    if (index >= size) {
        if (a.size == NULL) {
            tool_error("no entry %llu: the trail of %s has %llu entries",
                       (unsigned long long)index, ctx->store, (unsigned long long)size);
            rc = TOOL_EXIT_NOTFOUND;
        } else {
            tool_error("entry %llu is not in the tree of the first %llu entries",
                       (unsigned long long)index, (unsigned long long)size);
            rc = TOOL_EXIT_DATA;
        }
        goto done;
    }
    if ((rc = sanctum_audit_prove(proof, &len, store, index, size)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot prove entry %llu in %s", (unsigned long long)index,
                       ctx->store);
        goto done;
    }
    if (a.json) {
        rc = print_json(store, ctx->store, index, size, (const unsigned char (*)[32])proof,
                        len);
    } else {
        audit_print_path((const unsigned char (*)[32])proof, len);
        rc = TOOL_EXIT_OK;
    }
done:
    sanctum_store_close(store);
    return rc;
}

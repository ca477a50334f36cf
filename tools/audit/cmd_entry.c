/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_entry.c - sanctum-audit entry: one entry decoded, as JSON, or as its exact leaf bytes. */
#include <stdio.h>
#include <unistd.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"
#include "open.h"

enum { OPT_RAW = 1, OPT_JSON };

static const tool_opt entry_opts[] = {
    { "raw", 0, OPT_RAW },
    { "json", 0, OPT_JSON },
    { NULL, 0, 0 }
};

struct entry_args {
    int raw;
    int json;
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    struct entry_args *a = state;

    if (key == OPT_RAW)
        a->raw = 1;
    else if (key == OPT_JSON)
        a->json = 1;
    return TOOL_CONTINUE;
}

static void
print_entry(const sanctum_audit_entry *e)
{
    char t[AUDIT_TIME_BUF], key[17], hex[65], h64[45];

    audit_hex(key, e->key_id, 8);
    audit_b64(h64, e->leaf_hash);
    printf("index      %llu\n", (unsigned long long)e->index);
    printf("time       %s\n", audit_time_ms(e->time_ms, t));
    printf("actor      %lu ", (unsigned long)e->actor);
    audit_print_clean(stdout, e->actor_name[0] ? e->actor_name : "(unknown user)");
    printf("\nkey id     %s\n", key);
    printf("action     %s\n", e->action);
    printf("purpose    ");
    audit_print_clean(stdout, e->purpose[0] ? e->purpose : "-");
    putchar('\n');
    for (size_t i = 0; i < e->nrefs; i++) {
        audit_hex(hex, e->refs[i].hash, 32);
        printf("entity     ");
        audit_print_clean(stdout, e->refs[i].id);
        printf(" revision %llu record-blake2b %s\n", (unsigned long long)e->refs[i].revision,
               hex);
    }
    printf("detail     ");
    audit_print_clean(stdout, e->detail[0] ? e->detail : "-");
    printf("\nleaf hash  %s\n", h64);
}

static int
print_json(const sanctum_audit_entry *e)
{
    json_t *doc = tool_json_doc(), *o = audit_entry_json(e);
    const char *k;
    json_t *v;
    int rc;

    if (doc == NULL || o == NULL) {
        json_decref(doc);
        json_decref(o);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    json_object_foreach(o, k, v) {
        if (json_object_set(doc, k, v) != 0) {
            json_decref(doc);
            json_decref(o);
            tool_error("out of memory");
            return TOOL_EXIT_FAIL;
        }
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    json_decref(o);
    return rc;
}

static int
write_raw(sanctum_store *store, uint64_t index, const char *path)
{
    unsigned char *raw = NULL;
    size_t len = 0;
    int rc;

    if ((rc = sanctum_audit_entry_raw(&raw, &len, store, index)) != SANCTUM_OK)
        return tool_fail(rc, "cannot read entry %llu of %s", (unsigned long long)index, path);
    if (fwrite(raw, 1, len, stdout) != len) {
        tool_error("cannot write the entry to standard output");
        rc = TOOL_EXIT_FAIL;
    }
    sanctum_free(raw);
    return rc;
}

int
cmd_entry(tool_ctx *ctx, int argc, char **argv)
{
    struct entry_args a = { 0, 0 };
    tool_cmd cmd = {
        "sanctum-audit entry N --store DIR [--raw | --json]",
        "Print entry N of the trail (counting from 0) decoded: index, UTC time,\n"
        "actor, signing key id, action, purpose, the entities it touched (id,\n"
        "revision and BLAKE2b-256 of the stored record bytes), action detail and its\n"
        "RFC 6962 leaf hash. Entries hold no case data.\n"
        "\n"
        "Options:\n"
        "  --raw    write the entry's exact bytes (the Merkle leaf data) to stdout;\n"
        "           SHA-256(0x00 || bytes) is its leaf hash. Refused on a terminal.\n"
        "  --json   print one JSON document: {\"format_version\": 2, \"index\",\n"
        "           \"time\", \"time_ms\", \"actor\", \"actor_name\", \"key_id\",\n"
        "           \"action\", \"purpose\", \"entities\": [{\"id\", \"revision\",\n"
        "           \"record_blake2b\"}], \"detail\", \"leaf_hash\"}\n"
        AUDIT_HELP_EXIT,
        entry_opts, on_opt, NULL, 1, 1
    };
    sanctum_store *store = NULL;
    sanctum_audit_entry *e = NULL;
    uint64_t index, size;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if (a.raw && a.json)
        return tool_usage_error(ctx, "give only one of --raw and --json");
    if ((rc = audit_parse_u64(ctx, argv[0], "entry index", &index)) != 0)
        return rc;
    if (a.raw && isatty(STDOUT_FILENO) == 1)
        return tool_usage_error(ctx, "--raw writes binary bytes: redirect standard output");
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = audit_size(&size, store, ctx->store)) != 0)
        goto done;
    if (index >= size) {
        tool_error("no entry %llu: the trail of %s has %llu entries (0 to %llu)",
                   (unsigned long long)index, ctx->store, (unsigned long long)size,
                   (unsigned long long)(size ? size - 1 : 0));
        rc = TOOL_EXIT_NOTFOUND;
        goto done;
    }
    if (a.raw) {
        rc = write_raw(store, index, ctx->store);
        goto done;
    }
    if ((rc = sanctum_audit_entry_get(&e, store, index)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot read entry %llu of %s", (unsigned long long)index,
                       ctx->store);
        goto done;
    }
    if (a.json) {
        rc = print_json(e);
    } else {
        print_entry(e);
        rc = TOOL_EXIT_OK;
    }
done:
    sanctum_audit_entry_free(e);
    sanctum_store_close(store);
    return rc;
}

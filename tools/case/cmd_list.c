/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_list.c - sanctum-case list: ids and schemas, with captions read in batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "case_verbs.h"
#include "diag.h"
#include "json.h"
#include "open.h"

enum { OPT_SCHEMA = 1, OPT_JSON, OPT_IDS_ONLY };

static const tool_opt list_opts[] = {
    { "schema", 1, OPT_SCHEMA },
    { "json", 0, OPT_JSON },
    { "ids-only", 0, OPT_IDS_ONLY },
    { NULL, 0, 0 }
};

typedef struct list_args {
    const char *schema;   /* --schema, or NULL for all */
    int         json;     /* --json */
    int         ids_only; /* --ids-only: no captions, nothing decrypted */
} list_args;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    list_args *a = state;

    if (key == OPT_SCHEMA)
        a->schema = value;
    else if (key == OPT_JSON)
        a->json = 1;
    else
        a->ids_only = 1;
    return TOOL_CONTINUE;
}

/* Entities read per transaction: no more decrypted records in memory at once. */
#define LIST_CHUNK 4096

/*
 * Read every listed entity, LIST_CHUNK at a time (one transaction per
 * chunk, an audit entry per 1,024 entities), and keep a malloc'd copy of
 * each caption in captions[i] (freed by the caller with free_captions()).
 */
static int
fetch_captions(char **captions, sanctum_session *session, const sanctum_id_list *list,
               const char *purpose)
{
    size_t n = sanctum_id_list_count(list), start, i, k;
    const char *ids[LIST_CHUNK];
    sanctum_entity *ents[LIST_CHUNK];
    int rc;

    for (start = 0; start < n; start += k) {
        k = n - start < LIST_CHUNK ? n - start : LIST_CHUNK;
        for (i = 0; i < k; i++)
            ids[i] = sanctum_id_list_at(list, start + i);
        rc = sanctum_entity_get_batch(ents, session, ids, k, purpose);
        if (rc != SANCTUM_OK)
            return tool_fail(rc, "cannot read entities %s to %s", ids[0], ids[k - 1]);
        rc = 0;
        for (i = 0; i < k; i++) {
            if (rc == 0 && (captions[start + i] = strdup(sanctum_entity_caption(ents[i]))) == NULL)
                rc = TOOL_EXIT_FAIL;
            sanctum_entity_free(ents[i]);
        }
        if (rc != 0) {
            tool_error("out of memory");
            return rc;
        }
    }
    return 0;
}

static void
free_captions(char **captions, size_t n)
{
    size_t i;

    if (captions == NULL)
        return;
    for (i = 0; i < n; i++) {
        if (captions[i] != NULL) {
            sanctum_wipe(captions[i], strlen(captions[i]));
            free(captions[i]);
        }
    }
    free(captions);
}

static int
print_json(const sanctum_id_list *list, char **captions)
{
    json_t *doc = tool_json_doc(), *arr = json_array();
    size_t i, n = sanctum_id_list_count(list);
    int err = doc == NULL, rc;

    err |= doc != NULL ? tool_json_set(doc, "entities", json_incref(arr)) : -1;
    for (i = 0; i < n && !err; i++) {
        json_t *o = json_object();

        if (o == NULL) {
            err = 1;
            break;
        }
        err |= tool_json_set(o, "id", json_string(sanctum_id_list_at(list, i)));
        err |= tool_json_set(o, "schema", json_string(sanctum_id_list_schema(list, i)));
        if (captions != NULL)
            err |= tool_json_set(o, "caption", json_string(captions[i]));
        err |= tool_json_push(arr, o);
    }
    json_decref(arr);
    if (err) {
        json_decref(doc);
        tool_error("cannot build the JSON document");
        return TOOL_EXIT_FAIL;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc;
}

static void
print_text(const sanctum_id_list *list, char **captions)
{
    size_t i, n = sanctum_id_list_count(list);
    int wid = 2, wschema = 6;

    for (i = 0; i < n; i++) {
        if ((int)strlen(sanctum_id_list_at(list, i)) > wid)
            wid = (int)strlen(sanctum_id_list_at(list, i));
        if ((int)strlen(sanctum_id_list_schema(list, i)) > wschema)
            wschema = (int)strlen(sanctum_id_list_schema(list, i));
    }
    for (i = 0; i < n; i++) {
        if (captions != NULL)
            printf("%-*s  %-*s  %s\n", wid, sanctum_id_list_at(list, i), wschema,
                   sanctum_id_list_schema(list, i), captions[i]);
        else
            printf("%-*s  %s\n", wid, sanctum_id_list_at(list, i),
                   sanctum_id_list_schema(list, i));
    }
}

int
cmd_list(tool_ctx *ctx, int argc, char **argv)
{
    list_args a = { NULL, 0, 0 };
    tool_cmd cmd = {
        "sanctum-case list [--schema SCHEMA] [--json] [--ids-only]",
        "List entities in id order: id, schema and caption (the first name you can\n"
        "read, else the id). Captions are read in batches of up to 512 entities,\n"
        "each batch one audit entry with --purpose.\n"
        "\n"
        "Options:\n"
        "  --schema SCHEMA   only entities of SCHEMA\n"
        "  --ids-only        ids and schemas only: nothing is decrypted and nothing\n"
        "                    is added to the audit trail\n"
        "  --json            print {\"format_version\": 2, \"entities\": [{\"id\",\n"
        "                    \"schema\", \"caption\"}, ...]}\n",
        list_opts, on_opt, NULL, 0, 0
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_id_list *list = NULL;
    char **captions = NULL;
    size_t n = 0;
    int rc, nargs;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = sanctum_entity_list(&list, session, a.schema)) != SANCTUM_OK) {
        rc = a.schema != NULL ? tool_fail(rc, "cannot list %s entities", a.schema)
                              : tool_fail(rc, "cannot list entities");
        goto done;
    }
    n = sanctum_id_list_count(list);
    if (!a.ids_only && n > 0) {
        if ((captions = calloc(n, sizeof *captions)) == NULL) {
            tool_error("out of memory");
            rc = TOOL_EXIT_FAIL;
            goto done;
        }
        if ((rc = fetch_captions(captions, session, list, ctx->purpose)) != 0)
            goto done;
    }
    if (a.json)
        rc = print_json(list, a.ids_only ? NULL : captions);
    else {
        print_text(list, captions);
        rc = TOOL_EXIT_OK;
    }
done:
    free_captions(captions, n);
    sanctum_id_list_free(list);
    tool_session_close(store, session);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* json.c - jansson set up for case data: wiped on free, errors without content. */
#include "json.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/memory.h>

#include "diag.h"

/* free() that first wipes the whole block, whatever its size. */
static void
wiping_free(void *ptr)
{
    if (ptr == NULL)
        return;
    sanctum_wipe(ptr, malloc_usable_size(ptr));
    free(ptr);
}

void
tool_json_init(void)
{
    json_set_alloc_funcs(malloc, wiping_free);
}

json_t *
tool_json_doc(void)
{
    json_t *doc = json_object();

    if (doc != NULL && tool_json_set(doc, "format_version",
                                     json_integer(TOOL_JSON_FORMAT_VERSION)) != 0) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

int
tool_json_set(json_t *obj, const char *key, json_t *val)
{
    if (val == NULL)
        return -1;
    return json_object_set_new(obj, key, val) == 0 ? 0 : -1;
}

int
tool_json_push(json_t *arr, json_t *val)
{
    if (val == NULL)
        return -1;
    return json_array_append_new(arr, val) == 0 ? 0 : -1;
}

int
tool_json_read(json_t **out, FILE *f, const char *where)
{
    json_error_t err;
    char *near;

    *out = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    if (*out != NULL)
        return 0;
    /* jansson appends " near '<token>'": the token may be case data. */
    if ((near = strstr(err.text, " near ")) != NULL)
        *near = '\0';
    if (err.line > 0)
        tool_error("%s:%d:%d: malformed JSON: %s", where, err.line, err.column, err.text);
    else
        tool_error("%s: malformed JSON: %s", where, err.text);
    sanctum_wipe(&err, sizeof err);
    return TOOL_EXIT_DATA;
}

int
tool_json_print(const json_t *doc)
{
    if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', stdout) == EOF) {
        /* A write error is reported once, by tool_main(). */
        if (!ferror(stdout))
            tool_error("cannot write JSON to standard output");
        return TOOL_EXIT_FAIL;
    }
    return 0;
}

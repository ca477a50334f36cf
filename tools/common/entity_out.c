/* SPDX-License-Identifier: Apache-2.0 */
/* entity_out.c - the text and JSON forms of an entity shared by the tools. */
#include "entity_out.h"

#include <string.h>

#include <sanctum/case.h>
#include <sanctum/errors.h>
#include <sanctum/types.h>

#include "diag.h"
#include "json.h"
#include "textfmt.h"

static const char *
level_name(sanctum_level level)
{
    const char *name = sanctum_level_name(level);

    return name != NULL ? name : "unknown";
}

/* {"value": .., "level": ..} or {"withheld": true, "level": ..}. */
static json_t *
value_json(const sanctum_value *v)
{
    json_t *o = json_object();
    int err = 0;

    if (o == NULL)
        return NULL;
    if (v->withheld || v->text == NULL) {
        err |= tool_json_set(o, "withheld", json_true());
    } else {
        json_t *s = json_string(v->text);
        if (s == NULL)
            tool_error("property %s: a value is not valid UTF-8", v->prop);
        err |= tool_json_set(o, "value", s);
    }
    err |= tool_json_set(o, "level", json_string(level_name(v->level)));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *
tool_entity_json(const sanctum_entity *e, int doc)
{
    char created[TOOL_TIME_BUF], updated[TOOL_TIME_BUF];
    json_t *o = doc ? tool_json_doc() : json_object(), *props = NULL;
    size_t i, n = sanctum_entity_count(e);
    int err = 0;

    if (o == NULL)
        return NULL;
    err |= tool_json_set(o, "id", json_string(sanctum_entity_id(e)));
    err |= tool_json_set(o, "schema", json_string(sanctum_entity_schema(e)));
    err |= tool_json_set(o, "revision",
                         json_integer((json_int_t)sanctum_entity_revision(e)));
    if (sanctum_entity_case_status(e) != SANCTUM_CASE_NONE)
        err |= tool_json_set(o, "status",
                             json_string(sanctum_case_status_name(sanctum_entity_case_status(e))));
    err |= tool_json_set(o, "created",
                         json_string(tool_time_iso(sanctum_entity_created(e), created)));
    err |= tool_json_set(o, "updated",
                         json_string(tool_time_iso(sanctum_entity_updated(e), updated)));
    props = json_object();
    err |= tool_json_set(o, "properties", json_incref(props));
    for (i = 0; i < n && !err; i++) {
        sanctum_value v;
        json_t *arr;

        if (sanctum_entity_value(e, i, &v) != SANCTUM_OK)
            break;
        arr = json_object_get(props, v.prop);
        if (arr == NULL) {
            arr = json_array();
            err |= tool_json_set(props, v.prop, arr);
            if (err)
                break;
        }
        err |= tool_json_push(arr, value_json(&v));
    }
    json_decref(props);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int
tool_entity_print(FILE *f, const sanctum_entity *e)
{
    char created[TOOL_TIME_BUF], updated[TOOL_TIME_BUF];
    size_t i, n = sanctum_entity_count(e);
    int width = 8, lwidth = 9;   /* "revision", "sensitive" */

    for (i = 0; i < n; i++) {
        sanctum_value v;
        if (sanctum_entity_value(e, i, &v) == SANCTUM_OK && (int)strlen(v.prop) > width)
            width = (int)strlen(v.prop);
    }
    fprintf(f, "%-*s  %s\n", width, "id", sanctum_entity_id(e));
    fprintf(f, "%-*s  %s\n", width, "schema", sanctum_entity_schema(e));
    fprintf(f, "%-*s  %llu\n", width, "revision",
            (unsigned long long)sanctum_entity_revision(e));
    if (sanctum_entity_case_status(e) != SANCTUM_CASE_NONE)
        fprintf(f, "%-*s  %s\n", width, "status",
                sanctum_case_status_name(sanctum_entity_case_status(e)));
    fprintf(f, "%-*s  %s\n", width, "created",
            tool_time_iso(sanctum_entity_created(e), created));
    fprintf(f, "%-*s  %s\n", width, "updated",
            tool_time_iso(sanctum_entity_updated(e), updated));
    if (n > 0)
        fputc('\n', f);
    for (i = 0; i < n; i++) {
        sanctum_value v;

        if (sanctum_entity_value(e, i, &v) != SANCTUM_OK)
            break;
        fprintf(f, "%-*s  %-*s  ", width, v.prop, lwidth, level_name(v.level));
        if (v.withheld || v.text == NULL)
            fprintf(f, "[withheld: %s]", level_name(v.level));
        else
            tool_print_indented(f, v.text, width + lwidth + 4);
        fputc('\n', f);
    }
    return 0;
}

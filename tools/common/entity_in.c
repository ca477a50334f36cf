/* SPDX-License-Identifier: Apache-2.0 */
/* entity_in.c - FtM JSON and command-line values into sanctum entities. */
#include "entity_in.h"

#include <string.h>

#include <sanctum/errors.h>
#include <sanctum/types.h>

#include "diag.h"

int
tool_entity_add(sanctum_entity *e, const char *prop, const char *value,
                sanctum_level level, const char *where)
{
    int rc = sanctum_entity_add(e, prop, value, level);

    if (rc != SANCTUM_OK)
        return tool_fail(rc, "%s: property %s", where, prop);
    return 0;
}

/* Add one JSON value (a string, or {"value": ..., "level": ...}). */
static int
add_json_value(sanctum_entity *e, const char *prop, const json_t *v, const char *where)
{
    sanctum_level level = SANCTUM_LEVEL_NONE;
    const json_t *text = v, *lv;

    if (json_is_object(v)) {
        text = json_object_get(v, "value");
        lv = json_object_get(v, "level");
        if (lv != NULL && !json_is_null(lv)) {
            if (!json_is_string(lv) ||
                (level = sanctum_level_from_name(json_string_value(lv))) ==
                    SANCTUM_LEVEL_NONE) {
                tool_error("%s: property %s: unknown level (expected official, "
                           "sensitive or secret)", where, prop);
                return TOOL_EXIT_DATA;
            }
        }
    }
    if (!json_is_string(text)) {
        tool_error("%s: property %s: a value must be a string or "
                   "{\"value\": STRING, \"level\": LEVEL}", where, prop);
        return TOOL_EXIT_DATA;
    }
    if (strlen(json_string_value(text)) != json_string_length(text)) {
        tool_error("%s: property %s: a value contains a NUL character", where, prop);
        return TOOL_EXIT_DATA;
    }
    return tool_entity_add(e, prop, json_string_value(text), level, where);
}

int
tool_entity_from_json(sanctum_entity **out, const json_t *obj, const char *schema,
                      const char *where)
{
    const json_t *js, *props, *val, *item;
    sanctum_entity *e = NULL;
    const char *prop;
    size_t i;
    int rc;

    *out = NULL;
    if (!json_is_object(obj)) {
        tool_error("%s: expected a JSON object", where);
        return TOOL_EXIT_DATA;
    }
    js = json_object_get(obj, "schema");
    if (js != NULL && !json_is_string(js)) {
        tool_error("%s: \"schema\" must be a string", where);
        return TOOL_EXIT_DATA;
    }
    if (js != NULL && schema != NULL && strcmp(json_string_value(js), schema) != 0) {
        tool_error("%s: \"schema\" is %s but --schema says %s", where,
                   json_string_value(js), schema);
        return TOOL_EXIT_DATA;
    }
    if (js != NULL)
        schema = json_string_value(js);
    if (schema == NULL) {
        tool_error("%s: no \"schema\"", where);
        return TOOL_EXIT_DATA;
    }
    if ((rc = sanctum_entity_new(&e, schema)) != SANCTUM_OK)
        return tool_fail(rc, "%s: schema %s", where, schema);

    props = json_object_get(obj, "properties");
    if (props != NULL && !json_is_object(props)) {
        tool_error("%s: \"properties\" must be an object", where);
        rc = TOOL_EXIT_DATA;
        goto done;
    }
    rc = 0;
    json_object_foreach((json_t *)props, prop, val) {
        if (json_is_array(val)) {
            json_array_foreach(val, i, item) {
                if ((rc = add_json_value(e, prop, item, where)) != 0)
                    goto done;
            }
        } else if ((rc = add_json_value(e, prop, val, where)) != 0) {
            goto done;
        }
    }
done:
    if (rc != 0)
        sanctum_entity_free(e);
    else
        *out = e;
    return rc;
}

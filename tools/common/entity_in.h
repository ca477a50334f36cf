/* SPDX-License-Identifier: Apache-2.0 */
/* entity_in.h - building entities from FollowTheMoney-shaped JSON. */
#ifndef SANCTUM_TOOL_ENTITY_IN_H
#define SANCTUM_TOOL_ENTITY_IN_H

#include <jansson.h>
#include <sanctum/entity.h>

/*
 * Build a new (unstored) entity from an FtM-shaped object:
 *   {"schema": "Person",
 *    "properties": {"name": ["Jane Doe"], "birthDate": ["1980"],
 *                   "passportNumber": [{"value": "X1", "level": "secret"}]}}
 * A property may also be a single string or object instead of an array.
 * Other top-level keys ("id", "datasets", "referents", ...) are ignored.
 *
 * @param schema  the schema to use when the object has none, or NULL; if
 *                both are given they must agree.
 * @param where   names the input in messages ("stdin", "line 12").
 * Returns 0 with *out set (free with sanctum_entity_free()), or an exit
 * code after a diagnostic that names the property but never a value
 * (TOOL_EXIT_DATA for anything wrong with the input).
 */
int tool_entity_from_json(sanctum_entity **out, const json_t *obj, const char *schema,
                          const char *where);

/* Add one value, reporting a failure as "<where>: property <prop>: ...".
 * Returns 0 or an exit code. */
int tool_entity_add(sanctum_entity *e, const char *prop, const char *value,
                    sanctum_level level, const char *where);

#endif

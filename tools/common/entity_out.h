/* SPDX-License-Identifier: Apache-2.0 */
/* entity_out.h - showing an entity as text or as a JSON document. */
#ifndef SANCTUM_TOOL_ENTITY_OUT_H
#define SANCTUM_TOOL_ENTITY_OUT_H

#include <stdio.h>
#include <jansson.h>
#include <sanctum/entity.h>

/*
 * The `--json` form of an entity:
 *   {"format_version": 2, "id", "schema", "revision", "created", "updated",
 *    "properties": {prop: [{"value": .., "level": ..} |
 *                          {"withheld": true, "level": ..}, ...]}}
 * Properties keep the entity's value order; times are ISO 8601 UTC.
 * With `doc` false the "format_version" member is left out (for entities
 * nested in a larger document). NULL when out of memory or a value is not
 * valid UTF-8 (diagnostic printed).
 */
json_t *tool_entity_json(const sanctum_entity *e, int doc);

/*
 * Print an entity for people: id, schema, revision, created, updated,
 * then one "property  level  value" line per value; a withheld value reads
 * "[withheld: LEVEL]". Returns 0.
 */
int tool_entity_print(FILE *f, const sanctum_entity *e);

#endif

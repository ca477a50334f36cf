/* SPDX-License-Identifier: Apache-2.0 */
/* json.h - JSON for the tools: a wiping allocator, reading with positions, --json output. */
#ifndef SANCTUM_TOOL_JSON_H
#define SANCTUM_TOOL_JSON_H

#include <stdio.h>
#include <jansson.h>

/* Version of every --json document ("format_version"); bump on an
 * incompatible change of any document. 2: sanctum-audit's entity
 * commitment is "record_blake2b" (it was misnamed "record_sha256"). */
#define TOOL_JSON_FORMAT_VERSION 2

/* Make jansson wipe every block it frees (JSON may hold case data).
 * Call once, before any other jansson call; tool_main() does. */
void tool_json_init(void);

/* A new object {"format_version": 2}; NULL when out of memory. */
json_t *tool_json_doc(void);

/*
 * Set obj[key] = val, taking the reference to `val` (which may be NULL,
 * as returned by a failed json_string() etc.). Returns 0 or -1 (out of
 * memory), so a run of calls can be checked once: `err |= tool_json_set(...)`.
 */
int tool_json_set(json_t *obj, const char *key, json_t *val);

/* Append val to array arr, taking the reference; 0 or -1 as above. */
int tool_json_push(json_t *arr, json_t *val);

/*
 * Parse one JSON document from `f`. `where` names the input in messages
 * ("stdin"). A syntax error is reported as "<where>:LINE:COLUMN: <what>"
 * without the text near it (it may be case data). Returns 0 or an exit
 * code (TOOL_EXIT_DATA for malformed JSON).
 */
int tool_json_read(json_t **out, FILE *f, const char *where);

/* Print `doc` on stdout, indented, with a final newline. 0 or an exit code
 * (a write error is left for tool_main() to report). */
int tool_json_print(const json_t *doc);

#endif

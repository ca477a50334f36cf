/* SPDX-License-Identifier: Apache-2.0 */
/* imp_test.h - helpers for the import tests: running sanctum-import, reading the store back. */
#ifndef SANCTUM_IMP_TEST_H
#define SANCTUM_IMP_TEST_H

#include <jansson.h>
#include <sanctum/sanctum.h>

#include "cli_util.h"
#include "fixture.h"

#define IMPORT "sanctum-import"
#define EXPORT "sanctum-export"

/* Run sanctum-import as the fixture's admin on store `s`: --store, --user
 * and --passphrase-file are added after `args`. */
void imp_run_as(cli_result *r, const cli_store *s, const char *const *args);
#define IMPORT_ADMIN(r, s, ...) \
    imp_run_as((r), (s), (const char *const[]){ __VA_ARGS__, NULL })

/* Run sanctum-export likewise. */
void exp_run_as(cli_result *r, const cli_store *s, const char *const *args);
#define EXPORT_ADMIN(r, s, ...) \
    exp_run_as((r), (s), (const char *const[]){ __VA_ARGS__, NULL })

/* The --json summary on r->out (asserting it parses); json_decref it. */
json_t *imp_summary(const cli_result *r);
/* summary[key] as an integer (asserting it is one). */
long long imp_count(const json_t *doc, const char *key);

/* Every entity of a store, read back through the public API as the admin. */
typedef struct imp_store {
    sanctum_store   *st;
    sanctum_session *s;
    sanctum_entity **e;
    size_t           n;
} imp_store;

/* Open the fixture's store and read every entity (closes the handles
 * again before returning, so the tools can run next). */
void imp_load(imp_store *out, const cli_store *s);
void imp_unload(imp_store *out);

/* The entity of (list, source id), or NULL. */
sanctum_entity *imp_find(const imp_store *is, const char *list, const char *source_id);
/* The entity with sanctum id `id`, or NULL. */
sanctum_entity *imp_by_id(const imp_store *is, const char *id);
/* Number of entities of `schema` (and of `list` unless NULL). */
size_t imp_count_schema(const imp_store *is, const char *schema, const char *list);

/* Does entity e hold `value` in `prop`? How many values has prop? */
int imp_has(const sanctum_entity *e, const char *prop, const char *value);
size_t imp_nvalues(const sanctum_entity *e, const char *prop);
/* Level of the value (0 if absent). */
sanctum_level imp_level(const sanctum_entity *e, const char *prop, const char *value);

/* Assert e holds value in prop (printing the entity when it does not). */
#define assert_has(e, prop, value) do { \
    if (!imp_has((e), (prop), (value))) \
        fail_msg("%s:%d: %s lacks %s = \"%s\"", __FILE__, __LINE__, \
                 sanctum_entity_id(e), (prop), (value)); \
    } while (0)

/* Write `len` bytes to <dir>/<name>; returns the path (one of eight
 * static buffers used in turn: copy it to keep it longer). */
const char *imp_write(const cli_store *s, const char *name, const void *bytes, size_t len);
#define IMP_WRITE_STR(s, name, text) imp_write((s), (name), (text), strlen(text))

/* A copy of a shared data file with `old` replaced by `repl` at its first
 * occurrence (asserting it occurs), written to <dir>/<name>. */
const char *imp_patch(const cli_store *s, const char *name, const char *data_file,
                      const void *old, size_t oldlen, const void *repl, size_t repllen);

/* Does the file contain `needle`? (To tie expected values to the source.) */
int imp_file_has(const char *path, const char *needle);

/* Number of audit entries in the fixture's store. */
unsigned long long imp_audit_size(const cli_store *s);

#endif

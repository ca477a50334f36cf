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

/* Run sanctum-import (sanctum-export) as the fixture's admin on store `s`:
 * --store, --user and --passphrase-file are added after the arguments. */
#define IMPORT_ADMIN(r, s, ...) \
    cli_tool_as((r), IMPORT, (s), CLI_ADMIN_NAME, (s)->admin_pw, NULL, \
                (const char *const[]){ __VA_ARGS__, NULL })
#define EXPORT_ADMIN(r, s, ...) \
    cli_tool_as((r), EXPORT, (s), CLI_ADMIN_NAME, (s)->admin_pw, NULL, \
                (const char *const[]){ __VA_ARGS__, NULL })

/* summary[key] of a --json summary (cli_json) as an integer (asserting
 * it is one). */
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

/*
 * The fixture of the tests that import once and then check what was
 * stored: a store, and its entities once imp_fixture_load() read them.
 */
typedef struct imp_fixture {
    cli_store s;
    imp_store is;
} imp_fixture;

/* A zeroed fixture with a store made by `sanctum-admin init` (cli_store_setup
 * with `tag`), asserting every step. */
imp_fixture *imp_fixture_new(const char *tag);
/* Read the store's entities into f->is and hand f to cmocka (*state = f):
 * the end of a group setup. Returns 0. */
int imp_fixture_load(imp_fixture *f, void **state);
/* cmocka group teardown: unload, remove the store, free the fixture. */
int imp_fixture_teardown(void **state);

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

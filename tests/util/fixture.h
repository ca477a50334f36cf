/* SPDX-License-Identifier: Apache-2.0 */
/* fixture.h - test stores: created fast (interactive KDF) in a temp dir. */
#ifndef SANCTUM_TEST_FIXTURE_H
#define SANCTUM_TEST_FIXTURE_H

#include <sanctum/sanctum.h>

/* Passphrase of every user the fixtures make ("<name>-passphrase"). */
#define TU_PASS(name) ((const unsigned char *)name "-passphrase"), (sizeof(name "-passphrase") - 1)

typedef struct tu_store {
    char *dir;                 /* temp dir holding the store */
    sanctum_store *st;         /* open store */
    sanctum_session *admin;    /* session of "admin" (admin, secret) */
} tu_store;

/* Create a store with admin "admin"; aborts the test on failure. */
void tu_store_setup(tu_store *t, const char *tag);
/* The same with an initial LMDB map of `map_size` bytes (0: the default),
 * for tests of the map's growth. */
void tu_store_setup_map(tu_store *t, const char *tag, size_t map_size);
/* Create `rounds` batches of `per_round` Persons named "Person R-I <tag>",
 * each with `notes` when not NULL (room taken in the map). */
void tu_add_persons(sanctum_session *s, const char *tag, int rounds, int per_round,
                    const char *notes);
/* Close everything and remove the directory. */
void tu_store_teardown(tu_store *t);
/* cmocka setup/teardown pair: *state becomes a malloc'd tu_store made by
 * tu_store_setup (tag "test"); the teardown tears it down and frees it. */
int tu_setup_store(void **state);
int tu_teardown_store(void **state);
/* A cmocka test run with that pair. */
#define TU_STORE_TEST(test) cmocka_unit_test_setup_teardown(test, tu_setup_store, tu_teardown_store)
/* Add a user with passphrase "<name>-passphrase" and open a session. */
sanctum_session *tu_user(tu_store *t, const char *name, sanctum_role role,
                         sanctum_level clearance);
/* Make and store a Person with a name (and the given extra prop/value pairs,
 * NULL-terminated); returns it (caller frees). */
sanctum_entity *tu_person(sanctum_session *s, const char *name, ...);
/* SHA-256 over every key and value of every database in the store's
 * LMDB environment (in `dir`), in order, each length-prefixed, named
 * databases by name and content: a content digest for "nothing changed".
 * Aborts if the environment cannot be read. */
void tu_store_digest(const char *dir, unsigned char out[32]);
/* SHA-256 over the keys and values of one table of the closed store. */
void tu_table_digest(const char *dir, const char *table, unsigned char out[32]);
/* Assert that tu_store_digest(dir) still equals `before`. */
void tu_assert_store_unchanged(const char *dir, const unsigned char before[32]);
/* Rewrite the closed store in `dir` as format 1 kept it: its postings as
 * sorted LMDB duplicates in a table "index" (token -> masked ref), and
 * format 1 in its metadata (for tests of sanctum_store_upgrade). */
void tu_store_make_v1(const char *dir);
/* Overwrite the format version in the metadata of the closed store in `dir`. */
void tu_store_set_format(const char *dir, unsigned long long fmt);

/* Another process that has the store in `dir` open, as any program
 * linking LMDB (an older sanctum among them) would hold it: a child that
 * opens the environment and waits. Returns once it has it open; *release
 * receives the descriptor to hand to tu_store_let_go(). */
int tu_store_hold_open(const char *dir, int *release);
/* Make the child of tu_store_hold_open() close the store and exit. */
void tu_store_let_go(int pid, int release);

#endif

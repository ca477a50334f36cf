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
/* Close everything and remove the directory. */
void tu_store_teardown(tu_store *t);
/* Add a user with passphrase "<name>-passphrase" and open a session. */
sanctum_session *tu_user(tu_store *t, const char *name, sanctum_role role,
                         sanctum_level clearance);
/* Make and store a Person with a name (and the given extra prop/value pairs,
 * NULL-terminated); returns it (caller frees). */
sanctum_entity *tu_person(sanctum_session *s, const char *name, ...);
/* SHA-256 over every key and value of every database in the store's
 * LMDB environment, in order: a content digest for "nothing changed". */
void tu_store_digest(const char *dir, unsigned char out[32]);

#endif

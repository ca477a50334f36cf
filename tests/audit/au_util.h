/* SPDX-License-Identifier: Apache-2.0 */
/* au_util.h - audit tests: a realistic store, raw LMDB edits of copies, checking verify. */
#ifndef SANCTUM_AU_UTIL_H
#define SANCTUM_AU_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <lmdb.h>
#include <sanctum/sanctum.h>

#include "fixture.h"
#include "run.h"

/* ------------------------------------------------------------ running the tool */

#define AUDIT "sanctum-audit"

/* Run sanctum-audit with args, stdin from /dev/null (run.h). */
#define AU_RUN(r, ...) CLI_RUN((r), NULL, AUDIT, __VA_ARGS__)

/* ------------------------------------------------------------ the world */

/*
 * A store made through the public API with every kind of entry: users of
 * each role, persons created, consulted and altered, a case moved through
 * its lifecycle to `designated` with two approvals, a second case proposed
 * with one approval, a consult by a user later revoked. Part way through,
 * a checkpoint is saved and the whole store copied (the "older copy").
 */
typedef struct au_world {
    tu_store t;                    /* dir, open store, admin session */
    sanctum_session *ana;          /* analyst, secret */
    sanctum_session *ap1, *ap2;    /* approvers */
    sanctum_session *bob;          /* analyst, revoked after one consult (still open) */
    uint32_t admin_id, ana_id, ap1_id, ap2_id, bob_id;
    char p1[SANCTUM_ID_MAX], p2[SANCTUM_ID_MAX], p3[SANCTUM_ID_MAX];
    char case1[SANCTUM_ID_MAX];    /* designated with two approvals */
    char case2[SANCTUM_ID_MAX];    /* proposed, one approval (by ap1) */
    unsigned char *p2_rev1;        /* P2's stored record bytes at revision 1 */
    size_t p2_rev1_len;
    uint64_t p1_create;            /* entry creating P1 */
    uint64_t p2_alter;             /* entry altering P2 to revision 2 */
    uint64_t case1_status;         /* entry designating case1 */
    uint64_t case2_approval;       /* ap1's approval of case2 */
    uint64_t bob_consult;          /* bob's consult, before his revocation */
    uint64_t size_mid;             /* trail size at the mid point */
    uint64_t size;                 /* final trail size */
    char older[4096];              /* copy of the whole store at size_mid */
    char trust_path[4096];         /* trust file (exported at the end) */
    char ck_mid_path[4096];        /* checkpoint note at size_mid */
    char ck_late_path[4096];       /* checkpoint note at the end */
    char *trust;                   /* its text */
    size_t trust_len;
    char *ck_mid, *ck_late;        /* the notes' texts */
} au_world;

/* Build the world in a fresh temp dir (aborts the test on failure). */
void au_world_build(au_world *w);
void au_world_free(au_world *w);

/* The world of an audit test program, built by the cmocka group setup
 * au_world_setup() and freed by au_world_teardown():
 * cmocka_run_group_tests(tests, au_world_setup, au_world_teardown). */
extern au_world world;
int au_world_setup(void **state);
int au_world_teardown(void **state);

/* A consistent copy of the world's store (mdb_env_copy) in <w->t.dir>/<name>;
 * returns the path in out. */
void au_copy(const au_world *w, const char *name, char *out, size_t cap);

/* ------------------------------------------------------------ raw LMDB edits */

/* A write transaction on the LMDB environment in `dir`, opened by liblmdb
 * directly (no sanctum code involved): the attacker's view. */
typedef struct au_env {
    MDB_env *env;
    MDB_txn *txn;
} au_env;

void au_env_open(au_env *e, const char *dir);
/* Commit and close. */
void au_env_commit(au_env *e);
/* Named table's handle. */
MDB_dbi au_dbi(au_env *e, const char *table);
/* get: 0 or MDB_NOTFOUND; the value is copied into a malloc'd buffer. */
int au_get(au_env *e, const char *table, const void *k, size_t klen, unsigned char **v,
           size_t *vlen);
void au_put(au_env *e, const char *table, const void *k, size_t klen, const void *v,
            size_t vlen);
void au_del(au_env *e, const char *table, const void *k, size_t klen);
/* u64 big-endian key. */
void au_key64(unsigned char k[8], uint64_t v);

/* ------------------------------------------------------------ verification */

/*
 * Verify `dir` with the world's trust file (and the saved checkpoint file
 * `saved_path`, or NULL) through the API; returns the code, fills `r`.
 */
int au_verify(sanctum_verify_report *r, const au_world *w, const char *dir,
              const char *saved_path);

/*
 * Assert that `dir` is found tampered, both through sanctum_audit_verify()
 * (SANCTUM_ETAMPER, report.bad_index == bad_index, report.what containing
 * each '|'-separated alternative of `what_any` at least once, case-
 * insensitive) and through the sanctum-audit binary (exit 9, stderr
 * "sanctum-audit: TAMPERING FOUND at entry N: " or, for -1,
 * "sanctum-audit: TAMPERING FOUND: ", followed by the same `what`).
 */
void au_expect_tamper(const au_world *w, const char *dir, const char *saved_path,
                      int64_t bad_index, const char *what_any);

/* Assert that `dir` verifies sound through the API and the binary. */
void au_expect_sound(const au_world *w, const char *dir, const char *saved_path);

/* Case-insensitive: does `hay` contain one of the '|'-separated words? */
int au_has_any(const char *hay, const char *words);

#endif

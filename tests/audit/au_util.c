/* SPDX-License-Identifier: Apache-2.0 */
/* au_util.c - the audit tests' store, raw LMDB editing and verify checks. */
#include "au_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"

/* ------------------------------------------------------------ the world */

static void
check(int rc, const char *what)
{
    if (rc != SANCTUM_OK)
        fail_msg("world: %s: %s (%s)", what, sanctum_strerror(rc), sanctum_last_error());
}

static uint64_t
last_index(const au_world *w)
{
    uint64_t n = 0;

    check(sanctum_audit_size(&n, w->t.st), "audit_size");
    assert_true(n > 0);
    return n - 1;
}

static uint32_t
user_id(sanctum_store *st, const char *name)
{
    sanctum_user_list *l = NULL;
    uint32_t id = 0;

    check(sanctum_user_list_load(&l, st), "user_list_load");
    for (size_t i = 0; i < sanctum_user_list_count(l); i++)
        if (strcmp(sanctum_user_list_at(l, i)->name, name) == 0)
            id = sanctum_user_list_at(l, i)->id;
    sanctum_user_list_free(l);
    assert_true(id != 0);
    return id;
}

static void
person(au_world *w, char out[SANCTUM_ID_MAX], const char *name)
{
    sanctum_entity *e = NULL;

    check(sanctum_entity_new(&e, "Person"), "entity_new");
    check(sanctum_entity_add(e, "name", name, SANCTUM_LEVEL_NONE), "add name");
    check(sanctum_entity_add(e, "nationality", "ly", SANCTUM_LEVEL_NONE), "add nationality");
    check(sanctum_entity_create(w->ana, e, "open a file"), "create person");
    snprintf(out, SANCTUM_ID_MAX, "%s", sanctum_entity_id(e));
    sanctum_entity_free(e);
}

static void
make_case(au_world *w, char out[SANCTUM_ID_MAX], const char *name, const char *subject)
{
    sanctum_entity *e = NULL;

    check(sanctum_entity_new(&e, "Case"), "entity_new Case");
    check(sanctum_entity_add(e, "name", name, SANCTUM_LEVEL_NONE), "add case name");
    check(sanctum_entity_add(e, "subject", subject, SANCTUM_LEVEL_NONE), "add subject");
    check(sanctum_entity_create(w->ana, e, "open a case"), "create case");
    snprintf(out, SANCTUM_ID_MAX, "%s", sanctum_entity_id(e));
    sanctum_entity_free(e);
}

static void
consult(sanctum_session *s, const char *id, const char *purpose)
{
    sanctum_entity *e = NULL;

    check(sanctum_entity_get(&e, s, id, purpose), "entity_get");
    sanctum_entity_free(e);
}

/* The stored record bytes of `id`, read in a read transaction. */
static unsigned char *
record_bytes(sanctum_store *st, const char *id, size_t *len)
{
    MDB_txn *txn;
    MDB_val v;
    unsigned char *out;

    check(sanctum__store_read_begin(st, &txn), "read_begin");
    check(sanctum__get(txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), &v), "get record");
    out = malloc(v.mv_size);
    assert_non_null(out);
    memcpy(out, v.mv_data, v.mv_size);
    *len = v.mv_size;
    sanctum__store_read_end(st, txn);
    return out;
}

static void
save_text(const char *path, const char *text)
{
    assert_int_equal(tu_write_file(path, text, strlen(text), 0600), 0);
}

void
au_copy(const au_world *w, const char *name, char *out, size_t cap)
{
    int rc;

    snprintf(out, cap, "%s/%s", w->t.dir, name);
    tu_rmtree(out);
    assert_int_equal(mkdir(out, 0700), 0);
    if ((rc = mdb_env_copy(w->t.st->env, out)) != 0)
        fail_msg("mdb_env_copy %s: %s", out, mdb_strerror(rc));
}

void
au_world_build(au_world *w)
{
    sanctum_entity *e = NULL;
    char *note = NULL;
    int rc;

    memset(w, 0, sizeof *w);
    tu_store_setup(&w->t, "audit-world");
    w->ana = tu_user(&w->t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SECRET);
    w->ap1 = tu_user(&w->t, "ap1", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SECRET);
    w->ap2 = tu_user(&w->t, "ap2", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SECRET);
    w->bob = tu_user(&w->t, "bob", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_session_close(tu_user(&w->t, "aud", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_OFFICIAL));
    w->admin_id = user_id(w->t.st, "admin");
    w->ana_id = user_id(w->t.st, "ana");
    w->ap1_id = user_id(w->t.st, "ap1");
    w->ap2_id = user_id(w->t.st, "ap2");
    w->bob_id = user_id(w->t.st, "bob");

    /* Persons: created, consulted, altered. */
    person(w, w->p1, "Abdel Karim Haddad");
    w->p1_create = last_index(w);
    person(w, w->p2, "Yonas Tesfaye");
    person(w, w->p3, "Milos Petrovic");
    consult(w->ana, w->p1, "link analysis");
    w->p2_rev1 = record_bytes(w->t.st, w->p2, &w->p2_rev1_len);
    check(sanctum_entity_get(&e, w->ana, w->p2, "add an alias"), "get p2");
    check(sanctum_entity_add(e, "alias", "Walid", SANCTUM_LEVEL_NONE), "add alias");
    check(sanctum_entity_update(w->ana, e, "add an alias"), "update p2");
    w->p2_alter = last_index(w);
    sanctum_entity_free(e);

    /* Case 1: lead -> investigating -> proposed -> designated (two approvals). */
    make_case(w, w->case1, "Boat supply network", w->p1);
    check(sanctum_case_set_status(w->ana, w->case1, SANCTUM_CASE_INVESTIGATING, "evidence"),
          "case1 investigating");
    check(sanctum_case_set_status(w->ana, w->case1, SANCTUM_CASE_PROPOSED, "proposal"),
          "case1 proposed");
    check(sanctum_case_approve(w->ap1, w->case1, SANCTUM_CASE_DESIGNATED, "board 12"),
          "case1 approval 1");
    check(sanctum_case_approve(w->ap2, w->case1, SANCTUM_CASE_DESIGNATED, "board 12"),
          "case1 approval 2");
    check(sanctum_case_set_status(w->ana, w->case1, SANCTUM_CASE_DESIGNATED, "board 12"),
          "case1 designated");
    w->case1_status = last_index(w);

    /* Case 2: proposed, one approval so far. */
    make_case(w, w->case2, "Document forgery ring", w->p3);
    check(sanctum_case_set_status(w->ana, w->case2, SANCTUM_CASE_INVESTIGATING, "evidence"),
          "case2 investigating");
    check(sanctum_case_set_status(w->ana, w->case2, SANCTUM_CASE_PROPOSED, "proposal"),
          "case2 proposed");
    check(sanctum_case_approve(w->ap1, w->case2, SANCTUM_CASE_DESIGNATED, "board 13"),
          "case2 approval 1");
    w->case2_approval = last_index(w);

    /* Bob consults, then is revoked (his session stays open for forgeries). */
    consult(w->bob, w->p3, "screening");
    w->bob_consult = last_index(w);
    check(sanctum_user_revoke(w->t.admin, "bob"), "revoke bob");

    /* Mid point: save a checkpoint and an older copy of the whole store. */
    w->size_mid = last_index(w) + 1;
    check(sanctum_audit_checkpoint(&note, w->t.st), "checkpoint mid");
    w->ck_mid = note;
    snprintf(w->ck_mid_path, sizeof w->ck_mid_path, "%s/mid.ckpt", w->t.dir);
    save_text(w->ck_mid_path, w->ck_mid);
    au_copy(w, "older", w->older, sizeof w->older);

    /* The tail: consults only, so that a store truncated back to the mid
     * point is consistent in itself. */
    consult(w->ana, w->p1, "follow-up 1");
    consult(w->ap2, w->case1, "review");
    consult(w->ana, w->p3, "follow-up 2");
    consult(w->ana, w->p1, "follow-up 3");
    w->size = last_index(w) + 1;
    check(sanctum_audit_checkpoint(&note, w->t.st), "checkpoint late");
    w->ck_late = note;
    snprintf(w->ck_late_path, sizeof w->ck_late_path, "%s/late.ckpt", w->t.dir);
    save_text(w->ck_late_path, w->ck_late);

    if ((rc = sanctum_trust_export(&w->trust, &w->trust_len, w->t.st)) != SANCTUM_OK)
        check(rc, "trust_export");
    snprintf(w->trust_path, sizeof w->trust_path, "%s/trust.txt", w->t.dir);
    save_text(w->trust_path, w->trust);
}

void
au_world_free(au_world *w)
{
    sanctum_session_close(w->ana);
    sanctum_session_close(w->ap1);
    sanctum_session_close(w->ap2);
    sanctum_session_close(w->bob);
    free(w->p2_rev1);
    sanctum_free(w->trust);
    sanctum_free(w->ck_mid);
    sanctum_free(w->ck_late);
    tu_store_teardown(&w->t);
    memset(w, 0, sizeof *w);
}

au_world world;

int
au_world_setup(void **state)
{
    (void)state;
    au_world_build(&world);
    return 0;
}

int
au_world_teardown(void **state)
{
    (void)state;
    au_world_free(&world);
    return 0;
}

/* ------------------------------------------------------------ raw LMDB edits */

void
au_env_open(au_env *e, const char *dir)
{
    int rc;

    memset(e, 0, sizeof *e);
    if ((rc = mdb_env_create(&e->env)) != 0 || (rc = mdb_env_set_maxdbs(e->env, 64)) != 0 ||
        (rc = mdb_env_open(e->env, dir, 0, 0600)) != 0 ||
        (rc = mdb_txn_begin(e->env, NULL, 0, &e->txn)) != 0)
        fail_msg("raw LMDB open %s: %s", dir, mdb_strerror(rc));
}

void
au_env_commit(au_env *e)
{
    int rc = mdb_txn_commit(e->txn);

    if (rc != 0)
        fail_msg("raw LMDB commit: %s", mdb_strerror(rc));
    mdb_env_close(e->env);
    memset(e, 0, sizeof *e);
}

MDB_dbi
au_dbi(au_env *e, const char *table)
{
    MDB_dbi dbi;
    int rc = mdb_dbi_open(e->txn, table, 0, &dbi);

    if (rc != 0)
        fail_msg("raw LMDB table %s: %s", table, mdb_strerror(rc));
    return dbi;
}

int
au_get(au_env *e, const char *table, const void *k, size_t klen, unsigned char **v,
       size_t *vlen)
{
    MDB_val key = { klen, (void *)k }, val;
    int rc = mdb_get(e->txn, au_dbi(e, table), &key, &val);

    *v = NULL;
    if (rc == MDB_NOTFOUND)
        return rc;
    if (rc != 0)
        fail_msg("raw LMDB get in %s: %s", table, mdb_strerror(rc));
    *v = malloc(val.mv_size ? val.mv_size : 1);
    assert_non_null(*v);
    memcpy(*v, val.mv_data, val.mv_size);
    *vlen = val.mv_size;
    return 0;
}

void
au_put(au_env *e, const char *table, const void *k, size_t klen, const void *v, size_t vlen)
{
    MDB_val key = { klen, (void *)k }, val = { vlen, (void *)v };
    int rc = mdb_put(e->txn, au_dbi(e, table), &key, &val, 0);

    if (rc != 0)
        fail_msg("raw LMDB put in %s: %s", table, mdb_strerror(rc));
}

void
au_del(au_env *e, const char *table, const void *k, size_t klen)
{
    MDB_val key = { klen, (void *)k };
    int rc = mdb_del(e->txn, au_dbi(e, table), &key, NULL);

    if (rc != 0)
        fail_msg("raw LMDB del in %s: %s", table, mdb_strerror(rc));
}

void
au_key64(unsigned char k[8], uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        k[i] = (unsigned char)v;
}

/* ------------------------------------------------------------ verification */

int
au_verify(sanctum_verify_report *r, const au_world *w, const char *dir, const char *saved_path)
{
    sanctum_verify_options o = SANCTUM_VERIFY_OPTIONS_INIT;
    unsigned char *saved = NULL;
    size_t saved_len = 0;
    int rc;

    if (saved_path != NULL) {
        saved = tu_read_file(saved_path, &saved_len);
        assert_non_null(saved);
        o.saved_checkpoint = (const char *)saved;
        o.saved_len = saved_len;
    }
    memset(r, 0, sizeof *r);
    rc = sanctum_audit_verify(r, dir, w->trust, w->trust_len, &o);
    free(saved);
    return rc;
}

int
au_has_any(const char *hay, const char *words)
{
    char word[128];

    while (*words != '\0') {
        size_t n = strcspn(words, "|");
        if (n > 0 && n < sizeof word) {
            memcpy(word, words, n);
            word[n] = '\0';
            if (strcasestr(hay, word) != NULL)
                return 1;
        }
        words += n;
        if (*words == '|')
            words++;
    }
    return 0;
}

static void
print_report(const sanctum_verify_report *r)
{
    fprintf(stderr, "report: tampered %d bad_index %lld what '%s' expected '%s' found '%s' "
            "(entries %llu signatures %llu checkpoints %llu records %llu)\n",
            r->tampered, (long long)r->bad_index, r->what, r->expected, r->found,
            (unsigned long long)r->entries, (unsigned long long)r->signatures,
            (unsigned long long)r->checkpoints, (unsigned long long)r->records);
}

/* sanctum-audit verify of `dir` with the world's trust file (and the saved
 * checkpoint file `saved_path`, or NULL). */
static void
run_verify(cli_result *res, const au_world *w, const char *dir, const char *saved_path)
{
    if (saved_path != NULL)
        AU_RUN(res, "verify", "--store", dir, "--trust", w->trust_path, "--checkpoint",
               saved_path);
    else
        AU_RUN(res, "verify", "--store", dir, "--trust", w->trust_path);
}

void
au_expect_tamper(const au_world *w, const char *dir, const char *saved_path, int64_t bad_index,
                 const char *what_any)
{
    sanctum_verify_report r;
    cli_result res = { 0 };
    char prefix[128];
    const char *line;
    int rc = au_verify(&r, w, dir, saved_path);

    if (rc != SANCTUM_ETAMPER || !r.tampered || r.bad_index != bad_index ||
        !au_has_any(r.what, what_any) || r.what[0] == '\0') {
        print_report(&r);
        fail_msg("verify %s: rc %d (%s), expected SANCTUM_ETAMPER at %lld with '%s' (%s)", dir,
                 rc, sanctum_strerror(rc), (long long)bad_index, what_any,
                 sanctum_last_error());
    }
    run_verify(&res, w, dir, saved_path);
    assert_exit(&res, 9);
    if (bad_index >= 0)
        snprintf(prefix, sizeof prefix, "sanctum-audit: TAMPERING FOUND at entry %lld: ",
                 (long long)bad_index);
    else
        snprintf(prefix, sizeof prefix, "sanctum-audit: TAMPERING FOUND: ");
    assert_err_has(&res, prefix);
    line = strstr(res.err, prefix) + strlen(prefix);
    fprintf(stderr, "%s", strstr(res.err, prefix));   /* the message, for the log */
    if (!au_has_any(line, what_any)) {
        cli_dump(&res);
        fail_msg("stderr does not say what failed ('%s')", what_any);
    }
    assert_out_empty(&res);
    cli_result_free(&res);
}

void
au_expect_sound(const au_world *w, const char *dir, const char *saved_path)
{
    sanctum_verify_report r;
    cli_result res = { 0 };
    int rc = au_verify(&r, w, dir, saved_path);

    if (rc != SANCTUM_OK || r.tampered) {
        print_report(&r);
        fail_msg("verify %s: rc %d (%s): %s", dir, rc, sanctum_strerror(rc),
                 sanctum_last_error());
    }
    run_verify(&res, w, dir, saved_path);
    assert_exit(&res, 0);
    assert_out_has(&res, "trail sound");
    cli_result_free(&res);
}

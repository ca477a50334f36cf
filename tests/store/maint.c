/* SPDX-License-Identifier: Apache-2.0 */
/* maint.c - upgrading a format 1 store and repacking postings: one transaction each, same answers. */
#include "testutil.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sanctum/sanctum.h>

#include "fixture.h"

#define PEOPLE 300

static const char *const firsts[] = { "Dragan", "Milos", "Zoran", "Goran", "Nenad",
                                      "Dejan", "Bojan", "Marko", "Ivan", "Petar" };

struct found {
    char id[SANCTUM_ID_MAX];
    double score;
    size_t n;
};

/* The best match of `name` and how many there were (at the default threshold). */
static struct found
screen1(sanctum_session *s, const char *name)
{
    sanctum_screen_query q = { name, "Person", NULL, NULL };
    sanctum_screen_options o = { SANCTUM_SCREEN_OPTIONS_VERSION, 0, 1000, 1 };
    sanctum_screen_result *r;
    struct found f;

    memset(&f, 0, sizeof f);
    assert_int_equal(sanctum_screen(&r, s, &q, 1, &o, "test"), SANCTUM_OK);
    f.n = sanctum_screen_match_count(r, 0);
    if (f.n > 0) {
        const sanctum_screen_match *m = sanctum_screen_match_at(r, 0, 0);
        snprintf(f.id, sizeof f.id, "%s", m->id);
        f.score = m->score;
    }
    sanctum_screen_result_free(r);
    return f;
}

static size_t
by_passport(sanctum_session *s, const char *number, char *id)
{
    char out[4][SANCTUM_ID_MAX];
    size_t n = 0;

    assert_int_equal(sanctum_screen_identifier(out, 4, &n, s, "passportNumber", number, "test"),
                     SANCTUM_OK);
    if (n > 0)
        snprintf(id, SANCTUM_ID_MAX, "%s", out[0]);
    return n;
}

/* 300 persons sharing a surname (its postings span several blocks) and
 * one with a rare name and a passport; the rare one's id into `rare`. */
static void
fill(sanctum_session *s, char *rare, char *first_kovac)
{
    sanctum_entity *es[PEOPLE + 1];
    char name[64];

    for (int i = 0; i <= PEOPLE; i++) {
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), SANCTUM_OK);
        if (i < PEOPLE)
            snprintf(name, sizeof name, "%s Kovacevic", firsts[i % 10]);
        else
            snprintf(name, sizeof name, "Zoltan Hadzibegovic");
        assert_int_equal(sanctum_entity_add(es[i], "name", name, SANCTUM_LEVEL_NONE), 0);
        if (i == PEOPLE)
            assert_int_equal(sanctum_entity_add(es[i], "passportNumber", "PX-778812",
                                                SANCTUM_LEVEL_NONE), 0);
    }
    assert_int_equal(sanctum_entity_create_batch(s, es, PEOPLE + 1, "test"), SANCTUM_OK);
    snprintf(rare, SANCTUM_ID_MAX, "%s", sanctum_entity_id(es[PEOPLE]));
    snprintf(first_kovac, SANCTUM_ID_MAX, "%s", sanctum_entity_id(es[0]));
    for (int i = 0; i <= PEOPLE; i++)
        sanctum_entity_free(es[i]);
}

/* Close the fixture's session and store, keeping the store's files. */
static void
close_store(tu_store *t)
{
    sanctum_session_close(t->admin);
    sanctum_store_close(t->st);
    t->admin = NULL;
    t->st = NULL;
}

/* Open the store at `path` again as the fixture's admin. */
static sanctum_session *
reopen(tu_store *t, const char *path)
{
    assert_int_equal(sanctum_store_open(&t->st, path, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_store_format(t->st), SANCTUM_FORMAT_VERSION);
    assert_int_equal(sanctum_session_open(&t->admin, t->st, "admin", TU_PASS("admin")),
                     SANCTUM_OK);
    return t->admin;
}

/* Screening gives the best matches and counts it gave before. */
static void
same_answers(sanctum_session *s, const struct found *rare, const struct found *many)
{
    struct found f = screen1(s, "Zoltan Hadzibegovic");

    assert_int_equal(f.n, rare->n);
    assert_string_equal(f.id, rare->id);
    assert_true(f.score == rare->score);
    f = screen1(s, "Dragan Kovacevic");
    assert_int_equal(f.n, many->n);
    assert_string_equal(f.id, many->id);
}

/* The trail still verifies with the trust file alone: every live record
 * has the bytes its last entry committed to. */
static void
trail_verifies(const char *path, const char *trust, size_t trust_len)
{
    sanctum_verify_report rep;

    assert_int_equal(sanctum_audit_verify(&rep, path, trust, trust_len, NULL), SANCTUM_OK);
    assert_false(rep.tampered);
    assert_true(rep.records >= PEOPLE);
}

static void
test_upgrade_from_v1(void **state)
{
    tu_store t;
    sanctum_store *st = (void *)1;
    sanctum_session *s;
    char path[4096], rare[SANCTUM_ID_MAX], kovac[SANCTUM_ID_MAX], id[SANCTUM_ID_MAX];
    unsigned char before[32];
    struct found rare_before, many_before;
    unsigned int from = 99;
    char *trust = NULL;
    size_t trust_len = 0;

    (void)state;
    tu_store_setup(&t, "upgrade");
    snprintf(path, sizeof path, "%s/store", t.dir);
    fill(t.admin, rare, kovac);
    rare_before = screen1(t.admin, "Zoltan Hadzibegovic");
    many_before = screen1(t.admin, "Dragan Kovacevic");
    assert_string_equal(rare_before.id, rare);
    assert_true(many_before.n >= PEOPLE / 10);
    assert_int_equal(sanctum_trust_export(&trust, &trust_len, t.st), SANCTUM_OK);
    close_store(&t);

    /* format 1: refused with the way out, and not touched */
    tu_store_make_v1(path);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_store_open(&st, path, NULL), SANCTUM_EVERSION);
    assert_null(st);
    assert_non_null(strstr(sanctum_last_error(), "format version 1"));
    assert_non_null(strstr(sanctum_last_error(), "sanctum-admin upgrade"));
    tu_assert_store_unchanged(path, before);

    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_OK);
    assert_int_equal(from, 1);
    trail_verifies(path, trust, trust_len);
    sanctum_free(trust);

    /* the same answers as before, and writes go on */
    s = reopen(&t, path);
    same_answers(s, &rare_before, &many_before);
    assert_int_equal(by_passport(s, "PX778812", id), 1);
    assert_string_equal(id, rare);
    assert_int_equal(sanctum_entity_delete(s, rare, 0, "test"), SANCTUM_OK);
    assert_int_equal(screen1(s, "Zoltan Hadzibegovic").n, 0);
    assert_int_equal(by_passport(s, "PX778812", id), 0);
    close_store(&t);

    /* current already: left as it is */
    tu_store_digest(path, before);
    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_OK);
    assert_int_equal(from, SANCTUM_FORMAT_VERSION);
    tu_assert_store_unchanged(path, before);
    tu_store_teardown(&t);
}

/* Newer or unknown formats and missing stores: refused, nothing written. */
static void
test_upgrade_refusals(void **state)
{
    tu_store t;
    sanctum_store *st = (void *)1;
    char path[4096];
    unsigned char before[32];
    unsigned int from = 99;

    (void)state;
    tu_store_setup(&t, "upgrade");
    snprintf(path, sizeof path, "%s/store", t.dir);
    close_store(&t);
    for (uint64_t fmt = SANCTUM_FORMAT_VERSION + 1; fmt <= SANCTUM_FORMAT_VERSION + 2; fmt++) {
        tu_store_set_format(path, fmt == SANCTUM_FORMAT_VERSION + 2 ? 0 : fmt);
        tu_store_digest(path, before);
        assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_EVERSION);
        assert_non_null(strstr(sanctum_last_error(), "this library upgrades 1"));
        assert_int_equal(sanctum_store_open(&st, path, NULL), SANCTUM_EVERSION);
        assert_null(st);
        tu_assert_store_unchanged(path, before);
    }
    /* says format 1 but has no format 1 postings: damaged, left as it is */
    tu_store_set_format(path, 1);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_ECORRUPT);
    assert_int_equal(from, 1);
    assert_non_null(strstr(sanctum_last_error(), "without its postings"));
    tu_assert_store_unchanged(path, before);
    assert_int_equal(sanctum_store_upgrade(t.dir, &from), SANCTUM_ENOTFOUND);
    assert_int_equal(from, 0);
    assert_int_equal(sanctum_store_upgrade(NULL, NULL), SANCTUM_ENOTFOUND);
    tu_store_teardown(&t);
}

/* Repacking a store built in batches: smaller postings, records and
 * sealed names key for key as they were, the same answers, writes go on;
 * refused on another format, untouched. */
static void
test_repack(void **state)
{
    tu_store t;
    sanctum_session *s;
    char path[4096], rare[SANCTUM_ID_MAX], kovac[SANCTUM_ID_MAX], id[SANCTUM_ID_MAX];
    unsigned char before[32], ent0[32], names0[32], ent1[32], names1[32];
    struct found rare_before, many_before;
    uint64_t b0 = 0, b1 = 0;
    char *trust = NULL;
    size_t trust_len = 0;

    (void)state;
    tu_store_setup(&t, "repack");
    snprintf(path, sizeof path, "%s/store", t.dir);
    for (int round = 0; round < 3; round++) /* postings grown batch by batch */
        fill(t.admin, rare, kovac);
    rare_before = screen1(t.admin, "Zoltan Hadzibegovic");
    many_before = screen1(t.admin, "Dragan Kovacevic");
    assert_int_equal(sanctum_trust_export(&trust, &trust_len, t.st), SANCTUM_OK);
    close_store(&t);

    tu_table_digest(path, "entities", ent0);
    tu_table_digest(path, "index_names", names0);
    assert_int_equal(sanctum_store_repack(path, &b0, &b1), SANCTUM_OK);
    assert_true(b0 > 0 && b1 > 0 && b1 < b0);
    tu_table_digest(path, "entities", ent1);
    tu_table_digest(path, "index_names", names1);
    assert_memory_equal(ent0, ent1, sizeof ent0);
    assert_memory_equal(names0, names1, sizeof names0);
    trail_verifies(path, trust, trust_len);
    sanctum_free(trust);

    s = reopen(&t, path);
    same_answers(s, &rare_before, &many_before);
    assert_int_equal(by_passport(s, "PX778812", id), 3);
    assert_int_equal(sanctum_entity_delete(s, rare, 0, "test"), SANCTUM_OK);
    assert_int_equal(by_passport(s, "PX778812", id), 2);
    assert_int_equal(screen1(s, "Dragan Kovacevic").n, many_before.n);
    close_store(&t);

    /* format 1 (or any other): upgrade first, nothing written */
    tu_store_make_v1(path);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_store_repack(path, &b0, &b1), SANCTUM_EVERSION);
    assert_non_null(strstr(sanctum_last_error(), "sanctum-admin upgrade"));
    assert_true(b0 == 0 && b1 == 0);
    tu_assert_store_unchanged(path, before);
    assert_int_equal(sanctum_store_repack(t.dir, NULL, NULL), SANCTUM_ENOTFOUND);
    tu_store_teardown(&t);
}

/* Neither runs while another process has the store open (it would go on
 * reading the old layout): refused, naming it, with nothing written;
 * once it has let go, both run. */
static void
test_maint_while_open(void **state)
{
    tu_store t;
    char path[4096];
    unsigned char before[32];
    unsigned int from = 99;
    int pid, release;

    (void)state;
    tu_store_setup(&t, "busy");
    snprintf(path, sizeof path, "%s/store", t.dir);
    close_store(&t);
    tu_store_make_v1(path);
    tu_store_digest(path, before);

    pid = tu_store_hold_open(path, &release);
    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_EBUSY);
    assert_int_equal(from, 1);
    assert_non_null(strstr(sanctum_last_error(), "open in another process"));
    tu_assert_store_unchanged(path, before);
    tu_store_let_go(pid, release);
    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_OK);

    tu_store_digest(path, before);
    pid = tu_store_hold_open(path, &release);
    assert_int_equal(sanctum_store_upgrade(path, &from), SANCTUM_OK); /* current: nothing to do */
    assert_int_equal(sanctum_store_repack(path, NULL, NULL), SANCTUM_EBUSY);
    assert_non_null(strstr(sanctum_last_error(), "open in another process"));
    tu_assert_store_unchanged(path, before);
    tu_store_let_go(pid, release);
    assert_int_equal(sanctum_store_repack(path, NULL, NULL), SANCTUM_OK);
    tu_store_teardown(&t);
}

/* In a child: 0 if another process (the parent) holds LMDB's shared lock
 * on the first byte of lock.mdb in `path`, as every open handle does. */
static int
parent_holds_lock(const char *path)
{
    char file[4096];
    int pid, status;

    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct flock fl;
        int fd;

        snprintf(file, sizeof file, "%s/lock.mdb", path);
        if ((fd = open(file, O_RDWR)) < 0)
            _exit(2);
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        fl.l_len = 1;
        if (fcntl(fd, F_GETLK, &fl) != 0)
            _exit(3);
        _exit(fl.l_type != F_UNLCK && fl.l_pid == getppid() ? 0 : 1);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* LMDB's locks belong to the process: a second handle on the same store,
 * once closed, would drop the first one's, and another process could then
 * repack the store under it. So a second open in one process is refused
 * (also by another path), a maintenance step refuses while the process
 * has a handle, and verify uses the handle the process has; the lock
 * survives all of them. */
static void
test_maint_while_open_in_this_process(void **state)
{
    sanctum_verify_options vo = SANCTUM_VERIFY_OPTIONS_INIT;
    sanctum_verify_report rep;
    sanctum_store *again = NULL;
    tu_store t;
    char path[4096], link[4200], *trust = NULL;
    unsigned char before[32];
    size_t trust_len;

    (void)state;
    tu_store_setup(&t, "self");
    snprintf(path, sizeof path, "%s/store", t.dir);
    snprintf(link, sizeof link, "%s/also-the-store", t.dir);
    assert_int_equal(symlink(path, link), 0);
    assert_int_equal(parent_holds_lock(path), 0);
    tu_store_digest(path, before);

    assert_int_equal(sanctum_store_open(&again, path, NULL), SANCTUM_EBUSY);
    assert_null(again);
    assert_non_null(strstr(sanctum_last_error(), "already open in this process"));
    assert_int_equal(sanctum_store_open(&again, link, NULL), SANCTUM_EBUSY);
    assert_int_equal(sanctum_store_repack(path, NULL, NULL), SANCTUM_EBUSY);
    assert_non_null(strstr(sanctum_last_error(), "open in this process"));
    assert_int_equal(sanctum_store_upgrade(link, NULL), SANCTUM_EBUSY);
    assert_int_equal(parent_holds_lock(path), 0);
    tu_assert_store_unchanged(path, before);

    assert_int_equal(sanctum_trust_export(&trust, &trust_len, t.st), SANCTUM_OK);
    assert_int_equal(sanctum_audit_verify(&rep, path, trust, trust_len, &vo), SANCTUM_OK);
    assert_int_equal(sanctum_audit_verify(&rep, link, trust, trust_len, &vo), SANCTUM_OK);
    assert_int_equal(parent_holds_lock(path), 0);
    assert_non_null(sanctum_store_id_hex(t.st)); /* the handle verify used still works */
    assert_int_equal(sanctum_audit_size(&(uint64_t){ 0 }, t.st), SANCTUM_OK);

    close_store(&t);
    assert_int_equal(parent_holds_lock(path), 1);
    assert_int_equal(sanctum_audit_verify(&rep, path, trust, trust_len, &vo), SANCTUM_OK);
    assert_int_equal(sanctum_store_repack(path, NULL, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_store_open(&again, link, NULL), SANCTUM_OK);
    sanctum_store_close(again);
    free(trust);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upgrade_from_v1),
        cmocka_unit_test(test_upgrade_refusals),
        cmocka_unit_test(test_repack),
        cmocka_unit_test(test_maint_while_open),
        cmocka_unit_test(test_maint_while_open_in_this_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

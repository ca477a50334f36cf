/* SPDX-License-Identifier: Apache-2.0 */
/* run.c - import runs are atomic and idempotent; disclosures are recorded first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "testutil.h"

static sanctum_entity *
listed(const char *src, const char *name, const char *dob)
{
    sanctum_entity *e;
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "name", name, SANCTUM_LEVEL_OFFICIAL), 0);
    assert_int_equal(sanctum_entity_add(e, "sourceId", src, SANCTUM_LEVEL_OFFICIAL), 0);
    assert_int_equal(sanctum_entity_add(e, "sourceList", "test_list", SANCTUM_LEVEL_OFFICIAL), 0);
    if (dob)
        assert_int_equal(sanctum_entity_add(e, "birthDate", dob, SANCTUM_LEVEL_OFFICIAL), 0);
    return e;
}

static void
import_three(tu_store *t, const char *dob2, sanctum_import_summary *sum, char ids[3][32])
{
    sanctum_import *run;
    const char *names[3] = { "Listed One", "Listed Two", "Listed Three" };
    const char *srcs[3] = { "1001", "1002", "1003" };

    assert_int_equal(sanctum_import_begin(&run, t->admin, "test_list", "monthly list"), 0);
    for (int i = 0; i < 3; i++) {
        sanctum_entity *e = listed(srcs[i], names[i], i == 1 ? dob2 : "1970");
        assert_int_equal(sanctum_import_add(run, e), 0);
        snprintf(ids[i], 32, "%s", sanctum_entity_id(e));
        sanctum_entity_free(e);
    }
    assert_int_equal(sanctum_import_commit(run, sum), 0);
}

static int
verify_ok(tu_store *t)
{
    sanctum_verify_report rep;
    char *trust, path[4096];
    size_t len;
    int rc;

    assert_int_equal(sanctum_trust_export(&trust, &len, t->st), 0);
    snprintf(path, sizeof path, "%s/store", t->dir);
    rc = sanctum_audit_verify(&rep, path, trust, len, NULL);
    if (rc != 0)
        fprintf(stderr, "verify: %s (expected %s, found %s)\n", rep.what, rep.expected, rep.found);
    sanctum_free(trust);
    return rc;
}

static void
test_import__idempotent_and_audited(void **state)
{
    tu_store t;
    sanctum_import_summary sum;
    char ids[3][32], again[3][32];
    sanctum_entity *e, *note;
    (void)state;

    tu_store_setup(&t, "import");
    import_three(&t, "1980", &sum, ids);
    assert_int_equal(sum.created, 3);
    assert_int_equal(sum.updated + sum.unchanged, 0);
    {   /* the run's entry, described by count and manifest */
        sanctum_audit_entry *ae;
        assert_int_equal(sanctum_audit_entry_get(&ae, t.st, sum.audit_index), 0);
        assert_string_equal(ae->action, "import");
        assert_true(strncmp(ae->detail, "3 entities created or updated; manifest ", 40) == 0);
        assert_int_equal(strlen(ae->detail), 40 + 64);
        sanctum_audit_entry_free(ae);
    }
    import_three(&t, "1980", &sum, again);
    assert_int_equal(sum.created, 0);
    assert_int_equal(sum.unchanged, 3);
    for (int i = 0; i < 3; i++)
        assert_string_equal(ids[i], again[i]);
    /* an analyst's note survives a re-import that changes the list data */
    assert_int_equal(sanctum_entity_get(&note, t.admin, ids[1], NULL), 0);
    assert_int_equal(sanctum_entity_add(note, "notes", "seen in Izmir", SANCTUM_LEVEL_SECRET), 0);
    assert_int_equal(sanctum_entity_update(t.admin, note, NULL), 0);
    sanctum_entity_free(note);
    import_three(&t, "1981", &sum, again);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 2);
    assert_int_equal(sanctum_entity_get(&e, t.admin, ids[1], NULL), 0);
    assert_string_equal(sanctum_entity_first(e, "birthDate"), "1981");
    assert_string_equal(sanctum_entity_first(e, "notes"), "seen in Izmir");
    assert_int_equal(sanctum_entity_revision(e), 3);
    sanctum_entity_free(e);
    assert_int_equal(verify_ok(&t), 0);
    tu_store_teardown(&t);
}

static void
test_import__new_publication_date_alone_is_no_change(void **state)
{
    tu_store t;
    sanctum_import *run;
    sanctum_import_summary sum;
    const char *dates[2] = { "2026-01-01", "2026-02-01" };
    (void)state;

    tu_store_setup(&t, "importdate");
    for (int round = 0; round < 2; round++) {
        sanctum_entity *e = listed("77", "Dated Person", "1970");
        assert_int_equal(
            sanctum_entity_add(e, "sourceDate", dates[round], SANCTUM_LEVEL_OFFICIAL), 0);
        assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
        assert_int_equal(sanctum_import_add(run, e), 0);
        assert_int_equal(sanctum_import_commit(run, &sum), 0);
        assert_int_equal(sum.created + sum.unchanged, 1);
        assert_int_equal(sum.unchanged, (uint64_t)round);
        assert_int_equal(sanctum_entity_revision(e), 1);
        sanctum_entity_free(e);
    }
    tu_store_teardown(&t);
}

/* One record imported alone; its summary. */
static sanctum_import_summary
import_one(tu_store *t, sanctum_entity *e, char id[SANCTUM_ID_MAX])
{
    sanctum_import *run;
    sanctum_import_summary sum;

    assert_int_equal(sanctum_import_begin(&run, t->admin, "test_list", NULL), 0);
    assert_int_equal(sanctum_import_add(run, e), 0);
    snprintf(id, SANCTUM_ID_MAX, "%s", sanctum_entity_id(e));
    sanctum_entity_free(e);
    assert_int_equal(sanctum_import_commit(run, &sum), 0);
    return sum;
}

/* A list that drops a property of a record (a withdrawn passport): the
 * re-import removes its values, keeps what an analyst added, and counts
 * the record updated, not unchanged. */
static void
test_import__property_dropped_by_the_list(void **state)
{
    tu_store t;
    sanctum_import_summary sum;
    sanctum_entity *e;
    char id[SANCTUM_ID_MAX], again[SANCTUM_ID_MAX];
    (void)state;

    tu_store_setup(&t, "importdrop");
    e = listed("88", "Dropped Passport", "1975");
    assert_int_equal(sanctum_entity_add(e, "passportNumber", "AB1234567", SANCTUM_LEVEL_OFFICIAL),
                     0);
    sum = import_one(&t, e, id);
    assert_int_equal(sum.created, 1);
    /* an analyst adds a note of their own */
    assert_int_equal(sanctum_entity_get(&e, t.admin, id, NULL), 0);
    assert_int_equal(sanctum_entity_add(e, "notes", "seen in Vlore", SANCTUM_LEVEL_SECRET), 0);
    assert_int_equal(sanctum_entity_update(t.admin, e, NULL), 0);
    sanctum_entity_free(e);

    sum = import_one(&t, listed("88", "Dropped Passport", "1975"), again);
    assert_string_equal(again, id);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 0);
    assert_int_equal(sanctum_entity_get(&e, t.admin, id, NULL), 0);
    assert_null(sanctum_entity_first(e, "passportNumber"));
    assert_string_equal(sanctum_entity_first(e, "notes"), "seen in Vlore");
    assert_string_equal(sanctum_entity_first(e, "birthDate"), "1975");
    assert_int_equal(sanctum_entity_revision(e), 3);
    sanctum_entity_free(e);
    {   /* the identifier is no longer found either */
        char out[2][SANCTUM_ID_MAX];
        size_t n = 9;
        assert_int_equal(sanctum_screen_identifier(out, 2, &n, t.admin, "passportNumber",
                                                   "AB1234567", NULL), 0);
        assert_int_equal(n, 0);
    }
    /* the same list again: nothing to change */
    sum = import_one(&t, listed("88", "Dropped Passport", "1975"), again);
    assert_int_equal(sum.unchanged, 1);
    assert_int_equal(sum.updated, 0);
    {   /* and the source id still leads to the entity */
        sanctum_import *run;
        assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
        assert_int_equal(sanctum_import_find(run, "88", again), 0);
        assert_string_equal(again, id);
        sanctum_import_abort(run);
    }
    assert_int_equal(verify_ok(&t), 0);
    tu_store_teardown(&t);
}

/* An analyst deletes an imported entity; the list still carries it: the
 * next import brings it back as a new entity instead of failing on the
 * stale source entry. */
static void
test_import__deleted_entity_comes_back(void **state)
{
    tu_store t;
    sanctum_import_summary sum;
    char ids[3][32], again[3][32];
    sanctum_entity *e;
    (void)state;

    tu_store_setup(&t, "importdel");
    import_three(&t, "1980", &sum, ids);
    assert_int_equal(sanctum_entity_delete(t.admin, ids[1], 0, "duplicate"), 0);
    import_three(&t, "1980", &sum, again);
    assert_int_equal(sum.created, 1);
    assert_int_equal(sum.unchanged, 2);
    assert_string_equal(again[0], ids[0]);
    assert_string_equal(again[2], ids[2]);
    assert_string_not_equal(again[1], ids[1]);
    assert_int_equal(sanctum_entity_get(&e, t.admin, ids[1], NULL), SANCTUM_ENOTFOUND);
    assert_int_equal(sanctum_entity_get(&e, t.admin, again[1], NULL), 0);
    assert_string_equal(sanctum_entity_caption(e), "Listed Two");
    sanctum_entity_free(e);
    /* and the next run finds it again under its new id */
    import_three(&t, "1980", &sum, ids);
    assert_int_equal(sum.unchanged, 3);
    assert_string_equal(ids[1], again[1]);
    assert_int_equal(verify_ok(&t), 0);
    tu_store_teardown(&t);
}

static void
test_import__failed_run_writes_nothing(void **state)
{
    tu_store t;
    sanctum_import *run;
    sanctum_entity *e;
    char path[4096];
    unsigned char before[32], after[32];
    char id[SANCTUM_ID_MAX];
    (void)state;

    tu_store_setup(&t, "importfail");
    snprintf(path, sizeof path, "%s/store", t.dir);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
    e = listed("1", "Good Row", NULL);
    assert_int_equal(sanctum_import_add(run, e), 0);
    assert_int_equal(sanctum_import_find(run, "1", id), 0);
    assert_string_equal(id, sanctum_entity_id(e));
    assert_int_equal(sanctum_import_find(run, "2", id), SANCTUM_ENOTFOUND);
    sanctum_entity_free(e);
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "name", "No Source Id", 0), 0);
    assert_int_equal(sanctum_import_add(run, e), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "sourceId"));
    sanctum_entity_free(e);
    e = listed("3", "After Failure", NULL);
    assert_int_equal(sanctum_import_add(run, e), SANCTUM_ERROR);
    sanctum_entity_free(e);
    assert_int_equal(sanctum_import_commit(run, NULL), SANCTUM_ERROR);
    tu_store_digest(path, after);
    assert_memory_equal(before, after, 32);
    /* an aborted run writes nothing either, and the writer lock is free again */
    assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
    e = listed("4", "Aborted", NULL);
    assert_int_equal(sanctum_import_add(run, e), 0);
    sanctum_entity_free(e);
    sanctum_import_abort(run);
    tu_store_digest(path, after);
    assert_memory_equal(before, after, 32);
    assert_int_equal(sanctum_import_begin(&run, t.admin, "bad list", NULL), SANCTUM_EINVAL);
    sanctum_entity_free(tu_person(t.admin, "Still Writable", NULL));
    tu_store_teardown(&t);
}

/* New entities of a run are written in bursts of 1,024, their records
 * made ahead on another core. Across several bursts: a source id listed
 * twice makes one entity, a link finds an entity still waiting in the
 * burst, every id is the one handed out at its own call, a value above
 * the importer's clearance is refused at its own call, and the trail
 * verifies with every record in the manifest. */
static void
test_import__large_run_in_bursts(void **state)
{
    enum { N = 2600 };
    tu_store t;
    sanctum_import *run;
    sanctum_import_summary sum;
    sanctum_session *ana;
    sanctum_entity *e, *g;
    char (*ids)[32] = calloc(N, sizeof *ids), id[SANCTUM_ID_MAX];
    (void)state;

    assert_non_null(ids);
    tu_store_setup(&t, "importbig");
    assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", "big list"), 0);
    for (int i = 0; i < N; i++) {
        char src[16], name[48];
        snprintf(src, sizeof src, "%d", i);
        snprintf(name, sizeof name, "Bulk Listed %d", i);
        e = listed(src, name, "1970");
        assert_int_equal(sanctum_import_add(run, e), 0);
        snprintf(ids[i], 32, "%s", sanctum_entity_id(e));
        assert_int_equal(sanctum_entity_revision(e), 1);
        sanctum_entity_free(e);
        if (i == 1500) { /* listed again in the same run, still waiting to be written */
            e = listed("1500", "Bulk Listed 1500", "1971");
            assert_int_equal(sanctum_import_add(run, e), 0);
            assert_string_equal(sanctum_entity_id(e), ids[1500]);
            sanctum_entity_free(e);
            assert_int_equal(sanctum_import_find(run, "1499", id), 0);
            assert_string_equal(id, ids[1499]);
        }
    }
    /* a link to an entity added moments ago */
    assert_int_equal(sanctum_entity_new(&e, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(e, "person", ids[N - 1], 0), 0);
    assert_int_equal(sanctum_entity_add(e, "relationship", "brother", 0), 0);
    assert_int_equal(sanctum_entity_add(e, "sourceId", "link-1", 0), 0);
    assert_int_equal(sanctum_import_add(run, e), 0);
    sanctum_entity_free(e);
    assert_int_equal(sanctum_import_commit(run, &sum), 0);
    assert_int_equal(sum.created, N + 1);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.unchanged, 0);
    for (int i = 0; i < N; i += 97) {
        char want[48];
        snprintf(want, sizeof want, "Bulk Listed %d", i);
        assert_int_equal(sanctum_entity_get(&g, t.admin, ids[i], NULL), 0);
        assert_string_equal(sanctum_entity_first(g, "name"), want);
        sanctum_entity_free(g);
    }
    assert_int_equal(sanctum_entity_get(&g, t.admin, ids[1500], NULL), 0);
    assert_string_equal(sanctum_entity_first(g, "birthDate"), "1971");
    assert_int_equal(sanctum_entity_revision(g), 2);
    sanctum_entity_free(g);
    assert_int_equal(verify_ok(&t), 0);

    /* an official analyst's run: a secret value is refused at its own call */
    ana = tu_user(&t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(sanctum_import_begin(&run, ana, "other_list", NULL), 0);
    for (int i = 0; i < 40; i++) {
        char src[16];
        snprintf(src, sizeof src, "o%d", i);
        e = listed(src, "Other Listed", NULL);
        sanctum_entity_remove(e, "sourceList", NULL);
        if (i == 30)
            assert_int_equal(sanctum_entity_add(e, "notes", "x", SANCTUM_LEVEL_SECRET), 0);
        assert_int_equal(sanctum_import_add(run, e), i == 30 ? SANCTUM_EPERM : SANCTUM_OK);
        sanctum_entity_free(e);
        if (i == 30)
            break;
    }
    assert_non_null(strstr(sanctum_last_error(), "Person.notes"));
    assert_int_equal(sanctum_import_commit(run, NULL), SANCTUM_ERROR);
    sanctum_session_close(ana);
    free(ids);
    tu_store_teardown(&t);
}

/* A reference to an entity that is neither stored nor waiting in the run
 * is refused on its own call, and the run writes nothing, though new
 * entities were waiting to be written. */
static void
test_import__dangling_reference_refused(void **state)
{
    tu_store t;
    sanctum_import *run;
    sanctum_entity *e;
    char path[4096];
    unsigned char before[32];
    (void)state;

    tu_store_setup(&t, "importref");
    snprintf(path, sizeof path, "%s/store", t.dir);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
    for (int i = 0; i < 30; i++) {
        char src[16];
        snprintf(src, sizeof src, "d%d", i);
        e = listed(src, "Waiting Person", NULL);
        assert_int_equal(sanctum_import_add(run, e), 0);
        sanctum_entity_free(e);
    }
    assert_int_equal(sanctum_entity_new(&e, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(e, "person", "PER-ZZZZ-ZZZ0", 0), 0);
    assert_int_equal(sanctum_entity_add(e, "sourceId", "link-x", 0), 0);
    assert_int_equal(sanctum_import_add(run, e), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "references unknown entity PER-ZZZZ-ZZZ0"));
    sanctum_entity_free(e);
    assert_int_equal(sanctum_import_commit(run, NULL), SANCTUM_ERROR);
    tu_assert_store_unchanged(path, before);
    tu_store_teardown(&t);
}

/* The thread that began a run holds the store's writer lock until commit
 * or abort: a write it begins on the store meanwhile, through any session
 * (an audited read, a create, a second run), would wait for itself. It is
 * refused at once instead; reads that write nothing go on, the run is
 * unharmed, and once it ends everything works again. alarm(): were the
 * calls to wait again, the test would fail instead of hanging. */
static void
test_import__same_thread_writes_refused_not_hung(void **state)
{
    tu_store t;
    sanctum_session *ana;
    sanctum_import *run, *two = (void *)1;
    sanctum_entity *p, *g = (void *)1, *e;
    const char *schema = NULL;
    (void)state;

    tu_store_setup(&t, "selfwait");
    ana = tu_user(&t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    p = tu_person(t.admin, "Stored Before", NULL);
    alarm(60);
    assert_int_equal(sanctum_import_begin(&run, t.admin, "test_list", NULL), 0);
    assert_int_equal(sanctum_entity_get(&g, t.admin, sanctum_entity_id(p), NULL),
                     SANCTUM_EINVAL);
    assert_null(g);
    assert_non_null(strstr(sanctum_last_error(), "this thread has an import run open"));
    assert_non_null(strstr(sanctum_last_error(), "finish or abort it first"));
    assert_int_equal(sanctum_entity_get(&g, ana, sanctum_entity_id(p), NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_import_begin(&two, ana, "other_list", NULL), SANCTUM_EINVAL);
    assert_null(two);
    assert_non_null(strstr(sanctum_last_error(), "this thread has an import run open"));
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "name", "Created Meanwhile", 0), 0);
    assert_int_equal(sanctum_entity_create(ana, e, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_revision(e), 0);
    sanctum_entity_free(e);
    assert_int_equal(sanctum_entity_meta(ana, sanctum_entity_id(p), &schema, NULL), 0);
    assert_string_equal(schema, "Person");

    e = listed("2001", "Listed Meanwhile", "1970");
    assert_int_equal(sanctum_import_add(run, e), 0);
    assert_int_equal(sanctum_import_commit(run, NULL), 0);
    assert_int_equal(sanctum_entity_get(&g, ana, sanctum_entity_id(e), NULL), 0);
    assert_string_equal(sanctum_entity_caption(g), "Listed Meanwhile");
    sanctum_entity_free(g);
    sanctum_entity_free(e);
    /* an aborted run lets go as well */
    assert_int_equal(sanctum_import_begin(&run, ana, "test_list", NULL), 0);
    assert_int_equal(sanctum_import_begin(&two, ana, "test_list", NULL), SANCTUM_EINVAL);
    sanctum_import_abort(run);
    assert_int_equal(sanctum_import_begin(&two, ana, "test_list", NULL), 0);
    sanctum_import_abort(two);
    assert_int_equal(sanctum_entity_get(&g, ana, sanctum_entity_id(p), NULL), 0);
    sanctum_entity_free(g);
    alarm(0);
    assert_int_equal(verify_ok(&t), 0);
    sanctum_entity_free(p);
    sanctum_session_close(ana);
    tu_store_teardown(&t);
}

static void
test_disclosure__recorded_then_read(void **state)
{
    tu_store t;
    sanctum_disclosure *d;
    sanctum_entity *a = NULL, *b = NULL, *got, *ch;
    const char *ids[2];
    uint64_t before, after;
    (void)state;

    tu_store_setup(&t, "disclose");
    a = tu_person(t.admin, "Disclosed One", NULL);
    b = tu_person(t.admin, "Disclosed Two", NULL);
    ids[0] = sanctum_entity_id(a);
    ids[1] = sanctum_entity_id(b);
    assert_int_equal(sanctum_audit_size(&before, t.st), 0);
    assert_int_equal(sanctum_disclosure_begin(&d, t.admin, ids, 2, "to partner agency"), 0);
    assert_int_equal(sanctum_audit_size(&after, t.st), 0);
    assert_int_equal(after, before + 1);
    assert_int_equal(sanctum_disclosure_count(d), 2);
    assert_int_equal(sanctum_disclosure_read(&got, d, 0), 0);
    assert_string_equal(sanctum_entity_caption(got), "Disclosed One");
    sanctum_entity_free(got);
    /* a change after the disclosure was recorded is refused */
    assert_int_equal(sanctum_entity_get(&ch, t.admin, ids[1], NULL), 0);
    assert_int_equal(sanctum_entity_add(ch, "alias", "Two", 0), 0);
    assert_int_equal(sanctum_entity_update(t.admin, ch, NULL), 0);
    sanctum_entity_free(ch);
    assert_int_equal(sanctum_disclosure_read(&got, d, 1), SANCTUM_ECONFLICT);
    assert_int_equal(sanctum_disclosure_read(&got, d, 2), SANCTUM_ENOTFOUND);
    sanctum_disclosure_free(d);
    ids[1] = "PER-0000-0000";
    assert_int_equal(sanctum_disclosure_begin(&d, t.admin, ids, 2, NULL), SANCTUM_ENOTFOUND);
    /* the same entity twice (once in lower case) is refused, nothing recorded */
    {
        char lower[SANCTUM_ID_MAX];
        const char *twice[3];

        for (size_t i = 0; i <= strlen(ids[0]); i++)
            lower[i] = (char)(ids[0][i] >= 'A' && ids[0][i] <= 'Z' ? ids[0][i] + 32 : ids[0][i]);
        twice[0] = ids[0];
        twice[1] = sanctum_entity_id(b);
        twice[2] = lower;
        assert_int_equal(sanctum_audit_size(&before, t.st), 0);
        assert_int_equal(sanctum_disclosure_begin(&d, t.admin, twice, 3, NULL), SANCTUM_EINVAL);
        assert_null(d);
        assert_non_null(strstr(sanctum_last_error(), "named twice"));
        assert_int_equal(sanctum_audit_size(&after, t.st), 0);
        assert_int_equal(after, before);
    }
    assert_int_equal(verify_ok(&t), 0);
    sanctum_entity_free(a);
    sanctum_entity_free(b);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import__idempotent_and_audited),
        cmocka_unit_test(test_import__new_publication_date_alone_is_no_change),
        cmocka_unit_test(test_import__failed_run_writes_nothing),
        cmocka_unit_test(test_import__deleted_entity_comes_back),
        cmocka_unit_test(test_import__property_dropped_by_the_list),
        cmocka_unit_test(test_import__large_run_in_bursts),
        cmocka_unit_test(test_import__dangling_reference_refused),
        cmocka_unit_test(test_import__same_thread_writes_refused_not_hung),
        cmocka_unit_test(test_disclosure__recorded_then_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

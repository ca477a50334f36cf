/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.c - case states, the two-person rule, and a sound trail verifies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

typedef struct world {
    tu_store t;
    sanctum_session *analyst, *ap1, *ap2, *auditor;
    char case_id[32];
} world;

static int
setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    sanctum_entity *c;

    tu_store_setup(&w->t, "lifecycle");
    w->analyst = tu_user(&w->t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SECRET);
    w->ap1 = tu_user(&w->t, "ap1", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SECRET);
    w->ap2 = tu_user(&w->t, "ap2", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SENSITIVE);
    w->auditor = tu_user(&w->t, "aud", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(sanctum_entity_new(&c, "Case"), 0);
    assert_int_equal(sanctum_entity_add(c, "name", "Operation Driftwood", 0), 0);
    assert_int_equal(sanctum_entity_create(w->analyst, c, "open case"), 0);
    snprintf(w->case_id, sizeof w->case_id, "%s", sanctum_entity_id(c));
    sanctum_entity_free(c);
    *state = w;
    return 0;
}

static int
teardown(void **state)
{
    world *w = *state;
    sanctum_session_close(w->analyst);
    sanctum_session_close(w->ap1);
    sanctum_session_close(w->ap2);
    sanctum_session_close(w->auditor);
    tu_store_teardown(&w->t);
    free(w);
    return 0;
}

static sanctum_case_status
status_of(world *w)
{
    sanctum_entity *e;
    sanctum_case_status s;
    assert_int_equal(sanctum_entity_get(&e, w->analyst, w->case_id, NULL), 0);
    s = sanctum_entity_case_status(e);
    sanctum_entity_free(e);
    return s;
}

/* Verify the trail with a fresh trust export; returns the code. */
static int
verify(world *w, sanctum_verify_report *rep)
{
    char *trust, path[4096];
    size_t len;
    int rc;

    assert_int_equal(sanctum_trust_export(&trust, &len, w->t.st), 0);
    snprintf(path, sizeof path, "%s/store", w->t.dir);
    rc = sanctum_audit_verify(rep, path, trust, len, NULL);
    sanctum_free(trust);
    return rc;
}

static void
test_lifecycle__designation_needs_two_approvers(void **state)
{
    world *w = *state;
    sanctum_verify_report rep;

    assert_int_equal(status_of(w), SANCTUM_CASE_LEAD);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             NULL), SANCTUM_EPOLICY);
    assert_non_null(strstr(sanctum_last_error(), "cannot move to designated"));
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id,
                                             SANCTUM_CASE_INVESTIGATING, "start"), 0);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_PROPOSED,
                                             "propose"), 0);
    /* approvals: approver role only, once each, only for changes that need them */
    assert_int_equal(sanctum_case_approve(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                          NULL), SANCTUM_EPERM);
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_CLOSED, NULL),
                     SANCTUM_EPOLICY);
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_REVOKED, NULL),
                     SANCTUM_EPOLICY);
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_DESIGNATED,
                                          "reviewed"), 0);
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_DESIGNATED, NULL),
                     SANCTUM_EPOLICY);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             NULL), SANCTUM_EPOLICY);
    assert_non_null(strstr(sanctum_last_error(), "it has 1"));
    assert_non_null(strstr(sanctum_last_error(), "refusal is recorded"));
    assert_int_equal(status_of(w), SANCTUM_CASE_PROPOSED);
    assert_int_equal(sanctum_case_approve(w->ap2, w->case_id, SANCTUM_CASE_DESIGNATED,
                                          "reviewed"), 0);
    /* approvers cannot change the status themselves */
    assert_int_equal(sanctum_case_set_status(w->ap1, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             NULL), SANCTUM_EPERM);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             "designate"), 0);
    assert_int_equal(status_of(w), SANCTUM_CASE_DESIGNATED);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_CLOSED, NULL),
                     SANCTUM_EPOLICY);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_VARIED,
                                             "vary"), 0);
    assert_int_equal(verify(w, &rep), SANCTUM_OK);
    assert_false(rep.tampered);
    assert_true(rep.entries > 10);
    assert_true(rep.records >= 1);
}

static void
test_lifecycle__edit_voids_approvals(void **state)
{
    world *w = *state;
    sanctum_entity *e;

    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id,
                                             SANCTUM_CASE_INVESTIGATING, NULL), 0);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_PROPOSED,
                                             NULL), 0);
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_DESIGNATED, NULL), 0);
    assert_int_equal(sanctum_case_approve(w->ap2, w->case_id, SANCTUM_CASE_DESIGNATED, NULL), 0);
    /* the case changes after the approvals: they no longer count */
    assert_int_equal(sanctum_entity_get(&e, w->analyst, w->case_id, NULL), 0);
    assert_int_equal(sanctum_entity_add(e, "regime", "Global Irregular Migration", 0), 0);
    assert_int_equal(sanctum_entity_update(w->analyst, e, NULL), 0);
    assert_int_equal(sanctum_entity_case_status(e), SANCTUM_CASE_PROPOSED);
    sanctum_entity_free(e);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             NULL), SANCTUM_EPOLICY);
    /* a revoked approver's approval no longer counts either */
    assert_int_equal(sanctum_case_approve(w->ap1, w->case_id, SANCTUM_CASE_DESIGNATED, NULL), 0);
    assert_int_equal(sanctum_case_approve(w->ap2, w->case_id, SANCTUM_CASE_DESIGNATED, NULL), 0);
    assert_int_equal(sanctum_user_revoke(w->t.admin, "ap2"), 0);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_DESIGNATED,
                                             NULL), SANCTUM_EPOLICY);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_CLOSED,
                                             "dropped"), 0);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, SANCTUM_CASE_INVESTIGATING,
                                             NULL), SANCTUM_EPOLICY);
}

static void
test_lifecycle__bad_inputs(void **state)
{
    world *w = *state;
    sanctum_entity *p = tu_person(w->analyst, "Not A Case", NULL);

    assert_int_equal(sanctum_case_set_status(w->analyst, sanctum_entity_id(p),
                                             SANCTUM_CASE_INVESTIGATING, NULL), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "not a Case"));
    assert_int_equal(sanctum_case_set_status(w->analyst, "CAS-0000-0000",
                                             SANCTUM_CASE_INVESTIGATING, NULL), SANCTUM_ENOTFOUND);
    assert_int_equal(sanctum_case_set_status(w->analyst, "garbage", SANCTUM_CASE_CLOSED, NULL),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum_case_set_status(w->analyst, w->case_id, (sanctum_case_status)42,
                                             NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_case_set_status(w->auditor, w->case_id, SANCTUM_CASE_CLOSED, NULL),
                     SANCTUM_EPERM);
    assert_string_equal(sanctum_case_status_name(SANCTUM_CASE_VARIED), "varied");
    assert_int_equal(sanctum_case_status_from_name("Designated"), SANCTUM_CASE_DESIGNATED);
    assert_int_equal(sanctum_case_status_from_name("bogus"), SANCTUM_CASE_NONE);
    sanctum_entity_free(p);
}

static void
test_audit__entries_proofs_checkpoint(void **state)
{
    world *w = *state;
    uint64_t size;
    unsigned char path[SANCTUM_PROOF_MAX][32], root[32];
    size_t len;
    char *cp, vkey[256];
    sanctum_audit_entry *e;

    assert_int_equal(sanctum_audit_size(&size, w->t.st), 0);
    assert_true(size >= 5);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, 0), 0);
    assert_string_equal(e->action, "store-create");
    assert_string_equal(e->actor_name, "admin");
    sanctum_audit_entry_free(e);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, size - 1), 0);
    assert_string_equal(e->action, "create");
    assert_string_equal(e->purpose, "open case");
    assert_int_equal(e->nrefs, 1);
    assert_string_equal(e->refs[0].id, w->case_id);
    sanctum_audit_entry_free(e);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, size), SANCTUM_ENOTFOUND);
    assert_int_equal(sanctum_audit_prove(path, &len, w->t.st, 1, 0), 0);
    assert_true(len >= 1);
    assert_int_equal(sanctum_audit_prove(path, &len, w->t.st, size, 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_audit_consistency(path, &len, w->t.st, 1, 0), 0);
    assert_int_equal(sanctum_audit_consistency(path, &len, w->t.st, 0, 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_audit_root(root, w->t.st, 0), 0);
    assert_int_equal(sanctum_audit_checkpoint(&cp, w->t.st), 0);
    assert_non_null(strstr(cp, sanctum_store_origin(w->t.st)));
    assert_non_null(strstr(cp, "\n\xe2\x80\x94 "));
    sanctum_free(cp);
    assert_int_equal(sanctum_audit_vkey(vkey, sizeof vkey, w->t.st), 0);
    assert_int_equal(strncmp(vkey, sanctum_store_origin(w->t.st),
                             strlen(sanctum_store_origin(w->t.st))), 0);
    assert_true(sanctum_audit_action_known("approve"));
    assert_false(sanctum_audit_action_known("dance"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle__designation_needs_two_approvers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle__edit_voids_approvals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle__bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit__entries_proofs_checkpoint, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* users.c - users, roles, clearances, sessions: who can unlock and what they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

static void
test_session__wrong_unknown_revoked_are_distinct(void **state)
{
    tu_store *t = *state;
    sanctum_session *s = (void *)1;

    sanctum_session_close(tu_user(t, "bob", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL));
    assert_int_equal(sanctum_session_open(&s, t->st, "bob", TU_PASS("wrong")), SANCTUM_EAUTH);
    assert_null(s);
    assert_non_null(strstr(sanctum_last_error(), "wrong passphrase"));
    assert_null(strstr(sanctum_last_error(), "wrong-passphrase")); /* never echoed */
    assert_int_equal(sanctum_session_open(&s, t->st, "nobody", TU_PASS("nobody")),
                     SANCTUM_ENOUSER);
    assert_non_null(strstr(sanctum_last_error(), "unknown user"));
    assert_int_equal(sanctum_user_revoke(t->admin, "bob"), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&s, t->st, "bob", TU_PASS("bob")), SANCTUM_EREVOKED);
    assert_non_null(strstr(sanctum_last_error(), "revoked"));
    assert_int_equal(sanctum_user_revoke(t->admin, "bob"), SANCTUM_EREVOKED);
    assert_int_equal(sanctum_user_revoke(t->admin, "nobody"), SANCTUM_ENOUSER);
}

static void
test_session__official_analyst_holds_only_official_key(void **state)
{
    tu_store *t = *state;
    sanctum_session *off = tu_user(t, "off", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_session *sen = tu_user(t, "sen", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SENSITIVE);
    sanctum_session *aud = tu_user(t, "aud", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_SECRET);

    assert_true(sanctum_session_has_level_key(off, SANCTUM_LEVEL_OFFICIAL));
    assert_false(sanctum_session_has_level_key(off, SANCTUM_LEVEL_SENSITIVE));
    assert_false(sanctum_session_has_level_key(off, SANCTUM_LEVEL_SECRET));
    assert_true(sanctum_session_has_level_key(sen, SANCTUM_LEVEL_SENSITIVE));
    assert_false(sanctum_session_has_level_key(sen, SANCTUM_LEVEL_SECRET));
    for (int l = SANCTUM_LEVEL_OFFICIAL; l <= SANCTUM_LEVEL_SECRET; l++)
        assert_false(sanctum_session_has_level_key(aud, (sanctum_level)l));
    assert_true(sanctum_session_has_level_key(t->admin, SANCTUM_LEVEL_SECRET));
    assert_int_equal(sanctum_session_clearance(off), SANCTUM_LEVEL_OFFICIAL);
    assert_int_equal(sanctum_session_role(aud), SANCTUM_ROLE_AUDITOR);
    assert_string_equal(sanctum_session_user(sen), "sen");
    sanctum_session_close(off);
    sanctum_session_close(sen);
    sanctum_session_close(aud);
}

static void
test_session__withheld_values_and_auditor_refused(void **state)
{
    tu_store *t = *state;
    sanctum_session *off = tu_user(t, "off2", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_session *aud = tu_user(t, "aud2", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_SECRET);
    sanctum_entity *e, *g = NULL;
    sanctum_value v;
    int withheld = 0, readable = 0;

    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "name", "Idris Kovac", 0), 0);
    assert_int_equal(sanctum_entity_add(e, "passportNumber", "K1234567", 0), 0); /* sensitive */
    assert_int_equal(sanctum_entity_add(e, "notes", "informant X", SANCTUM_LEVEL_SECRET), 0);
    assert_int_equal(sanctum_entity_create(t->admin, e, "test"), 0);
    assert_int_equal(sanctum_entity_get(&g, off, sanctum_entity_id(e), NULL), 0);
    assert_int_equal(sanctum_entity_count(g), 3);
    for (size_t i = 0; i < sanctum_entity_count(g); i++) {
        assert_int_equal(sanctum_entity_value(g, i, &v), 0);
        if (v.withheld) {
            assert_null(v.text);
            assert_true(v.level > SANCTUM_LEVEL_OFFICIAL);
            withheld++;
        } else {
            assert_string_equal(v.text, "Idris Kovac");
            readable++;
        }
    }
    assert_int_equal(withheld, 2);
    assert_int_equal(readable, 1);
    assert_int_equal(sanctum_entity_value(g, 3, &v), SANCTUM_ENOTFOUND);
    /* the official analyst edits; withheld values survive untouched */
    assert_int_equal(sanctum_entity_add(g, "alias", "I. Kovac", 0), 0);
    assert_int_equal(sanctum_entity_add(g, "notes", "more", SANCTUM_LEVEL_SECRET), 0);
    assert_int_equal(sanctum_entity_update(off, g, NULL), SANCTUM_EPERM);
    assert_int_equal(sanctum_entity_remove(g, "notes", "more"), 1);
    assert_int_equal(sanctum_entity_update(off, g, NULL), 0);
    sanctum_entity_free(g);
    assert_int_equal(sanctum_entity_get(&g, t->admin, sanctum_entity_id(e), NULL), 0);
    assert_string_equal(sanctum_entity_first(g, "notes"), "informant X");
    assert_string_equal(sanctum_entity_first(g, "passportNumber"), "K1234567");
    assert_string_equal(sanctum_entity_first(g, "alias"), "I. Kovac");
    assert_int_equal(sanctum_entity_revision(g), 2);
    sanctum_entity_free(g);
    g = (void *)1;
    assert_int_equal(sanctum_entity_get(&g, aud, sanctum_entity_id(e), NULL), SANCTUM_EPERM);
    assert_null(g);
    sanctum_entity_free(e);
    sanctum_session_close(off);
    sanctum_session_close(aud);
}

static void
test_user_add__only_admins_within_clearance(void **state)
{
    tu_store *t = *state;
    sanctum_session *an = tu_user(t, "an", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SECRET);
    sanctum_session *adm = tu_user(t, "adm2", SANCTUM_ROLE_ADMIN, SANCTUM_LEVEL_OFFICIAL);

    assert_int_equal(sanctum_user_add(an, "x1", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL,
                                      TU_PASS("x1")), SANCTUM_EPERM);
    assert_int_equal(sanctum_user_add(adm, "x2", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SECRET,
                                      TU_PASS("x2")), SANCTUM_EPERM);
    assert_int_equal(sanctum_user_add(t->admin, "an", SANCTUM_ROLE_ANALYST,
                                      SANCTUM_LEVEL_OFFICIAL, TU_PASS("an")), SANCTUM_EEXISTS);
    assert_int_equal(sanctum_user_add(t->admin, "bad name", SANCTUM_ROLE_ANALYST,
                                      SANCTUM_LEVEL_OFFICIAL, TU_PASS("x")), SANCTUM_EINVAL);
    assert_int_equal(sanctum_user_add(t->admin, "x3", (sanctum_role)9,
                                      SANCTUM_LEVEL_OFFICIAL, TU_PASS("x3")), SANCTUM_EINVAL);
    assert_int_equal(sanctum_user_add(t->admin, "x4", SANCTUM_ROLE_ANALYST,
                                      SANCTUM_LEVEL_OFFICIAL, (const unsigned char *)"short", 5),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum_user_revoke(an, "adm2"), SANCTUM_EPERM);
    assert_int_equal(sanctum_user_revoke(t->admin, "admin"), SANCTUM_EPERM);
    sanctum_session_close(an);
    sanctum_session_close(adm);
}

static void
test_user_passwd__old_passphrase_stops_working(void **state)
{
    tu_store *t = *state;
    sanctum_session *s = tu_user(t, "pw", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SENSITIVE), *s2;

    assert_int_equal(sanctum_user_passwd(s, (const unsigned char *)"short", 5), SANCTUM_EINVAL);
    assert_int_equal(sanctum_user_passwd(s, TU_PASS("pw-new")), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&s2, t->st, "pw", TU_PASS("pw")), SANCTUM_EAUTH);
    assert_int_equal(sanctum_session_open(&s2, t->st, "pw", TU_PASS("pw-new")), SANCTUM_OK);
    assert_true(sanctum_session_has_level_key(s2, SANCTUM_LEVEL_SENSITIVE));
    sanctum_session_close(s2);
    sanctum_session_close(s);
}

/* A NULL passphrase is the caller's mistake, refused as such by every
 * call taking one (never handed to Argon2id), whatever length comes with
 * it; the user's name is not looked up meanwhile. */
static void
test_passphrase__null_refused_everywhere(void **state)
{
    tu_store *t = *state;
    sanctum_session *s = (void *)1;
    sanctum_store *st = (void *)1;
    char path[4096];

    assert_int_equal(sanctum_session_open(&s, t->st, "admin", NULL, 0), SANCTUM_EINVAL);
    assert_null(s);
    assert_non_null(strstr(sanctum_last_error(), "no passphrase"));
    assert_int_equal(sanctum_session_open(&s, t->st, "admin", NULL, 16), SANCTUM_EINVAL);
    assert_int_equal(sanctum_session_open(&s, t->st, "nobody", NULL, 0), SANCTUM_EINVAL);
    assert_null(s);
    assert_int_equal(sanctum_user_add(t->admin, "np", SANCTUM_ROLE_ANALYST,
                                      SANCTUM_LEVEL_OFFICIAL, NULL, 16), SANCTUM_EINVAL);
    assert_int_equal(sanctum_user_passwd(t->admin, NULL, 16), SANCTUM_EINVAL);
    snprintf(path, sizeof path, "%s/other", t->dir);
    assert_int_equal(sanctum_store_create(&st, path, "admin", NULL, 16, NULL), SANCTUM_EINVAL);
    assert_null(st);
    /* the passphrase still opens the store */
    assert_int_equal(sanctum_session_open(&s, t->st, "admin", TU_PASS("admin")), SANCTUM_OK);
    sanctum_session_close(s);
}

static void
test_user_list__shows_roles_and_state(void **state)
{
    tu_store *t = *state;
    sanctum_user_list *l;
    const sanctum_user_info *u;

    sanctum_session_close(tu_user(t, "lister", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SENSITIVE));
    assert_int_equal(sanctum_user_revoke(t->admin, "lister"), 0);
    assert_int_equal(sanctum_user_list_load(&l, t->st), 0);
    assert_int_equal(sanctum_user_list_count(l), 2);
    u = sanctum_user_list_at(l, 0);
    assert_string_equal(u->name, "admin");
    assert_int_equal(u->id, 1);
    assert_int_equal(u->role, SANCTUM_ROLE_ADMIN);
    assert_int_equal(u->clearance, SANCTUM_LEVEL_SECRET);
    assert_false(u->revoked);
    u = sanctum_user_list_at(l, 1);
    assert_string_equal(u->name, "lister");
    assert_int_equal(u->role, SANCTUM_ROLE_APPROVER);
    assert_true(u->revoked);
    assert_null(sanctum_user_list_at(l, 2));
    sanctum_user_list_free(l);
}

static void
test_roles__approver_reads_but_cannot_write(void **state)
{
    tu_store *t = *state;
    sanctum_session *ap = tu_user(t, "ap", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SECRET);
    sanctum_entity *e = tu_person(t->admin, "Role Test", NULL), *g, *n;

    assert_int_equal(sanctum_entity_get(&g, ap, sanctum_entity_id(e), NULL), 0);
    assert_int_equal(sanctum_entity_update(ap, g, NULL), SANCTUM_EPERM);
    assert_int_equal(sanctum_entity_delete(ap, sanctum_entity_id(e), 0, NULL), SANCTUM_EPERM);
    assert_int_equal(sanctum_entity_new(&n, "Person"), 0);
    assert_int_equal(sanctum_entity_add(n, "name", "New", 0), 0);
    assert_int_equal(sanctum_entity_create(ap, n, NULL), SANCTUM_EPERM);
    sanctum_entity_free(n);
    sanctum_entity_free(g);
    sanctum_entity_free(e);
    sanctum_session_close(ap);
}

static void
test_trust_export__names_every_user_and_log_key(void **state)
{
    tu_store *t = *state;
    char *text;
    size_t len;

    sanctum_session_close(tu_user(t, "tr", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_OFFICIAL));
    assert_int_equal(sanctum_trust_export(&text, &len, t->st), 0);
    assert_int_equal(strlen(text), len);
    assert_true(strncmp(text, "sanctum-trust 1\n", 16) == 0);
    assert_non_null(strstr(text, sanctum_store_id_hex(t->st)));
    assert_non_null(strstr(text, "\nlog-vkey "));
    assert_non_null(strstr(text, "\nuser 1 admin admin secret active "));
    assert_non_null(strstr(text, "\nuser 2 tr auditor official active "));
    assert_null(strstr(text, "passphrase"));
    sanctum_free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TU_STORE_TEST(test_session__wrong_unknown_revoked_are_distinct),
        TU_STORE_TEST(test_session__official_analyst_holds_only_official_key),
        TU_STORE_TEST(test_session__withheld_values_and_auditor_refused),
        TU_STORE_TEST(test_user_add__only_admins_within_clearance),
        TU_STORE_TEST(test_user_passwd__old_passphrase_stops_working),
        TU_STORE_TEST(test_passphrase__null_refused_everywhere),
        TU_STORE_TEST(test_user_list__shows_roles_and_state),
        TU_STORE_TEST(test_roles__approver_reads_but_cannot_write),
        TU_STORE_TEST(test_trust_export__names_every_user_and_log_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

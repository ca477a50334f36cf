/* SPDX-License-Identifier: Apache-2.0 */
/* grants.c - a sealed key planted by someone who can write the file is refused, not adopted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fixture.h"
#include "keys.h"
#include "store.h"
#include "testutil.h"
#include "users.h"

struct plant {
    const sanctum_store *st;
    uint8_t kind;
    uint32_t version;
};

/* Seal a key of the attacker's choosing to the admin (user 1), as anyone
 * can who reads the admin's public X25519 key from the users table. */
static int
plant_grant(MDB_txn *txn, void *arg)
{
    struct plant *p = arg;
    unsigned char key[32];
    sanctum__user u;
    int rc;

    if ((rc = sanctum__user_get_by_id(txn, p->st, 1, &u)) < 0)
        return rc;
    randombytes_buf(key, sizeof key);
    return sanctum__grant_put(txn, p->st, 1, p->kind, p->version, key, sizeof key, u.box_pk);
}

/* A secret-level key of a new version would become the level's current
 * key: every secret value written afterwards would be sealed under a key
 * the planter holds. The session refuses to open instead. */
static void
test_grants__planted_version_refused(void **state)
{
    static const uint8_t kinds[] = { 3, 1, SANCTUM__GRANT_INDEX };
    sanctum_session *s = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof kinds; i++) {
        struct plant p = { NULL, kinds[i], 2 };
        tu_store t;

        tu_store_setup(&t, "planted");
        p.st = t.st;
        assert_int_equal(sanctum__store_write(t.st, plant_grant, &p), SANCTUM_OK);
        assert_int_equal(sanctum_session_open(&s, t.st, "admin", TU_PASS("admin")),
                         SANCTUM_ECORRUPT);
        assert_null(s);
        assert_non_null(strstr(sanctum_last_error(), "version 2"));
        assert_non_null(strstr(sanctum_last_error(), "tampered"));
        tu_store_teardown(&t);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grants__planted_version_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* growth.c - the LMDB map grows when full instead of failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

static void
test_store_growth__map_doubles_when_full(void **state)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st;
    sanctum_session *s;
    sanctum_entity *batch[200];
    char *dir = tu_tmpdir("grow"), path[4096], name[64];
    size_t first;
    (void)state;

    snprintf(path, sizeof path, "%s/store", dir);
    o.kdf = SANCTUM_KDF_INTERACTIVE;
    o.map_size = 256 * 1024;
    assert_int_equal(sanctum_store_create(&st, path, "admin", TU_PASS("admin"), &o), 0);
    assert_int_equal(sanctum_session_open(&s, st, "admin", TU_PASS("admin")), 0);
    first = sanctum_store_map_size(st);
    for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 200; i++) {
            snprintf(name, sizeof name, "Person %d-%d Growth", round, i);
            assert_int_equal(sanctum_entity_new(&batch[i], "Person"), 0);
            assert_int_equal(sanctum_entity_add(batch[i], "name", name, 0), 0);
            assert_int_equal(sanctum_entity_add(batch[i], "notes",
                "A note long enough to take room in the map, repeated to fill pages "
                "quickly so that the growth path runs in a short test.", 0), 0);
        }
        assert_int_equal(sanctum_entity_create_batch(s, batch, 200, NULL), 0);
        for (int i = 0; i < 200; i++)
            sanctum_entity_free(batch[i]);
    }
    assert_true(sanctum_store_map_size(st) > first);
    sanctum_id_list *l;
    assert_int_equal(sanctum_entity_list(&l, s, "Person"), 0);
    assert_int_equal(sanctum_id_list_count(l), 2000);
    sanctum_id_list_free(l);
    sanctum_session_close(s);
    sanctum_store_close(st);
    tu_rmtree(dir);
    free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_growth__map_doubles_when_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

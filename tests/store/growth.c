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
    tu_store t;
    size_t first;
    sanctum_id_list *l;
    (void)state;

    tu_store_setup_map(&t, "grow", 256 * 1024);
    first = sanctum_store_map_size(t.st);
    tu_add_persons(t.admin, "Growth", 10, 200,
                   "A note long enough to take room in the map, repeated to fill pages "
                   "quickly so that the growth path runs in a short test.");
    assert_true(sanctum_store_map_size(t.st) > first);
    assert_int_equal(sanctum_entity_list(&l, t.admin, "Person"), 0);
    assert_int_equal(sanctum_id_list_count(l), 2000);
    sanctum_id_list_free(l);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_growth__map_doubles_when_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

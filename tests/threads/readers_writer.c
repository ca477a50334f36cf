/* SPDX-License-Identifier: Apache-2.0 */
/* readers_writer.c - one store and session shared by 4 reader threads and a writer. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

#define SEED 40
#define WRITES 120
#define READS 150

static tu_store t;
static char ids[SEED][32];
static int failures;

static void *
reader(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;

    for (int i = 0; i < READS; i++) {
        sanctum_entity *e;
        int k = (int)(rand_r(&seed) % SEED);
        if (sanctum_entity_get(&e, t.admin, ids[k], NULL) != 0) {
            fprintf(stderr, "reader: %s\n", sanctum_last_error());
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        char want[32];
        snprintf(want, sizeof want, "Seed Person %d", k);
        if (strcmp(sanctum_entity_caption(e), want) != 0)
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
        sanctum_entity_free(e);
    }
    return NULL;
}

static void *
writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < WRITES; i++) {
        sanctum_entity *e;
        char name[48];
        snprintf(name, sizeof name, "Written Person %d", i);
        if (sanctum_entity_new(&e, "Person") != 0 ||
            sanctum_entity_add(e, "name", name, 0) != 0 ||
            sanctum_entity_create(t.admin, e, NULL) != 0) {
            fprintf(stderr, "writer: %s\n", sanctum_last_error());
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
        }
        sanctum_entity_free(e);
    }
    return NULL;
}

static void
test_threads__four_readers_one_writer(void **state)
{
    pthread_t r[4], w;
    sanctum_id_list *l;
    (void)state;

    tu_store_setup(&t, "threads");
    for (int i = 0; i < SEED; i++) {
        char name[32];
        snprintf(name, sizeof name, "Seed Person %d", i);
        sanctum_entity *e = tu_person(t.admin, name, NULL);
        snprintf(ids[i], sizeof ids[i], "%s", sanctum_entity_id(e));
        sanctum_entity_free(e);
    }
    assert_int_equal(pthread_create(&w, NULL, writer, NULL), 0);
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&r[i], NULL, reader, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(r[i], NULL);
    pthread_join(w, NULL);
    assert_int_equal(failures, 0);
    assert_int_equal(sanctum_entity_list(&l, t.admin, "Person"), 0);
    assert_int_equal(sanctum_id_list_count(l), SEED + WRITES);
    sanctum_id_list_free(l);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads__four_readers_one_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

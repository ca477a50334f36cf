/* SPDX-License-Identifier: Apache-2.0 */
/* two_processes.c - two processes writing to one store at once lose nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "testutil.h"

#define PER_CHILD 150

/* Child: open the store afresh and add PER_CHILD persons, some in batches. */
static int
child(const char *path, int who)
{
    sanctum_store *st;
    sanctum_session *s;
    int written = 0;

    if (sanctum_store_open(&st, path, NULL) != 0 ||
        sanctum_session_open(&s, st, "admin", TU_PASS("admin")) != 0)
        return 10;
    while (written < PER_CHILD) {
        sanctum_entity *es[10];
        int n = (written % 20 == 0) ? 10 : 1;
        for (int i = 0; i < n; i++) {
            char name[64];
            snprintf(name, sizeof name, "Process %d Person %d", who, written + i);
            if (sanctum_entity_new(&es[i], "Person") != 0 ||
                sanctum_entity_add(es[i], "name", name, 0) != 0)
                return 11;
        }
        if (sanctum_entity_create_batch(s, es, (size_t)n, NULL) != 0) {
            fprintf(stderr, "child %d: %s\n", who, sanctum_last_error());
            return 12;
        }
        for (int i = 0; i < n; i++)
            sanctum_entity_free(es[i]);
        written += n;
    }
    sanctum_session_close(s);
    sanctum_store_close(st);
    return 0;
}

static void
test_processes__two_writers_at_once(void **state)
{
    tu_store t;
    sanctum_store *st;
    sanctum_session *s;
    sanctum_id_list *l;
    char path[4096];
    pid_t pids[2];
    (void)state;

    tu_store_setup(&t, "procs");
    snprintf(path, sizeof path, "%s/store", t.dir);
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    t.admin = NULL;
    t.st = NULL;
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0)
            _exit(child(path, i));
    }
    for (int i = 0; i < 2; i++) {
        int status;
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(sanctum_store_open(&st, path, NULL), 0);
    assert_int_equal(sanctum_session_open(&s, st, "admin", TU_PASS("admin")), 0);
    assert_int_equal(sanctum_entity_list(&l, s, "Person"), 0);
    assert_int_equal(sanctum_id_list_count(l), 2 * PER_CHILD);
    sanctum_id_list_free(l);
    t.st = st;
    t.admin = s;
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_processes__two_writers_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* ahead.c - items made ahead on a helper thread and the caller's, used in order. */
#include "testutil.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ahead.h"
#include "errors.h"

enum { N = 2000 };

struct work {
    size_t value[N];           /* item i: i * 3 + 1 once made */
    int times[N];              /* how often each item was made */
    int by[SANCTUM__AHEAD_WORKERS];
    pthread_mutex_t lock;
    size_t fail_at;            /* item that fails, or N */
};

static int
make_item(void *arg, size_t i, int worker)
{
    struct work *w = arg;

    assert_true(worker >= 0 && worker < SANCTUM__AHEAD_WORKERS);
    pthread_mutex_lock(&w->lock);
    w->times[i]++;
    w->by[worker]++;
    pthread_mutex_unlock(&w->lock);
    if (i == w->fail_at)
        return sanctum__err(SANCTUM_ECORRUPT, "item %zu is bad", i);
    /* some work, so that both threads get items */
    volatile size_t x = 0;
    for (size_t k = 0; k < 2000; k++)
        x += k ^ i;
    w->value[i] = i * 3 + 1;
    return SANCTUM_OK;
}

static struct work *
work_new(size_t fail_at)
{
    struct work *w = calloc(1, sizeof *w);

    assert_non_null(w);
    assert_int_equal(pthread_mutex_init(&w->lock, NULL), 0);
    w->fail_at = fail_at;
    return w;
}

static void
work_free(struct work *w)
{
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* Every item is made exactly once, by either thread, and is there when
 * its wait returns. */
static void
test_ahead__every_item_once_in_order(void **state)
{
    struct work *w = work_new(N);
    sanctum__ahead *a;

    (void)state;
    assert_int_equal(sanctum__ahead_start(&a, N, make_item, w), 0);
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(sanctum__ahead_wait(a, i), 0);
        assert_int_equal(w->value[i], i * 3 + 1);
    }
    assert_int_equal(sanctum__ahead_wait(a, N), SANCTUM_EINVAL);
    sanctum__ahead_stop(a);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(w->times[i], 1);
    assert_int_equal(w->by[0] + w->by[1], N);
    work_free(w);
}

/* A failure stops the items after it: earlier items are fine, the failed
 * one and every later one report its code and detail on the caller. */
static void
test_ahead__failure_reaches_the_caller(void **state)
{
    struct work *w = work_new(700);
    sanctum__ahead *a;

    (void)state;
    assert_int_equal(sanctum__ahead_start(&a, N, make_item, w), 0);
    for (size_t i = 0; i < 700; i++)
        assert_int_equal(sanctum__ahead_wait(a, i), 0);
    sanctum__err_clear();
    assert_int_equal(sanctum__ahead_wait(a, 700), SANCTUM_ECORRUPT);
    assert_string_equal(sanctum_last_error(), "item 700 is bad");
    assert_int_equal(sanctum__ahead_wait(a, 1500), SANCTUM_ECORRUPT);
    sanctum__ahead_stop(a);
    for (size_t i = 0; i < N; i++)
        assert_true(w->times[i] <= 1);
    work_free(w);
}

/* Stopped before the items are used: nothing leaks, nothing is made twice. */
static void
test_ahead__stop_early(void **state)
{
    struct work *w = work_new(N);
    sanctum__ahead *a;

    (void)state;
    assert_int_equal(sanctum__ahead_start(&a, N, make_item, w), 0);
    assert_int_equal(sanctum__ahead_wait(a, 3), 0);
    sanctum__ahead_stop(a);
    for (size_t i = 0; i < N; i++)
        assert_true(w->times[i] <= 1);
    sanctum__ahead_stop(NULL);
    work_free(w);
}

/* A small batch is made on the caller's thread alone. */
static void
test_ahead__small_batch_on_the_caller(void **state)
{
    struct work *w = work_new(N);
    sanctum__ahead *a;

    (void)state;
    assert_int_equal(sanctum__ahead_start(&a, 5, make_item, w), 0);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(sanctum__ahead_wait(a, i), 0);
    sanctum__ahead_stop(a);
    assert_int_equal(w->by[0], 5);
    assert_int_equal(w->by[1], 0);
    work_free(w);
}

/* Items handed over one by one as they are ready are each made once, by
 * either thread, and the helper stays for the next batch after a reset;
 * it starts only once a batch is worth a thread. */
static void
test_ahead__published_one_by_one_over_batches(void **state)
{
    struct work *w = work_new(N);
    sanctum__ahead *a;

    (void)state;
    assert_int_equal(sanctum__ahead_open(&a, N / 2, make_item, w), 0);
    for (int batch = 0; batch < 2; batch++) {
        memset(w->value, 0, sizeof w->value);
        memset(w->times, 0, sizeof w->times);
        for (size_t i = 0; i < N / 2; i++) {
            sanctum__ahead_publish(a, i + 1);
            if (batch == 0 && i < SANCTUM__AHEAD_MIN_ITEMS - 1)
                assert_int_equal(w->by[1], 0);
        }
        assert_int_equal(sanctum__ahead_wait(a, N / 2), SANCTUM_EINVAL);
        for (size_t i = 0; i < N / 2; i++) {
            assert_int_equal(sanctum__ahead_wait(a, i), 0);
            assert_int_equal(w->value[i], i * 3 + 1);
        }
        sanctum__ahead_reset(a);
        for (size_t i = 0; i < N / 2; i++)
            assert_int_equal(w->times[i], 1);
        assert_int_equal(sanctum__ahead_wait(a, 0), SANCTUM_EINVAL); /* nothing published */
    }
    assert_int_equal(w->by[0] + w->by[1], N);
    sanctum__ahead_stop(a);
    work_free(w);
}

/* A failure belongs to its batch: after a reset the next batch is made in
 * full, and nothing of the failed one is made after the reset returns. */
static void
test_ahead__reset_forgets_a_failure(void **state)
{
    struct work *w = work_new(100);
    sanctum__ahead *a;
    int before[N];

    (void)state;
    assert_int_equal(sanctum__ahead_open(&a, N, make_item, w), 0);
    sanctum__ahead_publish(a, N);
    assert_int_equal(sanctum__ahead_wait(a, 150), SANCTUM_ECORRUPT);
    sanctum__ahead_reset(a);
    pthread_mutex_lock(&w->lock);
    memcpy(before, w->times, sizeof before);
    pthread_mutex_unlock(&w->lock);
    w->fail_at = N;
    sanctum__ahead_publish(a, 50);
    for (size_t i = 0; i < 50; i++)
        assert_int_equal(sanctum__ahead_wait(a, i), 0);
    sanctum__ahead_reset(a);
    for (size_t i = 50; i < N; i++)
        assert_int_equal(w->times[i], before[i]);
    sanctum__ahead_stop(a);
    work_free(w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ahead__every_item_once_in_order),
        cmocka_unit_test(test_ahead__failure_reaches_the_caller),
        cmocka_unit_test(test_ahead__stop_early),
        cmocka_unit_test(test_ahead__small_batch_on_the_caller),
        cmocka_unit_test(test_ahead__published_one_by_one_over_batches),
        cmocka_unit_test(test_ahead__reset_forgets_a_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cache.c - a screening worker's token cache: what was put is got back, within one snapshot only. */
#include <string.h>

#include "screen_cache.h"
#include "testutil.h"

/* A token that spreads over the slots like keyed BLAKE2b output does. */
static void
token(unsigned char tok[16], unsigned int i)
{
    uint64_t h = (uint64_t)i * 0x9e3779b97f4a7c15ull;

    memcpy(tok, &h, 8);
    memset(tok + 8, (int)(i & 0xff), 8);
}

static void
test_tokcache__put_get_grow_and_snapshots(void **state)
{
    sanctum__tokcache *c;
    unsigned char tok[16];
    uint64_t df, mask;

    (void)state;
    assert_int_equal(sanctum__tokcache_new(&c), 0);
    sanctum__tokcache_snapshot(c, 7);
    token(tok, 1);
    assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 0);
    sanctum__tokcache_put(c, tok, 0, 0); /* a token without postings is remembered too */
    assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 1);
    assert_int_equal(df, 0);

    /* past the first size (1,024 slots, kept half full): it grows and
     * keeps every entry */
    for (unsigned int i = 2; i < 5000; i++) {
        token(tok, i);
        sanctum__tokcache_put(c, tok, i, ~(uint64_t)i);
    }
    for (unsigned int i = 2; i < 5000; i++) {
        token(tok, i);
        assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 1);
        assert_int_equal(df, i);
        assert_true(mask == ~(uint64_t)i);
    }
    /* a put of a known token replaces its values */
    token(tok, 3);
    sanctum__tokcache_put(c, tok, 33, 44);
    assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 1);
    assert_int_equal(df, 33);
    assert_int_equal(mask, 44);

    /* the same snapshot again keeps it; another forgets all */
    sanctum__tokcache_snapshot(c, 7);
    assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 1);
    sanctum__tokcache_snapshot(c, 8);
    for (unsigned int i = 1; i < 5000; i++) {
        token(tok, i);
        assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 0);
    }
    sanctum__tokcache_free(c);
    sanctum__tokcache_free(NULL);
}

/* At its largest (32,768 slots) it starts again instead of growing: the
 * newest entries are there, the cache still answers, probes end. */
static void
test_tokcache__full_starts_again(void **state)
{
    sanctum__tokcache *c;
    unsigned char tok[16];
    uint64_t df, mask;
    unsigned int n = 100000, kept = 0;

    (void)state;
    assert_int_equal(sanctum__tokcache_new(&c), 0);
    for (unsigned int i = 0; i < n; i++) {
        token(tok, i);
        sanctum__tokcache_put(c, tok, i, i);
    }
    token(tok, n - 1);
    assert_int_equal(sanctum__tokcache_get(c, tok, &df, &mask), 1);
    assert_int_equal(df, n - 1);
    for (unsigned int i = 0; i < n; i++) {
        token(tok, i);
        kept += (unsigned int)sanctum__tokcache_get(c, tok, &df, &mask);
    }
    assert_true(kept >= 1 && kept <= 16384);
    sanctum__tokcache_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokcache__put_get_grow_and_snapshots),
        cmocka_unit_test(test_tokcache__full_starts_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* ids.c - entity ids: generation, validity, lenient parsing. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "schema.h"

/* A fresh id of 40 random bits: a sequence of one. */
static int
one_id(char out[SANCTUM__ID_MAX], const sanctum__schema *s)
{
    sanctum__id_seq q;

    sanctum__id_seq_init(&q, 1);
    return sanctum__id_seq_next(&q, out, s);
}

#define NIDS 10000

static int
cmp_id(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void
test_schema_ids__generate_is_valid_and_unique(void **state)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    char (*ids)[SANCTUM__ID_MAX] = calloc(NIDS, SANCTUM__ID_MAX);
    const sanctum__schema *per = sanctum__schema_find("Person");
    int seen[32] = { 0 };
    size_t i, k;

    (void)state;
    assert_non_null(ids);
    for (i = 0; i < NIDS; i++) {
        assert_int_equal(one_id(ids[i], per), 0);
        assert_int_equal(strlen(ids[i]), SANCTUM__ID_LEN);
        assert_memory_equal(ids[i], "PER-", 4);
        assert_int_equal(ids[i][8], '-');
        assert_true(sanctum__id_valid(ids[i]));
        assert_ptr_equal(sanctum__id_schema(ids[i]), per);
        for (k = 4; k < SANCTUM__ID_LEN; k++) {
            const char *hit;

            if (k == 8)
                continue;
            hit = strchr(alphabet, ids[i][k]);
            assert_non_null(hit);
            seen[hit - alphabet] = 1;
        }
    }
    /* 80,000 digits: every one of the 32 symbols shows up. */
    for (k = 0; k < 32; k++)
        assert_true(seen[k]);
    /* 40 random bits: a collision among 10,000 has probability ~5e-5. */
    qsort(ids, NIDS, SANCTUM__ID_MAX, cmp_id);
    for (i = 1; i < NIDS; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
    free(ids);
}

static void
test_schema_ids__every_schema_has_its_prefix(void **state)
{
    char id[SANCTUM__ID_MAX];
    size_t i;

    (void)state;
    for (i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);

        assert_int_equal(one_id(id, s), 0);
        assert_memory_equal(id, s->prefix, 3);
        assert_ptr_equal(sanctum__id_schema(id), s);
    }
    assert_int_equal(one_id(id, NULL), SANCTUM_EINVAL);
}

/* The 40-bit number an id spells (its eight Crockford digits). */
static uint64_t
id_number(const char *id)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    uint64_t n = 0;

    for (size_t k = 4; k < SANCTUM__ID_LEN; k++)
        if (k != 8)
            n = n << 5 | (uint64_t)(strchr(alphabet, id[k]) - alphabet);
    return n;
}

/* A batch's ids are consecutive numbers in one 20-bit block; a used-up or
 * skipped block moves to a fresh random one. */
static void
test_schema_ids__sequence_is_consecutive_within_a_block(void **state)
{
    const sanctum__schema *per = sanctum__schema_find("Person");
    char id[SANCTUM__ID_MAX], first[SANCTUM__ID_MAX];
    sanctum__id_seq q;
    uint64_t prev = 0, blocks[8];
    int nblocks = 0;

    (void)state;
    sanctum__id_seq_init(&q, 300);
    for (int i = 0; i < 900; i++) {
        assert_int_equal(sanctum__id_seq_next(&q, id, per), 0);
        assert_true(sanctum__id_valid(id));
        assert_ptr_equal(sanctum__id_schema(id), per);
        uint64_t n = id_number(id);
        if (i % 300 == 0) { /* a new block: the whole span fits in it */
            assert_true((n & 0xFFFFF) + 300 <= 0x100000);
            blocks[nblocks++] = n >> 20;
        } else {
            assert_true(n == prev + 1);
        }
        prev = n;
    }
    /* three random 20-bit blocks: equal ones have probability ~3e-6 */
    assert_true(blocks[0] != blocks[1] && blocks[1] != blocks[2] && blocks[0] != blocks[2]);

    sanctum__id_seq_init(&q, 1000);
    assert_int_equal(sanctum__id_seq_next(&q, first, per), 0);
    sanctum__id_seq_skip(&q);
    assert_int_equal(sanctum__id_seq_next(&q, id, per), 0);
    assert_true(id_number(id) >> 20 != id_number(first) >> 20);

    sanctum__id_seq_init(&q, 5);
    assert_int_equal(sanctum__id_seq_next(&q, id, NULL), SANCTUM_EINVAL);
}

static void
parses_as(const char *in, const char *want)
{
    char out[SANCTUM__ID_MAX];

    if (sanctum__id_parse(out, in, strlen(in)) != 0)
        fail_msg("refused %s", in);
    assert_string_equal(out, want);
    assert_true(sanctum__id_valid(out));
}

static void
refused(const char *in)
{
    char out[SANCTUM__ID_MAX];

    if (sanctum__id_parse(out, in, strlen(in)) != SANCTUM_EINVAL)
        fail_msg("accepted %s", in);
    if (*in != '\0')
        assert_null(strstr(sanctum_last_error(), in));
}

static void
test_schema_ids__parse_normalises(void **state)
{
    (void)state;
    parses_as("PER-7K3M-Q9XD", "PER-7K3M-Q9XD");
    parses_as("per-7k3m-q9xd", "PER-7K3M-Q9XD");
    parses_as("Com-7k3M-q9Xd", "COM-7K3M-Q9XD");
    parses_as("PER-OOOO-IIII", "PER-0000-1111");
    parses_as("PER-oooo-llll", "PER-0000-1111");
    parses_as("REP-ZZZZ-0000", "REP-ZZZZ-0000");

    refused("PER-UUUU-0000");     /* U is not a Crockford digit */
    refused("PER-0000-000!");
    refused("XYZ-0000-0000");     /* unknown prefix */
    refused("PE1-0000-0000");
    refused("PER-0000-000");
    refused("PER-0000-00000");
    refused("PER00000000");
    refused("PER-0000_0000");
    refused("PER_0000-0000");
    refused("");
}

static void
test_schema_ids__valid_is_strict(void **state)
{
    (void)state;
    assert_true(sanctum__id_valid("PER-7K3M-Q9XD"));
    assert_true(sanctum__id_valid("LNK-0000-ZZZZ"));
    assert_false(sanctum__id_valid("per-7k3m-q9xd"));   /* not canonical */
    assert_false(sanctum__id_valid("PER-7K3M-Q9XO"));   /* O, I, L, U not canonical */
    assert_false(sanctum__id_valid("PER-7K3M-Q9XI"));
    assert_false(sanctum__id_valid("PER-7K3M-Q9XL"));
    assert_false(sanctum__id_valid("PER-7K3M-Q9XU"));
    assert_false(sanctum__id_valid("PER-7K3M-Q9X"));
    assert_false(sanctum__id_valid("PER-7K3M-Q9XDD"));
    assert_false(sanctum__id_valid("FOO-7K3M-Q9XD"));
    assert_false(sanctum__id_valid("PER-7K3M Q9XD"));
    assert_false(sanctum__id_valid(""));
    assert_false(sanctum__id_valid(NULL));
    assert_null(sanctum__id_schema("per-7k3m-q9xd"));
    assert_ptr_equal(sanctum__id_schema("CAS-7K3M-Q9XD"), sanctum__schema_find("Case"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_ids__generate_is_valid_and_unique),
        cmocka_unit_test(test_schema_ids__every_schema_has_its_prefix),
        cmocka_unit_test(test_schema_ids__sequence_is_consecutive_within_a_block),
        cmocka_unit_test(test_schema_ids__parse_normalises),
        cmocka_unit_test(test_schema_ids__valid_is_strict),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

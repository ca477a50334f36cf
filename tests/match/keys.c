/* SPDX-License-Identifier: Apache-2.0 */
/* keys.c - lookup keys shared by spelling variants, and ranking of the candidates they find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "match.h"
#include "normalize.h"
#include "testutil.h"

static sanctum__normalizer *norm;

struct keylist {
    int kind[4096];
    char key[4096][SANCTUM__KEY_MAX + 1];
    unsigned int tok[4096];
    unsigned int span[4096];
    size_t n;
    int stop_at; /* return an error at this key (-1: never) */
};

static int
collect(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int token,
        unsigned int span)
{
    struct keylist *kl = arg;

    assert_true(len > 0 && len <= SANCTUM__KEY_MAX);
    if (kl->stop_at >= 0 && (size_t)kl->stop_at == kl->n)
        return SANCTUM_ERROR;
    assert_true(kl->n < 4096);
    kl->kind[kl->n] = (int)kind;
    memcpy(kl->key[kl->n], key, len);
    kl->key[kl->n][len] = '\0';
    kl->tok[kl->n] = token;
    kl->span[kl->n] = span;
    kl->n++;
    return 0;
}

static struct keylist *
keys_of(sanctum__name_kind kind, const char *text)
{
    static sanctum__name nm;
    struct keylist *kl = calloc(1, sizeof *kl);

    assert_non_null(kl);
    kl->stop_at = -1;
    assert_int_equal(sanctum__normalize_name(norm, &nm, text, strlen(text), kind), 0);
    assert_int_equal(sanctum__match_keys(&nm, collect, kl), 0);
    sanctum__name_clear(&nm);
    return kl;
}

static int
has_key(const struct keylist *kl, int kind, const char *key)
{
    size_t i;

    for (i = 0; i < kl->n; i++)
        if (kl->kind[i] == kind && strcmp(kl->key[i], key) == 0)
            return 1;
    return 0;
}

/* Do two names share a key of the given kind (0: any kind)? */
static int
share(sanctum__name_kind kind, const char *a, const char *b, int want_kind)
{
    struct keylist *x = keys_of(kind, a), *y = keys_of(kind, b);
    size_t i;
    int found = 0;

    for (i = 0; i < x->n && !found; i++)
        if (want_kind == 0 || x->kind[i] == want_kind)
            found = has_key(y, x->kind[i], x->key[i]);
    free(x);
    free(y);
    return found;
}

static int
setup(void **state)
{
    (void)state;
    return sanctum__normalizer_new(&norm);
}

static int
teardown(void **state)
{
    (void)state;
    sanctum__normalizer_free(norm);
    return 0;
}

static void
test_keys__ordered_and_unique(void **state)
{
    struct keylist *kl = keys_of(SANCTUM__NAME_PERSON, "Abdul Rahman Abdul Rahman al-Qadhafi");
    size_t i, j;

    (void)state;
    assert_true(kl->n > 10);
    for (i = 1; i < kl->n; i++)
        assert_true(kl->tok[i] >= kl->tok[i - 1]);
    for (i = 0; i < kl->n; i++)
        for (j = i + 1; j < kl->n; j++)
            assert_false(kl->kind[i] == kl->kind[j] && strcmp(kl->key[i], kl->key[j]) == 0);
    /* particles make no key alone, only joined with their word */
    assert_false(has_key(kl, SANCTUM__KEY_WORD, "al"));
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "alqadhafi"));
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "abdulrahman"));
    /* a key spans the words it was made of: two for a join, one otherwise */
    for (i = 0; i < kl->n; i++) {
        if (strcmp(kl->key[i], "abdulrahman") == 0 || strcmp(kl->key[i], "alqadhafi") == 0)
            assert_int_equal(kl->span[i], 2);
        else if (strcmp(kl->key[i], "rahman") == 0 || strcmp(kl->key[i], "qadhafi") == 0)
            assert_int_equal(kl->span[i], 1);
        assert_true(kl->span[i] >= 1 && kl->span[i] <= 4);
    }
    free(kl);

    /* a number makes its exact form, alone and joined, and nothing looser */
    kl = keys_of(SANCTUM__NAME_VESSEL, "Hoshikaze Maru No. 8");
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "8"));
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "maru8"));
    assert_false(has_key(kl, SANCTUM__KEY_CANON, "8"));
    assert_false(has_key(kl, SANCTUM__KEY_CANON, "maru8"));
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "hoshikaze"));
    free(kl);
}

/* Names of numbers, initials and codes make keys (their exact forms), so
 * that they are found at all; a code written apart or together is one. */
static void
test_keys__codes_and_numbers(void **state)
{
    static const char *const bare[] = { "M23", "APT39", "11420 Corp.", "7-28", "No. 8",
                                         "P-532", "MS-13", "X", "J. K." };
    struct keylist *kl;

    (void)state;
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
        for (int k = SANCTUM__NAME_ANY; k <= SANCTUM__NAME_VESSEL; k++) {
            kl = keys_of((sanctum__name_kind)k, bare[i]);
            if (kl->n == 0)
                fail_msg("%s (kind %d) makes no key", bare[i], k);
            free(kl);
        }
    }
    kl = keys_of(SANCTUM__NAME_COMPANY, "APT39");
    assert_int_equal(kl->n, 1);
    assert_int_equal(kl->kind[0], SANCTUM__KEY_WORD);
    assert_string_equal(kl->key[0], "apt39");
    free(kl);
    kl = keys_of(SANCTUM__NAME_PERSON, "X");
    assert_true(has_key(kl, SANCTUM__KEY_WORD, "x"));
    free(kl);
    assert_true(share(SANCTUM__NAME_COMPANY, "MS-13", "MS13", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_COMPANY, "MS 13", "MS13", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_ANY, "MS-13", "MS 13", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_ANY, "P-532", "P532", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_VESSEL, "VALFAJR 2", "VALFAJR2", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_COMPANY, "Source 1 Herbs", "SOURCE1HERBS", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_COMPANY, "11420 Corporation", "11420 CORP.", SANCTUM__KEY_WORD));
    /* other numbers, other keys */
    assert_false(share(SANCTUM__NAME_COMPANY, "APT39", "APT38", 0));
    assert_false(share(SANCTUM__NAME_ANY, "M23", "M24", 0));
}

static void
test_keys__callback_error_stops(void **state)
{
    static sanctum__name nm;
    struct keylist *kl = calloc(1, sizeof *kl);

    (void)state;
    assert_non_null(kl);
    kl->stop_at = 3;
    assert_int_equal(sanctum__normalize_name(norm, &nm, "Vladimir Putin", 14,
                                             SANCTUM__NAME_PERSON),
                     0);
    assert_int_equal(sanctum__match_keys(&nm, collect, kl), SANCTUM_ERROR);
    assert_int_equal(kl->n, 3);
    sanctum__name_clear(&nm);
    free(kl);
}

static void
test_keys__variants_share_a_key(void **state)
{
    (void)state;
    /* exact words, in any order */
    assert_true(share(SANCTUM__NAME_PERSON, "Salek, Abdulhai", "ABDULHAI SALEK", SANCTUM__KEY_WORD));
    /* words written together or apart */
    assert_true(share(SANCTUM__NAME_PERSON, "Abdul Rahman", "Abdulrahman", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_PERSON, "AREFULLAHA REF", "AREFULLAH AREF", SANCTUM__KEY_WORD));
    assert_true(share(SANCTUM__NAME_COMPANY, "EtsDiallo", "Ets Diallo", SANCTUM__KEY_WORD));
    /* romanisation variants */
    assert_true(share(SANCTUM__NAME_COMPANY, "Zhelvinsky", "Jelvinskiy", SANCTUM__KEY_CANON));
    /* typos: one letter added, dropped, changed or swapped */
    assert_true(share(SANCTUM__NAME_PERSON, "Attiqullah", "Attiiqullah", SANCTUM__KEY_DELETE));
    assert_true(share(SANCTUM__NAME_PERSON, "Faiz", "Afiz", SANCTUM__KEY_DELETE));
    assert_true(share(SANCTUM__NAME_PERSON, "Abdul", "Abudl", SANCTUM__KEY_DELETE));
    /* endings */
    assert_true(share(SANCTUM__NAME_PERSON, "Vladimiras Putinas", "Vladimir Putin",
                      SANCTUM__KEY_PREFIX));
    /* scripts without short vowels, and lossy scripts */
    assert_true(share(SANCTUM__NAME_PERSON, "محمد", "Muhammad", SANCTUM__KEY_SKELETON));
    assert_true(share(SANCTUM__NAME_PERSON, "דוד", "David", SANCTUM__KEY_SKELETON));
    assert_true(share(SANCTUM__NAME_PERSON, "ウラジーミル・プーチン", "Vladimir Putin",
                      SANCTUM__KEY_SOUND));
    assert_true(share(SANCTUM__NAME_PERSON, "Владимир Путин", "Vladimir Putin", SANCTUM__KEY_WORD));
    /* and unrelated names share none of the specific kinds */
    assert_false(share(SANCTUM__NAME_PERSON, "Kathryn Barr", "Vladimir Putin", SANCTUM__KEY_WORD));
    assert_false(share(SANCTUM__NAME_PERSON, "Kathryn Barr", "Vladimir Putin", SANCTUM__KEY_DELETE));
}

static void
test_keys__weights(void **state)
{
    (void)state;
    assert_true(sanctum__key_weight(SANCTUM__KEY_WORD, 0, 1000) == 0.0);
    assert_true(sanctum__key_weight(SANCTUM__KEY_WORD, 1, 1000)
                > sanctum__key_weight(SANCTUM__KEY_WORD, 100, 1000));
    assert_true(sanctum__key_weight(SANCTUM__KEY_WORD, 5, 1000)
                > sanctum__key_weight(SANCTUM__KEY_DELETE, 5, 1000));
    assert_true(sanctum__key_weight(SANCTUM__KEY_CANON, 5, 1000)
                > sanctum__key_weight(SANCTUM__KEY_SOUND, 5, 1000));
    assert_true(sanctum__key_weight(SANCTUM__KEY_WORD, 1000, 1000) > 0.0);
}

static void
test_candset__ranks_by_best_key_per_token(void **state)
{
    sanctum__candset *cs;
    uint64_t a[] = { 7, 3 }, b[] = { 3 }, c[] = { 9 }, out[8];
    size_t n;

    (void)state;
    assert_int_equal(sanctum__candset_new(&cs), 0);
    /* token 0: ids 7 and 3 by a weak key, 3 again by a strong one */
    assert_int_equal(sanctum__candset_add(cs, 0, 1.0, a, 2), 0);
    assert_int_equal(sanctum__candset_add(cs, 0, 5.0, b, 1), 0);
    /* several keys of one token count once (the best): 7 stays at 1.0 */
    assert_int_equal(sanctum__candset_add(cs, 0, 0.5, a, 1), 0);
    /* token 1 adds to 9 and 7 */
    assert_int_equal(sanctum__candset_add(cs, 1, 3.0, c, 1), 0);
    assert_int_equal(sanctum__candset_add(cs, 1, 1.5, a, 1), 0);
    assert_int_equal(sanctum__candset_count(cs), 3);
    n = sanctum__candset_top(cs, out, 8);
    assert_int_equal(n, 3);
    assert_int_equal(out[0], 3); /* 5.0 */
    assert_int_equal(out[1], 9); /* 3.0 */
    assert_int_equal(out[2], 7); /* 1.0 + 1.5 */
    /* a cap, and adding after top still works */
    assert_int_equal(sanctum__candset_add(cs, 2, 10.0, a, 1), 0);
    assert_int_equal(sanctum__candset_top(cs, out, 1), 1);
    assert_int_equal(out[0], 7);
    sanctum__candset_reset(cs);
    assert_int_equal(sanctum__candset_count(cs), 0);
    assert_int_equal(sanctum__candset_top(cs, out, 8), 0);
    sanctum__candset_free(cs);
    sanctum__candset_free(NULL);
}

static void
test_candset__grows(void **state)
{
    sanctum__candset *cs;
    uint64_t *ids = malloc(20000 * sizeof *ids), out[5];
    size_t i;

    (void)state;
    assert_non_null(ids);
    for (i = 0; i < 20000; i++)
        ids[i] = (uint64_t)i * 7919u;
    assert_int_equal(sanctum__candset_new(&cs), 0);
    assert_int_equal(sanctum__candset_add(cs, 0, 1.0, ids, 20000), 0);
    assert_int_equal(sanctum__candset_add(cs, 1, 2.0, ids + 100, 1), 0);
    assert_int_equal(sanctum__candset_count(cs), 20000);
    assert_int_equal(sanctum__candset_top(cs, out, 5), 5);
    assert_int_equal(out[0], 100u * 7919u);
    assert_int_equal(out[1], 0); /* ties by lower id */
    sanctum__candset_free(cs);
    free(ids);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys__ordered_and_unique),
        cmocka_unit_test(test_keys__callback_error_stops),
        cmocka_unit_test(test_keys__variants_share_a_key),
        cmocka_unit_test(test_keys__codes_and_numbers),
        cmocka_unit_test(test_keys__weights),
        cmocka_unit_test(test_candset__ranks_by_best_key_per_token),
        cmocka_unit_test(test_candset__grows),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* vectors.c - the string measures and phonetic codes against the jellyfish reference vectors. */
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "similarity.h"
#include "testutil.h"

/* Rows of a vector file: up to 4 fields each. */
struct rows {
    char *f[256][4];
    size_t nf[256];
    size_t n;
    size_t cur;
};

static void
on_field(void *s, size_t len, void *data)
{
    struct rows *r = data;
    char *v;

    if (r->n >= 256 || r->cur >= 4)
        return;
    v = calloc(1, len + 1);
    assert_non_null(v);
    memcpy(v, s, len);
    r->f[r->n][r->cur++] = v;
}

static void
on_row(int c, void *data)
{
    struct rows *r = data;

    (void)c;
    if (r->n >= 256)
        return;
    r->nf[r->n++] = r->cur;
    r->cur = 0;
}

/* libcsv trims spaces around unquoted fields unless told that no
 * character is a space; the vectors have meaningful trailing spaces. */
static int
no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Parse a jellyfish CSV (no header; fields may be quoted). */
static struct rows *
load(const char *file)
{
    struct rows *r = calloc(1, sizeof *r);
    struct csv_parser p;
    size_t len = 0;
    unsigned char *buf = tu_read_file(tu_data(file), &len);

    assert_non_null(r);
    assert_non_null(buf);
    assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
    csv_set_space_func(&p, no_space);
    assert_int_equal(csv_parse(&p, buf, len, on_field, on_row, r), len);
    assert_int_equal(csv_fini(&p, on_field, on_row, r), 0);
    csv_free(&p);
    free(buf);
    assert_true(r->n > 0);
    return r;
}

static void
unload(struct rows *r)
{
    size_t i, k;

    for (i = 0; i < r->n; i++)
        for (k = 0; k < r->nf[i]; k++)
            free(r->f[i][k]);
    free(r);
}

/* Fields 0, 1 and the expected value; a missing field is "". */
static const char *
fld(const struct rows *r, size_t i, size_t k)
{
    return k < r->nf[i] ? r->f[i][k] : "";
}

static void
check_similarity(const char *file, int which)
{
    struct rows *r = load(file);
    size_t i;

    for (i = 0; i < r->n; i++) {
        const char *a = fld(r, i, 0), *b = fld(r, i, 1);
        double want = atof(fld(r, i, 2)), got;

        if (which == 0)
            got = sanctum__jaro(a, strlen(a), b, strlen(b));
        else
            got = sanctum__jaro_winkler(a, strlen(a), b, strlen(b), which == 2);
        if (fabs(got - want) > 0.0011) {
            fprintf(stderr, "%s row %zu: got %.4f want %.4f\n", file, i + 1, got, want);
            fail();
        }
        /* symmetric */
        if (which == 0)
            assert_true(fabs(sanctum__jaro(b, strlen(b), a, strlen(a)) - got) < 1e-9);
    }
    unload(r);
}

static void
test_vectors__jaro(void **state)
{
    (void)state;
    check_similarity("jellyfish-jaro_distance.csv", 0);
}

static void
test_vectors__jaro_winkler(void **state)
{
    (void)state;
    check_similarity("jellyfish-jaro_winkler.csv", 1);
}

static void
test_vectors__jaro_winkler_longtol(void **state)
{
    (void)state;
    check_similarity("jellyfish-jaro_winkler_longtol.csv", 2);
}

static void
check_distance(const char *file, int which)
{
    struct rows *r = load(file);
    size_t i;

    for (i = 0; i < r->n; i++) {
        const char *a = fld(r, i, 0), *b = fld(r, i, 1);
        size_t want = (size_t)atol(fld(r, i, 2)), got = 0;

        if (which == 0)
            got = sanctum__levenshtein(a, strlen(a), b, strlen(b));
        else if (which == 1)
            assert_int_equal(sanctum__damerau_levenshtein(&got, a, strlen(a), b, strlen(b)), 0);
        else
            got = sanctum__hamming(a, strlen(a), b, strlen(b));
        if (got != want) {
            fprintf(stderr, "%s row %zu: got %zu want %zu\n", file, i + 1, got, want);
            fail();
        }
    }
    unload(r);
}

static void
test_vectors__levenshtein(void **state)
{
    (void)state;
    check_distance("jellyfish-levenshtein.csv", 0);
    /* the Wagner-Fischer file holds the same distances */
    check_distance("jellyfish-wagner_fischer.csv", 0);
}

static void
test_vectors__damerau_levenshtein(void **state)
{
    (void)state;
    check_distance("jellyfish-damerau_levenshtein.csv", 1);
}

static void
test_vectors__hamming(void **state)
{
    (void)state;
    check_distance("jellyfish-hamming.csv", 2);
}

static void
check_code(const char *file, int (*fn)(char *, size_t, const char *, size_t))
{
    struct rows *r = load(file);
    size_t i;

    for (i = 0; i < r->n; i++) {
        const char *in = fld(r, i, 0), *want = fld(r, i, 1);
        char got[128];
        int n = fn(got, sizeof got, in, strlen(in));

        assert_true(n >= 0);
        assert_int_equal((size_t)n, strlen(got));
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "%s row %zu: got '%s' want '%s'\n", file, i + 1, got, want);
            fail();
        }
    }
    unload(r);
}

static void
test_vectors__soundex(void **state)
{
    (void)state;
    check_code("jellyfish-soundex.csv", sanctum__soundex);
}

static void
test_vectors__metaphone(void **state)
{
    (void)state;
    check_code("jellyfish-metaphone.csv", sanctum__metaphone);
}

static void
test_vectors__nysiis(void **state)
{
    (void)state;
    check_code("jellyfish-nysiis.csv", sanctum__nysiis);
}

static void
test_codes__small_buffer_is_einval(void **state)
{
    char out[3];

    (void)state;
    assert_int_equal(sanctum__soundex(out, sizeof out, "Washington", 10), SANCTUM_EINVAL);
    assert_int_equal(sanctum__metaphone(out, sizeof out, "metaphone", 9), SANCTUM_EINVAL);
    assert_int_equal(sanctum__nysiis(out, 0, "John", 4), SANCTUM_EINVAL);
}

static void
test_measures__invalid_utf8_is_defined(void **state)
{
    size_t d = 99;

    (void)state;
    /* a stray byte counts as one code point of its own */
    assert_int_equal(sanctum__levenshtein("a\xff", 2, "ab", 2), 1);
    assert_int_equal(sanctum__damerau_levenshtein(&d, "\xc3", 1, "", 0), 0);
    assert_int_equal(d, 1);
    assert_true(sanctum__jaro_winkler("\xe2\x82", 2, "\xe2\x82", 2, 0) == 1.0);
}

/* Romanisation folds: one code for spellings lists use for one name. */
static void
test_codes__canon_folds_romanisations(void **state)
{
    static const char *const same[][2] = {
        { "zhelvinsky", "jelvinskiy" }, { "khoury", "khouri" }, { "kholmogrant", "holmogrant" },
        { "zavyalov", "zavjalov" }, { "levitsky", "levitskiy" }, { "kipkorir", "kipkorrir" },
        { "shamji", "shamjee" }, { "qasr", "kasr" }, { "husain", "hussain" },
        { "putyin", "putin" }, { "wladimir", "vladimir" }, { "khotintsev", "hotincev" },
        { "vladimirovitch", "vladimirovich" }, { "wladimirowitsch", "vladimirovich" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof same / sizeof same[0]; i++) {
        char a[64], b[64];

        sanctum__name_canon(a, sizeof a, same[i][0], strlen(same[i][0]));
        sanctum__name_canon(b, sizeof b, same[i][1], strlen(same[i][1]));
        if (strcmp(a, b) != 0) {
            fprintf(stderr, "canon %s -> %s, %s -> %s\n", same[i][0], a, same[i][1], b);
            fail();
        }
    }
}

static void
test_codes__skeleton_and_sound_class(void **state)
{
    char a[64], b[64];
    /* pairs that get one code, and the code where it is asserted; the
     * strict skeleton keeps f apart from b, and reads p as b and an
     * initial v as f, as Arabic writes them */
    static const struct {
        size_t (*code)(char *, size_t, const char *, size_t);
        const char *x, *y, *want; /* want NULL: x and y differ */
    } pairs[] = {
        /* Arabic-script transliterations carry no short vowels */
        { sanctum__name_skeleton, "mhmd", "muhammad", "mhmd" },
        { sanctum__name_skeleton, "bdallh", "abdullah", "bdl" },
        { sanctum__name_skeleton, "dwd", "david", "dd" },
        /* the loose one, which the index keys use, folds f into b ... */
        { sanctum__name_skeleton, "abd", "fadavi", "bd" },
        /* ... the strict one, which scoring checks, does not */
        { sanctum__name_skeleton_strict, "abd", "fadavi", NULL },
        { sanctum__name_skeleton_strict, "basha", "pasha", "bsh" },
        { sanctum__name_skeleton_strict, "fladimir", "vladimir", "fldmr" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        pairs[i].code(a, sizeof a, pairs[i].x, strlen(pairs[i].x));
        pairs[i].code(b, sizeof b, pairs[i].y, strlen(pairs[i].y));
        if (pairs[i].want == NULL) {
            assert_string_not_equal(a, b);
        } else {
            assert_string_equal(a, pairs[i].want);
            assert_string_equal(b, pairs[i].want);
        }
    }
    sanctum__name_skeleton_strict(a, sizeof a, "abd", 3);
    sanctum__name_skeleton_strict(b, sizeof b, "fadavi", 6);
    assert_string_equal(a, "bd");
    assert_string_equal(b, "fd");
    /* Korean, Chinese and Khmer renderings of Vladimir share a sound class */
    sanctum__name_sound_class(a, sizeof a, "vladimir", 8);
    assert_string_equal(a, "PLTNL");
    sanctum__name_sound_class(b, sizeof b, "beulladimileu", 13);
    assert_string_equal(a, b);
    sanctum__name_sound_class(b, sizeof b, "fulajimier", 10);
    assert_string_equal(a, b);
    sanctum__name_sound_class(a, sizeof a, "puchin", 6);
    sanctum__name_sound_class(b, sizeof b, "putin", 5);
    assert_string_equal(a, b);
    /* truncation keeps the string terminated */
    assert_int_equal(sanctum__name_canon(a, 3, "vladimir", 8), 2);
    assert_int_equal(strlen(a), 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors__jaro),
        cmocka_unit_test(test_vectors__jaro_winkler),
        cmocka_unit_test(test_vectors__jaro_winkler_longtol),
        cmocka_unit_test(test_vectors__levenshtein),
        cmocka_unit_test(test_vectors__damerau_levenshtein),
        cmocka_unit_test(test_vectors__hamming),
        cmocka_unit_test(test_vectors__soundex),
        cmocka_unit_test(test_vectors__metaphone),
        cmocka_unit_test(test_vectors__nysiis),
        cmocka_unit_test(test_codes__small_buffer_is_einval),
        cmocka_unit_test(test_measures__invalid_utf8_is_defined),
        cmocka_unit_test(test_codes__canon_folds_romanisations),
        cmocka_unit_test(test_codes__skeleton_and_sound_class),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

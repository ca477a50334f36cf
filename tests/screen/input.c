/* SPDX-License-Identifier: Apache-2.0 */
/* input.c - every bad query is refused with a clear error that names the query, never its text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_util.h"

#define SECRET_WORD "Zqxvelnorth"

/*
 * Run a batch of five good queries with query 3 replaced by `bad`, and
 * check: SANCTUM_EINVAL, no result, the detail names "query 3" and holds
 * `phrase`, never the name, and no audit entry was written.
 */
static void
refuse(tu_store *t, sanctum_screen_query bad, const char *phrase)
{
    sanctum_screen_query q[5] = {
        { "Maria Gonzalez", NULL, NULL, NULL }, { "John Smith", "Person", "1970", "us" },
        { NULL, NULL, NULL, NULL },             { "Blue Horizon", "Vessel", NULL, NULL },
        { "Ali Hassan", NULL, "1980-05-01", "IQ" },
    };
    sanctum_screen_result *r = (sanctum_screen_result *)1;
    uint64_t before = sc_audit_size(t->st);
    const char *err;

    q[2] = bad;
    assert_int_equal(sanctum_screen(&r, t->admin, q, 5, NULL, "test"), SANCTUM_EINVAL);
    assert_null(r);
    err = sanctum_last_error();
    if (strstr(err, "query 3") == NULL || strstr(err, phrase) == NULL)
        fail_msg("detail '%s' lacks 'query 3' or '%s'", err, phrase);
    assert_null(strstr(err, SECRET_WORD));
    if (bad.name != NULL && strlen(bad.name) > 3)
        assert_null(strstr(err, bad.name));
    assert_int_equal(sc_audit_size(t->st), before);
}

static void
test_bad_names(void **state)
{
    tu_store *t = *state;
    char *big = malloc(1026), *max = malloc(1025);
    sanctum_screen_result *r = NULL;
    sanctum_screen_query ok;

    refuse(t, (sanctum_screen_query){ NULL, NULL, NULL, NULL }, "empty");
    refuse(t, (sanctum_screen_query){ "", NULL, NULL, NULL }, "empty");
    /* longer than 1024 bytes */
    memset(big, 'a', 1025);
    memcpy(big, SECRET_WORD " ", 12);
    big[1025] = '\0';
    refuse(t, (sanctum_screen_query){ big, NULL, NULL, NULL }, "longer than 1024");
    /* exactly 1024 bytes (64 words of 16) is accepted */
    for (int i = 0; i < 64; i++)
        snprintf(max + 16 * i, 17, "%c%c%013d ", 'A' + i % 26, 'a' + i / 26, i);
    max[1023] = 'x';
    max[1024] = '\0';
    ok = (sanctum_screen_query){ max, NULL, NULL, NULL };
    assert_int_equal(strlen(max), 1024);
    if (sanctum_screen(&r, t->admin, &ok, 1, NULL, NULL) != SANCTUM_OK)
        fail_msg("1024 bytes: %s", sanctum_last_error());
    sanctum_screen_result_free(r);
    /* invalid UTF-8: a bad continuation, an overlong form, a surrogate, past
     * U+10FFFF, a truncated sequence, a lone continuation byte */
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \xC3\x28", NULL, NULL, NULL }, "UTF-8");
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \xC0\xAF", NULL, NULL, NULL }, "UTF-8");
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \xED\xA0\x80", NULL, NULL, NULL }, "UTF-8");
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \xF5\x80\x80\x80", NULL, NULL, NULL },
           "UTF-8");
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \xE2\x82", NULL, NULL, NULL }, "UTF-8");
    refuse(t, (sanctum_screen_query){ SECRET_WORD " \x80", NULL, NULL, NULL }, "UTF-8");
    /* nothing to match */
    refuse(t, (sanctum_screen_query){ "!!! ??? ---", NULL, NULL, NULL }, "nothing to match");
    free(big);
    free(max);
}

static void
test_bad_fields(void **state)
{
    tu_store *t = *state;
    static const char *const dates[] = { "80", "1980-13", "1980-05-32", "1980/05/01",
                                         "1980-05-01T10:00", "", "19800", "abcd" };
    static const char *const countries[] = { "usa", "u", "", "1a", "qq" };

    refuse(t, (sanctum_screen_query){ SECRET_WORD, "Persn", NULL, NULL }, "unknown schema");
    refuse(t, (sanctum_screen_query){ SECRET_WORD, "", NULL, NULL }, "unknown schema");
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        refuse(t, (sanctum_screen_query){ SECRET_WORD, NULL, dates[i], NULL }, "birth date");
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        refuse(t, (sanctum_screen_query){ SECRET_WORD, NULL, NULL, countries[i] },
               "nationality");
}

static void
test_bad_calls(void **state)
{
    tu_store *t = *state;
    sanctum_screen_query q = { "Maria Gonzalez", NULL, NULL, NULL };
    sanctum_screen_options o = SANCTUM_SCREEN_OPTIONS_INIT;
    sanctum_screen_result *r = NULL;
    sanctum_session *aud = tu_user(t, "audrey", SANCTUM_ROLE_AUDITOR, SANCTUM_LEVEL_OFFICIAL);
    uint64_t before = sc_audit_size(t->st);

    assert_int_equal(sanctum_screen(&r, t->admin, &q, 0, NULL, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen(&r, t->admin, NULL, 1, NULL, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen(NULL, t->admin, &q, 1, NULL, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, NULL, "two\nlines"), SANCTUM_EINVAL);
    o.version = 2;
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, &o, NULL), SANCTUM_EINVAL);
    o = (sanctum_screen_options)SANCTUM_SCREEN_OPTIONS_INIT;
    o.threshold = 1.5;
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, &o, NULL), SANCTUM_EINVAL);
    o.threshold = -0.1;
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, &o, NULL), SANCTUM_EINVAL);
    o.threshold = nan("");
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, &o, NULL), SANCTUM_EINVAL);
    assert_null(r);
    assert_int_equal(sanctum_screen(&r, aud, &q, 1, NULL, NULL), SANCTUM_EPERM);
    assert_null(r);
    assert_int_equal(sc_audit_size(t->st), before);
    /* the result accessors are safe on NULL and out of range */
    assert_int_equal(sanctum_screen_query_count(NULL), 0);
    assert_int_equal(sanctum_screen_match_count(NULL, 0), 0);
    assert_null(sanctum_screen_match_at(NULL, 0, 0));
    sanctum_screen_result_free(NULL);
    sanctum_session_close(aud);
}

static int
setup(void **state)
{
    tu_store *t = calloc(1, sizeof *t);
    char id[SANCTUM_ID_MAX];

    if (t == NULL)
        return -1;
    tu_store_setup(t, "screen-input");
    sc_add(t->admin, id, "Person", "name", "Maria Gonzalez", NULL);
    *state = t;
    return 0;
}

static int
teardown(void **state)
{
    tu_store_teardown(*state);
    free(*state);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_bad_fields),
        cmocka_unit_test(test_bad_calls),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

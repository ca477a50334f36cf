/* SPDX-License-Identifier: Apache-2.0 */
/* details.c - error details are one printable line and never echo caller text of another form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "fixture.h"
#include "testutil.h"
#include "utf8.h"

/* What a caller might pass by mistake where an id or a name belongs: a
 * name and birth date pasted from a record, a passport number, a name. */
static const char *const mistakes[] = {
    "John Smith\nDOB 1970-01-01",
    "X1234567",
    "John Smith",
    "Smith\r\n\x1b[2J\xff",
};

/* The last detail is one printable line (no control character, valid
 * UTF-8) and holds nothing of `input`'s words. */
static void
detail_hides(const char *input)
{
    const char *d = sanctum_last_error();

    assert_int_not_equal(d[0], '\0');
    for (const char *c = d; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            fail_msg("detail holds control character 0x%02x: %s", (unsigned char)*c, d);
    assert_true(sanctum__utf8_valid((const unsigned char *)d, strlen(d)));
    assert_null(strstr(d, input));
    assert_null(strstr(d, "Smith"));
    assert_null(strstr(d, "1970"));
    assert_null(strstr(d, "1234567"));
}

/* Whatever a detail is made from, it comes out as one printable line;
 * UTF-8 text (a store path, say) stays as it was. */
static void
test_details__formatter_makes_one_printable_line(void **state)
{
    char longer[700];
    const char *d;
    (void)state;

    assert_int_equal(sanctum__err(SANCTUM_EINVAL, "a%sb", "x\ny\r\tz\x7f"), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "ax?y??z?b");
    assert_int_equal(sanctum_last_error_code(), SANCTUM_EINVAL);
    /* not UTF-8: each byte; C1 (U+0085 NEL) and U+2028 LINE SEPARATOR */
    sanctum__err(SANCTUM_EIO, "[%s]", "\xff\xc3|\xc2\x85|\xe2\x80\xa8|\xed\xa0\x80");
    assert_string_equal(sanctum_last_error(), "[??|?|?|???]");
    sanctum__err(SANCTUM_ENOTFOUND, "no store at %s", "/srv/café/Zürich — 東京 🗂");
    assert_string_equal(sanctum_last_error(), "no store at /srv/café/Zürich — 東京 🗂");
    /* cut by the detail's size inside a sequence: still UTF-8 */
    for (size_t i = 0; i + 2 < sizeof longer; i += 2)
        memcpy(longer + i, "\xc3\xa9", 2);
    longer[sizeof longer - 1 - (sizeof longer - 1) % 2] = '\0';
    sanctum__err(SANCTUM_EINVAL, "%s", longer);
    d = sanctum_last_error();
    assert_true(sanctum__utf8_valid((const unsigned char *)d, strlen(d)));
    assert_null(strchr(d, '\n'));
}

/* An argument that should be an entity id is quoted only when it has the
 * form of one; other text is described by its length (a name pasted by
 * mistake must not land in a log), by every call taking an id. */
static void
test_details__ids_of_another_form_not_echoed(void **state)
{
    tu_store *t = *state;
    sanctum_session *appr = tu_user(t, "appr", SANCTUM_ROLE_APPROVER, SANCTUM_LEVEL_SECRET);
    sanctum_entity *p = tu_person(t->admin, "Stored Person", NULL), *g;
    sanctum_disclosure *dis;
    const char *ids[2];
    const char *meta;

    for (size_t i = 0; i < sizeof mistakes / sizeof mistakes[0]; i++) {
        const char *bad = mistakes[i];

        assert_int_equal(sanctum_entity_get(&g, t->admin, bad, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_non_null(strstr(sanctum_last_error(), "not an entity id ("));
        ids[0] = sanctum_entity_id(p);
        ids[1] = bad;
        assert_int_equal(sanctum_entity_get_batch((sanctum_entity *[2]){ NULL, NULL }, t->admin,
                                                  ids, 2, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_entity_delete(t->admin, bad, 0, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_entity_meta(t->admin, bad, &meta, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_case_set_status(t->admin, bad, SANCTUM_CASE_INVESTIGATING,
                                                 NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_case_approve(appr, bad, SANCTUM_CASE_DESIGNATED, NULL),
                         SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_disclosure_begin(&dis, t->admin, ids, 2, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
    }
    /* text of id form is quoted: a mistyped id shows */
    assert_int_equal(sanctum_entity_get(&g, t->admin, "PER-ZZZZ-ZZZU", NULL), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "'PER-ZZZZ-ZZZU' is not an entity id");
    assert_int_equal(sanctum_entity_get(&g, t->admin, NULL, NULL), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "no entity id given");
    sanctum_entity_free(p);
    sanctum_session_close(appr);
}

/* Schema and property names likewise: quoted when they have the form of
 * a name, else described by their length. */
static void
test_details__names_of_another_form_not_echoed(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e;
    sanctum_id_list *l;
    size_t n;

    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    for (size_t i = 0; i < sizeof mistakes / sizeof mistakes[0]; i++) {
        const char *bad = mistakes[i];
        sanctum_entity *none;

        if (i == 1)
            continue; /* "X1234567" has the form of a name: quoted, as a typo would be */
        assert_int_equal(sanctum_entity_new(&none, bad), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_non_null(strstr(sanctum_last_error(), "unknown schema ("));
        assert_int_equal(sanctum_entity_add(e, bad, "x", 0), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_non_null(strstr(sanctum_last_error(), "schema Person has no property"));
        assert_int_equal(sanctum_entity_remove(e, bad, NULL), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_entity_list(&l, t->admin, bad), SANCTUM_EINVAL);
        detail_hides(bad);
        assert_int_equal(sanctum_screen_identifier(NULL, 0, &n, t->admin, bad, "AB123456", NULL),
                         SANCTUM_EINVAL);
        detail_hides(bad);
    }
    sanctum_entity_free(e);
    assert_int_equal(sanctum_entity_new(&e, "Persn"), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "unknown schema 'Persn'");
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "shoeSize", "44", 0), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "schema Person has no property 'shoeSize'");
    assert_int_equal(sanctum_screen_identifier(NULL, 0, &n, t->admin, "name", "AB123456", NULL),
                     SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "'name' is not an identifier property");
    sanctum_entity_free(e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details__formatter_makes_one_printable_line),
        TU_STORE_TEST(test_details__ids_of_another_form_not_echoed),
        TU_STORE_TEST(test_details__names_of_another_form_not_echoed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

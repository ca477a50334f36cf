/* SPDX-License-Identifier: Apache-2.0 */
/* screen.c - screening finds names reordered, mistyped and in other scripts, within clearance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sc_util.h"
#include "screen.h"

/* A small store: a few listed persons among look-alikes. */
typedef struct world {
    tu_store t;
    char putin[SANCTUM_ID_MAX], petrov[SANCTUM_ID_MAX], putilov[SANCTUM_ID_MAX];
    char nasser[SANCTUM_ID_MAX], zouabri[SANCTUM_ID_MAX], khalil[SANCTUM_ID_MAX];
    char mansour[SANCTUM_ID_MAX];
    char company[SANCTUM_ID_MAX], vessel[SANCTUM_ID_MAX];
} world;

static int
setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    sanctum_session *a;

    if (w == NULL)
        return -1;
    tu_store_setup(&w->t, "screen");
    a = w->t.admin;
    sc_add(a, w->putin, "Person", "name", "Vladimir Vladimirovich PUTIN", "alias",
           "Putin Vladimir", "birthDate", "1952-10-07", "nationality", "ru", NULL);
    sc_add(a, w->petrov, "Person", "name", "Vladimir Petrov", "birthDate", "1970",
           "nationality", "ru", NULL);
    sc_add(a, w->putilov, "Person", "name", "Ivan Putilov", NULL);
    sc_add(a, w->nasser, "Person", "name", "Sami Nasser", "weakAlias", "Samy Nasser",
           "nationality", "lb", NULL);
    sc_add(a, w->zouabri, "Person", "name", "Farid Zouabri", "weakAlias", "Abu Yahya", NULL);
    sc_add(a, w->mansour, "Person", "name", "Khalid Tarek Mansour Yahya", "weakAlias",
           "Abu Tarek", NULL);
    sc_add(a, w->khalil, "Person", "name", "Rania Haddad", "alias:secret",
           "Omar Qaddouri Khalil", NULL);
    sc_add(a, w->company, "Company", "name", "Blue Horizon Shipping Ltd", NULL);
    sc_add(a, w->vessel, "Vessel", "name", "Blue Horizon", "imoNumber", "9123456", NULL);
    *state = w;
    return 0;
}

static int
teardown(void **state)
{
    world *w = *state;

    tu_store_teardown(&w->t);
    free(w);
    return 0;
}

/* The best match of a single-query result is `id` and reaches the threshold. */
static void
expect_top(sanctum_session *s, const char *name, const char *id)
{
    sanctum_screen_result *r = sc_screen(s, name, NULL, NULL, NULL);
    const sanctum_screen_match *m = sanctum_screen_match_at(r, 0, 0);

    if (m == NULL || strcmp(m->id, id) != 0)
        fail_msg("query %s: expected %s first, got %s", name, id, m ? m->id : "nothing");
    assert_true(m->score >= sanctum_screen_default_threshold());
    assert_true(m->score <= 1.0);
    assert_non_null(m->explanation);
    assert_non_null(m->matched_name);
    sanctum_screen_result_free(r);
}

static void
test_reordered_mistyped_other_script(void **state)
{
    world *w = *state;
    sanctum_session *a = w->t.admin;

    expect_top(a, "Vladimir Putin", w->putin);
    expect_top(a, "PUTIN, Vladimir", w->putin);
    expect_top(a, "Vladimir Putn", w->putin);
    expect_top(a, "Vladmir Vladimirovich Putin", w->putin);
    expect_top(a, "Владимир Путин", w->putin);
    expect_top(a, "Ivan Putilov", w->putilov);
    expect_top(a, "Sami Naser", w->nasser);
}

static void
test_match_fields(void **state)
{
    world *w = *state;
    sanctum_screen_result *r = sc_screen(w->t.admin, "Putin Vladimir", "Person", NULL, NULL);
    const sanctum_screen_match *m = sanctum_screen_match_at(r, 0, 0);

    assert_non_null(m);
    assert_string_equal(m->id, w->putin);
    assert_string_equal(m->schema, "Person");
    assert_string_equal(m->caption, "Vladimir Vladimirovich PUTIN");
    assert_true(strcmp(m->matched_prop, "name") == 0 || strcmp(m->matched_prop, "alias") == 0);
    assert_true(m->name_score >= m->score - 0.2);
    assert_true(m->birth_factor == 1.0 && m->nat_factor == 1.0);
    assert_null(sanctum_screen_match_at(r, 0, sanctum_screen_match_count(r, 0)));
    assert_null(sanctum_screen_match_at(r, 1, 0));
    sanctum_screen_result_free(r);
}

static void
test_no_match(void **state)
{
    world *w = *state;
    sanctum_screen_result *r = sc_screen(w->t.admin, "Zebulon Quaxworthy", NULL, NULL, NULL);

    assert_int_equal(sanctum_screen_match_count(r, 0), 0);
    sanctum_screen_result_free(r);
}

static void
test_birth_and_nationality(void **state)
{
    world *w = *state;
    sanctum_screen_result *same = sc_screen(w->t.admin, "Vladimir Putin", NULL, "1952", "RU");
    sanctum_screen_result *diff = sc_screen(w->t.admin, "Vladimir Putin", NULL, "1990-01", "fr");
    const sanctum_screen_match *ms = sanctum_screen_match_at(same, 0, 0);
    int i = sc_find(diff, 0, w->putin);

    assert_non_null(ms);
    assert_string_equal(ms->id, w->putin);
    assert_non_null(strstr(ms->explanation, "birth year agrees"));
    assert_non_null(strstr(ms->explanation, "nationality agrees"));
    if (i >= 0) {
        const sanctum_screen_match *md = sanctum_screen_match_at(diff, 0, (size_t)i);
        assert_true(md->birth_factor < 1.0);
        assert_true(md->nat_factor < 1.0);
        assert_true(md->score < ms->score);
    }
    sanctum_screen_result_free(same);
    sanctum_screen_result_free(diff);
}

static void
test_weak_alias(void **state)
{
    world *w = *state;
    sanctum_screen_result *r;
    const sanctum_screen_match *m;

    /* a weak alias alone never raises a match: neither when only the weak
     * alias shares words with the query, nor when the entity is a
     * candidate through a strong name that does not reach the threshold */
    r = sc_screen(w->t.admin, "Abu Yahya", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->zouabri), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(w->t.admin, "Abu Tarek", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->mansour), -1);
    sanctum_screen_result_free(r);
    {
        /* ... though it was a candidate, its weak alias scoring 1.0 */
        sanctum_screen_query q = { "Abu Tarek", NULL, NULL, NULL };
        sanctum_screen_options o = SANCTUM_SCREEN_OPTIONS_INIT;
        int i;
        o.threshold = 0.3;
        assert_int_equal(sanctum_screen(&r, w->t.admin, &q, 1, &o, NULL), SANCTUM_OK);
        assert_true((i = sc_find(r, 0, w->mansour)) >= 0);
        assert_true(sanctum_screen_match_at(r, 0, (size_t)i)->score <
                    sanctum_screen_default_threshold());
        assert_string_equal(sanctum_screen_match_at(r, 0, (size_t)i)->matched_prop, "name");
        sanctum_screen_result_free(r);
    }
    r = sc_screen(w->t.admin, "Samy Nasser", NULL, NULL, NULL);
    m = sanctum_screen_match_at(r, 0, 0);
    /* ... it confirms one made by a strong name */
    assert_non_null(m);
    assert_string_equal(m->id, w->nasser);
    assert_string_equal(m->matched_prop, "name");
    assert_non_null(strstr(m->explanation, "weak alias agrees"));
    sanctum_screen_result_free(r);
}

static void
test_clearance(void **state)
{
    world *w = *state;
    sanctum_session *off = tu_user(&w->t, "olga", SANCTUM_ROLE_ANALYST,
                                   SANCTUM_LEVEL_OFFICIAL);
    sanctum_screen_result *r;

    /* the secret alias is found by a user cleared for it ... */
    r = sc_screen(w->t.admin, "Omar Qaddouri Khalil", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->khalil), 0);
    assert_string_equal(sanctum_screen_match_at(r, 0, 0)->matched_prop, "alias");
    sanctum_screen_result_free(r);
    /* ... never for an official analyst, whose index keys cannot even test it */
    r = sc_screen(off, "Omar Qaddouri Khalil", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->khalil), -1);
    sanctum_screen_result_free(r);
    /* the official name still is */
    r = sc_screen(off, "Rania Haddad", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->khalil), 0);
    sanctum_screen_result_free(r);
    sanctum_session_close(off);
}

static void
test_schema_filter(void **state)
{
    world *w = *state;
    sanctum_screen_result *r;

    r = sc_screen(w->t.admin, "Blue Horizon", "Vessel", NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->vessel), 0);
    assert_int_equal(sc_find(r, 0, w->company), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(w->t.admin, "Blue Horizon Shipping Limited", "Organization", NULL, NULL);
    assert_int_equal(sc_find(r, 0, w->company), 0);
    assert_int_equal(sc_find(r, 0, w->vessel), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(w->t.admin, "Vladimir Putin", "Company", NULL, NULL);
    assert_int_equal(sanctum_screen_match_count(r, 0), 0);
    sanctum_screen_result_free(r);
}

/* Candidates are ranked by the query words they hold before any name is
 * decrypted, so a name of just those words ties with every longer name
 * holding them. Found at the default limit all the same: the tie at the
 * cut is scored whole, and a schema filter acts before the cut, so forty
 * persons cannot take a vessel's places. */
static void
test_exact_name_among_namesakes(void **state)
{
    char exact[SANCTUM_ID_MAX], vessel[SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "namesakes");
    sc_add_namesakes(t.admin, "Muhammad Ali", 40);
    sc_add(t.admin, exact, "Person", "name", "Muhammad Ali", NULL);
    sc_add_namesakes(t.admin, "Hadi", 40);
    sc_add(t.admin, vessel, "Vessel", "name", "HADI", NULL);

    r = sc_screen(t.admin, "Muhammad Ali", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, exact), 0);
    assert_true(sanctum_screen_match_at(r, 0, 0)->score > 0.999);
    assert_int_equal(sanctum_screen_unscored(r, 0), 0);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "Muhammad Ali", "Person", NULL, NULL);
    assert_int_equal(sc_find(r, 0, exact), 0);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "HADI", "Vessel", NULL, NULL);
    assert_int_equal(sc_find(r, 0, vessel), 0);
    assert_int_equal(sanctum_screen_match_count(r, 0), 1);
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

/* A lone transliterated word (Greek `Αλέξανδρος`) meets a lone
 * "Alexander" only in its first five letters, a key every Aleksei and
 * Aleksandra shares. Names sharing more keys fill the first candidates
 * without matching; the lone name sits in the tie below them, and which
 * of that tie made the cut hung on random ids. When the first candidates
 * give no match, that tie is scored whole, as for Arabic or Han queries. */
static void
test_lone_transliterated_word_among_namesakes(void **state)
{
    char target[SANCTUM_ID_MAX], other[SANCTUM_ID_MAX], name[96];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "greek");
    for (int i = 0; i < 20; i++) { /* more keys shared, no match (3 words) */
        snprintf(name, sizeof name, "Aleksandro %c%corov Tanek%c", 'a' + i % 26,
                 'a' + i / 26, 'a' + i % 7);
        sc_add(t.admin, other, "Person", "name", name, NULL);
    }
    sc_add_namesakes(t.admin, "Aleksei", 600); /* the first five letters only */
    sc_add(t.admin, target, "Person", "name", "Alexander", NULL);
    r = sc_screen(t.admin, "Αλέξανδρος", "Person", NULL, NULL);
    assert_int_equal(sc_find(r, 0, target), 0);
    assert_true(sanctum_screen_match_at(r, 0, 0)->score >= sanctum_screen_default_threshold());
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

/* More names tie at the best rank than are ever scored: the result says
 * how many were left unscored instead of passing over them in silence.
 * A query whose best candidate stands alone is complete. */
static void
test_unscored_ties_are_reported(void **state)
{
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "ties");
    sc_add_namesakes(t.admin, "Hadi", 1100);
    r = sc_screen(t.admin, "Hadi", "Person", NULL, NULL);
    assert_int_equal(sanctum_screen_unscored(r, 0), 1100 - 1024);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "Hadi Karanov", "Person", NULL, NULL);
    assert_int_equal(sanctum_screen_unscored(r, 0), 0);
    assert_true(sanctum_screen_match_count(r, 0) >= 1);
    sanctum_screen_result_free(r);
    assert_int_equal(sanctum_screen_unscored(NULL, 0), 0);
    tu_store_teardown(&t);
}

/* Names made only of numbers, initials or codes mixing letters and digits
 * (found screening the OFAC list against itself) are found by their own
 * spelling, written apart or together; a code one digit apart is not. */
static void
test_codes_and_numbers(void **state)
{
    static const struct {
        const char *schema, *name;
        const char *queries[3];
    } listed[] = {
        { "Organization", "MS-13", { "MS-13", "MS13", "ms 13" } },
        { "Organization", "M23", { "M23", "M 23", NULL } },
        { "Organization", "APT39", { "APT39", "APT 39", NULL } },
        { "Company", "SOURCE1HERBS", { "SOURCE1HERBS", "Source 1 Herbs", NULL } },
        { "Company", "11420 CORP.", { "11420 Corp", "11420", NULL } },
        { "Vessel", "VALFAJR2", { "VALFAJR2", "Valfajr 2", NULL } },
        { "Vessel", "7-28", { "7-28", "7 28", NULL } },
        { "Airplane", "P-532", { "P-532", "P532", NULL } },
    };
    char id[sizeof listed / sizeof listed[0]][SANCTUM_ID_MAX], apt38[SANCTUM_ID_MAX];
    char v729[SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "codes");
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
        sc_add(t.admin, id[i], listed[i].schema, "name", listed[i].name, NULL);
    sc_add(t.admin, apt38, "Organization", "name", "APT38", NULL);
    sc_add(t.admin, v729, "Vessel", "name", "7-29", NULL);
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
        for (size_t k = 0; k < 3 && listed[i].queries[k] != NULL; k++) {
            for (int with_schema = 0; with_schema < 2; with_schema++) {
                const char *q = listed[i].queries[k];
                r = sc_screen(t.admin, q, with_schema ? listed[i].schema : NULL, NULL, NULL);
                if (sc_find(r, 0, id[i]) != 0)
                    fail_msg("query %s (schema %s): %s not found first", q,
                             with_schema ? listed[i].schema : "none", listed[i].name);
                assert_true(sanctum_screen_match_at(r, 0, 0)->score >= 0.99);
                sanctum_screen_result_free(r);
            }
        }
    }
    /* one digit apart: another code, another vessel */
    r = sc_screen(t.admin, "APT39", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, apt38), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "7-28", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, v729), -1);
    assert_int_equal(sanctum_screen_match_count(r, 0), 1);
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

/* A single-letter Roman numeral ends a vessel's name as a number: the
 * same vessel as "1", another vessel than "XIV". */
static void
test_roman_numeral_at_the_end(void **state)
{
    char one[SANCTUM_ID_MAX], fourteen[SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "roman");
    sc_add(t.admin, one, "Vessel", "name", "BICENTENARIO I", NULL);
    sc_add(t.admin, fourteen, "Vessel", "name", "BICENTENARIO XIV", NULL);
    r = sc_screen(t.admin, "BICENTENARIO XIV", "Vessel", NULL, NULL);
    assert_int_equal(sc_find(r, 0, fourteen), 0);
    assert_int_equal(sc_find(r, 0, one), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "Bicentenario 1", "Vessel", NULL, NULL);
    assert_int_equal(sc_find(r, 0, one), 0);
    assert_true(sanctum_screen_match_at(r, 0, 0)->score > 0.99);
    assert_int_equal(sc_find(r, 0, fourteen), -1);
    sanctum_screen_result_free(r);
    r = sc_screen(t.admin, "BICENTENARIO I", "Vessel", NULL, NULL);
    assert_int_equal(sanctum_screen_match_count(r, 0), 1);
    assert_int_equal(sc_find(r, 0, one), 0);
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

/* A company's legal form neither makes nor blocks a match, through the
 * store, with a schema or without: the demo's Albanian "Sh.p.k.", a Gulf
 * "W.L.L.", and a short form kept as "CECOEX, S.A." keeps its "S.A.". */
static void
test_legal_forms_do_not_block(void **state)
{
    static const struct {
        const char *stored, *query;
    } cases[] = {
        { "Adriatic Marine Engines Sh.p.k.", "Adriatic Marine Engines" },
        { "Gulf Star Trading W.L.L.", "Gulf Star Trading" },
        { "Kazakh Oil TOO", "Kazakh Oil" },
        { "CECOEX, S.A.", "Cecoex" },
        { "TAATTA, AO", "Taatta" },
    };
    char id[5][SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "legal");
    for (size_t i = 0; i < 5; i++)
        sc_add(t.admin, id[i], "Company", "name", cases[i].stored, NULL);
    for (size_t i = 0; i < 5; i++) {
        for (int with_schema = 0; with_schema < 2; with_schema++) {
            r = sc_screen(t.admin, cases[i].query, with_schema ? "Company" : NULL, NULL, NULL);
            assert_int_equal(sc_find(r, 0, id[i]), 0);
            assert_true(sanctum_screen_match_at(r, 0, 0)->score > 0.99);
            sanctum_screen_result_free(r);
        }
    }
    /* the form written another way finds it too */
    r = sc_screen(t.admin, "Adriatic Marine Engines SHPK", "Company", NULL, NULL);
    assert_int_equal(sc_find(r, 0, id[0]), 0);
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

/* A query without a schema is read as a person's name and as a company's
 * too, and each candidate is scored against the reading of its own
 * schema: titles stay in organisation and vessel names ("General",
 * "Marshal", "Engineer"), and vessels read Roman numerals. A candidate
 * never scores below the "any" reading, as such queries were scored
 * before. */
static void
test_no_schema_reads_every_kind(void **state)
{
    static const struct {
        const char *schema, *name, *query;
    } listed[] = {
        { "Company", "KOREA RYONBONG GENERAL CORPORATION", "Korea Ryonbong General Corporation" },
        { "Vessel", "MARSHAL ZHUKOV", "Marshal Zhukov" },
        { "Organization", "STUDENTS OF THE ENGINEER", "Students of the Engineer" },
        { "Vessel", "DIAMOND II", "Diamond II" },
        { "Vessel", "DIAMOND III", "DIAMOND 3" },
        { "Person", "General Abdul Rashid Dostum", "Abdul Rashid Dostum" },
        { "Airplane", "P-532", "P-532" },
        /* and never below its "any" reading, which drops a legal form */
        { "Person", "John Smith", "John Smith Ltd" },
    };
    char id[sizeof listed / sizeof listed[0]][SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    tu_store t;

    (void)state;
    tu_store_setup(&t, "noschema");
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
        sc_add(t.admin, id[i], listed[i].schema, "name", listed[i].name, NULL);
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
        r = sc_screen(t.admin, listed[i].query, NULL, NULL, NULL);
        if (sc_find(r, 0, id[i]) != 0)
            fail_msg("query %s: %s not found first", listed[i].query, listed[i].name);
        if (sanctum_screen_match_at(r, 0, 0)->score < 0.99)
            fail_msg("query %s: %.3f", listed[i].query, sanctum_screen_match_at(r, 0, 0)->score);
        sanctum_screen_result_free(r);
    }
    /* the other vessel's number differs */
    r = sc_screen(t.admin, "Diamond II", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, id[4]), -1);
    sanctum_screen_result_free(r);
    /* a person's title is still no part of the person's name */
    r = sc_screen(t.admin, "Marshal Abdul Rashid Dostum", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, id[5]), 0);
    sanctum_screen_result_free(r);
    /* a schema narrows the readings to its own */
    r = sc_screen(t.admin, "Marshal Zhukov", "Vessel", NULL, NULL);
    assert_int_equal(sc_find(r, 0, id[1]), 0);
    sanctum_screen_result_free(r);
    tu_store_teardown(&t);
}

static void
test_batch_threads_limit(void **state)
{
    world *w = *state;
    sanctum_screen_query q[40];
    sanctum_screen_options o = SANCTUM_SCREEN_OPTIONS_INIT;
    sanctum_screen_result *r = NULL;
    uint64_t before = sc_audit_size(w->t.st);

    for (size_t i = 0; i < 40; i++) {
        static const char *const names[4] = { "Vladimir Putin", "Ivan Putilov",
                                              "Nobody Atall", "Sami Nasser" };
        q[i] = (sanctum_screen_query){ names[i % 4], NULL, NULL, NULL };
    }
    o.threads = 2;
    o.limit = 1;
    assert_int_equal(sanctum_screen(&r, w->t.admin, q, 40, &o, "batch"), SANCTUM_OK);
    assert_int_equal(sanctum_screen_query_count(r), 40);
    for (size_t i = 0; i < 40; i++) {
        const char *want = i % 4 == 0 ? w->putin : i % 4 == 1 ? w->putilov
                         : i % 4 == 3 ? w->nasser : NULL;
        if (want == NULL) {
            assert_int_equal(sanctum_screen_match_count(r, i), 0);
        } else {
            assert_int_equal(sanctum_screen_match_count(r, i), 1);
            assert_string_equal(sanctum_screen_match_at(r, i, 0)->id, want);
        }
    }
    sanctum_screen_result_free(r);
    /* one consultation for the whole batch */
    assert_int_equal(sc_audit_size(w->t.st), before + 1);
    /* a threshold of 1 keeps only exact names */
    o.threshold = 1.0;
    o.limit = 0;
    o.threads = 1;
    assert_int_equal(sanctum_screen(&r, w->t.admin, &q[0], 1, &o, NULL), SANCTUM_OK);
    for (size_t i = 0; i < sanctum_screen_match_count(r, 0); i++)
        assert_true(sanctum_screen_match_at(r, 0, i)->score >= 1.0);
    sanctum_screen_result_free(r);
}

static void
test_identifier(void **state)
{
    world *w = *state;
    char id[SANCTUM_ID_MAX], out[4][SANCTUM_ID_MAX];
    sanctum_session *off = tu_user(&w->t, "oscar", SANCTUM_ROLE_ANALYST,
                                   SANCTUM_LEVEL_OFFICIAL);
    size_t n = 99;
    uint64_t before;

    sc_add(w->t.admin, id, "Person", "name", "Karim Benali", "passportNumber", "AB 123-456.7",
           "idNumber:official", "X-99", NULL);
    before = sc_audit_size(w->t.st);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, NULL, "ab1234567",
                                               "check"), SANCTUM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(out[0], id);
    assert_int_equal(sc_audit_size(w->t.st), before + 1);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, "passportNumber",
                                               "AB1234567", NULL), SANCTUM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, "idNumber",
                                               "AB1234567", NULL), SANCTUM_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, "nationality", "x",
                                               NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, NULL, "", NULL),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, NULL, "--..", NULL),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, w->t.admin, NULL, "\xff\xfe", NULL),
                     SANCTUM_EINVAL);
    /* a passport number is sensitive: an official analyst cannot find it, an
     * official id number it can */
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, off, NULL, "AB1234567", NULL),
                     SANCTUM_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sanctum_screen_identifier(out, 4, &n, off, NULL, "x99", NULL),
                     SANCTUM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(out[0], id);
    /* cap 0: the count only */
    assert_int_equal(sanctum_screen_identifier(NULL, 0, &n, off, NULL, "x99", NULL),
                     SANCTUM_OK);
    assert_int_equal(n, 1);
    sanctum_session_close(off);
}

/* The screening accumulator ranks exactly as sanctum__candset does. */
static void
test_accumulator(void **state)
{
    sanctum__candset *cs = NULL;
    sanctum__sacc *a = NULL;
    uint64_t ids[500], x[64], y[64];

    (void)state;
    assert_int_equal(sanctum__candset_new(&cs), 0);
    assert_int_equal(sanctum__sacc_new(&a), 0);
    srand(7);
    for (int round = 0; round < 20; round++) {
        sanctum__candset_reset(cs);
        sanctum__sacc_reset(a);
        for (unsigned int tok = 0; tok < 4; tok++)
            for (int key = 0; key < 5; key++) {
                size_t n = (size_t)(rand() % 500);
                double w = (double)(rand() % 40) / 4.0;
                for (size_t i = 0; i < n; i++)
                    ids[i] = (uint64_t)(rand() % (round % 2 ? 3000 : 300));
                assert_int_equal(sanctum__candset_add(cs, tok, w, ids, n), 0);
                assert_int_equal(sanctum__sacc_add(a, tok, w, ids, n), 0);
            }
        for (size_t cap = 1; cap <= 64; cap = cap * 2 + 1) {
            size_t nx = sanctum__candset_top(cs, x, cap), ny = sanctum__sacc_top(a, y, cap);
            assert_int_equal(nx, ny);
            assert_memory_equal(x, y, nx * sizeof *x);
        }
    }
    sanctum__candset_free(cs);
    sanctum__sacc_free(a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reordered_mistyped_other_script),
        cmocka_unit_test(test_exact_name_among_namesakes),
        cmocka_unit_test(test_lone_transliterated_word_among_namesakes),
        cmocka_unit_test(test_unscored_ties_are_reported),
        cmocka_unit_test(test_match_fields),
        cmocka_unit_test(test_no_match),
        cmocka_unit_test(test_birth_and_nationality),
        cmocka_unit_test(test_weak_alias),
        cmocka_unit_test(test_clearance),
        cmocka_unit_test(test_schema_filter),
        cmocka_unit_test(test_codes_and_numbers),
        cmocka_unit_test(test_roman_numeral_at_the_end),
        cmocka_unit_test(test_legal_forms_do_not_block),
        cmocka_unit_test(test_no_schema_reads_every_kind),
        cmocka_unit_test(test_batch_threads_limit),
        cmocka_unit_test(test_identifier),
        cmocka_unit_test(test_accumulator),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

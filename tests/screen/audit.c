/* SPDX-License-Identifier: Apache-2.0 */
/* audit.c - a screening run is one consultation entry: refs, count, commitment, no query text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_util.h"

typedef struct world {
    tu_store t;
    char a[SANCTUM_ID_MAX], b[SANCTUM_ID_MAX];
} world;

static int
verify(world *w)
{
    sanctum_verify_report rep;
    char path[4096], *trust = NULL;
    size_t len;
    int rc;

    assert_int_equal(sanctum_trust_export(&trust, &len, w->t.st), 0);
    snprintf(path, sizeof path, "%s/store", w->t.dir);
    rc = sanctum_audit_verify(&rep, path, trust, len, NULL);
    sanctum_free(trust);
    if (rc != SANCTUM_OK)
        fprintf(stderr, "verify: %s (expected %s, found %s)\n", rep.what, rep.expected,
                rep.found);
    return rc;
}

/* The payload of entry `index`: u32 query count || 32-byte commitment. */
static void
payload(world *w, uint64_t index, uint32_t *count, unsigned char commit[32])
{
    unsigned char *raw = NULL;
    size_t len;
    const unsigned char *p;

    assert_int_equal(sanctum_audit_entry_raw(&raw, &len, w->t.st, index), 0);
    assert_true(len > 64 + 40);
    p = raw + len - 64 - 40;
    assert_int_equal(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     p[3], 36);
    *count = ((uint32_t)p[4] << 24) | ((uint32_t)p[5] << 16) | ((uint32_t)p[6] << 8) | p[7];
    memcpy(commit, p + 8, 32);
    sanctum_free(raw);
}

static void
test_entry(void **state)
{
    world *w = *state;
    static const char *const words[] = { "Vladimir", "vladimir", "VLADIMIR", "Putin", "putin",
                                         "PUTIN", "vladimir putin", "Putn", "putn", "1952" };
    sanctum_screen_query q[2] = { { "Vladimir Putn", "Person", "1952", "ru" },
                                  { "Nobody Special", NULL, NULL, NULL } };
    sanctum_screen_result *r = NULL;
    sanctum_audit_entry *e = NULL;
    unsigned char *raw = NULL, c1[32], c2[32];
    uint64_t n;
    uint32_t count;
    size_t len;

    assert_int_equal(sanctum_screen(&r, w->t.admin, q, 2, NULL, "weekly screening"), 0);
    assert_int_equal(sanctum_screen_match_count(r, 0), 1);
    assert_string_equal(sanctum_screen_match_at(r, 0, 0)->id, w->a);
    sanctum_screen_result_free(r);
    n = sc_audit_size(w->t.st);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, n - 1), 0);
    assert_string_equal(e->action, "lookup");
    assert_string_equal(e->purpose, "weekly screening");
    assert_int_equal(e->nrefs, 1);
    assert_string_equal(e->refs[0].id, w->a);
    assert_int_equal(e->refs[0].revision, 1);
    /* described as a count and the commitment, never the names */
    assert_true(strncmp(e->detail, "2 names screened; query commitment ", 35) == 0);
    assert_int_equal(strlen(e->detail), 35 + 64);
    sanctum_audit_entry_free(e);
    /* the entry holds no query text, only a count and a keyed commitment */
    assert_int_equal(sanctum_audit_entry_raw(&raw, &len, w->t.st, n - 1), 0);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (tu_memmem(raw, len, words[i], strlen(words[i])))
            fail_msg("the lookup entry holds '%s'", words[i]);
    sanctum_free(raw);
    payload(w, n - 1, &count, c1);
    assert_int_equal(count, 2);
    /* equal runs commit equally, other runs not */
    assert_int_equal(sanctum_screen(&r, w->t.admin, q, 2, NULL, NULL), 0);
    sanctum_screen_result_free(r);
    payload(w, n, &count, c2);
    assert_memory_equal(c1, c2, 32);
    assert_int_equal(sanctum_screen(&r, w->t.admin, q, 1, NULL, NULL), 0);
    sanctum_screen_result_free(r);
    payload(w, n + 1, &count, c2);
    assert_int_equal(count, 1);
    assert_memory_not_equal(c1, c2, 32);
    assert_int_equal(verify(w), 0);
}

static void
test_identifier_entry(void **state)
{
    world *w = *state;
    char out[2][SANCTUM_ID_MAX];
    size_t n = 0;
    unsigned char *raw = NULL;
    sanctum_audit_entry *e = NULL;
    uint64_t size;
    size_t len;

    assert_int_equal(sanctum_screen_identifier(out, 2, &n, w->t.admin, "passportNumber",
                                               "p 4455-66", "check"), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0], w->b);
    size = sc_audit_size(w->t.st);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, size - 1), 0);
    assert_string_equal(e->action, "lookup");
    assert_int_equal(e->nrefs, 1);
    assert_string_equal(e->refs[0].id, w->b);
    sanctum_audit_entry_free(e);
    assert_int_equal(sanctum_audit_entry_raw(&raw, &len, w->t.st, size - 1), 0);
    assert_false(tu_memmem(raw, len, "445566", 6));
    assert_false(tu_memmem(raw, len, "4455", 4));
    sanctum_free(raw);
    assert_int_equal(verify(w), 0);
}

/* Screening while another thread keeps changing the matched entity: the
 * entry must always commit to the record bytes as they are when it is
 * written, so that verification passes. */
struct churn {
    world *w;
    int stop;
};

static void *
churn_main(void *arg)
{
    struct churn *c = arg;
    sanctum_entity *e = NULL;
    int i = 0;

    while (!__atomic_load_n(&c->stop, __ATOMIC_RELAXED) && i < 200) {
        char note[32];
        if (sanctum_entity_get(&e, c->w->t.admin, c->w->a, "churn") != 0)
            break;
        snprintf(note, sizeof note, "note %d", i++);
        sanctum_entity_remove(e, "notes", NULL);
        sanctum_entity_add(e, "notes", note, 0);
        if (i % 3 == 0) /* sometimes the name itself changes */
            sanctum_entity_add(e, "alias", i % 2 ? "Vova Putin" : "V. V. Putin", 0);
        sanctum_entity_update(c->w->t.admin, e, "churn");
        sanctum_entity_free(e);
        e = NULL;
    }
    return NULL;
}

static void
test_concurrent_changes(void **state)
{
    world *w = *state;
    struct churn c = { w, 0 };
    pthread_t tid;
    sanctum_screen_query q[8];
    sanctum_screen_options o = SANCTUM_SCREEN_OPTIONS_INIT;

    for (int i = 0; i < 8; i++)
        q[i] = (sanctum_screen_query){ i % 2 ? "Vladimir Putin" : "Putin V", NULL, NULL, NULL };
    o.threads = 2;
    assert_int_equal(pthread_create(&tid, NULL, churn_main, &c), 0);
    for (int i = 0; i < 30; i++) {
        sanctum_screen_result *r = NULL;
        assert_int_equal(sanctum_screen(&r, w->t.admin, q, 8, &o, "race"), 0);
        for (int k = 0; k < 8; k++)
            assert_int_equal(sc_find(r, (size_t)k, w->a), 0);
        sanctum_screen_result_free(r);
    }
    __atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
    pthread_join(tid, NULL);
    assert_int_equal(verify(w), 0);
}

/* More than 1024 entities returned by one run: the references are split
 * over several lookup entries of one transaction, same payload. */
static void
test_many_refs(void **state)
{
    world *w = *state;
    static const char *const syl[] = { "ka", "lo", "mi", "ru", "se", "ta", "vo", "ne", "pi",
                                       "do", "fa", "gu", "zi", "be", "ho", "ju" };
    enum { N = 1100 };
    sanctum_entity *es[500];
    sanctum_screen_query *q = calloc(N, sizeof *q);
    char (*names)[32] = calloc(N, sizeof *names);
    sanctum_screen_result *r = NULL;
    uint64_t before;
    uint32_t c1, c2;
    unsigned char k1[32], k2[32];
    size_t done = 0, found = 0;

    assert_non_null(q);
    assert_non_null(names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "%s%s%s %s%s%s%s", syl[i % 16], syl[(i / 16) % 16],
                 syl[(i / 256) % 16], syl[(i * 7) % 16], syl[(i / 3) % 16], syl[(i / 5) % 16],
                 syl[(i / 16 + 3) % 16]);
        names[i][0] = (char)(names[i][0] - 'a' + 'A');
        q[i] = (sanctum_screen_query){ names[i], "Person", NULL, NULL };
    }
    while (done < N) {
        size_t k = N - done > 500 ? 500 : N - done;
        for (size_t i = 0; i < k; i++) {
            assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
            assert_int_equal(sanctum_entity_add(es[i], "name", names[done + i], 0), 0);
        }
        assert_int_equal(sanctum_entity_create_batch(w->t.admin, es, k, "load"), 0);
        for (size_t i = 0; i < k; i++)
            sanctum_entity_free(es[i]);
        done += k;
    }
    before = sc_audit_size(w->t.st);
    assert_int_equal(sanctum_screen(&r, w->t.admin, q, N, NULL, "big"), 0);
    for (int i = 0; i < N; i++)
        found += sanctum_screen_match_count(r, (size_t)i) > 0;
    assert_int_equal(found, N);
    sanctum_screen_result_free(r);
    assert_int_equal(sc_audit_size(w->t.st), before + 2);
    payload(w, before, &c1, k1);
    payload(w, before + 1, &c2, k2);
    assert_int_equal(c1, N);
    assert_int_equal(c2, N);
    assert_memory_equal(k1, k2, 32);
    assert_int_equal(verify(w), 0);
    free(q);
    free(names);
}

static void
test_reindex_entry(void **state)
{
    world *w = *state;
    sanctum_audit_entry *e = NULL;
    uint64_t n;

    assert_int_equal(sanctum_screen_reindex(w->t.admin, "index key check"), 0);
    n = sc_audit_size(w->t.st);
    assert_int_equal(sanctum_audit_entry_get(&e, w->t.st, n - 1), 0);
    assert_string_equal(e->action, "reindex");
    assert_int_equal(e->nrefs, 0);
    assert_true(strstr(e->detail, " entities indexed") != NULL);
    assert_true(sanctum_audit_action_known("reindex"));
    sanctum_audit_entry_free(e);
    assert_int_equal(verify(w), 0);
}

static int
setup(void **state)
{
    world *w = calloc(1, sizeof *w);

    if (w == NULL)
        return -1;
    tu_store_setup(&w->t, "screen-audit");
    sc_add(w->t.admin, w->a, "Person", "name", "Vladimir Vladimirovich Putin", "birthDate",
           "1952-10-07", "nationality", "ru", NULL);
    sc_add(w->t.admin, w->b, "Person", "name", "Olena Kovalenko", "passportNumber", "P445566",
           NULL);
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identifier_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_refs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reindex_entry, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

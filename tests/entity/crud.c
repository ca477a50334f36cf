/* SPDX-License-Identifier: Apache-2.0 */
/* crud.c - entity values, validation, revisions, references, lists. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

/* Threads in this process (Linux: /proc/self/task). */
static int
thread_count(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void
test_entity_new__unknown_schema(void **state)
{
    sanctum_entity *e = (void *)1;
    (void)state;
    assert_int_equal(sanctum_entity_new(&e, "Smuggler"), SANCTUM_EINVAL);
    assert_null(e);
    assert_non_null(strstr(sanctum_last_error(), "unknown schema"));
}

static void
test_entity_add__bad_values_name_property_not_value(void **state)
{
    sanctum_entity *e;
    (void)state;
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "shoeSize", "44", 0), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "shoeSize"));
    assert_int_equal(sanctum_entity_add(e, "birthDate", "1980-13-45", 0), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "birthDate"));
    assert_null(strstr(sanctum_last_error(), "1980-13-45"));
    assert_int_equal(sanctum_entity_add(e, "nationality", "xx", 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_add(e, "name", "", 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_add(e, "name", "bad \xff utf8", 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_add(e, "name", "ok", (sanctum_level)7), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_add(e, "name", NULL, 0), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_count(e), 0);
    /* partial dates and upper-case countries are accepted and normalised */
    assert_int_equal(sanctum_entity_add(e, "birthDate", "1980", 0), 0);
    assert_int_equal(sanctum_entity_add(e, "birthDate", "1980-05", 0), 0);
    assert_int_equal(sanctum_entity_add(e, "nationality", "AL", 0), 0);
    assert_string_equal(sanctum_entity_first(e, "nationality"), "al");
    assert_int_equal(sanctum_entity_add(e, "nationality", "al", 0), 0); /* duplicate: no-op */
    assert_int_equal(sanctum_entity_count(e), 3);
    assert_int_equal(sanctum_entity_remove(e, "birthDate", NULL), 2);
    assert_int_equal(sanctum_entity_remove(e, "shoeSize", NULL), SANCTUM_EINVAL);
    sanctum_entity_free(e);
}

/* A value is removed by the string that added it, though add stored it
 * normalised (an id in canonical form, a country and an e-mail domain in
 * lower case, a gender in lower case, a name trimmed). A value add would
 * refuse matches nothing, and is no error. */
static void
test_entity_remove__by_the_string_that_added_it(void **state)
{
    static const char *const added[][2] = {
        { "nationality", "DE" },
        { "gender", "Male" },
        { "email", "John.Smith@Example.COM" },
        { "name", "  John Smith \t" },
        { "birthDate", "1970-01-01" },
    };
    sanctum_entity *e, *a;
    (void)state;

    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    for (size_t i = 0; i < sizeof added / sizeof added[0]; i++)
        assert_int_equal(sanctum_entity_add(e, added[i][0], added[i][1], 0), 0);
    assert_string_equal(sanctum_entity_first(e, "nationality"), "de");
    assert_string_equal(sanctum_entity_first(e, "gender"), "male");
    assert_string_equal(sanctum_entity_first(e, "email"), "John.Smith@example.com");
    assert_string_equal(sanctum_entity_first(e, "name"), "John Smith");
    /* refused values match nothing, without an error */
    assert_int_equal(sanctum_entity_remove(e, "birthDate", "1970-13-45"), 0);
    assert_int_equal(sanctum_last_error_code(), SANCTUM_OK);
    assert_int_equal(sanctum_entity_remove(e, "nationality", "xx"), 0);
    assert_int_equal(sanctum_entity_remove(e, "name", "   "), 0);
    assert_int_equal(sanctum_entity_count(e), 5);
    for (size_t i = 0; i < sizeof added / sizeof added[0]; i++) {
        assert_int_equal(sanctum_entity_remove(e, added[i][0], added[i][1]), 1);
        assert_null(sanctum_entity_first(e, added[i][0]));
    }
    assert_int_equal(sanctum_entity_count(e), 0);
    /* and by the stored form too */
    assert_int_equal(sanctum_entity_add(e, "nationality", "DE", 0), 0);
    assert_int_equal(sanctum_entity_remove(e, "nationality", "de"), 1);
    sanctum_entity_free(e);

    assert_int_equal(sanctum_entity_new(&a, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(a, "person", "per-abcd-efgh", 0), 0);
    assert_string_equal(sanctum_entity_first(a, "person"), "PER-ABCD-EFGH");
    assert_int_equal(sanctum_entity_remove(a, "person", "per-abcd-efgh"), 1);
    assert_int_equal(sanctum_entity_count(a), 0);
    sanctum_entity_free(a);
}

static void
test_entity_create__empty_and_dangling_refs_refused(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e, *own;
    unsigned char before[32], after[32];
    char path[4096];

    snprintf(path, sizeof path, "%s/store", t->dir);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_create(t->admin, e, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_new(&own, "Ownership"), 0);
    assert_int_equal(sanctum_entity_add(own, "owner", "PER-0000-0000", 0), 0);
    assert_int_equal(sanctum_entity_create(t->admin, own, NULL), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "unknown entity PER-0000-0000"));
    assert_string_equal(sanctum_entity_id(own), "");
    tu_store_digest(path, after);
    assert_memory_equal(before, after, 32);
    sanctum_entity_free(e);
    sanctum_entity_free(own);
}

static void
test_entity_update__stale_revision_conflicts(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e = tu_person(t->admin, "Rev Test", NULL), *a, *b;
    unsigned char before[32], after[32];
    char path[4096];

    assert_int_equal(sanctum_entity_get(&a, t->admin, sanctum_entity_id(e), NULL), 0);
    assert_int_equal(sanctum_entity_get(&b, t->admin, sanctum_entity_id(e), NULL), 0);
    assert_int_equal(sanctum_entity_add(a, "alias", "First", 0), 0);
    assert_int_equal(sanctum_entity_update(t->admin, a, NULL), 0);
    snprintf(path, sizeof path, "%s/store", t->dir);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_entity_add(b, "alias", "Second", 0), 0);
    assert_int_equal(sanctum_entity_update(t->admin, b, NULL), SANCTUM_ECONFLICT);
    assert_non_null(strstr(sanctum_last_error(), "revision 2"));
    assert_int_equal(sanctum_entity_revision(b), 1);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(e), 1, NULL),
                     SANCTUM_ECONFLICT);
    tu_store_digest(path, after);
    assert_memory_equal(before, after, 32);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(e), 2, NULL), 0);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(e), 0, NULL),
                     SANCTUM_ENOTFOUND);
    sanctum_entity_free(a);
    sanctum_entity_free(b);
    sanctum_entity_free(e);
}

static void
test_entity_get__ids_are_lenient_and_checked(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e = tu_person(t->admin, "Id Test", NULL), *g;
    char lower[32];

    for (size_t i = 0; i <= strlen(sanctum_entity_id(e)); i++)
        lower[i] = (char)((sanctum_entity_id(e)[i] >= 'A' && sanctum_entity_id(e)[i] <= 'Z')
                              ? sanctum_entity_id(e)[i] + 32 : sanctum_entity_id(e)[i]);
    assert_int_equal(sanctum_entity_get(&g, t->admin, lower, NULL), 0);
    assert_string_equal(sanctum_entity_id(g), sanctum_entity_id(e));
    assert_string_equal(sanctum_entity_caption(g), "Id Test");
    sanctum_entity_free(g);
    assert_int_equal(sanctum_entity_get(&g, t->admin, "not an id", NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_get(&g, t->admin, "PER-ZZZZ-ZZZZ", NULL), SANCTUM_ENOTFOUND);
    assert_non_null(strstr(sanctum_last_error(), "no entity PER-ZZZZ-ZZZZ"));
    assert_int_equal(sanctum_entity_get(&g, t->admin, "PER-ZZZZ-ZZZZ", "bad\npurpose"),
                     SANCTUM_EINVAL);
    sanctum_entity_free(e);
}

/* A purpose is one line of UTF-8 without control characters, as the
 * signed entry's format says: anything else is refused before any write. */
static void
test_entity_create__purpose_must_be_one_clean_line(void **state)
{
    static const char *const bad[] = {
        "bad \xff\xfe bytes", "C1 \xc2\x85 next line", "CSI \xc2\x9b", "line\xe2\x80\xa8sep",
        "para\xe2\x80\xa9sep", "cut \xe2\x80", "tab\there", "del\x7f",
    };
    tu_store *t = *state;
    sanctum_entity *e = NULL;
    uint64_t before, after;

    assert_int_equal(sanctum_audit_size(&before, t->st), SANCTUM_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(sanctum_entity_new(&e, "Person"), SANCTUM_OK);
        assert_int_equal(sanctum_entity_add(e, "name", "Purpose Test", SANCTUM_LEVEL_NONE), 0);
        assert_int_equal(sanctum_entity_create(t->admin, e, bad[i]), SANCTUM_EINVAL);
        assert_non_null(strstr(sanctum_last_error(), "purpose"));
        assert_string_equal(sanctum_entity_id(e), "");
        sanctum_entity_free(e);
    }
    assert_int_equal(sanctum_audit_size(&after, t->st), SANCTUM_OK);
    assert_int_equal(after, before);
    assert_int_equal(sanctum_entity_new(&e, "Person"), SANCTUM_OK);
    assert_int_equal(sanctum_entity_add(e, "name", "Purpose Test", SANCTUM_LEVEL_NONE), 0);
    assert_int_equal(sanctum_entity_create(t->admin, e, "Überprüfung – 審査 №7"), SANCTUM_OK);
    sanctum_entity_free(e);
}

/* Add `n` distinct notes to `e` (a record holds at most 4,096 values). */
static void
add_notes(sanctum_entity *e, int n)
{
    for (int i = 0; i < n; i++) {
        char note[32];
        snprintf(note, sizeof note, "note %d", i);
        assert_int_equal(sanctum_entity_add(e, "notes", note, 0), 0);
    }
}

/* An entity of more values than a record holds (4,096) is refused before
 * anything is written, as invalid input naming the schema and the limit:
 * not found only when the record written is read back, as a malformed
 * stored record. */
static void
test_entity_create__too_many_values_refused(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e, *stored = tu_person(t->admin, "Many Notes", NULL), *g;
    unsigned char before[32];
    char path[4096];

    snprintf(path, sizeof path, "%s/store", t->dir);
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    assert_int_equal(sanctum_entity_add(e, "name", "Too Many Notes", 0), 0);
    add_notes(e, 4096);
    tu_store_digest(path, before);
    assert_int_equal(sanctum_entity_create(t->admin, e, NULL), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "Person"));
    assert_non_null(strstr(sanctum_last_error(), "at most 4096 values"));
    assert_string_equal(sanctum_entity_id(e), "");
    assert_int_equal(sanctum_entity_create_batch(t->admin, &e, 1, NULL), SANCTUM_EINVAL);
    tu_assert_store_unchanged(path, before);

    assert_int_equal(sanctum_entity_get(&g, t->admin, sanctum_entity_id(stored), NULL), 0);
    tu_store_digest(path, before);
    add_notes(g, 4096);
    assert_int_equal(sanctum_entity_count(g), 4097);
    assert_int_equal(sanctum_entity_update(t->admin, g, NULL), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), sanctum_entity_id(stored)));
    assert_non_null(strstr(sanctum_last_error(), "Person"));
    assert_non_null(strstr(sanctum_last_error(), "at most 4096 values"));
    assert_int_equal(sanctum_entity_revision(g), 1);
    tu_assert_store_unchanged(path, before);

    /* 4,096 values are a record's limit, not beyond it */
    assert_int_equal(sanctum_entity_remove(g, "notes", "note 0"), 1);
    assert_int_equal(sanctum_entity_update(t->admin, g, NULL), 0);
    assert_int_equal(sanctum_entity_revision(g), 2);
    sanctum_entity_free(g);
    sanctum_entity_free(e);
    sanctum_entity_free(stored);
}

/* The action and reference count of audit entry `index`. */
static void
entry_is(sanctum_store *st, uint64_t index, const char *action, size_t nrefs)
{
    sanctum_audit_entry *e;

    assert_int_equal(sanctum_audit_entry_get(&e, st, index), 0);
    assert_string_equal(e->action, action);
    assert_int_equal(e->nrefs, nrefs);
    sanctum_audit_entry_free(e);
}

/* A batch of more entities than one audit entry references (1,024) is
 * one transaction audited by several entries, and the trail verifies. */
static void
test_entity_batch__more_than_one_entry(void **state)
{
    enum { N = 1100 };
    tu_store *t = *state;
    sanctum_entity **es = calloc(N, sizeof *es), **got = calloc(N, sizeof *got);
    const char **ids = calloc(N, sizeof *ids);
    sanctum_verify_report rep;
    uint64_t before, after;
    char *trust, path[4096];
    size_t trust_len;

    assert_non_null(es);
    assert_non_null(got);
    assert_non_null(ids);
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "Bulk Person %d", i);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(es[i], "name", name, 0), 0);
    }
    assert_int_equal(sanctum_audit_size(&before, t->st), 0);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, N, "bulk"), 0);
    assert_int_equal(sanctum_audit_size(&after, t->st), 0);
    assert_int_equal(after, before + 2);
    entry_is(t->st, before, "create", 1024);
    entry_is(t->st, before + 1, "create", N - 1024);
    for (int i = 0; i < N; i++)
        ids[i] = sanctum_entity_id(es[i]);
    assert_int_equal(sanctum_entity_get_batch(got, t->admin, ids, N, "bulk read"), 0);
    for (int i = 0; i < N; i++) {
        assert_string_equal(sanctum_entity_caption(got[i]), sanctum_entity_caption(es[i]));
        sanctum_entity_free(got[i]);
    }
    entry_is(t->st, after, "consult", 1024);
    entry_is(t->st, after + 1, "consult", N - 1024);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, SANCTUM_BATCH_MAX + 1, NULL),
                     SANCTUM_EINVAL);
    snprintf(path, sizeof path, "%s/store", t->dir);
    assert_int_equal(sanctum_trust_export(&trust, &trust_len, t->st), 0);
    assert_int_equal(sanctum_audit_verify(&rep, path, trust, trust_len, NULL), 0);
    assert_int_equal(rep.records, N);
    sanctum_free(trust);
    for (int i = 0; i < N; i++)
        sanctum_entity_free(es[i]);
    free(es);
    free(got);
    free(ids);
}

static void
test_entity_batch__all_or_nothing(void **state)
{
    tu_store *t = *state;
    sanctum_entity *es[3], *got[3];
    const char *ids[3];
    sanctum_id_list *l;

    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "Batch Person %d", i);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(es[i], "name", name, 0), 0);
    }
    assert_int_equal(sanctum_entity_add(es[2], "notes", "x", SANCTUM_LEVEL_SECRET), 0);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 3, NULL), 0);
    for (int i = 0; i < 3; i++)
        ids[i] = sanctum_entity_id(es[i]);
    assert_int_equal(sanctum_entity_get_batch(got, t->admin, ids, 3, "batch"), 0);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(sanctum_entity_caption(got[i]), sanctum_entity_caption(es[i]));
        sanctum_entity_free(got[i]);
    }
    ids[1] = "PER-ZZZZ-ZZZ0";
    assert_int_equal(sanctum_entity_get_batch(got, t->admin, ids, 3, NULL), SANCTUM_ENOTFOUND);
    for (int i = 0; i < 3; i++)
        assert_null(got[i]);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 3, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 0, NULL), SANCTUM_EINVAL);
    assert_int_equal(sanctum_entity_list(&l, t->admin, NULL), 0);
    assert_int_equal(sanctum_id_list_count(l), 3);
    assert_string_equal(sanctum_id_list_schema(l, 0), "Person");
    assert_null(sanctum_id_list_at(l, 3));
    sanctum_id_list_free(l);
    assert_int_equal(sanctum_entity_list(&l, t->admin, "Nope"), SANCTUM_EINVAL);
    for (int i = 0; i < 3; i++)
        sanctum_entity_free(es[i]);
}

/* The same entity twice in a batch would be stored twice while the
 * caller keeps only the second id: the batch is refused, nothing written. */
static void
test_entity_batch__same_entity_twice_refused(void **state)
{
    tu_store *t = *state;
    sanctum_entity *a, *b, *es[3];
    sanctum_id_list *l;
    unsigned char before[32];
    char path[4096];

    snprintf(path, sizeof path, "%s/store", t->dir);
    assert_int_equal(sanctum_entity_new(&a, "Person"), 0);
    assert_int_equal(sanctum_entity_add(a, "name", "Twice Given", 0), 0);
    assert_int_equal(sanctum_entity_new(&b, "Person"), 0);
    assert_int_equal(sanctum_entity_add(b, "name", "Once Given", 0), 0);
    es[0] = a;
    es[1] = b;
    es[2] = a;
    tu_store_digest(path, before);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 3, NULL), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "entities 0 and 2 of the batch"));
    tu_assert_store_unchanged(path, before);
    assert_string_equal(sanctum_entity_id(a), "");
    assert_int_equal(sanctum_entity_revision(a), 0);
    assert_int_equal(sanctum_entity_list(&l, t->admin, NULL), 0);
    assert_int_equal(sanctum_id_list_count(l), 0);
    sanctum_id_list_free(l);
    /* each once, the batch goes in */
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 2, NULL), 0);
    assert_string_not_equal(sanctum_entity_id(a), sanctum_entity_id(b));
    sanctum_entity_free(a);
    sanctum_entity_free(b);
}

/* Records are encrypted and indexed ahead, on a second thread, while the
 * ones before them are written: a failure there (a value above the
 * writer's clearance) or in the writer (a link to an unknown entity),
 * late in a large batch, still fails the whole batch with its own message
 * and leaves the store as it was. */
static void
test_entity_batch__late_failure_writes_nothing(void **state)
{
    enum { N = 200 };
    tu_store *t = *state;
    sanctum_session *ana = tu_user(t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_entity *es[N];
    unsigned char before[32];
    char path[4096];
    int threads;

    snprintf(path, sizeof path, "%s/store", t->dir);
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "Late Person %d", i);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(es[i], "name", name, 0), 0);
    }
    assert_int_equal(sanctum_entity_add(es[150], "notes", "x", SANCTUM_LEVEL_SECRET), 0);
    tu_store_digest(path, before);
    threads = thread_count();
    assert_int_equal(sanctum_entity_create_batch(ana, es, N, "late"), SANCTUM_EPERM);
    assert_int_equal(thread_count(), threads); /* the helper that failed is joined */
    assert_non_null(strstr(sanctum_last_error(), "Person.notes"));
    assert_non_null(strstr(sanctum_last_error(), "above the clearance"));
    tu_assert_store_unchanged(path, before);
    for (int i = 0; i < N; i++)
        assert_int_equal(sanctum_entity_revision(es[i]), 0);

    sanctum_entity_free(es[150]);
    assert_int_equal(sanctum_entity_new(&es[150], "Person"), 0);
    assert_int_equal(sanctum_entity_add(es[150], "name", "Late Person 150", 0), 0);
    sanctum_entity_free(es[120]);
    assert_int_equal(sanctum_entity_new(&es[120], "Associate"), 0);
    assert_int_equal(sanctum_entity_add(es[120], "person", "PER-ZZZZ-ZZZ0", 0), 0);
    assert_int_equal(sanctum_entity_create_batch(ana, es, N, "late"), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "references unknown entity PER-ZZZZ-ZZZ0"));
    tu_assert_store_unchanged(path, before);

    /* mended, the same batch goes in whole */
    sanctum_entity_free(es[120]);
    assert_int_equal(sanctum_entity_new(&es[120], "Person"), 0);
    assert_int_equal(sanctum_entity_add(es[120], "name", "Late Person 120", 0), 0);
    assert_int_equal(sanctum_entity_create_batch(ana, es, N, "late"), 0);
    for (int i = 0; i < N; i++) {
        sanctum_entity *g;
        assert_int_equal(sanctum_entity_revision(es[i]), 1);
        if (i % 37 == 0) {
            assert_int_equal(sanctum_entity_get(&g, ana, sanctum_entity_id(es[i]), NULL), 0);
            assert_string_equal(sanctum_entity_caption(g), sanctum_entity_caption(es[i]));
            sanctum_entity_free(g);
        }
        sanctum_entity_free(es[i]);
    }
    sanctum_session_close(ana);
}

/* An entity still named by a link cannot be deleted (the link would
 * point at nothing); the refusal names the link. A reference at a level
 * the deleting user cannot read is not seen (refusing would tell an
 * official user that a secret record names the entity). */
static void
test_entity_delete__refused_while_referenced(void **state)
{
    tu_store *t = *state;
    sanctum_session *ana = tu_user(t, "ana", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_entity *p = tu_person(t->admin, "Referenced Person", NULL);
    sanctum_entity *q = tu_person(t->admin, "Secretly Referenced", NULL), *a, *b, *g;
    unsigned char before[32];
    char path[4096];

    snprintf(path, sizeof path, "%s/store", t->dir);
    assert_int_equal(sanctum_entity_new(&a, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(a, "person", sanctum_entity_id(p), 0), 0);
    assert_int_equal(sanctum_entity_add(a, "relationship", "cousin", 0), 0);
    assert_int_equal(sanctum_entity_create(t->admin, a, NULL), 0);
    assert_int_equal(sanctum_entity_new(&b, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(b, "person", sanctum_entity_id(q), SANCTUM_LEVEL_SECRET),
                     0);
    assert_int_equal(sanctum_entity_create(t->admin, b, NULL), 0);

    tu_store_digest(path, before);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(p), 0, NULL),
                     SANCTUM_ECONFLICT);
    assert_non_null(strstr(sanctum_last_error(), sanctum_entity_id(a)));
    assert_non_null(strstr(sanctum_last_error(), "property person"));
    assert_int_equal(sanctum_entity_delete(ana, sanctum_entity_id(p), 0, NULL), SANCTUM_ECONFLICT);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(q), 0, NULL),
                     SANCTUM_ECONFLICT);
    tu_assert_store_unchanged(path, before);

    assert_int_equal(sanctum_entity_delete(ana, sanctum_entity_id(q), 0, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(a), 0, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(p), 0, NULL), SANCTUM_OK);
    /* the link left naming an entity gone still reads, and goes */
    assert_int_equal(sanctum_entity_get(&g, t->admin, sanctum_entity_id(b), NULL), 0);
    assert_string_equal(sanctum_entity_first(g, "person"), sanctum_entity_id(q));
    sanctum_entity_free(g);
    assert_int_equal(sanctum_entity_delete(t->admin, sanctum_entity_id(b), 0, NULL), SANCTUM_OK);
    sanctum_entity_free(a);
    sanctum_entity_free(b);
    sanctum_entity_free(p);
    sanctum_entity_free(q);
    sanctum_session_close(ana);
}

/* The helper threads of batches are joined before the calls return, on
 * success and on failure. */
static void
test_entity_batch__no_thread_outlives_the_call(void **state)
{
    enum { N = 300 };
    tu_store *t = *state;
    sanctum_entity *es[N], *got[N];
    const char *ids[N];
    int before = thread_count();

    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "Threaded Person %d", i);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(es[i], "name", name, 0), 0);
    }
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, N, NULL), 0);
    assert_int_equal(thread_count(), before);
    for (int i = 0; i < N; i++)
        ids[i] = sanctum_entity_id(es[i]);
    assert_int_equal(sanctum_entity_get_batch(got, t->admin, ids, N, NULL), 0);
    assert_int_equal(thread_count(), before);
    for (int i = 0; i < N; i++)
        sanctum_entity_free(got[i]);
    ids[N - 1] = "PER-ZZZZ-ZZZ0"; /* fails before any record is decrypted */
    assert_int_equal(sanctum_entity_get_batch(got, t->admin, ids, N, NULL), SANCTUM_ENOTFOUND);
    assert_int_equal(thread_count(), before);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, N, NULL), SANCTUM_EINVAL);
    assert_int_equal(thread_count(), before);
    for (int i = 0; i < N; i++)
        sanctum_entity_free(es[i]);
}

static void
test_entity__links_reference_stored_entities(void **state)
{
    tu_store *t = *state;
    sanctum_entity *org = tu_person(t->admin, "Boat Supplier", NULL), *own, *g;

    assert_int_equal(sanctum_entity_new(&own, "Associate"), 0);
    assert_int_equal(sanctum_entity_add(own, "person", sanctum_entity_id(org), 0), 0);
    assert_int_equal(sanctum_entity_add(own, "relationship", "supplies engines", 0), 0);
    assert_int_equal(sanctum_entity_create(t->admin, own, NULL), 0);
    assert_int_equal(sanctum_entity_get(&g, t->admin, sanctum_entity_id(own), NULL), 0);
    assert_string_equal(sanctum_entity_first(g, "person"), sanctum_entity_id(org));
    sanctum_entity_free(g);
    sanctum_entity_free(own);
    sanctum_entity_free(org);
}

/* A read entity's values (decrypted into one block) can be removed,
 * added to and edited like any other: each kept, new or removed value is
 * what the caller sees, and everything is freed once (the sanitizer build
 * checks the frees). */
static void
test_entity_get__values_edit_like_any(void **state)
{
    tu_store *t = *state;
    sanctum_entity *e = tu_person(t->admin, "Arena Test", "alias", "First Alias", "alias",
                                  "Second Alias", "notes", "a note", NULL);
    sanctum_entity *g;
    const char *id = sanctum_entity_id(e);

    assert_int_equal(sanctum_entity_get(&g, t->admin, id, NULL), 0);
    assert_int_equal(sanctum_entity_remove(g, "alias", "First Alias"), 1);
    assert_int_equal(sanctum_entity_add(g, "alias", "Third Alias", 0), 0);
    assert_int_equal(sanctum_entity_remove(g, "notes", NULL), 1);
    assert_int_equal(sanctum_entity_remove(g, "alias", "Third Alias"), 1);
    assert_int_equal(sanctum_entity_add(g, "notes", "another note", 0), 0);
    assert_int_equal(sanctum_entity_update(t->admin, g, NULL), 0);
    sanctum_entity_free(g);
    assert_int_equal(sanctum_entity_get(&g, t->admin, id, NULL), 0);
    assert_string_equal(sanctum_entity_first(g, "name"), "Arena Test");
    assert_string_equal(sanctum_entity_first(g, "alias"), "Second Alias");
    assert_string_equal(sanctum_entity_first(g, "notes"), "another note");
    assert_int_equal(sanctum_entity_count(g), 3);
    sanctum_entity_free(g);
    sanctum_entity_free(e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entity_new__unknown_schema),
        cmocka_unit_test(test_entity_add__bad_values_name_property_not_value),
        cmocka_unit_test(test_entity_remove__by_the_string_that_added_it),
        TU_STORE_TEST(test_entity_create__empty_and_dangling_refs_refused),
        TU_STORE_TEST(test_entity_create__purpose_must_be_one_clean_line),
        TU_STORE_TEST(test_entity_create__too_many_values_refused),
        TU_STORE_TEST(test_entity_update__stale_revision_conflicts),
        TU_STORE_TEST(test_entity_get__ids_are_lenient_and_checked),
        TU_STORE_TEST(test_entity_get__values_edit_like_any),
        TU_STORE_TEST(test_entity_batch__all_or_nothing),
        TU_STORE_TEST(test_entity_batch__same_entity_twice_refused),
        TU_STORE_TEST(test_entity_batch__more_than_one_entry),
        TU_STORE_TEST(test_entity_batch__late_failure_writes_nothing),
        TU_STORE_TEST(test_entity_batch__no_thread_outlives_the_call),
        TU_STORE_TEST(test_entity__links_reference_stored_entities),
        TU_STORE_TEST(test_entity_delete__refused_while_referenced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

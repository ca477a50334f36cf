/* SPDX-License-Identifier: Apache-2.0 */
/* moved.c - a ciphertext moved to another entity, property or level fails to open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "fixture.h"
#include "testutil.h"

/* Rewrite entity `id`'s stored record with `edit`, by raw LMDB, as an
 * attacker with the file would. */
typedef void (*editor)(unsigned char *rec, size_t len, const unsigned char *other, size_t olen);

static void
raw_edit(const char *path, const char *id, const char *other_id, editor edit)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_val k = { strlen(id), (void *)id }, v, ko = { strlen(other_id), (void *)other_id }, vo;
    unsigned char *copy, *ocopy;

    assert_int_equal(mdb_env_create(&env), 0);
    assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
    assert_int_equal(mdb_env_set_mapsize(env, 64 << 20), 0);
    assert_int_equal(mdb_env_open(env, path, 0, 0600), 0);
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, "entities", 0, &dbi), 0);
    assert_int_equal(mdb_get(txn, dbi, &k, &v), 0);
    assert_int_equal(mdb_get(txn, dbi, &ko, &vo), 0);
    copy = malloc(v.mv_size);
    ocopy = malloc(vo.mv_size);
    memcpy(copy, v.mv_data, v.mv_size);
    memcpy(ocopy, vo.mv_data, vo.mv_size);
    edit(copy, v.mv_size, ocopy, vo.mv_size);
    v.mv_data = copy;
    assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
    free(copy);
    free(ocopy);
}

/* Offset of the first value, given the record layout (docs/record-format.md):
 * version, schema, revision, two times, status, nonce prefix, count. */
static size_t
first_value(const unsigned char *rec)
{
    return 1 + 1 + rec[1] + 8 + 8 + 8 + 1 + 16 + 4;
}

/* Both records are Persons with one "name" value of equal length: swap in
 * the other's nonce and ciphertext. */
static void
swap_ciphertext(unsigned char *rec, size_t len, const unsigned char *other, size_t olen)
{
    size_t off = first_value(rec);
    assert_int_equal(len, olen);
    memcpy(rec + off, other + off, len - off);
}

/* Relabel the value of "name" as "role", another Person property. */
static void
rename_prop(unsigned char *rec, size_t len, const unsigned char *other, size_t olen)
{
    size_t off = first_value(rec);
    (void)len; (void)other; (void)olen;
    assert_int_equal(rec[off], 4);
    memcpy(rec + off + 1, "role", 4);
}

/* Relabel the level byte from official to secret. */
static void
relevel(unsigned char *rec, size_t len, const unsigned char *other, size_t olen)
{
    size_t off = first_value(rec);
    (void)len; (void)other; (void)olen;
    rec[off + 1 + rec[off]] = SANCTUM_LEVEL_SECRET;
}

static void
flip_bit(unsigned char *rec, size_t len, const unsigned char *other, size_t olen)
{
    (void)other; (void)olen;
    rec[len - 3] ^= 0x01;
}

enum { BATCH = 40 };

static void
check_move(editor edit, const char *what)
{
    tu_store t;
    sanctum_store *st;
    sanctum_session *s;
    sanctum_entity *a, *b, *g = (void *)1, *many[BATCH];
    char path[4096], ida[32], idb[32], ids[BATCH][32];
    const char *idp[BATCH];

    tu_store_setup(&t, "moved");
    a = tu_person(t.admin, "Aaaa Person", NULL);
    b = tu_person(t.admin, "Bbbb Person", NULL);
    for (int i = 0; i < BATCH; i++) {
        char name[32];
        snprintf(name, sizeof name, "Batch Person %d", i);
        assert_int_equal(sanctum_entity_new(&many[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(many[i], "name", name, 0), 0);
    }
    assert_int_equal(sanctum_entity_create_batch(t.admin, many, BATCH, NULL), 0);
    for (int i = 0; i < BATCH; i++) {
        snprintf(ids[i], sizeof ids[i], "%s", sanctum_entity_id(many[i]));
        sanctum_entity_free(many[i]);
    }
    snprintf(ida, sizeof ida, "%s", sanctum_entity_id(a));
    snprintf(idb, sizeof idb, "%s", sanctum_entity_id(b));
    sanctum_entity_free(a);
    sanctum_entity_free(b);
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    snprintf(path, sizeof path, "%s/store", t.dir);
    raw_edit(path, ida, idb, edit);
    assert_int_equal(sanctum_store_open(&st, path, NULL), 0);
    assert_int_equal(sanctum_session_open(&s, st, "admin", TU_PASS("admin")), 0);
    assert_int_equal(sanctum_entity_get(&g, s, ida, NULL), SANCTUM_ECORRUPT);
    assert_null(g);
    assert_non_null(strstr(sanctum_last_error(), ida));
    assert_non_null(strstr(sanctum_last_error(), "property "));
    assert_non_null(strstr(sanctum_last_error(), what));
    assert_null(strstr(sanctum_last_error(), "Bbbb"));
    /* so does a batch read holding it (records decrypted on two threads):
     * nothing is handed out */
    snprintf(ids[30], sizeof ids[30], "%s", ida);
    for (int i = 0; i < BATCH; i++)
        idp[i] = ids[i];
    assert_int_equal(sanctum_entity_get_batch(many, s, idp, BATCH, NULL), SANCTUM_ECORRUPT);
    assert_non_null(strstr(sanctum_last_error(), ida));
    assert_non_null(strstr(sanctum_last_error(), what));
    for (int i = 0; i < BATCH; i++)
        assert_null(many[i]);
    /* the other record still reads */
    assert_int_equal(sanctum_entity_get(&g, s, idb, NULL), 0);
    sanctum_entity_free(g);
    t.st = st;
    t.admin = s;
    tu_store_teardown(&t);
}

static void
test_moved__to_another_entity(void **state)
{
    (void)state;
    check_move(swap_ciphertext, "property name");
}

static void
test_moved__to_another_property(void **state)
{
    (void)state;
    check_move(rename_prop, "property role");
}

static void
test_moved__to_another_level(void **state)
{
    (void)state;
    check_move(relevel, "property name");
}

static void
test_moved__flipped_bit(void **state)
{
    (void)state;
    check_move(flip_bit, "property name");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moved__to_another_entity),
        cmocka_unit_test(test_moved__to_another_property),
        cmocka_unit_test(test_moved__to_another_level),
        cmocka_unit_test(test_moved__flipped_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* index.c - the blind index follows every create, update, delete, import and rebuild. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "blindindex.h"
#include "entity.h"
#include "postings.h"
#include "record.h"
#include "sc_util.h"
#include "session.h"
#include "store.h"

static tu_store *T; /* the store of the running test */

/* ------------------------------------------------------------ reading the tables */

/* One posting: token and value ref. */
typedef struct posting {
    unsigned char tok[SANCTUM__IX_TOKEN_BYTES];
    uint64_t ref;
} posting;

/* Every posting of the store as stored (ref masked), or only those of
 * entity `id` with their refs unmasked (with the session's index keys). */
static posting *
postings_of(sanctum_store *st, sanctum_session *s, const char *id, size_t *n)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    MDB_val k, v;
    posting *p = NULL;
    size_t cap = 0;
    uint64_t code = 0;
    int rc;

    sanctum__ix_keys *keys = NULL;
    sanctum__ix_stats stats;
    uint64_t token_total = 0, token_seen = 0;

    *n = 0;
    if (id != NULL)
        assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
    assert_int_equal(sanctum__store_read_begin(st, &txn), 0);
    assert_int_equal(sanctum__ix_stats_get(txn, st, &stats), 0);
    assert_int_equal(sanctum__ix_keys_new(&keys, s->kr, stats.keyver), 0);
    assert_int_equal(mdb_cursor_open(txn, st->dbi[SANCTUM__DB_POSTINGS], &cur), 0);
    /* a token's head (u32 total, refs), then its later blocks (refs) */
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        const unsigned char *r = v.mv_data;
        size_t nr;
        uint64_t mask = 0;
        if (k.mv_size == SANCTUM__IX_TOKEN_BYTES) {
            assert_int_equal(token_total, token_seen); /* the previous token's */
            assert_true(v.mv_size >= 4);
            token_total = sanctum__rd32(r);
            token_seen = 0;
            r += 4;
            nr = (v.mv_size - 4) / SANCTUM__IX_REF_BYTES;
        } else {
            assert_int_equal(k.mv_size, SANCTUM__POSTINGS_KEY_BYTES);
            assert_true(v.mv_size > 0);
            nr = v.mv_size / SANCTUM__IX_REF_BYTES;
        }
        assert_int_equal((v.mv_size - (size_t)(r - (const unsigned char *)v.mv_data)) %
                             SANCTUM__IX_REF_BYTES, 0);
        token_seen += nr;
        if (id != NULL)
            assert_int_equal(sanctum__ix_mask(&mask, keys, k.mv_data), 0);
        for (size_t i = 0; i < nr; i++) {
            uint64_t ref = sanctum__rd64(r + i * SANCTUM__IX_REF_BYTES) ^ mask;
            if (id != NULL && (ref >> 9) != (code >> 9))
                continue;
            if (*n == cap) {
                cap = cap ? 2 * cap : 256;
                p = realloc(p, cap * sizeof *p);
                assert_non_null(p);
            }
            memcpy(p[*n].tok, k.mv_data, SANCTUM__IX_TOKEN_BYTES);
            p[*n].ref = ref;
            (*n)++;
        }
    }
    assert_int_equal(token_total, token_seen);
    assert_int_equal(rc, MDB_NOTFOUND);
    mdb_cursor_close(cur);
    sanctum__store_read_end(st, txn);
    sanctum__ix_keys_free(keys);
    return p;
}

#define postings(st, id, n) postings_of((st), T->admin, (id), (n))

/* The opened index_values list of `id` (malloc'd), or NULL. */
static unsigned char *
values_record(sanctum_store *st, const char *id, size_t *len)
{
    MDB_txn *txn;
    unsigned char *b = NULL;
    int rc;

    *len = 0;
    assert_int_equal(sanctum__store_read_begin(st, &txn), 0);
    rc = sanctum__ix_values_get(txn, st, T->admin->kr, id, &b, len);
    if (rc != 0)
        assert_int_equal(rc, SANCTUM_ENOTFOUND);
    sanctum__store_read_end(st, txn);
    return b;
}

/* Entries of a values record: class and level of each, and total tokens. */
static size_t
entries(const unsigned char *b, size_t len, int cls[16], int lvl[16], size_t *ntok)
{
    size_t n, off = 3;

    assert_true(len >= 3);
    assert_int_equal(b[0], 2); /* tokens kept as their first 8 bytes */
    n = ((size_t)b[1] << 8) | b[2];
    *ntok = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = ((size_t)b[off + 26] << 8) | b[off + 27];
        if (i < 16) {
            cls[i] = b[off + 24];
            lvl[i] = b[off + 25];
        }
        *ntok += t;
        off += 28 + 8 * t;
    }
    assert_int_equal(off, len);
    return n;
}

static sanctum__ix_stats
stats(sanctum_store *st)
{
    sanctum__ix_stats s;
    MDB_txn *txn;

    assert_int_equal(sanctum__store_read_begin(st, &txn), 0);
    assert_int_equal(sanctum__ix_stats_get(txn, st, &s), 0);
    sanctum__store_read_end(st, txn);
    return s;
}

static int
found(sanctum_session *s, const char *name, const char *id)
{
    sanctum_screen_result *r = sc_screen(s, name, NULL, NULL, NULL);
    int i = sc_find(r, 0, id);

    sanctum_screen_result_free(r);
    return i >= 0;
}

/* ------------------------------------------------------------ tests */

static int
cmp_posting(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    int c = memcmp(x->tok, y->tok, sizeof x->tok);

    return c ? c : (x->ref < y->ref ? -1 : x->ref > y->ref);
}

/* The postings of entity `id` are exactly the (token, ref) pairs its
 * values record lists: nothing stale, nothing missing. Returns how many
 * listed pairs share a posting with another value (same tag and token). */
static size_t
check_consistent(sanctum_store *st, const char *id)
{
    unsigned char *b;
    size_t len, np, ne = 0, cap = 0, off = 3, n, k = 0;
    posting *p = postings(st, id, &np), *want = NULL;
    uint64_t code;

    assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
    b = values_record(st, id, &len);
    if (b == NULL) {
        assert_int_equal(np, 0);
        free(p);
        return 0;
    }
    n = ((size_t)b[1] << 8) | b[2];
    for (size_t i = 0; i < n; i++) {
        size_t t = ((size_t)b[off + 26] << 8) | b[off + 27];
        uint64_t ref = code | sanctum__ix_value_tag(b + off);
        for (size_t j = 0; j < t; j++) {
            if (ne == cap) {
                cap = cap ? 2 * cap : 256;
                want = realloc(want, cap * sizeof *want);
                assert_non_null(want);
            }
            memset(want[ne].tok, 0, sizeof want[ne].tok);
            memcpy(want[ne].tok, b + off + 28 + 8 * j, 8); /* lists keep 8 bytes */
            want[ne++].ref = ref;
        }
        off += 28 + 8 * t;
    }
    qsort(want, ne, sizeof *want, cmp_posting);
    for (size_t i = 0; i < ne; i++)
        if (i == 0 || cmp_posting(&want[i], &want[k - 1]) != 0)
            want[k++] = want[i];
    for (size_t i = 0; i < np; i++)
        memset(p[i].tok + 8, 0, sizeof p[i].tok - 8);
    qsort(p, np, sizeof *p, cmp_posting);
    assert_int_equal(np, k);
    assert_memory_equal(p, want, k * sizeof *p);
    free(p);
    free(want);
    free(b);
    return ne - k;
}


static void
test_refs(void **state)
{
    uint64_t code;
    char back[SANCTUM_ID_MAX];

    (void)state;
    assert_int_equal(sanctum__ix_entity_code(&code, "PER-7K3M-Q9XD"), 0);
    assert_int_equal(code & SANCTUM__IX_TAG_MASK, 0);
    sanctum__ix_entity_id(back, code | 0x155);
    assert_string_equal(back, "PER-7K3M-Q9XD");
    assert_int_equal(sanctum__ix_entity_code(&code, "ZZZ-0000-0000"), SANCTUM_EINVAL);
    assert_int_equal(sanctum__ix_entity_code(&code, "per-7k3m-q9xd"), SANCTUM_EINVAL);
    {
        char buf[16];
        assert_int_equal(sanctum__ix_ident_norm(buf, sizeof buf, "ab 12-3.4/5", 11), 7);
        assert_string_equal(buf, "AB12345");
    }
}

/* Delete every sealed-name entry of entity `arg` (someone with write
 * access to the file hiding it from screening). */
static int
drop_names(MDB_txn *txn, void *arg)
{
    const sanctum_store *st = ((void **)arg)[0];
    const char *id = ((void **)arg)[1];
    uint64_t code;
    MDB_cursor *cur;
    MDB_val k, v;
    int rc, n = 0;

    assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
    assert_int_equal(mdb_cursor_open(txn, st->dbi[SANCTUM__DB_INDEX_NAMES], &cur), 0);
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size == 8 && (sanctum__rd64(k.mv_data) >> 9) == (code >> 9)) {
            assert_int_equal(mdb_cursor_del(cur, 0), 0);
            n++;
        }
    }
    mdb_cursor_close(cur);
    assert_true(n > 0);
    return SANCTUM_OK;
}

/* The index_names value of entity id's single name (malloc'd), through a
 * read transaction; its key into ref. */
static unsigned char *
name_value(sanctum_store *st, const char *id, uint64_t *ref, size_t *len)
{
    uint64_t code;
    MDB_txn *txn;
    MDB_cursor *cur;
    MDB_val k, v;
    unsigned char *out = NULL;
    int rc;

    assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
    assert_int_equal(sanctum__store_read_begin(st, &txn), 0);
    assert_int_equal(mdb_cursor_open(txn, st->dbi[SANCTUM__DB_INDEX_NAMES], &cur), 0);
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0 && out == NULL;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size == 8 && (sanctum__rd64(k.mv_data) >> 9) == (code >> 9)) {
            out = malloc(v.mv_size);
            assert_non_null(out);
            memcpy(out, v.mv_data, v.mv_size);
            *len = v.mv_size;
            *ref = sanctum__rd64(k.mv_data);
        }
    }
    mdb_cursor_close(cur);
    sanctum__store_read_end(st, txn);
    assert_non_null(out);
    return out;
}

struct put_arg {
    const sanctum_store *st;
    uint64_t ref;
    const unsigned char *v;
    size_t len;
};

static int
put_name_value(MDB_txn *txn, void *arg)
{
    struct put_arg *a = arg;
    unsigned char k[8];

    sanctum__be64(k, a->ref);
    return sanctum__put(txn, a->st, SANCTUM__DB_INDEX_NAMES, k, 8, a->v, a->len, 0);
}

/* Each seal of a name draws a fresh salt for its nonce: a reindex reseals
 * the same value's name under another nonce (so a normaliser change never
 * seals a second plaintext under one nonce). An entry written before the
 * salt, sealed under the value's own nonce, still opens. */
static void
test_names_resealed_under_fresh_nonces(void **state)
{
    tu_store *t = *state;
    sanctum__ix_name_entry e1, e2;
    unsigned char *v1, *v2, *pt, legacy[2048];
    size_t l1, l2, n, plen;
    uint64_t ref;
    char id[SANCTUM_ID_MAX];
    sanctum_screen_result *r;
    struct put_arg pa;

    sc_add(t->admin, id, "Person", "name", "Gorblax Thrimbletoe", NULL);
    v1 = name_value(t->st, id, &ref, &l1);
    assert_int_equal(sanctum_screen_reindex(t->admin, "test"), SANCTUM_OK);
    v2 = name_value(t->st, id, &ref, &l2);
    assert_int_equal(sanctum__ix_name_entry_parse(&e1, v1, l1), l1);
    assert_int_equal(sanctum__ix_name_entry_parse(&e2, v2, l2), l2);
    assert_true(v1[0] & SANCTUM__IX_NAME_SALTED);
    assert_memory_equal(e1.nonce, e2.nonce, 24);           /* the same value */
    assert_memory_not_equal(e1.seal_nonce, e2.seal_nonce, 24);
    assert_memory_not_equal(e1.ct, e2.ct, e1.ct_len);

    /* rewrite it as an entry of before the salt */
    plen = e2.ct_len - 16;
    pt = malloc(plen);
    assert_non_null(pt);
    assert_int_equal(sanctum__ix_name_open(pt, e2.ct, e2.ct_len, t->admin->kr, t->st->id, id,
                                           e2.prop, e2.prop_len, e2.level, e2.keyver,
                                           e2.seal_nonce), 0);
    n = 0;
    legacy[n++] = e2.cls;
    legacy[n++] = e2.level;
    sanctum__be32(legacy + n, e2.keyver);
    n += 4;
    memcpy(legacy + n, e2.nonce, 24);
    n += 24;
    legacy[n++] = (unsigned char)e2.prop_len;
    memcpy(legacy + n, e2.prop, e2.prop_len);
    n += e2.prop_len;
    legacy[n++] = (unsigned char)(e2.ct_len >> 8);
    legacy[n++] = (unsigned char)e2.ct_len;
    {
        char prop[64];

        snprintf(prop, sizeof prop, "%.*s", (int)e2.prop_len, e2.prop);
        assert_int_equal(sanctum__ix_name_seal(legacy + n, pt, plen, t->admin->kr, t->st->id,
                                               id, prop, e2.level, e2.keyver, e2.nonce), 0);
    }
    n += e2.ct_len;
    sodium_memzero(pt, plen);
    free(pt);
    pa = (struct put_arg){ t->st, ref, legacy, n };
    assert_int_equal(sanctum__store_write(t->st, put_name_value, &pa), SANCTUM_OK);
    r = sc_screen(t->admin, "Gorblax Thrimbletoe", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, id), 0);
    assert_true(sanctum_screen_match_at(r, 0, 0)->score > 0.999);
    sanctum_screen_result_free(r);
    free(v1);
    free(v2);
}

static int
drop_rules(MDB_txn *txn, void *arg)
{
    const sanctum_store *st = arg;

    return sanctum__del(txn, st, SANCTUM__DB_META, SANCTUM__INDEX_RULES_KEY,
                        strlen(SANCTUM__INDEX_RULES_KEY));
}

/* A store indexed by older key rules (no "index_rules": a store of an
 * earlier library) would miss the names the new rules find, a code such
 * as "MS-13" among them: name screening refuses it until a reindex.
 * Identifier lookup, whose keys did not change, goes on. */
static void
test_index_of_older_rules_refused(void **state)
{
    tu_store *t = *state;
    sanctum_screen_query q = { "MS-13", NULL, NULL, NULL };
    sanctum_screen_result *r = NULL;
    char id[SANCTUM_ID_MAX], out[1][SANCTUM_ID_MAX];
    size_t n = 0;

    sc_add(t->admin, id, "Organization", "name", "MS-13", "registrationNumber", "R-1313",
           NULL);
    assert_int_equal(sanctum__store_write(t->st, drop_rules, t->st), SANCTUM_OK);
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, NULL, "test"), SANCTUM_EVERSION);
    assert_null(r);
    assert_non_null(strstr(sanctum_last_error(), "reindex"));
    assert_int_equal(sanctum_screen_identifier(out, 1, &n, t->admin, NULL, "r1313", "test"),
                     SANCTUM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sanctum_screen_reindex(t->admin, "new key rules"), SANCTUM_OK);
    r = sc_screen(t->admin, "MS-13", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, id), 0);
    sanctum_screen_result_free(r);
}

/* A posting that leads to no sealed name is damage, not "no match":
 * screening fails loudly (SANCTUM_ECORRUPT, naming the entity and the
 * remedy) rather than pass over the entity, and a reindex repairs it. */
static void
test_names_deleted_is_corrupt(void **state)
{
    tu_store *t = *state;
    sanctum_screen_query q = { "Gorblax Thrimbletoe", NULL, NULL, NULL };
    sanctum_screen_result *r = NULL;
    char id[SANCTUM_ID_MAX];
    void *arg[2];

    sc_add(t->admin, id, "Person", "name", "Gorblax Thrimbletoe", NULL);
    arg[0] = t->st;
    arg[1] = id;
    assert_int_equal(sanctum__store_write(t->st, drop_names, arg), SANCTUM_OK);
    assert_int_equal(sanctum_screen(&r, t->admin, &q, 1, NULL, "test"), SANCTUM_ECORRUPT);
    assert_null(r);
    assert_non_null(strstr(sanctum_last_error(), id));
    assert_non_null(strstr(sanctum_last_error(), "reindex"));
    assert_int_equal(sanctum_screen_reindex(t->admin, "repair"), SANCTUM_OK);
    r = sc_screen(t->admin, "Gorblax Thrimbletoe", NULL, NULL, NULL);
    assert_int_equal(sc_find(r, 0, id), 0);
    sanctum_screen_result_free(r);
}

static void
test_create_update_delete(void **state)
{
    tu_store *t = *state;
    sanctum_session *a = t->admin;
    sanctum_entity *e = NULL;
    char id[SANCTUM_ID_MAX];
    unsigned char *b;
    size_t len, n, ntok, np;
    int cls[16], lvl[16];
    posting *p;
    sanctum__ix_stats s;

    sc_add(a, id, "Person", "name", "Hamid Karzouni", "alias", "Hamid Al Karzouni",
           "weakAlias", "Abu Hamid", "passportNumber", "K1234567", "nationality", "sy", NULL);
    b = values_record(t->st, id, &len);
    assert_non_null(b);
    n = entries(b, len, cls, lvl, &ntok);
    assert_int_equal(n, 4);
    assert_int_equal(cls[0], SANCTUM__IX_NAME);
    assert_int_equal(cls[1], SANCTUM__IX_NAME);
    assert_int_equal(cls[2], SANCTUM__IX_WEAK);
    assert_int_equal(cls[3], SANCTUM__IX_ID);
    assert_int_equal(lvl[3], SANCTUM_LEVEL_SENSITIVE);
    p = postings(t->st, id, &np);
    assert_true(np > 10 && np <= ntok);
    free(p);
    free(b);
    s = stats(t->st);
    assert_int_equal(s.count[SANCTUM__IX_NAME][1], 2);
    assert_int_equal(s.count[SANCTUM__IX_WEAK][1], 1);
    assert_int_equal(s.count[SANCTUM__IX_ID][2], 1);
    assert_true(found(a, "Hamid Karzouni", id));
    check_consistent(t->st, id);
    /* the file does not tie postings or tokens to the entity: posting refs
     * are masked per token, the values list is sealed */
    {
        uint64_t code;
        size_t nraw, hits = 0;
        posting *raw = postings_of(t->st, a, NULL, &nraw);
        MDB_txn *txn;
        MDB_val v;
        unsigned char *plain;
        size_t plen;

        assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
        for (size_t i = 0; i < nraw; i++)
            hits += (raw[i].ref >> 9) == (code >> 9);
        assert_int_equal(hits, 0);
        free(raw);
        plain = values_record(t->st, id, &plen);
        assert_int_equal(sanctum__store_read_begin(t->st, &txn), 0);
        assert_int_equal(sanctum__get(txn, t->st, SANCTUM__DB_INDEX_VALUES, id, strlen(id), &v),
                         0);
        assert_int_equal(v.mv_size % 256, 1 + 24 + 16); /* padded */
        assert_false(tu_memmem(v.mv_data, v.mv_size, plain + 3, 24));      /* a nonce */
        assert_false(tu_memmem(v.mv_data, v.mv_size, plain + 3 + 28, 8)); /* a token */
        sanctum__store_read_end(t->st, txn);
        free(plain);
    }

    /* update: the alias changes, the old one is no longer found */
    assert_int_equal(sanctum_entity_get(&e, a, id, "edit"), 0);
    assert_int_equal(sanctum_entity_remove(e, "alias", NULL), 1);
    assert_int_equal(sanctum_entity_add(e, "alias", "Tariq Mansour Obeidat", 0), 0);
    assert_int_equal(sanctum_entity_update(a, e, "edit"), 0);
    sanctum_entity_free(e);
    assert_true(found(a, "Tariq Mansour Obeidat", id));
    check_consistent(t->st, id);
    b = values_record(t->st, id, &len);
    n = entries(b, len, cls, lvl, &ntok);
    assert_int_equal(n, 4);
    p = postings(t->st, id, &np);
    assert_true(np <= ntok && np + 4 >= ntok); /* shared tags may merge a few */
    free(p);
    free(b);
    s = stats(t->st);
    assert_int_equal(s.count[SANCTUM__IX_NAME][1], 2);

    /* delete: nothing of it is left in the index */
    assert_int_equal(sanctum_entity_delete(a, id, 0, "erase"), 0);
    assert_null(values_record(t->st, id, &len));
    p = postings(t->st, id, &np);
    assert_int_equal(np, 0);
    free(p);
    s = stats(t->st);
    assert_int_equal(s.count[SANCTUM__IX_NAME][1], 0);
    assert_int_equal(s.count[SANCTUM__IX_WEAK][1], 0);
    assert_int_equal(s.count[SANCTUM__IX_ID][2], 0);
}

/* Rewrite entity `id`'s list as version 1 wrote it: whole 16-byte tokens
 * (found among its postings) instead of their first 8 bytes. */
static void
to_version1(tu_store *t, sanctum_session *a, const char *id)
{
    unsigned char *b, *v1;
    size_t len, np, n, off = 3, o = 3;
    posting *p;
    uint64_t code;
    MDB_txn *txn;

    assert_int_equal(sanctum__ix_entity_code(&code, id), 0);
    b = values_record(t->st, id, &len);
    p = postings(t->st, id, &np);
    assert_non_null(b);
    assert_int_equal(b[0], 2);
    v1 = calloc(1, 3 + 2 * len);
    assert_non_null(v1);
    memcpy(v1, b, 3);
    v1[0] = 1;
    n = ((size_t)b[1] << 8) | b[2];
    for (size_t i = 0; i < n; i++) {
        size_t nt = ((size_t)b[off + 26] << 8) | b[off + 27];
        uint64_t ref = code | sanctum__ix_value_tag(b + off);

        memcpy(v1 + o, b + off, 28);
        o += 28;
        for (size_t j = 0; j < nt; j++) {
            const unsigned char *pre = b + off + 28 + 8 * j;
            size_t k = 0;
            while (k < np && !(p[k].ref == ref && memcmp(p[k].tok, pre, 8) == 0))
                k++;
            assert_true(k < np); /* every listed prefix is a posting of the value */
            memcpy(v1 + o, p[k].tok, 16);
            o += 16;
        }
        off += 28 + 8 * nt;
    }
    assert_int_equal(off, len);
    assert_int_equal(sanctum__store_write_begin(t->st, &txn), 0);
    assert_int_equal(sanctum__ix_values_put(txn, t->st, a->kr, id, v1, o), 0);
    assert_int_equal(sanctum__store_write_end(t->st, txn, 1), 0);
    free(v1);
    free(b);
    free(p);
    b = values_record(t->st, id, &len);
    assert_int_equal(b[0], 1);
    free(b);
}

/* Lists written before version 2 hold whole tokens and are still read: an
 * update and a deletion of an entity with such a list remove exactly its
 * postings (another entity shares its words). */
static void
test_version1_list(void **state)
{
    tu_store *t = *state;
    sanctum_session *a = t->admin;
    sanctum_entity *e = NULL;
    char id[SANCTUM_ID_MAX], other[SANCTUM_ID_MAX];
    unsigned char *b;
    size_t len, np, nother;
    posting *p;

    sc_add(a, other, "Person", "name", "Hamid Karzouni", NULL);
    sc_add(a, id, "Person", "name", "Hamid Karzouni", "alias", "Hamid Al Karzouni",
           "passportNumber", "K1234567", NULL);
    free(postings(t->st, other, &nother));

    /* an update drops the alias: its postings go, the list is rewritten as version 2 */
    to_version1(t, a, id);
    assert_int_equal(sanctum_entity_get(&e, a, id, "edit"), 0);
    assert_int_equal(sanctum_entity_remove(e, "alias", NULL), 1);
    assert_int_equal(sanctum_entity_update(a, e, "edit"), 0);
    sanctum_entity_free(e);
    b = values_record(t->st, id, &len);
    assert_int_equal(b[0], 2);
    free(b);
    check_consistent(t->st, id); /* the alias's postings are gone, no others */

    /* deleted: nothing of it is left, the other entity keeps all of its postings */
    to_version1(t, a, id);
    assert_int_equal(sanctum_entity_delete(a, id, 0, "erase"), 0);
    p = postings(t->st, id, &np);
    assert_int_equal(np, 0);
    free(p);
    free(postings(t->st, other, &np));
    assert_int_equal(np, nother);
    assert_true(found(a, "Hamid Karzouni", other));
    check_consistent(t->st, other);
}

static void
test_batch_create(void **state)
{
    tu_store *t = *state;
    sanctum_entity *es[20];
    char names[20][64];

    for (int i = 0; i < 20; i++) {
        snprintf(names[i], sizeof names[i], "Person Number%c Batchly", 'A' + i);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), 0);
        assert_int_equal(sanctum_entity_add(es[i], "name", names[i], 0), 0);
    }
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, 20, "batch"), 0);
    for (int i = 0; i < 20; i += 7)
        assert_true(found(t->admin, names[i], sanctum_entity_id(es[i])));
    for (int i = 0; i < 20; i++)
        sanctum_entity_free(es[i]);
}

/* Write record bytes for `e` with the given nonces (ciphertexts are filler:
 * the index reads nonces, levels and property names, never ciphertext) and
 * update the index, in one transaction; e NULL deletes. */
struct craft {
    sanctum_session *s;
    const char *id;
    const sanctum_entity *e;
    unsigned char (*nonce)[24];
    int in_run;
    const struct craft *next; /* in a run: another entity written in it */
};

static int
craft_put(MDB_txn *txn, const struct craft *c)
{
    sanctum__buf b = { 0 };
    unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES] = { 0 }, ct[64] = { 0 };
    int rc;

    sanctum__record_put_header(&b, "Person", 1, 0, 0, 0, prefix, (uint32_t)c->e->count);
    for (size_t i = 0; i < c->e->count; i++)
        sanctum__record_put_value(&b, c->e->values[i].prop->name, 1, 1, c->nonce[i], ct,
                                  c->e->values[i].len + 16, prefix, (uint32_t)i);
    rc = sanctum__put(txn, c->s->st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id), b.p, b.len, 0);
    sanctum__buf_free(&b);
    return rc;
}

static int
craft_txn(MDB_txn *txn, void *arg)
{
    struct craft *c = arg;
    sanctum__ixrun *r;
    int rc = 0, end;

    if (c->e == NULL) {
        if ((rc = sanctum__del(txn, c->s->st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id))) < 0)
            return rc;
        return sanctum__index_entity(txn, c->s, c->id, NULL);
    }
    if (!c->in_run)
        return (rc = craft_put(txn, c)) < 0 ? rc : sanctum__index_entity(txn, c->s, c->id, c->e);
    /* deferred postings, as batches and imports write them */
    if ((rc = sanctum__ixrun_begin(&r, txn, c->s)) < 0)
        return rc;
    for (const struct craft *x = c; x != NULL && rc == 0; x = x->next)
        if ((rc = craft_put(txn, x)) == 0)
            rc = sanctum__ixrun_entity(r, x->id, x->e);
    end = sanctum__ixrun_end(r, rc == 0);
    return rc < 0 ? rc : end;
}

static sanctum_entity *
craft_entity(const char *const *names, size_t n)
{
    sanctum_entity *e;

    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(sanctum_entity_add(e, i ? "alias" : "name", names[i], 0), 0);
    return e;
}

static void
craft_as(sanctum_session *s, const char *id, const char *const *names, size_t n,
         unsigned char (*nonce)[24], int in_run)
{
    sanctum_entity *e = names != NULL ? craft_entity(names, n) : NULL;
    struct craft c = { s, id, e, nonce, in_run, NULL };

    assert_int_equal(sanctum__store_write(s->st, craft_txn, &c), 0);
    sanctum_entity_free(e);
}

static void
craft(sanctum_session *s, const char *id, const char *const *names, size_t n,
      unsigned char (*nonce)[24])
{
    craft_as(s, id, names, n, nonce, 0);
}

/* Two values of one entity whose nonces share a 9-bit tag share the
 * postings of their common tokens: removing one must keep those. */
/* Entity i of a varied set: persons with aliases at several levels, weak
 * aliases, passports, a name with nothing to match, a company. */
static sanctum_entity *
varied(int i)
{
    static const char *const given[] = { "Hamid", "Leila", "Ousmane", "Tariq", "Nadia" };
    static const char *const family[] = { "Karzouni", "Ghoumari", "Diallo", "Obeidat" };
    sanctum_entity *e;
    char name[96], v[64];

    if (i == 11) {
        assert_int_equal(sanctum_entity_new(&e, "Company"), 0);
        assert_int_equal(sanctum_entity_add(e, "name", "Blue Sea Trading LLC", 0), 0);
        assert_int_equal(sanctum_entity_add(e, "registrationNumber", "HRB 12345", 0), 0);
        return e;
    }
    assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
    snprintf(name, sizeof name, "%s %s %d", given[i % 5], family[i % 4],
             i); /* numbers make frequency keys */
    assert_int_equal(sanctum_entity_add(e, "name", i == 7 ? "..." : name, 0), 0);
    if (i % 4 == 1) {
        snprintf(v, sizeof v, "%s al-%s", given[(i + 1) % 5], family[i % 4]);
        assert_int_equal(sanctum_entity_add(e, "alias", v, SANCTUM_LEVEL_SENSITIVE), 0);
    }
    if (i % 5 == 0) {
        snprintf(v, sizeof v, "Abu %s", given[i % 5]);
        assert_int_equal(sanctum_entity_add(e, "weakAlias", v, 0), 0);
    }
    if (i % 3 == 0) {
        snprintf(v, sizeof v, "K%07d", 1000 + i);
        assert_int_equal(sanctum_entity_add(e, "passportNumber", v, SANCTUM_LEVEL_SECRET), 0);
    }
    return e;
}

/* One entity's index as the tests see it. */
struct ixview {
    size_t n, ntok, len, np;
    int cls[16], lvl[16];
};

static struct ixview
ixview(tu_store *t, const char *id)
{
    struct ixview v;
    unsigned char *b = values_record(t->st, id, &v.len);

    memset(v.cls, 0, sizeof v.cls);
    memset(v.lvl, 0, sizeof v.lvl);
    v.n = v.ntok = 0;
    if (b != NULL)
        v.n = entries(b, v.len, v.cls, v.lvl, &v.ntok);
    free(b);
    free(postings(t->st, id, &v.np));
    return v;
}

/* Records are made ahead in create_batch (encrypted, tokens and sealed
 * names made on another thread): the index they leave is the one a
 * rebuild makes from the plaintext, value by value, in the writer. */
static void
test_batch_matches_rebuild(void **state)
{
    enum { N = 24 };
    tu_store *t = *state;
    sanctum_entity *es[N];
    struct ixview before[N];
    sanctum__ix_stats s1, s2;

    for (int i = 0; i < N; i++)
        es[i] = varied(i);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, N, "batch"), 0);
    s1 = stats(t->st);
    for (int i = 0; i < N; i++) {
        before[i] = ixview(t, sanctum_entity_id(es[i]));
        check_consistent(t->st, sanctum_entity_id(es[i]));
    }
    assert_int_equal(before[7].n, 0); /* a name with nothing to match */
    assert_int_equal(sanctum_screen_reindex(t->admin, "rebuild"), 0);
    s2 = stats(t->st);
    assert_memory_equal(s1.count, s2.count, sizeof s1.count);
    for (int i = 0; i < N; i++) {
        struct ixview after = ixview(t, sanctum_entity_id(es[i]));
        assert_int_equal(after.n, before[i].n);
        assert_int_equal(after.ntok, before[i].ntok);
        assert_int_equal(after.len, before[i].len);
        assert_int_equal(after.np, before[i].np);
        assert_memory_equal(after.cls, before[i].cls, sizeof after.cls);
        assert_memory_equal(after.lvl, before[i].lvl, sizeof after.lvl);
        check_consistent(t->st, sanctum_entity_id(es[i]));
    }
    assert_true(found(t->admin, "Blue Sea Trading", sanctum_entity_id(es[11])));
    for (int i = 0; i < N; i++)
        sanctum_entity_free(es[i]);
}

enum { LONG_N = 4000, LONG_STEP = 97 };

/* The LONG_N varied entities es[] were just written: the index they left
 * is the one a rebuild makes (values indexed; for every LONG_STEP-th
 * entity its entries and postings), and names from the start and the end
 * are found. Frees es[] and the entities. */
static void
check_long_matches_rebuild(tu_store *t, sanctum_entity **es)
{
    struct ixview before[LONG_N / LONG_STEP + 1];
    sanctum__ix_stats s1, s2;
    size_t sampled = 0;

    s1 = stats(t->st);
    for (int i = 0; i < LONG_N; i += LONG_STEP) {
        before[i / LONG_STEP] = ixview(t, sanctum_entity_id(es[i]));
        sampled += before[i / LONG_STEP].np;
    }
    /* more than two flushes' worth of postings (every 65,536 in a batch) */
    assert_true(sampled * LONG_STEP > 2 * 65536);
    assert_int_equal(sanctum_screen_reindex(t->admin, "rebuild"), 0);
    s2 = stats(t->st);
    assert_memory_equal(s1.count, s2.count, sizeof s1.count);
    for (int i = 0; i < LONG_N; i += LONG_STEP) {
        struct ixview after = ixview(t, sanctum_entity_id(es[i]));
        assert_int_equal(after.n, before[i / LONG_STEP].n);
        assert_int_equal(after.np, before[i / LONG_STEP].np);
        check_consistent(t->st, sanctum_entity_id(es[i]));
    }
    assert_true(found(t->admin, "Tariq Obeidat 3998", sanctum_entity_id(es[3998])));
    assert_true(found(t->admin, "Hamid Karzouni 20", sanctum_entity_id(es[20])));
    for (int i = 0; i < LONG_N; i++)
        sanctum_entity_free(es[i]);
    free(es);
}

/* A batch long enough that its postings are written in several flushes
 * leaves the index a rebuild makes. */
static void
test_long_batch_matches_rebuild(void **state)
{
    tu_store *t = *state;
    sanctum_entity **es = calloc(LONG_N, sizeof *es);

    assert_non_null(es);
    for (int i = 0; i < LONG_N; i++)
        es[i] = varied(i);
    assert_int_equal(sanctum_entity_create_batch(t->admin, es, LONG_N, "batch"), 0);
    check_long_matches_rebuild(t, es);
}

/* The same set in one import run: its postings are all written at the
 * commit, where a long final flush is made ready by two threads, one per
 * half of the token space (lib/blindindex_upkeep.c, hand_over). */
static void
test_long_import_matches_rebuild(void **state)
{
    tu_store *t = *state;
    sanctum_entity **es = calloc(LONG_N, sizeof *es);
    sanctum_import *run;
    char sid[16];

    assert_non_null(es);
    assert_int_equal(sanctum_import_begin(&run, t->admin, "test_list", "load"), 0);
    for (int i = 0; i < LONG_N; i++) {
        es[i] = varied(i);
        snprintf(sid, sizeof sid, "%d", i);
        assert_int_equal(sanctum_entity_add(es[i], "sourceId", sid, 0), 0);
        assert_int_equal(sanctum_import_add(run, es[i]), 0);
    }
    assert_int_equal(sanctum_import_commit(run, NULL), 0);
    check_long_matches_rebuild(t, es);
}

static void
test_shared_tags(void **state)
{
    tu_store *t = *state;
    static const char *const two[] = { "Karim Haddad", "Karim Haddad Junior" };
    static const char *const one[] = { "Karim Haddad" };
    unsigned char nonce[3][24], keep[2][24];
    const char *id = "PER-0000-0001";

    randombytes_buf(nonce[0], 24);
    do
        randombytes_buf(nonce[1], 24);
    while (sanctum__ix_value_tag(nonce[1]) != sanctum__ix_value_tag(nonce[0]));
    do
        randombytes_buf(nonce[2], 24);
    while (sanctum__ix_value_tag(nonce[2]) == sanctum__ix_value_tag(nonce[0]));
    craft(t->admin, id, two, 2, nonce);
    assert_true(check_consistent(t->st, id) > 0);   /* they do share postings */
    craft(t->admin, id, one, 1, nonce);              /* the alias goes */
    assert_int_equal(check_consistent(t->st, id), 0);
    memcpy(keep[0], nonce[2], 24);                   /* a new name; the alias comes back */
    memcpy(keep[1], nonce[1], 24);
    craft(t->admin, id, two, 2, keep);
    assert_int_equal(check_consistent(t->st, id), 0);
    memcpy(keep[0], nonce[0], 24);                   /* shared again, then both go */
    craft(t->admin, id, two, 2, keep);
    assert_true(check_consistent(t->st, id) > 0);
    craft(t->admin, id, NULL, 0, NULL);
    check_consistent(t->st, id);
}

/* The same in a run (deferred postings, sorted and written in bulk): two
 * values sharing a tag and words new to the store give the same posting
 * twice, which is written once and kept while either value holds it;
 * and a new value whose postings its kept sibling already stored (each
 * its token's one stored posting) adds nothing twice and loses nothing. */
static void
test_shared_tags_in_a_run(void **state)
{
    tu_store *t = *state;
    static const char *const two[] = { "Zqxv Wumbrecht", "Zqxv Wumbrecht Junior" };
    static const char *const one[] = { "Zqxv Wumbrecht" };
    unsigned char nonce[2][24];
    const char *id = "PER-0000-0002", *id2 = "PER-0000-0003", *id3 = "PER-0000-0004";

    randombytes_buf(nonce[0], 24);
    do
        randombytes_buf(nonce[1], 24);
    while (sanctum__ix_value_tag(nonce[1]) != sanctum__ix_value_tag(nonce[0]));
    craft_as(t->admin, id, two, 2, nonce, 1);
    assert_true(check_consistent(t->st, id) > 0);
    craft_as(t->admin, id, one, 1, nonce, 1);
    assert_int_equal(check_consistent(t->st, id), 0);
    craft_as(t->admin, id, NULL, 0, NULL, 1);
    check_consistent(t->st, id);

    craft_as(t->admin, id2, one, 1, nonce, 1);
    assert_int_equal(check_consistent(t->st, id2), 0);
    {   /* in one run: id2's first value kept, its second new (postings it
         * already has), and a new entity with the same words after it */
        sanctum_entity *a = craft_entity(two, 2), *b = craft_entity(one, 1);
        unsigned char other[1][24];
        struct craft cb = { t->admin, id3, b, other, 1, NULL };
        struct craft ca = { t->admin, id2, a, nonce, 1, &cb };

        randombytes_buf(other[0], 24);
        assert_int_equal(sanctum__store_write(t->st, craft_txn, &ca), 0);
        sanctum_entity_free(a);
        sanctum_entity_free(b);
    }
    assert_true(check_consistent(t->st, id2) > 0);
    assert_int_equal(check_consistent(t->st, id3), 0);
    craft_as(t->admin, id2, NULL, 0, NULL, 1);
    check_consistent(t->st, id2);
    assert_int_equal(check_consistent(t->st, id3), 0);
}

static void
test_lower_cleared_update(void **state)
{
    tu_store *t = *state;
    sanctum_session *off = tu_user(t, "olive", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    sanctum_entity *e = NULL;
    char id[SANCTUM_ID_MAX];
    unsigned char *before, *after;
    size_t lb, la, n, ntok, np;
    int cls[16], lvl[16];
    posting *p;

    sc_add(t->admin, id, "Person", "name", "Nadia Ferhat", "alias:secret",
           "Leila Ghoumari Sabbagh", NULL);
    before = values_record(t->st, id, &lb);
    assert_non_null(before);
    /* the official analyst edits: the secret alias is withheld, carried over */
    assert_int_equal(sanctum_entity_get(&e, off, id, "edit"), 0);
    assert_int_equal(sanctum_entity_add(e, "alias", "Nadia Ferhath", 0), 0);
    assert_int_equal(sanctum_entity_update(off, e, "edit"), 0);
    sanctum_entity_free(e);
    after = values_record(t->st, id, &la);
    n = entries(after, la, cls, lvl, &ntok);
    assert_int_equal(n, 3);
    /* the secret alias's entry (nonce and tokens) is kept byte for byte */
    {
        size_t bo = 3, found_it = 0;
        size_t bt = ((size_t)before[bo + 26] << 8) | before[bo + 27];
        const unsigned char *secret_entry = NULL;
        size_t secret_len = 0, ao = 3;
        bo += 28 + 8 * bt; /* the first entry is the name; the second the alias */
        assert_int_equal(before[bo + 25], SANCTUM_LEVEL_SECRET);
        secret_entry = before + bo;
        secret_len = 28 + 8 * (((size_t)before[bo + 26] << 8) | before[bo + 27]);
        for (size_t i = 0; i < n; i++) {
            size_t at = ((size_t)after[ao + 26] << 8) | after[ao + 27];
            if (28 + 8 * at == secret_len && memcmp(after + ao, secret_entry, secret_len) == 0)
                found_it = 1;
            ao += 28 + 8 * at;
        }
        assert_true(found_it);
    }
    assert_true(found(t->admin, "Leila Ghoumari Sabbagh", id));
    assert_true(found(t->admin, "Nadia Ferhath", id));
    check_consistent(t->st, id);
    free(before);
    free(after);
    /* the analyst deletes it: the secret postings go too, no key needed */
    assert_int_equal(sanctum_entity_delete(off, id, 0, "erase"), 0);
    p = postings(t->st, id, &np);
    assert_int_equal(np, 0);
    free(p);
    sanctum_session_close(off);
}

static void
test_import(void **state)
{
    tu_store *t = *state;
    sanctum_import *run = NULL;
    sanctum_entity *e = NULL;
    sanctum_import_summary sum;
    char id[SANCTUM_ID_MAX];

    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(sanctum_import_begin(&run, t->admin, "test-list", "import"), 0);
        assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
        assert_int_equal(sanctum_entity_add(e, "sourceId", "T-1", 0), 0);
        assert_int_equal(sanctum_entity_add(e, "name", pass ? "Youssef Barakzai"
                                                            : "Gulbuddin Wardaki", 0), 0);
        assert_int_equal(sanctum_import_add(run, e), 0);
        snprintf(id, sizeof id, "%s", sanctum_entity_id(e));
        sanctum_entity_free(e);
        assert_int_equal(sanctum_import_commit(run, &sum), 0);
        assert_int_equal(pass ? sum.updated : sum.created, 1);
    }
    assert_true(found(t->admin, "Youssef Barakzai", id));
    assert_false(found(t->admin, "Gulbuddin Wardaki", id));
    check_consistent(t->st, id);
    {
        char out[2][SANCTUM_ID_MAX];
        size_t n;
        assert_int_equal(sanctum_screen_identifier(out, 2, &n, t->admin, "sourceId", "t-1",
                                                   NULL), 0);
        assert_int_equal(n, 1);
        assert_string_equal(out[0], id);
    }
}

/* A run writes its postings late, in bulk: a source record corrected later
 * in the same run must not leave the first version's postings behind. */
static void
test_import_corrected_in_run(void **state)
{
    tu_store *t = *state;
    sanctum_import *run = NULL;
    sanctum_entity *e = NULL;
    char id[SANCTUM_ID_MAX], src[16];

    assert_int_equal(sanctum_import_begin(&run, t->admin, "test-list", "import"), 0);
    for (int i = 0; i < 12; i++) {
        assert_int_equal(sanctum_entity_new(&e, "Person"), 0);
        snprintf(src, sizeof src, "T-%d", i == 11 ? 0 : i);
        assert_int_equal(sanctum_entity_add(e, "sourceId", src, 0), 0);
        assert_int_equal(sanctum_entity_add(e, "name", i == 0    ? "Gulbuddin Wardaki"
                                                       : i == 11 ? "Youssef Barakzai"
                                                                 : "Hamid Karimzada", 0), 0);
        assert_int_equal(sanctum_import_add(run, e), 0);
        if (i == 0)
            snprintf(id, sizeof id, "%s", sanctum_entity_id(e));
        else if (i == 11)
            assert_string_equal(sanctum_entity_id(e), id);
        sanctum_entity_free(e);
    }
    assert_int_equal(sanctum_import_commit(run, NULL), 0);
    check_consistent(t->st, id);
    assert_true(found(t->admin, "Youssef Barakzai", id));
    assert_false(found(t->admin, "Gulbuddin Wardaki", id));
}

static void
test_reindex(void **state)
{
    tu_store *t = *state;
    sanctum_session *an = tu_user(t, "sam", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_SECRET);
    char id[SANCTUM_ID_MAX];
    posting *p1, *p2;
    size_t n1, n2;
    sanctum__ix_stats s1, s2;

    sc_add(t->admin, id, "Person", "name", "Arash Moradi", "alias:secret", "Arash Moradi Tehrani",
           "passportNumber", "P-778899", NULL);
    sc_add(t->admin, id, "Company", "name", "Golden Crescent Trading LLC", "registrationNumber",
           "HRB 4711", NULL);
    p1 = postings(t->st, NULL, &n1);
    s1 = stats(t->st);
    assert_int_equal(sanctum_screen_reindex(an, "rebuild"), SANCTUM_EPERM);
    assert_int_equal(sanctum_screen_reindex(t->admin, "rebuild"), SANCTUM_OK);
    p2 = postings(t->st, NULL, &n2);
    s2 = stats(t->st);
    assert_int_equal(n1, n2);
    qsort(p1, n1, sizeof *p1, cmp_posting);
    qsort(p2, n2, sizeof *p2, cmp_posting);
    assert_memory_equal(p1, p2, n1 * sizeof *p1);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_true(found(t->admin, "Golden Crescent Trading", id));
    free(p1);
    free(p2);
    sanctum_session_close(an);
}

/* No name, alias or identifier is stored in clear: only keyed tokens. */
static void
test_sentinels(void **state)
{
    tu_store *t = *state;
    static const char *const words[] = {
        "Qwyzzelbart", "qwyzzelbart", "QWYZZELBART", "Fnorblique", "fnorblique",
        "Xanthrovic", "xanthrovic", "ZQ9988776", "zq9988776", "qwyzzelbart fnorblique",
    };
    char id[SANCTUM_ID_MAX], path[4096];
    unsigned char *file;
    size_t len;

    sc_add(t->admin, id, "Person", "name", "Qwyzzelbart Fnorblique", "alias", "Xanthrovic",
           "weakAlias", "Fnorblique", "passportNumber", "ZQ9988776", NULL);
    assert_true(found(t->admin, "Qwyzzelbart Fnorblique", id));
    assert_int_equal(sanctum_screen_reindex(t->admin, "rebuild"), 0);
    snprintf(path, sizeof path, "%s/store/data.mdb", t->dir);
    file = tu_read_file(path, &len);
    assert_non_null(file);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (tu_memmem(file, len, words[i], strlen(words[i])))
            fail_msg("'%s' is stored in clear", words[i]);
    free(file);
}

static int
entry_cmp(const void *a, const void *b)
{
    return memcmp(a, b, SANCTUM__IX_POSTING_BYTES);
}

/* Fill n postings of pattern `kind`: 0 a mix (a common token with refs
 * that differ, exact copies, a shared first two bytes, random), 1 already
 * sorted, 2 sorted backwards, 3 all equal, 4 one token, refs descending. */
static void
postings_fill(unsigned char *a, size_t n, int kind, const unsigned char *common)
{
    enum { E = SANCTUM__IX_POSTING_BYTES };

    randombytes_buf(a, n * E);
    for (size_t i = 0; i < n; i++) {
        unsigned char *e = a + i * E;
        if (kind == 3 || (kind == 0 && i % 7 == 0) || kind == 4)
            memcpy(e, common, kind == 3 ? E : SANCTUM__IX_TOKEN_BYTES);
        if (kind == 4)
            sanctum__be64(e + SANCTUM__IX_TOKEN_BYTES, (uint64_t)(n - i));
        if (kind == 0 && i % 7 == 1 && i > 0)
            memcpy(e, e - E, E);
        if (kind == 0 && i % 7 == 2)
            memcpy(e, common, 2);
    }
    if (kind == 1 || kind == 2)
        qsort(a, n, E, entry_cmp);
    if (kind == 2)
        for (size_t i = 0; i < n / 2; i++) {
            unsigned char t[E];
            memcpy(t, a + i * E, E);
            memcpy(a + i * E, a + (n - 1 - i) * E, E);
            memcpy(a + (n - 1 - i) * E, t, E);
        }
}

/* Deferred postings come out in token order, none lost or repeated,
 * whatever their mix and size (few: sorted in place; many: in buckets). */
static void
test_postings_sort(void **state)
{
    enum { N = 300000, E = SANCTUM__IX_POSTING_BYTES };
    static const size_t sizes[] = { 0, 1, 2, 17, 1023, 1024, 5000, N };
    unsigned char *a = malloc((size_t)N * E), *b = malloc((size_t)N * E);
    unsigned char common[E];

    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    randombytes_buf(common, sizeof common);
    for (int kind = 0; kind <= 4; kind++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            size_t n = sizes[s];

            if (n == 0)
                continue;
            postings_fill(a, n, kind, common);
            memcpy(b, a, n * E);
            sanctum__postings_sort(a, n);
            for (size_t i = 1; i < n; i++) /* in token order */
                assert_true(memcmp(a + (i - 1) * E, a + i * E, SANCTUM__IX_TOKEN_BYTES) <= 0);
            qsort(a, n, E, entry_cmp); /* and the same entries */
            qsort(b, n, E, entry_cmp);
            assert_memory_equal(a, b, n * E);
        }
    }
    sanctum__postings_sort(a, 0); /* nothing to do, nothing touched */
    free(a);
    free(b);
}

static int
setup(void **state)
{
    tu_store *t = calloc(1, sizeof *t);

    if (t == NULL)
        return -1;
    tu_store_setup(t, "screen-index");
    T = t;
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

static int
token_cmp(const void *a, const void *b)
{
    return memcmp(a, b, SANCTUM__IX_TOKEN_BYTES);
}

/* A value's tokens come out in memcmp order, few (by insertion) or many
 * (by qsort, up to the longest names'), with ties in their first 8 bytes
 * and repeats. */
static void
test_tokens_sort(void **state)
{
    enum { TB = SANCTUM__IX_TOKEN_BYTES, N = 2100 };
    static unsigned char a[N * TB], b[N * TB];

    (void)state;
    for (size_t n = 0; n <= N; n = n < 40 ? n + 1 : n < N && n + n / 2 > N ? N : n + n / 2) {
        randombytes_buf(a, sizeof a);
        for (size_t i = 0; i < n; i++) {
            if (i % 5 == 1)
                memcpy(a + i * TB, a + (i - 1) * TB, 8); /* same first 8 bytes */
            if (i % 7 == 2)
                memcpy(a + i * TB, a, TB);               /* a repeat */
        }
        memcpy(b, a, n * TB);
        sanctum__tokens_sort(a, n);
        if (n > 0)
            qsort(b, n, TB, token_cmp);
        assert_memory_equal(a, b, n * TB);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_postings_sort),
        cmocka_unit_test(test_tokens_sort),
        cmocka_unit_test_setup_teardown(test_create_update_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_deleted_is_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_of_older_rules_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_resealed_under_fresh_nonces, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_version1_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_create, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch_matches_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_batch_matches_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_import_matches_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_tags_in_a_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lower_cleared_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_corrected_in_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reindex, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sentinels, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

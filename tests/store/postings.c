/* SPDX-License-Identifier: Apache-2.0 */
/* postings.c - a token's postings in blocks: adds, deletes, counts, scans, the layout kept. */
#include "testutil.h"
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "blindindex.h"
#include "errors.h"
#include "fixture.h"
#include "postings.h"
#include "postings_batch.h"
#include "session.h"
#include "store.h"

struct env {
    char *dir;
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    MDB_cursor *cur;
    sanctum__postings_scratch s;
};

static int
setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);

    assert_non_null(e);
    e->dir = tu_tmpdir("postings");
    assert_int_equal(mdb_env_create(&e->env), 0);
    assert_int_equal(mdb_env_set_maxdbs(e->env, 4), 0);
    assert_int_equal(mdb_env_set_mapsize(e->env, (size_t)256 << 20), 0);
    assert_int_equal(mdb_env_open(e->env, e->dir, 0, 0600), 0);
    assert_int_equal(mdb_txn_begin(e->env, NULL, 0, &e->txn), 0);
    assert_int_equal(mdb_dbi_open(e->txn, "postings", MDB_CREATE, &e->dbi), 0);
    assert_int_equal(mdb_cursor_open(e->txn, e->dbi, &e->cur), 0);
    *state = e;
    return 0;
}

static int
teardown(void **state)
{
    struct env *e = *state;

    mdb_cursor_close(e->cur);
    mdb_txn_abort(e->txn);
    mdb_env_close(e->env);
    sanctum__postings_scratch_free(&e->s);
    tu_rmtree(e->dir);
    free(e->dir);
    free(e);
    return 0;
}

/* Sort and drop repeats; the new length. */
static size_t
sort_unique(uint64_t *a, size_t n)
{
    size_t m = 0;

    qsort(a, n, sizeof *a, sanctum__u64_cmp);
    for (size_t i = 0; i < n; i++)
        if (m == 0 || a[i] != a[m - 1])
            a[m++] = a[i];
    return m;
}

struct collect {
    uint64_t *r;
    size_t n, cap;
};

static int
on_chunk(void *arg, const uint64_t *refs, size_t n)
{
    struct collect *c = arg;

    if (c->n + n > c->cap) {
        c->cap = (c->n + n) * 2;
        c->r = realloc(c->r, c->cap * sizeof *c->r);
        assert_non_null(c->r);
    }
    memcpy(c->r + c->n, refs, n * sizeof *refs);
    c->n += n;
    return 0;
}

/* Every ref of `tok` through a scan (XOR mask), in stored order. */
static uint64_t *
scan(struct env *e, const unsigned char tok[16], uint64_t mask, size_t *n)
{
    struct collect c = { NULL, 0, 0 };

    assert_int_equal(sanctum__postings_scan(e->cur, tok, mask, on_chunk, &c), SANCTUM_OK);
    *n = c.n;
    return c.r;
}

/* A scan that must fail as corrupt: NULL (anything else: what it got). */
static uint64_t *
scan_or_null(struct env *e, const unsigned char tok[16], size_t *n)
{
    struct collect c = { NULL, 0, 0 };
    int rc = sanctum__postings_scan(e->cur, tok, 0, on_chunk, &c);

    *n = c.n;
    if (rc == SANCTUM_ECORRUPT) {
        free(c.r);
        return NULL;
    }
    return c.r != NULL ? c.r : malloc(1);
}

/* The table holds `tok` exactly as postings.h says: a head with the
 * total, later blocks keyed by their first ref, each sorted, within its
 * range, not empty, not over the maximum; the refs are want[0..n). */
static void
check_layout(struct env *e, const unsigned char tok[16], const uint64_t *want, size_t n)
{
    MDB_val k = { 16, (void *)tok }, v;
    size_t seen = 0, blocks = 0;
    uint64_t total, lo = 0;
    int rc = mdb_cursor_get(e->cur, &k, &v, MDB_SET_KEY);

    if (n == 0) {
        assert_int_equal(rc, MDB_NOTFOUND);
        return;
    }
    assert_int_equal(rc, 0);
    assert_true(v.mv_size >= 4 && (v.mv_size - 4) % 8 == 0);
    total = sanctum__rd32(v.mv_data);
    assert_int_equal(total, n);
    for (; rc == 0; rc = mdb_cursor_get(e->cur, &k, &v, MDB_NEXT)) {
        const unsigned char *p = v.mv_data;
        size_t m;
        if (memcmp(k.mv_data, tok, 16) != 0)
            break;
        if (k.mv_size == 16) {
            p += 4;
            m = (v.mv_size - 4) / 8;
        } else {
            assert_int_equal(k.mv_size, SANCTUM__POSTINGS_KEY_BYTES);
            uint64_t first = sanctum__rd64((const unsigned char *)k.mv_data + 16);
            assert_true(first >= lo);   /* blocks in order ... */
            assert_true(seen == 0 || first > want[seen - 1]); /* ... after the refs before */
            lo = first;
            m = v.mv_size / 8;
            assert_true(m > 0);
        }
        assert_true(m <= SANCTUM__POSTINGS_BLOCK_MAX);
        for (size_t i = 0; i < m; i++) {
            uint64_t r = sanctum__rd64(p + i * 8);
            assert_true(seen < n);
            assert_true(r >= lo);
            assert_true(r == want[seen]);
            seen++;
        }
        blocks++;
    }
    assert_int_equal(seen, n);
    assert_true(blocks >= (n + SANCTUM__POSTINGS_BLOCK_MAX - 1) / SANCTUM__POSTINGS_BLOCK_MAX);
}

static void
count_is(struct env *e, const unsigned char tok[16], uint64_t want)
{
    uint64_t n = 99;

    assert_int_equal(sanctum__postings_count(e->cur, tok, &n), SANCTUM_OK);
    assert_int_equal(n, want);
}

/* Runs of every length, repeats, refs already stored: the token holds
 * each distinct ref once, in blocks as documented, its count right, its
 * neighbours untouched. */
static void
test_add_runs(void **state)
{
    struct env *e = *state;
    enum { N = 20000 };
    unsigned char tok[16], before[16], after[16];
    uint64_t *all = malloc(2 * N * sizeof *all), one = 7;
    size_t nall = 0, added;

    assert_non_null(all);
    randombytes_buf(tok, sizeof tok);
    tok[15] = 0x80;
    memcpy(before, tok, 16); /* the tokens just before and after, by key order */
    before[15] = 0x7f;
    memcpy(after, tok, 16);
    after[15] = 0x81;
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, before, &one, 1, NULL), SANCTUM_OK);
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, after, &one, 1, NULL), SANCTUM_OK);
    count_is(e, tok, 0);
    for (size_t run = 1, done = 0; done < N; run = run * 3 % 997 + 1) {
        uint64_t r[1000];
        size_t m = run < N - done ? run : N - done, u;
        for (size_t i = 0; i < m; i++) {
            /* clustered, as a batch's ids are, and some repeated */
            r[i] = (i % 5 == 4 && nall > 0) ? all[(i * 7919) % nall]
                                            : ((uint64_t)(done % 7) << 56) | randombytes_random();
        }
        u = sort_unique(r, m);
        memcpy(all + nall, r, u * sizeof *r);
        size_t distinct_before = sort_unique(all, nall);
        nall = sort_unique(all, distinct_before + u);
        assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, r, u, &added), SANCTUM_OK);
        assert_int_equal(added, nall - distinct_before);
        done += m;
    }
    count_is(e, tok, nall);
    check_layout(e, tok, all, nall);
    {
        size_t n;
        uint64_t *got = scan(e, tok, 0, &n);
        assert_int_equal(n, nall);
        assert_memory_equal(got, all, n * sizeof *got);
        free(got);
        got = scan(e, tok, 0xFFFF, &n); /* unmasked as it goes */
        assert_int_equal(got[0], all[0] ^ 0xFFFF);
        free(got);
    }
    /* the same refs again: nothing new */
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, all, nall, &added), SANCTUM_OK);
    assert_int_equal(added, 0);
    count_is(e, tok, nall);
    count_is(e, before, 1);
    count_is(e, after, 1);
    check_layout(e, before, &one, 1);
    check_layout(e, after, &one, 1);
    free(all);
}

/* Deleting refs (present, absent, of an unknown token) keeps the layout
 * and the count; the last one takes the token away, blocks and all. */
static void
test_delete(void **state)
{
    struct env *e = *state;
    enum { N = 3000 };
    unsigned char tok[16], next[16], prefix_twin[16];
    uint64_t *all = malloc(N * sizeof *all), one = 1;
    size_t n = N;
    int removed;

    assert_non_null(all);
    randombytes_buf(tok, sizeof tok);
    memcpy(next, tok, 16);
    next[15] ^= 1;
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, next, &one, 1, NULL), SANCTUM_OK);
    for (size_t i = 0; i < N; i++)
        all[i] = randombytes_random() % 2 ? randombytes_random() : (uint64_t)i << 40;
    n = sort_unique(all, N);
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, all, n, NULL), SANCTUM_OK);
    check_layout(e, tok, all, n);

    removed = 9;
    assert_int_equal(sanctum__postings_del(e->cur, &e->s, tok, all[n - 1] + 1, &removed),
                     SANCTUM_OK);
    assert_int_equal(removed, 0); /* not there: no error, nothing changed */
    memcpy(prefix_twin, tok, 16);
    prefix_twin[0] ^= 0x55;
    assert_int_equal(sanctum__postings_del(e->cur, &e->s, prefix_twin, all[0], &removed), SANCTUM_OK);
    assert_int_equal(removed, 0);
    count_is(e, tok, n);

    /* every third, then the rest, checking as it goes */
    for (int pass = 0; pass < 2; pass++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (pass == 0 && i % 3 != 1) {
                all[m++] = all[i];
                continue;
            }
            assert_int_equal(sanctum__postings_del(e->cur, &e->s, tok, all[i], &removed),
                             SANCTUM_OK);
            assert_int_equal(removed, 1);
        }
        n = m;
        count_is(e, tok, n);
        check_layout(e, tok, all, n);
    }
    count_is(e, next, 1); /* the neighbour kept its own */
    check_layout(e, next, &one, 1);
    free(all);
}

/* Tokens found by the first 8 bytes they share, past each other's blocks. */
static void
test_tokens_by_prefix(void **state)
{
    struct env *e = *state;
    unsigned char a[16], b[16], c[16], found[4][16];
    uint64_t r[300];
    size_t n;

    randombytes_buf(a, sizeof a);
    memcpy(b, a, 16);
    b[12] ^= 0x10; /* same first 8 bytes */
    memcpy(c, a, 16);
    c[7] ^= 1;     /* not */
    for (size_t i = 0; i < 300; i++)
        r[i] = (uint64_t)(i + 1) * 1000003u;
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, a, r, 300, NULL), SANCTUM_OK);
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, b, r, 300, NULL), SANCTUM_OK);
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, c, r, 1, NULL), SANCTUM_OK);
    assert_int_equal(sanctum__postings_tokens(e->cur, a, 8, found, 4, &n), SANCTUM_OK);
    assert_int_equal(n, 2);
    assert_true((memcmp(found[0], a, 16) == 0 && memcmp(found[1], b, 16) == 0) ||
                (memcmp(found[0], b, 16) == 0 && memcmp(found[1], a, 16) == 0));
    assert_int_equal(sanctum__postings_tokens(e->cur, a, 8, found, 1, &n), SANCTUM_OK);
    assert_int_equal(n, 1); /* no more than asked for */
    assert_int_equal(sanctum__postings_tokens(e->cur, c, 16, found, 4, &n), SANCTUM_OK);
    assert_int_equal(n, 1);
    assert_memory_equal(found[0], c, 16);
    c[15] ^= 1;
    assert_int_equal(sanctum__postings_tokens(e->cur, c, 16, found, 4, &n), SANCTUM_OK);
    assert_int_equal(n, 0);
}

/* A damaged head or block is reported as corruption by every reader and
 * writer, never read past. */
static void
test_malformed(void **state)
{
    struct env *e = *state;
    unsigned char tok[16], key[24], bad[5] = { 0, 0, 0, 1, 9 };
    MDB_val k = { 16, tok }, v = { sizeof bad, bad };
    uint64_t n, r = 5;
    size_t got;

    randombytes_buf(tok, sizeof tok);
    assert_int_equal(mdb_put(e->txn, e->dbi, &k, &v, 0), 0); /* 5 bytes: not 4 + 8k */
    assert_int_equal(sanctum__postings_count(e->cur, tok, &n), SANCTUM_ECORRUPT);
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, &r, 1, NULL), SANCTUM_ECORRUPT);
    assert_int_equal(sanctum__postings_del(e->cur, &e->s, tok, r, NULL), SANCTUM_ECORRUPT);
    assert_null(scan_or_null(e, tok, &got));

    /* a later block of 12 bytes */
    v.mv_size = 4;
    assert_int_equal(mdb_put(e->txn, e->dbi, &k, &v, 0), 0);
    memcpy(key, tok, 16);
    memset(key + 16, 0, 7);
    key[23] = 3;
    k.mv_size = sizeof key;
    k.mv_data = key;
    v.mv_size = 12;
    v.mv_data = "abcdefghijkl";
    assert_int_equal(mdb_put(e->txn, e->dbi, &k, &v, 0), 0);
    assert_null(scan_or_null(e, tok, &got));
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, &r, 1, NULL), SANCTUM_ECORRUPT);
}

/* A key that starts with a token but is neither a head nor a block key is
 * damage: a long run landing on it is refused, not written as a new head
 * over the token's real one. */
static void
test_foreign_key(void **state)
{
    struct env *e = *state;
    unsigned char tok[16], key[20];
    uint64_t run[8], *got, n;
    size_t ngot;
    MDB_val k = { sizeof key, key }, v = { 3, "xyz" };

    randombytes_buf(tok, sizeof tok);
    for (size_t i = 0; i < 8; i++)
        run[i] = 100 + i;
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, run, 8, NULL), SANCTUM_OK);
    memcpy(key, tok, 16);
    memset(key + 16, 0xee, 4);
    assert_int_equal(mdb_put(e->txn, e->dbi, &k, &v, 0), 0);
    for (size_t i = 0; i < 8; i++)
        run[i] = UINT64_MAX - 7 + i; /* sorts after the key: lands on it */
    assert_int_equal(sanctum__postings_add(e->cur, &e->s, tok, run, 8, NULL), SANCTUM_ECORRUPT);
    assert_int_equal(sanctum__postings_del(e->cur, &e->s, tok, run[0], NULL), SANCTUM_ECORRUPT);
    assert_null(scan_or_null(e, tok, &ngot));
    assert_int_equal(sanctum__postings_count(e->cur, tok, &n), SANCTUM_OK);
    assert_int_equal(n, 8); /* the head is as it was */
    assert_int_equal(mdb_del(e->txn, e->dbi, &k, NULL), 0);
    got = scan(e, tok, 0, &ngot);
    assert_int_equal(ngot, 8);
    assert_int_equal(got[0], 100);
    assert_int_equal(got[7], 107);
    free(got);
}

/* Refs held by all the keys of a table (heads less their totals). */
static size_t
table_refs(struct env *e, MDB_dbi dbi)
{
    MDB_cursor *cur;
    MDB_val k, v;
    size_t n = 0;
    int rc;

    assert_int_equal(mdb_cursor_open(e->txn, dbi, &cur), 0);
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
        n += (v.mv_size - (k.mv_size == 16 ? 4 : 0)) / 8;
    assert_int_equal(rc, MDB_NOTFOUND);
    mdb_cursor_close(cur);
    return n;
}

static size_t
pages(struct env *e, MDB_dbi dbi)
{
    MDB_stat st;

    assert_int_equal(mdb_stat(e->txn, dbi, &st), 0);
    return st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages;
}

/* A table grown run by run, then repacked into another and copied back:
 * every token keeps its refs and total in the documented layout, on
 * fewer pages. */
static void
test_repack(void **state)
{
    struct env *e = *state;
    enum { TOKENS = 300 };
    unsigned char toks[TOKENS][16];
    uint64_t *all[TOKENS];
    size_t nall[TOKENS], p0, p1, total;
    MDB_dbi tmp;

    memset(nall, 0, sizeof nall);
    for (int t = 0; t < TOKENS; t++) {
        randombytes_buf(toks[t], 16);
        all[t] = malloc(4000 * sizeof *all[t]);
        assert_non_null(all[t]);
    }
    for (int round = 0; round < 40; round++) /* small runs into every token */
        for (int t = 0; t < TOKENS; t++) {
            uint64_t r[8];
            size_t m = 1 + (size_t)(t + round) % 8, u;
            if (t % 3 == 0 && round > 0)
                m = 1; /* some stay small */
            for (size_t i = 0; i < m; i++)
                r[i] = ((uint64_t)round << 40) | randombytes_random();
            u = sort_unique(r, m);
            assert_int_equal(sanctum__postings_add(e->cur, &e->s, toks[t], r, u, NULL),
                             SANCTUM_OK);
            memcpy(all[t] + nall[t], r, u * sizeof *r);
            nall[t] = sort_unique(all[t], nall[t] + u);
        }
    p0 = pages(e, e->dbi);
    total = table_refs(e, e->dbi);
    assert_int_equal(mdb_dbi_open(e->txn, "tmp", MDB_CREATE, &tmp), 0);
    assert_int_equal(sanctum__postings_repack(e->txn, e->dbi, tmp), SANCTUM_OK);
    assert_int_equal(mdb_drop(e->txn, e->dbi, 0), 0);
    assert_int_equal(sanctum__table_copy(e->txn, tmp, e->dbi), SANCTUM_OK);
    p1 = pages(e, e->dbi);
    assert_int_equal(table_refs(e, e->dbi), total); /* nothing more, nothing less */
    for (int t = 0; t < TOKENS; t++) {
        count_is(e, toks[t], nall[t]);
        check_layout(e, toks[t], all[t], nall[t]);
        free(all[t]);
    }
    assert_true(p1 < p0);
    /* a later block without its head is refused (the caller abandons
     * its transaction) */
    {
        unsigned char key[24];
        MDB_val k = { sizeof key, key }, v = { 8, "12345678" };
        MDB_dbi bad, out;
        assert_int_equal(mdb_dbi_open(e->txn, "bad", MDB_CREATE, &bad), 0);
        assert_int_equal(mdb_dbi_open(e->txn, "out", MDB_CREATE, &out), 0);
        randombytes_buf(key, sizeof key);
        assert_int_equal(mdb_put(e->txn, bad, &k, &v, 0), 0);
        assert_int_equal(sanctum__postings_repack(e->txn, bad, out), SANCTUM_ECORRUPT);
    }
}

/* Deferred postings (token || big-endian ref, repeats, any order) of
 * NTOK tokens, from pair p onwards. */
enum { NTOK = 257, NPAIRS = 40000 };

static unsigned char *
batch_of(unsigned char toks[][16], const uint32_t *tokof, const uint64_t *refs, size_t from,
         size_t n)
{
    unsigned char *b = malloc(n * SANCTUM__IX_POSTING_BYTES);

    assert_non_null(b);
    for (size_t i = 0; i < n; i++) {
        memcpy(b + i * SANCTUM__IX_POSTING_BYTES, toks[tokof[from + i]], 16);
        sanctum__be64(b + i * SANCTUM__IX_POSTING_BYTES + 16, refs[from + i]);
    }
    return b;
}

/* Postings handed over in batches and made ready on a thread of their
 * own (threaded or not): every token ends up holding exactly its distinct
 * refs, each XOR its mask, laid out as postings.h says; a later batch
 * over the same tokens merges, keeping repeats once. */
static void
test_batches(void **state)
{
    struct env *e = *state;
    const uint32_t keyver[4] = { 1, 1, 1, 1 };
    unsigned char (*toks)[16] = malloc(NTOK * 16);
    uint32_t *tokof = malloc(NPAIRS * sizeof *tokof);
    uint64_t *refs = malloc(NPAIRS * sizeof *refs), *want = malloc(NPAIRS * sizeof *want);
    sanctum__ix_keys *k = NULL;
    sanctum__pbatch *b1, *b2;
    tu_store t;

    assert_true(toks != NULL && tokof != NULL && refs != NULL && want != NULL);
    tu_store_setup(&t, "pbatch");
    assert_int_equal(sanctum__ix_keys_new(&k, t.admin->kr, keyver), SANCTUM_OK);
    assert_int_equal(sanctum__ix_mask_ready(k), SANCTUM_OK);
    randombytes_buf(toks, NTOK * 16);
    for (size_t i = 0; i < NPAIRS; i++) {
        tokof[i] = (uint32_t)(i * i % NTOK); /* uneven: some tokens get many refs */
        /* one ref in eight repeats an earlier one, of any token */
        refs[i] = i % 8 == 7 ? refs[(i * 7919) % i] : (uint64_t)randombytes_random() << 20 | i;
    }
    /* the first half made ready on its thread while the second is built */
    assert_int_equal(sanctum__pbatch_start(&b1, batch_of(toks, tokof, refs, 0, NPAIRS / 2),
                                           NPAIRS / 2,
                                           NPAIRS / 2 * SANCTUM__IX_POSTING_BYTES, k, 1),
                     SANCTUM_OK);
    unsigned char *second = batch_of(toks, tokof, refs, NPAIRS / 2, NPAIRS - NPAIRS / 2);
    assert_int_equal(sanctum__pbatch_write(b1, e->cur, &e->s), SANCTUM_OK);
    assert_int_equal(sanctum__pbatch_start(&b2, second, NPAIRS - NPAIRS / 2,
                                           (NPAIRS - NPAIRS / 2) * SANCTUM__IX_POSTING_BYTES,
                                           k, 0),
                     SANCTUM_OK);
    assert_int_equal(sanctum__pbatch_write(b2, e->cur, &e->s), SANCTUM_OK);
    for (uint32_t tk = 0; tk < NTOK; tk++) {
        uint64_t mask;
        size_t n = 0;
        assert_int_equal(sanctum__ix_mask(&mask, k, toks[tk]), SANCTUM_OK);
        for (size_t i = 0; i < NPAIRS; i++)
            if (tokof[i] == tk)
                want[n++] = refs[i] ^ mask;
        n = sort_unique(want, n);
        count_is(e, toks[tk], n);
        check_layout(e, toks[tk], want, n);
    }
    /* freed unwritten, on its thread or not: nothing written, nothing leaks */
    assert_int_equal(sanctum__pbatch_start(&b1, batch_of(toks, tokof, refs, 0, 100), 100,
                                           100 * SANCTUM__IX_POSTING_BYTES, k, 1),
                     SANCTUM_OK);
    sanctum__pbatch_free(b1);
    sanctum__pbatch_free(NULL);
    sanctum__ix_keys_free(k);
    tu_store_teardown(&t);
    free(toks);
    free(tokof);
    free(refs);
    free(want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_by_prefix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batches, setup, teardown),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}

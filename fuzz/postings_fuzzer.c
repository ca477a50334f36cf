/* SPDX-License-Identifier: Apache-2.0 */
/* postings_fuzzer.c - libFuzzer harness: postings blocks from a damaged store, then runs of writes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

#include <sanctum/errors.h>

#include "postings.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Input: a few stored entries, then operations, all over four tokens that
 * share their first 15 bytes.
 *
 *   u8 E                       entries to store first (E % 12)
 *   E x entry:
 *     u8 kind                  bits 0-1 token; bit 2 a later block (24-byte
 *                              key), else the head; bit 3 a 17-byte key of
 *                              no kind sanctum writes; bit 4 raw value bytes
 *     [u8 first]               later blocks: the key's first ref (ref_of)
 *     u8 c                     raw: c value bytes follow as they are; else
 *                              the head's u8 total and c refs (u8 each)
 *   ops until the input ends:  u8 op (bits 0-2 kind, 3-4 token), then its
 *                              arguments (below)
 *
 * Every token that no entry touched is checked against a model of the
 * refs it should hold: after each write, its scan gives exactly the model,
 * ascending, and its count agrees. A damaged token may be refused
 * (SANCTUM_ECORRUPT) but never crash, loop or read out of bounds; a repack
 * of a table whose tokens are all clean must succeed and give back the
 * same refs. Each input runs in a write transaction that is aborted.
 */

#define NTOK 4
#define MAXADD 64

static MDB_env *env;
static MDB_dbi dbi_from, dbi_to;
static char envdir[64];

static void
cleanup(void)
{
    char p[128];

    if (env != NULL)
        mdb_env_close(env);
    snprintf(p, sizeof p, "%s/data.mdb", envdir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", envdir);
    unlink(p);
    rmdir(envdir);
}

static void
setup(void)
{
    MDB_txn *txn;
    const char *tmp = getenv("TMPDIR");

    snprintf(envdir, sizeof envdir, "%s/postings-fuzz-XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(envdir) == NULL || mdb_env_create(&env) != 0 ||
        mdb_env_set_maxdbs(env, 2) != 0 || mdb_env_set_mapsize(env, (size_t)64 << 20) != 0 ||
        mdb_env_open(env, envdir, MDB_NOSYNC | MDB_NOLOCK, 0600) != 0 ||
        mdb_txn_begin(env, NULL, 0, &txn) != 0 ||
        mdb_dbi_open(txn, "postings", MDB_CREATE, &dbi_from) != 0 ||
        mdb_dbi_open(txn, "postings.repack", MDB_CREATE, &dbi_to) != 0 ||
        mdb_txn_commit(txn) != 0) {
        fprintf(stderr, "postings_fuzzer: cannot make an LMDB environment in %s\n", envdir);
        abort();
    }
    atexit(cleanup);
}

/* Refs spread over the whole 64-bit range, so blocks split anywhere. */
static uint64_t
ref_of(uint8_t b)
{
    return (uint64_t)b * 0x0101010101010101ull;
}

static void
token(unsigned char tok[16], unsigned int i)
{
    memset(tok, 0xa5, 16);
    tok[15] = (unsigned char)i;
}

typedef struct input {
    const uint8_t *p;
    size_t n;
} input;

static int
take(input *in, uint8_t *b)
{
    if (in->n == 0)
        return 0;
    *b = *in->p++;
    in->n--;
    return 1;
}

/* Store one entry as a damaged store might hold it. */
static void
put_entry(MDB_txn *txn, input *in, int dirty[NTOK])
{
    unsigned char key[24], val[4 + 255 * 8];
    uint8_t kind, first = 0, c = 0, b = 0;
    size_t klen, vlen = 0;

    if (!take(in, &kind))
        return;
    token(key, kind & 3);
    dirty[kind & 3] = 1;
    klen = kind & 8 ? 17 : kind & 4 ? 24 : 16;
    if (kind & 4 && take(in, &first))
        sanctum__be64(key + 16, ref_of(first));
    else
        memset(key + 16, 0, 8);
    (void)take(in, &c);
    if (kind & 16) {
        for (size_t i = 0; i < c && take(in, &b); i++)
            val[vlen++] = b;
    } else {
        if (!(kind & 4)) {
            (void)take(in, &b);
            sanctum__be32(val, b);
            vlen = 4;
        }
        for (size_t i = 0; i < c && take(in, &b); i++, vlen += 8)
            sanctum__be64(val + vlen, ref_of(b));
    }
    MDB_val k = { klen, key }, v = { vlen, val };
    if (mdb_put(txn, dbi_from, &k, &v, 0) != 0)
        abort();
}

struct seen {
    uint64_t refs[256 * NTOK + 8];
    size_t n;
    int sorted;
};

static int
collect(void *arg, const uint64_t *refs, size_t n)
{
    struct seen *s = arg;

    for (size_t i = 0; i < n; i++) {
        if (s->n > 0 && refs[i] <= s->refs[s->n - 1])
            s->sorted = 0;
        if (s->n < sizeof s->refs / sizeof s->refs[0])
            s->refs[s->n++] = refs[i];
    }
    return 0;
}

static int
scan(MDB_cursor *cur, const unsigned char tok[16], struct seen *s)
{
    s->n = 0;
    s->sorted = 1;
    return sanctum__postings_scan(cur, tok, 0, collect, s);
}

/* A clean token's postings must be exactly its model. */
static void
check_clean(MDB_cursor *cur, unsigned int t, const uint8_t model[256])
{
    unsigned char tok[16];
    struct seen s;
    uint64_t count;
    size_t want = 0, j = 0;

    token(tok, t);
    if (scan(cur, tok, &s) != SANCTUM_OK || !s.sorted ||
        sanctum__postings_count(cur, tok, &count) != SANCTUM_OK)
        abort();
    for (unsigned int b = 0; b < 256; b++)
        if (model[b]) {
            if (j >= s.n || s.refs[j] != ref_of((uint8_t)b))
                abort();
            j++;
            want++;
        }
    if (j != s.n || count != want)
        abort();
}

static void
op_add(MDB_cursor *cur, sanctum__postings_scratch *sc, input *in, unsigned int t, int dirty,
       uint8_t model[256])
{
    unsigned char tok[16];
    uint8_t n = 0, b, have[256] = { 0 };
    uint64_t refs[MAXADD];
    size_t m = 0, added = 0, fresh = 0;
    int rc;

    (void)take(in, &n);
    for (size_t i = 0; i < n % MAXADD && take(in, &b); i++)
        have[b] = 1;
    for (unsigned int v = 0; v < 256; v++) /* as callers hand them: sorted, distinct */
        if (have[v]) {
            refs[m++] = ref_of((uint8_t)v);
            fresh += !model[v];
            if (!dirty)
                model[v] = 1;
        }
    token(tok, t);
    rc = sanctum__postings_add(cur, sc, tok, refs, m, &added);
    if (!dirty && (rc != SANCTUM_OK || added != fresh))
        abort();
    if (dirty && rc != SANCTUM_OK && rc != SANCTUM_ECORRUPT && rc != SANCTUM_ERROR)
        abort();
}

static void
op_del(MDB_cursor *cur, sanctum__postings_scratch *sc, input *in, unsigned int t, int dirty,
       uint8_t model[256])
{
    unsigned char tok[16];
    uint8_t b = 0;
    int removed = -1, rc;

    (void)take(in, &b);
    token(tok, t);
    rc = sanctum__postings_del(cur, sc, tok, ref_of(b), &removed);
    if (!dirty) {
        if (rc != SANCTUM_OK || removed != model[b])
            abort();
        model[b] = 0;
    } else if (rc != SANCTUM_OK && rc != SANCTUM_ECORRUPT) {
        abort();
    }
}

/* Repack into the second table: every token's refs come back the same. */
static void
op_repack(MDB_txn *txn, const int dirty[NTOK])
{
    MDB_cursor *a, *b;
    int clean = 1, rc;

    for (unsigned int t = 0; t < NTOK; t++)
        clean &= !dirty[t];
    if (mdb_drop(txn, dbi_to, 0) != 0)
        abort();
    rc = sanctum__postings_repack(txn, dbi_from, dbi_to);
    if (clean && rc != SANCTUM_OK)
        abort();
    if (rc != SANCTUM_OK)
        return;
    if (mdb_cursor_open(txn, dbi_from, &a) != 0 || mdb_cursor_open(txn, dbi_to, &b) != 0)
        abort();
    for (unsigned int t = 0; t < NTOK; t++) {
        static struct seen sa, sb;
        unsigned char tok[16];
        int ra, rb;

        token(tok, t);
        ra = scan(a, tok, &sa);
        rb = scan(b, tok, &sb);
        if (ra == SANCTUM_OK && (rb != SANCTUM_OK || !sb.sorted || sa.n != sb.n ||
                                 memcmp(sa.refs, sb.refs, sa.n * sizeof sa.refs[0]) != 0))
            abort();
    }
    mdb_cursor_close(a);
    mdb_cursor_close(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t model[NTOK][256];
    sanctum__postings_scratch sc = { NULL, 0 };
    input in = { data, size };
    int dirty[NTOK] = { 0, 0, 0, 0 };
    MDB_txn *txn;
    MDB_cursor *cur;
    uint8_t e = 0, op;

    if (env == NULL)
        setup();
    memset(model, 0, sizeof model);
    if (mdb_txn_begin(env, NULL, 0, &txn) != 0)
        abort();
    (void)take(&in, &e);
    for (unsigned int i = 0; i < e % 12u; i++)
        put_entry(txn, &in, dirty);
    if (mdb_cursor_open(txn, dbi_from, &cur) != 0)
        abort();
    while (take(&in, &op)) {
        unsigned int t = (op >> 3) & 3;
        unsigned char tok[16], out[8][16];
        struct seen s;
        uint64_t count;
        uint8_t b = 0;
        size_t n;

        token(tok, t);
        switch (op & 7) {
        case 0:
        case 1:
            op_add(cur, &sc, &in, t, dirty[t], model[t]);
            break;
        case 2:
            op_del(cur, &sc, &in, t, dirty[t], model[t]);
            break;
        case 3:
            (void)sanctum__postings_count(cur, tok, &count);
            (void)scan(cur, tok, &s);
            break;
        case 4:
            (void)take(&in, &b);
            if (sanctum__postings_tokens(cur, tok, b % 17u, out, 8, &n) == SANCTUM_OK &&
                n > 8)
                abort();
            break;
        case 5:
            mdb_cursor_close(cur);
            op_repack(txn, dirty);
            if (mdb_cursor_open(txn, dbi_from, &cur) != 0)
                abort();
            break;
        default:
            break;
        }
        if (!dirty[t] && (op & 7) <= 2)
            check_clean(cur, t, model[t]);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    sanctum__postings_scratch_free(&sc);
    return 0;
}

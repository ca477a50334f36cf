/* SPDX-License-Identifier: Apache-2.0 */
/* postings.c - a token's postings, kept as sorted blocks of masked value refs (postings.h). */
#include "postings.h"

#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "errors.h"
#include "store.h"

#define TOK 16
#define REF 8
#define HEAD_BYTES 4 /* u32 total, before the head block's refs */
#define CHUNK 512    /* refs handed to a scan callback at once */

/* One block as stored: the head (first 0) or a later block. */
struct block {
    int head;
    uint64_t first;
    const unsigned char *refs; /* n big-endian refs, in the page */
    size_t n;
    uint32_t total;            /* head only */
};

static int
mdb_fail(int rc)
{
    return rc == MDB_MAP_FULL ? SANCTUM__EMAPFULL : sanctum__err_mdb(rc, "blind index postings");
}

static int
del_current(MDB_cursor *cur)
{
    int rc = mdb_cursor_del(cur, 0);

    return rc == 0 ? SANCTUM_OK : mdb_fail(rc);
}

static int
malformed(void)
{
    return sanctum__err(SANCTUM_ECORRUPT, "blind index postings are malformed");
}

void
sanctum__postings_scratch_free(sanctum__postings_scratch *s)
{
    free(s->a);
    s->a = NULL;
    s->cap = 0;
}

static int
scratch_need(sanctum__postings_scratch *s, size_t n)
{
    size_t cap = s->cap ? s->cap : 512;
    uint64_t *a;

    if (n <= s->cap && s->a != NULL) /* never NULL after: s->a + 0 is used */
        return SANCTUM_OK;
    while (cap < n)
        cap *= 2;
    if ((a = realloc(s->a, cap * sizeof *a)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    s->a = a;
    s->cap = cap;
    return SANCTUM_OK;
}

/* Read the key/value under the cursor as a block of `tok`: 1 if it is one,
 * 0 if the key belongs to something else, or a negative code if a block of
 * `tok` is malformed. Every key that starts with `tok` is one of its
 * blocks: one of another length is damage, not another token's (taken for
 * "no block here", a writer would put a new head over the real one). */
static int
as_block(const MDB_val *k, const MDB_val *v, const unsigned char tok[TOK], struct block *b)
{
    const unsigned char *p = v->mv_data;

    if (k->mv_size < TOK || memcmp(k->mv_data, tok, TOK) != 0)
        return 0;
    if (k->mv_size != TOK && k->mv_size != SANCTUM__POSTINGS_KEY_BYTES)
        return malformed();
    b->head = k->mv_size == TOK;
    if (b->head) {
        if (v->mv_size < HEAD_BYTES || (v->mv_size - HEAD_BYTES) % REF != 0)
            return malformed();
        b->first = 0;
        b->total = sanctum__rd32(p);
        b->refs = p + HEAD_BYTES;
        b->n = (v->mv_size - HEAD_BYTES) / REF;
    } else {
        if (v->mv_size == 0 || v->mv_size % REF != 0)
            return malformed();
        b->first = sanctum__rd64((const unsigned char *)k->mv_data + TOK);
        b->total = 0;
        b->refs = p;
        b->n = v->mv_size / REF;
    }
    if (b->n > SANCTUM__POSTINGS_BLOCK_MAX)
        return malformed();
    return 1;
}

static int
get_head(MDB_cursor *cur, const unsigned char tok[TOK], struct block *b)
{
    MDB_val k = { TOK, (void *)tok }, v;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);

    if (rc == MDB_NOTFOUND)
        return 0;
    if (rc != 0)
        return mdb_fail(rc);
    rc = as_block(&k, &v, tok, b);
    return rc == 0 ? malformed() : rc;
}

/* Put the cursor on the block of `tok` that `x` falls in: the one with
 * the greatest first <= x. 1 if found, 0 if `tok` has no postings. */
static int
locate(MDB_cursor *cur, const unsigned char tok[TOK], uint64_t x, struct block *b)
{
    unsigned char key[SANCTUM__POSTINGS_KEY_BYTES];
    MDB_val k = { sizeof key, key }, v;
    int rc;

    memcpy(key, tok, TOK);
    sanctum__be64(key + TOK, x);
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    if (rc == 0 && k.mv_size == sizeof key && memcmp(k.mv_data, key, sizeof key) == 0)
        return as_block(&k, &v, tok, b) == 1 ? 1 : malformed();
    if (rc == 0)
        rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
    else if (rc == MDB_NOTFOUND)
        rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
    if (rc == MDB_NOTFOUND)
        return 0;
    if (rc != 0)
        return mdb_fail(rc);
    return as_block(&k, &v, tok, b); /* 0: a key before the token's */
}

static void
decode(uint64_t *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = sanctum__rd64(p + i * REF);
}

/* Write the m sorted refs `r` as the block that starts at `first` (the
 * head: with `total`), in pieces of about BLOCK_FILL if more than
 * BLOCK_MAX; the pieces after the first get keys of their own. `append`
 * is MDB_APPEND when every key comes after all the table holds (a table
 * written in key order: LMDB then fills its pages). */
static int
write_block_as(MDB_cursor *cur, const unsigned char tok[TOK], int head, uint64_t first,
               const uint64_t *r, size_t m, uint32_t total, unsigned int append)
{
    size_t pieces = m <= SANCTUM__POSTINGS_BLOCK_MAX
                        ? 1
                        : (m + SANCTUM__POSTINGS_BLOCK_FILL - 1) / SANCTUM__POSTINGS_BLOCK_FILL;
    size_t off = 0;

    for (size_t p = 0; p < pieces; p++) {
        size_t len = m / pieces + (p < m % pieces ? 1 : 0);
        unsigned char key[SANCTUM__POSTINGS_KEY_BYTES], *out;
        int is_head = head && p == 0, rc;
        MDB_val k = { is_head ? TOK : sizeof key, key };
        MDB_val v = { (is_head ? HEAD_BYTES : 0) + len * REF, NULL };

        memcpy(key, tok, TOK);
        sanctum__be64(key + TOK, p == 0 ? first : r[off]);
        rc = mdb_cursor_put(cur, &k, &v, MDB_RESERVE | append | (p == 0 ? 0 : MDB_NOOVERWRITE));
        if (rc == MDB_KEYEXIST)
            return malformed(); /* a split piece's key inside another block */
        if (rc != 0)
            return mdb_fail(rc);
        out = v.mv_data;
        if (is_head) {
            sanctum__be32(out, total);
            out += HEAD_BYTES;
        }
        for (size_t i = 0; i < len; i++)
            sanctum__be64(out + i * REF, r[off + i]);
        off += len;
    }
    return SANCTUM_OK;
}

static int
write_block(MDB_cursor *cur, const unsigned char tok[TOK], int head, uint64_t first,
            const uint64_t *r, size_t m, uint32_t total)
{
    return write_block_as(cur, tok, head, first, r, m, total, 0);
}

/* Merge sorted distinct a[0..na) and b[0..nb) into out; its length. */
static size_t
merge(uint64_t *out, const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, o = 0;

    while (i < na && j < nb) {
        if (a[i] < b[j])
            out[o++] = a[i++];
        else if (b[j] < a[i])
            out[o++] = b[j++];
        else {
            out[o++] = a[i++];
            j++;
        }
    }
    while (i < na)
        out[o++] = a[i++];
    while (j < nb)
        out[o++] = b[j++];
    return o;
}

/* Change the total in the head of `tok` by delta (its refs unchanged), or
 * delete the head when the token has no refs left. */
static int
adjust_total(MDB_cursor *cur, sanctum__postings_scratch *s, const unsigned char tok[TOK],
             int64_t delta)
{
    struct block h;
    int64_t total;
    int rc;

    if ((rc = get_head(cur, tok, &h)) <= 0)
        return rc < 0 ? rc : malformed();
    total = (int64_t)h.total + delta;
    if (total < 0)
        return malformed();
    if (total > (int64_t)UINT32_MAX)
        return sanctum__err(SANCTUM_ERROR, "a blind index token has too many postings");
    if (total == 0) {
        if (h.n != 0)
            return malformed();
        return del_current(cur);
    }
    if ((rc = scratch_need(s, h.n)) < 0)
        return rc;
    decode(s->a, h.refs, h.n);
    return write_block(cur, tok, 1, 0, s->a, h.n, (uint32_t)total);
}

/* A new token: all n refs in its head (split if long). */
static int
write_new(MDB_cursor *cur, const unsigned char tok[TOK], const uint64_t *refs, size_t n,
          size_t *added)
{
    int rc = write_block(cur, tok, 1, 0, refs, n, (uint32_t)n);

    if (rc == SANCTUM_OK && added != NULL)
        *added = n;
    return rc;
}

/* Merge n refs into the head h (they all fall in it) and write it with
 * total = h's own + `later` (refs added to later blocks in this call) +
 * the new ones; how many were new into *here. */
static int
merge_head(MDB_cursor *cur, sanctum__postings_scratch *s, const unsigned char tok[TOK],
           const struct block *h, const uint64_t *refs, size_t n, size_t later, size_t *here)
{
    size_t m = h->n, out_n;
    uint64_t total;
    int rc;

    if ((rc = scratch_need(s, 2 * m + n)) < 0)
        return rc;
    decode(s->a, h->refs, m);
    out_n = merge(s->a + m, s->a, m, refs, n);
    *here = out_n - m;
    total = (uint64_t)h->total + later + *here;
    if (total > UINT32_MAX)
        return sanctum__err(SANCTUM_ERROR, "a blind index token has too many postings");
    if (total == h->total)
        return SANCTUM_OK;
    return write_block(cur, tok, 1, 0, s->a + m, out_n, (uint32_t)total);
}

/* Runs this short (most tokens' in a flush: a new identifier, a rare
 * word) look for the head first: it is usually the only block. */
#define SHORT_RUN 4

int
sanctum__postings_add(MDB_cursor *cur, sanctum__postings_scratch *s, const unsigned char tok[16],
                      const uint64_t *refs, size_t n, size_t *added)
{
    struct block b;
    size_t hi = n, newc = 0, here;
    int rc;

    if (added != NULL)
        *added = 0;
    if (n == 0)
        return SANCTUM_OK;
    if (n > UINT32_MAX)
        return sanctum__err(SANCTUM_ERROR, "a blind index token has too many postings");
    if (n < SHORT_RUN) {
        struct block next;
        MDB_val k, v;
        if ((rc = get_head(cur, tok, &b)) <= 0) /* 0: a new token */
            return rc < 0 ? rc : write_new(cur, tok, refs, n, added);
        /* b's refs stay valid: nothing is written until merge_head */
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
        if (rc != 0 && rc != MDB_NOTFOUND)
            return mdb_fail(rc);
        if (rc == MDB_NOTFOUND || (rc = as_block(&k, &v, tok, &next)) == 0) {
            /* the head is the only block: all go there */
            if ((rc = merge_head(cur, s, tok, &b, refs, n, 0, &here)) < 0)
                return rc;
            if (added != NULL)
                *added = here;
            return SANCTUM_OK;
        }
        if (rc < 0)
            return rc;
    }
    /* from the highest ref down, block by block: the head, holding the
     * lowest, comes last and is written once, with the new total */
    while (hi > 0) {
        size_t lo = hi, m, out_n;

        if ((rc = locate(cur, tok, refs[hi - 1], &b)) < 0)
            return rc;
        if (rc == 0) /* a new token (or later blocks without a head) */
            return hi == n ? write_new(cur, tok, refs, n, added) : malformed();
        while (lo > 0 && refs[lo - 1] >= b.first)
            lo--;
        if (b.head) { /* lo is 0: nothing is below the head */
            if ((rc = merge_head(cur, s, tok, &b, refs, hi, newc, &here)) < 0)
                return rc;
            if (added != NULL)
                *added = newc + here;
            return SANCTUM_OK;
        }
        m = b.n;
        if ((rc = scratch_need(s, 2 * m + (hi - lo))) < 0)
            return rc;
        decode(s->a, b.refs, m);
        out_n = merge(s->a + m, s->a, m, refs + lo, hi - lo);
        if (out_n != m && (rc = write_block(cur, tok, 0, b.first, s->a + m, out_n, 0)) < 0)
            return rc;
        newc += out_n - m;
        hi = lo;
    }
    if (added != NULL)
        *added = newc;
    return newc == 0 ? SANCTUM_OK : adjust_total(cur, s, tok, (int64_t)newc);
}

int
sanctum__postings_del(MDB_cursor *cur, sanctum__postings_scratch *s, const unsigned char tok[16],
                      uint64_t ref, int *removed)
{
    struct block h, b;
    size_t lo = 0, hi;
    int rc;

    if (removed != NULL)
        *removed = 0;
    if ((rc = get_head(cur, tok, &h)) <= 0)
        return rc;
    if ((rc = locate(cur, tok, ref, &b)) <= 0)
        return rc < 0 ? rc : malformed(); /* its head was just found */
    for (hi = b.n; lo < hi;) { /* the first ref >= ref */
        size_t mid = lo + (hi - lo) / 2;
        if (sanctum__rd64(b.refs + mid * REF) < ref)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == b.n || sanctum__rd64(b.refs + lo * REF) != ref)
        return SANCTUM_OK;
    if (h.total == 0)
        return malformed();
    if ((rc = scratch_need(s, b.n)) < 0)
        return rc;
    decode(s->a, b.refs, lo);
    decode(s->a + lo, b.refs + (lo + 1) * REF, b.n - lo - 1);
    if (b.head && h.total == 1)
        rc = b.n == 1 ? del_current(cur) : malformed();
    else if (b.head)
        rc = write_block(cur, tok, 1, 0, s->a, b.n - 1, h.total - 1);
    else if ((rc = b.n == 1 ? del_current(cur)
                            : write_block(cur, tok, 0, b.first, s->a, b.n - 1, 0)) == SANCTUM_OK)
        rc = adjust_total(cur, s, tok, -1);
    if (rc == 0 && removed != NULL)
        *removed = 1;
    return rc;
}

int
sanctum__postings_count(MDB_cursor *cur, const unsigned char tok[16], uint64_t *n)
{
    struct block h;
    int rc = get_head(cur, tok, &h);

    *n = rc > 0 ? h.total : 0;
    return rc < 0 ? rc : SANCTUM_OK;
}

int
sanctum__postings_scan(MDB_cursor *cur, const unsigned char tok[16], uint64_t mask,
                       sanctum__postings_fn fn, void *arg)
{
    MDB_val k = { TOK, (void *)tok }, v;
    uint64_t refs[CHUNK];
    struct block b;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);

    while (rc == 0) {
        if ((rc = as_block(&k, &v, tok, &b)) <= 0)
            return rc; /* past the token's blocks (0), or malformed */
        for (size_t i = 0; i < b.n;) {
            size_t m = b.n - i < CHUNK ? b.n - i : CHUNK;
            for (size_t j = 0; j < m; j++)
                refs[j] = sanctum__rd64(b.refs + (i + j) * REF) ^ mask;
            if ((rc = fn(arg, refs, m)) < 0)
                return rc;
            i += m;
        }
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    return rc == MDB_NOTFOUND ? SANCTUM_OK : mdb_fail(rc);
}

int
sanctum__postings_tokens(MDB_cursor *cur, const unsigned char *prefix, size_t plen,
                         unsigned char (*out)[16], size_t cap, size_t *n)
{
    unsigned char start[SANCTUM__POSTINGS_KEY_BYTES] = { 0 };
    MDB_val k = { TOK, start }, v;
    int rc;

    *n = 0;
    if (plen > TOK)
        return sanctum__err(SANCTUM_EINVAL, "token prefix too long");
    memcpy(start, prefix, plen);
    /* heads come before their blocks: the first key at or after a
     * token-sized key is a head */
    rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (rc == 0 && *n < cap && k.mv_size == TOK && memcmp(k.mv_data, prefix, plen) == 0) {
        memcpy(out[*n], k.mv_data, TOK);
        memcpy(start, k.mv_data, TOK); /* skip its blocks: past tok || ff..ff */
        memset(start + TOK, 0xff, REF);
        k.mv_size = sizeof start;
        k.mv_data = start;
        (*n)++;
        rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
        if (rc == 0 && k.mv_size == sizeof start && memcmp(k.mv_data, start, sizeof start) == 0)
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    return rc == 0 || rc == MDB_NOTFOUND ? SANCTUM_OK : mdb_fail(rc);
}

/* All refs of `tok` (head, then later blocks) into s, reading on from the
 * head under the cursor. The cursor is left on the key after the token's
 * blocks; *more is 0 if there is none. */
static int
gather(MDB_cursor *from, const unsigned char tok[TOK], sanctum__postings_scratch *s, size_t *n,
       int *more)
{
    MDB_val k, v;
    struct block b;
    int rc = mdb_cursor_get(from, &k, &v, MDB_GET_CURRENT);

    *n = 0;
    *more = 0;
    while (rc == 0) {
        if ((rc = as_block(&k, &v, tok, &b)) <= 0) {
            *more = rc == 0; /* the next token's key */
            return rc;
        }
        if ((rc = scratch_need(s, *n + b.n)) < 0)
            return rc;
        decode(s->a + *n, b.refs, b.n);
        *n += b.n;
        rc = mdb_cursor_get(from, &k, &v, MDB_NEXT);
    }
    return rc == MDB_NOTFOUND ? SANCTUM_OK : mdb_fail(rc);
}

int
sanctum__postings_repack(MDB_txn *txn, MDB_dbi from, MDB_dbi to)
{
    sanctum__postings_scratch s = { NULL, 0 };
    MDB_cursor *src = NULL, *dst = NULL;
    MDB_val k, v;
    int rc = SANCTUM_OK, mrc;

    if ((mrc = mdb_cursor_open(txn, from, &src)) != 0 ||
        (mrc = mdb_cursor_open(txn, to, &dst)) != 0) {
        mdb_cursor_close(src);
        return mdb_fail(mrc);
    }
    /* heads come in key order, each before its blocks */
    for (mrc = mdb_cursor_get(src, &k, &v, MDB_FIRST); mrc == 0 && rc == SANCTUM_OK;) {
        unsigned char tok[TOK];
        size_t n;
        int more;

        if (k.mv_size != TOK) {
            rc = malformed(); /* a later block without its head */
            break;
        }
        memcpy(tok, k.mv_data, TOK);
        if ((rc = gather(src, tok, &s, &n, &more)) < 0)
            break;
        if (n > UINT32_MAX) {
            rc = sanctum__err(SANCTUM_ERROR, "a blind index token has too many postings");
            break;
        }
        for (size_t i = 1; i < n && rc == SANCTUM_OK; i++)
            if (s.a[i] <= s.a[i - 1])
                rc = malformed(); /* out of order or repeated */
        if (rc == SANCTUM_OK && n > 0)
            rc = write_block_as(dst, tok, 1, 0, s.a, n, (uint32_t)n, MDB_APPEND);
        mrc = more ? mdb_cursor_get(src, &k, &v, MDB_GET_CURRENT) : MDB_NOTFOUND;
    }
    if (rc == SANCTUM_OK && mrc != 0 && mrc != MDB_NOTFOUND)
        rc = mdb_fail(mrc);
    mdb_cursor_close(src);
    mdb_cursor_close(dst);
    sanctum__postings_scratch_free(&s);
    return rc;
}

int
sanctum__postings_from_dupsort(MDB_txn *txn, MDB_dbi from, MDB_dbi to)
{
    sanctum__postings_scratch run = { NULL, 0 };
    MDB_cursor *src = NULL, *dst = NULL;
    MDB_val k, v;
    int rc = SANCTUM_OK, mrc; /* mrc: LMDB's codes, rc: ours */

    if ((mrc = mdb_cursor_open(txn, from, &src)) != 0 ||
        (mrc = mdb_cursor_open(txn, to, &dst)) != 0) {
        mdb_cursor_close(src);
        return mdb_fail(mrc);
    }
    for (mrc = mdb_cursor_get(src, &k, &v, MDB_FIRST); mrc == 0 && rc == SANCTUM_OK;
         mrc = mdb_cursor_get(src, &k, &v, MDB_NEXT_NODUP)) {
        unsigned char tok[TOK];
        size_t n = 0;

        if (k.mv_size != TOK) {
            rc = malformed();
            break;
        }
        memcpy(tok, k.mv_data, TOK);
        for (mrc = mdb_cursor_get(src, &k, &v, MDB_GET_MULTIPLE); mrc == 0 && rc == SANCTUM_OK;
             mrc = mdb_cursor_get(src, &k, &v, MDB_NEXT_MULTIPLE)) {
            size_t m = v.mv_size / REF;
            if (v.mv_size % REF != 0)
                rc = malformed();
            else if ((rc = scratch_need(&run, n + m)) == SANCTUM_OK) {
                decode(run.a + n, v.mv_data, m);
                n += m;
            }
        }
        if (rc == SANCTUM_OK && mrc != MDB_NOTFOUND)
            rc = mdb_fail(mrc);
        /* duplicates come sorted by their bytes: big-endian, so by value;
         * tokens come in key order, into an empty table */
        if (rc == SANCTUM_OK && n > UINT32_MAX)
            rc = sanctum__err(SANCTUM_ERROR, "a blind index token has too many postings");
        if (rc == SANCTUM_OK && n > 0)
            rc = write_block_as(dst, tok, 1, 0, run.a, n, (uint32_t)n, MDB_APPEND);
    }
    if (rc == SANCTUM_OK && mrc != 0 && mrc != MDB_NOTFOUND)
        rc = mdb_fail(mrc);
    mdb_cursor_close(src);
    mdb_cursor_close(dst);
    sanctum__postings_scratch_free(&run);
    return rc;
}

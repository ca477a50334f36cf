/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex_upkeep.c - the blind index follows every record write, in the writer's transaction. */
#include "blindindex.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ahead.h"
#include "entity.h"
#include "errors.h"
#include "match.h"
#include "postings.h"
#include "postings_batch.h"
#include "record.h"
#include "session.h"

/*
 * index_values[entity id] lists the entity's indexed values, each known by
 * the nonce of its stored ciphertext (unique per value write):
 *   u8 version (2), u16 count, then per value:
 *   24 nonce, u8 class, u8 level, u16 token count, the first 8 bytes of
 *   each token (sorted)
 * Keeping the tokens lets any writer remove a value's postings, even one
 * whose level it cannot read (a deletion by a lower-cleared user); the
 * postings head key that starts with those 8 bytes is the token
 * (posting_del).
 * Lists of version 1, written before, hold whole 16-byte tokens and are
 * still read. The list is stored sealed under the index key ("values"
 * subkey), padded to a multiple of 256 bytes (32 tokens), so that the
 * file does not tie tokens to entities nor tell how many tokens (words,
 * letters) a name has:
 *   u8 2, 24 random nonce, XChaCha20-Poly1305(u32 length || list || zeros)
 *   with associated data "sanctum.ixvalues.v1" || store id || u8 len || id
 *
 * index_names[value ref] holds the sealed normalised form of each name
 * value with that ref (usually one):
 *   u8 class, u8 level, u32 key version, 24 nonce, u8 length + property,
 *   u16 length + ciphertext (blindindex_names.c)
 */

#define VALUES_VERSION_FULL 1 /* 16-byte tokens (read only) */
#define VALUES_VERSION 2      /* 8-byte token prefixes */
#define VALUES_SEALED 2
#define VALUES_PAD 256
#define LIST_TOK_BYTES 8      /* bytes of a token kept in a list */
#define VALUES_AD_TAG "sanctum.ixvalues.v1"
#define ENTRY_HEAD (SANCTUM__NONCE_BYTES + 1 + 1 + 2)
#define MAX_VALUES 65535
#define PACK_MAX (16 + 2 * SANCTUM__NAME_MAX_LEGAL + 14 * SANCTUM__NAME_MAX_TOKENS + \
                  SANCTUM__NAME_TEXT_MAX)
#define PEND_BYTES SANCTUM__IX_POSTING_BYTES

/* One indexed value: its nonce, class, level and sorted tokens. */
struct ixent {
    unsigned char nonce[SANCTUM__NONCE_BYTES];
    uint8_t cls, level;
    unsigned int tag;
    size_t ntok, toklen;
    const unsigned char *tok;  /* ntok * toklen bytes, sorted; toklen is
                                  16 (new, or a version 1 list) or 8 */
    unsigned char *own;        /* tok when this entry owns it */
};

struct ixlist {
    struct ixent *e;
    size_t n, cap;
};

/* What the entities of one call share. */
struct ixctx {
    MDB_txn *txn;
    const sanctum_session *s;
    const sanctum_store *st;
    sanctum__ix_stats stats;
    sanctum__ix_keys *keys;
    sanctum__normalizer *norm;
    sanctum__name *nm;         /* the value last normalised */
    unsigned char *pack;       /* scratch: packed and sealed names */
    unsigned char *toks;       /* tokens of the value being indexed */
    size_t ntoks, captoks;
    unsigned char *pend;       /* deferred postings: token || ref, PEND_BYTES each */
    size_t npend, cappend, pend_hint;
    sanctum__pbatch *inflight; /* the last flush's, being made ready to write */
    int defer;                 /* collect postings, write them sorted at the end */
    sanctum__postings_scratch ps; /* the postings writer's memory */
    int rc, cls, level;        /* key callback state */
    uint64_t seen;             /* tokens (< 64) whose word made a WORD key */
    struct tcache *tc;         /* name tokens made so far (NULL: none yet) */
};

/* Name tokens already made in a run (deferred mode), direct-mapped by a hash of
 * (class, level, kind, key): words recur across the values of a batch or
 * an import run ("mohammed", "trading"), and a token is two BLAKE2b
 * blocks. Plaintext-derived, so wiped with the context. */
#define TCACHE_SLOTS 8192u
struct tcache {
    struct {
        uint64_t h;              /* 0: empty */
        uint8_t cls, level, kind, len;
        char key[SANCTUM__KEY_MAX];
        unsigned char tok[SANCTUM__IX_TOKEN_BYTES];
    } e[TCACHE_SLOTS];
};

/* One entity being brought up to date. */
struct ixone {
    const char *id;
    uint64_t code;
    unsigned char *oldbuf;     /* its previous index_values list, opened */
    size_t oldlen;
    struct ixlist old, cur;
    unsigned char *kept;       /* per old entry */
    int all_ready;             /* every new value came made ahead */
};

static int
level_ok(int level)
{
    return level >= 1 && level <= 3;
}

static int
list_push(struct ixlist *l, const struct ixent *e)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? 2 * l->cap : 8;
        struct ixent *a = realloc(l->e, ncap * sizeof *a);
        if (a == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        l->e = a;
        l->cap = ncap;
    }
    l->e[l->n++] = *e;
    return SANCTUM_OK;
}

static void
list_free(struct ixlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->e[i].own);
    free(l->e);
    memset(l, 0, sizeof *l);
}

static size_t
values_ad(unsigned char *ad, const unsigned char store_id[16], const char *id)
{
    size_t n = sizeof VALUES_AD_TAG - 1, l = strlen(id);

    memcpy(ad, VALUES_AD_TAG, n);
    memcpy(ad + n, store_id, 16);
    n += 16;
    ad[n++] = (unsigned char)l;
    memcpy(ad + n, id, l);
    return n + l;
}

/* Seal the plain list pt[len] of entity `id` into out (appended). */
static int
values_seal(sanctum__buf *out, const sanctum__keyring *kr, const sanctum_store *st,
            const char *id, const unsigned char *pt, size_t len)
{
    unsigned char key[32], ad[64 + SANCTUM__ID_MAX], nonce[SANCTUM__NONCE_BYTES], *padded, *ct;
    size_t plen = (4 + len + VALUES_PAD - 1) / VALUES_PAD * VALUES_PAD;
    int rc;

    if (strlen(id) >= SANCTUM__ID_MAX)
        return sanctum__err(SANCTUM_EINVAL, "index: entity id too long");
    if ((rc = sanctum__index_subkey(key, kr, "values")) < 0)
        return rc;
    if ((padded = calloc(1, plen)) == NULL) {
        sodium_memzero(key, sizeof key);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    sanctum__be32(padded, (uint32_t)len);
    memcpy(padded + 4, pt, len);
    randombytes_buf(nonce, sizeof nonce);
    sanctum__buf_u8(out, VALUES_SEALED);
    sanctum__buf_put(out, nonce, sizeof nonce);
    if ((ct = sanctum__buf_grow(out, plen + SANCTUM__TAG_BYTES)) == NULL)
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
    else
        rc = sanctum__seal(ct, padded, plen, nonce, ad, values_ad(ad, st->id, id), key);
    sodium_memzero(key, sizeof key);
    free(padded);
    return rc;
}

/* Open sealed record b[blen] of entity `id`: *pt (malloc'd, caller frees)
 * receives the plain list, *len its length. */
static int
values_open(unsigned char **pt, size_t *len, const sanctum__keyring *kr, const sanctum_store *st,
            const char *id, const unsigned char *b, size_t blen)
{
    unsigned char key[32], ad[64 + SANCTUM__ID_MAX], *p;
    size_t clen;
    int rc;

    *pt = NULL;
    if (blen < 1 + SANCTUM__NONCE_BYTES + SANCTUM__TAG_BYTES + 4 || b[0] != VALUES_SEALED ||
        strlen(id) >= SANCTUM__ID_MAX)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: its blind index record is malformed",
                            id);
    if ((rc = sanctum__index_subkey(key, kr, "values")) < 0)
        return rc;
    clen = blen - 1 - SANCTUM__NONCE_BYTES;
    if ((p = malloc(clen)) == NULL) {
        sodium_memzero(key, sizeof key);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    rc = sanctum__unseal(p, b + 1 + SANCTUM__NONCE_BYTES, clen, b + 1, ad,
                         values_ad(ad, st->id, id), key);
    sodium_memzero(key, sizeof key);
    clen -= SANCTUM__TAG_BYTES;
    if (rc < 0 || sanctum__rd32(p) > clen - 4) {
        free(p);
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: its blind index record fails "
                            "authentication", id);
    }
    *len = sanctum__rd32(p);
    memmove(p, p + 4, *len);
    *pt = p;
    return SANCTUM_OK;
}

/* Parse an index_values record (len bytes at b) into `out`; entries point into b. */
static int
parse_values(const char *id, const unsigned char *b, size_t len, struct ixlist *out)
{
    const unsigned char *p = b, *end = b + len;
    size_t n, toklen;

    if (len < 3 || (p[0] != VALUES_VERSION && p[0] != VALUES_VERSION_FULL))
        goto bad;
    toklen = p[0] == VALUES_VERSION ? LIST_TOK_BYTES : SANCTUM__IX_TOKEN_BYTES;
    n = ((size_t)p[1] << 8) | p[2];
    p += 3;
    for (size_t i = 0; i < n; i++) {
        struct ixent e;
        int rc;
        memset(&e, 0, sizeof e);
        if ((size_t)(end - p) < ENTRY_HEAD)
            goto bad;
        memcpy(e.nonce, p, SANCTUM__NONCE_BYTES);
        e.cls = p[24];
        e.level = p[25];
        e.ntok = ((size_t)p[26] << 8) | p[27];
        e.toklen = toklen;
        p += ENTRY_HEAD;
        if (e.cls < 1 || e.cls > 3 || !level_ok(e.level) ||
            (size_t)(end - p) < e.ntok * toklen)
            goto bad;
        e.tok = p;
        e.tag = sanctum__ix_value_tag(e.nonce);
        p += e.ntok * toklen;
        if ((rc = list_push(out, &e)) < 0)
            return rc;
    }
    if (p != end)
        goto bad;
    return SANCTUM_OK;
bad:
    return sanctum__err(SANCTUM_ECORRUPT, "entity %s: its blind index record is malformed", id);
}

int
sanctum__ix_values_get(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                       const char *id, unsigned char **out, size_t *len)
{
    MDB_val v;
    int rc = sanctum__get(txn, st, SANCTUM__DB_INDEX_VALUES, id, strlen(id), &v);

    *out = NULL;
    *len = 0;
    if (rc < 0)
        return rc;
    return values_open(out, len, kr, st, id, v.mv_data, v.mv_size);
}

int
sanctum__ix_values_each(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                        const char *id, sanctum__ix_value_fn fn, void *arg)
{
    struct ixlist l = { NULL, 0, 0 };
    unsigned char *pt = NULL;
    size_t len = 0;
    int rc = sanctum__ix_values_get(txn, st, kr, id, &pt, &len);

    if (rc == SANCTUM_ENOTFOUND)
        return SANCTUM_OK;
    if (rc < 0 || (rc = parse_values(id, pt, len, &l)) < 0)
        goto done;
    for (size_t i = 0; i < l.n; i++) {
        sanctum__ix_value x = { l.e[i].nonce, l.e[i].cls, l.e[i].level, l.e[i].tag };
        if ((rc = fn(arg, &x)) != 0) {
            rc = rc < 0 ? rc : SANCTUM_OK;
            break;
        }
    }
done:
    list_free(&l);
    if (pt != NULL)
        sodium_memzero(pt, len);
    free(pt);
    return rc;
}

/* ------------------------------------------------------------ tokens of a value */

static int
tok_push(struct ixctx *c, const unsigned char tok[SANCTUM__IX_TOKEN_BYTES])
{
    if (c->ntoks == c->captoks) {
        size_t ncap = c->captoks ? 2 * c->captoks : 128;
        unsigned char *a = sanctum__grow_wiped(c->toks, c->ntoks * SANCTUM__IX_TOKEN_BYTES,
                                               ncap * SANCTUM__IX_TOKEN_BYTES);
        if (a == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        c->toks = a;
        c->captoks = ncap;
    }
    memcpy(c->toks + c->ntoks * SANCTUM__IX_TOKEN_BYTES, tok, SANCTUM__IX_TOKEN_BYTES);
    c->ntoks++;
    return SANCTUM_OK;
}

static uint64_t
tcache_hash(int cls, int level, unsigned int kind, const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;

    h = (h ^ (uint64_t)(cls | level << 8 | kind << 16)) * 0x100000001b3ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 0x100000001b3ull;
    return h | 1;
}

/* The token of a name key of c->cls at c->level, from the cache or made. */
static int
name_token(struct ixctx *c, unsigned char out[SANCTUM__IX_TOKEN_BYTES], unsigned int kind,
           const char *key, size_t len)
{
    uint64_t h;
    size_t slot;
    int rc;

    if (!c->defer || len > SANCTUM__KEY_MAX) /* one entity: not worth a cache */
        return sanctum__ix_token(out, c->keys, c->cls, NULL, c->level, kind, key, len);
    if (c->tc == NULL && (c->tc = calloc(1, sizeof *c->tc)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    h = tcache_hash(c->cls, c->level, kind, key, len);
    slot = (size_t)(h >> 40) & (TCACHE_SLOTS - 1);
    if (c->tc->e[slot].h == h && c->tc->e[slot].cls == c->cls &&
        c->tc->e[slot].level == c->level && c->tc->e[slot].kind == kind &&
        c->tc->e[slot].len == len && memcmp(c->tc->e[slot].key, key, len) == 0) {
        memcpy(out, c->tc->e[slot].tok, SANCTUM__IX_TOKEN_BYTES);
        return SANCTUM_OK;
    }
    if ((rc = sanctum__ix_token(out, c->keys, c->cls, NULL, c->level, kind, key, len)) < 0)
        return rc;
    c->tc->e[slot].h = h;
    c->tc->e[slot].cls = (uint8_t)c->cls;
    c->tc->e[slot].level = (uint8_t)c->level;
    c->tc->e[slot].kind = (uint8_t)kind;
    c->tc->e[slot].len = (uint8_t)len;
    memcpy(c->tc->e[slot].key, key, len);
    memcpy(c->tc->e[slot].tok, out, SANCTUM__IX_TOKEN_BYTES);
    return SANCTUM_OK;
}

/* A key of the name being indexed: make its token. Keys dedupe words, so a
 * WORD key equal to a token's word marks every token with that word: those
 * that make none (particles; initials, unless the name is initials only)
 * get a frequency token. Numbers and codes make a WORD key of their own. */
static int
on_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int token,
       unsigned int span)
{
    struct ixctx *c = arg;
    unsigned char t[SANCTUM__IX_TOKEN_BYTES];
    int rc;

    (void)token;
    (void)span;
    if (kind == SANCTUM__KEY_WORD)
        for (size_t i = 0; i < c->nm->ntok && i < 64; i++)
            if (c->nm->tok[i].len == len && memcmp(SANCTUM__TOK_STR(c->nm, i), key, len) == 0)
                c->seen |= (uint64_t)1 << i;
    if ((rc = name_token(c, t, (unsigned int)kind, key, len)) < 0 || (rc = tok_push(c, t)) < 0)
        c->rc = rc;
    return rc;
}

/* Tokens of one value of class c->cls at c->level into c->toks, sorted and
 * unique; for a name, c->nm holds its normalised form. Zero tokens when
 * the value has nothing to match. */
static int
value_tokens(struct ixctx *c, const sanctum__schema *schema, const sanctum__prop *p,
             const char *text, size_t len)
{
    int rc;

    c->ntoks = 0;
    if (c->cls == SANCTUM__IX_ID) {
        char norm[SANCTUM__IDENT_MAX + 1];
        unsigned char t[SANCTUM__IX_TOKEN_BYTES];
        size_t n = sanctum__ix_ident_norm(norm, sizeof norm, text, len);

        if (n == 0)
            return SANCTUM_OK;
        rc = sanctum__ix_token(t, c->keys, SANCTUM__IX_ID, p->name, c->level,
                               SANCTUM__IX_KIND_ID, norm, n);
        sodium_memzero(norm, sizeof norm);
        return rc < 0 ? rc : tok_push(c, t);
    }
    if (c->norm == NULL && (rc = sanctum__ix_normalizer_take(&c->norm)) < 0)
        return rc;
    if (sanctum__normalize_name(c->norm, c->nm, text, len, sanctum__ix_name_kind(schema)) < 0) {
        sanctum__err_clear(); /* a value with nothing to match is simply not indexed */
        return SANCTUM_OK;
    }
    c->rc = SANCTUM_OK;
    c->seen = 0;
    if ((rc = sanctum__match_keys(c->nm, on_key, c)) < 0)
        return c->rc < 0 ? c->rc : rc;
    for (size_t i = 0; i < c->nm->ntok; i++) {
        unsigned char t[SANCTUM__IX_TOKEN_BYTES];
        if (i < 64 && (c->seen >> i) & 1)
            continue;
        if ((rc = name_token(c, t, SANCTUM__IX_KIND_DF, SANCTUM__TOK_STR(c->nm, i),
                             c->nm->tok[i].len)) < 0 ||
            (rc = tok_push(c, t)) < 0)
            return rc;
    }
    if (c->ntoks > 1) {
        size_t o = 1;
        sanctum__tokens_sort(c->toks, c->ntoks);
        for (size_t i = 1; i < c->ntoks; i++)
            if (memcmp(c->toks + i * SANCTUM__IX_TOKEN_BYTES,
                       c->toks + (o - 1) * SANCTUM__IX_TOKEN_BYTES, SANCTUM__IX_TOKEN_BYTES) != 0)
                memmove(c->toks + o++ * SANCTUM__IX_TOKEN_BYTES,
                        c->toks + i * SANCTUM__IX_TOKEN_BYTES, SANCTUM__IX_TOKEN_BYTES);
        c->ntoks = o;
    }
    if (c->ntoks > 65535)
        c->ntoks = 65535;
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ postings */

static int
posting_put(struct ixctx *c, const unsigned char *tok, uint64_t ref)
{
    MDB_cursor *cur;
    uint64_t mask;
    int rc;

    if (c->defer) { /* unmasked: flush_pending() masks each token's run once */
        if (c->npend == c->cappend) {
            size_t ncap = c->cappend ? 2 * c->cappend : c->pend_hint ? c->pend_hint : 4096;
            unsigned char *a = sanctum__grow_wiped(c->pend, c->npend * PEND_BYTES,
                                                   ncap * PEND_BYTES);
            if (a == NULL)
                return sanctum__err(SANCTUM_ENOMEM, "out of memory");
            c->pend = a;
            c->cappend = ncap;
        }
        memcpy(c->pend + c->npend * PEND_BYTES, tok, SANCTUM__IX_TOKEN_BYTES);
        sanctum__be64(c->pend + c->npend * PEND_BYTES + SANCTUM__IX_TOKEN_BYTES, ref);
        c->npend++;
        return SANCTUM_OK;
    }
    if ((rc = sanctum__ix_mask(&mask, c->keys, tok)) < 0)
        return rc;
    ref ^= mask;
    if ((rc = mdb_cursor_open(c->txn, c->st->dbi[SANCTUM__DB_POSTINGS], &cur)) != 0)
        return sanctum__err_mdb(rc, "index");
    rc = sanctum__postings_add(cur, &c->ps, tok, &ref, 1, NULL);
    mdb_cursor_close(cur);
    return rc;
}

/* Write the deferred postings token by token, in key order: neighbouring
 * keys share pages, so a batch touches each page once and its searches
 * stay warm. Each run of equal tokens is masked once and goes to the
 * token's blocks in one sanctum__postings_add(), which reads and writes
 * each block it touches once. A posting may come twice (two values of an
 * entity sharing a tag and a word): the run is deduplicated first; one
 * already stored is kept once.
 *
 * The batch handed over at the last flush is written first. A long batch
 * waiting now (an import's) is handed over before that, to be sorted and
 * masked on a thread of its own (lib/postings_batch.c) while the run goes
 * on, and written at the next flush. At `all` (the run's end, or a
 * deletion that must see every posting) everything is written before
 * this returns; a long final batch is made ready by two threads at once,
 * one per half of the token space, while the batch before is written. A
 * short one (a create batch's every 65,536) is written at once, its
 * memory kept for the next. */
#define HAND_OVER_AT ((size_t)1 << 20)
#define SPLIT_AT ((size_t)1 << 16)

/* Hand the waiting postings over as out[0], or with `split` as out[0]
 * (tokens below 0x80..) and out[1] (the rest): halves that sort apart and
 * follow each other in key order. The batches own the memory. */
static int
hand_over(struct ixctx *c, sanctum__pbatch *out[2], int split)
{
    unsigned char *hi = NULL;
    size_t nlo = c->npend, nhi = 0;
    int rc;

    out[0] = out[1] = NULL;
    if (split && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
        for (size_t i = 0; i < c->npend; i++)
            nhi += c->pend[i * PEND_BYTES] >> 7;
        if (nhi > 0 && nhi < c->npend && (hi = malloc(nhi * PEND_BYTES)) != NULL) {
            nlo = nhi = 0;
            for (size_t i = 0; i < c->npend; i++) {
                const unsigned char *e = c->pend + i * PEND_BYTES;
                if (e[0] >> 7)
                    memcpy(hi + nhi++ * PEND_BYTES, e, PEND_BYTES);
                else
                    memmove(c->pend + nlo++ * PEND_BYTES, e, PEND_BYTES);
            }
        }
    }
    /* pend's tail past nlo holds copies of the upper half: wiped with it */
    rc = sanctum__pbatch_start(&out[0], c->pend, nlo, c->cappend * PEND_BYTES, c->keys, 1);
    if (hi != NULL) {
        int rc2 = sanctum__pbatch_start(&out[1], hi, nhi, nhi * PEND_BYTES, c->keys, 1);
        if (rc == SANCTUM_OK)
            rc = rc2;
    }
    c->pend_hint = c->cappend; /* the next batch will likely be as long */
    c->pend = NULL;
    c->npend = c->cappend = 0;
    if (rc < 0) {
        sanctum__pbatch_free(out[0]);
        sanctum__pbatch_free(out[1]);
        out[0] = out[1] = NULL;
    }
    return rc;
}

static int
flush_pending(struct ixctx *c, int all)
{
    sanctum__pbatch *b[2] = { NULL, NULL }, *prev = c->inflight;
    MDB_cursor *cur;
    int rc, mrc;

    if (prev == NULL && c->npend == 0)
        return SANCTUM_OK;
    if ((rc = sanctum__ix_mask_ready(c->keys)) < 0)
        return rc;
    c->inflight = NULL;
    if (c->npend >= (all ? SPLIT_AT : HAND_OVER_AT) && (rc = hand_over(c, b, all)) < 0) {
        sanctum__pbatch_free(prev);
        return rc;
    }
    if (!all && b[0] != NULL) { /* written at the next flush */
        c->inflight = b[0];
        b[0] = NULL;
    }
    if (prev == NULL && b[0] == NULL && b[1] == NULL && c->npend == 0)
        return SANCTUM_OK;
    if ((mrc = mdb_cursor_open(c->txn, c->st->dbi[SANCTUM__DB_POSTINGS], &cur)) != 0) {
        rc = sanctum__err_mdb(mrc, "index");
    } else {
        if (prev != NULL)
            rc = sanctum__pbatch_write(prev, cur, &c->ps);
        prev = NULL;
        for (int k = 0; k < 2 && rc == SANCTUM_OK; k++)
            if (b[k] != NULL) {
                rc = sanctum__pbatch_write(b[k], cur, &c->ps);
                b[k] = NULL;
            }
        if (rc == SANCTUM_OK && c->npend > 0)
            rc = sanctum__pbatch_write_now(c->pend, c->npend, c->keys, cur, &c->ps);
        mdb_cursor_close(cur);
    }
    sanctum__pbatch_free(prev);
    sanctum__pbatch_free(b[0]);
    sanctum__pbatch_free(b[1]);
    if (c->npend > 0)
        sodium_memzero(c->pend, c->npend * PEND_BYTES);
    c->npend = 0;
    return rc;
}

/* Delete the posting of `ref` under the token that `tok` (tlen bytes: a
 * whole token, or the first 8 bytes of one from a version 2 list) names.
 * A prefix is looked up among the postings' head keys: the one starting
 * with it is the token (two tokens sharing 8 bytes, ~n^2/2^65 for n tokens, each lose
 * the posting only if they hold this very ref). */
static int
posting_del(struct ixctx *c, const unsigned char *tok, size_t tlen, uint64_t ref)
{
    unsigned char full[4][SANCTUM__IX_TOKEN_BYTES];
    size_t nfull = 0;
    MDB_cursor *cur;
    uint64_t mask;
    int rc;

    /* a deferred posting may be the one to delete: write them first */
    if (c->defer && (c->npend > 0 || c->inflight != NULL) && (rc = flush_pending(c, 1)) < 0)
        return rc;
    if ((rc = mdb_cursor_open(c->txn, c->st->dbi[SANCTUM__DB_POSTINGS], &cur)) != 0)
        return sanctum__err_mdb(rc, "index");
    if (tlen == SANCTUM__IX_TOKEN_BYTES)
        memcpy(full[nfull++], tok, SANCTUM__IX_TOKEN_BYTES);
    else
        rc = sanctum__postings_tokens(cur, tok, tlen, full, 4, &nfull);
    for (size_t i = 0; i < nfull && rc == SANCTUM_OK; i++)
        if ((rc = sanctum__ix_mask(&mask, c->keys, full[i])) == SANCTUM_OK)
            rc = sanctum__postings_del(cur, &c->ps, full[i], ref ^ mask, NULL);
    mdb_cursor_close(cur);
    return rc;
}

static int
prefix_cmp(const void *a, const void *b)
{
    return memcmp(a, b, LIST_TOK_BYTES);
}

/* 1 if entry e holds a token starting as `tok` does (8 bytes compared:
 * lists keep no more). */
static int
has_token(const struct ixent *e, const unsigned char *tok)
{
    return e->ntok > 0 && bsearch(tok, e->tok, e->ntok, e->toklen, prefix_cmp) != NULL;
}

/* ------------------------------------------------------------ the names table */

/* Rewrite index_names[ref] without the entries of `nonce` (drop), then
 * with `add` (addlen bytes) appended. */
static int
names_update(struct ixctx *c, uint64_t ref, const unsigned char *drop, const unsigned char *add,
             size_t addlen)
{
    unsigned char k[8], *buf = NULL;
    const unsigned char *p, *end;
    size_t o = 0;
    MDB_val v;
    int rc;

    sanctum__be64(k, ref);
    if (drop == NULL && add != NULL) { /* usually the ref's first name: one search */
        MDB_val kv = { sizeof k, k }, av = { addlen, (void *)add };
        int mrc = mdb_put(c->txn, c->st->dbi[SANCTUM__DB_INDEX_NAMES], &kv, &av,
                          MDB_NOOVERWRITE);
        if (mrc == 0)
            return SANCTUM_OK;
        if (mrc == MDB_MAP_FULL)
            return SANCTUM__EMAPFULL;
        if (mrc != MDB_KEYEXIST)
            return sanctum__err_mdb(mrc, "index_names");
        /* a value sharing the tag has names there: append below */
    }
    rc = sanctum__get(c->txn, c->st, SANCTUM__DB_INDEX_NAMES, k, 8, &v);
    if (rc == SANCTUM_ENOTFOUND) {
        v.mv_size = 0;
        v.mv_data = NULL;
    } else if (rc < 0) {
        return rc;
    }
    if ((buf = malloc(v.mv_size + addlen + 1)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    p = v.mv_data;
    end = p + v.mv_size;
    while (p < end) {
        sanctum__ix_name_entry e;
        size_t n = sanctum__ix_name_entry_parse(&e, p, (size_t)(end - p));

        if (n == 0) {
            rc = sanctum__err(SANCTUM_ECORRUPT, "a blind index name entry is malformed");
            goto done;
        }
        if (drop == NULL || memcmp(e.nonce, drop, SANCTUM__NONCE_BYTES) != 0) {
            memcpy(buf + o, p, n);
            o += n;
        }
        p += n;
    }
    if (add != NULL) {
        memcpy(buf + o, add, addlen);
        o += addlen;
    }
    if (o == 0)
        rc = v.mv_size ? sanctum__del(c->txn, c->st, SANCTUM__DB_INDEX_NAMES, k, 8) : 0;
    else
        rc = sanctum__put(c->txn, c->st, SANCTUM__DB_INDEX_NAMES, k, 8, buf, o, 0);
done:
    free(buf);
    return rc;
}

/* The index_names entry of a name value (c->nm, its normalised form,
 * sealed) into c->pack; *len receives its length. */
static int
name_record(struct ixctx *c, unsigned char **out, size_t *len, const char *id,
            const sanctum__prop *p, const unsigned char *nonce, int cls, uint8_t level,
            uint32_t keyver)
{
    unsigned char *pt = c->pack, *rec = c->pack + PACK_MAX, seal_nonce[SANCTUM__NONCE_BYTES];
    size_t plen = sanctum__ix_name_pack(pt, PACK_MAX, c->nm), pl = strlen(p->name), n = 0;
    int rc;

    if (plen == 0)
        return sanctum__err(SANCTUM_ERROR, "index: a normalised name does not pack");
    rec[n++] = (unsigned char)(cls | SANCTUM__IX_NAME_SALTED);
    rec[n++] = level;
    sanctum__be32(rec + n, keyver);
    n += 4;
    memcpy(rec + n, nonce, SANCTUM__NONCE_BYTES);
    n += SANCTUM__NONCE_BYTES;
    /* a fresh salt for every seal: the same value resealed with another
     * normalised form (after a normaliser change) gets another nonce */
    randombytes_buf(rec + n, SANCTUM__IX_NAME_SALT_BYTES);
    sanctum__ix_name_seal_nonce(seal_nonce, nonce, rec + n);
    n += SANCTUM__IX_NAME_SALT_BYTES;
    rec[n++] = (unsigned char)pl;
    memcpy(rec + n, p->name, pl);
    n += pl;
    rec[n++] = (unsigned char)((plen + SANCTUM__TAG_BYTES) >> 8);
    rec[n++] = (unsigned char)(plen + SANCTUM__TAG_BYTES);
    rc = sanctum__ix_name_seal(rec + n, pt, plen, c->s->kr, c->st->id, id, p->name, level,
                               keyver, seal_nonce);
    sodium_memzero(pt, plen);
    if (rc < 0)
        return rc;
    *out = rec;
    *len = n + plen + SANCTUM__TAG_BYTES;
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ one entity */

/* Add a new value of entity o, stored with `nonce` at `level`: its entry
 * in the list, its postings (tokens toks[ntoks], sorted and unique) and,
 * for a name, its index_names entry name[namelen]. The entry copies the
 * tokens unless `lasting` (they outlive o: work made ahead). */
static int
add_entry(struct ixctx *c, struct ixone *o, const unsigned char *nonce, uint8_t level, int cls,
          const unsigned char *toks, size_t ntoks, int lasting, const unsigned char *name,
          size_t namelen)
{
    struct ixent ent;
    int rc;

    memset(&ent, 0, sizeof ent);
    memcpy(ent.nonce, nonce, SANCTUM__NONCE_BYTES);
    ent.cls = (uint8_t)cls;
    ent.level = level;
    ent.tag = sanctum__ix_value_tag(nonce);
    ent.ntok = ntoks;
    ent.toklen = SANCTUM__IX_TOKEN_BYTES;
    ent.tok = toks;
    if (!lasting) {
        if ((ent.own = malloc(ntoks * SANCTUM__IX_TOKEN_BYTES)) == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        memcpy(ent.own, toks, ntoks * SANCTUM__IX_TOKEN_BYTES);
        ent.tok = ent.own;
    }
    if ((rc = list_push(&o->cur, &ent)) < 0) {
        free(ent.own);
        return rc;
    }
    for (size_t t = 0; t < ent.ntok; t++)
        if ((rc = posting_put(c, ent.tok + t * SANCTUM__IX_TOKEN_BYTES, o->code | ent.tag)) < 0)
            return rc;
    if (name != NULL && (rc = names_update(c, o->code | ent.tag, NULL, name, namelen)) < 0)
        return rc;
    c->stats.count[cls][level]++;
    return SANCTUM_OK;
}

/* Tokens and (for a name) the sealed index_names entry of value `v` of
 * entity `id`, stored with `nonce` at `level` and key version `keyver`:
 * c->toks / c->ntoks, and *name / *namelen (NULL: none). Zero tokens when
 * the value has nothing to match. */
static int
value_work(struct ixctx *c, const char *id, const sanctum__schema *schema,
           const sanctum__evalue *v, const unsigned char *nonce, uint8_t level, uint32_t keyver,
           int cls, unsigned char **name, size_t *namelen)
{
    int rc;

    *name = NULL;
    *namelen = 0;
    if (!level_ok(level))
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: a value has a bad level", id);
    c->cls = cls;
    c->level = level;
    if ((rc = value_tokens(c, schema, v->prop, v->text, v->len)) < 0 || c->ntoks == 0)
        return rc;
    if (cls != SANCTUM__IX_ID)
        return name_record(c, name, namelen, id, v->prop, nonce, cls, level, keyver);
    return SANCTUM_OK;
}

/* Index the new value `v` of entity o (stored with `nonce`, `level`, key
 * version `keyver`). */
static int
add_value(struct ixctx *c, struct ixone *o, const sanctum_entity *e,
          const sanctum__evalue *v, const unsigned char *nonce, uint8_t level, uint32_t keyver,
          int cls)
{
    unsigned char *name;
    size_t namelen;
    int rc;

    if (v->text == NULL)
        return SANCTUM_OK; /* withheld and never indexed: a rebuild picks it up */
    if ((rc = value_work(c, o->id, e->schema, v, nonce, level, keyver, cls, &name, &namelen)) < 0 ||
        c->ntoks == 0)
        return rc;
    return add_entry(c, o, nonce, level, cls, c->toks, c->ntoks, 0, name, namelen);
}

/* Drop the postings and sealed name of old entry `x`, except postings that
 * a remaining value of the same entity and tag also holds (they share them). */
static int
remove_value(struct ixctx *c, struct ixone *o, const struct ixent *x)
{
    int shared = 0, rc;

    for (size_t j = 0; j < o->cur.n; j++)
        shared |= o->cur.e[j].tag == x->tag;
    for (size_t t = 0; t < x->ntok; t++) {
        const unsigned char *tok = x->tok + t * x->toklen;
        int keep = 0;
        for (size_t j = 0; shared && j < o->cur.n && !keep; j++)
            keep = o->cur.e[j].tag == x->tag && has_token(&o->cur.e[j], tok);
        if (!keep && (rc = posting_del(c, tok, x->toklen, o->code | x->tag)) < 0)
            return rc;
    }
    if (x->cls != SANCTUM__IX_ID &&
        (rc = names_update(c, o->code | x->tag, x->nonce, NULL, 0)) < 0)
        return rc;
    if (c->stats.count[x->cls][x->level] > 0)
        c->stats.count[x->cls][x->level]--;
    return SANCTUM_OK;
}

/* The plain index_values list of entries l (the format at the top). */
static int
list_encode(sanctum__buf *b, const char *id, const struct ixlist *l)
{
    size_t need = 3;
    unsigned char *w;

    if (l->n > MAX_VALUES)
        return sanctum__err(SANCTUM_EINVAL, "entity %s has too many indexed values", id);
    for (size_t i = 0; i < l->n; i++)
        need += ENTRY_HEAD + l->e[i].ntok * LIST_TOK_BYTES;
    if ((w = sanctum__buf_grow(b, need)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    *w++ = VALUES_VERSION;
    *w++ = (uint8_t)(l->n >> 8);
    *w++ = (uint8_t)l->n;
    for (size_t i = 0; i < l->n; i++) {
        const struct ixent *e = &l->e[i];
        memcpy(w, e->nonce, SANCTUM__NONCE_BYTES);
        w += SANCTUM__NONCE_BYTES;
        *w++ = e->cls;
        *w++ = e->level;
        *w++ = (uint8_t)(e->ntok >> 8);
        *w++ = (uint8_t)e->ntok;
        for (size_t t = 0; t < e->ntok; t++, w += LIST_TOK_BYTES)
            memcpy(w, e->tok + t * e->toklen, LIST_TOK_BYTES);
    }
    return SANCTUM_OK;
}

/* Write o->cur as the entity's index_values record (or delete it). */
static int
put_values(struct ixctx *c, struct ixone *o, int had_old)
{
    sanctum__buf b = { 0 };
    int rc;

    if (o->cur.n == 0) {
        if (!had_old)
            return SANCTUM_OK;
        rc = sanctum__del(c->txn, c->st, SANCTUM__DB_INDEX_VALUES, o->id, strlen(o->id));
        return rc == SANCTUM_ENOTFOUND ? SANCTUM_OK : rc;
    }
    if ((rc = list_encode(&b, o->id, &o->cur)) == SANCTUM_OK)
        rc = sanctum__ix_values_put(c->txn, c->st, c->s->kr, o->id, b.p, b.len);
    if (b.p != NULL)
        sodium_memzero(b.p, b.len);
    sanctum__buf_free(&b);
    return rc;
}

int
sanctum__ix_values_put(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                       const char *id, const unsigned char *list, size_t len)
{
    sanctum__buf sealed = { 0 };
    int rc = values_seal(&sealed, kr, st, id, list, len);

    if (rc == SANCTUM_OK)
        rc = sealed.failed ? sanctum__err(SANCTUM_ENOMEM, "out of memory")
                           : sanctum__put(txn, st, SANCTUM__DB_INDEX_VALUES, id, strlen(id),
                                          sealed.p, sealed.len, 0);
    sanctum__buf_free(&sealed);
    return rc;
}

/* Nonce, level and key version of each value of the record just written,
 * copied out of LMDB memory before any index write. */
struct recval {
    unsigned char nonce[SANCTUM__NONCE_BYTES];
    uint8_t level;
    uint32_t keyver;
};

/* The nonce, level and key version of each value of record b[len] of
 * entity `id`, written from e. */
static int
record_values(const char *id, const sanctum_entity *e, const unsigned char *b, size_t len,
              struct recval **out)
{
    sanctum__record rec;
    struct recval *rv = NULL;
    int rc;

    *out = NULL;
    if ((rc = sanctum__record_parse(&rec, id, b, len)) < 0)
        return rc;
    if (rec.nvalues != e->count) {
        rc = sanctum__err(SANCTUM_ERROR, "index: entity %s differs from its record", id);
        goto done;
    }
    if ((rv = calloc(rec.nvalues ? rec.nvalues : 1, sizeof *rv)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < rec.nvalues; i++) {
        const sanctum__rvalue *x = &rec.values[i];
        const char *pn = e->values[i].prop->name;
        if (x->prop_len != strlen(pn) || memcmp(x->prop, pn, x->prop_len) != 0) {
            rc = sanctum__err(SANCTUM_ERROR, "index: entity %s differs from its record", id);
            goto done;
        }
        memcpy(rv[i].nonce, x->nonce, SANCTUM__NONCE_BYTES);
        rv[i].level = x->level;
        rv[i].keyver = x->key_version;
    }
    *out = rv;
    rv = NULL;
done:
    free(rv);
    sanctum__record_clear(&rec);
    return rc;
}

static int
read_record(struct ixctx *c, const char *id, const sanctum_entity *e, struct recval **out)
{
    MDB_val v;
    int rc;

    *out = NULL;
    rc = sanctum__get(c->txn, c->st, SANCTUM__DB_ENTITIES, id, strlen(id), &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ERROR, "index: entity %s has no stored record", id);
    if (rc < 0)
        return rc;
    return record_values(id, e, v.mv_data, v.mv_size, out);
}

/* ------------------------------------------------------------ work done ahead */

/* A value of a new entity with its tokens and sealed name made ahead. */
struct readyval {
    int ready;                 /* 0: not indexed, or left to index_one */
    int cls;
    unsigned char *toks;       /* ntoks * 16, sorted and unique */
    size_t ntoks;
    unsigned char *name;       /* its index_names entry, or NULL */
    size_t namelen;
};

struct sanctum__ixready {
    uint32_t keyver[4];        /* token key versions the tokens were made with */
    struct recval *rv;         /* per value of the entity */
    struct readyval *v;
    size_t n;
    size_t nlisted;            /* values with tokens */
    sanctum__buf sealed;       /* their index_values record, sealed */
};

struct sanctum__ixprep {
    struct ixctx c;            /* no transaction: keys, normaliser, token cache */
};

/* Bring entity `id` up to date with e (NULL: deleted); `ready` (or NULL)
 * holds work done ahead for its new values. */
static int
index_one(struct ixctx *c, const char *id, const sanctum_entity *e,
          const sanctum__ixready *ready)
{
    struct ixone o;
    struct recval *rv = NULL;
    MDB_val v;
    int rc, had_old = 0;

    memset(&o, 0, sizeof o);
    o.id = id;
    if ((rc = sanctum__ix_entity_code(&o.code, id)) < 0)
        return rc;
    rc = sanctum__get(c->txn, c->st, SANCTUM__DB_INDEX_VALUES, id, strlen(id), &v);
    if (rc == SANCTUM_OK) {
        had_old = 1;
        if ((rc = values_open(&o.oldbuf, &o.oldlen, c->s->kr, c->st, id, v.mv_data,
                              v.mv_size)) < 0 ||
            (rc = parse_values(id, o.oldbuf, o.oldlen, &o.old)) < 0)
            goto done;
    } else if (rc != SANCTUM_ENOTFOUND) {
        goto done;
    }
    if ((o.kept = calloc(o.old.n + 1, 1)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        goto done;
    }
    if (ready != NULL && (e == NULL || ready->n != e->count ||
                          memcmp(ready->keyver, c->stats.keyver, sizeof ready->keyver) != 0))
        ready = NULL; /* made for another entity or token keys: do it here */
    o.all_ready = ready != NULL;
    if (e != NULL) {
        if (ready == NULL && (rc = read_record(c, id, e, &rv)) < 0)
            goto done;
        for (size_t i = 0; i < e->count; i++) {
            const struct recval *r = ready != NULL ? &ready->rv[i] : &rv[i];
            const sanctum__evalue *ev = &e->values[i];
            int cls = sanctum__ix_class(ev->prop);
            size_t j;

            if (cls == 0)
                continue;
            for (j = 0; j < o.old.n; j++)
                if (!o.kept[j] && memcmp(o.old.e[j].nonce, r->nonce, SANCTUM__NONCE_BYTES) == 0)
                    break;
            if (j < o.old.n) { /* the same stored value: its index entries stay */
                struct ixent keep = o.old.e[j];
                keep.own = NULL;
                o.kept[j] = 1;
                if ((rc = list_push(&o.cur, &keep)) < 0)
                    goto done;
                continue;
            }
            if (ready != NULL && ready->v[i].ready) {
                const struct readyval *x = &ready->v[i];
                rc = x->ntoks == 0 ? SANCTUM_OK /* nothing to match: not indexed */
                                   : add_entry(c, &o, r->nonce, r->level, cls, x->toks,
                                               x->ntoks, 1, x->name, x->namelen);
            } else {
                o.all_ready = 0;
                rc = add_value(c, &o, e, ev, r->nonce, r->level, r->keyver, cls);
            }
            if (rc < 0)
                goto done;
        }
    }
    for (size_t j = 0; j < o.old.n; j++)
        if (!o.kept[j] && (rc = remove_value(c, &o, &o.old.e[j])) < 0)
            goto done;
    if (o.all_ready && !had_old && o.cur.n > 0 && o.cur.n == ready->nlisted &&
        ready->sealed.len > 0 && !ready->sealed.failed)
        rc = sanctum__put(c->txn, c->st, SANCTUM__DB_INDEX_VALUES, id, strlen(id),
                          ready->sealed.p, ready->sealed.len, 0);
    else
        rc = put_values(c, &o, had_old);
done:
    free(rv);
    free(o.kept);
    list_free(&o.cur);
    list_free(&o.old);
    if (o.oldbuf != NULL)
        sodium_memzero(o.oldbuf, o.oldlen);
    free(o.oldbuf);
    return rc;
}

/* ------------------------------------------------------------ calls */

/* A context for `txn`, or with no transaction (work done ahead) for the
 * statistics `stats` of one. */
static int
ctx_init(struct ixctx *c, MDB_txn *txn, const sanctum_session *s, int defer,
         const sanctum__ix_stats *stats)
{
    int rc;

    memset(c, 0, sizeof *c);
    c->txn = txn;
    c->s = s;
    c->st = s->st;
    c->defer = defer;
    if (stats != NULL)
        c->stats = *stats;
    else if ((rc = sanctum__ix_stats_get(txn, c->st, &c->stats)) < 0)
        return rc;
    if ((rc = sanctum__ix_keys_new(&c->keys, s->kr, c->stats.keyver)) < 0)
        return rc;
    if ((c->nm = malloc(sizeof *c->nm)) == NULL ||
        (c->pack = malloc(2 * PACK_MAX + 512)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    return SANCTUM_OK;
}

static void
ctx_done(struct ixctx *c)
{
    sanctum__pbatch_free(c->inflight); /* joined before the keys it reads go */
    if (c->nm != NULL) {
        sanctum__name_clear(c->nm);
        free(c->nm);
    }
    if (c->pack != NULL)
        sodium_memzero(c->pack, 2 * PACK_MAX + 512);
    free(c->pack);
    sanctum__ix_normalizer_give(c->norm);
    sanctum__ix_keys_free(c->keys);
    if (c->toks != NULL)
        sodium_memzero(c->toks, c->captoks * SANCTUM__IX_TOKEN_BYTES);
    free(c->toks);
    if (c->pend != NULL)
        sodium_memzero(c->pend, c->cappend * PEND_BYTES);
    free(c->pend);
    sanctum__postings_scratch_free(&c->ps);
    if (c->tc != NULL)
        sodium_memzero(c->tc, sizeof *c->tc);
    free(c->tc);
    memset(c, 0, sizeof *c);
}

int
sanctum__index_entity(MDB_txn *txn, const sanctum_session *s, const char *id,
                      const sanctum_entity *e)
{
    struct ixctx c;
    int rc;

    if ((rc = ctx_init(&c, txn, s, 0, NULL)) == SANCTUM_OK &&
        (rc = index_one(&c, id, e, NULL)) == SANCTUM_OK)
        rc = sanctum__ix_stats_put(txn, c.st, &c.stats);
    ctx_done(&c);
    return rc;
}

/* Deferred postings are written when this many are waiting (24 bytes
 * each: 96 MiB), and at the end of the run. A flush writes each token's
 * refs with one read and write of each block they fall in, so the more a
 * flush holds, the fewer times a common word's blocks are rewritten and
 * the fewer LMDB pages a long transaction dirties (and spills to disk)
 * again. bench/import_bench, 1,000,000 generated persons in one import
 * run: 46.4 s at 2^20, 35.3 s at 2^22; 2^24 gained nothing measurable. */
#define FLUSH_AT ((size_t)1 << 22)

struct sanctum__ixrun {
    struct ixctx c;
    size_t flush_at;
};

void
sanctum__ixrun_flush_at(sanctum__ixrun *r, size_t postings)
{
    r->flush_at = postings ? postings : 1;
}

int
sanctum__ixrun_begin(sanctum__ixrun **out, MDB_txn *txn, const sanctum_session *s)
{
    sanctum__ixrun *r;
    int rc;

    *out = NULL;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    r->flush_at = FLUSH_AT;
    if ((rc = ctx_init(&r->c, txn, s, 1, NULL)) < 0) {
        ctx_done(&r->c);
        free(r);
        return rc;
    }
    *out = r;
    return SANCTUM_OK;
}

int
sanctum__ixrun_entity(sanctum__ixrun *r, const char *id, const sanctum_entity *e)
{
    return sanctum__ixrun_entity_ready(r, id, e, NULL);
}

int
sanctum__ixrun_entity_ready(sanctum__ixrun *r, const char *id, const sanctum_entity *e,
                            const sanctum__ixready *ready)
{
    int rc = index_one(&r->c, id, e, ready);

    if (rc == SANCTUM_OK && r->c.npend >= r->flush_at)
        rc = flush_pending(&r->c, 0);
    return rc;
}

int
sanctum__ixrun_end(sanctum__ixrun *r, int write)
{
    int rc = SANCTUM_OK;

    if (r == NULL)
        return SANCTUM_OK;
    if (write && (rc = flush_pending(&r->c, 1)) == SANCTUM_OK)
        rc = sanctum__ix_stats_put(r->c.txn, r->c.st, &r->c.stats);
    ctx_done(&r->c);
    free(r);
    return rc;
}

int
sanctum__index_clear(MDB_txn *txn, const sanctum_store *st, const uint32_t keyver[4])
{
    sanctum__ix_stats s;
    int rc;

    if ((rc = mdb_drop(txn, st->dbi[SANCTUM__DB_POSTINGS], 0)) != 0 ||
        (rc = mdb_drop(txn, st->dbi[SANCTUM__DB_INDEX_VALUES], 0)) != 0 ||
        (rc = mdb_drop(txn, st->dbi[SANCTUM__DB_INDEX_NAMES], 0)) != 0)
        return rc == MDB_MAP_FULL ? SANCTUM__EMAPFULL : sanctum__err_mdb(rc, "index");
    sanctum__ix_stats_default(&s);
    for (int l = 1; l <= 3; l++)
        s.keyver[l] = keyver[l] ? keyver[l] : 1;
    return sanctum__ix_stats_put(txn, st, &s);
}

/* ------------------------------------------------------------ work done ahead */

int
sanctum__ixprep_new(sanctum__ixprep **out, const sanctum__ixrun *r)
{
    sanctum__ixprep *p;
    int rc;

    *out = NULL;
    if ((p = calloc(1, sizeof *p)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if ((rc = ctx_init(&p->c, NULL, r->c.s, 1, &r->c.stats)) < 0) {
        ctx_done(&p->c);
        free(p);
        return rc;
    }
    *out = p;
    return SANCTUM_OK;
}

int
sanctum__ixprep_tools(sanctum__ixprep *tools[2], const sanctum__ixrun *r, size_t n)
{
    _Static_assert(SANCTUM__AHEAD_WORKERS == 2, "one tool set per worker");
    size_t workers = n >= SANCTUM__AHEAD_MIN_ITEMS ? SANCTUM__AHEAD_WORKERS : 1;
    int rc;

    for (size_t w = 0; w < workers; w++)
        if (tools[w] == NULL && (rc = sanctum__ixprep_new(&tools[w], r)) < 0)
            return rc;
    return SANCTUM_OK;
}

void
sanctum__ixprep_free(sanctum__ixprep *p)
{
    if (p == NULL)
        return;
    ctx_done(&p->c);
    free(p);
}

/* The sealed index_values record of a new entity whose values are all in
 * x: what put_values() would write for it. */
static int
ready_list(struct ixctx *c, sanctum__ixready *x, const char *id)
{
    struct ixlist l = { NULL, 0, 0 };
    sanctum__buf b = { 0 };
    int rc = SANCTUM_OK;

    for (size_t i = 0; i < x->n && rc == SANCTUM_OK; i++) {
        struct ixent e;

        if (!x->v[i].ready || x->v[i].ntoks == 0)
            continue;
        memset(&e, 0, sizeof e);
        memcpy(e.nonce, x->rv[i].nonce, SANCTUM__NONCE_BYTES);
        e.cls = (uint8_t)x->v[i].cls;
        e.level = x->rv[i].level;
        e.ntok = x->v[i].ntoks;
        e.toklen = SANCTUM__IX_TOKEN_BYTES;
        e.tok = x->v[i].toks;
        rc = list_push(&l, &e);
    }
    x->nlisted = l.n;
    if (rc == SANCTUM_OK && l.n > 0 && (rc = list_encode(&b, id, &l)) == SANCTUM_OK)
        rc = values_seal(&x->sealed, c->s->kr, c->st, id, b.p, b.len);
    if (b.p != NULL)
        sodium_memzero(b.p, b.len);
    sanctum__buf_free(&b);
    list_free(&l);
    return rc;
}

int
sanctum__ixprep_entity(sanctum__ixprep *p, sanctum__ixready **out, const char *id,
                       const sanctum_entity *e, const unsigned char *rec, size_t reclen)
{
    struct ixctx *c;
    sanctum__ixready *x;
    int rc;

    *out = NULL;
    if (p == NULL) /* sanctum__ixprep_tools() made none for this worker */
        return sanctum__err(SANCTUM_ERROR, "no index tools for this thread");
    c = &p->c;
    if ((x = calloc(1, sizeof *x)) == NULL ||
        (x->v = calloc(e->count ? e->count : 1, sizeof *x->v)) == NULL) {
        free(x);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    memcpy(x->keyver, c->stats.keyver, sizeof x->keyver);
    x->n = e->count;
    if ((rc = record_values(id, e, rec, reclen, &x->rv)) < 0)
        goto fail;
    for (size_t i = 0; i < e->count; i++) {
        const sanctum__evalue *v = &e->values[i];
        struct readyval *y = &x->v[i];
        int cls = sanctum__ix_class(v->prop);
        unsigned char *name;
        size_t namelen;

        if (cls == 0 || v->text == NULL || !level_ok(x->rv[i].level))
            continue; /* nothing to do, or index_one says what is wrong */
        if ((rc = value_work(c, id, e->schema, v, x->rv[i].nonce, x->rv[i].level,
                             x->rv[i].keyver, cls, &name, &namelen)) < 0)
            goto fail;
        y->ready = 1;
        y->cls = cls;
        if (c->ntoks == 0)
            continue;
        if ((y->toks = malloc(c->ntoks * SANCTUM__IX_TOKEN_BYTES)) == NULL ||
            (name != NULL && (y->name = malloc(namelen)) == NULL)) {
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
            goto fail;
        }
        memcpy(y->toks, c->toks, c->ntoks * SANCTUM__IX_TOKEN_BYTES);
        y->ntoks = c->ntoks;
        if (name != NULL) {
            memcpy(y->name, name, namelen);
            y->namelen = namelen;
        }
    }
    if ((rc = ready_list(c, x, id)) < 0)
        goto fail;
    *out = x;
    return SANCTUM_OK;
fail:
    sanctum__ixready_free(x);
    return rc;
}

void
sanctum__ixready_free(sanctum__ixready *x)
{
    if (x == NULL)
        return;
    for (size_t i = 0; x->v != NULL && i < x->n; i++) {
        if (x->v[i].toks != NULL)
            sodium_memzero(x->v[i].toks, x->v[i].ntoks * SANCTUM__IX_TOKEN_BYTES);
        free(x->v[i].toks);
        free(x->v[i].name);
    }
    free(x->v);
    free(x->rv);
    sanctum__buf_free(&x->sealed);
    free(x);
}

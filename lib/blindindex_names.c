/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex_names.c - stored names in normalised form, encrypted, so screening needs no ICU per candidate. */
#include "blindindex.h"

#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "seal.h"

/*
 * A stored name is normalised when it is indexed (the tokens need it
 * anyway). Its normalised form is kept, sealed under a key derived from
 * the value's level key, in the index_names table, keyed by the value's
 * ref: screening then decrypts ~150 bytes per candidate instead of
 * decrypting the value and running ICU again (ICU's rule-based
 * transliterators also hold a process-wide lock, so that would serialise
 * threads). The form is as secret as the value: same level, same key
 * holders; a change of the normaliser needs sanctum_screen_reindex().
 */

#define PACK_VERSION 1
#define NAME_AD_TAG "sanctum.ixname.v1"
#define TOK_BYTES 14 /* packed token */

static void
put16(unsigned char *p, unsigned int v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static unsigned int
get16(const unsigned char *p)
{
    return ((unsigned int)p[0] << 8) | p[1];
}

size_t
sanctum__ix_name_pack(unsigned char *out, size_t cap, const sanctum__name *nm)
{
    size_t need = 1 + 1 + 4 + 1 + 1 + 2 * nm->nlegal + 2 + TOK_BYTES * nm->ntok + nm->text_len;
    unsigned char *p = out;

    if (need > cap || nm->ntok > SANCTUM__NAME_MAX_TOKENS ||
        nm->nlegal > SANCTUM__NAME_MAX_LEGAL || nm->text_len > SANCTUM__NAME_TEXT_MAX)
        return 0;
    *p++ = PACK_VERSION;
    *p++ = (unsigned char)nm->kind;
    sanctum__be32(p, nm->flags);
    p += 4;
    *p++ = (unsigned char)nm->ntok;
    *p++ = (unsigned char)nm->nlegal;
    for (size_t i = 0; i < nm->nlegal; i++, p += 2)
        put16(p, nm->legal[i]);
    put16(p, (unsigned int)nm->text_len);
    p += 2;
    for (size_t i = 0; i < nm->ntok; i++, p += TOK_BYTES) {
        const sanctum__name_token *t = &nm->tok[i];
        put16(p, t->off);
        put16(p + 2, t->coff);
        put16(p + 4, t->soff);
        put16(p + 6, t->poff);
        p[8] = t->len;
        p[9] = t->clen;
        p[10] = t->slen;
        p[11] = t->plen;
        put16(p + 12, t->flags);
    }
    memcpy(p, nm->text, nm->text_len);
    return need;
}

/* Is text[off .. off+len] a string ending in a NUL within text_len? */
static int
span_ok(const sanctum__name *nm, unsigned int off, unsigned int len)
{
    return (size_t)off + len < nm->text_len && nm->text[off + len] == '\0';
}

int
sanctum__ix_name_unpack(sanctum__name *nm, const unsigned char *b, size_t len)
{
    const unsigned char *p = b, *end = b + len;

    memset(nm, 0, offsetof(sanctum__name, text));
    if (len < 10 || p[0] != PACK_VERSION || p[1] > SANCTUM__NAME_VESSEL)
        goto bad;
    nm->kind = (sanctum__name_kind)p[1];
    nm->flags = sanctum__rd32(p + 2);
    nm->ntok = p[6];
    nm->nlegal = p[7];
    p += 8;
    if (nm->ntok > SANCTUM__NAME_MAX_TOKENS || nm->nlegal > SANCTUM__NAME_MAX_LEGAL ||
        (size_t)(end - p) < 2 * nm->nlegal + 2)
        goto bad;
    for (size_t i = 0; i < nm->nlegal; i++, p += 2)
        nm->legal[i] = (uint16_t)get16(p);
    nm->text_len = get16(p);
    p += 2;
    if (nm->text_len > SANCTUM__NAME_TEXT_MAX ||
        (size_t)(end - p) != TOK_BYTES * nm->ntok + nm->text_len)
        goto bad;
    memcpy(nm->text, p + TOK_BYTES * nm->ntok, nm->text_len);
    for (size_t i = 0; i < nm->ntok; i++, p += TOK_BYTES) {
        sanctum__name_token *t = &nm->tok[i];
        t->off = (uint16_t)get16(p);
        t->coff = (uint16_t)get16(p + 2);
        t->soff = (uint16_t)get16(p + 4);
        t->poff = (uint16_t)get16(p + 6);
        t->len = p[8];
        t->clen = p[9];
        t->slen = p[10];
        t->plen = p[11];
        t->flags = (uint16_t)get16(p + 12);
        if (!span_ok(nm, t->off, t->len) || !span_ok(nm, t->coff, t->clen) ||
            !span_ok(nm, t->soff, t->slen) || !span_ok(nm, t->poff, t->plen))
            goto bad;
    }
    return SANCTUM_OK;
bad:
    sanctum__name_clear(nm);
    return sanctum__err(SANCTUM_ECORRUPT, "a stored normalised name is malformed");
}

/* The sealing key of normalised names of (level, version) is derived with
 * the keyring (sanctum__keyring_name_key); the associated data binds a
 * sealed form to its entity, property, level and version; the nonce is the
 * entry's seal nonce (the value's, salted afresh at every seal). */
static size_t
name_ad(unsigned char *ad, size_t cap, const unsigned char store_id[16], const char *id,
        const char *prop, size_t prop_len, int level, uint32_t keyver)
{
    size_t idl = strlen(id), n = sizeof NAME_AD_TAG - 1;

    if (n + 16 + 1 + idl + 1 + prop_len + 5 > cap || idl > 255 || prop_len > 255)
        return 0;
    memcpy(ad, NAME_AD_TAG, n);
    memcpy(ad + n, store_id, 16);
    n += 16;
    ad[n++] = (unsigned char)idl;
    memcpy(ad + n, id, idl);
    n += idl;
    ad[n++] = (unsigned char)prop_len;
    memcpy(ad + n, prop, prop_len);
    n += prop_len;
    ad[n++] = (unsigned char)level;
    sanctum__be32(ad + n, keyver);
    return n + 4;
}

int
sanctum__ix_name_seal(unsigned char *ct, const unsigned char *pt, size_t len,
                      const sanctum__keyring *kr, const unsigned char store_id[16],
                      const char *id, const char *prop, int level, uint32_t keyver,
                      const unsigned char nonce[24])
{
    const unsigned char *key = sanctum__keyring_name_key(kr, level, keyver);
    unsigned char ad[SANCTUM__AD_MAX];
    size_t ad_len = name_ad(ad, sizeof ad, store_id, id, prop, strlen(prop), level, keyver);

    if (ad_len == 0)
        return sanctum__err(SANCTUM_ERROR, "index name: associated data too long");
    if (key == NULL)
        return sanctum__err(SANCTUM_EPERM, "no %s key to seal an index name",
                            sanctum_level_name((sanctum_level)level));
    return sanctum__seal(ct, pt, len, nonce, ad, ad_len, key);
}

int
sanctum__ix_name_open(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                      const sanctum__keyring *kr, const unsigned char store_id[16],
                      const char *id, const char *prop, size_t prop_len, int level,
                      uint32_t keyver, const unsigned char nonce[24])
{
    const unsigned char *key = sanctum__keyring_name_key(kr, level, keyver);
    unsigned char ad[SANCTUM__AD_MAX];
    size_t ad_len = name_ad(ad, sizeof ad, store_id, id, prop, prop_len, level, keyver);
    int rc;

    if (ad_len == 0 || ct_len < SANCTUM__TAG_BYTES)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: a stored index name is malformed", id);
    if (key == NULL)
        return SANCTUM_EPERM; /* not readable by this session, no detail */
    rc = sanctum__unseal(pt, ct, ct_len, nonce, ad, ad_len, key);
    if (rc < 0)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: a stored index name fails "
                            "authentication", id);
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ the names table */

/* Feed the entries of one names record (v) to fn. */
static int
names_record(const MDB_val *v, sanctum__ix_name_fn fn, void *arg)
{
    const unsigned char *p = v->mv_data, *end = p + v->mv_size;
    int rc;

    while (p < end) {
        sanctum__ix_name_entry e;
        size_t n = sanctum__ix_name_entry_parse(&e, p, (size_t)(end - p));

        if (n == 0)
            return sanctum__err(SANCTUM_ECORRUPT, "a blind index name entry is malformed");
        p += n;
        if ((rc = fn(arg, &e)) != 0)
            return rc;
    }
    return 0;
}

int
sanctum__ix_names_each(MDB_txn *txn, const sanctum_store *st, uint64_t ref,
                       sanctum__ix_name_fn fn, void *arg)
{
    unsigned char k[8];
    MDB_val v;
    int rc;

    sanctum__be64(k, ref);
    rc = sanctum__get(txn, st, SANCTUM__DB_INDEX_NAMES, k, 8, &v);
    if (rc == SANCTUM_ENOTFOUND) {
        /* a posting or value list leads here only when the entry exists:
         * its absence is damage (or names deleted to hide an entity from
         * screening), not "no name" */
        char id[SANCTUM__ID_MAX];

        sanctum__ix_entity_id(id, ref);
        return sanctum__err(SANCTUM_ECORRUPT,
                            "the index leads to names of %s that are not stored (damaged "
                            "index: rebuild it with sanctum-admin reindex)", id);
    }
    if (rc < 0)
        return rc;
    rc = names_record(&v, fn, arg);
    return rc < 0 ? rc : SANCTUM_OK;
}

int
sanctum__ix_names_entity(MDB_txn *txn, const sanctum_store *st, uint64_t code,
                         sanctum__ix_name_fn fn, void *arg)
{
    unsigned char k[8];
    MDB_val key = { sizeof k, k }, v;
    MDB_cursor *cur;
    int mrc, rc = 0;

    if ((mrc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_INDEX_NAMES], &cur)) != 0)
        return sanctum__err_mdb(mrc, "blind index names");
    sanctum__be64(k, code);
    for (mrc = mdb_cursor_get(cur, &key, &v, MDB_SET_RANGE); mrc == 0;
         mrc = mdb_cursor_get(cur, &key, &v, MDB_NEXT)) {
        if (key.mv_size != 8 || (sanctum__rd64(key.mv_data) >> SANCTUM__IX_TAG_BITS) !=
                                    code >> SANCTUM__IX_TAG_BITS)
            break; /* past the entity's refs */
        if ((rc = names_record(&v, fn, arg)) != 0)
            break;
    }
    mdb_cursor_close(cur);
    if (rc != 0)
        return rc < 0 ? rc : SANCTUM_OK;
    if (mrc != 0 && mrc != MDB_NOTFOUND)
        return sanctum__err_mdb(mrc, "blind index names");
    return SANCTUM_OK;
}

void
sanctum__ix_name_seal_nonce(unsigned char out[24], const unsigned char value_nonce[24],
                            const unsigned char *salt)
{
    memcpy(out, value_nonce, 24);
    if (salt != NULL)
        for (int i = 0; i < SANCTUM__IX_NAME_SALT_BYTES; i++)
            out[24 - SANCTUM__IX_NAME_SALT_BYTES + i] ^= salt[i];
}

size_t
sanctum__ix_name_entry_parse(sanctum__ix_name_entry *e, const unsigned char *p, size_t left)
{
    const unsigned char *start = p, *salt = NULL;
    size_t fixed = 1 + 1 + 4 + 24;

    if (left < fixed + 1)
        return 0;
    e->cls = p[0] & (uint8_t)~SANCTUM__IX_NAME_SALTED;
    e->level = p[1];
    e->keyver = sanctum__rd32(p + 2);
    e->nonce = p + 6;
    if (p[0] & SANCTUM__IX_NAME_SALTED) {
        fixed += SANCTUM__IX_NAME_SALT_BYTES;
        if (left < fixed + 1)
            return 0;
        salt = p + 30;
    }
    sanctum__ix_name_seal_nonce(e->seal_nonce, e->nonce, salt);
    p += fixed;
    e->prop_len = *p++;
    if ((size_t)(start + left - p) < e->prop_len + 2)
        return 0;
    e->prop = (const char *)p;
    p += e->prop_len;
    e->ct_len = get16(p);
    p += 2;
    if ((size_t)(start + left - p) < e->ct_len)
        return 0;
    e->ct = p;
    return (size_t)(p - start) + e->ct_len;
}

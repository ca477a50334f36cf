/* SPDX-License-Identifier: Apache-2.0 */
/* record.c - encoding and strict decoding of stored entity records. */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "reader.h"
#include "store.h"

unsigned char *
sanctum__buf_grow(sanctum__buf *b, size_t n)
{
    if (b->failed)
        return NULL;
    if (b->len + n > b->cap) {
        size_t ncap = b->cap ? b->cap : 256;
        while (ncap < b->len + n)
            ncap *= 2;
        unsigned char *p = realloc(b->p, ncap);
        if (p == NULL) {
            b->failed = 1;
            return NULL;
        }
        b->p = p;
        b->cap = ncap;
    }
    b->len += n;
    return b->p + b->len - n;
}

void
sanctum__buf_put(sanctum__buf *b, const void *data, size_t len)
{
    unsigned char *p = sanctum__buf_grow(b, len);

    if (p != NULL && len > 0)
        memcpy(p, data, len);
}

void
sanctum__buf_u8(sanctum__buf *b, uint8_t v)
{
    sanctum__buf_put(b, &v, 1);
}

void
sanctum__buf_u32(sanctum__buf *b, uint32_t v)
{
    unsigned char *p = sanctum__buf_grow(b, 4);

    if (p != NULL)
        sanctum__be32(p, v);
}

void
sanctum__buf_u64(sanctum__buf *b, uint64_t v)
{
    unsigned char *p = sanctum__buf_grow(b, 8);

    if (p != NULL)
        sanctum__be64(p, v);
}

void
sanctum__buf_free(sanctum__buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void
sanctum__record_nonce(unsigned char out[SANCTUM__NONCE_BYTES],
                      const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES], uint32_t index)
{
    memcpy(out, prefix, SANCTUM__NONCE_PREFIX_BYTES);
    sanctum__be64(out + SANCTUM__NONCE_PREFIX_BYTES, index);
}

void
sanctum__record_put_header(sanctum__buf *b, const char *schema, uint64_t revision,
                           int64_t created, int64_t updated, uint8_t status,
                           const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES],
                           uint32_t nvalues)
{
    size_t slen = strlen(schema);

    sanctum__buf_u8(b, SANCTUM__RECORD_VERSION);
    sanctum__buf_u8(b, (uint8_t)slen);
    sanctum__buf_put(b, schema, slen);
    sanctum__buf_u64(b, revision);
    sanctum__buf_u64(b, (uint64_t)created);
    sanctum__buf_u64(b, (uint64_t)updated);
    sanctum__buf_u8(b, status);
    sanctum__buf_put(b, prefix, SANCTUM__NONCE_PREFIX_BYTES);
    sanctum__buf_u32(b, nvalues);
}

void
sanctum__record_put_value(sanctum__buf *b, const char *prop, uint8_t level,
                          uint32_t key_version, const unsigned char *nonce,
                          const unsigned char *ct, size_t ct_len,
                          const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES],
                          uint32_t index)
{
    unsigned char derived[SANCTUM__NONCE_BYTES];
    size_t plen = strlen(prop);

    sanctum__record_nonce(derived, prefix, index);
    sanctum__buf_u8(b, (uint8_t)plen);
    sanctum__buf_put(b, prop, plen);
    sanctum__buf_u8(b, level);
    sanctum__buf_u32(b, key_version);
    if (memcmp(derived, nonce, SANCTUM__NONCE_BYTES) == 0) {
        sanctum__buf_u8(b, 0);                        /* derived nonce */
    } else {
        sanctum__buf_u8(b, 1);                        /* explicit nonce */
        sanctum__buf_put(b, nonce, SANCTUM__NONCE_BYTES);
    }
    sanctum__buf_u32(b, (uint32_t)ct_len);
    sanctum__buf_put(b, ct, ct_len);
}

int
sanctum__record_parse(sanctum__record *rec, const char *id, const unsigned char *b,
                      size_t len)
{
    sanctum__reader r = { b, len, 0 };
    const unsigned char *s;
    uint32_t n;
    size_t slen;

    memset(rec, 0, sizeof *rec);
    if (sanctum__take8(&r) != SANCTUM__RECORD_VERSION)
        return sanctum__err(SANCTUM_ECORRUPT, "entity %s: unknown record version", id);
    slen = sanctum__take8(&r);
    s = sanctum__take(&r, slen);
    if (s == NULL || slen == 0 || slen >= sizeof rec->schema)
        goto bad;
    memcpy(rec->schema, s, slen);
    rec->revision = sanctum__take64(&r);
    rec->created = (int64_t)sanctum__take64(&r);
    rec->updated = (int64_t)sanctum__take64(&r);
    rec->status = sanctum__take8(&r);
    if ((s = sanctum__take(&r, SANCTUM__NONCE_PREFIX_BYTES)) != NULL)
        memcpy(rec->prefix, s, SANCTUM__NONCE_PREFIX_BYTES);
    n = sanctum__take32(&r);
    if (r.bad || n > SANCTUM__RECORD_MAX_VALUES || rec->revision == 0)
        goto bad;
    if (n > 0 && (rec->values = calloc(n, sizeof *rec->values)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        sanctum__rvalue *v = &rec->values[i];
        v->prop_len = sanctum__take8(&r);
        v->prop = (const char *)sanctum__take(&r, v->prop_len);
        v->level = sanctum__take8(&r);
        v->key_version = sanctum__take32(&r);
        switch (sanctum__take8(&r)) {
        case 0:
            sanctum__record_nonce(v->nonce_buf, rec->prefix, i);
            break;
        case 1:
            if ((s = sanctum__take(&r, SANCTUM__NONCE_BYTES)) != NULL)
                memcpy(v->nonce_buf, s, SANCTUM__NONCE_BYTES);
            break;
        default:
            r.bad = 1;
        }
        v->nonce = v->nonce_buf;
        v->ct_len = sanctum__take32(&r);
        v->ct = sanctum__take(&r, v->ct_len);
        if (r.bad || v->prop_len == 0 || v->level < 1 || v->level > 3 ||
            v->ct_len < SANCTUM__TAG_BYTES)
            goto bad;
    }
    if (r.left != 0)
        goto bad;
    rec->nvalues = n;
    return SANCTUM_OK;
bad:
    sanctum__record_clear(rec);
    return sanctum__err(SANCTUM_ECORRUPT, "entity %s: stored record is malformed", id);
}

void
sanctum__record_clear(sanctum__record *r)
{
    free(r->values);
    r->values = NULL;
    r->nvalues = 0;
}

int
sanctum__record_restamp(sanctum__buf *out, const char *id, const unsigned char *b, size_t len,
                        uint64_t revision, int64_t updated, uint8_t status)
{
    sanctum__record r;
    int rc;

    if ((rc = sanctum__record_parse(&r, id, b, len)) < 0)
        return rc;
    sanctum__record_put_header(out, r.schema, revision, r.created, updated, status, r.prefix,
                               (uint32_t)r.nvalues);
    for (size_t i = 0; i < r.nvalues; i++) {
        const sanctum__rvalue *v = &r.values[i];
        char prop[256];
        memcpy(prop, v->prop, v->prop_len);
        prop[v->prop_len] = '\0';
        sanctum__record_put_value(out, prop, v->level, v->key_version, v->nonce, v->ct,
                                  v->ct_len, r.prefix, (uint32_t)i);
    }
    sanctum__record_clear(&r);
    return out->failed ? sanctum__err(SANCTUM_ENOMEM, "out of memory") : SANCTUM_OK;
}

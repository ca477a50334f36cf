/* SPDX-License-Identifier: Apache-2.0 */
/* audit_entry.c - decoding and verifying signed audit entries. */
#include "audit_entry.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "errors.h"
#include "reader.h"
#include "record.h"
#include "store.h"
#include "users.h"
#include "utf8.h"

static const struct { int code; const char *name; } actions[] = {
    { SANCTUM__ACT_STORE_CREATE, "store-create" },
    { SANCTUM__ACT_USER_ADD, "user-add" },
    { SANCTUM__ACT_USER_REVOKE, "user-revoke" },
    { SANCTUM__ACT_USER_PASSWD, "user-passwd" },
    { SANCTUM__ACT_CREATE, "create" },
    { SANCTUM__ACT_ALTER, "alter" },
    { SANCTUM__ACT_ERASE, "erase" },
    { SANCTUM__ACT_CONSULT, "consult" },
    { SANCTUM__ACT_LOOKUP, "lookup" },
    { SANCTUM__ACT_DISCLOSE, "disclose" },
    { SANCTUM__ACT_IMPORT, "import" },
    { SANCTUM__ACT_STATUS, "status" },
    { SANCTUM__ACT_APPROVE, "approve" },
    { SANCTUM__ACT_REFUSED, "refused" },
    { SANCTUM__ACT_KEY_ROTATE, "key-rotate" },
    { SANCTUM__ACT_REINDEX, "reindex" },
};

const char *
sanctum__action_name(int action)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (actions[i].code == action)
            return actions[i].name;
    return "unknown";
}

int
sanctum__action_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(actions[i].name, name) == 0)
            return actions[i].code;
    return 0;
}

int
sanctum__entry_decode(sanctum__entry *e, const unsigned char *b, size_t len)
{
    sanctum__reader r = { b, len, 0 };
    const unsigned char *p;

    memset(e, 0, sizeof *e);
    p = sanctum__take(&r, 4);
    if (p == NULL || memcmp(p, SANCTUM__ENTRY_MAGIC, 4) != 0)
        return sanctum__err(SANCTUM_ECORRUPT, "not an audit entry (bad magic)");
    if ((p = sanctum__take(&r, 16)) != NULL)
        memcpy(e->store_id, p, 16);
    if ((p = sanctum__take(&r, 8)) != NULL)
        e->index = sanctum__rd64(p);
    if ((p = sanctum__take(&r, 8)) != NULL)
        e->time_ms = (int64_t)sanctum__rd64(p);
    if ((p = sanctum__take(&r, 4)) != NULL)
        e->actor = sanctum__rd32(p);
    if ((p = sanctum__take(&r, 8)) != NULL)
        memcpy(e->key_id, p, 8);
    if ((p = sanctum__take(&r, 1)) != NULL)
        e->action = p[0];
    if ((p = sanctum__take(&r, 32)) != NULL)
        memcpy(e->prev, p, 32);
    if ((p = sanctum__take(&r, 2)) != NULL)
        e->purpose_len = ((size_t)p[0] << 8) | p[1];
    e->purpose = (const char *)sanctum__take(&r, e->purpose_len);
    if ((p = sanctum__take(&r, 2)) != NULL)
        e->nrefs = ((size_t)p[0] << 8) | p[1];
    e->refs = r.p;
    for (size_t i = 0; i < e->nrefs && !r.bad; i++) {
        p = sanctum__take(&r, 1);
        if (p == NULL || *p == 0) {
            r.bad = 1;
            break;
        }
        sanctum__take(&r, (size_t)*p + 8 + 32);
    }
    if ((p = sanctum__take(&r, 4)) != NULL)
        e->extra_len = sanctum__rd32(p);
    e->extra = sanctum__take(&r, e->extra_len);
    e->signed_len = len - r.left;
    e->sig = sanctum__take(&r, SANCTUM__ENTRY_SIG_BYTES);
    if (r.bad || r.left != 0 || e->purpose_len > SANCTUM__ENTRY_PURPOSE_MAX ||
        e->nrefs > SANCTUM__ENTRY_REFS_MAX || e->extra_len > SANCTUM__ENTRY_EXTRA_MAX ||
        !sanctum__entry_purpose_ok(e->purpose, e->purpose_len))
        return sanctum__err(SANCTUM_ECORRUPT, "audit entry is malformed");
    return SANCTUM_OK;
}

int
sanctum__entry_purpose_ok(const char *p, size_t len)
{
    const unsigned char *s = (const unsigned char *)p;
    uint32_t cp;
    size_t n;

    for (size_t i = 0; i < len; i += n) {
        if ((n = sanctum__utf8_next(s + i, len - i, &cp)) == 0)
            return 0;
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
            return 0;
    }
    return 1;
}

int
sanctum__entry_get_ref(const sanctum__entry *e, size_t i, sanctum__entry_ref *out)
{
    const unsigned char *p = e->refs;

    if (i >= e->nrefs)
        return SANCTUM_ENOTFOUND;
    for (size_t j = 0; j < i; j++)
        p += 1 + p[0] + 8 + 32;
    memcpy(out->id, p + 1, p[0]);
    out->id[p[0]] = '\0';
    p += 1 + p[0];
    out->revision = sanctum__rd64(p);
    memcpy(out->hash, p + 8, 32);
    return SANCTUM_OK;
}

int
sanctum__entry_verify(const sanctum__entry *e, const unsigned char *bytes,
                      const unsigned char pk[32])
{
    /* The signed message is domain || entry bytes before the signature,
     * verified as pure Ed25519 over the concatenation. */
    size_t dlen = sizeof SANCTUM__ENTRY_SIG_DOMAIN - 1;
    unsigned char stackbuf[4096];
    unsigned char *msg = stackbuf;
    int ok;

    if (dlen + e->signed_len > sizeof stackbuf) {
        if ((msg = malloc(dlen + e->signed_len)) == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    memcpy(msg, SANCTUM__ENTRY_SIG_DOMAIN, dlen);
    memcpy(msg + dlen, bytes, e->signed_len);
    ok = crypto_sign_verify_detached(e->sig, msg, dlen + e->signed_len, pk) == 0;
    if (msg != stackbuf)
        free(msg);
    return ok ? SANCTUM_OK : SANCTUM_ETAMPER;
}

/* ------------------------------------------------------------ encoding */

/* Encode the entry body (everything the signature covers). */
static int
encode_entry(sanctum__buf *b, const unsigned char store_id[16], uint64_t index,
             int64_t time_ms, uint32_t actor, const unsigned char sign_pk[32],
             const unsigned char prev[32], const sanctum__audit_spec *spec)
{
    unsigned char key_id[8];
    size_t plen = spec->purpose ? strlen(spec->purpose) : 0;

    if (spec->nrefs > SANCTUM__ENTRY_REFS_MAX)
        return sanctum__err(SANCTUM_EINVAL, "too many entities in one audit entry");
    if (spec->extra_len > SANCTUM__ENTRY_EXTRA_MAX)
        return sanctum__err(SANCTUM_ERROR, "audit entry payload too large");
    sanctum__user_key_id(key_id, sign_pk);
    sanctum__buf_put(b, SANCTUM__ENTRY_MAGIC, 4);
    sanctum__buf_put(b, store_id, 16);
    sanctum__buf_u64(b, index);
    sanctum__buf_u64(b, (uint64_t)time_ms);
    sanctum__buf_u32(b, actor);
    sanctum__buf_put(b, key_id, 8);
    sanctum__buf_u8(b, spec->action);
    sanctum__buf_put(b, prev, 32);
    sanctum__buf_u8(b, (uint8_t)(plen >> 8));
    sanctum__buf_u8(b, (uint8_t)plen);
    sanctum__buf_put(b, spec->purpose, plen);
    sanctum__buf_u8(b, (uint8_t)(spec->nrefs >> 8));
    sanctum__buf_u8(b, (uint8_t)spec->nrefs);
    for (size_t i = 0; i < spec->nrefs; i++) {
        size_t ilen = strlen(spec->refs[i].id);
        if (ilen == 0 || ilen > 255)
            return sanctum__err(SANCTUM_ERROR, "entity id too long for an audit entry");
        sanctum__buf_u8(b, (uint8_t)ilen);
        sanctum__buf_put(b, spec->refs[i].id, ilen);
        sanctum__buf_u64(b, spec->refs[i].revision);
        sanctum__buf_put(b, spec->refs[i].hash, 32);
    }
    sanctum__buf_u32(b, (uint32_t)spec->extra_len);
    sanctum__buf_put(b, spec->extra, spec->extra_len);
    return b->failed ? sanctum__err(SANCTUM_ENOMEM, "out of memory") : SANCTUM_OK;
}

/* Sign the body in b and append the signature. */
static int
sign_entry(sanctum__buf *b, const unsigned char sign_sk[64])
{
    size_t dlen = sizeof SANCTUM__ENTRY_SIG_DOMAIN - 1;
    unsigned char *msg, sig[SANCTUM__ENTRY_SIG_BYTES];
    int rc = SANCTUM_OK;

    if ((msg = malloc(dlen + b->len)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    memcpy(msg, SANCTUM__ENTRY_SIG_DOMAIN, dlen);
    memcpy(msg + dlen, b->p, b->len);
    if (crypto_sign_detached(sig, NULL, msg, dlen + b->len, sign_sk) != 0)
        rc = sanctum__err(SANCTUM_ERROR, "signing the audit entry failed");
    free(msg);
    if (rc == SANCTUM_OK)
        sanctum__buf_put(b, sig, sizeof sig);
    return rc;
}

int
sanctum__entry_build(sanctum__buf *b, const unsigned char store_id[16], uint64_t index,
                     int64_t time_ms, uint32_t actor, const unsigned char sign_pk[32],
                     const unsigned char prev[32], const sanctum__audit_spec *spec,
                     const unsigned char sign_sk[64])
{
    int rc;

    if ((rc = encode_entry(b, store_id, index, time_ms, actor, sign_pk, prev, spec)) < 0 ||
        (rc = sign_entry(b, sign_sk)) < 0)
        return rc;
    return b->failed ? sanctum__err(SANCTUM_ENOMEM, "out of memory") : SANCTUM_OK;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex.c - index keys, keyed tokens, postings and their upkeep with every record write. */
#include "blindindex.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"

#define LABEL_PREFIX "sanctum.index.v1."
#define STATS_KEY "#stats"
#define STATS_VERSION 1
#define STATS_BYTES (1 + 9 * 8 + 3 * 4)

int
sanctum__index_subkey(unsigned char out[32], const sanctum__keyring *kr, const char *label)
{
    unsigned char msg[128];
    size_t plen = sizeof LABEL_PREFIX - 1, llen = strlen(label);

    if (!kr->has_index)
        return sanctum__err(SANCTUM_EPERM, "this session holds no index key");
    if (plen + llen > sizeof msg)
        return sanctum__err(SANCTUM_ERROR, "index label too long");
    memcpy(msg, LABEL_PREFIX, plen);
    memcpy(msg + plen, label, llen);
    if (crypto_generichash(out, 32, msg, plen + llen, kr->index_key, 32) != 0)
        return sanctum__err(SANCTUM_ERROR, "index key derivation failed");
    return SANCTUM_OK;
}

void
sanctum__index_token(unsigned char out[SANCTUM__TOKEN_BYTES], const unsigned char subkey[32],
                     const void *data, size_t len)
{
    crypto_generichash(out, SANCTUM__TOKEN_BYTES, data, len, subkey, 32);
}

/* ------------------------------------------------------------ classes */

int
sanctum__ix_class(const sanctum__prop *p)
{
    if (p->flags & SANCTUM__PF_SEARCHABLE_NAME)
        return SANCTUM__IX_NAME;
    if (p->flags & SANCTUM__PF_WEAK_NAME)
        return SANCTUM__IX_WEAK;
    if (p->flags & SANCTUM__PF_SEARCHABLE_ID)
        return SANCTUM__IX_ID;
    if (p->type == SANCTUM__PT_ENTITY) /* indexed like an identifier: who refers to whom */
        return SANCTUM__IX_ID;
    return 0;
}

sanctum__name_kind
sanctum__ix_name_kind(const sanctum__schema *s)
{
    if (s == NULL)
        return SANCTUM__NAME_ANY;
    if (sanctum__schema_is_a(s, "Person"))
        return SANCTUM__NAME_PERSON;
    if (sanctum__schema_is_a(s, "Vessel"))
        return SANCTUM__NAME_VESSEL;
    if (sanctum__schema_is_a(s, "Organization"))
        return SANCTUM__NAME_COMPANY;
    return SANCTUM__NAME_ANY;
}

size_t
sanctum__ix_ident_norm(char *out, size_t cap, const char *v, size_t len)
{
    size_t o = 0;

    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        char c = v[i];
        if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t')
            continue;
        out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (cap > 0)
        out[o] = '\0';
    return o;
}

/* ------------------------------------------------------------ value refs */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
sanctum__ix_entity_code(uint64_t *out, const char *id)
{
    uint64_t code = 0;

    if (!sanctum__id_valid(id) || strlen(id) != SANCTUM__ID_LEN)
        return sanctum__err(SANCTUM_EINVAL, "index: '%.24s' is not an entity id", id);
    for (int i = 0; i < 3; i++) {
        if (id[i] < 'A' || id[i] > 'Z')
            return sanctum__err(SANCTUM_EINVAL, "index: entity id %s has an odd prefix", id);
        code = (code << 5) | (uint64_t)(id[i] - 'A');
    }
    for (int i = 4; i < SANCTUM__ID_LEN; i++) {
        const char *hit;
        if (i == 8)
            continue;
        if ((hit = strchr(crockford, id[i])) == NULL || *hit == '\0')
            return sanctum__err(SANCTUM_EINVAL, "index: '%.24s' is not an entity id", id);
        code = (code << 5) | (uint64_t)(hit - crockford);
    }
    *out = code << 9;
    return SANCTUM_OK;
}

unsigned int
sanctum__ix_prefix_code(const char *prefix)
{
    unsigned int code = 0;

    for (int i = 0; i < 3; i++)
        code = code << 5 | (unsigned int)(prefix[i] - 'A');
    return code;
}

void
sanctum__ix_entity_id(char out[SANCTUM__ID_MAX], uint64_t ref)
{
    uint64_t code = ref >> 9;
    int k = SANCTUM__ID_LEN - 1;

    for (int i = 0; i < 8; i++, k--) {
        if (k == 8)
            k--;
        out[k] = crockford[code & 0x1F];
        code >>= 5;
    }
    out[8] = '-';
    out[3] = '-';
    for (int i = 2; i >= 0; i--) {
        out[i] = (char)('A' + (code & 0x1F));
        code >>= 5;
    }
    out[SANCTUM__ID_LEN] = '\0';
}

unsigned int
sanctum__ix_value_tag(const unsigned char nonce[24])
{
    uint64_t h = 1469598103934665603ull;

    for (int i = 0; i < 24; i++) {
        h ^= nonce[i];
        h *= 1099511628211ull;
    }
    return (unsigned int)((h ^ (h >> 29) ^ (h >> 47)) & SANCTUM__IX_TAG_MASK);
}

/* ------------------------------------------------------------ statistics */

void
sanctum__ix_stats_default(sanctum__ix_stats *s)
{
    memset(s, 0, sizeof *s);
    for (int l = 1; l <= 3; l++)
        s->keyver[l] = 1;
}

int
sanctum__ix_stats_get(MDB_txn *txn, const sanctum_store *st, sanctum__ix_stats *out)
{
    MDB_val v;
    const unsigned char *p;
    int rc;

    sanctum__ix_stats_default(out);
    rc = sanctum__get(txn, st, SANCTUM__DB_INDEX_VALUES, STATS_KEY, sizeof STATS_KEY - 1, &v);
    if (rc == SANCTUM_ENOTFOUND)
        return SANCTUM_OK;
    if (rc < 0)
        return rc;
    p = v.mv_data;
    if (v.mv_size != STATS_BYTES || p[0] != STATS_VERSION)
        return sanctum__err(SANCTUM_ECORRUPT, "blind index statistics are malformed");
    p++;
    for (int c = 1; c <= 3; c++)
        for (int l = 1; l <= 3; l++, p += 8)
            out->count[c][l] = sanctum__rd64(p);
    for (int l = 1; l <= 3; l++, p += 4)
        out->keyver[l] = sanctum__rd32(p);
    return SANCTUM_OK;
}

int
sanctum__ix_stats_put(MDB_txn *txn, const sanctum_store *st, const sanctum__ix_stats *s)
{
    unsigned char b[STATS_BYTES], *p = b;

    *p++ = STATS_VERSION;
    for (int c = 1; c <= 3; c++)
        for (int l = 1; l <= 3; l++, p += 8)
            sanctum__be64(p, s->count[c][l]);
    for (int l = 1; l <= 3; l++, p += 4)
        sanctum__be32(p, s->keyver[l]);
    return sanctum__put(txn, st, SANCTUM__DB_INDEX_VALUES, STATS_KEY, sizeof STATS_KEY - 1, b,
                        sizeof b, 0);
}

/* ------------------------------------------------------------ token keys */

struct idstate {
    crypto_generichash_state st[4];
    unsigned char ready[4];
    char prop[64];
};

struct sanctum__ix_keys {
    crypto_generichash_state name[4], weak[4];
    crypto_generichash_state mask;
    unsigned char name_ready[4], weak_ready[4], mask_ready;
    const sanctum__keyring *kr;
    uint32_t keyver[4];
    struct idstate **ids;
    size_t nids;
};

static void *
aligned_zalloc(size_t size)
{
    size_t n = (size + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, n);

    if (p != NULL)
        memset(p, 0, n);
    return p;
}

int
sanctum__ix_keys_new(sanctum__ix_keys **out, const sanctum__keyring *kr,
                     const uint32_t keyver[4])
{
    sanctum__ix_keys *k = aligned_zalloc(sizeof *k);

    *out = NULL;
    if (k == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    k->kr = kr;
    for (int l = 1; l <= 3; l++)
        k->keyver[l] = keyver[l];
    *out = k;
    return SANCTUM_OK;
}

void
sanctum__ix_keys_free(sanctum__ix_keys *k)
{
    if (k == NULL)
        return;
    for (size_t i = 0; i < k->nids; i++) {
        sodium_memzero(k->ids[i], sizeof *k->ids[i]);
        free(k->ids[i]);
    }
    free(k->ids);
    sodium_memzero(k, sizeof *k);
    free(k);
}

int
sanctum__ix_keys_level(const sanctum__ix_keys *k, int level)
{
    return level >= 1 && level <= 3 && k->kr->has_index &&
           sanctum__keyring_level(k->kr, level, k->keyver[level]) != NULL;
}

/* Initialise `h` keyed with the token key of (label, level):
 * BLAKE2b-256(key = index key, "sanctum.index.v1." || label || 0 || u8 level
 *             || u32 key version || level key), so only a holder of both
 * the index key and that level's key can make or test its tokens. */
static int
state_init(crypto_generichash_state *h, const sanctum__ix_keys *k, const char *label, int level)
{
    crypto_generichash_state d;
    unsigned char hdr[128], sub[32];
    size_t plen = sizeof LABEL_PREFIX - 1, llen = strlen(label);
    const unsigned char *lk;
    int rc = SANCTUM_OK;

    if (!sanctum__ix_keys_level(k, level))
        return sanctum__err(SANCTUM_EPERM, "this session holds no index key for %s values",
                            sanctum_level_name((sanctum_level)level));
    lk = sanctum__keyring_level(k->kr, level, k->keyver[level]);
    if (plen + llen + 6 > sizeof hdr)
        return sanctum__err(SANCTUM_ERROR, "index label too long");
    memcpy(hdr, LABEL_PREFIX, plen);
    memcpy(hdr + plen, label, llen);
    hdr[plen + llen] = 0;
    hdr[plen + llen + 1] = (unsigned char)level;
    sanctum__be32(hdr + plen + llen + 2, k->keyver[level]);
    if (crypto_generichash_init(&d, k->kr->index_key, 32, sizeof sub) != 0 ||
        crypto_generichash_update(&d, hdr, plen + llen + 6) != 0 ||
        crypto_generichash_update(&d, lk, SANCTUM__KEY_BYTES) != 0 ||
        crypto_generichash_final(&d, sub, sizeof sub) != 0 ||
        crypto_generichash_init(h, sub, sizeof sub, SANCTUM__IX_TOKEN_BYTES) != 0)
        rc = sanctum__err(SANCTUM_ERROR, "index key derivation failed");
    sodium_memzero(&d, sizeof d);
    sodium_memzero(sub, sizeof sub);
    return rc;
}

/* The keyed state for (cls, prop, level), made on first use. */
static int
state_for(crypto_generichash_state **out, sanctum__ix_keys *k, int cls, const char *prop,
          int level)
{
    int rc;

    if (level < 1 || level > 3)
        return sanctum__err(SANCTUM_EINVAL, "index: bad level %d", level);
    if (cls == SANCTUM__IX_NAME || cls == SANCTUM__IX_WEAK) {
        crypto_generichash_state *h = cls == SANCTUM__IX_NAME ? &k->name[level] : &k->weak[level];
        unsigned char *ready = cls == SANCTUM__IX_NAME ? &k->name_ready[level]
                                                       : &k->weak_ready[level];
        if (!*ready) {
            if ((rc = state_init(h, k, cls == SANCTUM__IX_NAME ? "name" : "weakAlias", level)) < 0)
                return rc;
            *ready = 1;
        }
        *out = h;
        return SANCTUM_OK;
    }
    if (cls != SANCTUM__IX_ID || prop == NULL || strlen(prop) + 4 >= sizeof k->ids[0]->prop)
        return sanctum__err(SANCTUM_EINVAL, "index: bad token class");
    for (size_t i = 0; i < k->nids; i++) {
        struct idstate *s = k->ids[i];
        if (strcmp(s->prop + 3, prop) != 0)
            continue;
        if (!s->ready[level]) {
            if ((rc = state_init(&s->st[level], k, s->prop, level)) < 0)
                return rc;
            s->ready[level] = 1;
        }
        *out = &s->st[level];
        return SANCTUM_OK;
    }
    {
        struct idstate *s = aligned_zalloc(sizeof *s), **a;
        if (s == NULL || (a = realloc(k->ids, (k->nids + 1) * sizeof *a)) == NULL) {
            free(s);
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        }
        k->ids = a;
        snprintf(s->prop, sizeof s->prop, "id.%s", prop);
        k->ids[k->nids++] = s;
    }
    return state_for(out, k, cls, prop, level);
}

/* The mask state, made on first use. */
static int
mask_state(sanctum__ix_keys *k)
{
    unsigned char sub[32];
    int rc;

    if (k->mask_ready)
        return SANCTUM_OK;
    if ((rc = sanctum__index_subkey(sub, k->kr, "posting-mask")) < 0)
        return rc;
    rc = crypto_generichash_init(&k->mask, sub, sizeof sub, 8);
    sodium_memzero(sub, sizeof sub);
    if (rc != 0)
        return sanctum__err(SANCTUM_ERROR, "index key derivation failed");
    k->mask_ready = 1;
    return SANCTUM_OK;
}

int
sanctum__ix_mask(uint64_t *out, sanctum__ix_keys *k, const unsigned char tok[SANCTUM__IX_TOKEN_BYTES])
{
    crypto_generichash_state h;
    unsigned char m[8];
    int rc;

    if ((rc = mask_state(k)) < 0)
        return rc;
    memcpy(&h, &k->mask, sizeof h);
    rc = crypto_generichash_update(&h, tok, SANCTUM__IX_TOKEN_BYTES) |
         crypto_generichash_final(&h, m, sizeof m);
    sodium_memzero(&h, sizeof h);
    if (rc != 0)
        return sanctum__err(SANCTUM_ERROR, "index mask failed");
    *out = sanctum__rd64(m);
    return SANCTUM_OK;
}

int
sanctum__ix_mask_ready(sanctum__ix_keys *k)
{
    return mask_state(k);
}

int
sanctum__ix_keys_prepare(sanctum__ix_keys *k)
{
    crypto_generichash_state *h;
    int rc;

    if ((rc = mask_state(k)) < 0)
        return rc;
    for (int l = 1; l <= 3; l++) {
        if (!sanctum__ix_keys_level(k, l))
            continue;
        if ((rc = state_for(&h, k, SANCTUM__IX_NAME, NULL, l)) < 0 ||
            (rc = state_for(&h, k, SANCTUM__IX_WEAK, NULL, l)) < 0)
            return rc;
    }
    return SANCTUM_OK;
}

int
sanctum__ix_token(unsigned char out[SANCTUM__IX_TOKEN_BYTES], sanctum__ix_keys *k, int cls,
                  const char *prop, int level, unsigned int kind, const void *key, size_t len)
{
    crypto_generichash_state *base, h;
    unsigned char kb = (unsigned char)kind;
    int rc;

    if ((rc = state_for(&base, k, cls, prop, level)) < 0)
        return rc;
    memcpy(&h, base, sizeof h);
    rc = crypto_generichash_update(&h, &kb, 1) | crypto_generichash_update(&h, key, len) |
         crypto_generichash_final(&h, out, SANCTUM__IX_TOKEN_BYTES);
    sodium_memzero(&h, sizeof h);
    return rc == 0 ? SANCTUM_OK : sanctum__err(SANCTUM_ERROR, "index token failed");
}

/* ------------------------------------------------------------ normalisers */

#define POOL_MAX 16

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static sanctum__normalizer *pool[POOL_MAX];
static size_t pool_n;

int
sanctum__ix_normalizer_take(sanctum__normalizer **out)
{
    *out = NULL;
    pthread_mutex_lock(&pool_lock);
    if (pool_n > 0)
        *out = pool[--pool_n];
    pthread_mutex_unlock(&pool_lock);
    if (*out != NULL)
        return SANCTUM_OK;
    return sanctum__normalizer_new(out);
}

void
sanctum__ix_normalizer_give(sanctum__normalizer *n)
{
    if (n == NULL)
        return;
    pthread_mutex_lock(&pool_lock);
    if (pool_n < POOL_MAX) {
        pool[pool_n++] = n;
        n = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    sanctum__normalizer_free(n);
}

__attribute__((destructor)) static void
pool_drain(void)
{
    pthread_mutex_lock(&pool_lock);
    while (pool_n > 0)
        sanctum__normalizer_free(pool[--pool_n]);
    pthread_mutex_unlock(&pool_lock);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* disclosure.c - export as a disclosure: recorded with a manifest before anything is decrypted. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/import.h>

#include "audit.h"
#include "entity.h"
#include "errors.h"
#include "record.h"
#include "session.h"
#include "store.h"

struct sanctum_disclosure {
    sanctum_session *s;
    size_t count;
    char (*ids)[SANCTUM__ID_MAX];
    unsigned char (*hashes)[32];   /* committed record hash of each */
};

static int
id_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An entity named twice would be recorded twice in the manifest and
 * counted twice as disclosed: refuse it (ids compared canonical). */
static int
check_distinct(const sanctum_disclosure *d)
{
    const char **s;
    int rc = SANCTUM_OK;

    if (d->count < 2)
        return SANCTUM_OK;
    if ((s = malloc(d->count * sizeof *s)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->count; i++)
        s[i] = d->ids[i];
    qsort(s, d->count, sizeof *s, id_cmp);
    for (size_t i = 1; i < d->count && rc == SANCTUM_OK; i++)
        if (strcmp(s[i], s[i - 1]) == 0)
            rc = sanctum__err(SANCTUM_EINVAL, "entity %s is named twice in the disclosure", s[i]);
    free(s);
    return rc;
}

struct begin_ctx {
    sanctum_disclosure *d;
    const char *purpose;
};

static int
begin_txn(MDB_txn *txn, void *arg)
{
    struct begin_ctx *c = arg;
    sanctum_disclosure *d = c->d;
    sanctum__buf man = { 0 };
    unsigned char extra[40], k[8];
    sanctum__audit_spec spec = { SANCTUM__ACT_DISCLOSE, c->purpose, NULL, 0, extra, 40 };
    uint64_t index;
    MDB_val v;
    int rc = SANCTUM_OK;

    for (size_t i = 0; i < d->count && rc == SANCTUM_OK; i++) {
        sanctum__record rec;
        rc = sanctum__get(txn, d->s->st, SANCTUM__DB_ENTITIES, d->ids[i], strlen(d->ids[i]), &v);
        if (rc == SANCTUM_ENOTFOUND)
            rc = sanctum__err(SANCTUM_ENOTFOUND, "no entity %s", d->ids[i]);
        if (rc < 0 || (rc = sanctum__record_parse(&rec, d->ids[i], v.mv_data, v.mv_size)) < 0)
            break;
        sanctum__record_clear(&rec);
        sanctum__record_hash(d->hashes[i], v.mv_data, v.mv_size);
        sanctum__buf_u8(&man, (uint8_t)strlen(d->ids[i]));
        sanctum__buf_put(&man, d->ids[i], strlen(d->ids[i]));
        sanctum__buf_u64(&man, rec.revision);
        sanctum__buf_put(&man, d->hashes[i], 32);
    }
    if (rc == SANCTUM_OK && man.failed)
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if (rc == SANCTUM_OK) {
        sanctum__be64(extra, d->count);
        sanctum__record_hash(extra + 8, man.p ? man.p : (unsigned char *)"", man.len);
        rc = sanctum__audit_append_at(txn, d->s->st, d->s->kr, d->s->user.id, &spec, &index);
    }
    if (rc == SANCTUM_OK) {
        sanctum__be64(k, index);
        rc = sanctum__put(txn, d->s->st, SANCTUM__DB_MANIFESTS, k, 8,
                          man.p ? man.p : (unsigned char *)"", man.len, 0);
    }
    sanctum__buf_free(&man);
    return rc;
}

int
sanctum_disclosure_begin(sanctum_disclosure **out, sanctum_session *s, const char *const *ids,
                         size_t count, const char *purpose)
{
    struct begin_ctx c = { NULL, purpose };
    sanctum_disclosure *d;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__session_can_read(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if ((d = calloc(1, sizeof *d)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    d->s = s;
    d->count = count;
    if (count > 0 && ((d->ids = calloc(count, sizeof *d->ids)) == NULL ||
                      (d->hashes = calloc(count, sizeof *d->hashes)) == NULL)) {
        sanctum_disclosure_free(d);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        if ((rc = sanctum__id_arg(d->ids[i], ids[i])) < 0) {
            sanctum_disclosure_free(d);
            return rc;
        }
    }
    if ((rc = check_distinct(d)) < 0) {
        sanctum_disclosure_free(d);
        return rc;
    }
    c.d = d;
    if ((rc = sanctum__store_write(s->st, begin_txn, &c)) < 0) {
        sanctum_disclosure_free(d);
        return rc;
    }
    *out = d;
    return SANCTUM_OK;
}

size_t
sanctum_disclosure_count(const sanctum_disclosure *d)
{
    return d ? d->count : 0;
}

int
sanctum_disclosure_read(sanctum_entity **out, sanctum_disclosure *d, size_t i)
{
    unsigned char h[32];
    MDB_txn *txn;
    MDB_val v;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if (i >= d->count)
        return sanctum__err(SANCTUM_ENOTFOUND, "the disclosure holds %zu entities", d->count);
    if ((rc = sanctum__store_read_begin(d->s->st, &txn)) < 0)
        return rc;
    rc = sanctum__get(txn, d->s->st, SANCTUM__DB_ENTITIES, d->ids[i], strlen(d->ids[i]), &v);
    if (rc == SANCTUM_ENOTFOUND)
        rc = sanctum__err(SANCTUM_ECONFLICT, "entity %s was deleted after the disclosure began",
                          d->ids[i]);
    if (rc == SANCTUM_OK) {
        sanctum__record_hash(h, v.mv_data, v.mv_size);
        if (sodium_memcmp(h, d->hashes[i], 32) != 0)
            rc = sanctum__err(SANCTUM_ECONFLICT,
                              "entity %s changed after the disclosure began", d->ids[i]);
        else
            rc = sanctum__entity_decode(out, d->s, d->ids[i], v.mv_data, v.mv_size);
    }
    sanctum__store_read_end(d->s->st, txn);
    return rc;
}

void
sanctum_disclosure_free(sanctum_disclosure *d)
{
    if (d == NULL)
        return;
    free(d->ids);
    free(d->hashes);
    free(d);
}

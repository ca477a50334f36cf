/* SPDX-License-Identifier: Apache-2.0 */
/* import.c - an import run: idempotent upserts by source id in one audited transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/case.h>
#include <sanctum/import.h>

#include "audit.h"
#include "blindindex.h"
#include "entity.h"
#include "errors.h"
#include "import_run.h"
#include "record.h"
#include "session.h"
#include "store.h"

/* An import run is one transaction, and the map cannot grow while it is
 * open: reserve room up front. The map is address space, not disk (the file
 * grows only as pages are written), so be generous: records, blind-index
 * postings (~8 KB per person) and the manifest of a million-entity list. */
#define RESERVE ((size_t)16 << 30)

static int
list_valid(const char *l)
{
    size_t n = 0;

    for (; l[n]; n++)
        if ((unsigned char)l[n] <= 0x20 || (unsigned char)l[n] >= 0x7f)
            return 0;
    return n > 0 && n < SANCTUM__IMPORT_LIST_MAX;
}

int
sanctum_import_begin(sanctum_import **out, sanctum_session *s, const char *list,
                     const char *purpose)
{
    sanctum_import *run;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__session_can_write(s)) < 0 ||
        (rc = sanctum__audit_check_purpose(purpose)) < 0)
        return rc;
    if (list == NULL || !list_valid(list))
        return sanctum__err(SANCTUM_EINVAL, "a source list name is 1-%d printable characters "
                            "without spaces", SANCTUM__IMPORT_LIST_MAX - 1);
    if ((run = calloc(1, sizeof *run)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    run->s = s;
    sanctum__id_seq_init(&run->ids, SIZE_MAX); /* as many as the lists bring */
    snprintf(run->list, sizeof run->list, "%s", list);
    if ((purpose && (run->purpose = strdup(purpose)) == NULL) ||
        (rc = sanctum__index_subkey(run->source_key, s->kr, "source")) < 0 ||
        (rc = sanctum__store_reserve(s->st, RESERVE)) < 0 ||
        (rc = sanctum__store_write_begin(s->st, &run->txn)) < 0) {
        if (rc == SANCTUM_OK)
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        sodium_memzero(run->source_key, sizeof run->source_key);
        free(run->purpose);
        free(run);
        return rc;
    }
    if ((rc = sanctum__ixrun_begin(&run->ix, run->txn, s)) < 0) {
        sanctum_import_abort(run);
        return rc;
    }
    *out = run;
    return SANCTUM_OK;
}

/* The keyed token of (list, source id). */
static void
source_token(unsigned char out[32], const sanctum_import *run, const char *source_id)
{
    size_t ll = strlen(run->list), sl = strlen(source_id);
    unsigned char *buf = malloc(ll + 1 + sl);

    if (buf == NULL) {
        memset(out, 0, 32);
        return;
    }
    memcpy(buf, run->list, ll);
    buf[ll] = 0;
    memcpy(buf + ll + 1, source_id, sl);
    sanctum__index_token(out, run->source_key, buf, ll + 1 + sl);
    sodium_memzero(buf, ll + 1 + sl);
    free(buf);
}

/*
 * The sources table maps a (list, source id) token to the entity's id,
 * then a NUL and the names of the properties the list gave it when it was
 * last imported, each NUL-terminated, sorted (an entry written before
 * this was kept holds the id alone). The names let a re-import tell a
 * property the list has since dropped (its values go) from one an analyst
 * added (its values stay). Property names are stored in clear in records
 * too.
 */
static int
source_id_of(const MDB_val *v, char out[SANCTUM_ID_MAX])
{
    const char *p = v->mv_data, *nul = memchr(p, '\0', v->mv_size);
    size_t n = nul ? (size_t)(nul - p) : v->mv_size;

    if (n == 0 || n >= SANCTUM_ID_MAX)
        return sanctum__err(SANCTUM_ECORRUPT, "source index entry is malformed");
    memcpy(out, p, n);
    out[n] = '\0';
    return SANCTUM_OK;
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
sanctum__import_source_value(sanctum__buf *out, const char *id, const sanctum_entity *e)
{
    const char **names = calloc(e->count ? e->count : 1, sizeof *names);
    size_t n = 0;

    if (names == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (size_t i = 0; i < e->count; i++)
        names[n++] = e->values[i].prop->name;
    qsort(names, n, sizeof *names, cmp_name);
    sanctum__buf_put(out, id, strlen(id));
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(names[i], names[i - 1]) != 0) {
            sanctum__buf_u8(out, 0);
            sanctum__buf_put(out, names[i], strlen(names[i]));
        }
    free(names);
    return out->failed ? sanctum__err(SANCTUM_ENOMEM, "out of memory") : SANCTUM_OK;
}

/* Did sources value `v` (v_len bytes) list property `name`? */
static int
source_listed(const unsigned char *v, size_t v_len, const char *name)
{
    size_t nl = strlen(name), i = 0;

    while (i < v_len && v[i] != 0) /* skip the id */
        i++;
    while (i < v_len) {
        size_t j = ++i; /* past the NUL */
        while (j < v_len && v[j] != 0)
            j++;
        if (j - i == nl && memcmp(v + i, name, nl) == 0)
            return 1;
        i = j;
    }
    return 0;
}

int
sanctum_import_find(sanctum_import *run, const char *source_id, char out[SANCTUM_ID_MAX])
{
    const struct sanctum__import_new *n;
    unsigned char tok[32];
    MDB_val v;
    int rc;

    sanctum__err_clear();
    if (run->failed)
        return sanctum__err(SANCTUM_ERROR, "the import run has failed; abort it");
    source_token(tok, run, source_id);
    if ((n = sanctum__import_queued_tok(run, tok)) != NULL) {
        memcpy(out, n->id, SANCTUM_ID_MAX);
        return SANCTUM_OK;
    }
    rc = sanctum__get(run->txn, run->s->st, SANCTUM__DB_SOURCES, tok, 32, &v);
    if (rc == SANCTUM_ENOTFOUND)
        return sanctum__err(SANCTUM_ENOTFOUND, "no entity from %s has that source id", run->list);
    if (rc < 0)
        return rc;
    return source_id_of(&v, out);
}

void
sanctum__import_manifest_add(sanctum_import *run, const char *id, uint64_t rev,
                             const unsigned char hash[32])
{
    sanctum__buf_u8(&run->manifest, (uint8_t)strlen(id));
    sanctum__buf_put(&run->manifest, id, strlen(id));
    sanctum__buf_u64(&run->manifest, rev);
    sanctum__buf_put(&run->manifest, hash, 32);
}

/* Copy value v into entity m (text or withheld ciphertext). */
static int
copy_value(sanctum_entity *m, const sanctum__evalue *v)
{
    char *text = NULL;
    unsigned char *raw = NULL;
    int rc;

    if (v->text != NULL && (text = malloc(v->len + 1)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if (text != NULL)
        memcpy(text, v->text, v->len + 1);
    if (v->raw != NULL) {
        if ((raw = malloc(v->raw_len)) == NULL) {
            free(text);
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        }
        memcpy(raw, v->raw, v->raw_len);
    }
    rc = sanctum__entity_push(m, v->prop, text, v->len, v->level, v->key_version, raw,
                              v->raw_len);
    if (rc < 0) {
        if (text)
            sodium_memzero(text, v->len);
        free(text);
        free(raw);
    }
    return rc;
}

static int
has_prop(const sanctum_entity *e, const sanctum__prop *p)
{
    for (size_t i = 0; i < e->count; i++)
        if (e->values[i].prop == p)
            return 1;
    return 0;
}

static int
same_value(const sanctum__evalue *a, const sanctum__evalue *b)
{
    if (a->prop != b->prop || a->level != b->level || (a->text == NULL) != (b->text == NULL))
        return 0;
    if (a->text == NULL)
        return a->raw_len == b->raw_len && memcmp(a->raw, b->raw, a->raw_len) == 0;
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* The publication date changes with every issue of a list: it is not
 * content, and alone it makes no new revision. */
static int
is_provenance(const sanctum__evalue *v)
{
    return strcmp(v->prop->name, "sourceDate") == 0;
}

static size_t
count_like(const sanctum_entity *e, const sanctum__evalue *v)
{
    size_t n = 0;

    for (size_t j = 0; j < e->count; j++)
        n += (size_t)same_value(v, &e->values[j]);
    return n;
}

/* Same multiset of values, provenance aside? */
static int
same_content(const sanctum_entity *a, const sanctum_entity *b)
{
    size_t ca = 0, cb = 0;

    for (size_t i = 0; i < a->count; i++)
        ca += (size_t)!is_provenance(&a->values[i]);
    for (size_t i = 0; i < b->count; i++)
        cb += (size_t)!is_provenance(&b->values[i]);
    if (ca != cb)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (!is_provenance(&a->values[i]) &&
            count_like(a, &a->values[i]) != count_like(b, &a->values[i]))
            return 0;
    return 1;
}

/* Update entity `id` from `e` if its content changed: the list's values
 * replace the stored values of the same properties, and values of a
 * property the list gave last time (`was`, the sources value, `was_len`
 * bytes) but no longer gives are dropped; other stored values (analysts'
 * additions, values the session cannot read) are kept. The sources value
 * is brought up to date either way. `record` is the stored record. */
static int
add_existing(sanctum_import *run, sanctum_entity *e, const char *id, const MDB_val *record,
             const unsigned char tok[32], const unsigned char *was, size_t was_len)
{
    const sanctum_store *st = run->s->st;
    sanctum_entity *old = NULL, *merged = NULL;
    sanctum__buf buf = { 0 }, src = { 0 };
    int rc;

    /* decoded before anything is written: `record` is LMDB's memory */
    if ((rc = sanctum__entity_decode(&old, run->s, id, record->mv_data, record->mv_size)) < 0 ||
        (rc = sanctum__import_source_value(&src, id, e)) < 0)
        goto done;
    if ((src.len != was_len || memcmp(src.p, was, was_len) != 0) &&
        (rc = sanctum__put(run->txn, st, SANCTUM__DB_SOURCES, tok, 32, src.p, src.len, 0)) < 0)
        goto done;
    if (old->schema != e->schema) {
        rc = sanctum__err(SANCTUM_EINVAL, "source record now a %s; stored entity %s is a %s",
                          e->schema->name, id, old->schema->name);
        goto done;
    }
    if ((rc = sanctum_entity_new(&merged, e->schema->name)) < 0)
        goto done;
    for (size_t i = 0; i < e->count && rc == SANCTUM_OK; i++)
        rc = copy_value(merged, &e->values[i]);
    for (size_t i = 0; i < old->count && rc == SANCTUM_OK; i++)
        if (old->values[i].text == NULL ||
            (!has_prop(e, old->values[i].prop) &&
             !source_listed(was, was_len, old->values[i].prop->name)))
            rc = copy_value(merged, &old->values[i]);
    if (rc < 0)
        goto done;
    memcpy(e->id, id, SANCTUM__ID_MAX);
    e->created = old->created;
    if (same_content(old, merged)) {
        e->revision = old->revision;
        e->updated = old->updated;
        run->sum.unchanged++;
        goto done;
    }
    merged->status = old->status;
    merged->created = old->created;
    int64_t now = sanctum__now_ms();
    if ((rc = sanctum__entity_encode(&buf, run->s, merged, id, old->revision + 1, old->created,
                                     now)) < 0 ||
        (rc = sanctum__put(run->txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), buf.p, buf.len,
                           0)) < 0 ||
        (rc = sanctum__ixrun_entity(run->ix, id, merged)) < 0)
        goto done;
    {
        unsigned char h[32];
        sanctum__record_hash(h, buf.p, buf.len);
        sanctum__import_manifest_add(run, id, old->revision + 1, h);
    }
    e->revision = old->revision + 1;
    e->updated = now;
    run->sum.updated++;
done:
    sanctum__buf_free(&buf);
    sanctum__buf_free(&src);
    sanctum_entity_free(old);
    sanctum_entity_free(merged);
    return rc;
}

/* Is `id` a new entity of the run, not written yet? */
static int
queued(void *arg, const char *id)
{
    return sanctum__import_queued_id(arg, id) != NULL;
}

int
sanctum_import_add(sanctum_import *run, sanctum_entity *e)
{
    const char *source_id, *list;
    unsigned char tok[32];
    char id[SANCTUM_ID_MAX];
    MDB_val v, ev;
    int rc;

    sanctum__err_clear();
    if (run->failed)
        return sanctum__err(SANCTUM_ERROR, "the import run has failed; abort it");
    if ((source_id = sanctum_entity_first(e, "sourceId")) == NULL) {
        rc = sanctum__err(SANCTUM_EINVAL, "an imported %s needs a sourceId", e->schema->name);
        goto fail;
    }
    if ((list = sanctum_entity_first(e, "sourceList")) != NULL && strcmp(list, run->list) != 0) {
        rc = sanctum__err(SANCTUM_EINVAL, "entity's sourceList differs from the run's list %s",
                          run->list);
        goto fail;
    }
    if (e->count > SANCTUM__RECORD_MAX_VALUES) {
        rc = sanctum__err(SANCTUM_EINVAL, "an entity holds at most %d values",
                          SANCTUM__RECORD_MAX_VALUES);
        goto fail;
    }
    for (size_t j = 0; j < e->count; j++)
        if (e->values[j].text == NULL) {
            rc = sanctum__err(SANCTUM_EINVAL, "an imported entity cannot hold withheld values");
            goto fail;
        }
    /* references to new entities of the run are good: they are written in
     * this transaction; the same list entry twice must see the first */
    if ((rc = sanctum__entity_check_refs_known(run->txn, run->s->st, e, queued, run)) < 0)
        goto fail;
    source_token(tok, run, source_id);
    if (sanctum__import_queued_tok(run, tok) != NULL &&
        (rc = sanctum__import_queue_flush(run)) < 0)
        goto fail;
    rc = sanctum__get(run->txn, run->s->st, SANCTUM__DB_SOURCES, tok, 32, &v);
    /* an entity deleted since its last import is on the list again: a new one */
    if (rc == SANCTUM_OK && (rc = source_id_of(&v, id)) == SANCTUM_OK)
        rc = sanctum__get(run->txn, run->s->st, SANCTUM__DB_ENTITIES, id, strlen(id), &ev);
    if (rc == SANCTUM_ENOTFOUND) {
        rc = sanctum__import_queue_new(run, e, tok);
    } else if (rc == SANCTUM_OK) {
        /* copied: LMDB's memory is not ours once the transaction writes */
        unsigned char *was = malloc(v.mv_size);
        size_t was_len = v.mv_size;
        if (was == NULL) {
            rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
        } else {
            memcpy(was, v.mv_data, was_len);
            rc = add_existing(run, e, id, &ev, tok, was, was_len);
            free(was);
        }
    }
    if (rc == SANCTUM__EMAPFULL)
        rc = sanctum__err(SANCTUM_EIO, "the store map filled up during the import; nothing "
                          "was written: run it again");
    if (rc == SANCTUM_OK && run->manifest.failed)
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if (rc == SANCTUM_OK)
        return SANCTUM_OK;
fail:
    /* refusing one entity fails the run: nothing of it may be written */
    run->failed = 1;
    return rc;
}

static void
run_free(sanctum_import *run)
{
    sanctum__import_queue_free(run); /* before the index run its tools came from */
    sanctum__ixrun_end(run->ix, 0);
    sodium_memzero(run->source_key, sizeof run->source_key);
    sanctum__buf_free(&run->manifest);
    free(run->purpose);
    free(run);
}

int
sanctum_import_commit(sanctum_import *run, sanctum_import_summary *summary)
{
    unsigned char extra[40], k[8];
    sanctum__audit_spec spec = { SANCTUM__ACT_IMPORT, run->purpose, NULL, 0, extra, 40 };
    uint64_t index = 0, count = run->sum.created + run->sum.updated;
    int rc;

    sanctum__err_clear();
    if (run->failed) {
        sanctum_import_abort(run);
        return sanctum__err(SANCTUM_ERROR, "the import run had failed; nothing was written");
    }
    if ((rc = sanctum__import_queue_flush(run)) < 0) {
        if (rc == SANCTUM__EMAPFULL)
            rc = sanctum__err(SANCTUM_EIO, "the store map filled up during the import; "
                              "nothing was written: run it again");
        sanctum__store_write_end(run->s->st, run->txn, 0);
        run_free(run);
        return rc;
    }
    sanctum__be64(extra, count);
    sanctum__record_hash(extra + 8, run->manifest.p ? run->manifest.p : (unsigned char *)"",
                       run->manifest.len);
    rc = sanctum__ixrun_end(run->ix, 1);
    run->ix = NULL;
    if (rc == SANCTUM_OK)
        rc = sanctum__audit_append_at(run->txn, run->s->st, run->s->kr, run->s->user.id, &spec,
                                      &index);
    if (rc == SANCTUM_OK) {
        sanctum__be64(k, index);
        rc = sanctum__put(run->txn, run->s->st, SANCTUM__DB_MANIFESTS, k, 8,
                          run->manifest.p ? run->manifest.p : (unsigned char *)"",
                          run->manifest.len, 0);
    }
    if (rc == SANCTUM__EMAPFULL)
        rc = sanctum__err(SANCTUM_EIO, "the store map filled up during the import; nothing "
                          "was written: run it again");
    {
        int end = sanctum__store_write_end(run->s->st, run->txn, rc == SANCTUM_OK);
        if (rc == SANCTUM_OK)
            rc = end;
    }
    if (rc == SANCTUM_OK && summary != NULL) {
        *summary = run->sum;
        summary->audit_index = index;
    }
    run_free(run);
    return rc;
}

void
sanctum_import_abort(sanctum_import *run)
{
    if (run == NULL)
        return;
    sanctum__store_write_end(run->s->st, run->txn, 0);
    run_free(run);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* import_queue.c - an import run's new entities, written in bursts, made ahead on a second core. */
#include "import_run.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/case.h>

#include "audit.h"
#include "entity.h"
#include "errors.h"
#include "session.h"

/* New entities written at a time: enough to keep a second core busy,
 * few enough that a burst's copies stay small (~3 MB of plaintext). Each
 * is handed to the helper as soon as it is queued. */
#define QUEUE_MAX 1024
#define SLOTS 2048 /* hash slots per lookup table: at most half full */

static int make_one(void *arg, size_t i, int worker);

static size_t
tok_slot(const unsigned char tok[32])
{
    uint64_t h;

    memcpy(&h, tok, sizeof h); /* a keyed hash already */
    return (size_t)(h & (SLOTS - 1));
}

static size_t
id_slot(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 0x100000001b3ull;
    return (size_t)((h ^ (h >> 29)) & (SLOTS - 1));
}

/* A copy of e (values and their levels; nothing stored yet). */
static int
entity_copy(sanctum_entity **out, const sanctum_entity *e)
{
    sanctum_entity *m;
    int rc;

    *out = NULL;
    if ((rc = sanctum_entity_new(&m, e->schema->name)) < 0)
        return rc;
    m->status = e->status;
    for (size_t i = 0; i < e->count; i++) {
        const sanctum__evalue *v = &e->values[i];
        char *text = malloc(v->len + 1);

        if (text == NULL) {
            sanctum_entity_free(m);
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        }
        memcpy(text, v->text, v->len + 1);
        if ((rc = sanctum__entity_push(m, v->prop, text, v->len, v->level, v->key_version, NULL,
                                       0)) < 0) {
            sodium_memzero(text, v->len);
            free(text);
            sanctum_entity_free(m);
            return rc;
        }
    }
    *out = m;
    return SANCTUM_OK;
}

const struct sanctum__import_new *
sanctum__import_queued_tok(const sanctum_import *run, const unsigned char tok[32])
{
    if (run->nq == 0)
        return NULL;
    for (size_t k = tok_slot(tok); run->by_tok[k] != 0; k = (k + 1) & (SLOTS - 1))
        if (memcmp(run->q[run->by_tok[k] - 1].tok, tok, 32) == 0)
            return &run->q[run->by_tok[k] - 1];
    return NULL;
}

const struct sanctum__import_new *
sanctum__import_queued_id(const sanctum_import *run, const char *id)
{
    if (run->nq == 0)
        return NULL;
    for (size_t k = id_slot(id); run->by_id[k] != 0; k = (k + 1) & (SLOTS - 1))
        if (strcmp(run->q[run->by_id[k] - 1].id, id) == 0)
            return &run->q[run->by_id[k] - 1];
    return NULL;
}

int
sanctum__import_queue_new(sanctum_import *run, sanctum_entity *e, const unsigned char tok[32])
{
    const sanctum_store *st = run->s->st;
    struct sanctum__import_new *n;
    char id[SANCTUM__ID_MAX];
    MDB_val v;
    size_t k;
    int rc, tries = 0;

    /* what writing it could refuse, refused now, on this entity's call */
    if ((rc = sanctum__entity_check_levels(run->s, e)) < 0)
        return rc;
    if (run->q == NULL &&
        ((run->q = calloc(QUEUE_MAX, sizeof *run->q)) == NULL ||
         (run->by_tok = calloc(SLOTS, sizeof *run->by_tok)) == NULL ||
         (run->by_id = calloc(SLOTS, sizeof *run->by_id)) == NULL))
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if (run->ahead == NULL &&
        (rc = sanctum__ahead_open(&run->ahead, QUEUE_MAX, make_one, run)) < 0)
        return rc;
    if (run->nq == 0)
        run->now = sanctum__now_ms();
    do {
        if (tries > 0)
            sanctum__id_seq_skip(&run->ids); /* taken: leave this block */
        if ((rc = sanctum__id_seq_next(&run->ids, id, e->schema)) < 0)
            return rc;
        rc = sanctum__get(run->txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), &v);
        if (rc == SANCTUM_ENOTFOUND && sanctum__import_queued_id(run, id) != NULL)
            rc = SANCTUM_OK; /* a new block met one of this run's: taken too */
    } while (rc == SANCTUM_OK && ++tries < 8);
    if (rc != SANCTUM_ENOTFOUND)
        return rc < 0 ? rc : sanctum__err(SANCTUM_ERROR, "could not find a free entity id");
    if (strcmp(e->schema->name, "Case") == 0)
        e->status = SANCTUM_CASE_LEAD;
    n = &run->q[run->nq];
    memset(n, 0, sizeof *n);
    if ((rc = entity_copy(&n->e, e)) < 0)
        return rc;
    memcpy(n->id, id, sizeof id);
    memcpy(n->tok, tok, 32);
    run->nq++;
    k = tok_slot(tok);
    while (run->by_tok[k] != 0)
        k = (k + 1) & (SLOTS - 1);
    run->by_tok[k] = (uint16_t)run->nq;
    k = id_slot(id);
    while (run->by_id[k] != 0)
        k = (k + 1) & (SLOTS - 1);
    run->by_id[k] = (uint16_t)run->nq;
    /* the helper's tools exist before it starts (at the 16th entity) */
    if ((rc = sanctum__ixprep_tools(run->prep, run->ix, run->nq)) < 0)
        return rc;
    sanctum__ahead_publish(run->ahead, run->nq);
    memcpy(e->id, id, sizeof id);
    e->revision = 1;
    e->created = e->updated = run->now;
    for (size_t j = 0; j < e->count; j++)
        e->values[j].key_version = run->s->kr->current[e->values[j].level];
    run->sum.created++;
    return run->nq == QUEUE_MAX ? sanctum__import_queue_flush(run) : SANCTUM_OK;
}

/* Made ahead, on either thread: queued entity i's record and index work. */
static int
make_one(void *arg, size_t i, int worker)
{
    sanctum_import *run = arg;
    struct sanctum__import_new *n = &run->q[i];
    int rc;

    if ((rc = sanctum__entity_encode(&n->rec, run->s, n->e, n->id, 1, run->now, run->now)) < 0)
        return rc;
    if (n->rec.failed)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    sanctum__record_hash(n->hash, n->rec.p, n->rec.len);
    return sanctum__ixprep_entity(run->prep[worker], &n->ready, n->id, n->e, n->rec.p,
                                  n->rec.len);
}

/* Write queued entity n, made. */
static int
write_one(sanctum_import *run, struct sanctum__import_new *n)
{
    const sanctum_store *st = run->s->st;
    sanctum__buf src = { 0 };
    char skey[128];
    int rc;

    if ((rc = sanctum__put(run->txn, st, SANCTUM__DB_ENTITIES, n->id, strlen(n->id), n->rec.p,
                           n->rec.len, MDB_NOOVERWRITE)) == SANCTUM_OK &&
        (rc = sanctum__put(run->txn, st, SANCTUM__DB_BY_SCHEMA, skey,
                           (size_t)sanctum__schema_key(skey, sizeof skey, n->e->schema->name,
                                                       n->id),
                           "", 0, 0)) == SANCTUM_OK &&
        (rc = sanctum__import_source_value(&src, n->id, n->e)) == SANCTUM_OK &&
        (rc = sanctum__put(run->txn, st, SANCTUM__DB_SOURCES, n->tok, 32, src.p, src.len, 0)) ==
            SANCTUM_OK &&
        (rc = sanctum__ixrun_entity_ready(run->ix, n->id, n->e, n->ready)) == SANCTUM_OK)
        sanctum__import_manifest_add(run, n->id, 1, n->hash);
    sanctum__buf_free(&src);
    return rc;
}

static void
queue_clear(sanctum_import *run)
{
    for (size_t i = 0; i < run->nq; i++) {
        struct sanctum__import_new *n = &run->q[i];
        sanctum_entity_free(n->e);
        sanctum__buf_free(&n->rec);
        sanctum__ixready_free(n->ready);
        memset(n, 0, sizeof *n);
    }
    if (run->nq > 0) {
        memset(run->by_tok, 0, SLOTS * sizeof *run->by_tok);
        memset(run->by_id, 0, SLOTS * sizeof *run->by_id);
    }
    run->nq = 0;
}

int
sanctum__import_queue_flush(sanctum_import *run)
{
    int rc = SANCTUM_OK;

    if (run->nq == 0)
        return SANCTUM_OK;
    for (size_t i = 0; i < run->nq && rc == SANCTUM_OK; i++)
        if ((rc = sanctum__ahead_wait(run->ahead, i)) == SANCTUM_OK)
            rc = write_one(run, &run->q[i]);
    sanctum__ahead_reset(run->ahead); /* nothing is being made: the queue may go */
    queue_clear(run);
    return rc;
}

void
sanctum__import_queue_free(sanctum_import *run)
{
    sanctum__ahead_stop(run->ahead); /* joins the helper before its items go */
    run->ahead = NULL;
    queue_clear(run);
    /* kept across bursts: their token caches stay warm for the whole run */
    for (int w = 0; w < SANCTUM__AHEAD_WORKERS; w++) {
        sanctum__ixprep_free(run->prep[w]);
        run->prep[w] = NULL;
    }
    free(run->q);
    free(run->by_tok);
    free(run->by_id);
    run->q = NULL;
    run->by_tok = run->by_id = NULL;
}

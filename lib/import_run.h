/* SPDX-License-Identifier: Apache-2.0 */
/* import_run.h (internal) - an import run's state, shared by import.c and import_queue.c. */
#ifndef SANCTUM_LIB_IMPORT_RUN_H
#define SANCTUM_LIB_IMPORT_RUN_H

#include <stdint.h>

#include <sanctum/import.h>

#include "ahead.h"
#include "blindindex.h"
#include "record.h"
#include "schema.h"
#include "store.h"

#define SANCTUM__IMPORT_LIST_MAX 128

/* A new entity of the run, waiting to be written (import_queue.c). */
struct sanctum__import_new {
    sanctum_entity *e;               /* a copy of the caller's, owned */
    char id[SANCTUM__ID_MAX];        /* assigned when it was added */
    unsigned char tok[32];           /* its (list, source id) token */
    sanctum__buf rec;                /* its record, made ahead */
    unsigned char hash[32];          /* the record's hash */
    sanctum__ixready *ready;         /* its index work, made ahead */
};

struct sanctum_import {
    sanctum_session *s;
    MDB_txn *txn;                    /* the run's write transaction */
    sanctum__ixrun *ix;              /* blind-index upkeep for the whole run */
    char list[SANCTUM__IMPORT_LIST_MAX]; /* source list name */
    char *purpose;
    unsigned char source_key[32];    /* index subkey for (list, source id) tokens */
    sanctum__buf manifest;           /* refs of every entity written */
    sanctum_import_summary sum;
    sanctum__id_seq ids;             /* ids of the run's new entities */
    int failed;                      /* after a failure only abort is allowed */
    /* new entities are written in bursts, their records made ahead */
    struct sanctum__import_new *q;
    size_t nq;
    uint16_t *by_tok, *by_id;        /* hash slots: queue index + 1, or 0 */
    int64_t now;                     /* creation time of the queued ones */
    sanctum__ahead *ahead;           /* makes them as they are queued */
    sanctum__ixprep *prep[SANCTUM__AHEAD_WORKERS];
};

/* The sources value for entity `id` made from list record `e` (import.c). */
int sanctum__import_source_value(sanctum__buf *out, const char *id, const sanctum_entity *e);

/* Add entity `id`, revision `rev`, record hash `hash` to the run's manifest. */
void sanctum__import_manifest_add(sanctum_import *run, const char *id, uint64_t rev,
                                  const unsigned char hash[32]);

/*
 * New entities (import_queue.c). sanctum__import_queue_new() takes a
 * checked entity whose source id is not stored: it gives `e` its id,
 * revision and times at once (the caller may use the id for references)
 * and queues a copy. The queue is written by sanctum__import_queue_flush()
 * when full, at the end of the run, and before a source id that is queued
 * is looked up in the store (the same list entry twice in a run); lookups
 * of queued ids and source ids (references, sanctum_import_find()) are
 * answered from the queue.
 * Each queued entity's record and index work is made on a second core
 * (lib/ahead.c) from the moment it is queued, while the caller goes on
 * adding entities and writing the burst before.
 */
int sanctum__import_queue_new(sanctum_import *run, sanctum_entity *e,
                              const unsigned char tok[32]);
/* The queued entity of source token `tok`, or of id `id`, or NULL. */
const struct sanctum__import_new *sanctum__import_queued_tok(const sanctum_import *run,
                                                             const unsigned char tok[32]);
const struct sanctum__import_new *sanctum__import_queued_id(const sanctum_import *run,
                                                            const char *id);
int sanctum__import_queue_flush(sanctum_import *run);
void sanctum__import_queue_free(sanctum_import *run);

#endif

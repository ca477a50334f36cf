/* SPDX-License-Identifier: Apache-2.0 */
/* screen.h (internal) - screening one name against the blind index and the records it leads to. */
#ifndef SANCTUM_LIB_SCREEN_H
#define SANCTUM_LIB_SCREEN_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/screen.h>
#include "blindindex.h"
#include "match.h"
#include "schema.h"

/*
 * Candidate generation reads postings under two budgets so that a query
 * of common words stays fast on a large store:
 *  - generating keys: per query word, its keys from the rarest up while
 *    their postings fit SANCTUM__SCREEN_GEN_BUDGET / words (at least
 *    SANCTUM__SCREEN_GEN_MIN per word, and at least one key overall);
 *    the stored names they hold form the candidate universe;
 *  - ranking keys: the other keys, best weight first, up to
 *    SANCTUM__SCREEN_RANK_BUDGET postings: they only add weight to names
 *    already in the universe (a common word ranks, it does not generate).
 * The best SANCTUM__SCREEN_CANDIDATES names are decrypted and scored.
 * (bench/screen_bench runs the same on plaintext with these constants.)
 */
#define SANCTUM__SCREEN_GEN_BUDGET 8000u
#define SANCTUM__SCREEN_GEN_MIN 3000u
#define SANCTUM__SCREEN_RANK_BUDGET 20000u
#define SANCTUM__SCREEN_CANDIDATES 32
#define SANCTUM__SCREEN_CANDIDATES_MAX 1024 /* with ties at the cut, and large limits */

/* One lookup key of a query as candidate selection sees it. */
typedef struct sanctum__skey {
    uint64_t df;          /* postings of the key (all searched levels) */
    double w;             /* sanctum__key_weight() */
    unsigned int token;   /* the query word it comes from; keys come in word order */
    uint8_t mode;         /* set: 0 unused, 1 generates, 2 ranks */
} sanctum__skey;

/* Decide, under the budgets above, which keys generate candidates and
 * which only rank them. `order` is scratch for n entries. Pure. */
struct sanctum__korder {
    double v;
    size_t i;
};
void sanctum__screen_select(sanctum__skey *k, size_t n, struct sanctum__korder *order);

/*
 * The candidate accumulator screening uses: the contract of
 * sanctum__candset (match.h) -- a candidate's rank is the sum over query
 * words of the best key weight by which it was hit; adds come in word
 * order -- with a top-k that selects through a heap instead of sorting
 * every candidate, and a reset that does not clear the table (a slot is
 * live when its generation is the current one). On a large store a query
 * of common words hits tens of thousands of names, and sorting them all
 * took a third of the screening time.
 */
typedef struct sanctum__sacc sanctum__sacc;

int sanctum__sacc_new(sanctum__sacc **out);
void sanctum__sacc_free(sanctum__sacc *a);
void sanctum__sacc_reset(sanctum__sacc *a);
/* Names ids[0..n) share a key of weight w with query word `token`. */
int sanctum__sacc_add(sanctum__sacc *a, unsigned int token, double w, const uint64_t *ids,
                      size_t n);
/* Up to cap best ids, best first (ties: lower id first); returns how many. */
size_t sanctum__sacc_top(sanctum__sacc *a, uint64_t *out, size_t cap);
/* What screening scores: the `want` best ids whose schema `allow` admits
 * (a bitmap over the 15-bit id prefix of a ref, SANCTUM__IX_PREFIX_SHIFT;
 * NULL admits all), best first, then every further admitted id ranked
 * exactly like the last of them, up to cap ids in all (out has room for
 * cap). *left receives how many such tied ids did not fit; *at_best is 1
 * when that tie is at the best rank (all of the first ones tie too), 0
 * when it is below it, in which case the tie is only taken with `below`. */
size_t sanctum__sacc_best(sanctum__sacc *a, uint64_t *out, size_t want, size_t cap,
                          const uint8_t *allow, size_t *left, int *at_best, int below);

/* A checked query (the caller's strings are borrowed). */
typedef struct sanctum__sq {
    const char *name;
    size_t len;
    const sanctum__schema *schema; /* NULL: any schema */
    sanctum__name_kind kind;       /* how the name is normalised */
    int year;                      /* birth year, 0 when not given */
    char country[3];               /* nationality, lower case; "" when not given */
} sanctum__sq;

/* Check query `q` (number `qno`, counted from 1 in messages) into *out.
 * SANCTUM_EINVAL naming the query number, never its text. */
int sanctum__sq_check(sanctum__sq *out, const sanctum_screen_query *q, size_t qno);

/* One match while it is built. Strings are malloc'd and wiped when freed. */
typedef struct sanctum__smatch {
    char id[SANCTUM__ID_MAX];
    const char *schema;        /* static schema name */
    uint64_t revision;         /* of the record scored */
    unsigned char hash[32];    /* sanctum__record_hash of the record bytes scored */
    double score, name_score, birth_factor, nat_factor;
    const char *prop;          /* static property name of the matched name */
    char *caption;             /* entity's caption */
    char *matched;             /* the stored name that matched */
    char *explain;             /* how it scored */
    int dropped;               /* removed after a re-check (write phase) */
} sanctum__smatch;

void sanctum__smatch_clear(sanctum__smatch *m);
/* qsort order: matches best score first, then by id. */
int sanctum__smatch_cmp(const void *a, const void *b);

/* What every worker of one run shares (read-only while workers run). */
typedef struct sanctum__sctx {
    const struct sanctum_session *s;
    sanctum__ix_keys *keys;    /* prepared (sanctum__ix_keys_prepare) */
    int levels[4];             /* levels[l] = 1: the session searches level l */
    double threshold;
    size_t limit;
} sanctum__sctx;

/* A worker: one thread's normaliser, scratch and read position. */
typedef struct sanctum__sworker sanctum__sworker;

int sanctum__sworker_new(sanctum__sworker **out, const sanctum__sctx *c);
void sanctum__sworker_free(sanctum__sworker *w);

/* Point the worker at transaction `txn` (read or write; the caller owns
 * it) until sanctum__sworker_end(). Caches are dropped. */
int sanctum__sworker_begin(sanctum__sworker *w, MDB_txn *txn);
void sanctum__sworker_end(sanctum__sworker *w);

/*
 * Screen query `q` (number qno from 1): candidates from the index,
 * scored on the decrypted names they lead to. A query of unknown kind
 * (q->kind "any") is also read as a person's and a company's name; each
 * candidate is ranked and scored by the reading of its own schema. Writes the matches at or
 * above the threshold, best first, at most limit, to *out (malloc'd
 * array, *n entries; free each with sanctum__smatch_clear()). `norm`, if
 * not NULL, receives the normalised query (joined tokens, malloc'd) for
 * the run's commitment. `unscored`, if not NULL, receives how many
 * candidates ranked as high as the last one scored were left unscored
 * (more tied than SANCTUM__SCREEN_CANDIDATES_MAX): 0 when the answer is
 * complete.
 */
int sanctum__screen_one(sanctum__sworker *w, const sanctum__sq *q, size_t qno,
                        sanctum__smatch **out, size_t *n, char **norm, size_t *unscored);

/*
 * Score query q again against every name of entity m->id as it is in the
 * worker's transaction (it changed since it was scored). Updates *m
 * (score, names, hash, revision) or sets m->dropped when it no longer
 * reaches the threshold.
 */
int sanctum__screen_rescore(sanctum__sworker *w, const sanctum__sq *q, size_t qno,
                            sanctum__smatch *m);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* postings_batch.c - deferred postings made ready to write on a thread of their own. */
#include "postings_batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sanctum/errors.h>

#include "errors.h"
#include "store.h"

#define ENTRY SANCTUM__IX_POSTING_BYTES

/* One token's refs, made ready: the token at pend + at * ENTRY, its m
 * masked refs (sorted, distinct) right after it, as host integers. */
struct run {
    size_t at, m;
};

struct sanctum__pbatch {
    unsigned char *pend;
    size_t n, bytes;
    sanctum__ix_keys *keys;
    struct run *runs;
    size_t nruns, capruns;
    int threaded;
    pthread_t tid;
    int rc;                /* the preparation's result */
    char msg[512];         /* and its detail, on failure */
};

/* Masked refs of one run in ascending order (runs are short: most tokens
 * get a few dozen refs per flush at most). */
static void
sort_refs(uint64_t *r, size_t n)
{
    if (n > 48) {
        qsort(r, n, sizeof *r, sanctum__u64_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t x = r[i];
        size_t j = i;
        for (; j > 0 && r[j - 1] > x; j--)
            r[j] = r[j - 1];
        r[j] = x;
    }
}

/* Sort the postings into token order, then put each token's refs, masked
 * once per run, sorted and without repeats, right after its token: the
 * n-th ref is read at run + n*ENTRY + 16 before anything is written there
 * (at run + 16 + n*8; entries are 24 bytes, so the refs are 8-aligned). */
static int
prepare(sanctum__pbatch *b)
{
    size_t i, j;
    int rc;

    sanctum__postings_sort(b->pend, b->n);
    for (i = 0; i < b->n; i = j) {
        unsigned char *run = b->pend + i * ENTRY;
        uint64_t *refs = (uint64_t *)(void *)(run + SANCTUM__IX_TOKEN_BYTES), mask;
        size_t m = 0;

        for (j = i + 1;
             j < b->n && memcmp(b->pend + j * ENTRY, run, SANCTUM__IX_TOKEN_BYTES) == 0; j++)
            ;
        if ((rc = sanctum__ix_mask(&mask, b->keys, run)) < 0)
            return rc;
        for (size_t k = 0; k < j - i; k++)
            refs[k] = sanctum__rd64(run + k * ENTRY + SANCTUM__IX_TOKEN_BYTES) ^ mask;
        sort_refs(refs, j - i);
        for (size_t k = 0; k < j - i; k++)
            if (m == 0 || refs[k] != refs[m - 1])
                refs[m++] = refs[k];
        if (b->nruns == b->capruns) {
            size_t ncap = b->capruns ? 2 * b->capruns : 4096;
            struct run *a = realloc(b->runs, ncap * sizeof *a);
            if (a == NULL)
                return sanctum__err(SANCTUM_ENOMEM, "out of memory");
            b->runs = a;
            b->capruns = ncap;
        }
        b->runs[b->nruns].at = i;
        b->runs[b->nruns].m = m;
        b->nruns++;
    }
    return SANCTUM_OK;
}

static void
run_prepare(sanctum__pbatch *b)
{
    b->rc = prepare(b);
    if (b->rc < 0)
        snprintf(b->msg, sizeof b->msg, "%s", sanctum_last_error());
}

static void *
batch_main(void *p)
{
    run_prepare(p);
    return NULL;
}

/* Wait for the preparation; the batch is the caller's alone after. */
static void
join(sanctum__pbatch *b)
{
    if (b->threaded) {
        pthread_join(b->tid, NULL);
        b->threaded = 0;
    }
}

static void
batch_free(sanctum__pbatch *b)
{
    sodium_memzero(b->pend, b->bytes);
    free(b->pend);
    free(b->runs);
    free(b);
}

int
sanctum__pbatch_start(sanctum__pbatch **out, unsigned char *pend, size_t n, size_t bytes,
                      sanctum__ix_keys *keys, int threaded)
{
    sanctum__pbatch *b = calloc(1, sizeof *b);

    *out = NULL;
    if (b == NULL) {
        sodium_memzero(pend, bytes);
        free(pend);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    b->pend = pend;
    b->n = n;
    b->bytes = bytes;
    b->keys = keys;
    b->threaded = threaded && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
                  pthread_create(&b->tid, NULL, batch_main, b) == 0;
    if (!b->threaded)
        run_prepare(b);
    *out = b;
    return SANCTUM_OK;
}

/* Put the runs made ready into the postings through `cur`. */
static int
write_runs(const sanctum__pbatch *b, MDB_cursor *cur, sanctum__postings_scratch *ps)
{
    int rc = SANCTUM_OK;

    for (size_t r = 0; r < b->nruns && rc == SANCTUM_OK; r++) {
        unsigned char *tok = b->pend + b->runs[r].at * ENTRY;

        rc = sanctum__postings_add(cur, ps, tok,
                                   (const uint64_t *)(void *)(tok + SANCTUM__IX_TOKEN_BYTES),
                                   b->runs[r].m, NULL);
    }
    return rc;
}

int
sanctum__pbatch_write(sanctum__pbatch *b, MDB_cursor *cur, sanctum__postings_scratch *ps)
{
    int rc;

    join(b);
    rc = b->rc < 0 ? sanctum__err(b->rc, "%s", b->msg) : write_runs(b, cur, ps);
    batch_free(b);
    return rc;
}

int
sanctum__pbatch_write_now(unsigned char *pend, size_t n, sanctum__ix_keys *keys,
                          MDB_cursor *cur, sanctum__postings_scratch *ps)
{
    sanctum__pbatch b;
    int rc;

    memset(&b, 0, sizeof b);
    b.pend = pend;
    b.n = n;
    b.keys = keys;
    if ((rc = prepare(&b)) == SANCTUM_OK)
        rc = write_runs(&b, cur, ps);
    free(b.runs);
    return rc;
}

void
sanctum__pbatch_free(sanctum__pbatch *b)
{
    if (b == NULL)
        return;
    join(b);
    batch_free(b);
}

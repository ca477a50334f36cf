/* SPDX-License-Identifier: Apache-2.0 */
/* audit_bench.c - audit trail rates: signed appends, verification against the raw Ed25519 floor, proof cost.
 *
 * Usage: audit_bench [MAX_SIZE] [DIR]
 *   MAX_SIZE  largest trail for the proof table: 1000, 10000, 100000 or
 *             1000000 (default 1000000); DIR scratch space (default /tmp).
 *
 * 1. Append rate through the public API: sanctum_entity_get() of one entity,
 *    one signed entry (and one signed checkpoint) per committed write.
 * 2. The floor: raw crypto_sign_verify_detached() rate on entry-sized
 *    messages, on 1 and 2 threads, measured in this run.
 * 3. sanctum_audit_verify() with 2 threads on trails of 10^4 and 10^5
 *    entries: entries/s and signatures/s, and signatures/s as a share of
 *    the 2-thread floor (target: at least 80%).
 * 4. sanctum_audit_prove() and sanctum_audit_consistency() at 10^3 ... 10^6
 *    entries: mean time per proof and proof length, which should grow with
 *    log2(size), not with size. The big trail is appended through the
 *    library's internal append path in large transactions (real signed
 *    entries and checkpoints, built fast); only its existence matters here.
 * Figures are printed; nothing is asserted. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sanctum/sanctum.h>

#include "audit.h"
#include "session.h"
#include "store.h"

#define PASS ((const unsigned char *)"bench-passphrase"), 16
#define APPEND_SECONDS 3.0
#define FLOOR_SECONDS 1.5
#define PROOFS 2000
#define BULK_TXN 4000
#define MSG_LEN 220     /* about one consult entry's signed bytes */
#define NKEYS 64

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, int rc)
{
    fprintf(stderr, "audit_bench: %s: %s (%s)\n", what, sanctum_strerror(rc),
            sanctum_last_error());
    exit(1);
}

/* ------------------------------------------------------------ the floor */

struct floor_set {
    unsigned char pk[NKEYS][32];
    unsigned char msg[NKEYS][MSG_LEN];
    unsigned char sig[NKEYS][64];
};

struct floor_run {
    const struct floor_set *set;
    double seconds;
    unsigned long done;
};

static void *
floor_thread(void *arg)
{
    struct floor_run *r = arg;
    double end = now() + r->seconds;
    unsigned long n = 0;

    while (now() < end) {
        for (int i = 0; i < NKEYS; i++)
            if (crypto_sign_verify_detached(r->set->sig[i], r->set->msg[i], MSG_LEN,
                                            r->set->pk[i]) != 0)
                abort();
        n += NKEYS;
    }
    r->done = n;
    return NULL;
}

/* Raw verifications per second on `threads` threads. */
static double
floor_rate(const struct floor_set *set, int threads)
{
    pthread_t t[8];
    struct floor_run r[8];
    unsigned long total = 0;
    double start = now(), secs;

    for (int i = 0; i < threads; i++) {
        r[i].set = set;
        r[i].seconds = FLOOR_SECONDS;
        r[i].done = 0;
        if (pthread_create(&t[i], NULL, floor_thread, &r[i]) != 0)
            abort();
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += r[i].done;
    }
    secs = now() - start;
    return (double)total / secs;
}

static void
floor_set_init(struct floor_set *set)
{
    unsigned char sk[64];

    for (int i = 0; i < NKEYS; i++) {
        crypto_sign_keypair(set->pk[i], sk);
        randombytes_buf(set->msg[i], MSG_LEN);
        crypto_sign_detached(set->sig[i], NULL, set->msg[i], MSG_LEN, sk);
    }
    sodium_memzero(sk, sizeof sk);
}

/* ------------------------------------------------------------ the store */

struct bench {
    char path[4096];
    char *trust;
    size_t trust_len;
    sanctum_store *st;
    sanctum_session *s;
    char id[SANCTUM_ID_MAX];     /* the one entity every consult names */
};

static void
bench_open(struct bench *b)
{
    int rc;

    if ((rc = sanctum_store_open(&b->st, b->path, NULL)) != SANCTUM_OK)
        die("store_open", rc);
    if ((rc = sanctum_session_open(&b->s, b->st, "admin", PASS)) != SANCTUM_OK)
        die("session_open", rc);
}

static void
bench_close(struct bench *b)
{
    sanctum_session_close(b->s);
    sanctum_store_close(b->st);
    b->s = NULL;
    b->st = NULL;
}

static uint64_t
trail_size(struct bench *b)
{
    uint64_t n;
    int rc;

    if ((rc = sanctum_audit_size(&n, b->st)) != SANCTUM_OK)
        die("audit_size", rc);
    return n;
}

struct bulk {
    struct bench *b;
    size_t n;
};

/* n consult entries of the bench entity, appended in the caller's txn. */
static int
bulk_txn(MDB_txn *txn, void *arg)
{
    struct bulk *k = arg;
    const sanctum_store *st = k->b->st;
    const char *id = k->b->id;
    sanctum__audit_ref ref = { id, 1, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_CONSULT, "bench", &ref, 1, NULL, 0 };
    MDB_val v;
    int rc;

    if ((rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, id, strlen(id), &v)) < 0)
        return rc;
    sanctum__record_hash(ref.hash, v.mv_data, v.mv_size);
    for (size_t i = 0; i < k->n; i++)
        if ((rc = sanctum__audit_append(txn, st, k->b->s->kr, k->b->s->user.id, &spec)) < 0)
            return rc;
    return SANCTUM_OK;
}

/* Grow the trail to `target` entries; returns entries appended per second. */
static double
grow(struct bench *b, uint64_t target)
{
    uint64_t have = trail_size(b), start_n = have;
    double t0 = now();
    int rc;

    while (have < target) {
        struct bulk k = { b, (size_t)(target - have < BULK_TXN ? target - have : BULK_TXN) };
        if ((rc = sanctum__store_write(b->st, bulk_txn, &k)) != SANCTUM_OK)
            die("bulk append", rc);
        have += k.n;
    }
    return have > start_n ? (double)(have - start_n) / (now() - t0) : 0.0;
}

/* ------------------------------------------------------------ measurements */

static double
append_rate(struct bench *b, unsigned long *count)
{
    double t0 = now(), t;
    unsigned long n = 0;
    int rc;

    do {
        sanctum_entity *e = NULL;
        if ((rc = sanctum_entity_get(&e, b->s, b->id, "bench read")) != SANCTUM_OK)
            die("entity_get", rc);
        sanctum_entity_free(e);
        n++;
        t = now() - t0;
    } while (t < APPEND_SECONDS);
    *count = n;
    return (double)n / t;
}

struct proof_cost {
    double prove_us, cons_us;     /* first pass: pages touched for the first time */
    double prove_warm, cons_warm; /* the same proofs again */
    size_t prove_len, cons_len;   /* longest proof seen */
};

static uint64_t
rnd64(void)
{
    return (uint64_t)randombytes_random() << 32 | randombytes_random();
}

/* Mean microseconds per proof over idx[0..PROOFS): inclusion proofs of
 * idx[i] (consistency proofs from idx[i] + 1 when `tree`) in the tree of
 * `size` entries; *maxlen receives the longest proof. */
static double
time_proofs(struct bench *b, const uint64_t *idx, uint64_t size, int tree, size_t *maxlen)
{
    unsigned char path[SANCTUM_PROOF_MAX][32];
    double t0 = now();
    size_t len;
    int rc;

    for (int i = 0; i < PROOFS; i++) {
        if (tree)
            rc = sanctum_audit_consistency(path, &len, b->st, idx[i] + 1, size);
        else
            rc = sanctum_audit_prove(path, &len, b->st, idx[i], size);
        if (rc != SANCTUM_OK)
            die(tree ? "audit_consistency" : "audit_prove", rc);
        if (len > *maxlen)
            *maxlen = len;
    }
    return (now() - t0) * 1e6 / PROOFS;
}

static struct proof_cost
proof_cost(struct bench *b, uint64_t size)
{
    static uint64_t idx[PROOFS];
    struct proof_cost c = { 0, 0, 0, 0, 0, 0 };

    for (int i = 0; i < PROOFS; i++)
        idx[i] = rnd64() % size;
    c.prove_us = time_proofs(b, idx, size, 0, &c.prove_len);
    c.prove_warm = time_proofs(b, idx, size, 0, &c.prove_len);
    for (int i = 0; i < PROOFS; i++)
        idx[i] = rnd64() % size;
    c.cons_us = time_proofs(b, idx, size, 1, &c.cons_len);
    c.cons_warm = time_proofs(b, idx, size, 1, &c.cons_len);
    return c;
}

struct verify_cost {
    uint64_t entries, sigs;
    double secs;
};

/* Verify the whole store with `threads` threads (the store must be closed). */
static struct verify_cost
verify_cost(struct bench *b, unsigned int threads)
{
    sanctum_verify_options o = SANCTUM_VERIFY_OPTIONS_INIT;
    sanctum_verify_report r;
    struct verify_cost c;
    double t0 = now();
    int rc;

    o.threads = threads;
    memset(&r, 0, sizeof r);
    rc = sanctum_audit_verify(&r, b->path, b->trust, b->trust_len, &o);
    c.secs = now() - t0;
    if (rc != SANCTUM_OK) {
        fprintf(stderr, "audit_bench: verify: %s: %s\n", sanctum_strerror(rc), r.what);
        exit(1);
    }
    c.entries = r.entries;
    c.sigs = r.signatures;
    return c;
}

int
main(int argc, char **argv)
{
    sanctum_store_options so = SANCTUM_STORE_OPTIONS_INIT;
    struct floor_set *set;
    struct bench b;
    sanctum_entity *e = NULL;
    uint64_t max = 1000000, sizes[] = { 1000, 10000, 100000, 1000000 };
    const char *base = argc > 2 ? argv[2] : "/tmp";
    double floor1, floor2, app, started = now();
    unsigned long napp;
    char dir[4000], cmd[4100];
    struct proof_cost pc[4];
    double build_rate[4];
    struct verify_cost vc[2];
    uint64_t vsize[2];
    double vfloor[2];
    int nproof = 0, nverify = 0, rc;

    if (argc > 1 && (max = strtoull(argv[1], NULL, 10)) < 1000) {
        fprintf(stderr, "usage: audit_bench [MAX_SIZE >= 1000] [DIR]\n");
        return 2;
    }
    if (sodium_init() < 0)
        return 1;
    memset(&b, 0, sizeof b);
    snprintf(dir, sizeof dir, "%s/audit_bench.XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(b.path, sizeof b.path, "%s/store", dir);
    so.kdf = SANCTUM_KDF_INTERACTIVE;
    if ((rc = sanctum_store_create(&b.st, b.path, "admin", PASS, &so)) != SANCTUM_OK)
        die("store_create", rc);
    if ((rc = sanctum_session_open(&b.s, b.st, "admin", PASS)) != SANCTUM_OK)
        die("session_open", rc);
    if ((rc = sanctum_entity_new(&e, "Person")) != SANCTUM_OK ||
        (rc = sanctum_entity_add(e, "name", "Bench Person", SANCTUM_LEVEL_NONE)) != SANCTUM_OK ||
        (rc = sanctum_entity_create(b.s, e, "bench")) != SANCTUM_OK)
        die("entity_create", rc);
    snprintf(b.id, sizeof b.id, "%s", sanctum_entity_id(e));
    sanctum_entity_free(e);
    if ((rc = sanctum_trust_export(&b.trust, &b.trust_len, b.st)) != SANCTUM_OK)
        die("trust_export", rc);

    {
        double load[3] = { 0, 0, 0 };
        if (getloadavg(load, 3) < 0)
            load[0] = -1;
        printf("audit_bench: libsodium %s, %ld cores, load average %.2f, scratch %s\n",
               sodium_version_string(), sysconf(_SC_NPROCESSORS_ONLN), load[0], dir);
    }
    fflush(stdout);

    /* 1. Appends through the public API. */
    app = append_rate(&b, &napp);

    /* 2. The raw Ed25519 floor, in this run. */
    if ((set = malloc(sizeof *set)) == NULL)
        return 1;
    floor_set_init(set);
    floor1 = floor_rate(set, 1);
    floor2 = floor_rate(set, 2);

    /* 3 and 4. Grow the trail; proofs at each size, verification at 10^4, 10^5. */
    for (int i = 0; i < 4 && sizes[i] <= max; i++) {
        build_rate[i] = grow(&b, sizes[i]);
        pc[i] = proof_cost(&b, sizes[i]);
        nproof = i + 1;
        if ((sizes[i] == 10000 || sizes[i] == 100000) && nverify < 2) {
            /* The floor is taken right before and after, so that both see
             * the same machine load. */
            bench_close(&b);
            vsize[nverify] = sizes[i];
            vfloor[nverify] = floor_rate(set, 2);
            vc[nverify] = verify_cost(&b, 2);
            vfloor[nverify] = (vfloor[nverify] + floor_rate(set, 2)) / 2;
            nverify++;
            bench_open(&b);
        }
    }
    bench_close(&b);
    free(set);

    printf("\nappend (public API, sanctum_entity_get: one signed entry + one signed\n"
           "checkpoint per committed, fsync'd write)\n");
    printf("  %lu entries in %.1f s: %.0f entries/s\n", napp, APPEND_SECONDS, app);

    printf("\nraw Ed25519 verify floor (crypto_sign_verify_detached, %d-byte messages)\n",
           MSG_LEN);
    printf("  1 thread   %10.0f verifications/s\n", floor1);
    printf("  2 threads  %10.0f verifications/s\n", floor2);

    printf("\nsanctum_audit_verify, threads = 2 (each entry: its signature and its\n"
           "checkpoint's signature, chain, tree, records), next to the 2-thread floor\n"
           "measured just before and after it\n");
    printf("  %10s  %8s  %12s  %12s  %12s  %8s\n", "entries", "seconds", "entries/s", "sigs/s",
           "floor/s", "share");
    for (int i = 0; i < nverify; i++)
        printf("  %10llu  %8.2f  %12.0f  %12.0f  %12.0f  %7.0f%%\n",
               (unsigned long long)vsize[i], vc[i].secs, (double)vc[i].entries / vc[i].secs,
               (double)vc[i].sigs / vc[i].secs, vfloor[i],
               100.0 * ((double)vc[i].sigs / vc[i].secs) / vfloor[i]);
    if (nverify == 0)
        printf("  (run with MAX_SIZE >= 10000)\n");

    printf("\nproof generation (mean of %d random proofs each, first pass and the same\n"
           "proofs again; the trail was built through the internal append path in\n"
           "%d-entry transactions)\n", PROOFS, BULK_TXN);
    printf("  %10s  %10s  %9s  %9s  %6s  %9s  %9s  %6s  %7s\n", "entries", "built/s",
           "prove us", "(again)", "hashes", "consis us", "(again)", "hashes", "log2(n)");
    for (int i = 0; i < nproof; i++) {
        char built[32] = "(prefix)";
        int lg = 0;
        for (uint64_t n = sizes[i] - 1; n > 0; n >>= 1)
            lg++;
        if (build_rate[i] > 0)
            snprintf(built, sizeof built, "%.0f", build_rate[i]);
        printf("  %10llu  %10s  %9.1f  %9.1f  %6zu  %9.1f  %9.1f  %6zu  %7d\n",
               (unsigned long long)sizes[i], built, pc[i].prove_us, pc[i].prove_warm,
               pc[i].prove_len, pc[i].cons_us, pc[i].cons_warm, pc[i].cons_len, lg);
    }
    {
        struct stat sb;
        char file[4200];
        snprintf(file, sizeof file, "%s/data.mdb", b.path);
        if (stat(file, &sb) == 0)
            printf("  store file at %llu entries: %.0f MB\n",
                   (unsigned long long)sizes[nproof - 1], (double)sb.st_size / 1e6);
    }
    printf("\ntotal run time %.0f s\n", now() - started);

    sanctum_free(b.trust);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "audit_bench: could not remove %s\n", dir);
    return 0;
}

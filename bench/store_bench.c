/* SPDX-License-Identifier: Apache-2.0 */
/* store_bench.c - insert and read-by-id rates of the encrypted store, against raw LMDB.
 *
 * Usage: store_bench [--batch B] [N] [DIR]
 *   N records (default 100000), DIR scratch space (default a new /tmp dir),
 *   B records per transaction (default SANCTUM_BATCH_MAX, 16,384).
 * Both sides store the same realistic Person records (13 values each) in
 * batches of B per transaction and read every record back by id with all
 * values (sanctum: decrypted), B per transaction; then each side reads
 * records one per transaction (sanctum_entity_get(), which also commits an
 * audit entry each). Figures are printed; nothing is asserted.
 *
 * Two more rows show the floor the format sets: libsodium's
 * XChaCha20-Poly1305-IETF alone, sealing and opening the same 13 values
 * one by one (as the store must: a nonce and a tag per value) with
 * associated data of the store's length, and no storage at all. Like the
 * store, it derives the XChaCha20 subkey (HChaCha20 of the nonce prefix the
 * values of one write share) once per record. */
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanctum/sanctum.h>
#include <sodium.h>

#define FLOOR_CHUNK 512

static int batch = SANCTUM_BATCH_MAX; /* records per transaction, both sides */
#define NVALUES 13

static const char *firsts[] = { "Ahmed", "Idris", "Milan", "Yusuf", "Elira", "Omar", "Dritan",
                                "Samir", "Leyla", "Nikolai", "Amina", "Karim", "Besnik", "Hana",
                                "Tariq", "Goran", "Mariam", "Rustam", "Zoran", "Farid" };
static const char *lasts[] = { "Kovac", "Hoxha", "Al-Masri", "Petrovic", "Rahimi", "Demiri",
                               "Haddad", "Berisha", "Nazari", "Kuznetsov", "Osmani", "Saleh",
                               "Marku", "Bakr", "Ivanov", "Qureshi", "Gashi", "Suleiman" };
static const char *countries[] = { "al", "ly", "tr", "iq", "sy", "af", "ir", "gr", "it", "rs" };
static const char *places[] = { "Vlore", "Tripoli", "Izmir", "Mosul", "Aleppo", "Herat",
                                "Tabriz", "Patras", "Bari", "Nis" };

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The 13 (property, value) pairs of record i. */
static void
record_values(int i, const char *props[NVALUES], char vals[NVALUES][96])
{
    const char *f = firsts[i % 20], *l = lasts[(i / 20) % 18];
    static const char *names[NVALUES] = { "name", "alias", "alias", "firstName", "lastName",
                                          "birthDate", "birthPlace", "nationality",
                                          "passportNumber", "idNumber", "address", "position",
                                          "notes" };
    for (int k = 0; k < NVALUES; k++)
        props[k] = names[k];
    snprintf(vals[0], 96, "%s %s %d", f, l, i);
    snprintf(vals[1], 96, "%s %.1s. %d", f, l, i);
    snprintf(vals[2], 96, "Abu %s %d", l, i);
    snprintf(vals[3], 96, "%s", f);
    snprintf(vals[4], 96, "%s", l);
    snprintf(vals[5], 96, "%d-%02d-%02d", 1950 + i % 50, 1 + i % 12, 1 + i % 28);
    snprintf(vals[6], 96, "%s", places[i % 10]);
    snprintf(vals[7], 96, "%s", countries[i % 10]);
    snprintf(vals[8], 96, "P%08d", i);
    snprintf(vals[9], 96, "ID-%09d", i * 7);
    snprintf(vals[10], 96, "%d Harbour Road, %s", 1 + i % 200, places[(i + 3) % 10]);
    snprintf(vals[11], 96, "boat supplier");
    snprintf(vals[12], 96, "Seen at the port of %s in spring, record %d", places[(i + 5) % 10], i);
}

/* ------------------------------------------------------------ raw LMDB */

static void
die_mdb(int rc, const char *what)
{
    fprintf(stderr, "store_bench: %s: %s\n", what, mdb_strerror(rc));
    exit(1);
}

/* Read record i of the raw table and copy every value out, as a caller would. */
static size_t
raw_read(MDB_txn *txn, MDB_dbi dbi, int i, char out[NVALUES][96])
{
    char key[32];
    MDB_val k, v;
    size_t sum = 0;
    int rc;

    snprintf(key, sizeof key, "PER-%08d", i);
    k.mv_size = strlen(key);
    k.mv_data = key;
    if ((rc = mdb_get(txn, dbi, &k, &v)))
        die_mdb(rc, "raw get");
    const unsigned char *p = v.mv_data;
    for (int j = 0; j < NVALUES; j++) {
        p += 1 + p[0];
        memcpy(out[j], p + 1, p[0]);
        out[j][p[0]] = '\0';
        sum += p[0];
        p += 1 + p[0];
    }
    return sum;
}

/* Raw baseline: key = "PER-%08d", value = length-prefixed prop/value pairs.
 * Reads are timed twice: B records per read transaction, as the batched
 * sanctum read takes them (*rd), and one transaction per record, as
 * sanctum_entity_get() does (*rd1). */
static void
raw_bench(const char *dir, int n, double *ins, double *rd, double *rd1)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi;
    char key[32], vals[NVALUES][96], out[NVALUES][96];
    const char *props[NVALUES];
    unsigned char rec[4096];
    double t0;
    int rc;
    volatile size_t sink = 0;

    if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_mapsize(env, (size_t)8 << 30)) ||
        (rc = mdb_env_open(env, dir, 0, 0600)))
        die_mdb(rc, "raw env");
    t0 = now();
    for (int b = 0; b < n; b += batch) {
        if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) || (rc = mdb_dbi_open(txn, NULL, 0, &dbi)))
            die_mdb(rc, "raw txn");
        for (int i = b; i < b + batch && i < n; i++) {
            size_t len = 0;
            record_values(i, props, vals);
            for (int k = 0; k < NVALUES; k++) {
                size_t pl = strlen(props[k]), vl = strlen(vals[k]);
                rec[len++] = (unsigned char)pl;
                memcpy(rec + len, props[k], pl);
                len += pl;
                rec[len++] = (unsigned char)vl;
                memcpy(rec + len, vals[k], vl);
                len += vl;
            }
            snprintf(key, sizeof key, "PER-%08d", i);
            MDB_val k = { strlen(key), key }, v = { len, rec };
            if ((rc = mdb_put(txn, dbi, &k, &v, 0)))
                die_mdb(rc, "raw put");
        }
        if ((rc = mdb_txn_commit(txn)))
            die_mdb(rc, "raw commit");
    }
    *ins = now() - t0;
    t0 = now();
    for (int b = 0; b < n; b += batch) {
        if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)))
            die_mdb(rc, "raw read txn");
        for (int i = b; i < b + batch && i < n; i++)
            sink += raw_read(txn, dbi, i, out);
        mdb_txn_abort(txn);
    }
    *rd = now() - t0;
    t0 = now();
    for (int i = 0; i < n; i++) {
        if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)))
            die_mdb(rc, "raw read txn");
        sink += raw_read(txn, dbi, i, out);
        mdb_txn_abort(txn);
    }
    *rd1 = now() - t0;
    (void)sink;
    mdb_env_close(env);
}

/* ------------------------------------------------------------ cipher floor */

/* Seal and open the 13 values of every record with XChaCha20-Poly1305-IETF
 * alone: the per-value cost no encrypted store of this format can avoid.
 * One HChaCha20 subkey per record, then ChaCha20-Poly1305-IETF under it per
 * value (together exactly XChaCha20-Poly1305, as lib/seal.c does it).
 * Associated data as long as the store's ("sanctum.value.v1", store id,
 * entity id, property, level, key version). Values are made before the
 * clock starts. */
struct floor_chunk {
    char vals[NVALUES][96];
    size_t vlen[NVALUES], adlen[NVALUES];
    unsigned char ct[NVALUES][96 + crypto_aead_xchacha20poly1305_ietf_ABYTES];
};

/* Seal (opening 0) or open the values of m records; seconds taken. */
static double
floor_pass(struct floor_chunk *c, int m, const unsigned char *key, unsigned char prefix[16],
           const unsigned char *ad, int opening)
{
    unsigned char sub[32], nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = { 0 };
    unsigned char out[96];
    double t0 = now();

    for (int i = 0; i < m; i++) {
        prefix[0] = (unsigned char)i;
        crypto_core_hchacha20(sub, prefix, key, NULL);
        for (int k = 0; k < NVALUES; k++) {
            nonce[11] = (unsigned char)k;
            if (!opening)
                crypto_aead_chacha20poly1305_ietf_encrypt(c[i].ct[k], NULL,
                    (const unsigned char *)c[i].vals[k], c[i].vlen[k], ad, c[i].adlen[k], NULL,
                    nonce, sub);
            else if (crypto_aead_chacha20poly1305_ietf_decrypt(out, NULL, NULL, c[i].ct[k],
                         c[i].vlen[k] + crypto_aead_chacha20poly1305_ietf_ABYTES, ad,
                         c[i].adlen[k], nonce, sub) != 0) {
                fprintf(stderr, "store_bench: cipher floor: open failed\n");
                exit(1);
            }
        }
    }
    sodium_memzero(sub, sizeof sub);
    return now() - t0;
}

static void
cipher_floor(int n, double *seal, double *open)
{
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char prefix[16], ad[80];
    struct floor_chunk *c;
    const char *props[NVALUES];

    if (sodium_init() < 0 || (c = malloc(sizeof *c * FLOOR_CHUNK)) == NULL) {
        fprintf(stderr, "store_bench: cipher floor: no memory or libsodium\n");
        exit(1);
    }
    crypto_aead_xchacha20poly1305_ietf_keygen(key);
    randombytes_buf(prefix, sizeof prefix);
    randombytes_buf(ad, sizeof ad);
    *seal = *open = 0;
    for (int b = 0; b < n; b += FLOOR_CHUNK) {
        int m = n - b < FLOOR_CHUNK ? n - b : FLOOR_CHUNK;
        for (int i = 0; i < m; i++) {
            record_values(b + i, props, c[i].vals);
            for (int k = 0; k < NVALUES; k++) {
                c[i].vlen[k] = strlen(c[i].vals[k]);
                c[i].adlen[k] = 52 + strlen(props[k]);
            }
        }
        *seal += floor_pass(c, m, key, prefix, ad, 0);
        *open += floor_pass(c, m, key, prefix, ad, 1);
    }
    sodium_memzero(key, sizeof key);
    free(c);
}

/* ------------------------------------------------------------ sanctum */

static void
die(const char *what)
{
    fprintf(stderr, "store_bench: %s: %s\n", what, sanctum_last_error());
    exit(1);
}

int
main(int argc, char **argv)
{
    int n = 100000, npos = 0;
    char tmpl[] = "/tmp/sanctum-bench-XXXXXX", path[4096], rawdir[4096];
    const char *base = NULL;
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st;
    sanctum_session *s;
    sanctum_entity **es;
    const char **idp;
    char (*ids)[SANCTUM_ID_MAX];
    char vals[NVALUES][96];
    const char *props[NVALUES];
    double t0, s_ins, s_rd, s_one, r_ins, r_rd, r_rd1, f_seal, f_open;
    int one;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc)
            batch = atoi(argv[++i]);
        else if (npos++ == 0)
            n = atoi(argv[i]);
        else if (npos == 2)
            base = argv[i];
        else
            n = 0; /* too many arguments: print the usage */
    }
    if (base == NULL)
        base = mkdtemp(tmpl);
    one = n < 2000 ? n : 2000;
    if (n <= 0 || base == NULL || batch <= 0 || batch > SANCTUM_BATCH_MAX) {
        fprintf(stderr, "usage: store_bench [--batch 1..%d] [N] [DIR]\n", SANCTUM_BATCH_MAX);
        return 2;
    }
    snprintf(path, sizeof path, "%s/sanctum", base);
    snprintf(rawdir, sizeof rawdir, "%s/raw", base);
    if (mkdir(rawdir, 0700) != 0) {
        perror(rawdir);
        return 1;
    }
    o.kdf = SANCTUM_KDF_INTERACTIVE;
    o.map_size = (size_t)1 << 30;
    if (sanctum_store_create(&st, path, "bench", (const unsigned char *)"bench-passphrase", 16,
                             &o) < 0 ||
        sanctum_session_open(&s, st, "bench", (const unsigned char *)"bench-passphrase", 16) < 0)
        die("open");
    es = calloc((size_t)batch, sizeof *es);
    idp = calloc((size_t)batch, sizeof *idp);
    ids = calloc((size_t)n, sizeof *ids);

    t0 = now();
    for (int b = 0; b < n; b += batch) {
        int m = (n - b < batch) ? n - b : batch;
        for (int j = 0; j < m; j++) {
            record_values(b + j, props, vals);
            if (sanctum_entity_new(&es[j], "Person") < 0)
                die("new");
            for (int k = 0; k < NVALUES; k++)
                if (sanctum_entity_add(es[j], props[k], vals[k], SANCTUM_LEVEL_NONE) < 0)
                    die(props[k]);
        }
        if (sanctum_entity_create_batch(s, es, (size_t)m, "bench") < 0)
            die("create_batch");
        for (int j = 0; j < m; j++) {
            snprintf(ids[b + j], SANCTUM_ID_MAX, "%s", sanctum_entity_id(es[j]));
            sanctum_entity_free(es[j]);
        }
    }
    s_ins = now() - t0;

    t0 = now();
    for (int b = 0; b < n; b += batch) {
        int m = (n - b < batch) ? n - b : batch;
        for (int j = 0; j < m; j++)
            idp[j] = ids[b + j];
        if (sanctum_entity_get_batch(es, s, idp, (size_t)m, "bench") < 0)
            die("get_batch");
        for (int j = 0; j < m; j++) {
            if (sanctum_entity_count(es[j]) != NVALUES)
                die("value count");
            sanctum_entity_free(es[j]);
        }
    }
    s_rd = now() - t0;

    t0 = now();
    for (int i = 0; i < one; i++) {
        sanctum_entity *e;
        if (sanctum_entity_get(&e, s, ids[i], "bench") < 0)
            die("get");
        sanctum_entity_free(e);
    }
    s_one = now() - t0;
    sanctum_session_close(s);
    sanctum_store_close(st);

    raw_bench(rawdir, n, &r_ins, &r_rd, &r_rd1);
    cipher_floor(n, &f_seal, &f_open);

    printf("store_bench: %d Person records, %d values each, batches of %d\n", n, NVALUES, batch);
    printf("%-34s %12s %12s %10s\n", "operation", "us/op", "ops/s", "vs raw");
    printf("%-34s %12.2f %12.0f %9.2fx\n", "raw LMDB insert (plaintext)", r_ins / n * 1e6,
           n / r_ins, 1.0);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "sanctum insert (batched, audited)", s_ins / n * 1e6,
           n / s_ins, s_ins / r_ins);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "  floor: seal 13 values, no store", f_seal / n * 1e6,
           n / f_seal, f_seal / r_ins);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "raw LMDB read by id (batched)", r_rd / n * 1e6,
           n / r_rd, 1.0);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "  floor: open 13 values, no store", f_open / n * 1e6,
           n / f_open, f_open / r_rd);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "sanctum read by id (batched)", s_rd / n * 1e6,
           n / s_rd, s_rd / r_rd);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "raw LMDB read by id (txn each)", r_rd1 / n * 1e6,
           n / r_rd1, 1.0);
    printf("%-34s %12.2f %12.0f %9.2fx\n", "sanctum read by id (one per call)",
           s_one / one * 1e6, one / s_one, (s_one / one) / (r_rd1 / n));
    free(es);
    free(idp);
    free(ids);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* screen_bench.c - name screening on a generated store of N persons, encrypted against plaintext.
 *
 * Usage: screen_bench [N] [--dir DIR] [--queries Q] [--batch B] [--keep] [--no-plain]
 *                     [--reuse WORKDIR] [--memory-limit MIB] [--resident-limit MIB]
 *                     [--build-batch K] [--no-schema]
 *   N        persons (default 100000; 1000000 for the figures)
 *   DIR      scratch space for the store (default /tmp)
 *   Q        single queries timed (default 2000), also identifier lookups
 *   B        names in the batch run (default 20000)
 *   WORKDIR  a directory kept by an earlier --keep run of the same N: skip the build
 *   K        persons per sanctum_entity_create_batch() call while building
 *            (default SANCTUM_BATCH_MAX)
 *   --no-schema  screen through the store without a schema (each query is
 *            then also read as a person's and a company's name); the
 *            plaintext side still reads them as persons
 *   MIB      screen under a memory limit of MIB MiB: a memory cgroup of its
 *            own (v1 or v2; needs root) whose charge counts the store's page
 *            cache as well as private memory, starting with the store's
 *            pages dropped from the cache (bench/memcap.c)
 *   --resident-limit MIB  screen with sanctum_store_set_resident_limit(MIB
 *            MiB): the store's pages mapped by LMDB are dropped from the
 *            process (not from the page cache) when they pass MIB MiB;
 *            says whether the kernel maps one page per fault meanwhile
 *
 * Persons are composed from the first, middle and last names of the yente
 * negative sets in ../shared/data, per nationality, each with three aliases
 * (list order "LAST, First", another family name, another first name), a
 * birth date, a nationality and a passport number; they are inserted with
 * sanctum_entity_create_batch() in batches of K.
 * Queries are stored names of random persons, exact, reordered, with one
 * typo, or both.
 *
 * Each phase runs in its own process so that its peak RSS is its own:
 *   build      the store (timed)
 *   plain      the same candidate generation and scoring over in-memory
 *              plaintext postings (built meanwhile on the other core)
 *   screen     through the store: sanctum_screen() per name (with its
 *              audited commit), the search alone, identifier lookups, and
 *              one batch on 2 threads
 * Figures are printed; nothing is asserted.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <sodium.h>

#include <sanctum/sanctum.h>
#include <sanctum/screen.h>

#include "match.h"
#include "memcap.h"
#include "normalize.h"
#include "schema.h"
#include "screen.h"
#include "session.h"
#include "store.h"

#ifndef SANCTUM_SHARED_DATA
#define SANCTUM_SHARED_DATA "../shared/data"
#endif

static size_t build_batch = SANCTUM_BATCH_MAX; /* persons per create_batch */
static const char *query_schema = "Person";      /* NULL: --no-schema */
#define PASS "bench-passphrase-1234"
#define MAP_SIZE ((size_t)96 << 30)

/* ------------------------------------------------------------ small helpers */

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);

    if (p == NULL) {
        fprintf(stderr, "screen_bench: out of memory\n");
        exit(2);
    }
    return p;
}

static void *
xrealloc(void *p, size_t sz)
{
    if ((p = realloc(p, sz ? sz : 1)) == NULL) {
        fprintf(stderr, "screen_bench: out of memory\n");
        exit(2);
    }
    return p;
}

static char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(xcalloc(1, n), s, n);
}

static uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* A deterministic stream per (seed, index). */
typedef struct rng {
    uint64_t s;
} rng;

static uint64_t
rnext(rng *r)
{
    r->s = mix(r->s);
    return r->s;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double
pct(double *v, size_t n, double p)
{
    size_t i;

    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

static long
maxrss_kib(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A line of /proc/self/status ("VmHWM", "RssAnon", ...) in KiB, or -1. */
static long
status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t fl = strlen(field);

    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0 && line[fl] == ':')
            v = strtol(line + fl + 1, NULL, 10);
    fclose(f);
    return v;
}

/* MiB of `path` in the page cache (mincore over a map of it), or -1. A
 * screening of a store whose pages are not cached waits on the disk: the
 * first phase then reads them in and the later ones find them. */
static double
cached_mib(const char *path, double *size_mib)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), n, in = 0;
    unsigned char *vec;
    struct stat sb;
    void *map;
    int fd = open(path, O_RDONLY);

    if (fd < 0 || fstat(fd, &sb) != 0 || sb.st_size == 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    n = ((size_t)sb.st_size + page - 1) / page;
    vec = xcalloc(n, 1);
    if (mincore(map, (size_t)sb.st_size, vec) == 0)
        for (size_t i = 0; i < n; i++)
            in += vec[i] & 1;
    munmap(map, (size_t)sb.st_size);
    free(vec);
    *size_mib = (double)sb.st_size / (1 << 20);
    return (double)in * (double)page / (1 << 20);
}

/* ------------------------------------------------------------ name parts */

typedef struct pool {
    char **first, **middle, **last;
    size_t nfirst, nmiddle, nlast, cap_f, cap_m, cap_l;
    char country[3];
} pool;

static pool *pools;
static size_t npools;
static size_t *row_pool; /* per source row: its pool (so nationalities keep their weight) */
static size_t nrows, caprows;

struct csvrow {
    char *f[8];
    int nf, header;
};

static void
on_field(void *s, size_t len, void *arg)
{
    struct csvrow *r = arg;

    if (r->nf < 8)
        r->f[r->nf] = memcpy(xcalloc(1, len + 1), s, len);
    r->nf++;
}

static void
push(char ***a, size_t *n, size_t *cap, const char *s)
{
    if (*s == '\0')
        return;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        *a = xrealloc(*a, *cap * sizeof **a);
    }
    (*a)[(*n)++] = xstrdup(s);
}

static void
on_row(int c, void *arg)
{
    struct csvrow *r = arg;
    size_t p;

    (void)c;
    if (r->header) {
        r->header = 0;
    } else if (r->nf >= 8 && r->f[1][0] && r->f[3][0] && r->f[7][0]) {
        p = SIZE_MAX;
        {
            static char **names;
            static size_t nnames;
            for (size_t k = 0; k < nnames; k++)
                if (strcmp(names[k], r->f[7]) == 0)
                    p = k;
            if (p == SIZE_MAX) {
                names = xrealloc(names, (nnames + 1) * sizeof *names);
                names[nnames] = xstrdup(r->f[7]);
                pools = xrealloc(pools, (npools + 1) * sizeof *pools);
                memset(&pools[npools], 0, sizeof pools[npools]);
                {
                    /* a stable ISO code per nationality (bench data only) */
                    uint64_t h = 1469598103934665603ull;
                    for (const char *c2 = r->f[7]; *c2; c2++)
                        h = (h ^ (unsigned char)*c2) * 1099511628211ull;
                    snprintf(pools[npools].country, 3, "%s",
                             sanctum__country_at(h % (sanctum__country_count() - 2)));
                }
                p = nnames++;
                npools++;
            }
        }
        push(&pools[p].first, &pools[p].nfirst, &pools[p].cap_f, r->f[1]);
        push(&pools[p].middle, &pools[p].nmiddle, &pools[p].cap_m, r->f[2]);
        push(&pools[p].last, &pools[p].nlast, &pools[p].cap_l, r->f[3]);
        if (nrows == caprows) {
            caprows = caprows ? 2 * caprows : 1024;
            row_pool = xrealloc(row_pool, caprows * sizeof *row_pool);
        }
        row_pool[nrows++] = p;
    }
    for (int i = 0; i < 8 && i < r->nf; i++)
        free(r->f[i]);
    r->nf = 0;
}

static void
load_parts(const char *file)
{
    char path[4096], buf[65536];
    struct csv_parser p;
    struct csvrow row = { { 0 }, 0, 1 };
    FILE *f;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", SANCTUM_SHARED_DATA, file);
    if ((f = fopen(path, "rb")) == NULL || csv_init(&p, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "screen_bench: cannot read %s\n", path);
        exit(2);
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        csv_parse(&p, buf, n, on_field, on_row, &row);
    csv_fini(&p, on_field, on_row, &row);
    csv_free(&p);
    fclose(f);
}

/* ------------------------------------------------------------ persons */

#define NAMES 4

typedef struct person {
    char name[NAMES][160];  /* name, then three aliases */
    char birth[16];
    char country[3];
    char passport[16];
} person;

static uint64_t seed = 0x5ca1ab1e;

static void
upper_ascii(char *out, size_t cap, const char *s)
{
    size_t i;

    for (i = 0; s[i] && i + 1 < cap; i++)
        out[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    out[i] = '\0';
}

/* Person i, the same every time. */
static void
make_person(person *p, size_t i)
{
    rng r = { seed ^ mix(i) };
    const pool *pl = &pools[row_pool[rnext(&r) % nrows]];
    const char *first = pl->first[rnext(&r) % pl->nfirst];
    const char *last = pl->last[rnext(&r) % pl->nlast];
    const char *middle = (pl->nmiddle && rnext(&r) % 10 < 3) ? pl->middle[rnext(&r) % pl->nmiddle]
                                                            : NULL;
    const char *last2 = pl->last[rnext(&r) % pl->nlast];
    const char *first2 = pl->first[rnext(&r) % pl->nfirst];
    char up[96];

    if (middle)
        snprintf(p->name[0], sizeof p->name[0], "%s %s %s", first, middle, last);
    else
        snprintf(p->name[0], sizeof p->name[0], "%s %s", first, last);
    upper_ascii(up, sizeof up, last);
    snprintf(p->name[1], sizeof p->name[1], "%s, %s", up, first);
    snprintf(p->name[2], sizeof p->name[2], "%s %s", first, last2);
    snprintf(p->name[3], sizeof p->name[3], "%s %s", first2, last);
    snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", 1940 + (int)(rnext(&r) % 65),
             1 + (int)(rnext(&r) % 12), 1 + (int)(rnext(&r) % 28));
    memcpy(p->country, pl->country, 3);
    snprintf(p->passport, sizeof p->passport, "P%09zu", i);
}

/* A query drawn from person j: one of its names, maybe reordered, maybe
 * with one typo in an ASCII word of four letters or more. */
static void
make_query(char *out, size_t cap, size_t *who, size_t n, uint64_t qseed)
{
    rng r = { mix(qseed) };
    person p;
    size_t j = rnext(&r) % n, k = rnext(&r) % NAMES, t = rnext(&r) % 4;
    char words[16][96], buf[400];
    size_t nw = 0, o = 0;
    char *save = NULL, *w;

    make_person(&p, j);
    *who = j;
    snprintf(buf, sizeof buf, "%s", p.name[k]);
    for (w = strtok_r(buf, " ,", &save); w && nw < 16; w = strtok_r(NULL, " ,", &save))
        snprintf(words[nw++], sizeof words[0], "%s", w);
    if ((t & 1) && nw > 1) { /* reorder: last word first */
        char tmp[96];
        memcpy(tmp, words[nw - 1], sizeof tmp);
        memmove(words[1], words[0], (nw - 1) * sizeof words[0]);
        memcpy(words[0], tmp, sizeof tmp);
    }
    if (t & 2) { /* one typo */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < nw; i++) {
            int ascii = strlen(words[i]) >= 4;
            for (const char *c = words[i]; *c && ascii; c++)
                ascii = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
            if (ascii && (best == SIZE_MAX || strlen(words[i]) > strlen(words[best])))
                best = i;
        }
        if (best != SIZE_MAX) {
            char *s = words[best];
            size_t l = strlen(s), pos = 1 + rnext(&r) % (l - 2);
            switch (rnext(&r) % 3) {
            case 0: { char c = s[pos]; s[pos] = s[pos + 1]; s[pos + 1] = c; break; }
            case 1: memmove(s + pos, s + pos + 1, l - pos); break;
            default: s[pos] = s[pos] == 'e' ? 'a' : 'e'; break;
            }
        }
    }
    for (size_t i = 0; i < nw && o + 1 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "", words[i]);
}

/* ------------------------------------------------------------ build */

static int
build_store(const char *path, const char *idfile, size_t n)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    sanctum_session *s = NULL;
    sanctum_entity **es = xcalloc(build_batch, sizeof *es);
    size_t next_report = 100000;
    char (*ids)[SANCTUM_ID_MAX] = xcalloc(n, sizeof *ids);
    double t0, t1;
    int rc, fd;

    o.kdf = SANCTUM_KDF_INTERACTIVE;
    o.map_size = MAP_SIZE;
    if ((rc = sanctum_store_create(&st, path, "admin", (const unsigned char *)PASS,
                                   strlen(PASS), &o)) != 0 ||
        (rc = sanctum_session_open(&s, st, "admin", (const unsigned char *)PASS,
                                   strlen(PASS))) != 0) {
        fprintf(stderr, "build: %s\n", sanctum_last_error());
        return 1;
    }
    t0 = now();
    for (size_t i = 0; i < n; i += build_batch) {
        size_t k = n - i < build_batch ? n - i : build_batch;
        for (size_t j = 0; j < k; j++) {
            person p;
            make_person(&p, i + j);
            if (sanctum_entity_new(&es[j], "Person") != 0)
                return 1;
            rc = sanctum_entity_add(es[j], "name", p.name[0], 0);
            for (int a = 1; a < NAMES && rc == 0; a++)
                rc = sanctum_entity_add(es[j], "alias", p.name[a], 0);
            if (rc == 0)
                rc = sanctum_entity_add(es[j], "birthDate", p.birth, 0);
            if (rc == 0)
                rc = sanctum_entity_add(es[j], "nationality", p.country, 0);
            if (rc == 0)
                rc = sanctum_entity_add(es[j], "passportNumber", p.passport, 0);
            if (rc != 0) {
                fprintf(stderr, "build: person %zu: %s\n", i + j, sanctum_last_error());
                return 1;
            }
        }
        if ((rc = sanctum_entity_create_batch(s, es, k, "bench load")) != 0) {
            fprintf(stderr, "build: %s\n", sanctum_last_error());
            return 1;
        }
        for (size_t j = 0; j < k; j++) {
            memcpy(ids[i + j], sanctum_entity_id(es[j]), SANCTUM_ID_MAX);
            sanctum_entity_free(es[j]);
        }
        if (i + k >= next_report) {
            next_report += 100000;
            fprintf(stderr, "  build: %zu persons, %.0f/s\n", i + k,
                    (double)(i + k) / (now() - t0));
        }
    }
    t1 = now();
    sanctum_session_close(s);
    sanctum_store_close(st);
    fd = open(idfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, ids, n * sizeof *ids) != (ssize_t)(n * sizeof *ids) || close(fd) != 0) {
        fprintf(stderr, "build: cannot write %s\n", idfile);
        return 1;
    }
    {
        char file[4200];
        struct stat sb;
        snprintf(file, sizeof file, "%s/data.mdb", path);
        stat(file, &sb);
        printf("build:   %zu persons (4 names each) in %.1f s: %.0f persons/s; store %.2f GiB "
               "(%.0f bytes/person); peak RSS %.0f MiB\n",
               n, t1 - t0, (double)n / (t1 - t0), (double)sb.st_blocks * 512 / (1 << 30),
               (double)sb.st_blocks * 512 / (double)n, (double)maxrss_kib() / 1024);
    }
    free(ids);
    free(es);
    return 0;
}

/* ------------------------------------------------------------ memory sampling */

/* Peak anonymous memory (heap, stacks) and peak mapped file pages, sampled
 * every 5 ms: the RSS high-water mark counts both, and LMDB maps the store. */
struct sampler {
    long anon, file;
    int stop;
};

static void *
sampler_main(void *arg)
{
    struct sampler *s = arg;

    while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) {
        long a = status_kib("RssAnon"), f = status_kib("RssFile");
        if (a > s->anon)
            s->anon = a;
        if (f > s->file)
            s->file = f;
        usleep(5000);
    }
    return NULL;
}

/* ------------------------------------------------------------ screening through the store */

/* Whether the store file's map carries the "uw" VmFlag (registered with a
 * userfaultfd for write-protect tracking): then the kernel maps one page
 * per fault in it, not ~16 (sanctum_store_set_resident_limit). */
static int
store_map_registered(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[4352];
    int in_store = 0, found = 0;

    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            in_store = strstr(line, "/data.mdb\n") != NULL;
        else if (in_store && strncmp(line, "VmFlags:", 8) == 0 && strstr(line, " uw") != NULL)
            found = 1;
    }
    fclose(f);
    return found;
}

typedef struct qset {
    char (*text)[200];
    size_t *who;
    size_t n;
} qset;

static void
make_queries(qset *q, size_t count, size_t n, uint64_t base)
{
    q->text = xcalloc(count, sizeof *q->text);
    q->who = xcalloc(count, sizeof *q->who);
    q->n = count;
    for (size_t i = 0; i < count; i++)
        make_query(q->text[i], sizeof q->text[i], &q->who[i], n, base + i);
}

struct figures {
    double p50, p95, p99, mean, recall;
};

static void
summarise(struct figures *f, double *lat, size_t n, size_t hits)
{
    double sum = 0;

    for (size_t i = 0; i < n; i++)
        sum += lat[i];
    f->mean = sum / (double)n;
    f->p50 = pct(lat, n, 0.50);
    f->p95 = pct(lat, n, 0.95);
    f->p99 = pct(lat, n, 0.99);
    f->recall = (double)hits / (double)n;
}

/* The disk's floor under an audited call: what LMDB does to commit a small
 * transaction (a few pages written, fdatasync, then the meta page written
 * through a descriptor opened O_DSYNC), n times, on a scratch file in dir. */
static int
sync_floor(const char *dir, size_t n, struct figures *f)
{
    char file[4200];
    unsigned char page[8 * 4096];
    double *lat = xcalloc(n, sizeof *lat);
    int fd, mfd;

    snprintf(file, sizeof file, "%s/sync-probe", dir);
    fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
    mfd = open(file, O_RDWR | O_DSYNC);
    if (fd < 0 || mfd < 0) {
        perror(file);
        return -1;
    }
    memset(page, 0x5a, sizeof page);
    for (size_t i = 0; i < n; i++) {
        double t0 = now();
        if (pwrite(fd, page, sizeof page, (off_t)(4096 + (i % 256) * sizeof page)) < 0 ||
            fdatasync(fd) != 0 || pwrite(mfd, page, 128, 0) != 128) {
            perror(file);
            return -1;
        }
        lat[i] = now() - t0;
    }
    close(fd);
    close(mfd);
    unlink(file);
    summarise(f, lat, n, 0);
    free(lat);
    return 0;
}

static int
screen_store(const char *path, const char *idfile, const char *resfile, size_t n, size_t nq,
             size_t nbatch, size_t resident_mib)
{
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    sanctum_session *s = NULL;
    char (*ids)[SANCTUM_ID_MAX] = xcalloc(n, sizeof *ids);
    double *lat = xcalloc(nq, sizeof *lat), t0, t1;
    struct figures single, search, ident, disk;
    qset q, b;
    size_t hits = 0;
    double batch1 = 0, batch2 = 0;
    struct sampler samp = { 0, 0, 0 };
    pthread_t samp_tid;
    FILE *f;
    int fd;

    fd = open(idfile, O_RDONLY);
    if (fd < 0 || read(fd, ids, n * sizeof *ids) != (ssize_t)(n * sizeof *ids)) {
        fprintf(stderr, "screen: cannot read %s\n", idfile);
        return 1;
    }
    close(fd);
    o.map_size = MAP_SIZE;
    if (sanctum_store_open(&st, path, &o) != 0 ||
        sanctum_session_open(&s, st, "admin", (const unsigned char *)PASS, strlen(PASS)) != 0) {
        fprintf(stderr, "screen: %s\n", sanctum_last_error());
        return 1;
    }
    if (resident_mib != 0) {
        if (sanctum_store_set_resident_limit(st, resident_mib << 20) != 0) {
            fprintf(stderr, "screen: %s\n", sanctum_last_error());
            return 1;
        }
        printf("screen:  the store's pages resident in the process limited to %zu MiB "
               "(sanctum_store_set_resident_limit); %s\n", resident_mib,
               store_map_registered() ? "one page per fault (the map is registered for "
                                        "write-protect tracking)"
                                      : "with the kernel's fault-around (the map could not be "
                                        "registered: kernel before 6.7, userfaultfd off, or a seccomp filter)");
    }
    {
        char file[4200];
        double size = 0, in;
        snprintf(file, sizeof file, "%s/data.mdb", path);
        if ((in = cached_mib(file, &size)) >= 0)
            printf("screen:  store file in the page cache at the start: %.0f of %.0f MiB%s\n",
                   in, size, in < 1024 ? " (cold: the first phase waits on the disk)" : "");
    }
    make_queries(&q, nq, n, 1000000);
    make_queries(&b, nbatch, n, 9000000);
    if (pthread_create(&samp_tid, NULL, sampler_main, &samp) != 0)
        return 1;

    /* 0. the disk alone, for scale */
    if (sync_floor(path, nq, &disk) != 0)
        return 1;
    printf("disk:    a small commit's two syncs alone (32 KiB + fdatasync, meta page O_DSYNC): "
           "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n", disk.p50 * 1e3, disk.p95 * 1e3,
           disk.p99 * 1e3);

    /* 1. one name per sanctum_screen() call: search, decrypt, score, audited commit */
    for (size_t i = 0; i < nq; i++) {
        sanctum_screen_query sq = { q.text[i], query_schema, NULL, NULL };
        sanctum_screen_options so = SANCTUM_SCREEN_OPTIONS_INIT;
        sanctum_screen_result *r = NULL;
        so.threads = 1;
        t0 = now();
        if (sanctum_screen(&r, s, &sq, 1, &so, "bench") != 0) {
            fprintf(stderr, "screen: %s\n", sanctum_last_error());
            return 1;
        }
        lat[i] = now() - t0;
        for (size_t k = 0; k < sanctum_screen_match_count(r, 0); k++)
            hits += strcmp(sanctum_screen_match_at(r, 0, k)->id, ids[q.who[i]]) == 0;
        sanctum_screen_result_free(r);
    }
    summarise(&single, lat, nq, hits);

    /* 2. the search alone (internal: no audit entry, no commit) */
    {
        sanctum__sctx ctx;
        sanctum__sworker *w = NULL;
        sanctum__ix_stats stats;
        MDB_txn *txn;

        memset(&ctx, 0, sizeof ctx);
        ctx.s = s;
        ctx.threshold = sanctum_screen_default_threshold();
        ctx.limit = 10;
        sanctum__store_read_begin(st, &txn);
        sanctum__ix_stats_get(txn, st, &stats);
        sanctum__store_read_end(st, txn);
        sanctum__ix_keys_new(&ctx.keys, s->kr, stats.keyver);
        for (int l = 1; l <= 3; l++)
            ctx.levels[l] = sanctum__ix_keys_level(ctx.keys, l);
        sanctum__ix_keys_prepare(ctx.keys);
        sanctum__sworker_new(&w, &ctx);
        hits = 0;
        for (size_t i = 0; i < nq; i++) {
            sanctum_screen_query qq = { q.text[i], query_schema, NULL, NULL };
            sanctum__sq sq;
            sanctum__smatch *m = NULL;
            size_t nm = 0;
            t0 = now();
            sanctum__store_read_begin(st, &txn);
            sanctum__sworker_begin(w, txn);
            sanctum__sq_check(&sq, &qq, 1);
            if (sanctum__screen_one(w, &sq, 1, &m, &nm, NULL, NULL) != 0) {
                fprintf(stderr, "search: %s\n", sanctum_last_error());
                return 1;
            }
            sanctum__sworker_end(w);
            sanctum__store_read_end(st, txn);
            lat[i] = now() - t0;
            for (size_t k = 0; k < nm; k++) {
                hits += strcmp(m[k].id, ids[q.who[i]]) == 0;
                sanctum__smatch_clear(&m[k]);
            }
            free(m);
        }
        summarise(&search, lat, nq, hits);
        sanctum__sworker_free(w);
        sanctum__ix_keys_free(ctx.keys);
    }

    /* 3. exact identifier lookups (audited) */
    hits = 0;
    for (size_t i = 0; i < nq; i++) {
        person p;
        char out[4][SANCTUM_ID_MAX];
        size_t found = 0, j = q.who[(i * 7) % nq];
        make_person(&p, j);
        t0 = now();
        if (sanctum_screen_identifier(out, 4, &found, s, "passportNumber", p.passport,
                                      "bench") != 0) {
            fprintf(stderr, "identifier: %s\n", sanctum_last_error());
            return 1;
        }
        lat[i] = now() - t0;
        hits += found == 1 && strcmp(out[0], ids[j]) == 0;
    }
    summarise(&ident, lat, nq, hits);

    /* 4. batches: one sanctum_screen() call, one audit entry */
    for (unsigned int th = 1; th <= 2; th++) {
        sanctum_screen_query *sq = xcalloc(b.n, sizeof *sq);
        sanctum_screen_options so = SANCTUM_SCREEN_OPTIONS_INIT;
        sanctum_screen_result *r = NULL;
        size_t nb = th == 1 ? b.n / 4 : b.n;
        for (size_t i = 0; i < nb; i++)
            sq[i] = (sanctum_screen_query){ b.text[i], query_schema, NULL, NULL };
        so.threads = th;
        t0 = now();
        if (sanctum_screen(&r, s, sq, nb, &so, "bench batch") != 0) {
            fprintf(stderr, "batch: %s\n", sanctum_last_error());
            return 1;
        }
        t1 = now();
        if (th == 1)
            batch1 = (double)nb / (t1 - t0);
        else
            batch2 = (double)nb / (t1 - t0);
        sanctum_screen_result_free(r);
        free(sq);
    }

    __atomic_store_n(&samp.stop, 1, __ATOMIC_RELAXED);
    pthread_join(samp_tid, NULL);
    printf("screen:  sanctum_screen() per name (incl. audited commit): p50 %.2f ms, p95 %.2f ms, "
           "p99 %.2f ms, mean %.2f ms; recall %.3f (%zu queries)\n",
           single.p50 * 1e3, single.p95 * 1e3, single.p99 * 1e3, single.mean * 1e3,
           single.recall, nq);
    printf("screen:  search alone (index, decrypt, score): p50 %.2f ms, p95 %.2f ms, "
           "p99 %.2f ms, mean %.2f ms; recall %.3f\n",
           search.p50 * 1e3, search.p95 * 1e3, search.p99 * 1e3, search.mean * 1e3,
           search.recall);
    printf("screen:  identifier lookup (audited): p50 %.3f ms, p95 %.3f ms; found %.3f\n",
           ident.p50 * 1e3, ident.p95 * 1e3, ident.recall);
    printf("screen:  batch of %zu names: %.0f names/s on 1 thread; %zu names: %.0f names/s on "
           "2 threads\n", b.n / 4, batch1, b.n, batch2);
    printf("screen:  peak RSS %.0f MiB (ru_maxrss); sampled peaks: anonymous memory %.0f MiB, "
           "store file pages mapped by LMDB %.0f MiB (page cache, shared, reclaimable)\n",
           (double)maxrss_kib() / 1024, (double)samp.anon / 1024, (double)samp.file / 1024);
    if (resident_mib != 0)
        printf("screen:  the store's pages were dropped from the process %llu times\n",
               (unsigned long long)sanctum_store_resident_trims(st));
    if ((f = fopen(resfile, "w")) != NULL) {
        fprintf(f, "%f %f %f %f %f\n", single.p50, single.p95, search.p50, search.p95, batch2);
        fclose(f);
    }
    sanctum_session_close(s);
    sanctum_store_close(st);
    free(ids);
    free(lat);
    return 0;
}

/* ------------------------------------------------------------ the same on plaintext */

/*
 * The plaintext side: every stored name normalised once, its lookup keys
 * hashed to 41 bits and kept with the name's number in one sorted array
 * (postings), its normalised form kept packed in memory (the store keeps it
 * sealed). A query runs the same steps as lib/screen_query.c: keys,
 * frequencies, sanctum__screen_select(), the candidate accumulator, the best
 * SANCTUM__SCREEN_CANDIDATES names unpacked and scored with the same token
 * frequencies; only the blind tokens, LMDB, decryption, the records and the
 * audit entry are missing.
 */
#define ID_BITS 23
#define ID_MASK ((1u << ID_BITS) - 1)

typedef struct pindex {
    uint64_t *key;      /* sorted distinct key hashes */
    uint32_t *start;    /* nkeys + 1 offsets into ids */
    uint32_t *ids;      /* name numbers, per key */
    size_t nkeys;
    unsigned char *arena; /* the names' packed normalised forms */
    uint64_t *name_off; /* per name number, and one past the last */
    uint64_t total;     /* names */
} pindex;

static pindex PX;

static uint64_t
key_hash(unsigned int kind, const char *key, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ kind;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
    return mix(h) >> ID_BITS; /* 41 bits: a few of ~10^8 keys may share one */
}

struct pbuild {
    uint64_t *v;
    size_t n, cap;
    uint32_t id;
    const sanctum__name *nm;
    uint64_t seen;
};

static void
pb_push(struct pbuild *b, uint64_t h)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : (1u << 20);
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = (h << ID_BITS) | b->id;
}

static int
pb_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int tok,
       unsigned int span)
{
    struct pbuild *b = arg;

    (void)tok;
    (void)span;
    if (kind == SANCTUM__KEY_WORD)
        for (size_t i = 0; i < b->nm->ntok && i < 64; i++)
            if (b->nm->tok[i].len == len && memcmp(SANCTUM__TOK_STR(b->nm, i), key, len) == 0)
                b->seen |= (uint64_t)1 << i;
    pb_push(b, key_hash((unsigned int)kind, key, len));
    return 0;
}

static void
radix_sort(uint64_t *a, size_t n)
{
    uint64_t *tmp = xcalloc(n, sizeof *tmp), *src = a, *dst = tmp;

    for (int shift = 0; shift < 64; shift += 16) {
        size_t *cnt = xcalloc(65536, sizeof *cnt), sum = 0;
        for (size_t i = 0; i < n; i++)
            cnt[(src[i] >> shift) & 0xffff]++;
        for (size_t i = 0; i < 65536; i++) {
            size_t c = cnt[i];
            cnt[i] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> shift) & 0xffff]++] = src[i];
        free(cnt);
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    free(tmp);
}

static void
plain_build(size_t n)
{
    sanctum__normalizer *norm = NULL;
    sanctum__name *nm = xcalloc(1, sizeof *nm);
    struct pbuild b;
    size_t arena_cap = 1 << 24, arena_len = 0, nk = 0;

    memset(&b, 0, sizeof b);
    b.nm = nm;
    if (sanctum__normalizer_new(&norm) != 0)
        exit(2);
    PX.total = (uint64_t)n * NAMES;
    PX.name_off = xcalloc(PX.total + 1, sizeof *PX.name_off);
    PX.arena = xcalloc(1, arena_cap);
    for (size_t j = 0; j < n; j++) {
        person p;
        make_person(&p, j);
        for (int k = 0; k < NAMES; k++) {
            size_t l = strlen(p.name[k]), pl;
            b.id = (uint32_t)(j * NAMES + (size_t)k);
            PX.name_off[b.id] = arena_len;
            PX.name_off[b.id + 1] = arena_len;
            if (sanctum__normalize_name(norm, nm, p.name[k], l, SANCTUM__NAME_PERSON) != 0)
                continue;
            /* kept normalised, as the store keeps them (sealed) */
            if (arena_len + 16384 > arena_cap) {
                arena_cap *= 2;
                PX.arena = xrealloc(PX.arena, arena_cap);
            }
            pl = sanctum__ix_name_pack(PX.arena + arena_len, 16384, nm);
            arena_len += pl;
            PX.name_off[b.id + 1] = arena_len;
            b.seen = 0;
            sanctum__match_keys(nm, pb_key, &b);
            for (size_t i = 0; i < nm->ntok; i++)
                if (!(i < 64 && (b.seen >> i) & 1))
                    pb_push(&b, key_hash(0x10, SANCTUM__TOK_STR(nm, i), nm->tok[i].len));
        }
    }
    radix_sort(b.v, b.n);
    /* distinct keys, then their name numbers (a DF key of a repeated word
     * may appear twice for one name: kept once) */
    for (size_t i = 0; i < b.n; i++)
        if (i == 0 || (b.v[i] >> ID_BITS) != (b.v[i - 1] >> ID_BITS))
            nk++;
    PX.key = xcalloc(nk, sizeof *PX.key);
    PX.start = xcalloc(nk + 1, sizeof *PX.start);
    PX.ids = xcalloc(b.n, sizeof *PX.ids);
    {
        size_t o = 0, k = 0;
        for (size_t i = 0; i < b.n; i++) {
            if (i > 0 && b.v[i] == b.v[i - 1])
                continue;
            if (i == 0 || (b.v[i] >> ID_BITS) != (b.v[i - 1] >> ID_BITS)) {
                PX.key[k] = b.v[i] >> ID_BITS;
                PX.start[k++] = (uint32_t)o;
            }
            PX.ids[o++] = (uint32_t)(b.v[i] & ID_MASK);
        }
        PX.start[k] = (uint32_t)o;
    }
    PX.nkeys = nk;
    free(b.v);
    sanctum__name_clear(nm);
    free(nm);
    sanctum__normalizer_free(norm);
}

static size_t
pfind(uint64_t h, const uint32_t **ids)
{
    size_t lo = 0, hi = PX.nkeys;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (PX.key[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < PX.nkeys && PX.key[lo] == h) {
        *ids = PX.ids + PX.start[lo];
        return PX.start[lo + 1] - PX.start[lo];
    }
    *ids = NULL;
    return 0;
}

#define PKEYS_MAX 2048

/* One thread's plaintext screening state. */
typedef struct pworker {
    sanctum__normalizer *norm;
    sanctum__sacc *cs;
    sanctum__name *qn, *sn;
    sanctum__skey sel[PKEYS_MAX];
    struct sanctum__korder order[PKEYS_MAX];
    uint64_t hash[PKEYS_MAX];
    size_t nkeys;
    uint64_t *uset, *buf;
    size_t ucap, nbuf, capbuf;
} pworker;

static int
pw_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int tok,
       unsigned int span)
{
    pworker *w = arg;
    const uint32_t *ids;

    if (w->nkeys == PKEYS_MAX)
        return 0;
    w->hash[w->nkeys] = key_hash((unsigned int)kind, key, len);
    w->sel[w->nkeys].df = pfind(w->hash[w->nkeys], &ids);
    w->sel[w->nkeys].w =
        sanctum__key_weight(kind, w->sel[w->nkeys].df, PX.total) * sanctum__span_factor(span);
    w->sel[w->nkeys].token = tok;
    w->nkeys++;
    return 0;
}

static uint64_t
p_df(void *arg, const char *tok, size_t len)
{
    const uint32_t *ids;
    size_t n = pfind(key_hash(SANCTUM__KEY_WORD, tok, len), &ids);

    (void)arg;
    return n ? n : pfind(key_hash(0x10, tok, len), &ids);
}

static size_t
uslot(uint64_t v, size_t mask)
{
    v ^= v >> 31;
    v *= 0x9e3779b97f4a7c15ull;
    return (size_t)(v >> 20) & mask;
}

static int
cmp_u64p(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Screen one query; *hit is set when person `who` is among its matches. */
/* An entity of the plaintext side at or above the threshold. */
struct pm {
    double s;
    size_t pn;
};

/* Score the persons of candidates cand[from, to) as sanctum_screen does
 * (sorted, grouped by person); a person met in an earlier slice keeps the
 * better score. */
static void
p_score_slice(pworker *w, uint64_t *cand, size_t from, size_t to,
              const sanctum__match_context *ctx, struct pm *m, size_t *nm)
{
    size_t before = *nm;

    qsort(cand + from, to - from, sizeof *cand, cmp_u64p);
    for (size_t i = from; i < to;) {
        size_t pn = cand[i] / NAMES, ns = 0, j;
        double scores[NAMES];
        sanctum__entity_match em;

        for (; i < to && cand[i] / NAMES == pn; i++) {
            uint64_t off = PX.name_off[cand[i]], end = PX.name_off[cand[i] + 1];
            if (end == off || sanctum__ix_name_unpack(w->sn, PX.arena + off, end - off) != 0)
                continue;
            scores[ns++] = sanctum__match_score(w->qn, w->sn, ctx, NULL);
        }
        em = sanctum__match_entity(scores, NULL, ns, SANCTUM__MATCH_THRESHOLD);
        if (!em.is_match)
            continue;
        for (j = 0; j < before && m[j].pn != pn; j++)
            ;
        if (j < before) {
            if (em.score > m[j].s)
                m[j].s = em.score;
        } else {
            m[*nm].s = em.score;
            m[(*nm)++].pn = pn;
        }
    }
}

static void
p_screen(pworker *w, const char *q, size_t who, int *hit)
{
    uint64_t cand[SANCTUM__SCREEN_CANDIDATES_MAX];
    size_t nc, gen_total = 0, left;
    int at_best, coarse = 0;
    sanctum__match_context ctx;

    *hit = 0;
    if (sanctum__normalize_name(w->norm, w->qn, q, strlen(q), SANCTUM__NAME_PERSON) != 0)
        return;
    w->nkeys = 0;
    sanctum__match_keys(w->qn, pw_key, w);
    sanctum__screen_select(w->sel, w->nkeys, w->order);
    for (size_t i = 0; i < w->nkeys; i++)
        if (w->sel[i].mode == 1)
            gen_total += w->sel[i].df;
    {
        size_t cap = 1024;
        while (cap < gen_total * 2)
            cap *= 2;
        if (cap > w->ucap) {
            free(w->uset);
            w->uset = xcalloc(cap, sizeof *w->uset);
            w->ucap = cap;
        }
        memset(w->uset, 0, w->ucap * sizeof *w->uset);
    }
    for (size_t i = 0; i < w->nkeys; i++) {
        const uint32_t *ids;
        size_t n;
        if (w->sel[i].mode != 1)
            continue;
        n = pfind(w->hash[i], &ids);
        for (size_t k = 0; k < n; k++) {
            uint64_t v = (uint64_t)ids[k] + 1;
            size_t s = uslot(v, w->ucap - 1);
            while (w->uset[s] != 0 && w->uset[s] != v)
                s = (s + 1) & (w->ucap - 1);
            w->uset[s] = v;
        }
    }
    sanctum__sacc_reset(w->cs);
    for (size_t i = 0; i < w->nkeys; i++) {
        const uint32_t *ids;
        size_t n = pfind(w->hash[i], &ids);
        if (w->sel[i].mode == 0)
            continue;
        w->nbuf = 0;
        if (w->nbuf + n > w->capbuf) {
            w->capbuf = (w->nbuf + n) * 2;
            w->buf = xrealloc(w->buf, w->capbuf * sizeof *w->buf);
        }
        for (size_t k = 0; k < n; k++) {
            uint64_t v = (uint64_t)ids[k] + 1;
            if (w->sel[i].mode == 2) {
                size_t s = uslot(v, w->ucap - 1);
                while (w->uset[s] != 0 && w->uset[s] != v)
                    s = (s + 1) & (w->ucap - 1);
                if (w->uset[s] != v)
                    continue;
            }
            w->buf[w->nbuf++] = ids[k];
        }
        sanctum__sacc_add(w->cs, w->sel[i].token, w->sel[i].w, w->buf, w->nbuf);
    }
    /* the same cut as sanctum_screen: the best 32, and the rest of the tie
     * the cut falls in: at the best rank while fewer than 10 perfect
     * matches are found, below it for a query of coarse keys that found
     * nothing */
    for (size_t k = 0; k < w->qn->ntok; k++)
        coarse |= (w->qn->tok[k].flags & (SANCTUM__TOK_LOSSY | SANCTUM__TOK_NOVOWEL)) != 0;
    nc = sanctum__sacc_best(w->cs, cand, SANCTUM__SCREEN_CANDIDATES,
                            SANCTUM__SCREEN_CANDIDATES_MAX, NULL, &left, &at_best, coarse);
    memset(&ctx, 0, sizeof ctx);
    ctx.token_df = p_df;
    ctx.total_names = PX.total;
    {
        /* entities at or above the threshold, ranked as sanctum_screen ranks
         * them, cut at its default limit (10) */
        static _Thread_local struct pm m[SANCTUM__SCREEN_CANDIDATES_MAX];
        size_t nm = 0, first = nc < SANCTUM__SCREEN_CANDIDATES ? nc : SANCTUM__SCREEN_CANDIDATES;
        size_t perfect = 0;

        p_score_slice(w, cand, 0, first, &ctx, m, &nm);
        for (size_t k = 0; k < nm; k++)
            perfect += m[k].s >= 1.0;
        if (nc > first && (at_best ? perfect < 10 : nm == 0 && coarse))
            p_score_slice(w, cand, first, nc, &ctx, m, &nm);
        for (size_t k = 0; k < nm; k++) {
            size_t better = 0;
            for (size_t j = 0; j < nm; j++)
                better += m[j].s > m[k].s || (m[j].s == m[k].s && m[j].pn < m[k].pn);
            if (m[k].pn == who && better < 10)
                *hit = 1;
        }
    }
}

static void
pw_init(pworker *w)
{
    memset(w, 0, sizeof *w);
    w->qn = xcalloc(1, sizeof *w->qn);
    w->sn = xcalloc(1, sizeof *w->sn);
    if (sanctum__normalizer_new(&w->norm) != 0 || sanctum__sacc_new(&w->cs) != 0)
        exit(2);
}

static void
pw_free(pworker *w)
{
    sanctum__normalizer_free(w->norm);
    sanctum__sacc_free(w->cs);
    free(w->qn);
    free(w->sn);
    free(w->uset);
    free(w->buf);
}

struct pbatch {
    qset *q;
    size_t next;
};

static void *
p_thread(void *arg)
{
    struct pbatch *b = arg;
    pworker w;
    int hit;

    pw_init(&w);
    for (;;) {
        size_t i = __atomic_fetch_add(&b->next, 1, __ATOMIC_RELAXED);
        if (i >= b->q->n)
            break;
        p_screen(&w, b->q->text[i], b->q->who[i], &hit);
    }
    pw_free(&w);
    return NULL;
}

static int
plain_main(size_t n, size_t nq, size_t nbatch, const char *resfile, int ready, int go)
{
    double t0 = now(), t1, *lat = xcalloc(nq, sizeof *lat), tput, built;
    struct figures fig;
    size_t hits = 0;
    qset q, b;
    pworker w;
    char c;
    FILE *f;

    plain_build(n);
    t1 = now();
    built = t1 - t0;
    fprintf(stderr, "  plain: %zu names, %zu distinct keys, %zu postings in %.1f s\n",
            (size_t)PX.total, PX.nkeys, (size_t)PX.start[PX.nkeys], built);
    make_queries(&q, nq, n, 1000000);
    make_queries(&b, nbatch, n, 9000000);
    if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
        return 1;
    pw_init(&w);
    for (size_t i = 0; i < nq; i++) {
        int hit;
        t0 = now();
        p_screen(&w, q.text[i], q.who[i], &hit);
        lat[i] = now() - t0;
        hits += (size_t)hit;
    }
    pw_free(&w);
    summarise(&fig, lat, nq, hits);
    {
        struct pbatch pb = { &b, 0 };
        pthread_t tid;
        t0 = now();
        pthread_create(&tid, NULL, p_thread, &pb);
        p_thread(&pb);
        pthread_join(tid, NULL);
        tput = (double)b.n / (now() - t0);
    }
    printf("plain:   same search on plaintext in memory: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, "
           "mean %.2f ms; recall %.3f; batch %.0f names/s on 2 threads; index built in %.1f s; "
           "peak RSS %.0f MiB\n",
           fig.p50 * 1e3, fig.p95 * 1e3, fig.p99 * 1e3, fig.mean * 1e3, fig.recall, tput,
           built, (double)maxrss_kib() / 1024);
    if ((f = fopen(resfile, "w")) != NULL) {
        fprintf(f, "%f %f %f %f %f\n", fig.p50, fig.p95, fig.p50, fig.p95, tput);
        fclose(f);
    }
    free(lat);
    return 0;
}

/* ------------------------------------------------------------ main */

static int
run_child(int (*fn)(void *), void *arg)
{
    pid_t pid;
    int status;

    fflush(stdout);
    if ((pid = fork()) == 0) {
        int rc = fn(arg);
        fflush(stdout);
        _exit(rc);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return 1;
    return WEXITSTATUS(status);
}

struct args {
    size_t n, nq, nbatch, memcap_mib, resident_mib;
    char store[4096], ids[4096], enc[4096], plain[4096];
};

static int
child_build(void *a)
{
    struct args *x = a;

    return build_store(x->store, x->ids, x->n);
}

static int
child_screen(void *a)
{
    struct args *x = a;
    char why[1300], file[4200];
    int rc;

    if (x->memcap_mib == 0)
        return screen_store(x->store, x->ids, x->enc, x->n, x->nq, x->nbatch, x->resident_mib);
    /* start cold, so that every store page screening reads is charged to
     * the capped cgroup, not to the build that wrote it */
    snprintf(file, sizeof file, "%s/data.mdb", x->store);
    if (memcap_drop_cache(file) != 0 || memcap_enter(x->memcap_mib, why, sizeof why) != 0) {
        printf("screen:  memory limit of %zu MiB not applied: %s\n", x->memcap_mib,
               x->memcap_mib && why[0] ? why : "cannot drop the store's page cache");
        return 1;
    }
    printf("screen:  under a memory limit of %zu MiB (own memory cgroup; the store's page "
           "cache counts, and starts cold)\n", x->memcap_mib);
    rc = screen_store(x->store, x->ids, x->enc, x->n, x->nq, x->nbatch, x->resident_mib);
    printf("screen:  peak memory charged (private memory + page cache): %.0f MiB of %zu MiB\n",
           (double)memcap_peak_kib() / 1024, x->memcap_mib);
    memcap_leave();
    return rc;
}

int
main(int argc, char **argv)
{
    struct args a;
    const char *base = "/tmp";
    char dir[2048];
    int keep = 0, plain = 1, go[2], ready[2], rc;
    const char *reuse = NULL;
    pid_t ppid = -1;

    memset(&a, 0, sizeof a);
    a.n = 100000;
    a.nq = 2000;
    a.nbatch = 20000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            base = argv[++i];
        else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
            a.nq = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc)
            a.nbatch = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--keep") == 0)
            keep = 1;
        else if (strcmp(argv[i], "--no-plain") == 0)
            plain = 0;
        else if (strcmp(argv[i], "--no-schema") == 0)
            query_schema = NULL;
        else if (strcmp(argv[i], "--memory-limit") == 0 && i + 1 < argc) {
            a.memcap_mib = strtoull(argv[++i], NULL, 10);
            if (a.memcap_mib < 64) {
                fprintf(stderr, "screen_bench: --memory-limit takes MiB, 64 or more\n");
                return 2;
            }
        }
        else if (strcmp(argv[i], "--resident-limit") == 0 && i + 1 < argc) {
            a.resident_mib = strtoull(argv[++i], NULL, 10);
            if (a.resident_mib < 1) {
                fprintf(stderr, "screen_bench: --resident-limit takes MiB, 1 or more\n");
                return 2;
            }
        }
        else if (strcmp(argv[i], "--reuse") == 0 && i + 1 < argc)
            reuse = argv[++i];
        else if (strcmp(argv[i], "--build-batch") == 0 && i + 1 < argc) {
            build_batch = strtoull(argv[++i], NULL, 10);
            if (build_batch < 1 || build_batch > SANCTUM_BATCH_MAX) {
                fprintf(stderr, "screen_bench: --build-batch takes 1 to %d\n", SANCTUM_BATCH_MAX);
                return 2;
            }
        }
        else if (argv[i][0] != '-')
            a.n = strtoull(argv[i], NULL, 10);
        else {
            fprintf(stderr, "usage: screen_bench [N] [--dir DIR] [--queries Q] [--batch B] "
                            "[--keep] [--no-plain] [--reuse WORKDIR] [--memory-limit MIB] "
                            "[--resident-limit MIB] [--build-batch K] [--no-schema]\n");
            return 2;
        }
    }
    if (a.n < 1000 || a.nq < 10 || a.nbatch < 100) {
        fprintf(stderr, "screen_bench: N >= 1000, Q >= 10, B >= 100\n");
        return 2;
    }
    if (sodium_init() < 0)
        return 2;
    load_parts("yente-negatives_global.csv");
    load_parts("yente-negatives_us.csv");
    snprintf(dir, sizeof dir, "%s/screen-bench-XXXXXX", base);
    if (reuse != NULL) {
        snprintf(dir, sizeof dir, "%s", reuse);
        keep = 1;
    } else if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(a.store, sizeof a.store, "%s/store", dir);
    snprintf(a.ids, sizeof a.ids, "%s/ids", dir);
    snprintf(a.enc, sizeof a.enc, "%s/enc.txt", dir);
    snprintf(a.plain, sizeof a.plain, "%s/plain.txt", dir);
    printf("screen_bench: %zu persons from %zu name pools, %zu single queries, batch of %zu\n",
           a.n, npools, a.nq, a.nbatch);

    /* the plaintext index is built on the other core while the store is built */
    if (plain && (pipe(go) != 0 || pipe(ready) != 0))
        return 2;
    fflush(stdout);
    if (plain && (ppid = fork()) == 0) {
        close(go[1]);
        close(ready[0]);
        rc = plain_main(a.n, a.nq, a.nbatch, a.plain, ready[1], go[0]);
        fflush(stdout);
        _exit(rc);
    }
    if (reuse == NULL && (rc = run_child(child_build, &a)) != 0) {
        fprintf(stderr, "screen_bench: the build failed\n");
        goto done;
    }
    if (plain) {
        char c;
        close(ready[1]);
        if (read(ready[0], &c, 1) != 1)
            plain = 0; /* the plaintext side failed; go on without it */
    }
    if ((rc = run_child(child_screen, &a)) != 0)
        fprintf(stderr, "screen_bench: screening failed%s\n",
                a.memcap_mib ? " (killed by the memory limit?)" : "");
    if (a.memcap_mib)
        memcap_cleanup();
    if (plain) {
        int st;
        close(go[0]);
        if (write(go[1], "g", 1) != 1)
            plain = 0;
        close(go[1]);
        waitpid(ppid, &st, 0);
        ppid = -1;
    }
    if (plain && rc == 0) {
        double e[5], p[5];
        FILE *fe = fopen(a.enc, "r"), *fp = fopen(a.plain, "r");
        if (fe && fp && fscanf(fe, "%lf %lf %lf %lf %lf", &e[0], &e[1], &e[2], &e[3], &e[4]) == 5 &&
            fscanf(fp, "%lf %lf %lf %lf %lf", &p[0], &p[1], &p[2], &p[3], &p[4]) == 5)
            printf("ratio:   encrypted store / plaintext memory: search p50 x%.1f, p95 x%.1f; "
                   "per-call p50 (with audit) x%.1f; batch throughput x%.2f\n",
                   e[2] / p[2], e[3] / p[3], e[0] / p[2], p[4] / e[4]);
        if (fe)
            fclose(fe);
        if (fp)
            fclose(fp);
    }
done:
    if (ppid > 0) {
        kill(ppid, SIGTERM);
        waitpid(ppid, NULL, 0);
    }
    if (!keep) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "screen_bench: could not remove %s\n", dir);
    } else {
        printf("kept %s\n", dir);
    }
    return rc;
}

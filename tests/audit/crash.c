/* SPDX-License-Identifier: Apache-2.0 */
/* crash.c - a writer killed at random points: the store always verifies, nothing acknowledged is lost. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fixture.h"
#include "testutil.h"

#include "store.h"

/* Total time spent killing writers, and a cap on rounds. */
#define BUDGET_MS 20000
#define MAX_ROUNDS 400

/* Every id a writer reported after the API returned SANCTUM_OK. */
struct acked {
    char (*ids)[SANCTUM_ID_MAX];
    size_t n, cap;
};

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
acked_add(struct acked *a, const char *id, size_t len)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->ids = realloc(a->ids, a->cap * sizeof *a->ids);
        assert_non_null(a->ids);
    }
    assert_true(len > 0 && len < SANCTUM_ID_MAX);
    memcpy(a->ids[a->n], id, len);
    a->ids[a->n][len] = '\0';
    a->n++;
}

/* Write all of buf to fd (a pipe); _exit on failure (we are the child). */
static void
put_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t k = write(fd, buf, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            _exit(4);
        buf += k;
        len -= (size_t)k;
    }
}

/*
 * The writer (child): open the store as the admin, say "R", then create
 * tiny entities (now and then changing or reading one) until killed,
 * writing each created id after the API acknowledged it. Never returns.
 */
static void
writer(const char *path, int fd, unsigned int seed)
{
    sanctum_store *st = NULL;
    sanctum_session *s = NULL;
    char last[SANCTUM_ID_MAX] = "", line[64];
    unsigned long n = 0;

    if (sanctum_store_open(&st, path, NULL) != SANCTUM_OK ||
        sanctum_session_open(&s, st, "admin", TU_PASS("admin")) != SANCTUM_OK) {
        snprintf(line, sizeof line, "E open %d\n", sanctum_last_error_code());
        put_all(fd, line, strlen(line));
        _exit(3);
    }
    put_all(fd, "R\n", 2);
    srand(seed);
    for (;;) {
        sanctum_entity *e = NULL;
        char name[64];
        int rc, op = rand() % 8;

        if (op == 0 && last[0] != '\0') {
            rc = sanctum_entity_get(&e, s, last, "crash test read");
            if (rc == SANCTUM_OK) {
                snprintf(name, sizeof name, "Alias %lu", n++);
                rc = sanctum_entity_add(e, "alias", name, SANCTUM_LEVEL_NONE);
                if (rc == SANCTUM_OK)
                    rc = sanctum_entity_update(s, e, "crash test change");
            }
        } else {
            snprintf(name, sizeof name, "Crash Person %lu", n++);
            rc = sanctum_entity_new(&e, "Person");
            if (rc == SANCTUM_OK)
                rc = sanctum_entity_add(e, "name", name, SANCTUM_LEVEL_NONE);
            if (rc == SANCTUM_OK)
                rc = sanctum_entity_create(s, e, "crash test");
            if (rc == SANCTUM_OK) {
                snprintf(last, sizeof last, "%s", sanctum_entity_id(e));
                snprintf(line, sizeof line, "%s\n", last);
                put_all(fd, line, strlen(line));
            }
        }
        sanctum_entity_free(e);
        if (rc != SANCTUM_OK) {
            snprintf(line, sizeof line, "E write %d\n", rc);
            put_all(fd, line, strlen(line));
            _exit(3);
        }
    }
}

/* Read what the child wrote until EOF, into acked; returns 1 if it said "R". */
static int
drain(int fd, struct acked *a, char *carry, size_t *carry_len)
{
    char buf[4096];
    int ready = 0;
    ssize_t k;

    while ((k = read(fd, buf, sizeof buf)) != 0) {
        if (k < 0) {
            assert_int_equal(errno, EINTR);
            continue;
        }
        for (ssize_t i = 0; i < k; i++) {
            if (buf[i] != '\n') {
                assert_true(*carry_len < 63);
                carry[(*carry_len)++] = buf[i];
                continue;
            }
            if (*carry_len == 1 && carry[0] == 'R')
                ready = 1;
            else if (*carry_len > 0 && carry[0] == 'E')
                fail_msg("the writer failed: %.*s", (int)*carry_len, carry);
            else
                acked_add(a, carry, *carry_len);
            *carry_len = 0;
        }
    }
    return ready;
}

/* Wait until the child says "R" (or exits); returns 1 if ready. */
static int
wait_ready(int fd, struct acked *a, char *carry, size_t *carry_len)
{
    char c;

    for (;;) {
        ssize_t k = read(fd, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        if (c == '\n') {
            if (*carry_len == 1 && carry[0] == 'R') {
                *carry_len = 0;
                return 1;
            }
            if (*carry_len > 0 && carry[0] == 'E')
                fail_msg("the writer failed: %.*s", (int)*carry_len, carry);
            *carry_len = 0;
            continue;
        }
        assert_true(*carry_len < 63);
        carry[(*carry_len)++] = c;
    }
}

/* After a kill: the store opens, verifies sound, and holds every acked id
 * (from `from` on; all of them when from is 0). */
static void
check_store(const char *path, const char *trust, size_t trust_len, const struct acked *a,
            size_t from, uint64_t *entries)
{
    sanctum_verify_options o = SANCTUM_VERIFY_OPTIONS_INIT;
    sanctum_verify_report r;
    sanctum_store *st = NULL;
    MDB_txn *txn;
    MDB_val v;
    int rc;

    memset(&r, 0, sizeof r);
    rc = sanctum_audit_verify(&r, path, trust, trust_len, &o);
    if (rc != SANCTUM_OK)
        fail_msg("after a kill: verify %s (%s): at %lld: %s (expected %s, found %s)",
                 sanctum_strerror(rc), sanctum_last_error(), (long long)r.bad_index, r.what,
                 r.expected, r.found);
    *entries = r.entries;
    assert_int_equal(sanctum_store_open(&st, path, NULL), SANCTUM_OK);
    assert_int_equal(sanctum__store_read_begin(st, &txn), SANCTUM_OK);
    for (size_t i = from; i < a->n; i++) {
        rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, a->ids[i], strlen(a->ids[i]), &v);
        if (rc != SANCTUM_OK)
            fail_msg("acknowledged entity %s (write %zu) is missing after a kill",
                     a->ids[i], i);
    }
    sanctum__store_read_end(st, txn);
    sanctum_store_close(st);
}

static void
test_crash__killed_writer_loses_nothing_acknowledged(void **state)
{
    sanctum_store_options so = SANCTUM_STORE_OPTIONS_INIT;
    struct acked a = { NULL, 0, 0 };
    sanctum_store *st = NULL;
    char *dir = tu_tmpdir("audit-crash"), path[4096], *trust = NULL, carry[64];
    size_t trust_len = 0, carry_len, checked = 0;
    unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
    int64_t start = now_ms();
    uint64_t entries = 0, last_entries = 0;
    int rounds = 0, killed_busy = 0;

    fprintf(stderr, "crash test seed %u\n", seed);
    srand(seed);
    snprintf(path, sizeof path, "%s/store", dir);
    so.kdf = SANCTUM_KDF_INTERACTIVE;
    assert_int_equal(sanctum_store_create(&st, path, "admin", TU_PASS("admin"), &so),
                     SANCTUM_OK);
    assert_int_equal(sanctum_trust_export(&trust, &trust_len, st), SANCTUM_OK);
    sanctum_store_close(st);   /* no handle may cross fork() */

    while (rounds < MAX_ROUNDS && now_ms() - start < BUDGET_MS) {
        int fds[2], status, ready;
        unsigned int delay_us;
        pid_t pid;

        assert_int_equal(pipe(fds), 0);
        fflush(stderr);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            writer(path, fds[1], seed + (unsigned int)rounds);
        }
        close(fds[1]);
        carry_len = 0;
        /* Most rounds kill in the middle of writes; every fifth kills at
         * any point, the unlock and the first transaction included. */
        if (rounds % 5 == 4) {
            ready = 1;
            delay_us = (unsigned int)(rand() % 400000);
        } else {
            ready = wait_ready(fds[0], &a, carry, &carry_len);
            delay_us = (unsigned int)(rand() % 120000);
        }
        assert_true(ready);
        usleep(delay_us);
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0)
            assert_int_equal(errno, EINTR);
        drain(fds[0], &a, carry, &carry_len);   /* reports a writer's own failure */
        close(fds[0]);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

        check_store(path, trust, trust_len, &a, checked, &entries);
        assert_true(entries >= last_entries);   /* the trail never shrinks */
        killed_busy += entries > last_entries;
        last_entries = entries;
        checked = a.n;
        rounds++;
    }
    /* Finally every acknowledged write of every round, once more. */
    check_store(path, trust, trust_len, &a, 0, &entries);
    fprintf(stderr, "crash test: %d rounds, %zu acknowledged creates, %llu entries, "
            "%d rounds killed after progress\n", rounds, a.n, (unsigned long long)entries,
            killed_busy);
    assert_true(rounds >= 10);
    assert_true(a.n > 0);
    assert_true(killed_busy > 0);
    free(a.ids);
    sanctum_free(trust);
    tu_rmtree(dir);
    free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash__killed_writer_loses_nothing_acknowledged),
    };

    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}

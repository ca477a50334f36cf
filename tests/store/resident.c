/* SPDX-License-Identifier: Apache-2.0 */
/* resident.c - a limit on the store's pages resident in the process drops them, and nothing else changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#endif

#include <sanctum/screen.h>

#include "fixture.h"
#include "testutil.h"

#define PERSONS 3000
#define QUERIES 400

static const char *first[] = { "Amir", "Olena", "Jose", "Mariam", "Tomasz", "Aylin", "Viktor",
                               "Fatima", "Nikolai", "Ines", "Hamid", "Sofia", "Dmitri", "Leila" };
static const char *last[] = { "Karimov", "Petrenko", "Alvarez", "Haddad", "Nowak", "Demir",
                              "Sokolov", "Rahimi", "Ivanova", "Moreau", "Bakr", "Lindqvist",
                              "Okafor", "Tanaka", "Herrera", "Mansour", "Kowalczyk" };

static void
person_name(char *out, size_t cap, size_t i)
{
    snprintf(out, cap, "%s %s %s%zu", first[i % 14], last[(i / 14) % 17], last[(i / 7) % 17],
             i);
}

/* Kilobytes of the store file (data.mdb) mapped in this process and
 * resident, from /proc/self/smaps. */
static long
store_rss_kib(void)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[4096];
    int in_store = 0;
    long kib = 0, v;

    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) /* a mapping's first line */
            in_store = strstr(line, "/data.mdb\n") != NULL;
        else if (in_store && sscanf(line, "Rss: %ld kB", &v) == 1)
            kib += v;
    }
    fclose(f);
    return kib;
}

/* Whether the store file's map carries VmFlags `flag` in /proc/self/smaps. */
static int
store_map_flag(const char *flag)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[4096], want[8];
    int in_store = 0, found = 0;

    assert_non_null(f);
    snprintf(want, sizeof want, " %s", flag);
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            in_store = strstr(line, "/data.mdb\n") != NULL;
        else if (in_store && strncmp(line, "VmFlags:", 8) == 0 && strstr(line, want) != NULL)
            found = 1;
    }
    fclose(f);
    return found;
}

/* Whether this kernel lets an unprivileged process register a file map
 * for asynchronous write-protect tracking (Linux 6.7 and later, unless
 * userfaultfd is off) and the process runs under no seccomp filter (the
 * library does not try it under one): then the library's limit makes the
 * kernel map one page per fault. */
static int
kernel_has_wp_async(void)
{
#if defined(__linux__) && defined(SYS_userfaultfd)
    struct uffdio_api api = { .api = UFFD_API, .features = 1u << 15 /* WP_ASYNC */ };
    char line[256];
    int fd, ok, mode = -1;
    FILE *f = fopen("/proc/self/status", "r");

    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "Seccomp: %d", &mode) == 1)
            break;
    fclose(f);
    if (mode != 0)
        return 0;
    fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */);
    if (fd < 0)
        return 0;
    ok = ioctl(fd, UFFDIO_API, &api) == 0 && (api.features & (1u << 15));
    close(fd);
    return ok;
#else
    return 0;
#endif
}

/* Screen QUERIES stored names on two threads; each must find its person. */
static void
screen_all(sanctum_session *s, const char *purpose)
{
    sanctum_screen_query *q = calloc(QUERIES, sizeof *q);
    char (*names)[96] = calloc(QUERIES, sizeof *names);
    sanctum_screen_options so = SANCTUM_SCREEN_OPTIONS_INIT;
    sanctum_screen_result *r = NULL;

    assert_non_null(q);
    assert_non_null(names);
    for (size_t i = 0; i < QUERIES; i++) {
        person_name(names[i], sizeof names[i], (i * 7) % PERSONS);
        q[i] = (sanctum_screen_query){ names[i], "Person", NULL, NULL };
    }
    so.threads = 2;
    assert_int_equal(sanctum_screen(&r, s, q, QUERIES, &so, purpose), 0);
    for (size_t i = 0; i < QUERIES; i++) {
        assert_true(sanctum_screen_match_count(r, i) >= 1);
        assert_string_equal(sanctum_screen_match_at(r, i, 0)->caption, names[i]);
    }
    sanctum_screen_result_free(r);
    free(names);
    free(q);
}

/* One read transaction more than a millisecond after the last look at
 * the resident set: the next check runs at its end. */
static void
read_after_a_pause(sanctum_store *st)
{
    struct timespec ts = { 0, 3 * 1000 * 1000 };
    uint64_t n;

    nanosleep(&ts, NULL);
    assert_int_equal(sanctum_audit_size(&n, st), 0);
}

static void
test_store_resident__limit_drops_mapped_pages_and_results_stay(void **state)
{
    tu_store *t = *state;
    sanctum_entity *batch[500];
    char name[96];
    long before, after;
    uint64_t trims;

    for (size_t i = 0; i < PERSONS; i += 500) {
        for (size_t k = 0; k < 500; k++) {
            person_name(name, sizeof name, i + k);
            assert_int_equal(sanctum_entity_new(&batch[k], "Person"), 0);
            assert_int_equal(sanctum_entity_add(batch[k], "name", name, 0), 0);
        }
        assert_int_equal(sanctum_entity_create_batch(t->admin, batch, 500, NULL), 0);
        for (size_t k = 0; k < 500; k++)
            sanctum_entity_free(batch[k]);
    }

    /* no limit: what the screening touched stays mapped */
    screen_all(t->admin, "resident test, no limit");
    read_after_a_pause(t->st);
    before = store_rss_kib();
    assert_true(before > 1024);
    assert_int_equal(sanctum_store_resident_trims(t->st), 0);

    /* a limit of 256 KiB: the pages go, the answers do not change */
    assert_int_equal(sanctum_store_set_resident_limit(t->st, 256 * 1024), 0);
    assert_int_equal(sanctum_store_resident_trims(t->st), 1); /* from none mapped */
    screen_all(t->admin, "resident test, limited");
    assert_true(sanctum_store_resident_trims(t->st) >= 2); /* it went past the limit */
    /* the next check drops them */
    read_after_a_pause(t->st);
    after = store_rss_kib();
    assert_true(after <= 256);
    assert_true(after < before);
    trims = sanctum_store_resident_trims(t->st);

    /* where the kernel allows, the map is registered so that a read maps
     * the page it reads and not ~15 cached neighbours with it: one small
     * read after a drop leaves a handful of pages, not dozens */
    if (kernel_has_wp_async()) {
        assert_true(store_map_flag("uw"));
        assert_int_equal(sanctum_store_set_resident_limit(t->st, 256 * 1024), 0);
        assert_int_equal(store_rss_kib(), 0);
        read_after_a_pause(t->st);
        assert_true(store_rss_kib() <= 16 * 4);
        trims = sanctum_store_resident_trims(t->st);
    } else {
        print_message("kernel without asynchronous write-protect userfaultfd: "
                      "the limit runs with fault-around\n");
    }

    /* removed: no more trims */
    assert_int_equal(sanctum_store_set_resident_limit(t->st, 0), 0);
    screen_all(t->admin, "resident test, limit removed");
    read_after_a_pause(t->st);
    assert_int_equal(sanctum_store_resident_trims(t->st), trims);
    assert_true(store_rss_kib() > 256);
    assert_false(store_map_flag("uw")); /* the kernel's default again */
}

/* A store opened read-only has a map the kernel will not register (its
 * file is open read-only): the limit still works, with fault-around. */
static void
test_store_resident__read_only_store(void **state)
{
    tu_store *t = *state;
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st;
    sanctum_session *s;
    char path[4096];
    uint64_t n;

    sanctum_entity_free(tu_person(t->admin, "Read Only Person", NULL));
    snprintf(path, sizeof path, "%s/store", t->dir);
    sanctum_session_close(t->admin);
    sanctum_store_close(t->st);
    o.flags = SANCTUM_STORE_RDONLY;
    assert_int_equal(sanctum_store_open(&st, path, &o), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&s, st, "admin", TU_PASS("admin")), SANCTUM_OK);
    t->st = st;
    t->admin = s;
    assert_int_equal(sanctum_store_set_resident_limit(st, 64 * 1024), SANCTUM_OK);
    assert_false(store_map_flag("uw"));
    assert_int_equal(store_rss_kib(), 0);
    read_after_a_pause(st);
    assert_int_equal(sanctum_audit_size(&n, st), 0);
    assert_true(n >= 1);
    assert_int_equal(sanctum_store_set_resident_limit(st, 0), SANCTUM_OK);
}

/* The map moves when the store grows: the new one is registered and
 * dropped like the old one at the next check. */
static void
test_store_resident__map_grown_under_a_limit(void **state)
{
    tu_store t;
    size_t map0;

    (void)state;
    tu_store_setup_map(&t, "resgrow", 256 * 1024);
    assert_int_equal(sanctum_store_set_resident_limit(t.st, 64 * 1024), SANCTUM_OK);
    map0 = sanctum_store_map_size(t.st);
    tu_add_persons(t.admin, "Moved Map", 5, 200, NULL);
    assert_true(sanctum_store_map_size(t.st) > map0);
    read_after_a_pause(t.st); /* its end checks, past the limit: a drop */
    assert_true(store_rss_kib() <= 64);
    if (kernel_has_wp_async())
        assert_true(store_map_flag("uw"));
    tu_store_teardown(&t);
}

/* Under a seccomp filter, even one that allows every call, the library
 * does not try userfaultfd (another filter might kill the process for
 * it): the limit works with fault-around. Run in a child, which installs
 * the filter and makes a store of its own. */
static void
test_store_resident__not_tried_under_seccomp(void **state)
{
#ifdef __linux__
    pid_t pid;
    int status;

    (void)state;
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
        struct sock_fprog prog = { 1, allow };
        tu_store t;

        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
            _exit(2);
        tu_store_setup(&t, "seccomp");
        if (sanctum_store_set_resident_limit(t.st, 1 << 20) != SANCTUM_OK)
            _exit(3);
        if (store_map_flag("uw"))
            _exit(4);
        tu_store_teardown(&t);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
#else
    (void)state;
    skip();
#endif
}

static void
test_store_resident__bad_input(void **state)
{
    (void)state;
    assert_int_equal(sanctum_store_set_resident_limit(NULL, 1 << 20), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "no store"));
    assert_int_equal(sanctum_store_resident_trims(NULL), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TU_STORE_TEST(test_store_resident__limit_drops_mapped_pages_and_results_stay),
        TU_STORE_TEST(test_store_resident__read_only_store),
        cmocka_unit_test(test_store_resident__map_grown_under_a_limit),
        cmocka_unit_test(test_store_resident__not_tried_under_seccomp),
        cmocka_unit_test(test_store_resident__bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

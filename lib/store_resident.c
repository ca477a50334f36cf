/* SPDX-License-Identifier: Apache-2.0 */
/* store_resident.c - a soft limit on the store's mapped pages resident in this process.
 *
 * LMDB reads through a shared, read-only map of the store file. Every page
 * a read touches stays mapped, and the kernel maps cached neighbours with
 * each fault, so a process that screens a large store for long ends up
 * with most of the file in its resident set (RSS): gigabytes that are page
 * cache, shared and clean, but that RSS limits, monitors and the OOM
 * killer's choice of victim all count. With a limit set, the map's pages
 * are dropped from the process (madvise MADV_DONTNEED) whenever the
 * process's file-backed resident pages grow past it. The pages stay in the
 * page cache: the next read of one maps it again (a minor fault), nothing
 * is read from disk for it, and nothing is written, as the map is
 * read-only (writes go through LMDB's own buffers). Open read snapshots
 * are unaffected: their pages are the same file bytes when faulted again.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/userfaultfd.h>
#include <sys/syscall.h>
#endif

#include "errors.h"
#include "store.h"

#define CHECK_EVERY_NS 1000000u /* at most one look at the resident set per ms */

static uint64_t
now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#ifdef __linux__
/* The process's file-backed (and shared memory) resident pages in bytes,
 * the third field of /proc/self/statm, or 0 when it cannot be read. */
static size_t
file_resident(void)
{
    char buf[160];
    unsigned long long size, res, shared;
    ssize_t n;
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    if (sscanf(buf, "%llu %llu %llu", &size, &res, &shared) != 3)
        return 0;
    return (size_t)shared * (size_t)sysconf(_SC_PAGESIZE);
}
#endif

#ifdef __linux__
/* Call fn(st, start, length) for each shared map of the store's data file
 * in this process. LMDB does not give out the map's address: it is found
 * in /proc/self/maps by the data file's device and inode. Only a shared
 * map: dropping a private one's written pages would lose them (LMDB's is
 * shared; nothing here maps it privately). The caller holds the resize
 * lock shared (a transaction does), so the map cannot be moved or resized
 * under the call. Returns how many maps fn accepted (returned 1). */
static int
each_store_map(sanctum_store *st, int (*fn)(sanctum_store *, void *, size_t))
{
    char line[4352], perms[8];
    unsigned long lo, hi, maj, min;
    unsigned long long off, ino;
    struct stat sb;
    mdb_filehandle_t fd;
    FILE *maps;
    int done = 0;

    if (mdb_env_get_fd(st->env, &fd) != 0 || fstat(fd, &sb) != 0 ||
        (maps = fopen("/proc/self/maps", "re")) == NULL)
        return 0;
    while (fgets(line, sizeof line, maps) != NULL) {
        if (sscanf(line, "%lx-%lx %7s %llx %lx:%lx %llu", &lo, &hi, perms, &off, &maj, &min,
                   &ino) != 7 ||
            ino != (unsigned long long)sb.st_ino || maj != major(sb.st_dev) ||
            min != minor(sb.st_dev) || perms[3] != 's')
            continue;
        done += fn(st, (void *)lo, hi - lo);
    }
    fclose(maps);
    return done;
}

/*
 * One page per fault. When a read faults on a page of a file map whose
 * neighbours are in the page cache, the kernel maps up to 15 of them too
 * ("fault-around"). For a store read at random that multiplies the
 * resident set ~13 times over what was read: the limit is reached 13
 * times as often, and each fault and each drop handles 16 pages for one.
 * The kernel does not fault around in a map registered with a
 * userfaultfd for write-protect tracking. Registered in the asynchronous
 * mode (Linux 6.7 and later), that tracking needs no handler: a write
 * fault would be resolved by the kernel itself, and the store's map is
 * read-only anyway (LMDB writes through its own buffers), so the
 * registration changes nothing but fault-around. A user-mode-only
 * userfaultfd needs no privilege. Where any of it is missing (an older
 * kernel, userfaultfd disabled, any seccomp filter on the process, which
 * might kill it for the call, the map of a store opened read-only, which
 * the kernel refuses to register), the limit works as before, with
 * fault-around.
 */
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15) /* linux/userfaultfd.h of 6.7 */
#endif

/* Whether a seccomp filter is on for this process ("Seccomp: 2" in
 * /proc/self/status). A filter may kill the process on a system call it
 * does not list (systemd's SystemCallFilter= does, unless
 * SystemCallErrorNumber= is set), and userfaultfd is rarely listed: under
 * one it is not tried. Unknown counts as filtered. */
static int
seccomp_filtered(void)
{
    char line[256];
    int mode = -1;
    FILE *f = fopen("/proc/self/status", "re");

    if (f == NULL)
        return 1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "Seccomp: %d", &mode) == 1)
            break;
    fclose(f);
    return mode != 0;
}

static int
uffd_open(void)
{
#ifdef SYS_userfaultfd
    struct uffdio_api api;
    int fd;

    if (seccomp_filtered())
        return -1;
    fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (fd < 0)
        return -1;
    memset(&api, 0, sizeof api);
    api.api = UFFD_API;
    api.features = UFFD_FEATURE_WP_ASYNC;
    if (ioctl(fd, UFFDIO_API, &api) != 0 || !(api.features & UFFD_FEATURE_WP_ASYNC)) {
        close(fd);
        return -1;
    }
    return fd;
#else
    return -1;
#endif
}

static int
uffd_register(sanctum_store *st, void *start, size_t len)
{
    struct uffdio_register reg;
    int fd = atomic_load(&st->resident_uffd);

    if (fd < 0)
        return 0;
    memset(&reg, 0, sizeof reg);
    reg.range.start = (uintptr_t)start;
    reg.range.len = len;
    reg.mode = UFFDIO_REGISTER_MODE_WP;
    /* again on a registered map: nothing changes */
    return ioctl(fd, UFFDIO_REGISTER, &reg) == 0;
}

static int
uffd_unregister(sanctum_store *st, void *start, size_t len)
{
    struct uffdio_range range;
    int fd = atomic_load(&st->resident_uffd);

    if (fd < 0)
        return 0;
    range.start = (uintptr_t)start;
    range.len = len;
    return ioctl(fd, UFFDIO_UNREGISTER, &range) == 0;
}

/* Drop one map's pages from the process, registering it for one page per
 * fault first (a map grown since the last drop is a new one). A failure
 * leaves the pages mapped, which only costs memory: there is nothing to
 * report. */
static int
drop_map(sanctum_store *st, void *start, size_t len)
{
    uffd_register(st, start, len);
    return madvise(start, len, MADV_DONTNEED) == 0;
}

/* Drop the store's mapped pages from the process. The whole map goes at
 * once: dropping a slice of it in turn, each time the limit is passed, was
 * measured too (with fault-around), and overshot the limit, as the pages
 * read are not spread evenly over the file, without making the searches
 * faster. */
static void
trim(sanctum_store *st)
{
    size_t res, base, limit;

    if (each_store_map(st, drop_map) > 0)
        atomic_fetch_add(&st->resident_trims, 1);
    /* What is still resident belongs to other files (libraries, ICU's
     * data): it does not count against the store's limit. But other
     * threads go on reading while the map is dropped, and what they map
     * meanwhile is read here too (~40 MiB was seen at a million persons),
     * so the base is only raised when more than half the limit stays:
     * another file of the process grew. (A new limit is set at 0, and
     * starts from this reading.) */
    res = file_resident();
    base = atomic_load(&st->resident_base);
    limit = atomic_load(&st->resident_limit);
    if (res < base || res - base > limit / 2)
        atomic_store(&st->resident_base, res);
}
#endif

int
sanctum_store_set_resident_limit(sanctum_store *st, size_t bytes)
{
    if (st == NULL)
        return sanctum__err(SANCTUM_EINVAL, "no store given");
#ifdef __linux__
    if (bytes != 0 && file_resident() == 0)
        return sanctum__err(SANCTUM_EIO, "cannot read this process's resident pages "
                            "(/proc/self/statm): is /proc mounted?");
    atomic_store(&st->resident_limit, 0);
    pthread_rwlock_rdlock(&st->resize_lock);
    if (bytes != 0) {
        int fd = -1, none = -1;

        if (atomic_load(&st->resident_uffd) < 0 && (fd = uffd_open()) >= 0 &&
            !atomic_compare_exchange_strong(&st->resident_uffd, &none, fd))
            close(fd); /* another call set one up meanwhile */
        /* start from none of the store's pages mapped: what stays is
         * other files', the base the limit is measured from */
        trim(st);
    } else {
        each_store_map(st, uffd_unregister); /* back to the kernel's default */
    }
    pthread_rwlock_unlock(&st->resize_lock);
    atomic_store(&st->resident_next, 0);
    atomic_store(&st->resident_limit, bytes);
    return SANCTUM_OK;
#else
    if (bytes == 0)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EINVAL, "a resident limit needs Linux (/proc/self/statm)");
#endif
}

void
sanctum__store_resident_close(sanctum_store *st)
{
    int fd = atomic_exchange(&st->resident_uffd, -1);

    if (fd >= 0)
        close(fd); /* the kernel unregisters the maps */
}

uint64_t
sanctum_store_resident_trims(const sanctum_store *st)
{
    return st == NULL ? 0 : atomic_load(&st->resident_trims);
}

void
sanctum__store_resident_check(sanctum_store *st)
{
#ifdef __linux__
    size_t limit = atomic_load_explicit(&st->resident_limit, memory_order_relaxed);
    uint64_t t, next;
    size_t res, base;

    if (limit == 0)
        return;
    t = now_ns();
    next = atomic_load_explicit(&st->resident_next, memory_order_relaxed);
    /* one thread looks per interval; the others go on */
    if (t < next || !atomic_compare_exchange_strong(&st->resident_next, &next,
                                                    t + CHECK_EVERY_NS))
        return;
    res = file_resident();
    base = atomic_load(&st->resident_base);
    if (res <= base) {
        atomic_store(&st->resident_base, res); /* other files' pages went */
        return;
    }
    if (res - base <= limit)
        return;
    trim(st);
#else
    (void)st;
#endif
}

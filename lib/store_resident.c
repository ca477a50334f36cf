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
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

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
/* Drop the store's mapped pages from the process. LMDB does not give out
 * the map's address: it is found in /proc/self/maps by the data file's
 * device and inode. The caller holds the resize lock shared (a
 * transaction does), so the map cannot be moved or resized under the
 * call. A failure leaves the pages mapped, which only costs memory: there
 * is nothing to report. The whole map goes at once (~40 ms per GiB
 * mapped): dropping a slice of it in turn, each time the limit is passed,
 * was measured too, and overshot the limit, as the pages read are not
 * spread evenly over the file, without making the searches faster. */
static void
trim(sanctum_store *st)
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
        return;
    while (fgets(line, sizeof line, maps) != NULL) {
        /* only a shared map: dropping a private one's written pages
         * would lose them (LMDB's is shared; nothing here maps it privately) */
        if (sscanf(line, "%lx-%lx %7s %llx %lx:%lx %llu", &lo, &hi, perms, &off, &maj, &min,
                   &ino) != 7 ||
            ino != (unsigned long long)sb.st_ino || maj != major(sb.st_dev) ||
            min != minor(sb.st_dev) || perms[3] != 's')
            continue;
        if (madvise((void *)lo, hi - lo, MADV_DONTNEED) == 0)
            done = 1;
    }
    fclose(maps);
    if (done)
        atomic_fetch_add(&st->resident_trims, 1);
    /* what is still resident belongs to other files (libraries, ICU's
     * data): it does not count against the store's limit */
    atomic_store(&st->resident_base, file_resident());
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
    if (bytes != 0) {
        /* start from none of the store's pages mapped: what stays is
         * other files', the base the limit is measured from */
        pthread_rwlock_rdlock(&st->resize_lock);
        trim(st);
        pthread_rwlock_unlock(&st->resize_lock);
    }
    atomic_store(&st->resident_next, 0);
    atomic_store(&st->resident_limit, bytes);
    return SANCTUM_OK;
#else
    if (bytes == 0)
        return SANCTUM_OK;
    return sanctum__err(SANCTUM_EINVAL, "a resident limit needs Linux (/proc/self/statm)");
#endif
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

/* SPDX-License-Identifier: Apache-2.0 */
/* memcap.c - run the calling process under a memory limit that counts page cache too. */
#include "memcap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char parent_dir[1024]; /* the cgroup directory the process came from */
static char own_dir[1100];    /* the one made for it ("" when none) */
static int v2;

static int
write_file(const char *dir, const char *name, const char *text)
{
    char path[1200];
    FILE *f;
    int ok;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((f = fopen(path, "w")) == NULL)
        return -1;
    ok = fputs(text, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : -1;
}

static long
read_long(const char *dir, const char *name)
{
    char path[1200];
    FILE *f;
    long long v = -1;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((f = fopen(path, "r")) == NULL)
        return -1;
    if (fscanf(f, "%lld", &v) != 1)
        v = -1;
    fclose(f);
    return (long)v;
}

/* The process's memory cgroup directory: v1 "N:memory:/p" or v2 "0::/p". */
static int
find_parent(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    char line[1024], v2path[1024] = "";
    int found = 0;

    if (f == NULL)
        return -1;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        char *a = strchr(line, ':'), *b = a ? strchr(a + 1, ':') : NULL;
        if (b == NULL)
            continue;
        *b = '\0';
        b[1 + strcspn(b + 1, "\n")] = '\0';
        if (strcmp(a + 1, "memory") == 0) {
            if (snprintf(parent_dir, sizeof parent_dir, "/sys/fs/cgroup/memory%s", b + 1) >=
                (int)sizeof parent_dir) {
                parent_dir[0] = '\0'; /* a path this long is no cgroup we can use */
                break;
            }
            found = 1;
            v2 = 0;
        } else if (a[1] == '\0' && strncmp(line, "0", 1) == 0) {
            snprintf(v2path, sizeof v2path, "%s", b + 1);
        }
    }
    fclose(f);
    if (!found && v2path[0] != '\0' && access("/sys/fs/cgroup/cgroup.controllers", R_OK) == 0) {
        if (snprintf(parent_dir, sizeof parent_dir, "/sys/fs/cgroup%s", v2path) <
            (int)sizeof parent_dir) {
            v2 = 1;
            found = 1;
        } else {
            parent_dir[0] = '\0';
        }
    }
    return found ? 0 : -1;
}

void
memcap_cleanup(void)
{
    DIR *d;
    struct dirent *e;

    if (parent_dir[0] == '\0' && find_parent() != 0)
        return;
    if ((d = opendir(parent_dir)) == NULL)
        return;
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "sanctum-bench-", 14) == 0) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", parent_dir, e->d_name);
            (void)rmdir(path); /* fails while a process is in it */
        }
    closedir(d);
}

int
memcap_enter(size_t mib, char *why, size_t cap)
{
    char num[64];

    own_dir[0] = '\0';
    if (find_parent() != 0) {
        snprintf(why, cap, "no memory cgroup found in /proc/self/cgroup");
        return -1;
    }
    memcap_cleanup();
    snprintf(own_dir, sizeof own_dir, "%s/sanctum-bench-%ld", parent_dir, (long)getpid());
    if (mkdir(own_dir, 0755) != 0) {
        snprintf(why, cap, "cannot make %s: %s", own_dir, strerror(errno));
        own_dir[0] = '\0';
        return -1;
    }
    snprintf(num, sizeof num, "%zu", mib << 20);
    snprintf(why, cap, "cannot set the limit or join %s", own_dir);
    if (write_file(own_dir, v2 ? "memory.max" : "memory.limit_in_bytes", num) != 0 ||
        (v2 && write_file(own_dir, "memory.swap.max", "0") != 0 && errno != ENOENT) ||
        write_file(own_dir, "cgroup.procs", "0") != 0) {
        memcap_leave();
        return -1;
    }
    why[0] = '\0';
    return 0;
}

long
memcap_peak_kib(void)
{
    long b;

    if (own_dir[0] == '\0')
        return -1;
    b = read_long(own_dir, v2 ? "memory.peak" : "memory.max_usage_in_bytes");
    return b < 0 ? -1 : b / 1024;
}

void
memcap_leave(void)
{
    if (own_dir[0] == '\0')
        return;
    (void)write_file(parent_dir, "cgroup.procs", "0");
    (void)rmdir(own_dir);
    own_dir[0] = '\0';
}

int
memcap_drop_cache(const char *path)
{
    int fd = open(path, O_RDONLY), rc;

    if (fd < 0)
        return -1;
    rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
    return rc == 0 ? 0 : -1;
}

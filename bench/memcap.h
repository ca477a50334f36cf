/* SPDX-License-Identifier: Apache-2.0 */
/* memcap.h - run the calling process under a memory limit that counts page cache too. */
#ifndef SANCTUM_BENCH_MEMCAP_H
#define SANCTUM_BENCH_MEMCAP_H

#include <stddef.h>

/*
 * A memory cgroup (v1 or v2) of its own under the caller's, with a limit
 * of `mib` MiB, and the calling process moved into it. Everything the
 * process then brings into memory is charged to it: its own allocations
 * and the page cache of the files it reads (LMDB's mapped store pages),
 * and the kernel reclaims page cache to stay under the limit. Needs write
 * access to the cgroup tree (root, usually). Returns 0, or -1 with a
 * reason in why[] (the process is then left where it was).
 */
int memcap_enter(size_t mib, char *why, size_t cap);

/* Peak memory charged to the cgroup so far, in KiB, or -1. */
long memcap_peak_kib(void);

/* Move the process back to its first cgroup and remove the one made. */
void memcap_leave(void);

/* Remove the empty cgroups an earlier run left (a process killed by the
 * limit cannot remove its own). */
void memcap_cleanup(void);

/* Drop the page cache of `path` (clean pages no process maps), so that a
 * run starts cold and the pages it reads are charged to it. 0 or -1. */
int memcap_drop_cache(const char *path);

#endif

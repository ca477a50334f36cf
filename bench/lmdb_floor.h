/* SPDX-License-Identifier: Apache-2.0 */
/* lmdb_floor.h - raw LMDB writing what a closed store holds: a floor for its format. */
#ifndef SANCTUM_BENCH_LMDB_FLOOR_H
#define SANCTUM_BENCH_LMDB_FLOOR_H

#include <stddef.h>

/*
 * Copy every named table of the closed LMDB environment in `src` (a
 * sanctum store directory) into a new environment in `dst`, each table in
 * key order with MDB_APPEND, in one write transaction committed as
 * sanctum commits (synced). Every record is read into memory first, so
 * the time covers the writes and the commit alone: no encryption, no
 * index work, no search for where a key goes. `now_s` is the caller's
 * clock (seconds). *entries and *mib receive how many records and how
 * many MiB of keys and values were written. Returns the seconds taken, or
 * -1 (with a message on stderr).
 */
double lmdb_floor_copy(const char *src, const char *dst, double (*now_s)(void), size_t *entries,
                       double *mib);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* store_registry.h (internal) - the stores this process has open, so none is opened twice. */
#ifndef SANCTUM_LIB_STORE_REGISTRY_H
#define SANCTUM_LIB_STORE_REGISTRY_H

#include <sanctum/store.h>

/*
 * LMDB must not have one environment open twice in a process: its locks
 * on lock.mdb are POSIX record locks, which belong to the process, so
 * closing any descriptor of that file drops the locks every other handle
 * holds. Another process could then take the store for an upgrade or a
 * repack, or rebuild the lock table under a live reader. Every store
 * handle is entered here, by its directory's device and inode (so another
 * path to the same directory counts), from before its environment is
 * opened until after it is closed.
 */

/* Enter `owner` (a store handle, or a maintenance step's own environment)
 * for directory `path`. SANCTUM_EBUSY when this process has that store
 * open already (or being opened, or under maintenance); SANCTUM_ENOTFOUND
 * when the directory cannot be read; SANCTUM_ENOMEM. */
int sanctum__registry_add(const void *owner, const char *path);

/* Store handle `st`, entered by its opener, is open and may be shared. */
void sanctum__registry_ready(sanctum_store *st);

/* Remove `owner` (no-op if it was never entered). */
void sanctum__registry_remove(const void *owner);

/*
 * The open handle of the store in directory `path`, if this process has
 * one: SANCTUM_OK with *out set, or with *out NULL when it has none;
 * SANCTUM_EBUSY while one is being opened or created, or the store is
 * under maintenance. The handle stays
 * its opener's: the caller must not close it, and the opener must not
 * close it while the caller uses it.
 */
int sanctum__registry_find(sanctum_store **out, const char *path);

#endif

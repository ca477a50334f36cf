/* SPDX-License-Identifier: Apache-2.0 */
/* memory.h - freeing library buffers, and guarded memory for secrets. */
#ifndef SANCTUM_MEMORY_H
#define SANCTUM_MEMORY_H

#include <stddef.h>
#include <sanctum/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Free a buffer the library returned through a `char **out`. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_free(void *ptr);

/**
 * Guarded memory for secrets such as passphrases (sodium_malloc: guard
 * pages, locked, not in core dumps). NULL on failure.
 */
SANCTUM_EXPORT void *sanctum_secure_alloc(size_t len);
/** Wipe and free memory from sanctum_secure_alloc(). NULL is a no-op. */
SANCTUM_EXPORT void sanctum_secure_free(void *ptr);
/** Overwrite `len` bytes at `ptr` with zeros in a way the compiler keeps. */
SANCTUM_EXPORT void sanctum_wipe(void *ptr, size_t len);

#ifdef __cplusplus
}
#endif
#endif

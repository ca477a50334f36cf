/* SPDX-License-Identifier: Apache-2.0 */
/* errors.h (internal) - setting the per-thread error detail. */
#ifndef SANCTUM_LIB_ERRORS_H
#define SANCTUM_LIB_ERRORS_H

#include <sanctum/errors.h>

/*
 * Record `code` with a printf-style detail for this thread and return `code`,
 * so callers can write `return sanctum__err(SANCTUM_EINVAL, "...")`.
 * WARNING: never pass plaintext field values, passphrases or keys.
 */
int sanctum__err(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Map an LMDB return code to a sanctum code and record the detail. */
int sanctum__err_mdb(int mdb_rc, const char *what);

/* Forget this thread's last error (called on entry to public functions). */
void sanctum__err_clear(void);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* errors.h (internal) - setting the per-thread error detail. */
#ifndef SANCTUM_LIB_ERRORS_H
#define SANCTUM_LIB_ERRORS_H

#include <sanctum/errors.h>

/*
 * Record `code` with a printf-style detail for this thread and return `code`,
 * so callers can write `return sanctum__err(SANCTUM_EINVAL, "...")`.
 * The detail is made one printable line: each control character (line
 * breaks among them) and each byte that is not UTF-8 becomes '?'.
 * WARNING: never pass plaintext field values, passphrases or keys, nor
 * caller text of a form other than the one expected (see below).
 */
int sanctum__err(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Shapes of caller text a detail may quote. A detail never holds a field
 * value, and text not of the form the call expected may be one passed by
 * mistake (a name given as an entity id): quote only text of the expected
 * form, so a typo shows, and describe other text by its length alone.
 */
/* 1 if `s` has the form of an entity id ("PER-7K3M-Q9XD": 3 letters, '-',
 * 4 letters or digits, '-', 4 letters or digits), else 0. NULL: 0. */
int sanctum__err_id_shaped(const char *s);
/* 1 if `s` has the form of a schema or property name (an ASCII letter,
 * then letters, digits or '_'; at most 64 bytes), else 0. NULL: 0. */
int sanctum__err_name_shaped(const char *s);

/* Map an LMDB return code to a sanctum code and record the detail. */
int sanctum__err_mdb(int mdb_rc, const char *what);

/* Forget this thread's last error (called on entry to public functions). */
void sanctum__err_clear(void);

#endif

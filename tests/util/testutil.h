/* SPDX-License-Identifier: Apache-2.0 */
/* testutil.h - helpers shared by the tests: temp dirs, files, data paths. */
#ifndef SANCTUM_TESTUTIL_H
#define SANCTUM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh, empty temporary directory; the caller frees the string and may
 * remove the tree with tu_rmtree(). */
char *tu_tmpdir(const char *tag);

/* Remove a directory tree (best effort). */
void tu_rmtree(const char *path);

/* Path of a file in ../shared/data; static buffer, valid until the next call. */
const char *tu_data(const char *name);

/* Read a whole file; returns malloc'd bytes (NUL-terminated) or NULL. */
unsigned char *tu_read_file(const char *path, size_t *len);

/* Write bytes to a file with the given mode; returns 0 on success. */
int tu_write_file(const char *path, const void *buf, size_t len, int mode);

/* Does `hay` contain `needle`? */
int tu_memmem(const void *hay, size_t hay_len, const void *needle, size_t nlen);

#endif

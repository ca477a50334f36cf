/* SPDX-License-Identifier: Apache-2.0 */
/* sc_util.h - small helpers shared by the screening tests. */
#ifndef SANCTUM_TEST_SC_UTIL_H
#define SANCTUM_TEST_SC_UTIL_H

#include <sanctum/sanctum.h>
#include <sanctum/screen.h>

#include "fixture.h"
#include "testutil.h"

/* Store a new entity of `schema` with "prop", "value" pairs (NULL-ended).
 * A prop written "name:secret" gets that level. Returns its id in id[]. */
void sc_add(sanctum_session *s, char id[SANCTUM_ID_MAX], const char *schema, ...);

/* Screen one name (other fields may be NULL) with default options;
 * asserts success. */
sanctum_screen_result *sc_screen(sanctum_session *s, const char *name, const char *schema,
                                 const char *birth, const char *nat);

/* Is `id` among the matches of query `q`? Index of it, or -1. */
int sc_find(const sanctum_screen_result *r, size_t q, const char *id);

/* Store `n` (at most 1,152) Persons named `first` plus a made-up surname,
 * in one batch. */
void sc_add_namesakes(sanctum_session *s, const char *first, size_t n);

/* Number of audit entries. */
uint64_t sc_audit_size(sanctum_store *st);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* entity_meta.h - an entity's schema from the clear metadata, without an audited read. */
#ifndef SANCTUM_TOOL_ENTITY_META_H
#define SANCTUM_TOOL_ENTITY_META_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/session.h>

/*
 * Copy entity `id`'s schema name into `out` and its revision into
 * *revision (may be NULL), from the clear metadata: nothing is decrypted
 * and no audit entry is written. Lets a tool check its input before the
 * audited read. Returns 0, or an exit code after a diagnostic
 * (TOOL_EXIT_NOTFOUND for an unknown id).
 */
int tool_entity_schema(char *out, size_t size, uint64_t *revision, sanctum_session *session,
                       const char *id);

#endif

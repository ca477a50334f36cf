/* SPDX-License-Identifier: Apache-2.0 */
/* entity_meta.h - an entity's schema from the clear metadata, without an audited read. */
#ifndef SANCTUM_TOOL_ENTITY_META_H
#define SANCTUM_TOOL_ENTITY_META_H

#include <stddef.h>
#include <sanctum/session.h>

/*
 * Find entity `id` in the id list (clear metadata: nothing is decrypted
 * and no audit entry is written) and copy its schema name into `out`.
 * Lets a tool check its input against the schema before the audited
 * read. Cost: one listing of every id (the API has no single-id lookup).
 * Returns 0, or an exit code after a diagnostic (TOOL_EXIT_NOTFOUND for
 * an unknown id).
 */
int tool_entity_schema(char *out, size_t size, sanctum_session *session, const char *id);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* entity_meta.c - an entity's schema and revision from its clear metadata. */
#include "entity_meta.h"

#include <stdio.h>
#include <string.h>

#include <sanctum/entity.h>
#include <sanctum/errors.h>

#include "diag.h"

int
tool_entity_schema(char *out, size_t size, uint64_t *revision, sanctum_session *session,
                   const char *id)
{
    const char *schema = NULL;
    int rc;

    if ((rc = sanctum_entity_meta(session, id, &schema, revision)) != SANCTUM_OK)
        return tool_fail(rc, "entity %s", id);
    snprintf(out, size, "%s", schema);
    return 0;
}

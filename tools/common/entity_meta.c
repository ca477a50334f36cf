/* SPDX-License-Identifier: Apache-2.0 */
/* entity_meta.c - looking an id up in the id list. */
#include "entity_meta.h"

#include <stdio.h>
#include <string.h>

#include <sanctum/entity.h>
#include <sanctum/errors.h>

#include "diag.h"

int
tool_entity_schema(char *out, size_t size, sanctum_session *session, const char *id)
{
    sanctum_id_list *list = NULL;
    size_t i, n;
    int rc;

    if ((rc = sanctum_entity_list(&list, session, NULL)) != SANCTUM_OK)
        return tool_fail(rc, "entity %s", id);
    n = sanctum_id_list_count(list);
    rc = TOOL_EXIT_NOTFOUND;
    /* A linear scan: "id order" is the library's key order, which need not
     * be strcmp() order. */
    for (i = 0; i < n; i++) {
        if (strcmp(id, sanctum_id_list_at(list, i)) == 0) {
            snprintf(out, size, "%s", sanctum_id_list_schema(list, i));
            rc = 0;
            break;
        }
    }
    sanctum_id_list_free(list);
    if (rc != 0)
        tool_error("entity %s: not found", id);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* sc_util.c - small helpers shared by the screening tests. */
#include "sc_util.h"

#include <stdio.h>
#include <string.h>

void
sc_add(sanctum_session *s, char id[SANCTUM_ID_MAX], const char *schema, ...)
{
    sanctum_entity *e;
    const char *k, *v;
    va_list ap;

    assert_int_equal(sanctum_entity_new(&e, schema), SANCTUM_OK);
    va_start(ap, schema);
    while ((k = va_arg(ap, const char *)) != NULL) {
        char prop[64];
        const char *colon = strchr(k, ':');
        sanctum_level level = SANCTUM_LEVEL_NONE;

        v = va_arg(ap, const char *);
        snprintf(prop, sizeof prop, "%.*s", colon ? (int)(colon - k) : (int)strlen(k), k);
        if (colon != NULL)
            level = sanctum_level_from_name(colon + 1);
        if (sanctum_entity_add(e, prop, v, level) != SANCTUM_OK)
            fail_msg("add %s: %s", prop, sanctum_last_error());
    }
    va_end(ap);
    if (sanctum_entity_create(s, e, "test") != SANCTUM_OK)
        fail_msg("create: %s", sanctum_last_error());
    snprintf(id, SANCTUM_ID_MAX, "%s", sanctum_entity_id(e));
    sanctum_entity_free(e);
}

sanctum_screen_result *
sc_screen(sanctum_session *s, const char *name, const char *schema, const char *birth,
          const char *nat)
{
    sanctum_screen_query q = { name, schema, birth, nat };
    sanctum_screen_result *r = NULL;

    if (sanctum_screen(&r, s, &q, 1, NULL, "test screening") != SANCTUM_OK)
        fail_msg("screen: %s", sanctum_last_error());
    assert_non_null(r);
    assert_int_equal(sanctum_screen_query_count(r), 1);
    return r;
}

int
sc_find(const sanctum_screen_result *r, size_t q, const char *id)
{
    for (size_t i = 0; i < sanctum_screen_match_count(r, q); i++)
        if (strcmp(sanctum_screen_match_at(r, q, i)->id, id) == 0)
            return (int)i;
    return -1;
}

uint64_t
sc_audit_size(sanctum_store *st)
{
    uint64_t n = 0;

    assert_int_equal(sanctum_audit_size(&n, st), SANCTUM_OK);
    return n;
}

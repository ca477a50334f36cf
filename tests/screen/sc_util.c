/* SPDX-License-Identifier: Apache-2.0 */
/* sc_util.c - small helpers shared by the screening tests. */
#include "sc_util.h"

#include <stdio.h>
#include <stdlib.h>
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

/* Store `n` Persons named `first` plus a made-up surname, in one batch. */
void
sc_add_namesakes(sanctum_session *s, const char *first, size_t n)
{
    static const char *const a[] = { "ka", "ro", "mi", "tu", "be", "lo", "sa", "vi",
                                     "no", "de", "gu", "ze" };
    static const char *const b[] = { "ran", "mel", "dok", "vis", "tan", "gor",
                                     "bul", "sen", "par", "jom", "ler", "fik" };
    static const char *const c[] = { "ov", "ic", "as", "en", "ur", "ek", "op", "ax" };
    sanctum_entity **es = calloc(n, sizeof *es);
    char name[96];

    assert_non_null(es);
    assert_true(n <= 12 * 12 * 8);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s %s%s%s", first, a[i % 12], b[i / 12 % 12],
                 c[i / 144]);
        assert_int_equal(sanctum_entity_new(&es[i], "Person"), SANCTUM_OK);
        assert_int_equal(sanctum_entity_add(es[i], "name", name, SANCTUM_LEVEL_NONE), 0);
    }
    assert_int_equal(sanctum_entity_create_batch(s, es, n, "test"), SANCTUM_OK);
    for (size_t i = 0; i < n; i++)
        sanctum_entity_free(es[i]);
    free(es);
}

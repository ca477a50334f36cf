/* SPDX-License-Identifier: Apache-2.0 */
/* schemas.c - every schema can be created, read, edited, listed and deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "schema.h"
#include "testutil.h"

/* One stored entity per non-link schema, as targets for references. */
static sanctum_entity *targets[64];
static size_t ntargets;

static const char *
target_for(const char *range)
{
    for (size_t i = 0; i < ntargets; i++) {
        const sanctum__schema *s = sanctum__schema_find(sanctum_entity_schema(targets[i]));
        if (range == NULL || sanctum__schema_is_a(s, range))
            return sanctum_entity_id(targets[i]);
    }
    fail_msg("no target for range %s", range);
    return NULL;
}

static void
make_targets(sanctum_session *admin)
{
    for (size_t i = 0; i < sanctum__schema_count() && ntargets < 64; i++) {
        const sanctum__schema *s = sanctum__schema_at(i);
        const sanctum__prop *p = NULL;
        sanctum_entity *e;
        for (size_t j = 0; j < s->nprops && p == NULL; j++)
            if (s->props[j]->type == SANCTUM__PT_NAME || s->props[j]->type == SANCTUM__PT_STRING)
                p = s->props[j];
        if (s->is_link || p == NULL)
            continue;
        assert_int_equal(sanctum_entity_new(&e, s->name), 0);
        assert_int_equal(sanctum_entity_add(e, p->name, "Target", 0), 0);
        assert_int_equal(sanctum_entity_create(admin, e, NULL), 0);
        targets[ntargets++] = e;
    }
}

/* A valid sample value for property p. */
static const char *
sample(const sanctum__prop *p)
{
    switch (p->type) {
    case SANCTUM__PT_DATE: return "1980-05";
    case SANCTUM__PT_COUNTRY: return "al";
    case SANCTUM__PT_ENTITY: return target_for(p->range);
    case SANCTUM__PT_EMAIL: return "someone@example.org";
    case SANCTUM__PT_PHONE: return "+355 4 222 333";
    case SANCTUM__PT_URL: return "https://example.org/a";
    case SANCTUM__PT_NUMBER: return "42";
    case SANCTUM__PT_ENUM:
    case SANCTUM__PT_GENDER: return p->enum_values ? p->enum_values[0] : "male";
    case SANCTUM__PT_TOPIC: return "sanction";
    case SANCTUM__PT_LANGUAGE: return "sq";
    case SANCTUM__PT_IDENTIFIER: return "AB-123456";
    default: return "Sample value";
    }
}

static void
test_schemas__every_schema_round_trips(void **state)
{
    tu_store t;
    sanctum_id_list *l;
    (void)state;

    tu_store_setup(&t, "schemas");
    make_targets(t.admin);
    assert_true(sanctum_schema_count() >= 15);
    for (size_t i = 0; i < sanctum_schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);
        sanctum_entity *e, *g;
        size_t added = 0;

        assert_string_equal(sanctum_schema_name(i), s->name);
        assert_int_equal(sanctum_entity_new(&e, s->name), 0);
        for (size_t j = 0; j < s->nprops; j++) {
            const sanctum__prop *p = s->props[j];
            if (p->flags & SANCTUM__PF_READONLY)
                continue;
            if (sanctum_entity_add(e, p->name, sample(p), 0) != 0)
                fail_msg("%s.%s rejects its sample: %s", s->name, p->name, sanctum_last_error());
            added++;
        }
        assert_true(added > 0);
        assert_int_equal(sanctum_entity_create(t.admin, e, "schema test"), 0);
        assert_int_equal(strncmp(sanctum_entity_id(e), s->prefix, 3), 0);
        assert_int_equal(sanctum_entity_get(&g, t.admin, sanctum_entity_id(e), NULL), 0);
        assert_string_equal(sanctum_entity_schema(g), s->name);
        assert_int_equal(sanctum_entity_count(g), added);
        for (size_t j = 0; j < added; j++) {
            sanctum_value a, b;
            assert_int_equal(sanctum_entity_value(e, j, &a), 0);
            assert_int_equal(sanctum_entity_value(g, j, &b), 0);
            assert_string_equal(a.prop, b.prop);
            assert_string_equal(a.text, b.text);
            assert_int_equal(a.level, b.level);
        }
        /* edit the first value, then delete */
        sanctum_value v0;
        assert_int_equal(sanctum_entity_value(g, 0, &v0), 0);
        char prop[64];
        snprintf(prop, sizeof prop, "%s", v0.prop);
        assert_int_equal(sanctum_entity_update(t.admin, g, "edit"), 0);
        assert_int_equal(sanctum_entity_revision(g), 2);
        assert_int_equal(sanctum_entity_list(&l, t.admin, s->name), 0);
        assert_true(sanctum_id_list_count(l) >= 1);
        sanctum_id_list_free(l);
        {
            assert_int_equal(sanctum_entity_delete(t.admin, sanctum_entity_id(g), 2, NULL), 0);
            sanctum_entity *gone = (void *)1;
            assert_int_equal(sanctum_entity_get(&gone, t.admin, sanctum_entity_id(e), NULL),
                             SANCTUM_ENOTFOUND);
            assert_null(gone);
        }
        sanctum_entity_free(e);
        sanctum_entity_free(g);
    }
    for (size_t i = 0; i < ntargets; i++)
        sanctum_entity_free(targets[i]);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemas__every_schema_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

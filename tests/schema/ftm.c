/* SPDX-License-Identifier: Apache-2.0 */
/* ftm.c - every schema, property and value in the FtM sample files is representable. */
#include "testutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "schema.h"

/* Check every entity of one JSON-lines file; returns the number of values. */
static size_t
check_file(const char *name, size_t want_entities)
{
    unsigned char *buf = tu_read_file(tu_data(name), NULL);
    char *line, *save = NULL;
    size_t entities = 0, values = 0;

    if (buf == NULL)
        fail_msg("cannot read %s", tu_data(name));
    for (line = strtok_r((char *)buf, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        json_error_t jerr;
        json_t *e = json_loads(line, 0, &jerr), *props, *vals, *v;
        const sanctum__schema *s;
        const char *key;
        size_t i;

        if (e == NULL)
            fail_msg("%s: JSON error %s", name, jerr.text);
        s = sanctum__schema_find(json_string_value(json_object_get(e, "schema")));
        if (s == NULL)
            fail_msg("%s: unknown schema %s", name,
                     json_string_value(json_object_get(e, "schema")));
        props = json_object_get(e, "properties");
        assert_true(json_is_object(props));
        json_object_foreach(props, key, vals) {
            const sanctum__prop *p = sanctum__schema_prop(s, key);

            if (p == NULL)
                fail_msg("%s: %s has no property %s", name, s->name, key);
            assert_true(json_is_array(vals));
            json_array_foreach(vals, i, v) {
                const char *text = json_string_value(v);
                size_t len = json_string_length(v);
                char *out = malloc(len + 1);
                int rc;

                assert_non_null(out);
                rc = sanctum__value_check_ex(s, p, text, len, out, len + 1,
                                             SANCTUM__VC_FOREIGN_REF);
                if (rc != 0)
                    fail_msg("%s: %s", name, sanctum_last_error());
                /* The samples are clean FtM: normalising changes nothing. */
                assert_string_equal(out, text);
                free(out);
                values++;
            }
        }
        json_decref(e);
        entities++;
    }
    assert_int_equal(entities, want_entities);
    free(buf);
    return values;
}

static void
test_schema_ftm__zala_cluster(void **state)
{
    (void)state;
    assert_true(check_file("yente-zala-entities.ftm.json", 91) > 1000);
}

static void
test_schema_ftm__eu_fsf(void **state)
{
    (void)state;
    assert_true(check_file("yente-t1-eu_fsf-entities.ftm.json", 7) > 50);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_ftm__zala_cluster),
        cmocka_unit_test(test_schema_ftm__eu_fsf),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

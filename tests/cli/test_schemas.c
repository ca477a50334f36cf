/* SPDX-License-Identifier: Apache-2.0 */
/* test_schemas.c - add, show, edit, list and delete through sanctum-case for every schema. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

#include "cli_util.h"

#define MAX_PROPS 8

/*
 * A valid set of --prop arguments per schema. "KEY=@Schema" refers to the
 * entity created for that schema ("@Person2": a second Person). Values are
 * given in their normalised form so show can be compared exactly.
 */
typedef struct schema_case {
    const char *schema;
    const char *props[MAX_PROPS];
} schema_case;

static const schema_case cases[] = {
    { "Person", { "name=Ivan Petrov", "nationality=ru", "birthDate=1970-03", NULL } },
    { "Organization", { "name=Acme Foundation", "jurisdiction=cy", NULL } },
    { "Company", { "name=Northwind Shipping Ltd", "registrationNumber=HE123456",
                   "jurisdiction=cy", NULL } },
    { "LegalEntity", { "name=Unknown Holder", "country=ae", NULL } },
    { "Vessel", { "name=Sea Star", "imoNumber=IMO9123456", "flag=pa", "owner=@Company",
                  NULL } },
    { "Airplane", { "name=Falcon", "registrationNumber=RA-12345", "manufacturer=Tupolev",
                    NULL } },
    { "Address", { "full=1 Main Street, Nicosia", "city=Nicosia", "country=cy", NULL } },
    { "Sanction", { "entity=@Person", "authority=HM Treasury", "program=Russia",
                    "listingDate=2022-03-15", NULL } },
    { "Identification", { "holder=@Person", "number=AB123456", "country=ru", NULL } },
    { "Passport", { "holder=@Person", "passportNumber=P1234567", "country=ru", NULL } },
    { "Case", { "name=Operation Example", "regime=Russia", "subject=@Person",
                "statementOfReasons=Supplied components", "measures=asset-freeze", NULL } },
    { "Evidence", { "name=Bank statement", "case=@Case", "entity=@Person",
                    "evidenceRef=EV-0001", NULL } },
    { "Associate", { "person=@Person", "associate=@Person2", "relationship=business partner",
                     NULL } },
    { "Family", { "person=@Person", "relative=@Person2", "relationship=sister", NULL } },
    { "Ownership", { "owner=@Person", "asset=@Company", "percentage=51",
                     "role=beneficial owner", NULL } },
    { "Directorship", { "director=@Person", "organization=@Organization", "role=director",
                        "startDate=2019", NULL } },
    { "Membership", { "member=@Person", "organization=@Organization", "role=member", NULL } },
    { "Employment", { "employee=@Person2", "employer=@Organization", "role=driver", NULL } },
    { "UnknownLink", { "subject=@Person", "object=@Vessel", "role=operator", NULL } },
    { "Representation", { "agent=@Person2", "client=@Company", "role=lawyer", NULL } },
};
#define N_CASES (sizeof cases / sizeof cases[0])

/* Ids created so far, by name ("Person", "Person2", ...). */
typedef struct created {
    char name[32];
    char id[SANCTUM_ID_MAX];
    char json_id[SANCTUM_ID_MAX];  /* the twin added from JSON on stdin */
} created;

static created made[64];
static size_t n_made;

static const char *
id_of(const char *name)
{
    size_t i;

    for (i = 0; i < n_made; i++)
        if (strcmp(made[i].name, name) == 0)
            return made[i].id;
    return NULL;
}

static const schema_case *
case_of(const char *schema)
{
    size_t i;

    for (i = 0; i < N_CASES; i++)
        if (strcmp(cases[i].schema, schema) == 0)
            return &cases[i];
    return NULL;
}

/* Resolve "KEY=@Name" into buf ("KEY=<id>"); 0 if Name is not made yet. */
static int
resolve(char *buf, size_t size, const char *prop)
{
    const char *at = strstr(prop, "=@"), *id;

    if (at == NULL) {
        snprintf(buf, size, "%s", prop);
        return 1;
    }
    if ((id = id_of(at + 2)) == NULL)
        return 0;
    snprintf(buf, size, "%.*s=%s", (int)(at - prop), prop, id);
    return 1;
}

static int
all_resolvable(const schema_case *c)
{
    char buf[256];
    size_t i;

    for (i = 0; c->props[i] != NULL; i++)
        if (!resolve(buf, sizeof buf, c->props[i]))
            return 0;
    return 1;
}

/* Does show --json document `doc` hold value `value` for `prop`? */
static int
has_value(json_t *doc, const char *prop, const char *value)
{
    json_t *arr = json_object_get(json_object_get(doc, "properties"), prop), *v;
    size_t i;

    json_array_foreach(arr, i, v) {
        const char *t = json_string_value(json_object_get(v, "value"));
        if (t != NULL && strcmp(t, value) == 0)
            return 1;
    }
    return 0;
}

/* Check `show --json` of `id` against the case's values and revision. */
static void
check_show(const cli_store *s, const char *schema, const char *id, const char *const *args,
           size_t nargs, long revision)
{
    cli_result r = { 0 };
    json_t *doc;
    size_t i;

    CASE_ADMIN(&r, s, NULL, "show", id, "--json");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "schema")), schema);
    assert_string_equal(json_string_value(json_object_get(doc, "id")), id);
    assert_int_equal(json_integer_value(json_object_get(doc, "revision")), revision);
    for (i = 0; i < nargs; i++) {
        char key[64];
        const char *eq = strchr(args[i], '=');

        snprintf(key, sizeof key, "%.*s", (int)(eq - args[i]), args[i]);
        if (!has_value(doc, key, eq + 1)) {
            cli_dump(&r);
            fail_msg("%s %s: no %s value '%s'", schema, id, key, eq + 1);
        }
    }
    json_decref(doc);
    cli_result_free(&r);
}

/* Build the FtM JSON form of the resolved arguments. Caller frees. */
static char *
ftm_json(const char *schema, const char *const *args, size_t nargs)
{
    json_t *doc = json_object(), *props = json_object();
    char *text;
    size_t i;

    json_object_set_new(doc, "id", json_string("ignored-id"));
    json_object_set_new(doc, "schema", json_string(schema));
    json_object_set_new(doc, "datasets", json_pack("[s]", "test"));
    for (i = 0; i < nargs; i++) {
        char key[64];
        const char *eq = strchr(args[i], '=');
        json_t *arr;

        snprintf(key, sizeof key, "%.*s", (int)(eq - args[i]), args[i]);
        if ((arr = json_object_get(props, key)) == NULL) {
            arr = json_array();
            json_object_set_new(props, key, arr);
        }
        json_array_append_new(arr, json_string(eq + 1));
    }
    json_object_set_new(doc, "properties", props);
    text = json_dumps(doc, 0);
    json_decref(doc);
    assert_non_null(text);
    return text;
}

/* Create, check and edit the entity (and its JSON twin) for one schema. */
static void
exercise(const cli_store *s, const schema_case *c, const char *name)
{
    char resolved[MAX_PROPS][256], *json;
    const char *args[2 * MAX_PROPS + 8], *plain[MAX_PROPS], *note;
    created *m = &made[n_made];
    cli_result r = { 0 };
    size_t i, n = 0, k = 0;

    assert_true(n_made < sizeof made / sizeof made[0]);
    args[n++] = "add";
    args[n++] = "--schema";
    args[n++] = c->schema;
    for (i = 0; c->props[i] != NULL; i++) {
        char key[64];

        assert_true(resolve(resolved[i], sizeof resolved[i], c->props[i]));
        snprintf(key, sizeof key, "%.*s", (int)strcspn(c->props[i], "="), c->props[i]);
        if (!sanctum_schema_has_prop(c->schema, key))
            fail_msg("test table: %s has no property %s", c->schema, key);
        args[n++] = "--prop";
        args[n++] = resolved[i];
        plain[k++] = resolved[i];
    }
    args[n] = NULL;

    /* add: the id alone on stdout */
    cli_case_as(&r, s, CLI_ADMIN_NAME, s->admin_pw, NULL, args);
    assert_exit(&r, 0);
    assert_err_empty(&r);
    cli_chomp(&r);
    assert_null(strchr(r.out, '\n'));
    assert_true(r.out_len > 0 && r.out_len < SANCTUM_ID_MAX);
    snprintf(m->name, sizeof m->name, "%s", name);
    strcpy(m->id, r.out);
    n_made++;
    check_show(s, c->schema, m->id, plain, k, 1);

    /* add from FtM JSON on stdin: the same values */
    json = ftm_json(c->schema, plain, k);
    CASE_ADMIN(&r, s, json, "add");
    free(json);
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_true(r.out_len > 0 && r.out_len < SANCTUM_ID_MAX);
    assert_string_not_equal(r.out, m->id);
    strcpy(m->json_id, r.out);
    check_show(s, c->schema, m->json_id, plain, k, 1);

    /* edit at the revision just read: revision 2, with the new value */
    note = sanctum_schema_has_prop(c->schema, "notes") ? "notes=edited by test"
                                                      : "summary=edited by test";
    CASE_ADMIN(&r, s, NULL, "edit", m->id, "--revision", "1", "--add", note);
    assert_exit(&r, 0);
    cli_chomp(&r);
    assert_string_equal(r.out, "2");
    plain[k++] = note;
    check_show(s, c->schema, m->id, plain, k, 2);

    /* list --schema finds both */
    CASE_ADMIN(&r, s, NULL, "list", "--schema", c->schema);
    assert_exit(&r, 0);
    assert_out_has(&r, m->id);
    assert_out_has(&r, m->json_id);
    CASE_ADMIN(&r, s, NULL, "list", "--schema", c->schema, "--json");
    assert_exit(&r, 0);
    assert_out_has(&r, m->id);
    cli_result_free(&r);
}

static void
test_schemas__every_schema_through_the_tool(void **state)
{
    size_t count = sanctum_schema_count(), i, done = 0, progress;
    char *pending;
    cli_store s;
    cli_result r = { 0 };

    (void)state;
    assert_true(count > 0);
    /* Every schema the library knows has a property set here. */
    for (i = 0; i < count; i++)
        if (case_of(sanctum_schema_name(i)) == NULL)
            fail_msg("no test property set for schema %s", sanctum_schema_name(i));

    cli_store_setup(&s, "cli-schemas", 1);
    n_made = 0;
    CASE_ADMIN(&r, &s, NULL, "add", "--schema", "Person", "--prop", "name=Maria Petrova");
    assert_exit(&r, 0);
    cli_chomp(&r);
    strcpy(made[0].name, "Person2");
    strcpy(made[0].id, r.out);
    made[0].json_id[0] = '\0';
    n_made = 1;

    /* Schemas whose references are not made yet wait for a later pass. */
    pending = calloc(count, 1);
    assert_non_null(pending);
    memset(pending, 1, count);
    do {
        progress = 0;
        for (i = 0; i < count; i++) {
            const schema_case *c = case_of(sanctum_schema_name(i));
            if (!pending[i] || !all_resolvable(c))
                continue;
            exercise(&s, c, c->schema);
            pending[i] = 0;
            progress++;
            done++;
        }
    } while (progress > 0 && done < count);
    for (i = 0; i < count; i++)
        if (pending[i])
            fail_msg("schema %s: its references never resolved", sanctum_schema_name(i));
    free(pending);

    /* delete everything, links first (reverse creation order) */
    for (i = n_made; i-- > 0;) {
        CASE_ADMIN(&r, &s, NULL, "delete", made[i].id);
        assert_exit(&r, 0);
        assert_out_empty(&r);
        if (made[i].json_id[0] != '\0') {
            CASE_ADMIN(&r, &s, NULL, "delete", made[i].json_id, "--revision", "1");
            assert_exit(&r, 0);
        }
        CASE_ADMIN(&r, &s, NULL, "show", made[i].id);
        assert_exit(&r, 4);
    }
    CASE_ADMIN(&r, &s, NULL, "list");
    assert_exit(&r, 0);
    assert_out_empty(&r);
    cli_result_free(&r);
    cli_store_teardown(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemas__every_schema_through_the_tool),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

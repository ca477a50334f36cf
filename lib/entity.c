/* SPDX-License-Identifier: Apache-2.0 */
/* entity.c - the in-memory entity: values, checks, captions, schema queries. */
#include "entity.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"

int
sanctum__err_schema(const char *schema)
{
    if (schema == NULL)
        return sanctum__err(SANCTUM_EINVAL, "unknown schema (none given)");
    if (sanctum__err_name_shaped(schema))
        return sanctum__err(SANCTUM_EINVAL, "unknown schema '%s'", schema);
    return sanctum__err(SANCTUM_EINVAL, "unknown schema (%zu bytes, not a schema name)",
                        strlen(schema));
}

/* SANCTUM_EINVAL: e's schema has no property `prop` (quoted only when it
 * has the form of a property name: see sanctum__err_name_shaped). */
static int
err_prop(const sanctum_entity *e, const char *prop)
{
    if (prop == NULL)
        return sanctum__err(SANCTUM_EINVAL, "schema %s: no property given", e->schema->name);
    if (sanctum__err_name_shaped(prop))
        return sanctum__err(SANCTUM_EINVAL, "schema %s has no property '%s'", e->schema->name,
                            prop);
    return sanctum__err(SANCTUM_EINVAL, "schema %s has no property of that name (%zu bytes, "
                        "not a property name)", e->schema->name, strlen(prop));
}

int
sanctum_entity_new(sanctum_entity **out, const char *schema)
{
    const sanctum__schema *s;
    sanctum_entity *e;

    sanctum__err_clear();
    *out = NULL;
    if (schema == NULL || (s = sanctum__schema_find(schema)) == NULL)
        return sanctum__err_schema(schema);
    if ((e = calloc(1, sizeof *e)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    e->schema = s;
    *out = e;
    return SANCTUM_OK;
}

static void
value_wipe(const sanctum_entity *e, sanctum__evalue *v)
{
    if (v->text != NULL) {
        sodium_memzero(v->text, v->len);
        if ((uintptr_t)v->text - (uintptr_t)e->arena >= e->arena_len) /* not in the arena */
            free(v->text);
    }
    free(v->raw);
    memset(v, 0, sizeof *v);
}

void
sanctum__entity_clear_values(sanctum_entity *e)
{
    for (size_t i = 0; i < e->count; i++)
        value_wipe(e, &e->values[i]);
    e->count = 0;
}

void
sanctum_entity_free(sanctum_entity *e)
{
    if (e == NULL)
        return;
    sanctum__entity_clear_values(e);
    if (e->arena != NULL) {
        sodium_memzero(e->arena, e->arena_len);
        free(e->arena);
    }
    free(e->values);
    free(e);
}

const char *
sanctum_entity_id(const sanctum_entity *e)
{
    return e->id;
}

const char *
sanctum_entity_schema(const sanctum_entity *e)
{
    return e->schema->name;
}

uint64_t
sanctum_entity_revision(const sanctum_entity *e)
{
    return e->revision;
}

int64_t
sanctum_entity_created(const sanctum_entity *e)
{
    return e->created / 1000;
}

int64_t
sanctum_entity_updated(const sanctum_entity *e)
{
    return e->updated / 1000;
}

int
sanctum__entity_push(sanctum_entity *e, const sanctum__prop *p, char *text, size_t len,
                     uint8_t level, uint32_t key_version, unsigned char *raw,
                     size_t raw_len)
{
    sanctum__evalue *v;

    if (e->count == e->cap) {
        size_t ncap = e->cap ? e->cap * 2 : 16;
        sanctum__evalue *nv = realloc(e->values, ncap * sizeof *nv);
        if (nv == NULL)
            return sanctum__err(SANCTUM_ENOMEM, "out of memory");
        e->values = nv;
        e->cap = ncap;
    }
    v = &e->values[e->count++];
    memset(v, 0, sizeof *v);
    v->prop = p;
    v->text = text;
    v->len = len;
    v->level = level;
    v->key_version = key_version;
    v->raw = raw;
    v->raw_len = raw_len;
    return SANCTUM_OK;
}

/* `value` checked and normalised for property p of e, as it is stored,
 * into malloc'd *text (wipe and free it) of length *len. SANCTUM_EINVAL
 * (naming schema and property, never the value) when the value is not
 * one p takes. */
static int
value_canon(char **text, size_t *len, const sanctum_entity *e, const sanctum__prop *p,
            const char *value)
{
    size_t n = strlen(value);
    char *t;
    int rc;

    *text = NULL;
    if ((t = malloc(n + 1)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    if ((rc = sanctum__value_check(e->schema, p, value, n, t, n + 1)) < 0) {
        sodium_memzero(t, n + 1);
        free(t);
        return rc;
    }
    *len = strlen(t);
    /* normalising in place can leave bytes of the value past its end:
     * wiped now, so wiping the first *len bytes later wipes it all */
    sodium_memzero(t + *len, n + 1 - *len);
    *text = t;
    return SANCTUM_OK;
}

int
sanctum_entity_add(sanctum_entity *e, const char *prop, const char *value,
                   sanctum_level level)
{
    const sanctum__prop *p;
    size_t len;
    char *text;
    int rc;

    sanctum__err_clear();
    if (prop == NULL || (p = sanctum__schema_prop(e->schema, prop)) == NULL)
        return err_prop(e, prop);
    if (p->flags & SANCTUM__PF_READONLY)
        return sanctum__err(SANCTUM_EINVAL, "%s.%s is read-only", e->schema->name, p->name);
    if ((int)level < SANCTUM_LEVEL_NONE || level > SANCTUM_LEVEL_SECRET)
        return sanctum__err(SANCTUM_EINVAL, "%s.%s: unknown level %d", e->schema->name,
                            p->name, (int)level);
    if (value == NULL)
        return sanctum__err(SANCTUM_EINVAL, "%s.%s: no value", e->schema->name, p->name);
    if ((rc = value_canon(&text, &len, e, p, value)) < 0)
        return rc;
    for (size_t i = 0; i < e->count; i++) {
        const sanctum__evalue *v = &e->values[i];
        if (v->prop == p && v->text != NULL && v->len == len &&
            memcmp(v->text, text, len) == 0) {
            sodium_memzero(text, len);
            free(text);
            return SANCTUM_OK;
        }
    }
    if (level == SANCTUM_LEVEL_NONE)
        level = (sanctum_level)p->level;
    if ((rc = sanctum__entity_push(e, p, text, len, (uint8_t)level, 0, NULL, 0)) < 0) {
        sodium_memzero(text, len);
        free(text);
    }
    return rc;
}

/* Does stored value v match what the caller named: `canon`, the value as
 * add would store it (NULL when add would refuse it), or `value` byte for
 * byte (a value stored before its normalisation was)? */
static int
value_named(const sanctum__evalue *v, const char *canon, size_t canon_len, const char *value)
{
    if (canon != NULL && v->len == canon_len && memcmp(v->text, canon, canon_len) == 0)
        return 1;
    return strcmp(v->text, value) == 0;
}

int
sanctum_entity_remove(sanctum_entity *e, const char *prop, const char *value)
{
    const sanctum__prop *p;
    char *canon = NULL;
    size_t w = 0, canon_len = 0;
    int removed = 0, rc;

    sanctum__err_clear();
    if (prop == NULL || (p = sanctum__schema_prop(e->schema, prop)) == NULL)
        return err_prop(e, prop);
    /* add stores values normalised ("DE" as "de"): compare in that form,
     * so the string that added a value removes it */
    if (value != NULL && (rc = value_canon(&canon, &canon_len, e, p, value)) < 0) {
        if (rc != SANCTUM_EINVAL)
            return rc;
        sanctum__err_clear(); /* a value add refuses was never added: no error */
    }
    for (size_t i = 0; i < e->count; i++) {
        sanctum__evalue *v = &e->values[i];
        if (v->prop == p && v->text != NULL &&
            (value == NULL || value_named(v, canon, canon_len, value))) {
            value_wipe(e, v);
            removed++;
            continue;
        }
        e->values[w++] = *v;
    }
    e->count = w;
    if (canon != NULL) {
        sodium_memzero(canon, canon_len);
        free(canon);
    }
    return removed;
}

size_t
sanctum_entity_count(const sanctum_entity *e)
{
    return e->count;
}

int
sanctum_entity_value(const sanctum_entity *e, size_t i, sanctum_value *out)
{
    const sanctum__evalue *v;

    if (i >= e->count)
        return SANCTUM_ENOTFOUND;
    v = &e->values[i];
    out->prop = v->prop->name;
    out->text = v->text;
    out->level = (sanctum_level)v->level;
    out->withheld = v->text == NULL;
    return SANCTUM_OK;
}

const char *
sanctum_entity_first(const sanctum_entity *e, const char *prop)
{
    for (size_t i = 0; i < e->count; i++)
        if (e->values[i].text != NULL && strcmp(e->values[i].prop->name, prop) == 0)
            return e->values[i].text;
    return NULL;
}

const char *
sanctum_entity_caption(const sanctum_entity *e)
{
    const char *c;

    for (const char *const *p = e->schema->caption; p != NULL && *p != NULL; p++)
        if ((c = sanctum_entity_first(e, *p)) != NULL)
            return c;
    return e->id;
}

int
sanctum__id_arg(char out[SANCTUM__ID_MAX], const char *id)
{
    if (id == NULL)
        return sanctum__err(SANCTUM_EINVAL, "no entity id given");
    if (sanctum__id_parse(out, id, strlen(id)) == 0)
        return SANCTUM_OK;
    /* a name or passport number given by mistake must not reach a log */
    if (sanctum__err_id_shaped(id))
        return sanctum__err(SANCTUM_EINVAL, "'%s' is not an entity id", id);
    return sanctum__err(SANCTUM_EINVAL, "not an entity id (%zu bytes, not in id form "
                        "PREFIX-XXXX-XXXX)", strlen(id));
}

/* ------------------------------------------------------------ schemas */

size_t
sanctum_schema_count(void)
{
    return sanctum__schema_count();
}

const char *
sanctum_schema_name(size_t i)
{
    const sanctum__schema *s = sanctum__schema_at(i);
    return s ? s->name : NULL;
}

int
sanctum_schema_has_prop(const char *schema, const char *prop)
{
    const sanctum__schema *s = schema ? sanctum__schema_find(schema) : NULL;
    return s != NULL && prop != NULL && sanctum__schema_prop(s, prop) != NULL;
}

sanctum_level
sanctum_schema_prop_level(const char *schema, const char *prop)
{
    const sanctum__schema *s = schema ? sanctum__schema_find(schema) : NULL;
    const sanctum__prop *p = (s && prop) ? sanctum__schema_prop(s, prop) : NULL;
    return p ? (sanctum_level)p->level : SANCTUM_LEVEL_NONE;
}

const char *
sanctum_schema_prop_type(const char *schema, const char *prop)
{
    const sanctum__schema *s = schema ? sanctum__schema_find(schema) : NULL;
    const sanctum__prop *p = (s && prop) ? sanctum__schema_prop(s, prop) : NULL;
    return p ? sanctum__ptype_name(p->type) : NULL;
}

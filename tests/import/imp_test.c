/* SPDX-License-Identifier: Apache-2.0 */
/* imp_test.c - running sanctum-import/-export in tests and reading what they stored. */
#include "imp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long
imp_count(const json_t *doc, const char *key)
{
    const json_t *v = json_object_get(doc, key);

    if (!json_is_integer(v))
        fail_msg("summary has no integer \"%s\"", key);
    return (long long)json_integer_value(v);
}

void
imp_load(imp_store *out, const cli_store *s)
{
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_id_list *list = NULL;
    const char *ids[SANCTUM_BATCH_MAX];
    size_t i, k, start;

    memset(out, 0, sizeof *out);
    assert_int_equal(sanctum_store_open(&out->st, s->store, &opts), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&out->s, out->st, CLI_ADMIN_NAME,
                                          (const unsigned char *)CLI_ADMIN_PASS,
                                          strlen(CLI_ADMIN_PASS)),
                     SANCTUM_OK);
    assert_int_equal(sanctum_entity_list(&list, out->s, NULL), SANCTUM_OK);
    out->n = sanctum_id_list_count(list);
    out->e = calloc(out->n + 1, sizeof *out->e);
    assert_non_null(out->e);
    for (start = 0; start < out->n; start += k) {
        k = out->n - start < SANCTUM_BATCH_MAX ? out->n - start : SANCTUM_BATCH_MAX;
        for (i = 0; i < k; i++)
            ids[i] = sanctum_id_list_at(list, start + i);
        assert_int_equal(sanctum_entity_get_batch(out->e + start, out->s, ids, k,
                                                  "import test"),
                         SANCTUM_OK);
    }
    sanctum_id_list_free(list);
    sanctum_session_close(out->s);
    sanctum_store_close(out->st);
    out->s = NULL;
    out->st = NULL;
}

void
imp_unload(imp_store *is)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        sanctum_entity_free(is->e[i]);
    free(is->e);
    memset(is, 0, sizeof *is);
}

imp_fixture *
imp_fixture_new(const char *tag)
{
    imp_fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    cli_store_setup(&f->s, tag, 1);
    return f;
}

int
imp_fixture_load(imp_fixture *f, void **state)
{
    imp_load(&f->is, &f->s);
    *state = f;
    return 0;
}

int
imp_fixture_teardown(void **state)
{
    imp_fixture *f = *state;

    imp_unload(&f->is);
    cli_store_teardown(&f->s);
    free(f);
    return 0;
}

sanctum_entity *
imp_find(const imp_store *is, const char *list, const char *source_id)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        if (imp_has(is->e[i], "sourceId", source_id) &&
            (list == NULL || imp_has(is->e[i], "sourceList", list)))
            return is->e[i];
    return NULL;
}

sanctum_entity *
imp_by_id(const imp_store *is, const char *id)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        if (strcmp(sanctum_entity_id(is->e[i]), id) == 0)
            return is->e[i];
    return NULL;
}

size_t
imp_count_schema(const imp_store *is, const char *schema, const char *list)
{
    size_t i, n = 0;

    for (i = 0; i < is->n; i++)
        if (strcmp(sanctum_entity_schema(is->e[i]), schema) == 0 &&
            (list == NULL || imp_has(is->e[i], "sourceList", list)))
            n++;
    return n;
}

/* The value `value` of `prop` in e (into *v): 1, or 0 if e lacks it. */
static int
find_value(const sanctum_entity *e, const char *prop, const char *value, sanctum_value *v)
{
    size_t i, n = sanctum_entity_count(e);

    for (i = 0; i < n; i++)
        if (sanctum_entity_value(e, i, v) == SANCTUM_OK && v->text != NULL &&
            strcmp(v->prop, prop) == 0 && strcmp(v->text, value) == 0)
            return 1;
    return 0;
}

int
imp_has(const sanctum_entity *e, const char *prop, const char *value)
{
    sanctum_value v;

    return find_value(e, prop, value, &v);
}

size_t
imp_nvalues(const sanctum_entity *e, const char *prop)
{
    size_t i, n = sanctum_entity_count(e), k = 0;
    sanctum_value v;

    for (i = 0; i < n; i++)
        if (sanctum_entity_value(e, i, &v) == SANCTUM_OK && strcmp(v.prop, prop) == 0)
            k++;
    return k;
}

sanctum_level
imp_level(const sanctum_entity *e, const char *prop, const char *value)
{
    sanctum_value v;

    return find_value(e, prop, value, &v) ? v.level : SANCTUM_LEVEL_NONE;
}

const char *
imp_write(const cli_store *s, const char *name, const void *bytes, size_t len)
{
    static char paths[8][1024];
    static unsigned int next;
    char *path = paths[next++ % 8];

    snprintf(path, sizeof paths[0], "%s/%s", s->dir, name);
    assert_int_equal(tu_write_file(path, bytes, len, 0600), 0);
    return path;
}

const char *
imp_patch(const cli_store *s, const char *name, const char *data_file, const void *old,
          size_t oldlen, const void *repl, size_t repllen)
{
    size_t len, off;
    unsigned char *src = tu_read_file(tu_data(data_file), &len), *dst, *hit = NULL;
    const char *path;

    assert_non_null(src);
    for (off = 0; off + oldlen <= len; off++) {
        if (memcmp(src + off, old, oldlen) == 0) {
            hit = src + off;
            break;
        }
    }
    assert_non_null(hit);
    dst = malloc(len - oldlen + repllen + 1);
    assert_non_null(dst);
    memcpy(dst, src, off);
    memcpy(dst + off, repl, repllen);
    memcpy(dst + off + repllen, src + off + oldlen, len - off - oldlen);
    path = imp_write(s, name, dst, len - oldlen + repllen);
    free(src);
    free(dst);
    return path;
}

int
imp_file_has(const char *path, const char *needle)
{
    size_t len;
    unsigned char *buf = tu_read_file(path, &len);
    int found;

    assert_non_null(buf);
    found = tu_memmem(buf, len, needle, strlen(needle));
    free(buf);
    return found;
}

unsigned long long
imp_audit_size(const cli_store *s)
{
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *st = NULL;
    uint64_t n = 0;

    opts.flags = SANCTUM_STORE_RDONLY;
    assert_int_equal(sanctum_store_open(&st, s->store, &opts), SANCTUM_OK);
    assert_int_equal(sanctum_audit_size(&n, st), SANCTUM_OK);
    sanctum_store_close(st);
    return (unsigned long long)n;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* docs.c - docs/schemas.md agrees with the schema table, row by row. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

#define MAXROWS 256

/* One documented property row: name and "type|level|flags|range/values". */
typedef struct row {
    char name[64];
    char desc[512];
} row;

typedef struct section {
    row rows[MAXROWS];
    size_t n;
} section;

static const struct { unsigned int bit; const char *word; } flag_words[] = {
    { SANCTUM__PF_MULTI, "multi" },         { SANCTUM__PF_SEARCHABLE_NAME, "name" },
    { SANCTUM__PF_WEAK_NAME, "weak" },      { SANCTUM__PF_NAME_PART, "namepart" },
    { SANCTUM__PF_SEARCHABLE_ID, "id" },    { SANCTUM__PF_CAPTION, "caption" },
    { SANCTUM__PF_READONLY, "readonly" },
};

/* The row the docs should have for p. */
static void
describe(const sanctum__prop *p, char *out, size_t cap)
{
    char flags[128] = "", rv[384] = "";
    const char *const *e;
    size_t i;

    for (i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++) {
        if (p->flags & flag_words[i].bit) {
            if (flags[0] != '\0')
                strcat(flags, ", ");
            strcat(flags, flag_words[i].word);
        }
    }
    if (p->range != NULL)
        snprintf(rv, sizeof rv, "%s", p->range);
    for (e = p->enum_values; e != NULL && *e != NULL; e++) {
        if (rv[0] != '\0')
            strcat(rv, ", ");
        strcat(rv, *e);
    }
    snprintf(out, cap, "%s|%s|%s|%s", sanctum__ptype_name(p->type),
             sanctum__level_name(p->level), flags, rv);
}

/* Trim spaces in place; returns s. */
static char *
strip(char *s)
{
    char *end;

    while (*s == ' ')
        s++;
    end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    return s;
}

/* Parse "| `name` | type | level | flags | range |" into r; 0 if not a row. */
static int
parse_row(char *line, row *r)
{
    char *cells[7], *save = NULL, *c;
    size_t n = 0;

    if (strncmp(line, "| `", 3) != 0)
        return 0;
    for (c = strtok_r(line, "|", &save); c != NULL && n < 7; c = strtok_r(NULL, "|", &save))
        cells[n++] = strip(c);
    if (n < 4)
        fail_msg("malformed row in docs/schemas.md");
    /* An empty last cell is dropped by strtok_r. */
    snprintf(r->name, sizeof r->name, "%.*s", (int)strlen(cells[0]) - 2, cells[0] + 1);
    snprintf(r->desc, sizeof r->desc, "%s|%s|%s|%s", cells[1], cells[2], cells[3],
             n > 4 ? cells[4] : "");
    return 1;
}

static const row *
find_row(const section *sec, const char *name)
{
    size_t i;

    for (i = 0; i < sec->n; i++)
        if (strcmp(sec->rows[i].name, name) == 0)
            return &sec->rows[i];
    return NULL;
}

/* The "Prefix `PER` · entity · extends: ... · caption: ..." line for s. */
static void
header_line(const sanctum__schema *s, char *out, size_t cap)
{
    const char *const *e;
    size_t off;

    off = (size_t)snprintf(out, cap, "Prefix `%s` · %s · extends:", s->prefix,
                           s->is_link ? "link" : "entity");
    if (s->extends[0] == NULL)
        off += (size_t)snprintf(out + off, cap - off, " —");
    for (e = s->extends; *e != NULL; e++)
        off += (size_t)snprintf(out + off, cap - off, "%s %s", e == s->extends ? "" : ",", *e);
    off += (size_t)snprintf(out + off, cap - off, " · caption:");
    for (e = s->caption; *e != NULL; e++)
        off += (size_t)snprintf(out + off, cap - off, "%s `%s`", e == s->caption ? "" : ",", *e);
}

static void
test_schema_docs__match_the_table(void **state)
{
    unsigned char *buf = tu_read_file(SANCTUM_SOURCE_DIR "/docs/schemas.md", NULL);
    section *common = calloc(1, sizeof *common);
    section *secs = calloc(sanctum__schema_count(), sizeof *secs);
    int *seen = calloc(sanctum__schema_count(), sizeof *seen);
    char *line, *save = NULL, want[512];
    section *cur = NULL;
    const sanctum__schema *cur_schema = NULL;
    int expect_header = 0;
    size_t i, j;

    (void)state;
    assert_non_null(buf);
    assert_non_null(common);
    assert_non_null(secs);
    assert_non_null(seen);
    for (line = strtok_r((char *)buf, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        row r;

        if (strncmp(line, "## ", 3) == 0) {
            cur = NULL;
            cur_schema = NULL;
        } else if (strncmp(line, "### ", 4) == 0) {
            if (expect_header)
                fail_msg("docs: %s has no Prefix line", cur_schema->name);
            if (strcmp(line + 4, "Common properties") == 0) {
                cur = common;
                cur_schema = NULL;
                continue;
            }
            for (i = 0; i < sanctum__schema_count(); i++)
                if (strcmp(sanctum__schema_at(i)->name, line + 4) == 0)
                    break;
            if (i == sanctum__schema_count())
                fail_msg("docs: section for unknown schema %s", line + 4);
            if (seen[i]++)
                fail_msg("docs: schema %s documented twice", line + 4);
            cur = &secs[i];
            cur_schema = sanctum__schema_at(i);
            expect_header = 1;
        } else if (expect_header && strncmp(line, "Prefix ", 7) == 0) {
            header_line(cur_schema, want, sizeof want);
            if (strcmp(line, want) != 0)
                fail_msg("docs: %s header is\n  %s\nwant\n  %s", cur_schema->name, line, want);
            expect_header = 0;
        } else if (cur != NULL && parse_row(line, &r)) {
            assert_true(cur->n < MAXROWS);
            if (find_row(cur, r.name) != NULL)
                fail_msg("docs: %s listed twice", r.name);
            cur->rows[cur->n++] = r;
        }
    }
    assert_false(expect_header);
    assert_true(common->n > 0);
    for (i = 0; i < sanctum__schema_count(); i++) {
        const sanctum__schema *s = sanctum__schema_at(i);

        if (!seen[i])
            fail_msg("docs: no section for schema %s", s->name);
        /* Every documented row is a property with exactly that description. */
        for (j = 0; j < secs[i].n; j++) {
            const sanctum__prop *p = sanctum__schema_prop(s, secs[i].rows[j].name);

            if (p == NULL)
                fail_msg("docs: %s has no property %s", s->name, secs[i].rows[j].name);
            describe(p, want, sizeof want);
            if (strcmp(want, secs[i].rows[j].desc) != 0)
                fail_msg("docs: %s.%s is \"%s\", table says \"%s\"", s->name, p->name,
                         secs[i].rows[j].desc, want);
        }
        /* Every property is documented, in the schema's table or as common. */
        for (j = 0; j < s->nprops; j++) {
            const sanctum__prop *p = s->props[j];
            const row *r = find_row(&secs[i], p->name);

            if (r == NULL)
                r = find_row(common, p->name);
            if (r == NULL)
                fail_msg("docs: %s.%s is not documented", s->name, p->name);
            describe(p, want, sizeof want);
            if (strcmp(want, r->desc) != 0)
                fail_msg("docs: %s.%s is \"%s\", table says \"%s\"", s->name, p->name,
                         r->desc, want);
        }
        /* Every common property exists in every schema. */
        for (j = 0; j < common->n; j++)
            if (sanctum__schema_prop(s, common->rows[j].name) == NULL)
                fail_msg("docs: common property %s missing from %s", common->rows[j].name,
                         s->name);
    }
    free(seen);
    free(secs);
    free(common);
    free(buf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_docs__match_the_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

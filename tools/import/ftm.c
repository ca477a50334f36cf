/* SPDX-License-Identifier: Apache-2.0 */
/* ftm.c - FollowTheMoney JSON lines (OpenSanctions exports, sanctum-export output). */
#include "imp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"

/* Provenance properties: an import sets them itself (record.c). */
static const char *const provenance[] = { "sourceList", "sourceId", "sourceDate", NULL };

typedef struct ftm_state {
    imp_set    *set;
    const char *path;
    char        dropped[64][80]; /* "Schema.prop" already warned about */
    size_t      ndropped;
} ftm_state;

/* Does schema.prop hold entity references (FtM ids, mapped on import)? */
static int
is_ref(const char *schema, const char *prop)
{
    const char *type = sanctum_schema_prop_type(schema, prop);

    return type != NULL && strcmp(type, "entity") == 0;
}

static int
is_provenance(const char *prop)
{
    size_t i;

    for (i = 0; provenance[i] != NULL; i++)
        if (strcmp(provenance[i], prop) == 0)
            return 1;
    return 0;
}

/* An FtM id: a letter or digit, then letters, digits, '.', '_', ':', '-'. */
static int
is_ftm_id(const char *s)
{
    size_t n = strlen(s), i;

    if (n == 0 || n > 200 || !isalnum((unsigned char)s[0]))
        return 0;
    for (i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && strchr("._:-", s[i]) == NULL)
            return 0;
    return 1;
}

/* Warn once per schema and property that is left out. */
static void
warn_dropped(ftm_state *st, const imp_pos *pos, const char *schema, const char *prop)
{
    char key[80];
    size_t i;

    snprintf(key, sizeof key, "%s.%s", schema, prop);
    for (i = 0; i < st->ndropped; i++)
        if (strcmp(st->dropped[i], key) == 0)
            return;
    if (st->ndropped < sizeof st->dropped / sizeof st->dropped[0])
        snprintf(st->dropped[st->ndropped++], sizeof st->dropped[0], "%s", key);
    imp_warn(pos, "property %.60s is not a property of %s in sanctum: its values are not "
             "imported (warned once)", prop, schema);
    imp_set_counts(st->set)->warnings++;
}

/* Level `i` of property `prop` from the "sanctum": {"levels": {...}} member. */
static sanctum_level
level_of(const json_t *levels, const char *prop, size_t i)
{
    const json_t *arr = levels != NULL ? json_object_get(levels, prop) : NULL;
    const json_t *l = json_is_array(arr) ? json_array_get(arr, i) : NULL;

    return json_is_string(l) ? sanctum_level_from_name(json_string_value(l))
                             : SANCTUM_LEVEL_NONE;
}

/* One value: a string, or {"value": STRING, "level": LEVEL}. */
static int
one_value(ftm_state *st, imp_row *row, const imp_pos *pos, const char *prop, const json_t *v,
          sanctum_level level, int ref, const char **ref_out)
{
    const json_t *text = v, *lv;

    if (json_is_object(v)) {
        text = json_object_get(v, "value");
        lv = json_object_get(v, "level");
        if (json_is_string(lv)) {
            level = sanctum_level_from_name(json_string_value(lv));
            if (level == SANCTUM_LEVEL_NONE)
                return imp_bad(st->set, pos, "property %s: unknown level (expected official, "
                               "sensitive or secret)", prop);
        }
    }
    if (!json_is_string(text))
        return imp_bad(st->set, pos, "property %s: a value must be a string", prop);
    if (strlen(json_string_value(text)) != json_string_length(text))
        return imp_bad(st->set, pos, "property %s: a value contains a NUL character", prop);
    if (ref) {
        if (!is_ftm_id(json_string_value(text)))
            return imp_bad(st->set, pos, "property %s: not an entity id", prop);
        *ref_out = json_string_value(text);
        return 0;
    }
    return imp_row_add_level(row, pos->col, prop, prop, json_string_value(text),
                             level != SANCTUM_LEVEL_NONE ? level : SANCTUM_LEVEL_OFFICIAL);
}

static int
entity_line(ftm_state *st, const imp_pos *pos, const json_t *obj)
{
    const json_t *jid = json_object_get(obj, "id"), *js = json_object_get(obj, "schema");
    const json_t *props = json_object_get(obj, "properties"), *ext, *levels = NULL, *vals, *v;
    const char *schema, *prop, *ref;
    imp_row row;
    imp_rec *rec;
    size_t i, k, nrefs = 0, caprefs = 0;
    struct { const char *prop; const char *target; } *refs = NULL;
    int rc;

    if (!json_is_object(obj))
        return imp_bad(st->set, pos, "expected a JSON object");
    if (!json_is_string(jid) || !is_ftm_id(json_string_value(jid)))
        return imp_bad(st->set, pos, "no \"id\", or not an entity id");
    if (!json_is_string(js))
        return imp_bad(st->set, pos, "no \"schema\"");
    schema = json_string_value(js);
    if (props != NULL && !json_is_object(props))
        return imp_bad(st->set, pos, "\"properties\" must be an object");
    if ((ext = json_object_get(obj, "sanctum")) != NULL && json_is_object(ext))
        levels = json_object_get(ext, "levels");
    if ((rc = imp_row_begin(&row, st->set, schema, pos)) != 0)
        return rc;
    json_object_foreach((json_t *)props, prop, vals) {
        int isref = is_ref(schema, prop);
        size_t n = json_is_array(vals) ? json_array_size(vals) : 1;

        if (is_provenance(prop))
            continue;
        if (!sanctum_schema_has_prop(schema, prop)) {
            warn_dropped(st, pos, schema, prop);
            continue;
        }
        for (i = 0; i < n; i++) {
            v = json_is_array(vals) ? json_array_get(vals, i) : vals;
            ref = NULL;
            rc = one_value(st, &row, pos, prop, v, level_of(levels, prop, i), isref, &ref);
            if (rc != 0)
                goto fail;
            if (ref != NULL) {
                if (nrefs == caprefs) {
                    size_t ncap = caprefs ? caprefs * 2 : 8;
                    void *grown = realloc(refs, ncap * sizeof *refs);

                    if (grown == NULL) {
                        rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
                        goto fail;
                    }
                    refs = grown;
                    caprefs = ncap;
                }
                refs[nrefs].prop = prop;
                refs[nrefs].target = ref;
                nrefs++;
            }
        }
    }
    if ((rc = imp_rec_new(&rec, st->set, schema, json_string_value(jid), pos)) != 0)
        goto fail;
    if ((rc = imp_row_end(&row, rec)) != 0)
        goto done;
    for (k = 0; k < nrefs && rc == 0; k++)
        rc = imp_rec_ref(rec, refs[k].prop, refs[k].target, pos);
    goto done;
fail:
    imp_row_abort(&row);
done:
    free(refs);
    return rc;
}

static int
read_one(ftm_state *st, const char *path)
{
    const imp_opts *opts = imp_set_opts(st->set);
    imp_lines *lines = NULL;
    imp_line_status status;
    const char *line;
    size_t len;
    json_error_t err;
    json_t *obj;
    int rc;

    st->path = path;
    if ((rc = imp_lines_open(&lines, path, opts->encoding, IMP_LINE_MAX)) != 0)
        return rc;
    while ((rc = imp_lines_next(lines, &line, &len, &status)) == 1) {
        imp_pos pos = { path, imp_lines_lineno(lines), 0, NULL };

        if (status != IMP_LINE_OK) {
            pos.col = imp_lines_errcol(lines);
            rc = imp_bad(st->set, &pos, "%s", imp_line_status_text(status, opts->encoding));
        } else if (strspn(line, " \t\r\n") == len) {
            rc = 0;
        } else if ((obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &err)) == NULL) {
            char *near = strstr(err.text, " near ");

            /* jansson quotes the text near the error: it may be case data. */
            if (near != NULL)
                *near = '\0';
            pos.col = err.column > 0 ? (unsigned long)err.column : 0;
            rc = imp_bad(st->set, &pos, "malformed JSON: %s%s", err.text,
                         (size_t)err.position >= len - (line[len - 1] == '\n')
                             ? " (truncated line?)"
                             : "");
            sanctum_wipe(&err, sizeof err);
        } else {
            rc = entity_line(st, &pos, obj);
            json_decref(obj);
        }
        if (rc == IMP_SKIPPED)
            rc = 0;
        if (rc != 0)
            break;
    }
    if (rc == IMP_LINES_ERROR)
        rc = TOOL_EXIT_FAIL;
    imp_lines_close(lines);
    return rc;
}

int
imp_ftm_read(imp_set *set, char *const *files, size_t nfiles)
{
    ftm_state st;
    size_t i;
    int rc = 0;

    memset(&st, 0, sizeof st);
    st.set = set;
    for (i = 0; i < nfiles && rc == 0; i++)
        rc = read_one(&st, files[i]);
    return rc;
}

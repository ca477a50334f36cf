/* SPDX-License-Identifier: Apache-2.0 */
/* record.c - the records of one import: checked values, references, emission in order. */
#include "imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* A reference from one record to another, by source id. */
typedef struct imp_ref {
    char   *prop;    /* property of the referring record */
    char   *target;  /* source id of the target */
    imp_pos pos;     /* where the reference was read */
    int     dropped; /* left out (it closed a cycle) */
} imp_ref;

enum rec_state { REC_PENDING = 0, REC_VISITING, REC_EMITTED };

struct imp_rec {
    char           *source_id;
    sanctum_entity *e;        /* values (unstored); freed once emitted */
    char            schema[32];
    imp_pos         pos;      /* where the record starts */
    imp_ref        *refs;
    size_t          nrefs;
    size_t          caprefs;
    char            id[SANCTUM_ID_MAX]; /* stored id, once emitted */
    int             state;
    size_t          next_ref; /* DFS cursor while emitting */
};

struct imp_set {
    const imp_opts *opts;
    imp_rec       **recs;     /* in the order they were created */
    size_t          n;
    size_t          cap;
    size_t         *slots;    /* hash table: index + 1, 0 empty */
    size_t          nslots;   /* a power of two */
    imp_counts      counts;
    char            date[11]; /* sourceDate */
    int             date_fixed; /* --date given */
    tool_progress  *bar;      /* counts records while reading, or NULL */
};

static uint64_t
hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int
imp_set_new(imp_set **out, const imp_opts *opts)
{
    imp_set *set = calloc(1, sizeof *set);

    *out = NULL;
    if (set == NULL || (set->slots = calloc(1024, sizeof *set->slots)) == NULL) {
        free(set);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    set->nslots = 1024;
    set->opts = opts;
    if (opts->date != NULL) {
        snprintf(set->date, sizeof set->date, "%s", opts->date);
        set->date_fixed = 1;
    }
    *out = set;
    return 0;
}

static void
rec_free(imp_rec *r)
{
    size_t i;

    if (r == NULL)
        return;
    for (i = 0; i < r->nrefs; i++) {
        free(r->refs[i].prop);
        free(r->refs[i].target);
    }
    free(r->refs);
    sanctum_entity_free(r->e);
    free(r->source_id);
    free(r);
}

void
imp_set_free(imp_set *set)
{
    size_t i;

    if (set == NULL)
        return;
    for (i = 0; i < set->n; i++)
        rec_free(set->recs[i]);
    free(set->recs);
    free(set->slots);
    free(set);
}

void
imp_set_bar(imp_set *set, tool_progress *bar)
{
    set->bar = bar;
}

const imp_opts *
imp_set_opts(const imp_set *set)
{
    return set->opts;
}

imp_counts *
imp_set_counts(imp_set *set)
{
    return &set->counts;
}

void
imp_set_offer_date(imp_set *set, const char *iso_date)
{
    if (set->date_fixed || iso_date == NULL || !imp_date_valid(iso_date))
        return;
    if (strcmp(iso_date, set->date) > 0)
        snprintf(set->date, sizeof set->date, "%s", iso_date);
}

const char *
imp_set_date(const imp_set *set)
{
    return set->date;
}

int
imp_bad(imp_set *set, const imp_pos *pos, const char *fmt, ...)
{
    char msg[2100];
    va_list ap;

    va_start(ap, fmt);
    imp_vmessage(msg, sizeof msg, pos, fmt, ap);
    va_end(ap);
    if (set->opts->skip_bad) {
        tool_error("%s (skipped)", msg);
        set->counts.skipped++;
        return IMP_SKIPPED;
    }
    tool_error("%s", msg);
    return TOOL_EXIT_DATA;
}

int
imp_fatal(const imp_pos *pos, const char *fmt, ...)
{
    char msg[2100];
    va_list ap;

    va_start(ap, fmt);
    imp_vmessage(msg, sizeof msg, pos, fmt, ap);
    va_end(ap);
    tool_error("%s", msg);
    return TOOL_EXIT_DATA;
}

/* Slot of `source_id` in the hash table: the one holding it or the empty
 * one where it would go. */
static size_t
find_slot(const imp_set *set, const char *source_id)
{
    size_t i = (size_t)hash_str(source_id) & (set->nslots - 1);

    while (set->slots[i] != 0 &&
           strcmp(set->recs[set->slots[i] - 1]->source_id, source_id) != 0)
        i = (i + 1) & (set->nslots - 1);
    return i;
}

imp_rec *
imp_set_find(imp_set *set, const char *source_id)
{
    size_t i = find_slot(set, source_id);

    return set->slots[i] != 0 ? set->recs[set->slots[i] - 1] : NULL;
}

/* Double the hash table. -1 when out of memory. */
static int
rehash(imp_set *set)
{
    size_t *old = set->slots, oldn = set->nslots, i;

    if ((set->slots = calloc(oldn * 2, sizeof *set->slots)) == NULL) {
        set->slots = old;
        return -1;
    }
    set->nslots = oldn * 2;
    for (i = 0; i < oldn; i++)
        if (old[i] != 0)
            set->slots[find_slot(set, set->recs[old[i] - 1]->source_id)] = old[i];
    free(old);
    return 0;
}

int
imp_rec_new(imp_rec **out, imp_set *set, const char *schema, const char *source_id,
            const imp_pos *pos)
{
    imp_rec *r = NULL;
    size_t slot;
    int rc;

    *out = NULL;
    if (*source_id == '\0')
        return imp_bad(set, pos, "no source id");
    if (strlen(source_id) > 200)
        return imp_bad(set, pos, "source id longer than 200 bytes");
    if (imp_set_find(set, source_id) != NULL)
        return imp_bad(set, pos, "the same source id as an earlier record");
    if ((set->n + 1) * 2 > set->nslots && rehash(set) != 0)
        goto oom;
    if (set->n == set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 256;
        imp_rec **grown = realloc(set->recs, ncap * sizeof *grown);

        if (grown == NULL)
            goto oom;
        set->recs = grown;
        set->cap = ncap;
    }
    if ((r = calloc(1, sizeof *r)) == NULL || (r->source_id = strdup(source_id)) == NULL)
        goto oom;
    rc = sanctum_entity_new(&r->e, schema);
    if (rc == SANCTUM_EINVAL) {
        rec_free(r);
        return imp_bad(set, pos, "unknown schema");
    }
    if (rc != SANCTUM_OK)
        goto oom;
    snprintf(r->schema, sizeof r->schema, "%s", schema);
    r->pos = *pos;
    r->pos.col = 0;
    r->pos.field = NULL;
    slot = find_slot(set, source_id);
    set->recs[set->n++] = r;
    set->slots[slot] = set->n;
    set->counts.records++;
    if (set->bar != NULL)
        tool_progress_update(set->bar, set->counts.records);
    *out = r;
    return 0;
oom:
    rec_free(r);
    tool_error("out of memory");
    return TOOL_EXIT_FAIL;
}

const sanctum_entity *
imp_rec_entity(const imp_rec *r)
{
    return r->e;
}

const char *
imp_rec_schema(const imp_rec *r)
{
    return r->schema;
}

const char *
imp_rec_source_id(const imp_rec *r)
{
    return r->source_id;
}

int
imp_rec_promote(imp_rec *r, const char *from, const char *to)
{
    size_t i, n;
    sanctum_value v;
    int rc;

    if (r->e == NULL || sanctum_entity_first(r->e, to) != NULL)
        return 0;
    n = sanctum_entity_count(r->e);
    for (i = 0; i < n; i++) {
        if (sanctum_entity_value(r->e, i, &v) != SANCTUM_OK)
            break;
        if (v.text == NULL || strcmp(v.prop, from) != 0)
            continue;
        if ((rc = sanctum_entity_add(r->e, to, v.text, v.level)) != SANCTUM_OK)
            return tool_fail(rc, "%s:%lu: property %s", r->pos.file, r->pos.line, to);
        break;
    }
    return 0;
}

size_t
imp_set_count(const imp_set *set)
{
    return set->n;
}

imp_rec *
imp_set_at(imp_set *set, size_t i)
{
    return i < set->n ? set->recs[i] : NULL;
}

int
imp_rec_ref(imp_rec *r, const char *prop, const char *target, const imp_pos *pos)
{
    imp_ref *ref;

    if (r->nrefs == r->caprefs) {
        size_t ncap = r->caprefs ? r->caprefs * 2 : 4;
        imp_ref *grown = realloc(r->refs, ncap * sizeof *grown);

        if (grown == NULL)
            goto oom;
        r->refs = grown;
        r->caprefs = ncap;
    }
    ref = &r->refs[r->nrefs];
    ref->prop = strdup(prop);
    ref->target = strdup(target);
    if (ref->prop == NULL || ref->target == NULL) {
        free(ref->prop);
        free(ref->target);
        goto oom;
    }
    ref->pos = *pos;
    ref->dropped = 0;
    r->nrefs++;
    return 0;
oom:
    tool_error("out of memory");
    return TOOL_EXIT_FAIL;
}

/* ------------------------------------------------------------ rows */

int
imp_row_begin(imp_row *row, imp_set *set, const char *schema, const imp_pos *pos)
{
    int rc;

    memset(row, 0, sizeof *row);
    row->set = set;
    row->pos = *pos;
    row->pos.col = 0;
    row->pos.field = NULL;
    snprintf(row->schema, sizeof row->schema, "%s", schema);
    rc = sanctum_entity_new(&row->e, schema);
    if (rc == SANCTUM_EINVAL)
        return imp_bad(set, pos, "unknown schema");
    if (rc != SANCTUM_OK) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    return 0;
}

int
imp_row_add_level(imp_row *row, unsigned long col, const char *field, const char *prop,
                  const char *value, sanctum_level level)
{
    imp_pos pos = row->pos;
    int rc;

    if (level < row->set->opts->level)
        level = row->set->opts->level;
    rc = sanctum_entity_add(row->e, prop, value, level);
    if (rc == SANCTUM_OK)
        return 0;
    pos.col = col;
    pos.field = field;
    if (rc == SANCTUM_EINVAL)
        return imp_bad(row->set, &pos, "%s", sanctum_last_error());
    return tool_fail(rc, "%s:%lu: property %s", pos.file, pos.line, prop);
}

int
imp_row_add(imp_row *row, unsigned long col, const char *field, const char *prop,
            const char *value)
{
    return imp_row_add_level(row, col, field, prop, value, row->set->opts->level);
}

int
imp_row_soft(imp_row *row, const char *prop, const char *value)
{
    int rc;

    if (!sanctum_schema_has_prop(row->schema, prop))
        return 0;
    rc = sanctum_entity_add(row->e, prop, value, row->set->opts->level);
    if (rc == SANCTUM_OK || rc == SANCTUM_EINVAL)
        return 0;
    return tool_fail(rc, "%s:%lu: property %s", row->pos.file, row->pos.line, prop);
}

int
imp_row_end(imp_row *row, imp_rec *rec)
{
    size_t i, n = sanctum_entity_count(row->e);
    sanctum_value v;
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++) {
        if (sanctum_entity_value(row->e, i, &v) != SANCTUM_OK)
            break;
        if ((rc = sanctum_entity_add(rec->e, v.prop, v.text, v.level)) != SANCTUM_OK)
            rc = tool_fail(rc, "%s:%lu: property %s", row->pos.file, row->pos.line, v.prop);
    }
    sanctum_entity_free(row->e);
    row->e = NULL;
    return rc;
}

void
imp_row_abort(imp_row *row)
{
    sanctum_entity_free(row->e);
    row->e = NULL;
}

/* ------------------------------------------------------------ emission */

/* Add the provenance values every imported entity carries. */
static int
add_provenance(imp_set *set, imp_rec *r, const char *list)
{
    int rc;

    sanctum_entity_remove(r->e, "sourceList", NULL);
    sanctum_entity_remove(r->e, "sourceId", NULL);
    sanctum_entity_remove(r->e, "sourceDate", NULL);
    if ((rc = sanctum_entity_add(r->e, "sourceList", list, set->opts->level)) != SANCTUM_OK ||
        (rc = sanctum_entity_add(r->e, "sourceId", r->source_id, set->opts->level)) !=
            SANCTUM_OK)
        return tool_fail(rc, "%s:%lu: provenance", r->pos.file, r->pos.line);
    if (set->date[0] != '\0' &&
        (rc = sanctum_entity_add(r->e, "sourceDate", set->date, set->opts->level)) !=
            SANCTUM_OK)
        return tool_fail(rc, "%s:%lu: property sourceDate", r->pos.file, r->pos.line);
    return 0;
}

/*
 * Resolve reference `ref` of `r` to a sanctum id and add it. A target that
 * is neither in this import nor stored by an earlier run of the list is
 * left out with a warning. `run` NULL: a dry run (nothing is added).
 */
static int
add_ref(imp_set *set, sanctum_import *run, imp_rec *r, const imp_ref *ref)
{
    imp_rec *t;
    char id[SANCTUM_ID_MAX];
    const char *use = NULL;
    int rc = SANCTUM_ENOTFOUND;

    if (ref->dropped)
        return 0;
    t = imp_set_find(set, ref->target);
    if (t != NULL && t->state == REC_EMITTED) {
        if (run == NULL)
            return 0;
        use = t->id;
    } else if (t == NULL && run != NULL) {
        rc = sanctum_import_find(run, ref->target, id);
        if (rc == SANCTUM_OK)
            use = id;
        else if (rc != SANCTUM_ENOTFOUND)
            return tool_fail(rc, "%s:%lu: reference %s", ref->pos.file, ref->pos.line,
                             ref->prop);
    }
    if (use == NULL) {
        set->counts.dropped_refs++;
        set->counts.warnings++;
        imp_warn(&ref->pos, "property %s: refers to an entity that is %s; reference left out",
                 ref->prop, run != NULL ? "neither in this import nor in the store"
                                        : "not in this import");
        return 0;
    }
    rc = sanctum_entity_add(r->e, ref->prop, use, set->opts->level);
    if (rc == SANCTUM_EINVAL)
        return imp_bad(set, &ref->pos, "%s", sanctum_last_error());
    if (rc != SANCTUM_OK)
        return tool_fail(rc, "%s:%lu: reference %s", ref->pos.file, ref->pos.line, ref->prop);
    return 0;
}

/* Store one record whose references are resolved (or a dry run: drop it). */
static int
emit_one(imp_set *set, sanctum_import *run, imp_rec *r, const char *list)
{
    size_t i;
    int rc;

    for (i = 0; i < r->nrefs; i++) {
        rc = add_ref(set, run, r, &r->refs[i]);
        if (rc == IMP_SKIPPED)
            continue;
        if (rc != 0)
            return rc;
    }
    if (run != NULL) {
        if ((rc = add_provenance(set, r, list)) != 0)
            return rc;
        if ((rc = sanctum_import_add(run, r->e)) != SANCTUM_OK) {
            if (rc == SANCTUM_EINVAL)
                return imp_fatal(&r->pos, "record refused: %s", sanctum_last_error());
            return tool_fail(rc, "%s:%lu: cannot import the %s", r->pos.file, r->pos.line,
                             r->schema);
        }
        snprintf(r->id, sizeof r->id, "%s", sanctum_entity_id(r->e));
    }
    /* The plaintext is no longer needed: free (and so wipe) it now. */
    sanctum_entity_free(r->e);
    r->e = NULL;
    r->state = REC_EMITTED;
    return 0;
}

/*
 * Emit record `start` after the records it refers to (iterative depth-first
 * search, so long chains cannot exhaust the stack). A cycle is a bad row.
 */
static int
emit_from(imp_set *set, sanctum_import *run, imp_rec *start, const char *list,
          imp_rec ***stack, size_t *stackcap, tool_progress *bar, uint64_t *done)
{
    size_t depth = 0;
    int rc;

    if (start->state != REC_PENDING)
        return 0;
    (*stack)[depth++] = start;
    start->state = REC_VISITING;
    start->next_ref = 0;
    while (depth > 0) {
        imp_rec *r = (*stack)[depth - 1], *t = NULL;

        while (r->next_ref < r->nrefs) {
            t = imp_set_find(set, r->refs[r->next_ref].target);
            if (t != NULL && t->state == REC_PENDING)
                break;
            if (t != NULL && t->state == REC_VISITING) {
                rc = imp_bad(set, &r->refs[r->next_ref].pos,
                             "property %s: a cycle of references", r->refs[r->next_ref].prop);
                if (rc != IMP_SKIPPED)
                    return rc;
                /* Break the cycle: leave this reference out. */
                r->refs[r->next_ref].dropped = 1;
            }
            t = NULL;
            r->next_ref++;
        }
        if (t != NULL) {
            if (depth == *stackcap) {
                size_t ncap = *stackcap * 2;
                imp_rec **grown = realloc(*stack, ncap * sizeof *grown);

                if (grown == NULL) {
                    tool_error("out of memory");
                    return TOOL_EXIT_FAIL;
                }
                *stack = grown;
                *stackcap = ncap;
            }
            t->state = REC_VISITING;
            t->next_ref = 0;
            (*stack)[depth++] = t;
            r->next_ref++;
            continue;
        }
        if ((rc = emit_one(set, run, r, list)) != 0)
            return rc;
        depth--;
        if (bar != NULL)
            tool_progress_update(bar, ++*done);
    }
    return 0;
}

int
imp_set_emit(imp_set *set, sanctum_import *run, tool_progress *bar)
{
    const char *list = set->opts->list;
    size_t stackcap = 64, i;
    imp_rec **stack = malloc(stackcap * sizeof *stack);
    uint64_t done = 0;
    int rc = 0;

    if (stack == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    for (i = 0; i < set->n && rc == 0; i++)
        rc = emit_from(set, run, set->recs[i], list, &stack, &stackcap, bar, &done);
    free(stack);
    return rc;
}

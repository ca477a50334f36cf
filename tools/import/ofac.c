/* SPDX-License-Identifier: Apache-2.0 */
/* ofac.c - the OFAC SDN legacy CSV set (sdn.csv, alt.csv, add.csv, sdn_comments.csv). */
#include "imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"

/* Fields of each file (no header row; "-0-" is null). */
enum { SDN_FIELDS = 12, ALT_FIELDS = 5, ADD_FIELDS = 6, COMMENT_FIELDS = 2 };

static const char *const sdn_names[SDN_FIELDS] = {
    "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
    "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks"
};
static const char *const alt_names[ALT_FIELDS] = {
    "ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"
};
static const char *const add_names[ADD_FIELDS] = {
    "ent_num", "add_num", "Address", "City/State/Province/Postal Code", "Country",
    "add_remarks"
};

/* A remarks continuation from sdn_comments.csv, waiting for its entry. */
typedef struct ofac_comment {
    char   *ent_num;
    char   *text;
    imp_pos pos;
    int     used;
} ofac_comment;

typedef struct ofac_state {
    imp_set      *set;
    ofac_comment *comments;
    size_t        ncomments;
    size_t        capcomments;
    int           unchecked;   /* the primary is standard input, taken as
                                  sdn.csv unseen: check its first row */
} ofac_state;

/* A field's value, or NULL for "-0-" and empty fields (trimmed in place). */
static char *
val(char *f)
{
    f = imp_trim(f);
    if (*f == '\0' || strcmp(f, "-0-") == 0)
        return NULL;
    return f;
}

static int
is_ent_num(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n <= 10 && strspn(s, "0123456789") == n;
}

static int
bad_count(imp_set *set, const imp_pos *pos, size_t n, size_t want)
{
    return imp_bad(set, pos, "%zu fields, expected %zu%s", n, want,
                   n < want ? " (truncated row?)" : "");
}

/* Position of field `i` (0-based) of a row. */
static imp_pos
at(const imp_pos *row, size_t i, const char *const *names)
{
    imp_pos p = *row;

    p.col = (unsigned long)i + 1;
    p.field = names[i];
    return p;
}

/* ------------------------------------------------------------ comments */

static int
comment_row(void *arg, const imp_pos *pos, char **f, size_t n)
{
    ofac_state *st = arg;
    static const char *const names[COMMENT_FIELDS] = { "ent_num", "Remarks" };
    ofac_comment *c;
    char *num, *text;

    if (n != COMMENT_FIELDS)
        return bad_count(st->set, pos, n, COMMENT_FIELDS);
    num = imp_trim(f[0]);
    if (!is_ent_num(num)) {
        imp_pos p = at(pos, 0, names);
        return imp_bad(st->set, &p, "not an entry number");
    }
    if ((text = val(f[1])) == NULL)
        return 0;
    if (st->ncomments == st->capcomments) {
        size_t ncap = st->capcomments ? st->capcomments * 2 : 16;
        ofac_comment *grown = realloc(st->comments, ncap * sizeof *grown);

        if (grown == NULL)
            goto oom;
        st->comments = grown;
        st->capcomments = ncap;
    }
    c = &st->comments[st->ncomments];
    memset(c, 0, sizeof *c);
    c->pos = *pos;
    if ((c->ent_num = strdup(num)) == NULL || (c->text = strdup(text)) == NULL) {
        free(c->ent_num);
        goto oom;
    }
    st->ncomments++;
    return 0;
oom:
    tool_error("out of memory");
    return TOOL_EXIT_FAIL;
}

/* The remarks of entry `num`: its own plus any continuation, joined. */
static int
full_remarks(ofac_state *st, imp_buf *out, const char *num, const char *own)
{
    size_t i;

    if (own != NULL && imp_buf_adds(out, own) != 0)
        return -1;
    for (i = 0; i < st->ncomments; i++) {
        if (strcmp(st->comments[i].ent_num, num) != 0)
            continue;
        st->comments[i].used = 1;
        if (imp_buf_adds(out, st->comments[i].text) != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ sdn.csv */

/* "SDGT] [IFSR" -> "SDGT", "IFSR". */
static int
add_programs(imp_row *row, const imp_pos *p, char *text)
{
    char *s, *next;
    int rc;

    for (s = text; s != NULL; s = next) {
        next = strstr(s, "] [");
        if (next != NULL) {
            *next = '\0';
            next += 3;
        }
        s = imp_trim(s);
        while (*s == '[')
            s++;
        s[strcspn(s, "]")] = '\0';
        if (*imp_trim(s) == '\0')
            continue;
        if ((rc = imp_row_add(row, p->col, p->field, "program", s)) != 0)
            return rc;
    }
    return 0;
}

/* Tonnage as a number: "99,144" -> "99144" (in place). */
static char *
no_commas(char *s)
{
    char *r = s, *w = s;

    for (; *r != '\0'; r++)
        if (*r != ',')
            *w++ = *r;
    *w = '\0';
    return s;
}

/* "Label: value" into notes. */
static int
add_labelled_note(imp_row *row, const imp_pos *p, const char *label, const char *v)
{
    imp_buf b = IMP_BUF_INIT;
    int rc;

    if (imp_buf_adds(&b, label) != 0 || imp_buf_adds(&b, ": ") != 0 ||
        imp_buf_adds(&b, v) != 0) {
        imp_buf_free(&b);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = imp_row_add(row, p->col, p->field, "notes", b.p);
    imp_buf_free(&b);
    return rc;
}

/* The Sanction record of entry `num`: programme, authority, the subject. */
static int
add_sanction(ofac_state *st, const imp_pos *pos, const char *num, char *programs)
{
    char sid[64];
    imp_row row;
    imp_rec *rec;
    imp_pos p = at(pos, 3, sdn_names);
    int rc;

    snprintf(sid, sizeof sid, "%s:sanction", num);
    if ((rc = imp_row_begin(&row, st->set, "Sanction", pos)) != 0)
        return rc;
    if ((rc = imp_row_add(&row, 0, NULL, "authority", "Office of Foreign Assets Control")) ||
        (rc = imp_row_add(&row, 0, NULL, "country", "us")) ||
        (rc = imp_row_add(&row, 1, "ent_num", "authorityId", num)) ||
        (programs != NULL && (rc = add_programs(&row, &p, programs))))
        goto fail;
    if ((rc = imp_rec_new(&rec, st->set, "Sanction", sid, pos)) != 0)
        goto fail;
    if ((rc = imp_row_end(&row, rec)) != 0)
        return rc;
    return imp_rec_ref(rec, "entity", num, pos);
fail:
    imp_row_abort(&row);
    return rc;
}

static int
sdn_row(void *arg, const imp_pos *pos, char **f, size_t n)
{
    ofac_state *st = arg;
    const char *schema, *code;
    char *num, *name, *type, *v, *programs = NULL, *comma;
    imp_buf remarks = IMP_BUF_INIT;
    imp_row row;
    imp_rec *rec;
    imp_pos p;
    int rc, started = 0;

    if (n != SDN_FIELDS && st->unchecked)
        return imp_fatal(pos, "standard input is read as the primary file, sdn.csv, but "
                         "its first row has %zu fields, not %d (alt.csv, add.csv and "
                         "sdn_comments.csv must be named as files)", n, SDN_FIELDS);
    st->unchecked = 0;
    if (n != SDN_FIELDS)
        return bad_count(st->set, pos, n, SDN_FIELDS);
    num = imp_trim(f[0]);
    if (!is_ent_num(num)) {
        p = at(pos, 0, sdn_names);
        return imp_bad(st->set, &p, "not an entry number");
    }
    type = val(f[2]);
    if (type == NULL)
        schema = "Organization";
    else if (strcmp(type, "individual") == 0)
        schema = "Person";
    else if (strcmp(type, "vessel") == 0)
        schema = "Vessel";
    else if (strcmp(type, "aircraft") == 0)
        schema = "Airplane";
    else {
        p = at(pos, 2, sdn_names);
        return imp_bad(st->set, &p, "unknown type (expected individual, vessel, aircraft or -0-)");
    }
    if ((name = val(f[1])) == NULL) {
        p = at(pos, 1, sdn_names);
        return imp_bad(st->set, &p, "no name");
    }
    if ((rc = imp_row_begin(&row, st->set, schema, pos)) != 0)
        return rc;
    started = 1;
    p = at(pos, 1, sdn_names);
    if ((rc = imp_row_add(&row, p.col, p.field, "name", name)) != 0)
        goto done;
    /* "LAST, First Middle": the parts, when the split is plain. */
    if (strcmp(schema, "Person") == 0 && (comma = strstr(name, ", ")) != NULL &&
        strchr(comma + 1, ',') == NULL) {
        *comma = '\0';
        if ((rc = imp_row_soft(&row, "lastName", name)) != 0 ||
            (rc = imp_row_soft(&row, "firstName", comma + 2)) != 0)
            goto done;
    }
    if ((rc = imp_row_add(&row, 0, NULL, "topics", "sanction")) != 0)
        goto done;
    if ((v = val(f[3])) != NULL) {
        p = at(pos, 3, sdn_names);
        if ((programs = strdup(v)) == NULL || (rc = add_programs(&row, &p, v)) != 0) {
            rc = rc != 0 ? rc : (tool_error("out of memory"), TOOL_EXIT_FAIL);
            goto done;
        }
    }
    if ((v = val(f[4])) != NULL) {
        p = at(pos, 4, sdn_names);
        rc = strcmp(schema, "Person") == 0 ? imp_row_add(&row, p.col, p.field, "position", v)
                                           : add_labelled_note(&row, &p, "Title", v);
        if (rc != 0)
            goto done;
    }
    if ((v = val(f[5])) != NULL) {
        p = at(pos, 5, sdn_names);
        rc = sanctum_schema_has_prop(schema, "callSign")
                 ? imp_row_add(&row, p.col, p.field, "callSign", v)
                 : add_labelled_note(&row, &p, "Call sign", v);
        if (rc != 0)
            goto done;
    }
    if ((v = val(f[6])) != NULL) {
        p = at(pos, 6, sdn_names);
        if ((rc = imp_row_add(&row, p.col, p.field, "type", v)) != 0)
            goto done;
    }
    if ((v = val(f[7])) != NULL) {
        p = at(pos, 7, sdn_names);
        if ((rc = imp_row_add(&row, p.col, p.field, "tonnage", no_commas(v))) != 0)
            goto done;
    }
    if ((v = val(f[8])) != NULL) {
        p = at(pos, 8, sdn_names);
        if ((rc = imp_row_add(&row, p.col, p.field, "grossRegisteredTonnage",
                              no_commas(v))) != 0)
            goto done;
    }
    if ((v = val(f[9])) != NULL) {
        p = at(pos, 9, sdn_names);
        code = imp_country_loose(v);
        rc = code != NULL && sanctum_schema_has_prop(schema, "flag")
                 ? imp_row_add(&row, p.col, p.field, "flag", code)
                 : add_labelled_note(&row, &p, "Vessel flag", v);
        if (rc != 0)
            goto done;
    }
    if ((v = val(f[10])) != NULL) {
        p = at(pos, 10, sdn_names);
        if ((rc = add_labelled_note(&row, &p, "Vessel owner", v)) != 0)
            goto done;
    }
    /* Remarks: kept whole in notes, and read for structured properties. */
    if (full_remarks(st, &remarks, num, val(f[11])) != 0) {
        rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
        goto done;
    }
    if (remarks.len > 0) {
        p = at(pos, 11, sdn_names);
        if ((rc = imp_row_add(&row, p.col, p.field, "notes", remarks.p)) != 0 ||
            (rc = imp_ofac_remarks(&row, remarks.p)) != 0)
            goto done;
    }
    if ((rc = imp_rec_new(&rec, st->set, schema, num, pos)) != 0)
        goto done;
    started = 0;
    if ((rc = imp_row_end(&row, rec)) != 0)
        goto done;
    rc = add_sanction(st, pos, num, programs);
done:
    if (started)
        imp_row_abort(&row);
    imp_buf_free(&remarks);
    imp_free_str(programs);
    return rc;
}

/* ------------------------------------------------------------ alt.csv, add.csv */

/* The record of entry number field f[0], or a bad row. */
static int
entry_of(imp_rec **out, ofac_state *st, const imp_pos *pos, char *f0,
         const char *const *names)
{
    imp_pos p = at(pos, 0, names);
    char *num = imp_trim(f0);

    *out = NULL;
    if (!is_ent_num(num))
        return imp_bad(st->set, &p, "not an entry number");
    if ((*out = imp_set_find(st->set, num)) == NULL)
        return imp_bad(st->set, &p, "no such entry in the primary file (or it was skipped)");
    return 0;
}

static int
alt_row(void *arg, const imp_pos *pos, char **f, size_t n)
{
    ofac_state *st = arg;
    const char *prop;
    char *type, *name, *v;
    imp_rec *rec;
    imp_row row;
    imp_pos p;
    int rc;

    if (n != ALT_FIELDS)
        return bad_count(st->set, pos, n, ALT_FIELDS);
    if ((rc = entry_of(&rec, st, pos, f[0], alt_names)) != 0)
        return rc;
    type = val(f[2]);
    if (type != NULL && (strcmp(type, "aka") == 0 || strcmp(type, "nka") == 0)) {
        prop = "alias";
    } else if (type != NULL && strcmp(type, "fka") == 0) {
        prop = "previousName";
    } else {
        p = at(pos, 2, alt_names);
        return imp_bad(st->set, &p, "unknown alias type (expected aka, fka or nka)");
    }
    if ((name = val(f[3])) == NULL) {
        p = at(pos, 3, alt_names);
        return imp_bad(st->set, &p, "no name");
    }
    if ((rc = imp_row_begin(&row, st->set, imp_rec_schema(rec), pos)) != 0)
        return rc;
    p = at(pos, 3, alt_names);
    rc = imp_row_add(&row, p.col, p.field, prop, name);
    if (rc == 0 && (v = val(f[4])) != NULL) {
        p = at(pos, 4, alt_names);
        rc = imp_row_add(&row, p.col, p.field, "notes", v);
    }
    if (rc != 0) {
        imp_row_abort(&row);
        return rc;
    }
    return imp_row_end(&row, rec);
}

static int
add_row(void *arg, const imp_pos *pos, char **f, size_t n)
{
    ofac_state *st = arg;
    imp_buf addr = IMP_BUF_INIT;
    const char *code = NULL;
    char *country, *v;
    imp_rec *rec;
    imp_row row;
    imp_pos p;
    int rc;

    if (n != ADD_FIELDS)
        return bad_count(st->set, pos, n, ADD_FIELDS);
    if ((rc = entry_of(&rec, st, pos, f[0], add_names)) != 0)
        return rc;
    country = val(f[4]);
    if (imp_buf_join(&addr, ", ", val(f[2])) != 0 ||
        imp_buf_join(&addr, ", ", val(f[3])) != 0 ||
        imp_buf_join(&addr, ", ", country) != 0) {
        imp_buf_free(&addr);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    if ((rc = imp_row_begin(&row, st->set, imp_rec_schema(rec), pos)) != 0) {
        imp_buf_free(&addr);
        return rc;
    }
    p = at(pos, 2, add_names);
    if (addr.len > 0)
        rc = imp_row_add(&row, p.col, p.field, "address", addr.p);
    if (rc == 0 && country != NULL && (code = imp_country_loose(country)) != NULL) {
        p = at(pos, 4, add_names);
        rc = imp_row_add(&row, p.col, p.field, "country", code);
    }
    if (rc == 0 && (v = val(f[5])) != NULL) {
        p = at(pos, 5, add_names);
        rc = imp_row_add(&row, p.col, p.field, "notes", v);
    }
    imp_buf_free(&addr);
    if (rc != 0) {
        imp_row_abort(&row);
        return rc;
    }
    return imp_row_end(&row, rec);
}

/* ------------------------------------------------------------ the set */

/* The publication date when --date is not given: the primary file's
 * modification time (UTC), the only date the legacy files carry. On
 * standard input, only a redirected file has one (a pipe's is "now"). */
static void
offer_mtime(imp_set *set, const char *path)
{
    struct stat sb;
    struct tm tm;
    char date[11];
    int got = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode)
                                     : stat(path, &sb) == 0;

    if (!got || gmtime_r(&sb.st_mtime, &tm) == NULL)
        return;
    if (strftime(date, sizeof date, "%Y-%m-%d", &tm) == 10)
        imp_set_offer_date(set, date);
}

/*
 * The role of a file of the set, by its field count (imp_ofac_fields).
 * Standard input cannot be looked at first and read again: it is taken
 * as the primary file, sdn.csv, the one file of the set a pipeline would
 * carry, and its first row is checked as it is read (sdn_row).
 */
static int
role_of(int *role, const char *path)
{
    if (strcmp(path, "-") == 0) {
        *role = SDN_FIELDS;
        return 0;
    }
    return imp_ofac_fields(role, path);
}

int
imp_ofac_read(imp_set *set, char *const *files, size_t nfiles)
{
    ofac_state st;
    const char *primary = NULL;
    int *roles = calloc(nfiles ? nfiles : 1, sizeof *roles);
    size_t i;
    int rc = 0;

    memset(&st, 0, sizeof st);
    st.set = set;
    if (roles == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    for (i = 0; i < nfiles; i++) {
        if ((rc = role_of(&roles[i], files[i])) != 0)
            goto done;
        if (roles[i] == SDN_FIELDS) {
            if (primary != NULL) {
                tool_error("%s and %s are both primary SDN files (12 fields%s); import "
                           "them in separate runs", primary, files[i],
                           st.unchecked ? ", as standard input is taken to be" : "");
                rc = TOOL_EXIT_USAGE;
                goto done;
            }
            primary = files[i];
            st.unchecked = strcmp(primary, "-") == 0;
        } else if (roles[i] != ALT_FIELDS && roles[i] != ADD_FIELDS &&
                   roles[i] != COMMENT_FIELDS) {
            tool_error("%s: not a file of the OFAC legacy CSV set (expected 12 fields as in "
                       "sdn.csv, 5 as in alt.csv, 6 as in add.csv or 2 as in "
                       "sdn_comments.csv on the first row)", files[i]);
            rc = TOOL_EXIT_DATA;
            goto done;
        }
    }
    if (primary == NULL) {
        tool_error("no primary file (sdn.csv, 12 fields) among the files");
        rc = TOOL_EXIT_USAGE;
        goto done;
    }
    /* Continuations first, so each entry's remarks are whole when read. */
    for (i = 0; i < nfiles && rc == 0; i++)
        if (roles[i] == COMMENT_FIELDS)
            rc = imp_csv_read(set, files[i], comment_row, &st);
    if (rc == 0)
        rc = imp_csv_read(set, primary, sdn_row, &st);
    for (i = 0; i < nfiles && rc == 0; i++)
        if (roles[i] == ALT_FIELDS)
            rc = imp_csv_read(set, files[i], alt_row, &st);
    for (i = 0; i < nfiles && rc == 0; i++)
        if (roles[i] == ADD_FIELDS)
            rc = imp_csv_read(set, files[i], add_row, &st);
    for (i = 0; i < st.ncomments && rc == 0; i++) {
        if (!st.comments[i].used) {
            imp_pos p = st.comments[i].pos;

            p.col = 1;
            p.field = "ent_num";
            rc = imp_bad(set, &p, "no such entry in the primary file (or it was skipped)");
            if (rc == IMP_SKIPPED)
                rc = 0;
        }
    }
    if (rc == 0)
        offer_mtime(set, primary);
done:
    for (i = 0; i < st.ncomments; i++) {
        free(st.comments[i].ent_num);
        imp_free_str(st.comments[i].text);
    }
    free(st.comments);
    free(roles);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* unxml.c - the UN Security Council consolidated list XML, read with libxml2. */
#include "imp.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diag.h"

/* Longest run of years "BETWEEN 1960 AND 1975" expands to. */
#define YEAR_SPAN_MAX 20

/* The first error libxml2 reported. */
typedef struct xml_err {
    int  seen;
    int  code;
    int  line;
    int  col;
} xml_err;

typedef struct un_state {
    imp_set    *set;
    const char *path;
    char        unknown[32][40]; /* element names already warned about */
    size_t      nunknown;
} un_state;

/* libxml2 allocator: every block is wiped before it is freed (list data). */
static void
wiping_free(void *p)
{
    if (p == NULL)
        return;
    sanctum_wipe(p, malloc_usable_size(p));
    free(p);
}

static void *
wiping_realloc(void *old, size_t n)
{
    void *p;
    size_t oldn;

    if (old == NULL)
        return malloc(n);
    if ((p = malloc(n > 0 ? n : 1)) == NULL)
        return NULL;
    oldn = malloc_usable_size(old);
    memcpy(p, old, oldn < n ? oldn : n);
    sanctum_wipe(old, oldn);
    free(old);
    return p;
}

static char *
wiping_strdup(const char *s)
{
    return strdup(s);
}

static void
xml_setup(void)
{
    static int done;

    if (!done) {
        xmlMemSetup(wiping_free, malloc, wiping_realloc, wiping_strdup);
        xmlInitParser();
        done = 1;
    }
}

static void
on_xml_error(void *data, xmlErrorPtr e)
{
    xml_err *err = data;

    if (err->seen || e == NULL || e->level < XML_ERR_ERROR)
        return;
    err->seen = 1;
    err->code = e->code;
    err->line = e->line;
    err->col = e->int2;
}

/* Words for a libxml2 error, without its message (which may quote data). */
static const char *
xml_err_text(int code)
{
    switch (code) {
    case XML_ERR_DOCUMENT_EMPTY:
        return "empty document";
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
        return "the document ends before its elements are closed (truncated file?)";
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_INVALID_CHARREF:
        return "a character that is not valid UTF-8 or not allowed in XML";
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        return "an encoding libxml2 does not know";
    case XML_ERR_TAG_NAME_MISMATCH:
        return "an end tag does not match its start tag";
    case XML_ERR_DOCUMENT_END:
        return "content after the end of the document";
    case XML_I18N_CONV_FAILED:
        return "bytes that the document's encoding (--encoding, or its XML "
               "declaration) cannot convert: is that its encoding?";
    default:
        return "malformed XML";
    }
}

/* ------------------------------------------------------------ tree helpers */

static int
is(const xmlNode *n, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
    const xmlNode *c;

    for (c = n->children; c != NULL; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* The text of element `n`, squeezed to one line (or only trimmed with
 * `keep_lines`), in libxml2 memory (xmlFree), or NULL when empty. */
static char *
text_of(const xmlNode *n, int keep_lines)
{
    char *s;

    if (n == NULL || (s = (char *)xmlNodeGetContent(n)) == NULL)
        return NULL;
    if (keep_lines)
        memmove(s, imp_trim(s), strlen(imp_trim(s)) + 1);
    else
        imp_squeeze(s);
    if (*s == '\0') {
        xmlFree(s);
        return NULL;
    }
    return s;
}

static void
free_text(char *s)
{
    xmlFree(s); /* wiping_free */
}

static imp_pos
pos_of(const un_state *st, const xmlNode *n)
{
    imp_pos p = { st->path, (unsigned long)xmlGetLineNo(n), 0, (const char *)n->name };

    return p;
}

/* Add the text of `n` (when not empty) to `prop`. */
static int
add_el(un_state *st, imp_row *row, const xmlNode *n, const char *prop, int keep_lines)
{
    char *v = text_of(n, keep_lines);
    imp_pos p;
    int rc = 0;

    if (v != NULL) {
        p = pos_of(st, n);
        rc = imp_row_add(row, 0, p.field, prop, v);
        free_text(v);
    }
    return rc;
}

/* "Label: text" into notes. */
static int
add_note(imp_row *row, const imp_pos *p, const char *label, const char *text)
{
    imp_buf b = IMP_BUF_INIT;
    int rc;

    if ((label != NULL && (imp_buf_adds(&b, label) != 0 || imp_buf_adds(&b, ": ") != 0)) ||
        imp_buf_adds(&b, text) != 0) {
        imp_buf_free(&b);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = imp_row_add(row, 0, p->field, "notes", b.p);
    imp_buf_free(&b);
    return rc;
}

/* A country element: the code into `prop`, or the text into notes. */
static int
add_country(un_state *st, imp_row *row, const xmlNode *n, const char *prop, const char *label)
{
    char *v = text_of(n, 0);
    const char *code;
    imp_pos p;
    int rc = 0;

    if (v == NULL)
        return 0;
    p = pos_of(st, n);
    if ((code = imp_country_loose(v)) != NULL && sanctum_schema_has_prop(row->schema, prop))
        rc = imp_row_add(row, 0, p.field, prop, code);
    else
        rc = add_note(row, &p, label, v);
    free_text(v);
    return rc;
}

/* Join the texts of the named children of `n` with `sep` into b. */
static int
join_children(imp_buf *b, const xmlNode *n, const char *const *names, const char *sep)
{
    size_t i;
    char *v;
    int rc = 0;

    for (i = 0; names[i] != NULL && rc == 0; i++) {
        if ((v = text_of(child(n, names[i]), 0)) == NULL)
            continue;
        rc = imp_buf_join(b, sep, v);
        free_text(v);
    }
    return rc;
}

/* ------------------------------------------------------------ parts */

static int
alias(un_state *st, imp_row *row, const xmlNode *n)
{
    char *q = text_of(child(n, "QUALITY"), 0), *name = text_of(child(n, "ALIAS_NAME"), 0);
    char *note;
    const char *prop = "alias";
    imp_pos p = pos_of(st, n);
    int rc = 0;

    if (q != NULL && strcmp(q, "Low") == 0)
        prop = "weakAlias";
    else if (q != NULL && strcmp(q, "f.k.a.") == 0)
        prop = "previousName";
    if (name != NULL) {
        p.field = "ALIAS_NAME";
        rc = imp_row_add(row, 0, p.field, prop, name);
    }
    /* A note on an alias ("previously listed as") says which alias. */
    if (rc == 0 && (note = text_of(child(n, "NOTE"), 0)) != NULL) {
        p = pos_of(st, child(n, "NOTE"));
        rc = add_note(row, &p, name != NULL ? name : "Alias", note);
        free_text(note);
    }
    free_text(q);
    free_text(name);
    return rc;
}

static int
birth_date(un_state *st, imp_row *row, const xmlNode *n)
{
    char *type = text_of(child(n, "TYPE_OF_DATE"), 0), *date = text_of(child(n, "DATE"), 0);
    char *year = text_of(child(n, "YEAR"), 0), *from = text_of(child(n, "FROM_YEAR"), 0);
    char *to = text_of(child(n, "TO_YEAR"), 0), iso[11];
    imp_pos p = pos_of(st, n);
    int rc = 0, y1, y2, y;

    if (date != NULL) {
        p.field = "DATE";
        if (imp_date_iso(iso, date) != 0)
            rc = imp_bad(st->set, &p, "not a date (expected YYYY-MM-DD)");
        else
            rc = imp_row_add(row, 0, p.field, "birthDate", iso);
    } else if (year != NULL) {
        p.field = "YEAR";
        if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
            rc = imp_bad(st->set, &p, "not a year");
        else
            rc = imp_row_add(row, 0, p.field, "birthDate", year);
    } else if (from != NULL && to != NULL) {
        p.field = "FROM_YEAR";
        if (strlen(from) != 4 || strspn(from, "0123456789") != 4 || strlen(to) != 4 ||
            strspn(to, "0123456789") != 4 || (y1 = atoi(from)) > (y2 = atoi(to))) {
            rc = imp_bad(st->set, &p, "not a range of years");
        } else if (y2 - y1 > YEAR_SPAN_MAX) {
            if ((rc = imp_row_add(row, 0, p.field, "birthDate", from)) == 0)
                rc = imp_row_add(row, 0, "TO_YEAR", "birthDate", to);
        } else {
            for (y = y1; y <= y2 && rc == 0; y++) {
                snprintf(iso, sizeof iso, "%04d", y);
                rc = imp_row_add(row, 0, p.field, "birthDate", iso);
            }
        }
    } else if (type != NULL) {
        p.field = "TYPE_OF_DATE";
        rc = imp_bad(st->set, &p, "a date of birth without DATE, YEAR or FROM_YEAR/TO_YEAR");
    }
    free_text(type);
    free_text(date);
    free_text(year);
    free_text(from);
    free_text(to);
    if (rc == 0)
        rc = add_el(st, row, child(n, "NOTE"), "notes", 1);
    return rc;
}

/* A place element: its `parts` joined into `prop`, its COUNTRY as a code
 * into `country_prop`. */
static int
place(un_state *st, imp_row *row, const xmlNode *n, const char *const *parts,
      const char *prop, const char *country_prop)
{
    imp_buf b = IMP_BUF_INIT;
    char *country = text_of(child(n, "COUNTRY"), 0);
    const char *code = country != NULL ? imp_country_loose(country) : NULL;
    imp_pos p = pos_of(st, n);
    int rc = 0;

    if (join_children(&b, n, parts, ", ") != 0)
        rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
    else if (b.len > 0)
        rc = imp_row_add(row, 0, p.field, prop, b.p);
    if (rc == 0 && code != NULL)
        rc = imp_row_add(row, 0, "COUNTRY", country_prop, code);
    free_text(country);
    imp_buf_free(&b);
    return rc;
}

static int
birth_place(un_state *st, imp_row *row, const xmlNode *n)
{
    static const char *const parts[] = { "CITY", "STATE_PROVINCE", "COUNTRY", NULL };
    int rc = place(st, row, n, parts, "birthPlace", "birthCountry");

    return rc == 0 ? add_el(st, row, child(n, "NOTE"), "notes", 1) : rc;
}

static int
document(un_state *st, imp_row *row, const xmlNode *n)
{
    static const char *const details[] = {
        "TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY",
        "COUNTRY_OF_ISSUE", "DATE_OF_ISSUE", "CITY_OF_ISSUE", "NOTE", NULL
    };
    char *type = text_of(child(n, "TYPE_OF_DOCUMENT"), 0), *num = text_of(child(n, "NUMBER"), 0);
    const char *prop = type != NULL && strstr(type, "Passport") != NULL ? "passportNumber"
                                                                         : "idNumber";
    imp_buf b = IMP_BUF_INIT;
    imp_pos p = pos_of(st, n);
    int rc = 0;

    if (num != NULL)
        rc = imp_row_add(row, 0, "NUMBER", prop, num);
    /* The whole description (type, number, issuer, dates, note) in notes. */
    if (rc == 0 && join_children(&b, n, details, ", ") != 0)
        rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
    if (rc == 0 && b.len > 0)
        rc = add_note(row, &p, "Document", b.p);
    free_text(type);
    free_text(num);
    imp_buf_free(&b);
    return rc;
}

static int
address(un_state *st, imp_row *row, const xmlNode *n)
{
    static const char *const parts[] = {
        "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE", NULL
    };

    return place(st, row, n, parts, "address", "country");
}

/* Each <VALUE> child of `n` into `prop` (or notes as "label: text" when
 * prop is NULL or the schema lacks it). */
static int
values(un_state *st, imp_row *row, const xmlNode *n, const char *prop, const char *label)
{
    const xmlNode *c;
    char *v;
    imp_pos p;
    int rc = 0;

    for (c = n->children; c != NULL && rc == 0; c = c->next) {
        if (!is(c, "VALUE") || (v = text_of(c, 0)) == NULL)
            continue;
        p = pos_of(st, n);
        if (prop != NULL && sanctum_schema_has_prop(row->schema, prop))
            rc = imp_row_add(row, 0, p.field, prop, v);
        else
            rc = add_note(row, &p, label, v);
        free_text(v);
    }
    return rc;
}

static void
warn_unknown(un_state *st, const xmlNode *n)
{
    size_t i;
    imp_pos p;

    for (i = 0; i < st->nunknown; i++)
        if (strcmp(st->unknown[i], (const char *)n->name) == 0)
            return;
    if (st->nunknown < sizeof st->unknown / sizeof st->unknown[0])
        snprintf(st->unknown[st->nunknown++], sizeof st->unknown[0], "%s", n->name);
    p = pos_of(st, n);
    p.field = NULL;
    imp_warn(&p, "element %.40s is not imported", (const char *)n->name);
    imp_set_counts(st->set)->warnings++;
}

/* ------------------------------------------------------------ records */

/* The subject's values: everything but the listing facts. */
static int
subject(un_state *st, imp_row *row, const xmlNode *e, int person)
{
    static const char *const names[] = {
        "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", NULL
    };
    static const char *const ignored[] = {
        "DATAID", "VERSIONNUM", "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON",
        "LAST_DAY_UPDATED", "LIST_TYPE", "SORT_KEY", "SORT_KEY_LAST_MOD", "SUBMITTED_BY",
        "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", NULL
    };
    const xmlNode *c;
    imp_buf name = IMP_BUF_INIT;
    imp_pos p = pos_of(st, e);
    char *v;
    size_t i;
    int rc = 0;

    if (join_children(&name, e, names, " ") != 0) {
        imp_buf_free(&name);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    for (i = 0; names[i] != NULL; i++)
        if (name.len == 0 && child(e, names[i]) != NULL)
            p = pos_of(st, child(e, names[i]));
    if (name.len == 0) {
        imp_buf_free(&name);
        p.field = "FIRST_NAME";
        return imp_bad(st->set, &p, "no name");
    }
    rc = imp_row_add(row, 0, "FIRST_NAME", "name", name.p);
    imp_buf_free(&name);
    if (rc == 0 && person && (v = text_of(child(e, "FIRST_NAME"), 0)) != NULL) {
        rc = imp_row_soft(row, "firstName", v);
        free_text(v);
    }
    if (rc == 0 && person && (v = text_of(child(e, "SECOND_NAME"), 0)) != NULL) {
        rc = imp_row_soft(row, "secondName", v);
        free_text(v);
    }
    if (rc == 0)
        rc = imp_row_add(row, 0, NULL, "topics", "sanction");
    for (c = e->children; c != NULL && rc == 0; c = c->next) {
        const char *nm = (const char *)c->name;

        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, "NAME_ORIGINAL_SCRIPT"))
            rc = add_el(st, row, c, "alias", 0);
        else if (is(c, "GENDER")) {
            if ((v = text_of(c, 0)) != NULL) {
                p = pos_of(st, c);
                if (strcmp(v, "Male") == 0 || strcmp(v, "Female") == 0)
                    rc = imp_row_add(row, 0, p.field, "gender",
                                     strcmp(v, "Male") == 0 ? "male" : "female");
                else
                    rc = add_note(row, &p, "Gender", v);
                free_text(v);
            }
        } else if (is(c, "COMMENTS1"))
            rc = add_el(st, row, c, "notes", 1);
        else if (is(c, "TITLE"))
            rc = values(st, row, c, person ? "title" : NULL, "Title");
        else if (is(c, "DESIGNATION"))
            rc = values(st, row, c, person ? "position" : NULL, "Designation");
        else if (is(c, "NATIONALITY")) {
            const xmlNode *vn;
            for (vn = c->children; vn != NULL && rc == 0; vn = vn->next)
                if (is(vn, "VALUE"))
                    rc = add_country(st, row, vn, person ? "nationality" : "country",
                                     "Nationality");
        } else if (is(c, "INDIVIDUAL_ALIAS") || is(c, "ENTITY_ALIAS"))
            rc = alias(st, row, c);
        else if (is(c, "INDIVIDUAL_DATE_OF_BIRTH"))
            rc = birth_date(st, row, c);
        else if (is(c, "INDIVIDUAL_PLACE_OF_BIRTH"))
            rc = birth_place(st, row, c);
        else if (is(c, "INDIVIDUAL_DOCUMENT"))
            rc = document(st, row, c);
        else if (is(c, "INDIVIDUAL_ADDRESS") || is(c, "ENTITY_ADDRESS"))
            rc = address(st, row, c);
        else {
            for (i = 0; ignored[i] != NULL && strcmp(ignored[i], nm) != 0; i++)
                ;
            if (ignored[i] == NULL)
                warn_unknown(st, c);
        }
    }
    return rc;
}

/* The listing: UN_LIST_TYPE, REFERENCE_NUMBER, LISTED_ON, LAST_DAY_UPDATED. */
static int
listing(un_state *st, imp_row *row, const xmlNode *e)
{
    const xmlNode *c;
    char *v, iso[11];
    imp_pos p;
    int rc;

    if ((rc = imp_row_add(row, 0, NULL, "authority", "United Nations Security Council")) ||
        (rc = imp_row_add(row, 0, NULL, "country", "zz")) ||
        (rc = add_el(st, row, child(e, "UN_LIST_TYPE"), "program", 0)) ||
        (rc = add_el(st, row, child(e, "REFERENCE_NUMBER"), "unscId", 0)) ||
        (rc = add_el(st, row, child(e, "REFERENCE_NUMBER"), "authorityId", 0)))
        return rc;
    if ((v = text_of(child(e, "LISTED_ON"), 0)) != NULL) {
        p = pos_of(st, child(e, "LISTED_ON"));
        if (imp_date_iso(iso, v) != 0)
            rc = imp_bad(st->set, &p, "not a date (expected YYYY-MM-DD)");
        else if ((rc = imp_row_add(row, 0, p.field, "listingDate", iso)) == 0)
            rc = imp_row_add(row, 0, p.field, "startDate", iso);
        free_text(v);
        if (rc != 0)
            return rc;
    }
    if ((c = child(e, "LAST_DAY_UPDATED")) != NULL) {
        for (c = c->children; c != NULL && rc == 0; c = c->next) {
            if (!is(c, "VALUE") || (v = text_of(c, 0)) == NULL)
                continue;
            p = pos_of(st, c);
            p.field = "LAST_DAY_UPDATED";
            if (imp_date_iso(iso, v) != 0)
                rc = imp_bad(st->set, &p, "not a date (expected YYYY-MM-DD)");
            else
                rc = imp_row_add(row, 0, p.field, "modifiedAt", iso);
            free_text(v);
        }
    }
    return rc;
}

static int
record(un_state *st, const xmlNode *e, int person)
{
    const char *schema = person ? "Person" : "Organization";
    char *id = text_of(child(e, "DATAID"), 0), sid[64];
    imp_pos pos = pos_of(st, e);
    imp_row subj, sanc;
    imp_rec *rec, *srec;
    int rc, have_subj = 0, have_sanc = 0;

    pos.field = NULL;
    if (id == NULL || strlen(id) > 20 || strspn(id, "0123456789") != strlen(id)) {
        pos.field = "DATAID";
        rc = imp_bad(st->set, &pos, id == NULL ? "no DATAID" : "DATAID is not a number");
        goto done;
    }
    snprintf(sid, sizeof sid, "%s:sanction", id);
    if ((rc = imp_row_begin(&subj, st->set, schema, &pos)) != 0)
        goto done;
    have_subj = 1;
    if ((rc = subject(st, &subj, e, person)) != 0)
        goto done;
    if ((rc = imp_row_begin(&sanc, st->set, "Sanction", &pos)) != 0)
        goto done;
    have_sanc = 1;
    if ((rc = listing(st, &sanc, e)) != 0)
        goto done;
    if ((rc = add_el(st, &subj, child(e, "UN_LIST_TYPE"), "program", 0)) != 0)
        goto done;
    if ((rc = imp_rec_new(&rec, st->set, schema, id, &pos)) != 0)
        goto done;
    have_subj = 0;
    if ((rc = imp_row_end(&subj, rec)) != 0)
        goto done;
    if ((rc = imp_rec_new(&srec, st->set, "Sanction", sid, &pos)) != 0 ||
        (rc = imp_rec_ref(srec, "entity", id, &pos)) != 0)
        goto done;
    have_sanc = 0;
    rc = imp_row_end(&sanc, srec);
done:
    if (have_subj)
        imp_row_abort(&subj);
    if (have_sanc)
        imp_row_abort(&sanc);
    free_text(id);
    return rc;
}

/* Line and column of byte offset `off` in buf: the column counts UTF-8
 * characters, or bytes in an 8-bit encoding (`utf8` 0). */
static imp_pos
where(const char *path, const char *buf, size_t off, int utf8)
{
    imp_pos p = { path, 1, 1, NULL };
    const char *nl;
    size_t start = 0, i;

    for (i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            p.line++;
            start = i + 1;
        }
    }
    nl = buf + start;
    p.col = utf8 ? imp_char_col(nl, off - start) : (unsigned long)(off - start) + 1;
    return p;
}

/* The encoding the XML declaration names, when it is one precheck()
 * knows: 0 with *out, or -1 (another one, left to libxml2). No
 * declaration, or none naming an encoding, means UTF-8, as in XML. */
static int
declared_encoding(const char *buf, imp_encoding *out)
{
    const char *decl_end, *enc;

    *out = IMP_ENC_UTF8;
    if (strncmp(buf, "<?xml", 5) != 0 || (decl_end = strstr(buf, "?>")) == NULL ||
        (enc = strstr(buf, "encoding")) == NULL || enc > decl_end)
        return 0;
    enc += strcspn(enc, "'\"");
    if (*enc == '\0' || imp_prefix(enc + 1, "utf-8") || imp_prefix(enc + 1, "utf8"))
        return 0;
    if (imp_prefix(enc + 1, "windows-1252") || imp_prefix(enc + 1, "cp1252")) {
        *out = IMP_ENC_CP1252;
        return 0;
    }
    return -1;
}

/*
 * NUL bytes, invalid UTF-8 in UTF-8 input and bytes Windows-1252 leaves
 * undefined in Windows-1252 input, reported with line and column before
 * libxml2 sees the bytes (its conversion error gives no position). The
 * encoding is --encoding when given (`given`, `enc`), else the XML
 * declaration's; a document declaring one not checked here is left to
 * libxml2.
 */
static int
precheck(const char *path, const char *buf, size_t len, int given, imp_encoding enc)
{
    const char *nul = memchr(buf, '\0', len);
    size_t bad;
    imp_pos p;

    if (nul != NULL) {
        p = where(path, buf, (size_t)(nul - buf), 1);
        return imp_fatal(&p, "%s", imp_line_status_text(IMP_LINE_NUL, IMP_ENC_UTF8));
    }
    if (!given && declared_encoding(buf, &enc) != 0)
        return 0;
    if (enc == IMP_ENC_UTF8 &&
        (bad = imp_utf8_bad_at((const unsigned char *)buf, len)) != len) {
        p = where(path, buf, bad, 1);
        return imp_fatal(&p, "%s", imp_line_status_text(IMP_LINE_BADUTF8, IMP_ENC_UTF8));
    }
    if (enc == IMP_ENC_CP1252 &&
        (bad = imp_cp1252_bad_at((const unsigned char *)buf, len)) != len) {
        /* Most often the file is UTF-8 and --encoding is wrong: say so. */
        int is_utf8 = given && imp_utf8_bad_at((const unsigned char *)buf, len) == len;

        p = where(path, buf, bad, 0);
        return imp_fatal(&p, "%s%s", imp_line_status_text(IMP_LINE_BADBYTE, IMP_ENC_CP1252),
                         is_utf8 ? " (the file is valid UTF-8: leave out --encoding)" : "");
    }
    return 0;
}

static int
read_one(un_state *st, const char *path)
{
    const imp_opts *opts = imp_set_opts(st->set);
    const char *enc = opts->encoding == IMP_ENC_CP1252   ? "WINDOWS-1252"
                      : opts->encoding == IMP_ENC_LATIN1 ? "ISO-8859-1"
                                                         : NULL;
    char *buf = NULL, *date;
    size_t len = 0;
    xmlDocPtr doc = NULL;
    const xmlNode *root, *list, *e;
    xml_err err;
    char iso[11];
    int rc;

    if ((rc = imp_slurp(path, &buf, &len)) != 0)
        return rc;
    if (len == 0) {
        imp_pos p = { path, 0, 0, NULL };
        rc = imp_fatal(&p, "empty file: no XML document in it");
        goto done;
    }
    if ((rc = precheck(path, buf, len, enc != NULL, opts->encoding)) != 0)
        goto done;
    memset(&err, 0, sizeof err);
    xmlSetStructuredErrorFunc(&err, on_xml_error);
    doc = xmlReadMemory(buf, (int)len, path, enc,
                        XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL || err.seen) {
        imp_pos p = { path, (unsigned long)(err.line > 0 ? err.line : 0),
                      (unsigned long)(err.col > 0 ? err.col : 0), NULL };
        if (err.seen)
            rc = imp_fatal(&p, "%s (libxml2 error %d)", xml_err_text(err.code), err.code);
        else
            rc = imp_fatal(&p, "malformed XML");
        goto done;
    }
    root = xmlDocGetRootElement(doc);
    if (!is(root, "CONSOLIDATED_LIST")) {
        imp_pos p = { path, root != NULL ? (unsigned long)xmlGetLineNo(root) : 0, 0, NULL };
        rc = imp_fatal(&p, "not a UN consolidated list (the root element is not "
                       "CONSOLIDATED_LIST)");
        goto done;
    }
    if ((date = (char *)xmlGetProp(root, (const xmlChar *)"dateGenerated")) != NULL) {
        if (imp_date_iso(iso, date) == 0)
            imp_set_offer_date(st->set, iso);
        xmlFree(date);
    }
    st->path = path;
    rc = 0;
    for (list = root->children; list != NULL && (rc == 0 || rc == IMP_SKIPPED);
         list = list->next) {
        int person = is(list, "INDIVIDUALS");

        if (!person && !is(list, "ENTITIES")) {
            if (list->type == XML_ELEMENT_NODE)
                warn_unknown(st, list);
            continue;
        }
        for (e = list->children; e != NULL && (rc == 0 || rc == IMP_SKIPPED); e = e->next) {
            if (e->type != XML_ELEMENT_NODE)
                continue;
            if (!is(e, person ? "INDIVIDUAL" : "ENTITY")) {
                warn_unknown(st, e);
                continue;
            }
            rc = record(st, e, person);
        }
    }
    if (rc == IMP_SKIPPED)
        rc = 0;
done:
    xmlFreeDoc(doc);
    imp_slurp_free(buf, len);
    return rc;
}

int
imp_unxml_read(imp_set *set, char *const *files, size_t nfiles)
{
    un_state st;
    size_t i;
    int rc = 0;

    xml_setup();
    memset(&st, 0, sizeof st);
    st.set = set;
    for (i = 0; i < nfiles && rc == 0; i++)
        rc = read_one(&st, files[i]);
    return rc;
}

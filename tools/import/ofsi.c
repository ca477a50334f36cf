/* SPDX-License-Identifier: Apache-2.0 */
/* ofsi.c - the UK OFSI consolidated list CSV: one row per name, grouped by Group ID. */
#include "imp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* The columns sanctum reads, by heading. */
enum ofsi_col {
    C_NAME6, C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_TITLE, C_DOB, C_TOWN,
    C_COB, C_NAT, C_PASSPORT, C_NI, C_POSITION, C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4,
    C_ADDR5, C_ADDR6, C_POST, C_COUNTRY, C_OTHER, C_GTYPE, C_ATYPE, C_AQUAL, C_REGIME,
    C_LISTED, C_UPDATED, C_GROUP, C_NONLATIN, C_UKREF, C_COUNT
};

static const struct {
    const char *heading;
    int         col;
} headings[] = {
    { "Name 6", C_NAME6 }, { "Name 1", C_NAME1 }, { "Name 2", C_NAME2 },
    { "Name 3", C_NAME3 }, { "Name 4", C_NAME4 }, { "Name 5", C_NAME5 },
    { "Title", C_TITLE }, { "DOB", C_DOB }, { "Town of Birth", C_TOWN },
    { "Country of Birth", C_COB }, { "Nationality", C_NAT },
    { "Passport Details", C_PASSPORT }, { "NI Number", C_NI },
    { "National Identification Number", C_NI }, { "Position", C_POSITION },
    { "Address 1", C_ADDR1 }, { "Address 2", C_ADDR2 }, { "Address 3", C_ADDR3 },
    { "Address 4", C_ADDR4 }, { "Address 5", C_ADDR5 }, { "Address 6", C_ADDR6 },
    { "Post/Zip Code", C_POST }, { "Country", C_COUNTRY },
    { "Other Information", C_OTHER }, { "Group Type", C_GTYPE },
    { "Alias Type", C_ATYPE }, { "Alias Quality", C_AQUAL }, { "Regime", C_REGIME },
    { "Listed On", C_LISTED }, { "Last Updated", C_UPDATED }, { "Group ID", C_GROUP },
    { "Name Non-Latin Script", C_NONLATIN }, { "UK Sanctions List Ref", C_UKREF },
};

typedef struct ofsi_state {
    imp_set      *set;
    const char   *path;
    int           seen_header;
    unsigned long header_line;
    size_t        ncols;             /* headings in the header */
    int           lead_empty;        /* the first heading is empty */
    int           shift;             /* -1 undecided, 0 or 1 */
    int           col_at[C_COUNT];   /* heading index of each column, -1 absent */
    const char   *col_name[C_COUNT];
} ofsi_state;

/* Field `c` of a data row (trimmed), or NULL when absent or empty. */
static char *
get(ofsi_state *st, char **f, size_t n, int c)
{
    long i = st->col_at[c];
    char *v;

    if (i < 0)
        return NULL;
    i -= st->shift;
    if (i < 0 || (size_t)i >= n)
        return NULL;
    v = imp_trim(f[i]);
    return *v != '\0' ? v : NULL;
}

static unsigned long
col_of(const ofsi_state *st, int c)
{
    return st->col_at[c] < 0 ? 0 : (unsigned long)(st->col_at[c] - st->shift + 1);
}

/* ------------------------------------------------------------ header */

static int
header_row(ofsi_state *st, const imp_pos *pos, char **f, size_t n)
{
    size_t i, k;

    for (k = 0; k < C_COUNT; k++)
        st->col_at[k] = -1;
    st->ncols = n;
    st->header_line = pos->line;
    st->lead_empty = n > 0 && *imp_trim(f[0]) == '\0';
    for (i = 0; i < n; i++) {
        const char *h = imp_trim(f[i]);
        int known = 0;

        for (k = 0; k < sizeof headings / sizeof headings[0]; k++) {
            if (strcmp(h, headings[k].heading) == 0) {
                if (st->col_at[headings[k].col] < 0) {
                    st->col_at[headings[k].col] = (int)i;
                    st->col_name[headings[k].col] = headings[k].heading;
                }
                known = 1;
                break;
            }
        }
        if (!known && *h != '\0') {
            imp_pos p = *pos;
            p.col = (unsigned long)i + 1;
            imp_warn(&p, "column '%.60s' is not imported", h);
            imp_set_counts(st->set)->warnings++;
        }
    }
    if (st->col_at[C_GROUP] < 0 || st->col_at[C_NAME6] < 0 || st->col_at[C_GTYPE] < 0)
        return imp_fatal(pos, "not an OFSI consolidated list header: it needs the columns "
                         "'Name 6', 'Group Type' and 'Group ID'");
    st->seen_header = 1;
    return 0;
}

/* Decide whether the data rows are shifted against the header (a real
 * ConList.csv defect: an empty heading the rows lack). */
static int
check_shape(ofsi_state *st, const imp_pos *pos, size_t n)
{
    if (st->shift < 0) {
        if (n == st->ncols) {
            st->shift = 0;
        } else if (n + 1 == st->ncols && st->lead_empty) {
            imp_pos h = { st->path, st->header_line, 1, NULL };

            st->shift = 1;
            imp_warn(&h, "the header has an empty first column that the data rows lack "
                     "(%zu headings, %zu fields): reading each field under the heading "
                     "after it", st->ncols, n);
            imp_set_counts(st->set)->warnings++;
        }
    }
    if (st->shift < 0 || n + (size_t)st->shift != st->ncols)
        return imp_bad(st->set, pos, "%zu fields, the header has %zu headings", n, st->ncols);
    return 0;
}

/* ------------------------------------------------------------ values */

/* Position of column c in a row. */
static imp_pos
at(const ofsi_state *st, const imp_pos *row, int c)
{
    imp_pos p = *row;

    p.col = col_of(st, c);
    p.field = st->col_name[c];
    return p;
}

static int
add(ofsi_state *st, imp_row *row, const imp_pos *pos, int c, const char *prop, const char *v)
{
    imp_pos p = at(st, pos, c);

    return imp_row_add(row, p.col, p.field, prop, v);
}

/* "Label: text" into notes. */
static int
note(ofsi_state *st, imp_row *row, const imp_pos *pos, int c, const char *label, const char *v)
{
    imp_buf b = IMP_BUF_INIT;
    int rc;

    if (imp_buf_adds(&b, label) != 0 || imp_buf_adds(&b, ": ") != 0 ||
        imp_buf_adds(&b, v) != 0) {
        imp_buf_free(&b);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = add(st, row, pos, c, "notes", b.p);
    imp_buf_free(&b);
    return rc;
}

/*
 * Split an enumeration "1) Saudi Arabia 2) Qatar", "(1) X (2) Y" or
 * "a) X b) Y" into items (in place: items are separated by NULs; returns
 * their number, at most `max`).
 */
static size_t
split_enum(char *s, char **items, size_t max)
{
    size_t n = 0;
    char *p = s, *start = s;

    while (*p != '\0') {
        char *q = p, *r;

        if (p != s && p[-1] != ' ') {
            p++;
            continue;
        }
        if (*q == '(')
            q++;
        r = q;
        if (isdigit((unsigned char)*r)) {
            while (isdigit((unsigned char)*r))
                r++;
        } else if (isalpha((unsigned char)*r) && r[1] == ')') {
            r++;
        }
        if (r > q && r - q <= 2 && *r == ')' && (r[1] == ' ' || r[1] == '\0')) {
            *p = '\0';
            if (*imp_trim(start) != '\0' && n < max)
                items[n++] = imp_trim(start);
            start = p = r + 1;
            continue;
        }
        p++;
    }
    if (*imp_trim(start) != '\0' && n < max)
        items[n++] = imp_trim(start);
    return n;
}

/* Countries of an enumeration into `prop`; the text of any item that is
 * not a known country goes to notes as "Label: text". */
static int
countries(ofsi_state *st, imp_row *row, const imp_pos *pos, int c, const char *prop,
          const char *label, const char *text)
{
    char *copy = strdup(text), *items[16];
    size_t n, i, len = strlen(text);
    int rc = 0, unknown = 0;

    if (copy == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    n = split_enum(copy, items, 16);
    for (i = 0; i < n && rc == 0; i++) {
        char *item = items[i];
        size_t l = strlen(item);
        const char *code;

        while (l > 0 && (item[l - 1] == '.' || item[l - 1] == ',' || item[l - 1] == ';'))
            item[--l] = '\0';
        if ((code = imp_country_loose(item)) != NULL)
            rc = add(st, row, pos, c, prop, code);
        else
            unknown = 1;
    }
    sanctum_wipe(copy, len);
    free(copy);
    if (rc == 0 && unknown)
        rc = note(st, row, pos, c, label, text);
    return rc;
}

/* Each item of an enumeration ("a) General, b) Minister") into `prop`. */
static int
each(ofsi_state *st, imp_row *row, const imp_pos *pos, int c, const char *prop,
     const char *text)
{
    char *copy = strdup(text), *items[16];
    size_t n, i, len = strlen(text);
    int rc = 0;

    if (copy == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    n = split_enum(copy, items, 16);
    for (i = 0; i < n && rc == 0; i++) {
        size_t l = strlen(items[i]);

        while (l > 0 && (items[i][l - 1] == ',' || items[i][l - 1] == ';'))
            items[i][--l] = '\0';
        if (*imp_trim(items[i]) != '\0')
            rc = add(st, row, pos, c, prop, imp_trim(items[i]));
    }
    sanctum_wipe(copy, len);
    free(copy);
    return rc;
}

/* Places of birth: each town of an enumeration ("(1) Ndele, Central
 * African Republic (2) Algenana, Sudan"), with the country of birth. */
static int
birth_places(ofsi_state *st, imp_row *row, const imp_pos *pos, const char *town,
             const char *country, int person)
{
    imp_buf b = IMP_BUF_INIT;
    char *copy, *items[16];
    size_t n, i, len;
    int rc = 0;

    if (town == NULL && country == NULL)
        return 0;
    if (!person) {
        if (imp_buf_join(&b, ", ", town) != 0 || imp_buf_join(&b, ", ", country) != 0)
            rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
        else
            rc = note(st, row, pos, C_TOWN, "Place of birth", b.p);
        imp_buf_free(&b);
        return rc;
    }
    if (town == NULL)
        return add(st, row, pos, C_COB, "birthPlace", country);
    if ((copy = strdup(town)) == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    len = strlen(town);
    n = split_enum(copy, items, 16);
    for (i = 0; i < n && rc == 0; i++) {
        imp_buf_reset(&b);
        if (imp_buf_join(&b, ", ", items[i]) != 0 || imp_buf_join(&b, ", ", country) != 0)
            rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
        else if (b.len > 0)
            rc = add(st, row, pos, C_TOWN, "birthPlace", b.p);
    }
    sanctum_wipe(copy, len);
    free(copy);
    imp_buf_free(&b);
    return rc;
}

/* Document numbers in free text ("Passport No: 592667 (issued ...)"):
 * words of 5+ characters with 3+ digits, letters, digits and '-' only. */
static int
doc_numbers(imp_row *row, const char *prop, const char *text)
{
    char *copy = strdup(text), *w, *save = NULL;
    size_t len = strlen(text);
    int rc = 0;

    if (copy == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    for (w = strtok_r(copy, " ,;:()", &save); w != NULL && rc == 0;
         w = strtok_r(NULL, " ,;:()", &save)) {
        size_t l = strlen(w), digits = 0, i;
        int ok = 1;

        while (l > 0 && w[l - 1] == '.')
            w[--l] = '\0';
        for (i = 0; i < l; i++) {
            if (isdigit((unsigned char)w[i]))
                digits++;
            else if (!isalpha((unsigned char)w[i]) && w[i] != '-')
                ok = 0;
        }
        if (ok && l >= 5 && digits >= 3)
            rc = imp_row_soft(row, prop, w);
    }
    sanctum_wipe(copy, len);
    free(copy);
    return rc;
}

/* The subject's values from one row. */
static int
subject_values(ofsi_state *st, imp_row *row, const imp_pos *pos, char **f, size_t n,
               int person)
{
    static const int name_cols[] = { C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_NAME6 };
    static const int addr_cols[] = { C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5, C_ADDR6,
                                     C_POST, C_COUNTRY };
    imp_buf name = IMP_BUF_INIT, buf = IMP_BUF_INIT;
    const char *atype = get(st, f, n, C_ATYPE), *qual = get(st, f, n, C_AQUAL), *prop;
    char *v, *v2, date[11];
    size_t i;
    int rc = 0, prime = atype != NULL && imp_prefix(atype, "prime alias");

    for (i = 0; i < sizeof name_cols / sizeof name_cols[0]; i++)
        if (imp_buf_join(&name, " ", get(st, f, n, name_cols[i])) != 0)
            goto oom;
    if (name.len == 0) {
        imp_pos p = at(st, pos, C_NAME6);
        rc = imp_bad(st->set, &p, "no name");
        goto done;
    }
    if (prime)
        prop = "name";
    else if (atype != NULL && (imp_prefix(atype, "fka") || imp_prefix(atype, "previous")))
        prop = "previousName";
    else if (qual != NULL && imp_prefix(qual, "low"))
        prop = "weakAlias";
    else
        prop = "alias";
    if ((rc = add(st, row, pos, C_NAME6, prop, name.p)) != 0)
        goto done;
    if (person && prime) {
        if ((v = get(st, f, n, C_NAME1)) != NULL && (rc = imp_row_soft(row, "firstName", v)))
            goto done;
        if ((v = get(st, f, n, C_NAME6)) != NULL && (rc = imp_row_soft(row, "lastName", v)))
            goto done;
    }
    if ((v = get(st, f, n, C_NONLATIN)) != NULL &&
        (rc = add(st, row, pos, C_NONLATIN, "alias", v)) != 0)
        goto done;
    if ((rc = imp_row_add(row, 0, NULL, "topics", "sanction")) != 0)
        goto done;
    if ((v = get(st, f, n, C_TITLE)) != NULL &&
        (rc = person ? add(st, row, pos, C_TITLE, "title", v)
                     : note(st, row, pos, C_TITLE, "Title", v)) != 0)
        goto done;
    if ((v = get(st, f, n, C_DOB)) != NULL) {
        int d = imp_date_dmy(date, v);
        imp_pos p = at(st, pos, C_DOB);

        if (d < 0) {
            rc = imp_bad(st->set, &p, "not a date (expected dd/mm/yyyy, 00 for unknown parts)");
            goto done;
        }
        if (d == 0 && (rc = person ? add(st, row, pos, C_DOB, "birthDate", date)
                                   : note(st, row, pos, C_DOB, "Date of birth", v)) != 0)
            goto done;
    }
    v = get(st, f, n, C_TOWN);
    v2 = get(st, f, n, C_COB);
    if ((rc = birth_places(st, row, pos, v, v2, person)) != 0)
        goto done;
    if (person && v2 != NULL && imp_country_loose(v2) != NULL &&
        (rc = add(st, row, pos, C_COB, "birthCountry", imp_country_loose(v2))) != 0)
        goto done;
    if ((v = get(st, f, n, C_NAT)) != NULL &&
        (rc = person ? countries(st, row, pos, C_NAT, "nationality", "Nationality", v)
                     : note(st, row, pos, C_NAT, "Nationality", v)) != 0)
        goto done;
    if ((v = get(st, f, n, C_PASSPORT)) != NULL) {
        if ((rc = note(st, row, pos, C_PASSPORT, "Passport details", v)) != 0 ||
            (person && (rc = doc_numbers(row, "passportNumber", v)) != 0))
            goto done;
    }
    if ((v = get(st, f, n, C_NI)) != NULL) {
        if ((rc = note(st, row, pos, C_NI, "National identification number", v)) != 0 ||
            (rc = doc_numbers(row, "idNumber", v)) != 0)
            goto done;
    }
    if ((v = get(st, f, n, C_POSITION)) != NULL &&
        (rc = person ? each(st, row, pos, C_POSITION, "position", v)
                     : note(st, row, pos, C_POSITION, "Position", v)) != 0)
        goto done;
    imp_buf_reset(&buf);
    for (i = 0; i < sizeof addr_cols / sizeof addr_cols[0]; i++)
        if (imp_buf_join(&buf, ", ", get(st, f, n, addr_cols[i])) != 0)
            goto oom;
    if (buf.len > 0 && (rc = add(st, row, pos, C_ADDR1, "address", buf.p)) != 0)
        goto done;
    if ((v = get(st, f, n, C_COUNTRY)) != NULL &&
        (rc = countries(st, row, pos, C_COUNTRY, "country", "Country", v)) != 0)
        goto done;
    if ((v = get(st, f, n, C_OTHER)) != NULL &&
        (rc = add(st, row, pos, C_OTHER, "notes", v)) != 0)
        goto done;
    if ((v = get(st, f, n, C_REGIME)) != NULL &&
        (rc = add(st, row, pos, C_REGIME, "program", v)) != 0)
        goto done;
    goto done;
oom:
    tool_error("out of memory");
    rc = TOOL_EXIT_FAIL;
done:
    imp_buf_free(&name);
    imp_buf_free(&buf);
    return rc;
}

/* A UN reference ("UN Ref QDe.004", "UN REF:QE.A.146.14") in free text. */
static int
un_ref(imp_row *row, const char *text)
{
    const char *p;
    char ref[32];
    size_t n;

    for (p = text; *p != '\0'; p++)
        if (imp_prefix(p, "UN Ref"))
            break;
    if (*p == '\0')
        return 0;
    p += 6;
    while (*p == ' ' || *p == ':' || *p == '.')
        p++;
    n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.");
    while (n > 0 && p[n - 1] == '.')
        n--;
    if (n < 4 || n >= sizeof ref)
        return 0;
    memcpy(ref, p, n);
    ref[n] = '\0';
    return imp_row_soft(row, "unscId", ref);
}

/* The Sanction's values from one row. */
static int
sanction_values(ofsi_state *st, imp_row *row, const imp_pos *pos, char **f, size_t n)
{
    static const struct { int col; const char *prop; } dates[] = {
        { C_LISTED, "listingDate" }, { C_LISTED, "startDate" }, { C_UPDATED, "modifiedAt" },
    };
    char *v, date[11];
    size_t i;
    int rc, d;

    if ((rc = imp_row_add(row, 0, NULL, "authority",
                          "Office of Financial Sanctions Implementation, HM Treasury")) ||
        (rc = imp_row_add(row, 0, NULL, "country", "gb")))
        return rc;
    if ((v = get(st, f, n, C_GROUP)) != NULL &&
        (rc = add(st, row, pos, C_GROUP, "authorityId", v)) != 0)
        return rc;
    if ((v = get(st, f, n, C_UKREF)) != NULL &&
        (rc = add(st, row, pos, C_UKREF, "authorityId", v)) != 0)
        return rc;
    if ((v = get(st, f, n, C_REGIME)) != NULL &&
        (rc = add(st, row, pos, C_REGIME, "program", v)) != 0)
        return rc;
    if ((v = get(st, f, n, C_OTHER)) != NULL && (rc = un_ref(row, v)) != 0)
        return rc;
    for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        if ((v = get(st, f, n, dates[i].col)) == NULL)
            continue;
        d = imp_date_dmy(date, v);
        if (d < 0) {
            imp_pos p = at(st, pos, dates[i].col);
            return imp_bad(st->set, &p, "not a date (expected dd/mm/yyyy)");
        }
        if (d == 0 && (rc = add(st, row, pos, dates[i].col, dates[i].prop, date)) != 0)
            return rc;
        if (d == 0 && dates[i].col == C_UPDATED)
            imp_set_offer_date(st->set, date);
    }
    return 0;
}

/* ------------------------------------------------------------ rows */

static int
data_row(ofsi_state *st, const imp_pos *pos, char **f, size_t n)
{
    const char *schema, *gtype;
    char *gid, sid[64];
    imp_row subj, sanc;
    imp_rec *rec, *srec;
    int rc, have_subj = 0, have_sanc = 0;

    if ((rc = check_shape(st, pos, n)) != 0)
        return rc;
    gid = get(st, f, n, C_GROUP);
    if (gid == NULL || strspn(gid, "0123456789") != strlen(gid) || strlen(gid) > 20) {
        imp_pos p = at(st, pos, C_GROUP);
        return imp_bad(st->set, &p, gid == NULL ? "no group id" : "not a group id");
    }
    gtype = get(st, f, n, C_GTYPE);
    if (gtype != NULL && strcmp(gtype, "Individual") == 0)
        schema = "Person";
    else if (gtype != NULL && strcmp(gtype, "Entity") == 0)
        schema = "Organization";
    else if (gtype != NULL && strcmp(gtype, "Ship") == 0)
        schema = "Vessel";
    else {
        imp_pos p = at(st, pos, C_GTYPE);
        return imp_bad(st->set, &p, "unknown group type (expected Individual, Entity or Ship)");
    }
    rec = imp_set_find(st->set, gid);
    if (rec != NULL && strcmp(imp_rec_schema(rec), schema) != 0) {
        imp_pos p = at(st, pos, C_GTYPE);
        return imp_bad(st->set, &p, "not the group type of the group's earlier rows");
    }
    snprintf(sid, sizeof sid, "%s:sanction", gid);
    if ((rc = imp_row_begin(&subj, st->set, schema, pos)) != 0)
        return rc;
    have_subj = 1;
    if ((rc = subject_values(st, &subj, pos, f, n, strcmp(schema, "Person") == 0)) != 0)
        goto done;
    if ((rc = imp_row_begin(&sanc, st->set, "Sanction", pos)) != 0)
        goto done;
    have_sanc = 1;
    if ((rc = sanction_values(st, &sanc, pos, f, n)) != 0)
        goto done;
    /* The whole row is good: merge it into the group's records. */
    if (rec == NULL && (rc = imp_rec_new(&rec, st->set, schema, gid, pos)) != 0)
        goto done;
    have_subj = 0;
    if ((rc = imp_row_end(&subj, rec)) != 0)
        goto done;
    if ((srec = imp_set_find(st->set, sid)) == NULL) {
        if ((rc = imp_rec_new(&srec, st->set, "Sanction", sid, pos)) != 0 ||
            (rc = imp_rec_ref(srec, "entity", gid, pos)) != 0)
            goto done;
    }
    have_sanc = 0;
    rc = imp_row_end(&sanc, srec);
done:
    if (have_subj)
        imp_row_abort(&subj);
    if (have_sanc)
        imp_row_abort(&sanc);
    return rc;
}

static int
ofsi_row(void *arg, const imp_pos *pos, char **f, size_t n)
{
    ofsi_state *st = arg;
    char date[11];

    if (!st->seen_header) {
        /* An optional first line "Last Updated,dd/mm/yyyy": the publication date. */
        if (n >= 2 && strcmp(imp_trim(f[0]), "Last Updated") == 0) {
            if (imp_date_dmy(date, imp_trim(f[1])) == 0)
                imp_set_offer_date(st->set, date);
            return 0;
        }
        return header_row(st, pos, f, n);
    }
    return data_row(st, pos, f, n);
}

int
imp_ofsi_read(imp_set *set, char *const *files, size_t nfiles)
{
    ofsi_state st;
    size_t i;
    int rc = 0;

    for (i = 0; i < nfiles && rc == 0; i++) {
        memset(&st, 0, sizeof st);
        st.set = set;
        st.path = files[i];
        st.shift = -1;
        rc = imp_csv_read(set, files[i], ofsi_row, &st);
        if (rc == 0 && !st.seen_header) {
            imp_pos p = { files[i], 0, 0, NULL };
            rc = imp_fatal(&p, "no header row");
        }
    }
    /* A group without a "Prime Alias" row is named by its first alias. */
    for (i = 0; i < imp_set_count(set) && rc == 0; i++) {
        imp_rec *r = imp_set_at(set, i);

        if (strcmp(imp_rec_schema(r), "Sanction") != 0)
            rc = imp_rec_promote(r, "alias", "name");
    }
    return rc;
}

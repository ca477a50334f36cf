/* SPDX-License-Identifier: Apache-2.0 */
/* detect.c - telling the list formats apart by their first bytes, and their names. */
#include "imp.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* How much of a file detection reads. */
#define HEAD_MAX 65536

static const struct {
    imp_format  f;
    const char *name;
    const char *list;   /* default source list (OpenSanctions dataset names) */
} formats[] = {
    { IMP_FMT_OFAC, "ofac", "us_ofac_sdn" },
    { IMP_FMT_OFSI, "ofsi", "gb_hmt_sanctions" },
    { IMP_FMT_UNXML, "un-xml", "un_sc_sanctions" },
    { IMP_FMT_FTM, "ftm", "ftm" },
};

const char *
imp_format_name(imp_format f)
{
    size_t i;

    for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].f == f)
            return formats[i].name;
    return "unknown";
}

imp_format
imp_format_from_name(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0)
            return formats[i].f;
    return IMP_FMT_NONE;
}

const char *
imp_format_list(imp_format f)
{
    size_t i;

    for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].f == f)
            return formats[i].list;
    return NULL;
}

/* Read up to size - 1 bytes of the file (not "-") into buf, NUL-terminated,
 * their number into *n. 0, or an exit code after a diagnostic: a file that
 * cannot be read is reported as such, not as one of an unknown format. */
static int
head(const char *path, char *buf, size_t size, size_t *n)
{
    FILE *f;
    int rc, failed;

    *n = 0;
    buf[0] = '\0';
    if ((rc = imp_open(&f, path)) != 0)
        return rc;
    *n = fread(buf, 1, size - 1, f);
    failed = ferror(f);
    fclose(f);
    buf[*n] = '\0';
    if (failed) {
        tool_error("%s: read error", path);
        return TOOL_EXIT_FAIL;
    }
    return 0;
}

/* Count the fields of the first CSV row in buf. */
typedef struct count_state {
    size_t fields;
    int    done;
    int    zero_null;  /* a "-0-" field was seen */
    int    first_num;  /* the first field is a number */
} count_state;

static void
count_field(void *s, size_t len, void *data)
{
    count_state *st = data;

    if (st->done)
        return;
    if (st->fields == 0)
        st->first_num = len > 0 && strspn(s, "0123456789") == len;
    if (len == 3 && memcmp(s, "-0-", 3) == 0)
        st->zero_null = 1;
    st->fields++;
}

static void
count_row(int c, void *data)
{
    (void)c;
    ((count_state *)data)->done = 1;
}

static count_state
first_row(const char *buf, size_t len)
{
    struct csv_parser p;
    count_state st;

    memset(&st, 0, sizeof st);
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return st;
    csv_parse(&p, buf, len, count_field, count_row, &st);
    if (!st.done)
        csv_fini(&p, count_field, count_row, &st);
    sanctum_wipe(p.entry_buf, p.entry_size);
    csv_free(&p);
    return st;
}

int
imp_ofac_fields(int *fields, const char *path)
{
    static char buf[HEAD_MAX];
    size_t n, skip;
    count_state st;
    int rc;

    *fields = -1;
    if (strcmp(path, "-") == 0)
        return 0;
    if ((rc = head(path, buf, sizeof buf, &n)) != 0 || n == 0)
        goto done;
    /* A byte order mark is no part of the first field (input.c drops it
     * when the rows are read). */
    skip = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    st = first_row(buf + skip, n - skip);
    if (st.first_num)
        *fields = (int)st.fields;
done:
    sanctum_wipe(buf, sizeof buf);
    return rc;
}

int
imp_detect(imp_format *out, const char *path)
{
    static char buf[HEAD_MAX];
    size_t n;
    const char *s = buf, *eol;
    imp_format f = IMP_FMT_NONE;
    count_state st;
    int rc;

    *out = IMP_FMT_NONE;
    if ((rc = head(path, buf, sizeof buf, &n)) != 0 || n == 0)
        goto done;
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    s += strspn(s, " \t\r\n");
    eol = s + strcspn(s, "\n");
    if (*s == '<') {
        if (strstr(s, "<CONSOLIDATED_LIST") != NULL)
            f = IMP_FMT_UNXML;
    } else if (*s == '{') {
        if (strstr(s, "\"schema\"") != NULL)
            f = IMP_FMT_FTM;
    } else if (strncmp(s, "Last Updated,", 13) == 0 ||
               ((strstr(s, "Group ID") != NULL && strstr(s, "Name 6") != NULL &&
                 strstr(s, "Group ID") < eol))) {
        f = IMP_FMT_OFSI;
    } else {
        st = first_row(s, n - (size_t)(s - buf));
        if (st.first_num && (st.fields == 12 || st.fields == 5 || st.fields == 6) &&
            st.zero_null)
            f = IMP_FMT_OFAC;
        else if (st.first_num && st.fields == 2)
            f = IMP_FMT_OFAC; /* sdn_comments.csv: only with others of the set */
    }
    *out = f;
done:
    sanctum_wipe(buf, sizeof buf);
    return rc;
}

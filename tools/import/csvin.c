/* SPDX-License-Identifier: Apache-2.0 */
/* csvin.c - CSV rows with line numbers through libcsv (strict quoting), buffers wiped. */
#include "imp.h"

#include <csv.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Most fields a row may have. */
#define CSV_FIELDS_MAX 256

/* State shared with the libcsv callbacks. */
typedef struct csv_state {
    imp_set        *set;
    const char     *path;
    imp_csv_row_fn  fn;
    void           *arg;
    imp_buf         row;          /* the row's fields, each NUL-terminated */
    size_t          off[CSV_FIELDS_MAX];
    char           *fields[CSV_FIELDS_MAX];
    size_t          n;            /* fields so far */
    int             too_many;     /* more than CSV_FIELDS_MAX fields */
    int             in_row;       /* a row has begun */
    unsigned long   row_line;     /* its first line */
    size_t          row_bytes;    /* bytes fed since it began */
    imp_line_status bad;          /* first problem in the row's lines */
    unsigned long   bad_line;
    unsigned long   bad_col;
    imp_encoding    enc;
    int             stop;         /* an exit code: stop at once */
    int             oom;
} csv_state;

/* libcsv's realloc: the old block is wiped before it is freed. */
static void *
wiping_realloc(void *old, size_t n)
{
    void *p = malloc(n);
    size_t oldn;

    if (p == NULL)
        return NULL;
    if (old != NULL) {
        oldn = malloc_usable_size(old);
        memcpy(p, old, oldn < n ? oldn : n);
        sanctum_wipe(old, oldn);
        free(old);
    }
    return p;
}

static void
wiping_free(void *p)
{
    if (p == NULL)
        return;
    sanctum_wipe(p, malloc_usable_size(p));
    free(p);
}

static void
row_reset(csv_state *st)
{
    imp_buf_reset(&st->row);
    st->n = 0;
    st->too_many = 0;
    st->in_row = 0;
    st->row_bytes = 0;
    st->bad = IMP_LINE_OK;
}

static void
on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;

    if (st->stop)
        return;
    if (st->n >= CSV_FIELDS_MAX) {
        st->too_many = 1;
        return;
    }
    st->off[st->n++] = st->row.len;
    if (imp_buf_add(&st->row, s != NULL ? s : "", s != NULL ? len : 0) != 0 ||
        imp_buf_add(&st->row, "", 1) != 0)
        st->oom = 1;
}

static void
on_row(int c, void *data)
{
    csv_state *st = data;
    imp_pos pos = { st->path, st->row_line, 0, NULL };
    size_t i;
    int rc = 0;

    (void)c;
    if (st->stop)
        return;
    if (st->oom) {
        tool_error("out of memory");
        st->stop = TOOL_EXIT_FAIL;
        return;
    }
    if (st->bad != IMP_LINE_OK) {
        pos.line = st->bad_line;
        pos.col = st->bad_col;
        rc = imp_bad(st->set, &pos, "%s", imp_line_status_text(st->bad, st->enc));
    } else if (st->too_many) {
        rc = imp_bad(st->set, &pos, "more than %d fields", CSV_FIELDS_MAX);
    } else {
        for (i = 0; i < st->n; i++)
            st->fields[i] = st->row.p + st->off[i];
        rc = st->fn(st->arg, &pos, st->fields, st->n);
    }
    if (rc != 0 && rc != IMP_SKIPPED)
        st->stop = rc;
    row_reset(st);
}

/* Set up (or reset after a quoting error) the parser. */
static int
parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    csv_set_realloc_func(p, wiping_realloc);
    csv_set_free_func(p, wiping_free);
    return 0;
}

static void
parser_free(struct csv_parser *p)
{
    if (p->entry_buf != NULL)
        sanctum_wipe(p->entry_buf, p->entry_size);
    csv_free(p);
}

int
imp_csv_read(imp_set *set, const char *path, imp_csv_row_fn fn, void *arg)
{
    const imp_opts *opts = imp_set_opts(set);
    struct csv_parser p;
    csv_state st;
    imp_lines *lines = NULL;
    imp_line_status status;
    const char *line;
    size_t len, done;
    int rc;

    memset(&st, 0, sizeof st);
    st.set = set;
    st.path = path;
    st.fn = fn;
    st.arg = arg;
    st.enc = opts->encoding;
    if (parser_init(&p) != 0) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    if ((rc = imp_lines_open(&lines, path, opts->encoding, IMP_ROW_MAX)) != 0)
        goto done;
    while ((rc = imp_lines_next(lines, &line, &len, &status)) == 1) {
        unsigned long lineno = imp_lines_lineno(lines);
        int blank = strspn(line, " \t\r\n") == len;

        if (!st.in_row && !blank) {
            st.in_row = 1;
            st.row_line = lineno;
        }
        if (status != IMP_LINE_OK && st.bad == IMP_LINE_OK) {
            st.bad = status;
            st.bad_line = lineno;
            st.bad_col = imp_lines_errcol(lines);
        }
        st.row_bytes += len;
        if (st.row_bytes > IMP_ROW_MAX || status == IMP_LINE_LONG) {
            imp_pos pos = { path, st.row_line, 0, NULL };
            rc = imp_fatal(&pos, "row longer than %u bytes (an unterminated quoted field?)",
                           IMP_ROW_MAX);
            goto done;
        }
        done = csv_parse(&p, line, len, on_field, on_row, &st);
        if (st.stop) {
            rc = st.stop;
            goto done;
        }
        if (done != len) {
            imp_pos pos = { path, lineno, 0, NULL };

            pos.col = (unsigned long)done + 1;
            if (csv_error(&p) == CSV_EPARSE)
                rc = imp_bad(set, &pos, "malformed CSV: a quote inside an unquoted field, "
                             "or text after a closing quote");
            else
                rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
            if (rc != IMP_SKIPPED)
                goto done;
            /* --skip-bad: drop the row and start afresh on the next line. */
            parser_free(&p);
            row_reset(&st);
            if (parser_init(&p) != 0) {
                rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
                goto done;
            }
        }
    }
    if (rc == IMP_LINES_ERROR)
        rc = TOOL_EXIT_FAIL;
    if (rc != 0)
        goto done;
    if (csv_fini(&p, on_field, on_row, &st) != 0) {
        imp_pos pos = { path, st.row_line, 0, NULL };

        if (csv_error(&p) == CSV_EPARSE)
            rc = imp_bad(set, &pos, "unterminated quoted field at the end of the file "
                         "(truncated file?)");
        else
            rc = (tool_error("out of memory"), TOOL_EXIT_FAIL);
        if (rc == IMP_SKIPPED)
            rc = 0;
        goto done;
    }
    rc = st.stop;
done:
    parser_free(&p);
    imp_lines_close(lines);
    imp_buf_free(&st.row);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* imp.h - what the sanctum-import parsers share: options, positions, the record set. */
#ifndef SANCTUM_TOOL_IMP_H
#define SANCTUM_TOOL_IMP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sanctum/sanctum.h>

#include "progress.h"
#include "wipebuf.h"

/*
 * How the importer works (docs/import-formats.md):
 *
 * 1. A parser (ofac.c, ofsi.c, unxml.c, ftm.c) reads its files and turns
 *    each source record into an imp_rec of an imp_set: a schema, a source
 *    id, an unstored sanctum_entity holding the values, and references to
 *    other records by source id. Values are checked by the library as they
 *    are added (through an imp_row), so a bad value is reported at once
 *    with its file, line and column, before the store is even opened.
 * 2. run.c (imp_import) begins an import run on the open store and emits the set
 *    (imp_set_emit): records in dependency order, references resolved to
 *    the sanctum ids given out earlier in the run (or by an earlier run of
 *    the same list, through sanctum_import_find), provenance added.
 * 3. The run commits, or on any failure is aborted: nothing is written.
 *
 * Messages name file, line, column and field, and never quote a value.
 */

/* A parser's result when a bad row was reported and skipped (--skip-bad):
 * the caller drops the row and goes on. Any other non-zero result is an
 * exit code (TOOL_EXIT_*): stop. */
#define IMP_SKIPPED (-2)

typedef struct imp_rec imp_rec;
typedef struct imp_set imp_set;

/* Longest CSV row, JSON line and XML file accepted, in bytes. */
#define IMP_ROW_MAX  (1u << 20)
#define IMP_LINE_MAX (16u << 20)
#define IMP_FILE_MAX (512u << 20)

typedef enum imp_format {
    IMP_FMT_NONE = 0,
    IMP_FMT_OFAC,   /* OFAC SDN legacy CSV set */
    IMP_FMT_OFSI,   /* UK OFSI consolidated list CSV */
    IMP_FMT_UNXML,  /* UN Security Council consolidated list XML */
    IMP_FMT_FTM     /* FollowTheMoney JSON lines */
} imp_format;

typedef enum imp_encoding {
    IMP_ENC_UTF8 = 0,  /* the default: anything else is refused */
    IMP_ENC_CP1252,    /* Windows-1252 */
    IMP_ENC_LATIN1     /* ISO 8859-1 */
} imp_encoding;

/* What the command line asked for. */
typedef struct imp_opts {
    imp_format    format;   /* IMP_FMT_NONE: detect */
    const char   *list;     /* --list, or NULL for the format's default */
    const char   *date;     /* --date YYYY-MM-DD, or NULL */
    sanctum_level level;    /* level of imported values (official) */
    imp_encoding  encoding; /* --encoding */
    int           skip_bad; /* --skip-bad */
    int           progress; /* draw progress bars (stderr is a terminal) */
} imp_opts;

/* Where a value or row comes from, for messages. */
typedef struct imp_pos {
    const char   *file;  /* path as given; lives as long as the run */
    unsigned long line;  /* 1-based; 0 when unknown */
    unsigned long col;   /* 1-based: the field number in a CSV row, the
                            character column in XML and JSON; 0: none */
    const char   *field; /* column heading or element name, or NULL */
} imp_pos;

/* ------------------------------------------------------------ util.c */

/* Wipe and free a malloc'd string (NULL is a no-op). */
void imp_free_str(char *s);
/* Growing a buffer: tool_grow() (wipebuf.h). */

/* A growing string; wipe and free with imp_buf_free(). */
typedef struct imp_buf {
    char  *p;    /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} imp_buf;
#define IMP_BUF_INIT { NULL, 0, 0 }
int imp_buf_add(imp_buf *b, const char *s, size_t n);
int imp_buf_adds(imp_buf *b, const char *s);
/* Append `s` after `sep` unless the buffer is empty. */
int imp_buf_join(imp_buf *b, const char *sep, const char *s);
void imp_buf_reset(imp_buf *b);   /* wipe, keep the block */
void imp_buf_free(imp_buf *b);

/* Trim ASCII white space in place; returns s. */
char *imp_trim(char *s);
/* Collapse runs of ASCII white space (newlines too) to one space, trim. */
char *imp_squeeze(char *s);
/* Case-insensitive ASCII prefix test. */
int imp_prefix(const char *s, const char *prefix);

/* "<prog>: FILE:LINE:COL: " prefix for a position, into buf. */
void imp_pos_str(char *buf, size_t size, const imp_pos *pos);

/* The progress bar on screen (NULL: none); messages erase it first. */
void imp_bar_set(tool_progress *bar);
void imp_bar_clear(void);

/* A warning about the input, with its position (never a value). */
void imp_warn(const imp_pos *pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Format "<pos>: <message>" into msg[cap] (the progress bar cleared
 * first), for imp_warn, imp_bad and imp_fatal. */
void imp_vmessage(char *msg, size_t cap, const imp_pos *pos, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* ------------------------------------------------------------ input.c */

/*
 * Reading a text file line by line: NUL bytes, invalid UTF-8 and
 * over-long lines are caught with their position; Windows-1252 and
 * Latin-1 are converted to UTF-8. Every buffer (the stdio buffer too) is
 * wiped when the reader is closed.
 */
typedef struct imp_lines imp_lines;

typedef enum imp_line_status {
    IMP_LINE_OK = 0,
    IMP_LINE_NUL,      /* a NUL byte at err_col */
    IMP_LINE_BADUTF8,  /* invalid UTF-8 at err_col */
    IMP_LINE_BADBYTE,  /* a byte Windows-1252 does not define, at err_col */
    IMP_LINE_LONG      /* longer than the limit: the rest was discarded */
} imp_line_status;

/* Open the file `path` (not "-") to read: 0, or an exit code after a
 * diagnostic naming the file: TOOL_EXIT_NOTFOUND when it does not exist,
 * TOOL_EXIT_USAGE for a directory, TOOL_EXIT_FAIL otherwise. Every
 * reader opens files through it, so a file is refused alike whatever the
 * format or stage (detection too). */
int imp_open(FILE **out, const char *path);
/* Open `path` ("-": standard input). Returns 0 or an exit code after a
 * diagnostic. */
int imp_lines_open(imp_lines **out, const char *path, imp_encoding enc, size_t max_line);
/* imp_lines_next() after a read error or when out of memory (reported):
 * negative, so that it cannot be taken for 1 ("a line") nor for an exit
 * code; the caller stops and exits with TOOL_EXIT_FAIL. */
#define IMP_LINES_ERROR (-1)
/*
 * The next line, with its line feed if it has one, converted to UTF-8.
 * Returns 1 with *line and *len (valid until the next call) and *status, 0 at
 * the end of the file, or IMP_LINES_ERROR after a diagnostic (read error,
 * out of memory).
 * A UTF-8 byte-order mark at the start is dropped; so is a final 0x1A
 * (DOS end-of-file mark) alone on the last line.
 */
int imp_lines_next(imp_lines *r, const char **line, size_t *len, imp_line_status *status);
unsigned long imp_lines_lineno(const imp_lines *r);
unsigned long imp_lines_errcol(const imp_lines *r);
void imp_lines_close(imp_lines *r);
/* Words for a bad status ("not valid UTF-8 ..."). */
const char *imp_line_status_text(imp_line_status st, imp_encoding enc);

/* Offset of the first byte of s[0..len) that is not part of a valid UTF-8
 * sequence (overlong forms, surrogates and code points above U+10FFFF are
 * refused), or `len` if all is valid. */
size_t imp_utf8_bad_at(const unsigned char *s, size_t len);
/* Offset of the first byte of s[0..len) that Windows-1252 does not define
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D), or `len` if there is none. */
size_t imp_cp1252_bad_at(const unsigned char *s, size_t len);
/* 1-based character column of byte offset `off` in UTF-8 text. */
unsigned long imp_char_col(const char *s, size_t off);

/* Read a whole file into a wiped-on-free buffer (max IMP_FILE_MAX). */
int imp_slurp(const char *path, char **out, size_t *len);
void imp_slurp_free(char *buf, size_t len);

/* ------------------------------------------------------------ csvin.c */

/* One CSV row: fields[i] are NUL-terminated UTF-8, valid until the
 * callback returns; pos->line is the row's first line. Return 0, or
 * IMP_SKIPPED / an exit code as from imp_bad(). */
typedef int (*imp_csv_row_fn)(void *arg, const imp_pos *pos, char **fields, size_t n);

/* Read a CSV file with libcsv (strict quoting) and call `fn` for each row.
 * Rows with a bad byte, a NUL or over IMP_ROW_MAX bytes are reported and
 * never reach `fn`. Returns 0 or an exit code. */
int imp_csv_read(imp_set *set, const char *path, imp_csv_row_fn fn, void *arg);

/* ------------------------------------------------------------ record.c */

/* Counts for the summary. */
typedef struct imp_counts {
    uint64_t records;      /* records to import */
    uint64_t skipped;      /* rows skipped (--skip-bad) */
    uint64_t dropped_refs; /* references to entities not in the store */
    uint64_t warnings;
} imp_counts;

int imp_set_new(imp_set **out, const imp_opts *opts);
void imp_set_free(imp_set *set);
const imp_opts *imp_set_opts(const imp_set *set);
/* Count records on `bar` as they are read (NULL: no bar). */
void imp_set_bar(imp_set *set, tool_progress *bar);
imp_counts *imp_set_counts(imp_set *set);
/* The publication date (YYYY-MM-DD) recorded in sourceDate; the latest
 * date offered wins unless --date was given. */
void imp_set_offer_date(imp_set *set, const char *iso_date);
const char *imp_set_date(const imp_set *set);

/*
 * Report a bad row: "FILE:LINE:COL: field F: <message>". Without
 * --skip-bad it is an error (returns TOOL_EXIT_DATA); with it the row is
 * counted as skipped and IMP_SKIPPED is returned.
 */
int imp_bad(imp_set *set, const imp_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A fatal input error (cannot go on whatever --skip-bad says). */
int imp_fatal(const imp_pos *pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The record with `source_id`, or NULL. */
imp_rec *imp_set_find(imp_set *set, const char *source_id);
/* A new record; a duplicate source id is a bad row. */
int imp_rec_new(imp_rec **out, imp_set *set, const char *schema, const char *source_id,
                const imp_pos *pos);
const char *imp_rec_schema(const imp_rec *r);
/* The record's values before it is emitted (NULL after); borrowed. */
const sanctum_entity *imp_rec_entity(const imp_rec *r);
const char *imp_rec_source_id(const imp_rec *r);
/* If the record has no `to` value, copy its first `from` value there (at
 * that value's level). 0 or an exit code. */
int imp_rec_promote(imp_rec *r, const char *from, const char *to);
/* Records in creation order. */
size_t imp_set_count(const imp_set *set);
imp_rec *imp_set_at(imp_set *set, size_t i);
/* Reference `prop` -> record `target` (a source id of this set, or of an
 * earlier import of the same list). */
int imp_rec_ref(imp_rec *r, const char *prop, const char *target, const imp_pos *pos);

/* Values from one source row, checked as they are added and merged into
 * the record only if the whole row is good. */
typedef struct imp_row {
    imp_set        *set;
    sanctum_entity *e;          /* scratch entity of the schema */
    char            schema[32];
    imp_pos         pos;        /* file and line of the row */
} imp_row;

/* Begin a row of `schema` (an unknown schema is a bad row). */
int imp_row_begin(imp_row *row, imp_set *set, const char *schema, const imp_pos *pos);
/* Add a value (level: the run's). A refused value is a bad row: returns
 * IMP_SKIPPED or an exit code, after which call imp_row_abort(). */
int imp_row_add(imp_row *row, unsigned long col, const char *field, const char *prop,
                const char *value);
/* ... at `level` (the higher of it and the run's level is used). */
int imp_row_add_level(imp_row *row, unsigned long col, const char *field, const char *prop,
                      const char *value, sanctum_level level);
/* Add a value derived from free text: a refusal, or a property the
 * schema lacks, is not an error (the text it came from is kept
 * elsewhere). Returns 0, or an exit code when out of memory. */
int imp_row_soft(imp_row *row, const char *prop, const char *value);
/* Merge into `rec` (of the same schema); frees the scratch entity.
 * 0 or an exit code. */
int imp_row_end(imp_row *row, imp_rec *rec);
void imp_row_abort(imp_row *row);

/* Emit every record into `run` in dependency order (see the top). */
int imp_set_emit(imp_set *set, sanctum_import *run, tool_progress *bar);

/* ------------------------------------------------------------ country.c */

/* ISO code (lower case) for a country name as the lists write it
 * ("Korea, North", "Iran (Islamic Republic of)", "U.K."), or NULL. */
const char *imp_country(const char *name);
/* As imp_country(), also trying the text before and inside a trailing
 * parenthesis ("Afghanistan (since 2009)"). */
const char *imp_country_loose(const char *name);

/* ------------------------------------------------------------ dates.c */

/* Room for the dates one source date expression may give. */
#define IMP_DATES_MAX 32
typedef struct imp_dates {
    size_t n;
    char   v[IMP_DATES_MAX][11]; /* YYYY, YYYY-MM or YYYY-MM-DD */
} imp_dates;

/* OFAC remarks dates: "01 Jan 1960", "Jan 1960", "1960", "circa 1960",
 * "1960 to 1962" (each year), "01 Jan 1960 to 05 Feb 1961" (both ends).
 * Returns 0, or -1 if not understood. */
int imp_date_ofac(imp_dates *out, const char *text);
/* OFSI "dd/mm/yyyy" with 00 for unknown parts -> YYYY[-MM[-DD]];
 * "00/00/0000" gives nothing (returns 1). 0, 1 or -1 (malformed). */
int imp_date_dmy(char out[11], const char *text);
/* ISO "YYYY-MM-DD" (optionally followed by "T..." or "Z") -> YYYY-MM-DD;
 * "YYYY" alone is kept. 0 or -1. */
int imp_date_iso(char out[11], const char *text);
/* Is the text a plausible partial ISO date (syntax only)? */
int imp_date_valid(const char *iso);

/* ------------------------------------------------------------ parsers */

/* Each parser reads its files into `set`. Returns 0 or an exit code. */
int imp_ofac_read(imp_set *set, char *const *files, size_t nfiles);
int imp_ofsi_read(imp_set *set, char *const *files, size_t nfiles);
int imp_unxml_read(imp_set *set, char *const *files, size_t nfiles);
int imp_ftm_read(imp_set *set, char *const *files, size_t nfiles);

/* ------------------------------------------------------------ remarks.c */

/* Structured properties from an OFAC remarks text ("DOB 01 Jan 1960; POB
 * Cairo, Egypt; Passport 123 (Egypt)") added softly to `row` (the whole
 * text is kept in notes by the caller). 0 or an exit code. */
int imp_ofac_remarks(imp_row *row, const char *remarks);

/* ------------------------------------------------------------ detect.c */

/* Guess the format of a file from its first bytes into *out: IMP_FMT_NONE
 * when it is not clear. Returns 0, or an exit code after a diagnostic
 * when the file cannot be read (imp_open). */
int imp_detect(imp_format *out, const char *path);
/* The role of a file in an OFAC set by its number of fields, into *fields:
 * 12 primary (sdn.csv), 5 alt.csv, 6 add.csv, 2 sdn_comments.csv; -1 other,
 * and for "-" (standard input cannot be read twice). A byte order mark is
 * skipped. Returns 0, or an exit code after a diagnostic (as imp_detect). */
int imp_ofac_fields(int *fields, const char *path);
const char *imp_format_name(imp_format f);
imp_format imp_format_from_name(const char *name);
/* The default --list for a format ("us_ofac_sdn", ...). */
const char *imp_format_list(imp_format f);

/* ------------------------------------------------------------ run.c */

/* What a run did, for the summary. */
typedef struct imp_result {
    sanctum_import_summary summary;
    imp_counts             counts;
    char                   date[11];  /* sourceDate used ("" if none) */
    const char            *list;      /* source list used */
    imp_format             format;
    int                    dry_run;
} imp_result;

/*
 * Read `files` into a new set: the format is opts->format, or detected
 * (then written back to opts), and opts->list defaults to the format's
 * list. `opts` must outlive the set. Returns 0 with *out (freed with
 * imp_set_free()), or an exit code after a diagnostic.
 */
int imp_parse(imp_set **out, imp_opts *opts, char *const *files, size_t nfiles);

/*
 * Import a parsed set in one run (session NULL: a dry run that only checks
 * references). On any failure the run is aborted and nothing is written.
 * Returns 0 with *res filled, or an exit code after a diagnostic.
 */
int imp_import(imp_result *res, imp_set *set, sanctum_session *session, const char *purpose);

#endif

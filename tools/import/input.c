/* SPDX-License-Identifier: Apache-2.0 */
/* input.c - reading list files line by line: positions, NUL bytes, encodings, wiped buffers. */
#include "imp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"

#define IOBUF_SIZE 65536

struct imp_lines {
    FILE         *f;
    int           is_stdin;
    const char   *path;
    imp_encoding  enc;
    size_t        max;      /* longest line kept, in bytes */
    unsigned long line;     /* number of the line last returned */
    unsigned long errcol;   /* column of the problem in that line */
    char         *raw;      /* the line as read */
    size_t        rawcap;
    char         *conv;     /* the line in UTF-8 when converted */
    size_t        convcap;
    char          iobuf[IOBUF_SIZE]; /* stdio buffer, wiped on close */
};

/* Windows-1252 0x80..0x9F as Unicode code points; 0: undefined. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

const char *
imp_line_status_text(imp_line_status st, imp_encoding enc)
{
    switch (st) {
    case IMP_LINE_NUL:
        return "NUL byte in the input";
    case IMP_LINE_BADUTF8:
        return "not valid UTF-8 (if the file is Windows-1252 or Latin-1, say so with "
               "--encoding windows-1252 or --encoding latin-1)";
    case IMP_LINE_BADBYTE:
        return enc == IMP_ENC_CP1252 ? "a byte that Windows-1252 does not define"
                                     : "a byte the encoding does not define";
    case IMP_LINE_LONG:
        return "line too long";
    default:
        return "ok";
    }
}

size_t
imp_utf8_bad_at(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned int cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

size_t
imp_cp1252_bad_at(const unsigned char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] >= 0x80 && s[i] <= 0x9F && cp1252_c1[s[i] - 0x80] == 0)
            return i;
    return len;
}

unsigned long
imp_char_col(const char *s, size_t off)
{
    unsigned long col = 1;
    size_t i;

    for (i = 0; i < off; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static int
put_utf8(imp_lines *r, size_t *o, unsigned int cp)
{
    if (tool_grow(&r->conv, &r->convcap, *o + 4) != 0)
        return -1;
    if (cp < 0x80) {
        r->conv[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        r->conv[(*o)++] = (char)(0xC0 | (cp >> 6));
        r->conv[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        r->conv[(*o)++] = (char)(0xE0 | (cp >> 12));
        r->conv[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        r->conv[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
    return 0;
}

/* Convert raw[0..len) from an 8-bit encoding into r->conv. -1: no memory. */
static int
convert_8bit(imp_lines *r, size_t len, size_t *outlen, imp_line_status *st)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)r->raw[i];
        unsigned int cp = c;

        if (r->enc == IMP_ENC_CP1252 && c >= 0x80 && c <= 0x9F) {
            cp = cp1252_c1[c - 0x80];
            if (cp == 0 && *st == IMP_LINE_OK) {
                *st = IMP_LINE_BADBYTE;
                r->errcol = (unsigned long)i + 1;
                cp = 0xFFFD;
            }
        }
        if (put_utf8(r, &o, cp) != 0)
            return -1;
    }
    if (tool_grow(&r->conv, &r->convcap, o + 1) != 0)
        return -1;
    r->conv[o] = '\0';
    *outlen = o;
    return 0;
}

int
imp_open(FILE **out, const char *path)
{
    struct stat sb;
    int e;

    if ((*out = fopen(path, "rb")) == NULL) {
        e = errno;
        tool_error("%s: %s", path, strerror(e));
        return e == ENOENT ? TOOL_EXIT_NOTFOUND : TOOL_EXIT_FAIL;
    }
    /* fopen() opens a directory; reading it fails later, less clearly. */
    if (fstat(fileno(*out), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(*out);
        *out = NULL;
        tool_error("%s: is a directory", path);
        return TOOL_EXIT_USAGE;
    }
    return 0;
}

int
imp_lines_open(imp_lines **out, const char *path, imp_encoding enc, size_t max_line)
{
    imp_lines *r;
    int rc;

    *out = NULL;
    if ((r = calloc(1, sizeof *r)) == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    r->path = path;
    r->enc = enc;
    r->max = max_line;
    if (strcmp(path, "-") == 0) {
        r->f = stdin;
        r->is_stdin = 1;
    } else if ((rc = imp_open(&r->f, path)) != 0) {
        free(r);
        return rc;
    }
    setvbuf(r->f, r->iobuf, _IOFBF, sizeof r->iobuf);
    *out = r;
    return 0;
}

int
imp_lines_next(imp_lines *r, const char **line, size_t *len, imp_line_status *status)
{
    size_t n = 0, bad;
    int c, longline = 0;

    *status = IMP_LINE_OK;
    r->errcol = 0;
    while ((c = getc(r->f)) != EOF) {
        if (n < r->max) {
            if (tool_grow(&r->raw, &r->rawcap, n + 2) != 0) {
                tool_error("out of memory");
                return IMP_LINES_ERROR;
            }
            r->raw[n++] = (char)c;
        } else {
            longline = 1;
        }
        if (c == '\n')
            break;
    }
    if (ferror(r->f)) {
        /* errno is read's: a directory or a closed descriptor as stdin. */
        tool_error("%s: read error (%s)", r->path, strerror(errno));
        return IMP_LINES_ERROR;
    }
    if (n == 0 && !longline)
        return 0;
    r->line++;
    if (tool_grow(&r->raw, &r->rawcap, n + 1) != 0) {
        tool_error("out of memory");
        return IMP_LINES_ERROR;
    }
    r->raw[n] = '\0';
    /* A DOS end-of-file mark alone at the very end is not data. */
    if (r->raw[0] == 0x1A && (n == 1 || (n == 2 && r->raw[1] == '\n') ||
                              (n == 3 && r->raw[1] == '\r' && r->raw[2] == '\n'))) {
        c = getc(r->f);
        if (c == EOF)
            return 0;
        ungetc(c, r->f);
    }
    if (longline) {
        *status = IMP_LINE_LONG;
        r->errcol = (unsigned long)r->max + 1;
    } else if (memchr(r->raw, '\0', n) != NULL) {
        *status = IMP_LINE_NUL;
        r->errcol = (unsigned long)((char *)memchr(r->raw, '\0', n) - r->raw) + 1;
    }
    if (r->enc == IMP_ENC_UTF8) {
        size_t skip = 0;

        if (r->line == 1 && n >= 3 && memcmp(r->raw, "\xEF\xBB\xBF", 3) == 0)
            skip = 3;
        if (*status == IMP_LINE_OK &&
            (bad = imp_utf8_bad_at((unsigned char *)r->raw + skip, n - skip)) != n - skip) {
            *status = IMP_LINE_BADUTF8;
            r->errcol = imp_char_col(r->raw + skip, bad);
        }
        *line = r->raw + skip;
        *len = n - skip;
    } else {
        if (convert_8bit(r, n, len, status) != 0) {
            tool_error("out of memory");
            return IMP_LINES_ERROR;
        }
        *line = r->conv;
    }
    return 1;
}

unsigned long
imp_lines_lineno(const imp_lines *r)
{
    return r->line;
}

unsigned long
imp_lines_errcol(const imp_lines *r)
{
    return r->errcol;
}

void
imp_lines_close(imp_lines *r)
{
    if (r == NULL)
        return;
    if (!r->is_stdin)
        fclose(r->f);
    else
        setvbuf(stdin, NULL, _IONBF, 0);
    if (r->raw != NULL) {
        sanctum_wipe(r->raw, r->rawcap);
        free(r->raw);
    }
    if (r->conv != NULL) {
        sanctum_wipe(r->conv, r->convcap);
        free(r->conv);
    }
    sanctum_wipe(r->iobuf, sizeof r->iobuf);
    free(r);
}

int
imp_slurp(const char *path, char **out, size_t *len)
{
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    FILE *f;
    int is_stdin = strcmp(path, "-") == 0, rc = 0;

    *out = NULL;
    *len = 0;
    if (is_stdin)
        f = stdin;
    else if ((rc = imp_open(&f, path)) != 0)
        return rc;
    setvbuf(f, NULL, _IONBF, 0);
    for (;;) {
        if (tool_grow(&buf, &cap, n + 65536 + 1) != 0) {
            tool_error("out of memory");
            rc = TOOL_EXIT_FAIL;
            break;
        }
        got = fread(buf + n, 1, 65536, f);
        n += got;
        if (n > IMP_FILE_MAX) {
            tool_error("%s: larger than %u MiB", path, IMP_FILE_MAX >> 20);
            rc = TOOL_EXIT_DATA;
            break;
        }
        if (got < 65536) {
            if (ferror(f)) {
                tool_error("%s: read error", path);
                rc = TOOL_EXIT_FAIL;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (rc != 0) {
        imp_slurp_free(buf, cap);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

void
imp_slurp_free(char *buf, size_t len)
{
    if (buf == NULL)
        return;
    sanctum_wipe(buf, len);
    free(buf);
}

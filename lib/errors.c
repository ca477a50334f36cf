/* SPDX-License-Identifier: Apache-2.0 */
/* errors.c - result code texts and the per-thread last-error detail. */
#include "errors.h"

#include <errno.h>
#include <lmdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

static _Thread_local char last_msg[512];
static _Thread_local int last_code;

const char *
sanctum_strerror(int code)
{
    switch (code) {
    case SANCTUM_OK:        return "success";
    case SANCTUM_ENOTFOUND: return "not found";
    case SANCTUM_EEXISTS:   return "already exists";
    case SANCTUM_EAUTH:     return "wrong passphrase";
    case SANCTUM_ENOUSER:   return "unknown user";
    case SANCTUM_EREVOKED:  return "user revoked";
    case SANCTUM_EPERM:     return "not permitted for this user";
    case SANCTUM_EINVAL:    return "invalid input";
    case SANCTUM_ECONFLICT: return "stale revision";
    case SANCTUM_ECORRUPT:  return "stored data is corrupt or was tampered with";
    case SANCTUM_EVERSION:  return "unsupported store format version";
    case SANCTUM_ENOMEM:    return "out of memory";
    case SANCTUM_EIO:       return "input/output error";
    case SANCTUM_EPOLICY:   return "refused by policy";
    case SANCTUM_ETAMPER:   return "audit trail tampering found";
    case SANCTUM_EBUSY:     return "store in use by another process";
    default:                return "error";
    }
}

const char *
sanctum_last_error(void)
{
    return last_msg;
}

int
sanctum_last_error_code(void)
{
    return last_code;
}

/* A code point that breaks or garbles a line of a log: C0 (line breaks
 * and tabs among them), DEL, C1, and the Unicode line and paragraph
 * separators. */
static int
breaks_line(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

/* The last line of defence of "one line": whatever a detail was made
 * from, each control character and each byte that is not UTF-8 (a
 * sequence cut by the truncation included) becomes '?', in place. Valid
 * UTF-8 text (a store path, a name of the library's own) stays as it is. */
static void
one_printable_line(char *s)
{
    size_t len = strlen(s), r = 0, w = 0;
    uint32_t cp;

    while (r < len) {
        unsigned char c = (unsigned char)s[r];
        size_t k = 1;

        cp = c;
        if (c >= 0x80 && (k = sanctum__utf8_next((const unsigned char *)s + r, len - r,
                                                  &cp)) == 0) {
            s[w++] = '?';
            r++;
            continue;
        }
        if (breaks_line(cp)) {
            s[w++] = '?';
            r += k;
            continue;
        }
        memmove(s + w, s + r, k);
        w += k;
        r += k;
    }
    s[w] = '\0';
}

int
sanctum__err(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof last_msg, fmt, ap);
    va_end(ap);
    one_printable_line(last_msg);
    last_code = code;
    return code;
}

static int
ascii_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
ascii_alnum(char c)
{
    return ascii_alpha(c) || (c >= '0' && c <= '9');
}

int
sanctum__err_id_shaped(const char *s)
{
    size_t i;

    if (s == NULL || strlen(s) != 13 || s[3] != '-' || s[8] != '-')
        return 0;
    for (i = 0; i < 13; i++)
        if (i != 3 && i != 8 && !(i < 3 ? ascii_alpha(s[i]) : ascii_alnum(s[i])))
            return 0;
    return 1;
}

int
sanctum__err_name_shaped(const char *s)
{
    size_t i;

    if (s == NULL || !ascii_alpha(s[0]))
        return 0;
    for (i = 1; s[i] != '\0'; i++)
        if (i >= 64 || !(ascii_alnum(s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

int
sanctum__err_mdb(int rc, const char *what)
{
    int code;

    switch (rc) {
    case MDB_NOTFOUND:     code = SANCTUM_ENOTFOUND; break;
    case MDB_KEYEXIST:     code = SANCTUM_EEXISTS; break;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:      code = SANCTUM_ECORRUPT; break;
    case MDB_VERSION_MISMATCH: code = SANCTUM_EVERSION; break;
    case ENOMEM:           code = SANCTUM_ENOMEM; break;
    default:               code = SANCTUM_EIO; break;
    }
    return sanctum__err(code, "%s: %s", what, mdb_strerror(rc));
}

void
sanctum__err_clear(void)
{
    last_msg[0] = '\0';
    last_code = SANCTUM_OK;
}

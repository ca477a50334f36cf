/* SPDX-License-Identifier: Apache-2.0 */
/* schema.c - schema lookup, value checking and normalisation, entity ids. */
#include "schema.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

/* ------------------------------------------------------------ lookup */

size_t
sanctum__schema_count(void)
{
    return sanctum__schema_table_len;
}

const sanctum__schema *
sanctum__schema_at(size_t i)
{
    return i < sanctum__schema_table_len ? sanctum__schema_table[i] : NULL;
}

const sanctum__schema *
sanctum__schema_find(const char *name)
{
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < sanctum__schema_table_len; i++)
        if (strcmp(sanctum__schema_table[i]->name, name) == 0)
            return sanctum__schema_table[i];
    return NULL;
}

const sanctum__schema *
sanctum__schema_by_prefix(const char *prefix)
{
    size_t i;

    if (prefix == NULL)
        return NULL;
    for (i = 0; i < sanctum__schema_table_len; i++)
        if (strcmp(sanctum__schema_table[i]->prefix, prefix) == 0)
            return sanctum__schema_table[i];
    return NULL;
}

/* Per-schema property arrays sorted by name, built once, for bsearch:
 * property lookup sits on the hot path of every value read and written. */
#define MAX_SCHEMAS 64
static const sanctum__prop **sorted_props[MAX_SCHEMAS];
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static int
prop_cmp(const void *a, const void *b)
{
    return strcmp((*(const sanctum__prop *const *)a)->name,
                  (*(const sanctum__prop *const *)b)->name);
}

static void
build_sorted(void)
{
    for (size_t i = 0; i < sanctum__schema_table_len && i < MAX_SCHEMAS; i++) {
        const sanctum__schema *s = sanctum__schema_table[i];
        const sanctum__prop **a = malloc(s->nprops * sizeof *a);
        if (a == NULL)
            continue; /* lookups of this schema fall back to a linear scan */
        memcpy(a, s->props, s->nprops * sizeof *a);
        qsort(a, s->nprops, sizeof *a, prop_cmp);
        sorted_props[i] = a;
    }
}

static int
key_cmp(const void *key, const void *elem)
{
    return strcmp(key, (*(const sanctum__prop *const *)elem)->name);
}

const sanctum__prop *
sanctum__schema_prop(const sanctum__schema *s, const char *prop)
{
    const sanctum__prop *const *hit;
    size_t i;

    if (s == NULL || prop == NULL)
        return NULL;
    pthread_once(&sorted_once, build_sorted);
    for (i = 0; i < sanctum__schema_table_len && i < MAX_SCHEMAS; i++) {
        if (sanctum__schema_table[i] != s || sorted_props[i] == NULL)
            continue;
        hit = bsearch(prop, sorted_props[i], s->nprops, sizeof *sorted_props[i], key_cmp);
        return hit ? *hit : NULL;
    }
    for (i = 0; i < s->nprops; i++)
        if (strcmp(s->props[i]->name, prop) == 0)
            return s->props[i];
    return NULL;
}

int
sanctum__schema_is_a(const sanctum__schema *s, const char *name)
{
    const char *const *e;

    if (s == NULL || name == NULL)
        return 0;
    if (strcmp(s->name, name) == 0)
        return 1;
    for (e = s->extends; e != NULL && *e != NULL; e++)
        if (strcmp(*e, name) == 0)
            return 1;
    return 0;
}

const char *
sanctum__ptype_name(sanctum__ptype type)
{
    switch (type) {
    case SANCTUM__PT_NAME:       return "name";
    case SANCTUM__PT_STRING:     return "string";
    case SANCTUM__PT_TEXT:       return "text";
    case SANCTUM__PT_DATE:       return "date";
    case SANCTUM__PT_COUNTRY:    return "country";
    case SANCTUM__PT_ENTITY:     return "entity";
    case SANCTUM__PT_IDENTIFIER: return "identifier";
    case SANCTUM__PT_EMAIL:      return "email";
    case SANCTUM__PT_PHONE:      return "phone";
    case SANCTUM__PT_URL:        return "url";
    case SANCTUM__PT_NUMBER:     return "number";
    case SANCTUM__PT_ENUM:       return "enum";
    case SANCTUM__PT_GENDER:     return "gender";
    case SANCTUM__PT_TOPIC:      return "topic";
    case SANCTUM__PT_LANGUAGE:   return "language";
    }
    return "unknown";
}

/* ------------------------------------------------------------ levels */

static const char *const level_names[] = { NULL, "official", "sensitive", "secret" };

const char *
sanctum__level_name(int level)
{
    if (level < SANCTUM_LEVEL_OFFICIAL || level > SANCTUM_LEVEL_SECRET)
        return NULL;
    return level_names[level];
}

static int
ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* Case-insensitive (ASCII) equality of a NUL-terminated string and a word. */
static int
eq_nocase(const char *a, const char *word)
{
    while (*a != '\0' && *word != '\0') {
        if (ascii_lower((unsigned char)*a) != (unsigned char)*word)
            return 0;
        a++;
        word++;
    }
    return *a == '\0' && *word == '\0';
}

int
sanctum__level_parse(const char *name)
{
    int level;

    if (name != NULL)
        for (level = SANCTUM_LEVEL_OFFICIAL; level <= SANCTUM_LEVEL_SECRET; level++)
            if (eq_nocase(name, level_names[level]))
                return level;
    return sanctum__err(SANCTUM_EINVAL,
                        "unknown level (expected official, sensitive or secret)");
}

/* ------------------------------------------------------------ UTF-8 */

/*
 * Decode one UTF-8 sequence at s[0..n) strictly (no overlong forms, no
 * surrogates, nothing above U+10FFFF). Returns its length and sets *cp, or
 * 0 if the bytes are not valid UTF-8.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c;
    size_t len, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2;
        c = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        c = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
        return 0;
    if (c >= 0xD800 && c <= 0xDFFF)
        return 0;
    *cp = c;
    return len;
}

/* Unicode White_Space, plus the invisible U+200B and U+FEFF (BOM). */
static int
is_space_cp(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
           c == 0xFEFF;
}

/* C0 controls, DEL and C1 controls. */
static int
is_control_cp(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* ------------------------------------------------------------ value checks */

static int id_canon(char out[SANCTUM__ID_MAX], const char *s, size_t len);

/* What a failed check reports: "Schema.prop: <why>". Never the value. */
static int
bad(const sanctum__schema *s, const sanctum__prop *p, const char *why)
{
    if (s != NULL)
        return sanctum__err(SANCTUM_EINVAL, "%s.%s: %s", s->name, p->name, why);
    return sanctum__err(SANCTUM_EINVAL, "property %s: %s", p->name, why);
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Two digits at s as a number. */
static int
two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

static int
all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    return 1;
}

int
sanctum__date_valid(const char *s, size_t len)
{
    static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int year, month, day;

    if (s == NULL)
        return 0;
    if (len != 4 && len != 7 && len != 10 && len != 16 && len != 19)
        return 0;
    if (!all_digits(s, 4))
        return 0;
    year = two(s) * 100 + two(s + 2);
    if (year < 1)
        return 0;
    if (len == 4)
        return 1;
    if (s[4] != '-' || !all_digits(s + 5, 2))
        return 0;
    month = two(s + 5);
    if (month < 1 || month > 12)
        return 0;
    if (len == 7)
        return 1;
    if (s[7] != '-' || !all_digits(s + 8, 2))
        return 0;
    day = two(s + 8);
    if (day < 1 || day > mdays[month - 1])
        return 0;
    if (month == 2 && day == 29 &&
        !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 0;
    if (len == 10)
        return 1;
    if (s[10] != 'T' || !all_digits(s + 11, 2) || s[13] != ':' ||
        !all_digits(s + 14, 2) || two(s + 11) > 23 || two(s + 14) > 59)
        return 0;
    if (len == 16)
        return 1;
    return s[16] == ':' && all_digits(s + 17, 2) && two(s + 17) <= 59;
}

/* DATE: a trailing 'Z' on a date-time means UTC, which is what we store:
 * drop it. Other offsets are refused. */
static int
check_date(char *v, size_t *n)
{
    if ((*n == 17 || *n == 20) && v[*n - 1] == 'Z') {
        (*n)--;
        v[*n] = '\0';
    }
    return sanctum__date_valid(v, *n);
}

static void
lower_ascii(char *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        v[i] = (char)ascii_lower((unsigned char)v[i]);
}

static int
check_country(char *v, size_t n)
{
    if (!sanctum__country_valid(v, n))
        return 0;
    lower_ascii(v, n);
    return 1;
}

/* A foreign (FtM) id: [A-Za-z0-9] then [A-Za-z0-9._:-]*, kept verbatim. */
static int
foreign_id_ok(const char *v, size_t n)
{
    size_t i;

    if (n > SANCTUM__FOREIGN_ID_MAX || !(is_alpha(v[0]) || is_digit(v[0])))
        return 0;
    for (i = 1; i < n; i++)
        if (!(is_alpha(v[i]) || is_digit(v[i]) || v[i] == '.' || v[i] == '_' ||
              v[i] == ':' || v[i] == '-'))
            return 0;
    return 1;
}

/* ENTITY: a sanctum id of a schema within the property's range, or (with
 * SANCTUM__VC_FOREIGN_REF) a foreign id left for the importer to map. */
static int
check_entity(const sanctum__schema *s, const sanctum__prop *p, char *v, size_t *n,
             unsigned int flags)
{
    char id[SANCTUM__ID_MAX];
    const sanctum__schema *target;

    if (id_canon(id, v, *n)) {
        target = sanctum__id_schema(id);
        if (p->range != NULL && !sanctum__schema_is_a(target, p->range)) {
            if (s != NULL)
                return sanctum__err(SANCTUM_EINVAL,
                                    "%s.%s: expected a reference to a %s, not a %s",
                                    s->name, p->name, p->range, target->name);
            return sanctum__err(SANCTUM_EINVAL,
                                "property %s: expected a reference to a %s, not a %s",
                                p->name, p->range, target->name);
        }
        memcpy(v, id, SANCTUM__ID_MAX);
        return 0;
    }
    if ((flags & SANCTUM__VC_FOREIGN_REF) != 0 && foreign_id_ok(v, *n))
        return 0;
    return bad(s, p, "not an entity id (expected PREFIX-XXXX-XXXX)");
}

/* EMAIL: local@domain; local part free of spaces, domain dotted labels of
 * letters, digits, hyphens or non-ASCII (IDN). The domain is lower-cased. */
static int
check_email(char *v, size_t n)
{
    const char *at = memchr(v, '@', n);
    size_t local, i;
    char prev = '.';
    int dots = 0;

    if (at == NULL || n > SANCTUM__EMAIL_MAX)
        return 0;
    local = (size_t)(at - v);
    if (local == 0 || local > 64 || memchr(at + 1, '@', n - local - 1) != NULL)
        return 0;
    for (i = 0; i < local; i++)
        if (v[i] == ' ')
            return 0;
    for (i = local + 1; i < n; i++) {
        char c = v[i];

        if (c == '.') {
            if (prev == '.' || prev == '-')
                return 0;
            dots++;
        } else if (!(is_alpha(c) || is_digit(c) || c == '-' || (unsigned char)c >= 0x80)) {
            return 0;
        } else if (c == '-' && prev == '.') {
            return 0;
        }
        prev = c;
    }
    if (prev == '.' || prev == '-' || dots == 0)
        return 0;
    lower_ascii(v + local + 1, n - local - 1);
    return 1;
}

/* PHONE: printable ASCII with at least three digits (separators, "ext",
 * several numbers joined by ";" as lists publish them are all fine). */
static int
check_phone(const char *v, size_t n)
{
    size_t i, digits = 0;

    if (n > SANCTUM__IDENT_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7E)
            return 0;
        if (is_digit(v[i]))
            digits++;
    }
    return digits >= 3;
}

/* URL: http, https or ftp scheme (lower-cased), "://", a host, and no
 * white space anywhere. Non-ASCII (IRI) characters are allowed. */
static int
check_url(char *v, size_t n)
{
    static const char *const schemes[] = { "http", "https", "ftp", NULL };
    size_t i, k, slen = 0;

    if (n > SANCTUM__URL_MAX)
        return 0;
    for (i = 0; i < n; i++)
        if (v[i] == ' ')
            return 0;
    for (k = 0; schemes[k] != NULL; k++) {
        slen = strlen(schemes[k]);
        if (n > slen + 3 && memcmp(v + slen, "://", 3) == 0) {
            for (i = 0; i < slen; i++)
                if (ascii_lower((unsigned char)v[i]) != schemes[k][i])
                    break;
            if (i == slen)
                break;
        }
    }
    if (schemes[k] == NULL)
        return 0;
    if (v[slen + 3] == '/' || v[slen + 3] == '?' || v[slen + 3] == '#')
        return 0;
    lower_ascii(v, slen);
    return 1;
}

/* NUMBER: [+-]digits[.digits]; a leading '+' is dropped. */
static int
check_number(char *v, size_t *n)
{
    size_t i = 0, int_digits = 0, frac_digits = 0;

    if (*n > 64)
        return 0;
    if (v[0] == '+' || v[0] == '-')
        i++;
    while (i < *n && is_digit(v[i])) {
        i++;
        int_digits++;
    }
    if (i < *n && v[i] == '.') {
        i++;
        while (i < *n && is_digit(v[i])) {
            i++;
            frac_digits++;
        }
        if (frac_digits == 0)
            return 0;
    }
    if (i != *n || int_digits == 0)
        return 0;
    if (v[0] == '+') {
        memmove(v, v + 1, *n);  /* includes the NUL */
        (*n)--;
    }
    return 1;
}

static int
in_list(const char *const *list, const char *v)
{
    for (; list != NULL && *list != NULL; list++)
        if (strcmp(*list, v) == 0)
            return 1;
    return 0;
}

/* TOPIC: lower-case [a-z][a-z0-9._-]*, at most 64 bytes. */
static int
check_topic(char *v, size_t n)
{
    size_t i;

    if (n > 64)
        return 0;
    lower_ascii(v, n);
    if (!(v[0] >= 'a' && v[0] <= 'z'))
        return 0;
    for (i = 1; i < n; i++)
        if (!((v[i] >= 'a' && v[i] <= 'z') || is_digit(v[i]) || v[i] == '.' ||
              v[i] == '_' || v[i] == '-'))
            return 0;
    return 1;
}

/* LANGUAGE: an ISO 639 code, 2 or 3 ASCII letters (syntax only). */
static int
check_language(char *v, size_t n)
{
    size_t i;

    if (n < 2 || n > 3)
        return 0;
    for (i = 0; i < n; i++)
        if (!is_alpha(v[i]))
            return 0;
    lower_ascii(v, n);
    return 1;
}

/* Byte limit for a type after trimming. */
static size_t
type_max(sanctum__ptype type)
{
    switch (type) {
    case SANCTUM__PT_TEXT:       return SANCTUM__TEXT_MAX;
    case SANCTUM__PT_URL:        return SANCTUM__URL_MAX;
    case SANCTUM__PT_IDENTIFIER: return SANCTUM__IDENT_MAX;
    case SANCTUM__PT_PHONE:      return SANCTUM__IDENT_MAX;
    case SANCTUM__PT_EMAIL:      return SANCTUM__EMAIL_MAX;
    default:                     return SANCTUM__VALUE_MAX;
    }
}

/*
 * Trim white space from both ends of value[0..len) (already known to be
 * valid UTF-8); sets *start and *end to the remaining byte range.
 */
static void
trim(const unsigned char *value, size_t len, size_t *start, size_t *end)
{
    size_t i = 0, k;
    uint32_t cp = 0;

    *start = len;
    *end = len;
    while (i < len) {
        k = utf8_decode(value + i, len - i, &cp);
        if (k == 0)
            break;
        if (!is_space_cp(cp)) {
            if (*start == len)
                *start = i;
            *end = i + k;
        }
        i += k;
    }
    if (*start == len)
        *end = len;
}

int
sanctum__value_check_ex(const sanctum__schema *s, const sanctum__prop *p,
                        const char *value, size_t len, char *out, size_t cap,
                        unsigned int flags)
{
    const unsigned char *u = (const unsigned char *)value;
    int text = p != NULL && p->type == SANCTUM__PT_TEXT;
    size_t i, start, end, n, w;
    uint32_t cp = 0;
    int error = SANCTUM_EINVAL;
    char *v = out;

    if (out != NULL && cap > 0 && out != value)
        out[0] = '\0';
    if (p == NULL || out == NULL || (value == NULL && len > 0))
        return sanctum__err(SANCTUM_EINVAL, "value check: missing property or buffer");
    if (len > 0 && memchr(value, '\0', len) != NULL) {
        error = bad(s, p, "contains a NUL byte");
        goto done;
    }
    for (i = 0; i < len;) {
        size_t k = u[i] < 0x80 ? 1 : utf8_decode(u + i, len - i, &cp);

        if (k == 0) {
            error = bad(s, p, "not valid UTF-8");
            goto done;
        }
        i += k;
    }
    trim(u, len, &start, &end);
    n = end - start;
    if (n == 0) {
        error = bad(s, p, "empty value");
        goto done;
    }
    if (n + 1 > cap) {
        error = bad(s, p, "output buffer too small");
        goto done;
    }
    memmove(v, value + start, n);
    v[n] = '\0';

    /* Controls: TEXT keeps \t and \n, and turns CR LF into LF. */
    for (i = 0, w = 0; i < n;) {
        size_t k;

        if ((unsigned char)v[i] >= 0x20 && (unsigned char)v[i] < 0x7F) {
            v[w++] = v[i++]; /* printable ASCII, most of any value */
            continue;
        }
        k = utf8_decode((const unsigned char *)v + i, n - i, &cp);
        if (text && cp == '\r' && i + 1 < n && v[i + 1] == '\n') {
            i++;
            continue;
        }
        if (is_control_cp(cp) && !(text && (cp == '\n' || cp == '\t'))) {
            error = bad(s, p, text ? "contains a control character"
                                   : "contains a control character or line break");
            goto done;
        }
        memmove(v + w, v + i, k);
        w += k;
        i += k;
    }
    n = w;
    v[n] = '\0';
    if (n > type_max(p->type)) {
        char why[64];

        snprintf(why, sizeof why, "too long (at most %zu bytes)", type_max(p->type));
        error = bad(s, p, why);
        goto done;
    }

    switch (p->type) {
    case SANCTUM__PT_NAME:
    case SANCTUM__PT_STRING:
    case SANCTUM__PT_TEXT:
    case SANCTUM__PT_IDENTIFIER:
        error = 0;
        break;
    case SANCTUM__PT_DATE:
        error = check_date(v, &n) ? 0 : bad(s, p,
            "not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])");
        break;
    case SANCTUM__PT_COUNTRY:
        error = check_country(v, n) ? 0 : bad(s, p,
            "not a country code (expected ISO 3166-1 alpha-2, e.g. gb)");
        break;
    case SANCTUM__PT_ENTITY:
        error = check_entity(s, p, v, &n, flags);
        break;
    case SANCTUM__PT_EMAIL:
        error = check_email(v, n) ? 0 : bad(s, p, "not an e-mail address");
        break;
    case SANCTUM__PT_PHONE:
        error = check_phone(v, n) ? 0 : bad(s, p,
            "not a phone number (expected ASCII with at least 3 digits)");
        break;
    case SANCTUM__PT_URL:
        error = check_url(v, n) ? 0 : bad(s, p,
            "not a URL (expected http://, https:// or ftp:// and a host, no spaces)");
        break;
    case SANCTUM__PT_NUMBER:
        error = check_number(v, &n) ? 0 : bad(s, p,
            "not a number (expected decimal digits, optional sign and fraction)");
        break;
    case SANCTUM__PT_GENDER:
        lower_ascii(v, n);
        /* fall through */
    case SANCTUM__PT_ENUM:
        if (in_list(p->enum_values, v)) {
            error = 0;
        } else {
            char why[256];
            const char *const *e;
            size_t off;

            off = (size_t)snprintf(why, sizeof why, "not one of");
            for (e = p->enum_values; e != NULL && *e != NULL && off < sizeof why; e++)
                off += (size_t)snprintf(why + off, sizeof why - off, " %s", *e);
            error = bad(s, p, why);
        }
        break;
    case SANCTUM__PT_TOPIC:
        error = check_topic(v, n) ? 0 : bad(s, p,
            "not a topic (expected lower-case letters, digits, '.', '_' or '-')");
        break;
    case SANCTUM__PT_LANGUAGE:
        error = check_language(v, n) ? 0 : bad(s, p,
            "not a language code (expected ISO 639, 2 or 3 letters)");
        break;
    default:
        error = bad(s, p, "unknown property type");
        break;
    }

done:
    if (error != 0 && cap > 0)
        out[0] = '\0';
    return error;
}

int
sanctum__value_check(const sanctum__schema *s, const sanctum__prop *p,
                     const char *value, size_t len, char *out, size_t cap)
{
    return sanctum__value_check_ex(s, p, value, len, out, cap, 0);
}

/* ------------------------------------------------------------ entity ids */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Crockford digit value of c (case-insensitive; O = 0, I = L = 1), or -1. */
static int
crockford_value(char c)
{
    const char *hit;

    c = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (c == 'O')
        return 0;
    if (c == 'I' || c == 'L')
        return 1;
    if (c == '\0' || (hit = strchr(crockford, c)) == NULL)
        return -1;
    return (int)(hit - crockford);
}

#define ID_BITS 40
#define ID_BLOCK_BITS 20
#define ID_SPAN_MAX 65536u

void
sanctum__id_seq_init(sanctum__id_seq *q, size_t n)
{
    q->next = 0;
    q->left = 0;
    q->span = n == 0 ? 1u : n > ID_SPAN_MAX ? ID_SPAN_MAX : (uint32_t)n;
}

void
sanctum__id_seq_skip(sanctum__id_seq *q)
{
    q->left = 0;
}

int
sanctum__id_seq_next(sanctum__id_seq *q, char out[SANCTUM__ID_MAX], const sanctum__schema *s)
{
    uint64_t bits;
    size_t i, k;

    if (s == NULL || s->prefix == NULL || strlen(s->prefix) != 3)
        return sanctum__err(SANCTUM_EINVAL, "id: schema has no id prefix");
    if (q->left == 0) {
        const uint64_t per_block = (uint64_t)1 << ID_BLOCK_BITS;
        unsigned char r[5];

        if (sodium_init() < 0)
            return sanctum__err(SANCTUM_ERROR, "id: libsodium failed to initialise");
        randombytes_buf(r, sizeof r);
        bits = 0;
        for (i = 0; i < sizeof r; i++)
            bits = (bits << 8) | r[i];
        sodium_memzero(r, sizeof r);
        /* a start from which `span` numbers fit in the block; for a span
         * of 1 every 40-bit number is equally likely */
        q->next = (bits >> ID_BLOCK_BITS) << ID_BLOCK_BITS |
                  (bits & (per_block - 1)) % (per_block - q->span + 1);
        q->left = q->span;
    }
    bits = q->next++;
    q->left--;
    memcpy(out, s->prefix, 3);
    out[3] = '-';
    out[8] = '-';
    for (i = 0, k = 4; i < 8; i++, k++) {
        if (k == 8)
            k++;
        out[k] = crockford[(bits >> (ID_BITS - 5 - 5 * i)) & 0x1F];
    }
    out[SANCTUM__ID_LEN] = '\0';
    return 0;
}

/* Canonical form of a leniently written id into out; 1 on success, 0 if s
 * is not an id. Sets no error detail. */
static int
id_canon(char out[SANCTUM__ID_MAX], const char *s, size_t len)
{
    char id[SANCTUM__ID_MAX];
    size_t i;

    if (s == NULL || len != SANCTUM__ID_LEN || s[3] != '-' || s[8] != '-')
        return 0;
    for (i = 0; i < 3; i++) {
        if (!is_alpha(s[i]))
            return 0;
        id[i] = (char)(s[i] >= 'a' ? s[i] - 'a' + 'A' : s[i]);
    }
    id[3] = '\0';
    if (sanctum__schema_by_prefix(id) == NULL)
        return 0;
    id[3] = '-';
    for (i = 4; i < SANCTUM__ID_LEN; i++) {
        int d;

        if (i == 8) {
            id[i] = '-';
            continue;
        }
        if ((d = crockford_value(s[i])) < 0)
            return 0;
        id[i] = crockford[d];
    }
    id[SANCTUM__ID_LEN] = '\0';
    memcpy(out, id, SANCTUM__ID_MAX);
    return 1;
}

int
sanctum__id_parse(char out[SANCTUM__ID_MAX], const char *s, size_t len)
{
    if (!id_canon(out, s, len))
        return sanctum__err(SANCTUM_EINVAL, "not an entity id (expected PREFIX-XXXX-XXXX)");
    return 0;
}

int
sanctum__id_valid(const char *id)
{
    char prefix[4];
    size_t i;

    if (id == NULL || strlen(id) != SANCTUM__ID_LEN || id[3] != '-' || id[8] != '-')
        return 0;
    memcpy(prefix, id, 3);
    prefix[3] = '\0';
    if (sanctum__schema_by_prefix(prefix) == NULL)
        return 0;
    for (i = 4; i < SANCTUM__ID_LEN; i++)
        if (i != 8 && (id[i] == '\0' || strchr(crockford, id[i]) == NULL))
            return 0;
    return 1;
}

const sanctum__schema *
sanctum__id_schema(const char *id)
{
    char prefix[4];

    if (!sanctum__id_valid(id))
        return NULL;
    memcpy(prefix, id, 3);
    prefix[3] = '\0';
    return sanctum__schema_by_prefix(prefix);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* phonetic.c - phonetic codes (Soundex, Metaphone, NYSIIS) and romanisation-tolerant name codes. */
#include "similarity.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "errors.h"

#define PH_MAX 256 /* code points looked at; phonetic codes only need a word */

/*
 * Upper-case `s` (full case mapping) and, if `nfkd`, decompose it (NFKD),
 * then return up to PH_MAX code points in out[]. Invalid UTF-8 is replaced
 * by U+FFFD by ICU's converter. Returns the count or a negative code.
 */
static int
prepare(uint32_t *out, const char *s, size_t len, int nfkd)
{
    UChar a[PH_MAX * 2], b[PH_MAX * 4], c[PH_MAX * 8];
    UErrorCode st = U_ZERO_ERROR;
    int32_t an = 0, bn, cn, i = 0, n = 0;
    const UChar *src;

    if (len > PH_MAX * 2)
        len = PH_MAX * 2;
    u_strFromUTF8WithSub(a, PH_MAX * 2, &an, s, (int32_t)len, 0xFFFD, NULL, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
        st = U_ZERO_ERROR;
        an = PH_MAX * 2;
    }
    if (U_FAILURE(st))
        return sanctum__err(SANCTUM_ERROR, "phonetic code: cannot decode input");
    bn = u_strToUpper(b, PH_MAX * 4, a, an, "", &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        return sanctum__err(SANCTUM_ERROR, "phonetic code: case mapping failed");
    src = b;
    cn = bn;
    if (nfkd) {
        const UNormalizer2 *norm = unorm2_getNFKDInstance(&st);

        if (U_FAILURE(st))
            return sanctum__err(SANCTUM_ERROR, "phonetic code: NFKD unavailable");
        cn = unorm2_normalize(norm, b, bn, c, PH_MAX * 8, &st);
        if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
            return sanctum__err(SANCTUM_ERROR, "phonetic code: NFKD failed");
        src = c;
    }
    while (i < cn && n < PH_MAX) {
        UChar32 cp;

        U16_NEXT(src, i, cn, cp);
        out[n++] = (uint32_t)cp;
    }
    return n;
}

/* Append code point cp as UTF-8 to out (capacity cap, keeps room for NUL). */
static int
put_cp(char *out, size_t cap, size_t *pos, uint32_t cp)
{
    unsigned char buf[4];
    size_t n, k;

    if (cp < 0x80) {
        buf[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        buf[0] = (unsigned char)(0xC0 | (cp >> 6));
        buf[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (unsigned char)(0xE0 | (cp >> 12));
        buf[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        buf[0] = (unsigned char)(0xF0 | (cp >> 18));
        buf[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (*pos + n + 1 > cap)
        return sanctum__err(SANCTUM_EINVAL, "phonetic code: output buffer too small");
    for (k = 0; k < n; k++)
        out[(*pos)++] = (char)buf[k];
    out[*pos] = '\0';
    return 0;
}

static int
empty_code(char *out, size_t cap)
{
    if (cap < 1)
        return sanctum__err(SANCTUM_EINVAL, "phonetic code: output buffer too small");
    out[0] = '\0';
    return 0;
}

/* Soundex digit class of an upper-case letter, or 0 for "no code". */
static char
soundex_class(uint32_t c)
{
    switch (c) {
    case 'B': case 'F': case 'P': case 'V':
        return '1';
    case 'C': case 'G': case 'J': case 'K': case 'Q': case 'S': case 'X': case 'Z':
        return '2';
    case 'D': case 'T':
        return '3';
    case 'L':
        return '4';
    case 'M': case 'N':
        return '5';
    case 'R':
        return '6';
    default:
        return 0;
    }
}

int
sanctum__soundex(char *out, size_t cap, const char *s, size_t len)
{
    uint32_t v[PH_MAX];
    size_t pos = 0, digits = 1;
    int n, i, rc;
    char last;

    if (len == 0)
        return empty_code(out, cap);
    if ((n = prepare(v, s, len, 1)) < 0)
        return n;
    if (n == 0)
        return empty_code(out, cap);
    if ((rc = put_cp(out, cap, &pos, v[0])) < 0)
        return rc;
    last = soundex_class(v[0]);
    for (i = 1; i < n && digits < 4; i++) {
        char d = soundex_class(v[i]);

        if (d != 0) {
            if (d != last) {
                if ((rc = put_cp(out, cap, &pos, (uint32_t)d)) < 0)
                    return rc;
                digits++;
            }
            last = d;
        } else if (v[i] != 'H' && v[i] != 'W') {
            last = 0;
        }
    }
    while (digits < 4) {
        if ((rc = put_cp(out, cap, &pos, '0')) < 0)
            return rc;
        digits++;
    }
    return (int)pos;
}

static int
is_vowel(uint32_t c)
{
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

static int
is_iey(uint32_t c)
{
    return c == 'I' || c == 'E' || c == 'Y';
}

int
sanctum__metaphone(char *out, size_t cap, const char *s, size_t len)
{
    uint32_t v[PH_MAX];
    const uint32_t none = '*'; /* sentinel past the end, as in the reference */
    size_t pos = 0;
    int n, i = 0, rc = 0, start = 0;

    if (len == 0)
        return empty_code(out, cap);
    if ((n = prepare(v, s, len, 1)) < 0)
        return n;
    if ((rc = empty_code(out, cap)) < 0)
        return rc;
    if (n >= 2 && ((v[0] == 'K' && v[1] == 'N') || (v[0] == 'G' && v[1] == 'N')
                   || (v[0] == 'P' && v[1] == 'N') || (v[0] == 'W' && v[1] == 'R')
                   || (v[0] == 'A' && v[1] == 'E')))
        start = 1;
    /* Work on v[start..n) with indices relative to the trimmed word. */
    {
        uint32_t *w = v + start;
        int wn = n - start;

        while (i < wn && rc == 0) {
            uint32_t c = w[i];
            uint32_t next = i + 1 < wn ? w[i + 1] : none;
            uint32_t nn = i + 2 < wn ? w[i + 2] : none;
            uint32_t prev = i > 0 ? w[i - 1] : 0;

            if (c == next && c != 'C') {
                i++;
                continue;
            }
            switch (c) {
            case 'A': case 'E': case 'I': case 'O': case 'U':
                if (i == 0 || prev == ' ')
                    rc = put_cp(out, cap, &pos, c);
                break;
            case 'B':
                if (i == 0 || prev != 'M' || next != none)
                    rc = put_cp(out, cap, &pos, 'B');
                break;
            case 'C':
                if ((next == 'I' && nn == 'A') || next == 'H') {
                    i++;
                    rc = put_cp(out, cap, &pos, 'X');
                } else if (is_iey(next)) {
                    i++;
                    rc = put_cp(out, cap, &pos, 'S');
                } else {
                    rc = put_cp(out, cap, &pos, 'K');
                }
                break;
            case 'D':
                if (next == 'G' && is_iey(nn)) {
                    i += 2;
                    rc = put_cp(out, cap, &pos, 'J');
                } else {
                    rc = put_cp(out, cap, &pos, 'T');
                }
                break;
            case 'F': case 'J': case 'L': case 'M': case 'N': case 'R':
                rc = put_cp(out, cap, &pos, c);
                break;
            case 'G':
                if (is_iey(next))
                    rc = put_cp(out, cap, &pos, 'J');
                else if ((next == 'H' && nn != none && !is_vowel(nn))
                         || (next == 'N' && nn == none))
                    i++;
                else
                    rc = put_cp(out, cap, &pos, 'K');
                break;
            case 'H':
                if (i == 0 || is_vowel(next) || !is_vowel(prev))
                    rc = put_cp(out, cap, &pos, 'H');
                break;
            case 'K':
                if (i == 0 || prev != 'C')
                    rc = put_cp(out, cap, &pos, 'K');
                break;
            case 'P':
                if (next == 'H') {
                    i++;
                    rc = put_cp(out, cap, &pos, 'F');
                } else {
                    rc = put_cp(out, cap, &pos, 'P');
                }
                break;
            case 'Q':
                rc = put_cp(out, cap, &pos, 'K');
                break;
            case 'S':
                if (next == 'H') {
                    i++;
                    rc = put_cp(out, cap, &pos, 'X');
                } else if (next == 'I' && (nn == 'O' || nn == 'A')) {
                    i += 2;
                    rc = put_cp(out, cap, &pos, 'X');
                } else {
                    rc = put_cp(out, cap, &pos, 'S');
                }
                break;
            case 'T':
                if (next == 'I' && (nn == 'O' || nn == 'A')) {
                    rc = put_cp(out, cap, &pos, 'X');
                } else if (next == 'H') {
                    i++;
                    rc = put_cp(out, cap, &pos, '0');
                } else if (next != 'C' || nn != 'H') {
                    rc = put_cp(out, cap, &pos, 'T');
                }
                break;
            case 'V':
                rc = put_cp(out, cap, &pos, 'F');
                break;
            case 'W':
                if (i == 0 && next == 'H') {
                    i++;
                    rc = put_cp(out, cap, &pos, 'W');
                } else if (is_vowel(next)) {
                    rc = put_cp(out, cap, &pos, 'W');
                }
                break;
            case 'X':
                if (i == 0) {
                    if (next == 'H' || (next == 'I' && (nn == 'O' || nn == 'A')))
                        rc = put_cp(out, cap, &pos, 'X');
                    else
                        rc = put_cp(out, cap, &pos, 'S');
                } else {
                    rc = put_cp(out, cap, &pos, 'K');
                    if (rc == 0)
                        rc = put_cp(out, cap, &pos, 'S');
                }
                break;
            case 'Y':
                if (is_vowel(next))
                    rc = put_cp(out, cap, &pos, 'Y');
                break;
            case 'Z':
                rc = put_cp(out, cap, &pos, 'S');
                break;
            case ' ':
                if (pos > 0 && out[pos - 1] != ' ')
                    rc = put_cp(out, cap, &pos, ' ');
                break;
            default:
                break;
            }
            i++;
        }
    }
    return rc < 0 ? rc : (int)pos;
}

int
sanctum__nysiis(char *out, size_t cap, const char *s, size_t len)
{
    uint32_t v[PH_MAX + 2], key[2 * PH_MAX + 4];
    size_t pos = 0;
    int n, i, kn = 0, rc;

    if (len == 0)
        return empty_code(out, cap);
    if ((n = prepare(v, s, len, 0)) < 0)
        return n;
    if (n == 0)
        return empty_code(out, cap);

    /* Step 1: prefixes. */
    if (n >= 3 && v[0] == 'M' && v[1] == 'A' && v[2] == 'C') {
        v[1] = 'C';
    } else if (n >= 2 && v[0] == 'K' && v[1] == 'N') {
        memmove(v, v + 1, (size_t)(n - 1) * sizeof v[0]);
        n--;
    } else if (v[0] == 'K') {
        v[0] = 'C';
    } else if (n >= 2 && v[0] == 'P' && (v[1] == 'H' || v[1] == 'F')) {
        v[0] = v[1] = 'F';
    } else if (n >= 3 && v[0] == 'S' && v[1] == 'C' && v[2] == 'H') {
        v[1] = v[2] = 'S';
    }
    /* Step 2: suffixes (on the word as it was before step 1, as in the
     * reference; step 1 never touches the last two letters of a word of
     * three letters or more, and shorter words cannot have both). */
    if (n >= 2) {
        uint32_t a = v[n - 2], b = v[n - 1];

        if ((a == 'I' || a == 'E') && b == 'E') {
            n -= 2;
            v[n++] = 'Y';
        } else if ((a == 'D' && b == 'T') || (a == 'R' && b == 'T') || (a == 'R' && b == 'D')
                   || (a == 'N' && b == 'T') || (a == 'N' && b == 'D')) {
            n -= 2;
            v[n++] = 'D';
        }
    }
    /* Step 3: first letter. */
    key[kn++] = v[0];
    /* Step 4: translate the rest. */
    for (i = 1; i < n; i++) {
        uint32_t ch[2];
        int cn = 1;

        ch[0] = v[i];
        if (v[i] == 'E' && i + 1 < n && v[i + 1] == 'V') {
            ch[0] = 'A';
            ch[1] = 'F';
            cn = 2;
            i++;
        } else if (is_vowel(v[i])) {
            ch[0] = 'A';
        } else if (v[i] == 'Q') {
            ch[0] = 'G';
        } else if (v[i] == 'Z') {
            ch[0] = 'S';
        } else if (v[i] == 'M') {
            ch[0] = 'N';
        } else if (v[i] == 'K') {
            ch[0] = (i + 1 < n && v[i + 1] == 'N') ? 'N' : 'C';
        } else if (v[i] == 'S' && i + 2 < n && v[i + 1] == 'C' && v[i + 2] == 'H') {
            ch[0] = 'S';
            ch[1] = 'S';
            cn = 2;
            i += 2;
        } else if (v[i] == 'P' && i + 1 < n && v[i + 1] == 'H') {
            ch[0] = 'F';
            i++;
        } else if (v[i] == 'H' && (!is_vowel(v[i - 1]) || (i + 1 < n && !is_vowel(v[i + 1]))
                                   || i + 1 == n)) {
            ch[0] = is_vowel(v[i - 1]) ? 'A' : v[i - 1];
        } else if (v[i] == 'W' && is_vowel(v[i - 1])) {
            ch[0] = v[i - 1];
        }
        if (ch[cn - 1] != key[kn - 1]) {
            int k;

            for (k = 0; k < cn; k++)
                key[kn++] = ch[k];
        }
    }
    /* Steps 5-7: trailing S, AY -> Y, trailing A. */
    if (kn > 1 && key[kn - 1] == 'S')
        kn--;
    if (kn >= 2 && key[kn - 2] == 'A' && key[kn - 1] == 'Y') {
        key[kn - 2] = 'Y';
        kn--;
    }
    if (kn > 1 && key[kn - 1] == 'A')
        kn--;
    if ((rc = empty_code(out, cap)) < 0)
        return rc;
    for (i = 0; i < kn; i++)
        if ((rc = put_cp(out, cap, &pos, key[i])) < 0)
            return rc;
    return (int)pos;
}

/* ------------------------------------------------------------------ */
/* Romanisation-tolerant codes (our own; see similarity.h).            */

/* Rewrites tried in order at each position; longest spellings first. */
static const struct {
    const char *from;
    const char *to;
} canon_rules[] = {
    { "tsch", "ch" }, { "dzh", "j" }, { "sch", "sh" }, { "tch", "ch" },
    { "tsj", "ch" }, { "shch", "sh" },
    { "cz", "ch" }, { "cs", "ch" }, { "tj", "ch" },
    { "zh", "j" }, { "dj", "j" }, { "kh", "h" }, { "gh", "g" },
    { "ph", "f" }, { "th", "t" }, { "dh", "d" },
    { "ts", "c" }, { "tz", "c" }, { "ck", "k" },
    { "ou", "u" }, { "oo", "u" }, { "oe", "u" }, { "ee", "i" }, { "iy", "i" }, { "yi", "i" },
    { "q", "k" }, { "w", "v" }, { "x", "ks" }, { "y", "i" },
};

#define NCANON (sizeof canon_rules / sizeof canon_rules[0])

/* A table of rewrite rules (each entry starting with its `const char *from`)
 * indexed by first letter, in table order so that the first rule that
 * matches at a position still wins; lengths computed once. */
#define FIRST_RULES 32 /* rules in a table, at most */
#define FIRST_SAME 8   /* rules sharing a first letter, at most */
struct first_index {
    const char *base; /* &table[0].from */
    size_t stride;    /* sizeof table[0] */
    unsigned char n[128];
    unsigned char rule[128][FIRST_SAME];
    unsigned char len[FIRST_RULES];
};

static void
first_index_build(struct first_index *x, const char *base, size_t stride, size_t count)
{
    x->base = base;
    x->stride = stride;
    for (size_t r = 0; r < count; r++) {
        const char *from = *(const char *const *)(const void *)(base + r * stride);
        unsigned char c = (unsigned char)from[0];

        assert(r < FIRST_RULES && c < 128 && x->n[c] < FIRST_SAME);
        x->len[r] = (unsigned char)strlen(from);
        x->rule[c][x->n[c]++] = (unsigned char)r;
    }
}

/* The first rule matching s[i..len), or -1. */
static int
first_match(const struct first_index *x, const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];

    for (size_t k = 0; c < 128 && k < x->n[c]; k++) {
        unsigned char r = x->rule[c][k];
        const char *from = *(const char *const *)(const void *)(x->base + r * x->stride);

        if (i + x->len[r] <= len && memcmp(s + i, from, x->len[r]) == 0)
            return r;
    }
    return -1;
}

static struct first_index canon_ix;
static unsigned char canon_tlen[NCANON];
typedef char canon_rules_fit[NCANON <= FIRST_RULES ? 1 : -1]; /* 't' starts 7 of them */

static void
canon_build(void)
{
    first_index_build(&canon_ix, (const char *)&canon_rules[0].from, sizeof canon_rules[0],
                      NCANON);
    for (size_t r = 0; r < NCANON; r++)
        canon_tlen[r] = (unsigned char)strlen(canon_rules[r].to);
}

static int
ascii_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

size_t
sanctum__name_canon(char *out, size_t cap, const char *s, size_t len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    char tmp[256];
    size_t i = 0, n = 0, o = 0, r;

    if (cap == 0)
        return 0;
    pthread_once(&once, canon_build);
    if (len > sizeof tmp / 2)
        len = sizeof tmp / 2;
    while (i < len) {
        int m = first_match(&canon_ix, s, i, len);

        if (m >= 0) {
            r = (size_t)m;
            memcpy(tmp + n, canon_rules[r].to, canon_tlen[r]);
            n += canon_tlen[r];
            i += canon_ix.len[r];
        } else {
            char c = s[i++];

            /* j between letters reads as y (Zavjalov, Werchnjaja). */
            if (c == 'j' && n > 0 && i < len && ascii_vowel(s[i]))
                c = 'i';
            tmp[n++] = c;
        }
    }
    /* Collapse doubled letters; drop a final h after a vowel. */
    for (i = 0; i < n; i++) {
        if (o > 0 && out[o - 1] == tmp[i])
            continue;
        if (o + 1 >= cap)
            break;
        out[o++] = tmp[i];
    }
    if (o >= 2 && out[o - 1] == 'h' && ascii_vowel(out[o - 2]))
        o--;
    out[o] = '\0';
    return o;
}

/* The skeleton; `strict` keeps f apart from b (sanctum__name_skeleton_strict). */
static size_t
skeleton(char *out, size_t cap, const char *s, size_t len, int strict)
{
    char c1[256];
    size_t n, i, o = 0;

    if (cap == 0)
        return 0;
    n = sanctum__name_canon(c1, sizeof c1, s, len);
    /* A final h after a consonant is a vowel letter in Arabic-script
     * transliteration ("allh", "abdallh"). */
    if (n >= 2 && c1[n - 1] == 'h' && !ascii_vowel(c1[n - 2]))
        n--;
    for (i = 0; i < n; i++) {
        char c = c1[i];

        if (ascii_vowel(c))
            continue;
        /* Labials fold together (Arabic has no p or v); a v that is not
         * word-initial is as often a vowel letter (waw, vav) as a
         * consonant, so it is dropped. */
        if (c == 'v' && i > 0)
            continue;
        if (c == 'p' || (!strict && (c == 'f' || c == 'v')))
            c = 'b';
        else if (c == 'v')
            c = 'f';
        if (o + 1 >= cap)
            break;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

size_t
sanctum__name_skeleton(char *out, size_t cap, const char *s, size_t len)
{
    return skeleton(out, cap, s, len, 0);
}

size_t
sanctum__name_skeleton_strict(char *out, size_t cap, const char *s, size_t len)
{
    return skeleton(out, cap, s, len, 1);
}

/* Digraphs read as one sound class (longest first). */
static const struct {
    const char *from;
    char cls;
} class_digraphs[] = {
    { "tsch", 'T' }, { "sch", 'S' }, { "tch", 'T' }, { "shch", 'S' },
    { "ch", 'T' }, { "sh", 'S' }, { "zh", 'T' }, { "kh", 'K' }, { "gh", 'K' },
    { "ph", 'P' }, { "th", 'T' }, { "dh", 'T' }, { "ng", 'N' }, { "ts", 'T' },
    { "tz", 'T' }, { "dj", 'T' }, { "dz", 'T' }, { "ck", 'K' },
};
typedef char class_digraphs_fit[sizeof class_digraphs / sizeof class_digraphs[0] <= FIRST_RULES
                                     ? 1 : -1];

static struct first_index class_ix;

static void
class_build(void)
{
    first_index_build(&class_ix, (const char *)&class_digraphs[0].from,
                      sizeof class_digraphs[0],
                      sizeof class_digraphs / sizeof class_digraphs[0]);
}

static char
sound_class(char c, int initial)
{
    switch (c) {
    case 'b': case 'p': case 'f': case 'v':
        return 'P';
    case 'w':
        return initial ? 'P' : 0;
    case 'k': case 'g': case 'q': case 'x':
        return 'K';
    case 'd': case 't': case 'j': case 'c':
        return 'T';
    case 's': case 'z':
        return 'S';
    case 'l': case 'r':
        return 'L';
    case 'm': case 'n':
        return 'N';
    default:
        return 0; /* vowels, h, y: no class, and they separate */
    }
}

size_t
sanctum__name_sound_class(char *out, size_t cap, const char *s, size_t len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    size_t i = 0, o = 0;
    char last = 0;

    if (cap == 0)
        return 0;
    pthread_once(&once, class_build);
    while (i < len) {
        int m = first_match(&class_ix, s, i, len);
        char cls;
        size_t step = 1;

        if (m >= 0) {
            cls = class_digraphs[m].cls;
            step = class_ix.len[m];
        } else {
            cls = sound_class(s[i], i == 0);
        }
        i += step;
        /* Vowels do not separate: syllabic scripts add and drop them
         * ("balar" for "vla-"). */
        if (cls == 0 || cls == last)
            continue;
        if (o + 1 >= cap)
            break;
        out[o++] = cls;
        last = cls;
    }
    out[o] = '\0';
    return o;
}

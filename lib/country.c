/* SPDX-License-Identifier: Apache-2.0 */
/* country.c - the country codes the COUNTRY property type accepts. */
#include "schema.h"

#include <string.h>

/*
 * ISO 3166-1 alpha-2: all 249 officially assigned codes (ISO 3166
 * Maintenance Agency list as shipped by Debian iso-codes 4.15), sorted,
 * lower case, as FollowTheMoney stores them.
 */
static const char *const iso_codes[] = {
    "ad", "ae", "af", "ag", "ai", "al", "am", "ao", "aq", "ar", "as", "at",
    "au", "aw", "ax", "az", "ba", "bb", "bd", "be", "bf", "bg", "bh", "bi",
    "bj", "bl", "bm", "bn", "bo", "bq", "br", "bs", "bt", "bv", "bw", "by",
    "bz", "ca", "cc", "cd", "cf", "cg", "ch", "ci", "ck", "cl", "cm", "cn",
    "co", "cr", "cu", "cv", "cw", "cx", "cy", "cz", "de", "dj", "dk", "dm",
    "do", "dz", "ec", "ee", "eg", "eh", "er", "es", "et", "fi", "fj", "fk",
    "fm", "fo", "fr", "ga", "gb", "gd", "ge", "gf", "gg", "gh", "gi", "gl",
    "gm", "gn", "gp", "gq", "gr", "gs", "gt", "gu", "gw", "gy", "hk", "hm",
    "hn", "hr", "ht", "hu", "id", "ie", "il", "im", "in", "io", "iq", "ir",
    "is", "it", "je", "jm", "jo", "jp", "ke", "kg", "kh", "ki", "km", "kn",
    "kp", "kr", "kw", "ky", "kz", "la", "lb", "lc", "li", "lk", "lr", "ls",
    "lt", "lu", "lv", "ly", "ma", "mc", "md", "me", "mf", "mg", "mh", "mk",
    "ml", "mm", "mn", "mo", "mp", "mq", "mr", "ms", "mt", "mu", "mv", "mw",
    "mx", "my", "mz", "na", "nc", "ne", "nf", "ng", "ni", "nl", "no", "np",
    "nr", "nu", "nz", "om", "pa", "pe", "pf", "pg", "ph", "pk", "pl", "pm",
    "pn", "pr", "ps", "pt", "pw", "py", "qa", "re", "ro", "rs", "ru", "rw",
    "sa", "sb", "sc", "sd", "se", "sg", "sh", "si", "sj", "sk", "sl", "sm",
    "sn", "so", "sr", "ss", "st", "sv", "sx", "sy", "sz", "tc", "td", "tf",
    "tg", "th", "tj", "tk", "tl", "tm", "tn", "to", "tr", "tt", "tv", "tw",
    "tz", "ua", "ug", "um", "us", "uy", "uz", "va", "vc", "ve", "vg", "vi",
    "vn", "vu", "wf", "ws", "ye", "yt", "za", "zm", "zw",
};

#define ISO_COUNT (sizeof iso_codes / sizeof iso_codes[0])

/*
 * Extras FollowTheMoney uses that have a fixed, documented meaning
 * (docs/schemas.md). Sorted. FtM's private codes with no standard
 * definition (x-so South Ossetia, so-som Somaliland, md-pmr Transnistria)
 * are left out on purpose: the importer must map or refuse them.
 */
static const char *const extra_codes[] = {
    "csxx",   /* Serbia and Montenegro (ISO 3166-3, former) */
    "eu",     /* European Union (ISO 3166-1 exceptionally reserved) */
    "gb-sct", /* Scotland (ISO 3166-2) */
    "gb-wls", /* Wales (ISO 3166-2) */
    "ge-ab",  /* Abkhazia (ISO 3166-2) */
    "suhh",   /* Soviet Union (ISO 3166-3, former) */
    "xk",     /* Kosovo (user-assigned; EU, IMF, FtM usage) */
    "yucs",   /* Yugoslavia (ISO 3166-3, former) */
    "zz",     /* Global / international, e.g. UN measures (FtM usage) */
};

#define EXTRA_COUNT (sizeof extra_codes / sizeof extra_codes[0])

/* Longest code, in bytes ("gb-sct"). */
#define CODE_MAX 6

static int
in_sorted(const char *const *list, size_t n, const char *code)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, list[mid]);

        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

int
sanctum__country_valid(const char *s, size_t len)
{
    char code[CODE_MAX + 1];
    size_t i;

    if (s == NULL || len < 2 || len > CODE_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || c == '-'))
            return 0;
        code[i] = c;
    }
    code[len] = '\0';
    if (len == 2 && in_sorted(iso_codes, ISO_COUNT, code))
        return 1;
    return in_sorted(extra_codes, EXTRA_COUNT, code);
}

size_t
sanctum__country_count(void)
{
    return ISO_COUNT + EXTRA_COUNT;
}

const char *
sanctum__country_at(size_t i)
{
    if (i < ISO_COUNT)
        return iso_codes[i];
    if (i < ISO_COUNT + EXTRA_COUNT)
        return extra_codes[i - ISO_COUNT];
    return NULL;
}

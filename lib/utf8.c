/* SPDX-License-Identifier: Apache-2.0 */
/* utf8.c - the library's one strict UTF-8 decoder. */
#include "utf8.h"

size_t
sanctum__utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, v = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, v = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, v = c & 0x07;
    else
        return 0;
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int
sanctum__utf8_valid(const unsigned char *s, size_t len)
{
    uint32_t cp;

    for (size_t i = 0, n; i < len; i += n)
        if ((n = sanctum__utf8_next(s + i, len - i, &cp)) == 0)
            return 0;
    return 1;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* utf8.h (internal) - the library's one strict UTF-8 decoder. */
#ifndef SANCTUM_LIB_UTF8_H
#define SANCTUM_LIB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the sequence starting at s[0] (len >= 1 bytes available): its
 * length, 1 to 4, with its code point in *cp; or 0 when it is not valid
 * UTF-8 -- a stray continuation byte, an overlong form, a surrogate, a
 * value past U+10FFFF, or a sequence cut short by the end. Pure.
 */
size_t sanctum__utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/* 1 if s[0..len) is valid UTF-8 throughout (as sanctum__utf8_next), else 0. */
int sanctum__utf8_valid(const unsigned char *s, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* similarity.h (internal) - string measures and phonetic codes for name matching. */
#ifndef SANCTUM_LIB_SIMILARITY_H
#define SANCTUM_LIB_SIMILARITY_H

#include <stddef.h>

/*
 * All measures work on Unicode code points of UTF-8 input (a byte that is
 * not valid UTF-8 counts as one code point of its own), so they agree with
 * the jellyfish reference vectors. They are pure and thread-safe.
 * Inputs longer than SANCTUM__SIM_MAX_CP code points are compared on their
 * first SANCTUM__SIM_MAX_CP code points only (names are capped far below).
 */
#define SANCTUM__SIM_MAX_CP 1024

/* Jaro similarity in [0, 1]; 0 if either string is empty. */
double sanctum__jaro(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Jaro-Winkler similarity in [0, 1]: Jaro plus a bonus of 0.1 per shared
 * leading code point (at most 4) when Jaro > 0.7. With long_tolerance set,
 * the extra adjustment for long strings of the reference implementation
 * is applied as well.
 */
double sanctum__jaro_winkler(const char *a, size_t alen,
                             const char *b, size_t blen, int long_tolerance);

/* Levenshtein edit distance (insert, delete, substitute). */
size_t sanctum__levenshtein(const char *a, size_t alen,
                            const char *b, size_t blen);

/*
 * Unrestricted Damerau-Levenshtein distance (adjacent transpositions count
 * one, also across later edits). Needs a (n+2)*(m+2) table on the heap.
 * Returns 0 and sets *out, or SANCTUM_ENOMEM.
 */
int sanctum__damerau_levenshtein(size_t *out, const char *a, size_t alen,
                                 const char *b, size_t blen);

/* Hamming distance; the length difference counts as differing positions. */
size_t sanctum__hamming(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Phonetic codes (reference: the jellyfish definitions). Each writes a
 * NUL-terminated UTF-8 code into out[cap] and returns its length in bytes,
 * or SANCTUM_EINVAL if cap is too small, or SANCTUM_ERROR if ICU fails.
 * An empty input gives an empty code.
 *   soundex:   American Soundex, first letter kept (after upper-casing and
 *              NFKD), then 3 digits.
 *   metaphone: Lawrence Philips' original Metaphone, spaces kept between
 *              words, input upper-cased and NFKD-decomposed.
 *   nysiis:    New York State Identification and Intelligence System code.
 */
int sanctum__soundex(char *out, size_t cap, const char *s, size_t len);
int sanctum__metaphone(char *out, size_t cap, const char *s, size_t len);
int sanctum__nysiis(char *out, size_t cap, const char *s, size_t len);

/*
 * Transliteration-tolerant codes over the ASCII lower-case tokens that the
 * normaliser produces (other bytes are copied unchanged). Both write a
 * NUL-terminated string into out[cap] (truncated to fit) and return its
 * length.
 *
 * sanctum__name_canon folds spelling variants that romanisations of one
 * name commonly differ by: kh/h, zh/j/dj, ph/f, w/v, q/k, c/k, y/j/i,
 * ou/oo/u, ee/i, tch/tsch/cz/cs/ch, ts/tz/c, x/ks, doubled letters.
 * "Zhelvinsky" and "Jelvinskiy", "Khoury" and "Khouri" get one code.
 *
 * sanctum__name_skeleton reduces a token to its consonant frame over those
 * folds, with vowels, h, y and w dropped ("muhammad", "mohamed" and the
 * Arabic-script transliteration "mhmd" all give "mhmd"). It is meant for
 * tokens transliterated from scripts that do not write short vowels.
 */
size_t sanctum__name_canon(char *out, size_t cap, const char *s, size_t len);
size_t sanctum__name_skeleton(char *out, size_t cap, const char *s, size_t len);

/*
 * The skeleton with f kept apart from b: p reads as b (Arabic writes p as
 * ba) and v as f (as fa), but f and b are two letters in every script the
 * skeleton serves. The index keys use the looser skeleton (changing them
 * would change the index rules); scoring compares the strict ones, so that
 * a key shared through the fold ("abd" / "fadavi", both "bd") does not
 * also make a match.
 */
size_t sanctum__name_skeleton_strict(char *out, size_t cap, const char *s, size_t len);

/*
 * Sound-class code: the consonant frame in six broad classes (labials P,
 * velars K, dentals and affricates T, sibilants S, liquids L, nasals N),
 * for names carried through scripts that cannot write the original
 * sounds: Japanese "urajimiru", Korean "beulladimileu", Chinese
 * "fulajimier" and "vladimir" all reduce to (L)TNL-like codes.
 */
size_t sanctum__name_sound_class(char *out, size_t cap, const char *s, size_t len);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* normalize.h (internal) - turning a name in any script into matchable ASCII tokens. */
#ifndef SANCTUM_LIB_NORMALIZE_H
#define SANCTUM_LIB_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A normaliser owns the ICU transliterators. ICU transliterators are not
 * thread-safe: use one normaliser per thread (creating one costs a few
 * milliseconds; reuse it).
 */
typedef struct sanctum__normalizer sanctum__normalizer;

/* Create a normaliser. On failure *out is NULL and the code is
 * SANCTUM_ENOMEM or SANCTUM_ERROR (ICU data missing). Free with
 * sanctum__normalizer_free(). */
int sanctum__normalizer_new(sanctum__normalizer **out);

/* Free a normaliser and wipe its work buffers. NULL is a no-op. */
void sanctum__normalizer_free(sanctum__normalizer *n);

/* What the name names; it decides which words are noise. */
typedef enum sanctum__name_kind {
    SANCTUM__NAME_ANY = 0,  /* unknown: only unambiguous noise is dropped */
    SANCTUM__NAME_PERSON,   /* honorifics, generational suffixes dropped */
    SANCTUM__NAME_COMPANY,  /* legal forms, vessel prefixes, party labels dropped */
    SANCTUM__NAME_VESSEL    /* as company (MV, M/T... are dropped from both) */
} sanctum__name_kind;

#define SANCTUM__NAME_MAX_INPUT  1024 /* bytes of UTF-8 accepted */
#define SANCTUM__NAME_MAX_TOKENS 64   /* words kept after normalisation */
#define SANCTUM__TOKEN_MAX       48   /* bytes per token; longer ones are cut */
#define SANCTUM__NAME_TEXT_MAX   (SANCTUM__NAME_MAX_TOKENS * 4 * (SANCTUM__TOKEN_MAX + 1))
#define SANCTUM__NAME_MAX_LEGAL  4    /* legal forms remembered per name */

/* Per-token flags. */
enum {
    SANCTUM__TOK_PARTICLE   = 1u << 0, /* al, bin, van, de, and...: optional */
    SANCTUM__TOK_INITIAL    = 1u << 1, /* a single letter */
    SANCTUM__TOK_NUMBER     = 1u << 2, /* digits, codes ("m23"); "No. 3", "III", "three" */
    SANCTUM__TOK_ANNOTATION = 1u << 3, /* in brackets, after "c/o", trailing place: optional */
    SANCTUM__TOK_PATRONYMIC = 1u << 4, /* -ovich, -ovna, ogly...: half weight */
    SANCTUM__TOK_ABBREV     = 1u << 5, /* written with a dot ("Comm."): may abbreviate */
    SANCTUM__TOK_TRANSLIT   = 1u << 6, /* transliterated from a non-Latin script */
    SANCTUM__TOK_NOVOWEL    = 1u << 7, /* from a script that omits short vowels */
    SANCTUM__TOK_LOSSY      = 1u << 8, /* from a script whose romanisation loses sounds
                                          (Han, kana, Hangul, Thai, Khmer, Myanmar...) */
    SANCTUM__TOK_COUNTRY    = 1u << 9, /* a country name (Polska, Mexico, UK) */
    SANCTUM__TOK_ALIAS      = 1u << 10, /* part of a former name ("ex-", "f/k/a") */
    SANCTUM__TOK_LEGAL      = 1u << 11  /* a short legal form ending the name (or
                                           dotted) kept because too little would be
                                           left without it ("CECOEX, S.A."): optional */
};

/* Per-name flags. */
enum {
    SANCTUM__NAME_WEAK        = 1u << 0, /* set by the caller: a weak alias */
    SANCTUM__NAME_LEGAL_FORM  = 1u << 1, /* a company legal form was dropped */
    SANCTUM__NAME_VESSEL_PFX  = 1u << 2, /* a vessel prefix was dropped */
    SANCTUM__NAME_HONORIFIC   = 1u << 3, /* a title or honorific was dropped */
    SANCTUM__NAME_LABEL       = 1u << 4  /* a party label ("BENEFICIARY:") was dropped */
};

typedef struct sanctum__name_token {
    uint16_t off;   /* offset of the token in text (NUL-terminated) */
    uint16_t coff;  /* offset of its canonical spelling (sanctum__name_canon) */
    uint16_t soff;  /* offset of its consonant skeleton (sanctum__name_skeleton) */
    uint16_t poff;  /* offset of its sound-class code (sanctum__name_sound_class) */
    uint8_t len;    /* token length in bytes */
    uint8_t clen;   /* canonical spelling length */
    uint8_t slen;   /* skeleton length (may be 0) */
    uint8_t plen;   /* sound-class code length (may be 0) */
    uint16_t flags; /* SANCTUM__TOK_* */
} sanctum__name_token;

/*
 * A normalised name: ASCII lower-case tokens in their original order.
 * Plain data, no pointers: it may be copied, and is wiped by
 * sanctum__name_clear() (names are sensitive).
 */
typedef struct sanctum__name {
    sanctum__name_kind kind;                       /* as given to normalize */
    unsigned int flags;                            /* SANCTUM__NAME_* */
    size_t ntok;                                   /* number of tokens */
    size_t nlegal;                                 /* legal forms dropped (<= MAX_LEGAL) */
    uint16_t legal[SANCTUM__NAME_MAX_LEGAL];       /* their family ids (see
                                                      sanctum__legal_conflict) */
    sanctum__name_token tok[SANCTUM__NAME_MAX_TOKENS];
    size_t text_len;                               /* bytes used in text */
    char text[SANCTUM__NAME_TEXT_MAX];             /* token strings */
} sanctum__name;

/* Token i's string / canonical spelling / skeleton (NUL-terminated). */
#define SANCTUM__TOK_STR(nm, i)   ((nm)->text + (nm)->tok[i].off)
#define SANCTUM__TOK_CANON(nm, i) ((nm)->text + (nm)->tok[i].coff)
#define SANCTUM__TOK_SKEL(nm, i)  ((nm)->text + (nm)->tok[i].soff)
#define SANCTUM__TOK_CLASS(nm, i) ((nm)->text + (nm)->tok[i].poff)

/*
 * Normalise `utf8[len]` into *out: NFKC with case folding, transliteration
 * of any script to Latin, diacritics removed, punctuation dropped; then,
 * by kind, honorifics, legal forms, vessel prefixes and party labels are
 * dropped, and particles, initials, numbers, patronymics and annotations
 * flagged. If dropping noise would leave nothing, the words are kept.
 * Returns 0, or SANCTUM_EINVAL (empty, longer than SANCTUM__NAME_MAX_INPUT
 * bytes, invalid UTF-8, a NUL byte, no letters or digits, or more than
 * SANCTUM__NAME_MAX_TOKENS words), or SANCTUM_ERROR (ICU failure).
 * Error messages never contain the name. *out is wiped on failure.
 */
int sanctum__normalize_name(sanctum__normalizer *n, sanctum__name *out,
                            const char *utf8, size_t len, sanctum__name_kind kind);

/*
 * Do the legal forms of two company names belong to different
 * jurisdictions (GmbH / Sdn Bhd, Inc / Ltd, OOO / Ltda)? Generic English
 * renderings (Ltd, LLC, JSC, Co.) are compatible with any non-English
 * form, since lists translate forms that way (OU / Ltd, TOV / LLC).
 * Returns 0 when either name has no legal form.
 */
int sanctum__legal_conflict(const sanctum__name *a, const sanctum__name *b);

/* Wipe a name (sodium_memzero). NULL is a no-op. */
void sanctum__name_clear(sanctum__name *nm);

/* Write the tokens joined by single spaces into out[cap] (NUL-terminated,
 * truncated to fit); returns the length. For tests and explanations. */
size_t sanctum__name_join(char *out, size_t cap, const sanctum__name *nm);

#endif

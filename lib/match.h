/* SPDX-License-Identifier: Apache-2.0 */
/* match.h (internal) - candidate keys for blind-index lookup, and name scoring. */
#ifndef SANCTUM_LIB_MATCH_H
#define SANCTUM_LIB_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"

/*
 * Default decision threshold: a stored name whose score against the query
 * is at least this is reported as a match. Chosen on the labelled sets in
 * ../shared/data with bench/match_eval (docs/matching.md has the table).
 */
#define SANCTUM__MATCH_THRESHOLD 0.80

/* ------------------------------------------------------------------ */
/* Candidate keys.                                                     */

/*
 * Kinds of lookup key. Stored names and queries produce keys the same
 * way; a stored name is a candidate for a query when they share a key.
 * The blind index stores keyed hashes of (kind, key) and never the key.
 */
typedef enum sanctum__key_kind {
    SANCTUM__KEY_WORD = 1,     /* a word, or two/three adjacent words written together */
    SANCTUM__KEY_CANON = 2,    /* a word's romanisation-folded spelling */
    SANCTUM__KEY_SKELETON = 3, /* a word's consonant skeleton (vowel-less scripts) */
    SANCTUM__KEY_DELETE = 4,   /* folded spelling with one letter deleted (typos) */
    SANCTUM__KEY_PREFIX = 5,   /* first five letters of the folded spelling (endings) */
    SANCTUM__KEY_SOUND = 6     /* sound-class code (Han, kana, Hangul, Thai...) */
} sanctum__key_kind;

#define SANCTUM__KEY_MAX 96 /* longest key in bytes */

/*
 * Receives one key: its kind, bytes (not NUL-terminated), the index of
 * the query/stored token it comes from (the first one for joined words)
 * and how many tokens it spans (1, or 2-4 for words written together).
 * Keys arrive grouped by token, in token order, without duplicates.
 * Return 0 to continue, or a negative code to stop (it is passed back).
 */
typedef int (*sanctum__key_fn)(void *arg, sanctum__key_kind kind,
                               const char *key, size_t len, unsigned int token,
                               unsigned int span);

/* Produce the lookup keys of a normalised name: at least one for every
 * name (numbers and codes make their exact form, a name of initials alone
 * its initials). Pure; returns 0 or what the callback returned. */
int sanctum__match_keys(const sanctum__name *nm, sanctum__key_fn fn, void *arg);

/* How much more a key made of `span` words written together weighs than
 * a key of one word: half a weight for each further word it covers (a
 * joined key is evidence for the words it spans, weaker than each word
 * found on its own). */
double sanctum__span_factor(unsigned int span);

/*
 * Weight of a key hit for ranking candidates before they are decrypted:
 * the key kind's reliability times the key's rarity, from the number of
 * stored names carrying it (df) among total. 0 if df is 0.
 */
double sanctum__key_weight(sanctum__key_kind kind, uint64_t df, uint64_t total);

/*
 * Candidate accumulator: the index feeds each query key's posting list
 * (ids of stored names holding the key), and gets the best-ranked ids.
 * A candidate's rank is the sum over query tokens of the best key weight
 * by which it was hit. Calls must come in non-decreasing token order (as
 * sanctum__match_keys delivers them). Not thread-safe; one per query.
 */
typedef struct sanctum__candset sanctum__candset;

int sanctum__candset_new(sanctum__candset **out);
void sanctum__candset_free(sanctum__candset *cs);
/* Forget all candidates, keep the memory. */
void sanctum__candset_reset(sanctum__candset *cs);
/* Record that stored names ids[0..n) share a key of weight w with query
 * token `token`. Returns 0 or SANCTUM_ENOMEM. */
int sanctum__candset_add(sanctum__candset *cs, unsigned int token, double w,
                         const uint64_t *ids, size_t n);
/* Write up to cap best candidate ids, best first, into out; returns the
 * number written. Ties break by lower id. */
size_t sanctum__candset_top(sanctum__candset *cs, uint64_t *out, size_t cap);
/* Number of distinct candidates seen so far. */
size_t sanctum__candset_count(const sanctum__candset *cs);

/* ------------------------------------------------------------------ */
/* Scoring.                                                            */

/* Document frequency of a token among stored names (0 if unknown). */
typedef uint64_t (*sanctum__token_df_fn)(void *arg, const char *token, size_t len);

/*
 * What the caller knows besides the two names. Everything is optional:
 * zero the struct for a name-only comparison. Years are birth years;
 * countries are ISO 3166-1 alpha-2 codes, lower case, NUL-terminated.
 */
typedef struct sanctum__match_context {
    sanctum__token_df_fn token_df;   /* token frequency table, or NULL (all equal) */
    void *token_df_arg;              /* passed to token_df */
    uint64_t total_names;            /* names the frequency table counts */
    const int *query_years;          /* birth years given with the query */
    size_t n_query_years;
    const int *stored_years;         /* birth years of the stored entity */
    size_t n_stored_years;
    const char (*query_countries)[3];  /* nationalities given with the query */
    size_t n_query_countries;
    const char (*stored_countries)[3]; /* nationalities of the stored entity */
    size_t n_stored_countries;
} sanctum__match_context;

/* How two spans were found alike. */
enum {
    SANCTUM__SIM_EXACT = 1,    /* same word */
    SANCTUM__SIM_CANON,        /* same folded spelling (Khoury / Khouri) */
    SANCTUM__SIM_JARO,         /* Jaro-Winkler on the word or folded spelling */
    SANCTUM__SIM_SKELETON,     /* consonant skeleton (vowel-less script) */
    SANCTUM__SIM_INITIAL,      /* initial against a word with that first letter */
    SANCTUM__SIM_ABBREV,       /* dotted abbreviation is a prefix of the word */
    SANCTUM__SIM_NUMBER,       /* equal numbers */
    SANCTUM__SIM_SOUND         /* sound classes (name carried through a lossy script) */
};

/* One aligned pair: query tokens [q_first, q_first+q_count) against stored
 * tokens [s_first, s_first+s_count) (counts above 1 are words written
 * together on the other side: "Abdul Rahman" / "Abdulrahman"). */
typedef struct sanctum__match_pair {
    uint8_t q_first, q_count;  /* query span */
    uint8_t s_first, s_count;  /* stored span */
    uint8_t how;               /* SANCTUM__SIM_* */
    float sim;                 /* similarity of the spans, 0..1 */
    float credit;              /* credit given for it, 0..1 */
} sanctum__match_pair;

/* Explanation flags. */
enum {
    SANCTUM__WHY_WEAK_ALIAS = 1u << 0,     /* the stored name is a weak alias */
    SANCTUM__WHY_BIRTH_CONFLICT = 1u << 1, /* birth years differ by more than 1 */
    SANCTUM__WHY_BIRTH_AGREES = 1u << 2,   /* a birth year agrees (within 1) */
    SANCTUM__WHY_NAT_CONFLICT = 1u << 3,   /* no nationality in common */
    SANCTUM__WHY_NAT_AGREES = 1u << 4,     /* a nationality in common */
    SANCTUM__WHY_NUMBER_CONFLICT = 1u << 5, /* numbers in the names differ (No. 8 / No. 9) */
    SANCTUM__WHY_LEGAL_CONFLICT = 1u << 6,  /* legal forms of different jurisdictions */
    SANCTUM__WHY_COUNTRY_DIFFERS = 1u << 7, /* a country word on one side only (Polska) */
    SANCTUM__WHY_ORG_RULES = 1u << 8,       /* company/vessel scoring was used */
    SANCTUM__WHY_QUERY_ALIAS = 1u << 9,     /* matched the query's former name ("ex-") */
    SANCTUM__WHY_STORED_ALIAS = 1u << 10    /* matched the stored former name */
};

/* Why a score is what it is. All parts are reported, including penalties. */
typedef struct sanctum__match_explain {
    double score;            /* final score, 0..1 (what the threshold applies to) */
    double name_score;       /* score of the names alone, before penalties */
    double query_coverage;   /* weighted share of the query explained, 0..1 */
    double stored_coverage;  /* weighted share of the stored name explained, 0..1 */
    double birth_factor;     /* multiplier applied for birth years (1 = none) */
    double nat_factor;       /* multiplier applied for nationality (1 = none) */
    double number_factor;    /* multiplier applied for differing numbers (1 = none) */
    double legal_factor;     /* multiplier for conflicting legal forms (1 = none) */
    double country_factor;   /* multiplier for a country word on one side only */
    double unmatched_factor; /* companies: multiplier per unmatched word (1 = none) */
    unsigned int flags;      /* SANCTUM__WHY_* */
    size_t npairs;           /* aligned pairs in pair[] */
    sanctum__match_pair pair[SANCTUM__NAME_MAX_TOKENS];
    size_t q_unmatched;      /* query tokens (not particles) left unmatched */
    size_t s_unmatched;      /* stored tokens (not particles) left unmatched */
} sanctum__match_explain;

/*
 * Score `query` against one `stored` name: tokens aligned one-to-one in
 * any order (with words written together on either side), per-token
 * similarity (Jaro-Winkler over the word and its folded spelling, with
 * skeletons for vowel-less scripts and sound classes for lossy ones),
 * weighted by token rarity, penalised for unmatched tokens and for birth
 * years, nationalities and numbers that contradict. When either name is
 * a company or vessel, word differences count more (every word of a
 * company name distinguishes it), plurals and one-letter consonant
 * changes do not match, and legal forms of different jurisdictions and
 * country words on one side only are penalised. A former name ("ex-")
 * is tried as an alternative name. Returns the score in [0, 1]; fills *why if not NULL.
 * ctx may be NULL. Pure and thread-safe (token_df must be too).
 * A weak-alias stored name is scored like any other, with
 * SANCTUM__WHY_WEAK_ALIAS set: see sanctum__match_entity().
 */
double sanctum__match_score(const sanctum__name *query, const sanctum__name *stored,
                            const sanctum__match_context *ctx,
                            sanctum__match_explain *why);

/* Entity-level outcome over the scores of one entity's names. */
typedef struct sanctum__entity_match {
    double score;        /* best score of a strong (non-weak) name */
    size_t best;         /* index of that name, or SIZE_MAX if none */
    int is_match;        /* score >= threshold */
    int weak_confirms;   /* a weak alias also reached the threshold */
    int weak_only;       /* only weak aliases reached it: not a match */
} sanctum__entity_match;

/*
 * Combine per-name scores of one entity: weak aliases may confirm a match
 * made by a strong name but never make one alone. weak[i] is nonzero for
 * weak aliases.
 */
sanctum__entity_match sanctum__match_entity(const double *scores, const int *weak, size_t n,
                                            double threshold);

/*
 * Human-readable explanation ("putin=putin exact 1.00; ..."). It contains
 * name text: show it only to users cleared for the record, never log it.
 * Returns the length written (NUL-terminated, truncated to cap).
 */
size_t sanctum__match_explain_format(char *out, size_t cap, const sanctum__name *query,
                                     const sanctum__name *stored,
                                     const sanctum__match_explain *why);

#endif

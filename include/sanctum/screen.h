/* SPDX-License-Identifier: Apache-2.0 */
/* screen.h - name screening over encrypted records through blind indexes. */
#ifndef SANCTUM_SCREEN_H
#define SANCTUM_SCREEN_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/entity.h>
#include <sanctum/export.h>
#include <sanctum/session.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Screening answers "is this person, company or vessel already in our
 * cases or on a list?" for names spelled another way, in another script,
 * reordered or mistyped, while every name stays encrypted at rest: the
 * store finds candidates through keyed BLAKE2b tokens of normalised names
 * (blind indexes, SECURITY.md says what they leak), decrypts only the
 * candidates' names and scores them (docs/matching.md).
 *
 * Only names the session may decrypt are compared: a match is never
 * reported on a value above the caller's clearance (the index tokens of a
 * level are keyed with that level's key, so such values are not even
 * found). docs/screening.md describes the index and the audit entry.
 *
 * Thread safety: a session may run several screenings at once from
 * different threads; a result is read-only once returned.
 */

/** One query: a name plus what else is known. Strings are UTF-8. */
typedef struct sanctum_screen_query {
    const char *name;        /**< required; 1..1024 bytes of valid UTF-8 */
    const char *schema;      /**< "Person", "Company", "Vessel", ... or NULL: any */
    const char *birth_date;  /**< partial ISO date (1980, 1980-05) or NULL */
    const char *nationality; /**< ISO 3166-1 alpha-2 or NULL */
} sanctum_screen_query;

typedef struct sanctum_screen_options {
    unsigned int version;    /**< SANCTUM_SCREEN_OPTIONS_VERSION */
    double threshold;        /**< report matches scoring at least this; 0 = the default */
    size_t limit;            /**< most matches per query; 0 = 10 */
    unsigned int threads;    /**< for batches; 0 = one per core */
} sanctum_screen_options;

#define SANCTUM_SCREEN_OPTIONS_VERSION 1
#define SANCTUM_SCREEN_OPTIONS_INIT { SANCTUM_SCREEN_OPTIONS_VERSION, 0.0, 0, 0 }

/** The default threshold (see docs/matching.md for how it was chosen). */
SANCTUM_EXPORT double sanctum_screen_default_threshold(void);

/** One match of one query. Strings live as long as the result. */
typedef struct sanctum_screen_match {
    const char *id;           /**< entity id */
    const char *schema;       /**< its schema */
    const char *caption;      /**< its primary name (first readable caption value) */
    const char *matched_name; /**< the stored name that matched */
    const char *matched_prop; /**< "name", "alias", "weakAlias", ... */
    double score;             /**< final score, 0..1 */
    double name_score;        /**< names alone, before birth/nationality factors */
    double birth_factor;      /**< multiplier for birth years (1: no effect) */
    double nat_factor;        /**< multiplier for nationality (1: no effect) */
    const char *explanation;  /**< which tokens aligned and how; shows names:
                                   display only to the cleared user, never log */
} sanctum_screen_match;

/** Results of a screening run: per query, in input order, matches ranked. */
typedef struct sanctum_screen_result sanctum_screen_result;

/**
 * Screen `count` queries. One audit entry records the run (a consultation):
 * the number of queries, the entities returned, the purpose, and a keyed
 * commitment to the queries, never their text. (A run returning more than
 * 1024 entities spreads their references over several entries of the same
 * transaction, each with the same count and commitment.) Every returned
 * match reflects the entity as the entry commits it: an entity changed by
 * another writer during the run is scored again, or dropped if deleted.
 *
 * `opts` may be NULL (the defaults). A query's schema also decides how its
 * name is normalised; an entity matches a query of schema S when its own
 * schema is S or a kind of S ("Organization" also finds companies).
 *
 * @return SANCTUM_OK (also when nothing matched); SANCTUM_EINVAL for a bad
 *         query (empty, longer than 1024 bytes, invalid UTF-8, unknown
 *         schema, malformed date or country, nothing to match: the detail
 *         names the query number as "query N: ...", never its text; nothing
 *         is screened or recorded then), for no queries, or for bad options
 *         (unknown version, threshold outside 0..1); SANCTUM_EPERM (auditor);
 *         SANCTUM_EVERSION when the store's name index was built by older
 *         key rules than this library's (it would miss names the new rules
 *         find): sanctum_screen_reindex() rebuilds it.
 */
SANCTUM_EXPORT int sanctum_screen(sanctum_screen_result **out, sanctum_session *session,
                                  const sanctum_screen_query *queries, size_t count,
                                  const sanctum_screen_options *opts, const char *purpose);

SANCTUM_EXPORT size_t sanctum_screen_query_count(const sanctum_screen_result *r);
SANCTUM_EXPORT size_t sanctum_screen_match_count(const sanctum_screen_result *r, size_t query);
/**
 * How many stored names query `query` left unscored: candidates are ranked
 * by the blind-index keys they share with the query before any name is
 * decrypted, and the best are scored: at least 32 (or twice the limit),
 * and, when those all rank alike with the best one and give fewer perfect
 * (1.0) matches than the limit, every further name of that rank, up to
 * 1,024 in all; for a query in a script whose keys are coarse (Han, kana,
 * Hangul, Thai, Arabic, Hebrew...) whose first candidates gave no match,
 * every further name of the rank the cut falls in, whatever that rank.
 * When more than that tie, the rest are not compared and
 * this says how many: the answer may then miss a match (narrow the query:
 * a schema, a birth date). 0 when nothing that could rank among the
 * answers was left out.
 */
SANCTUM_EXPORT size_t sanctum_screen_unscored(const sanctum_screen_result *r, size_t query);
/** Match `i` of query `query`, best first; NULL past the end. Borrowed. */
SANCTUM_EXPORT const sanctum_screen_match *sanctum_screen_match_at(const sanctum_screen_result *r,
                                                                   size_t query, size_t i);
/** Free and wipe (results hold names). NULL is a no-op. */
SANCTUM_EXPORT void sanctum_screen_result_free(sanctum_screen_result *r);

/**
 * Exact lookup of an identifier (passportNumber, idNumber,
 * registrationNumber, imoNumber, taxNumber, ...) through its blind index.
 * Case, spaces, dashes, dots and slashes do not matter ("AB 12-34" finds
 * "ab1234"). `prop` NULL searches every identifier property. Writes up to
 * `cap` entity ids into out[] (out may be NULL when cap is 0) and the
 * number found into *n, which may exceed cap. One audit entry, naming the
 * entities written to out[].
 * @return SANCTUM_OK; SANCTUM_EINVAL (not an identifier property; empty,
 *         over 256 bytes, invalid UTF-8 or nothing but separators);
 *         SANCTUM_EPERM (auditor).
 */
SANCTUM_EXPORT int sanctum_screen_identifier(char (*out)[SANCTUM_ID_MAX], size_t cap, size_t *n,
                                             sanctum_session *session, const char *prop,
                                             const char *value, const char *purpose);

/**
 * Rebuild every blind index from the records (after an index or level key
 * change, a change of the normaliser, or to repair), in one transaction.
 * Needs an admin session cleared for every level (else SANCTUM_EPERM);
 * appends one audit entry (action "reindex").
 */
SANCTUM_EXPORT int sanctum_screen_reindex(sanctum_session *session, const char *purpose);

#ifdef __cplusplus
}
#endif
#endif

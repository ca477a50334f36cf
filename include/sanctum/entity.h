/* SPDX-License-Identifier: Apache-2.0 */
/* entity.h - case records: schemas, multi-valued properties, CRUD. */
#ifndef SANCTUM_ENTITY_H
#define SANCTUM_ENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/export.h>
#include <sanctum/session.h>
#include <sanctum/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An entity: a schema (FollowTheMoney names: Person, Company, Vessel,
 * Case, Ownership, ...) and multi-valued properties. Every value carries a
 * classification level and is encrypted on its own when stored.
 *
 * An entity object is plain memory owned by the caller: build one with
 * sanctum_entity_new() + sanctum_entity_add(), or receive one from
 * sanctum_entity_get(); free it with sanctum_entity_free(), which wipes
 * every value. Not safe for concurrent use by several threads.
 */
typedef struct sanctum_entity sanctum_entity;

/** Longest entity id, including the terminating NUL. */
#define SANCTUM_ID_MAX 24

/** One property value as seen by a session. */
typedef struct sanctum_value {
    const char   *prop;     /**< property name, e.g. "birthDate" */
    const char   *text;     /**< UTF-8 value; NULL when withheld */
    sanctum_level level;    /**< classification of this value */
    int           withheld; /**< 1: the session is not cleared to read it */
} sanctum_value;

/**
 * New empty entity of `schema`.
 * @return SANCTUM_OK; SANCTUM_EINVAL for an unknown schema; SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_entity_new(sanctum_entity **out, const char *schema);

/** Free and wipe. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_entity_free(sanctum_entity *entity);

/** Entity id ("" until stored), schema name and revision (0 until stored).
 *  Strings live as long as the entity. */
SANCTUM_EXPORT const char *sanctum_entity_id(const sanctum_entity *entity);
SANCTUM_EXPORT const char *sanctum_entity_schema(const sanctum_entity *entity);
SANCTUM_EXPORT uint64_t sanctum_entity_revision(const sanctum_entity *entity);
/** UTC seconds of creation and of the last change (0 until stored). */
SANCTUM_EXPORT int64_t sanctum_entity_created(const sanctum_entity *entity);
SANCTUM_EXPORT int64_t sanctum_entity_updated(const sanctum_entity *entity);

/**
 * Add a value. The value is checked and normalised for the property's type
 * (partial ISO dates, ISO 3166-1 alpha-2 countries, entity ids, ...).
 * Adding a value equal to one already present is a no-op. An entity is
 * stored with at most 4,096 values: sanctum_entity_create() and
 * sanctum_entity_update() refuse one holding more (SANCTUM_EINVAL).
 *
 * @param level  SANCTUM_LEVEL_NONE for the schema default of `prop`.
 * @return SANCTUM_OK; SANCTUM_EINVAL for an unknown property, a read-only
 *         property, a malformed value or a bad level (the detail names
 *         schema and property, never the value); SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_entity_add(sanctum_entity *entity, const char *prop,
                                      const char *value, sanctum_level level);

/**
 * Remove values of `prop` equal to `value`, or all its readable values if
 * `value` is NULL. Withheld values are never removed by a session that
 * cannot read them. `value` is checked and normalised as
 * sanctum_entity_add() does before it is compared, so the string that
 * added a value removes it ("DE" removes the nationality stored as "de");
 * a value stored exactly as given matches too. A value that
 * sanctum_entity_add() would refuse matches nothing else and is no error.
 * @return the number removed (>= 0), or SANCTUM_EINVAL for an unknown
 *         property; SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_entity_remove(sanctum_entity *entity, const char *prop,
                                         const char *value);

/** Number of values, withheld ones included. */
SANCTUM_EXPORT size_t sanctum_entity_count(const sanctum_entity *entity);

/**
 * Value `i` (0 <= i < count). Strings are borrowed and live until the
 * entity is changed or freed.
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND past the end.
 */
SANCTUM_EXPORT int sanctum_entity_value(const sanctum_entity *entity, size_t i,
                                        sanctum_value *out);

/** First readable value of `prop`, or NULL. Borrowed. */
SANCTUM_EXPORT const char *sanctum_entity_first(const sanctum_entity *entity,
                                                const char *prop);

/** The entity's display name (first readable caption property, e.g. name),
 *  or its id when none is readable. Borrowed. */
SANCTUM_EXPORT const char *sanctum_entity_caption(const sanctum_entity *entity);

/* ------------------------------------------------------------ operations */

/**
 * Store a new entity: assigns its id (e.g. "PER-7K3M-Q9XD") and revision 1.
 * Entity references must name existing entities. One audit entry.
 *
 * @param purpose  why (for the audit trail; may be NULL): one line of
 *                 UTF-8, at most 1,024 bytes, no control characters
 *                 (SANCTUM_EINVAL otherwise; the same for every call
 *                 taking a purpose). Never put personal data in it:
 *                 auditors read it.
 * @return SANCTUM_OK; SANCTUM_EPERM (role may not write, or a value's level
 *         is above the session's clearance); SANCTUM_EINVAL (no values,
 *         more than 4,096 values, dangling reference); SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_entity_create(sanctum_session *session, sanctum_entity *entity,
                                         const char *purpose);

/** Largest batch accepted by sanctum_entity_create_batch() and
 *  sanctum_entity_get_batch(). */
#define SANCTUM_BATCH_MAX 16384

/**
 * Store up to SANCTUM_BATCH_MAX new entities in one transaction, audited
 * by one entry per 1,024 of them (all in that transaction); all or
 * nothing. Each entity may appear once: the same entity twice in
 * `entities` is refused with SANCTUM_EINVAL and nothing is written.
 * References must name entities already stored. Larger batches
 * write faster into a large store: each transaction rewrites the index
 * pages it touches once, however many entities it adds. From 16 entities
 * on a machine with more than one core, one helper thread encrypts and
 * indexes the records ahead of the writer during the call and is joined
 * before it returns (docs/threading.md). The new entities of a batch get
 * consecutive ids in a random block (docs/schemas.md). While it runs, a
 * batch holds its encrypted records and their index work: a few KB per
 * entity (about 5 KB for a Person of 13 values).
 */
SANCTUM_EXPORT int sanctum_entity_create_batch(sanctum_session *session,
                                               sanctum_entity *const *entities,
                                               size_t count, const char *purpose);

/**
 * Read and decrypt an entity. Values above the session's clearance come
 * back withheld. The read is a consultation: one audit entry.
 *
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND; SANCTUM_EPERM (an auditor);
 *         SANCTUM_ECORRUPT (a ciphertext fails authentication: the detail
 *         names entity and property); SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_entity_get(sanctum_entity **out, sanctum_session *session,
                                      const char *id, const char *purpose);

/**
 * Read up to SANCTUM_BATCH_MAX entities, audited by one entry per 1,024 of
 * them. out[i] receives entity ids[i]. All or nothing: on failure every
 * out[i] is NULL. From 16 entities on a machine with more than one core,
 * the records are decrypted on a helper thread and the caller's at once;
 * the helper is joined before the call returns (docs/threading.md).
 */
SANCTUM_EXPORT int sanctum_entity_get_batch(sanctum_entity **out, sanctum_session *session,
                                            const char *const *ids, size_t count,
                                            const char *purpose);

/**
 * Store a changed entity. Its revision must still be the stored one, else
 * SANCTUM_ECONFLICT and nothing changes; on success the revision grows by
 * one. Withheld values are kept as they were. One audit entry.
 * SANCTUM_EINVAL, and nothing changes, for an entity of no values or of
 * more than 4,096 (withheld ones included).
 */
SANCTUM_EXPORT int sanctum_entity_update(sanctum_session *session, sanctum_entity *entity,
                                         const char *purpose);

/**
 * Delete entity `id` at `expected_revision` (0: any revision). One audit entry.
 * Refused while a stored entity refers to it at a level the session may
 * read (the detail names the first such entity and property): change or
 * delete that first (docs/schemas.md, "Entity references").
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND; SANCTUM_ECONFLICT (stale revision,
 *         or still referenced); SANCTUM_EPERM.
 */
SANCTUM_EXPORT int sanctum_entity_delete(sanctum_session *session, const char *id,
                                         uint64_t expected_revision, const char *purpose);

/**
 * An entity's clear metadata: schema name (static string) and revision.
 * Reads no value and writes no audit entry: ids, schemas and revisions are
 * stored in clear. Either output may be NULL.
 * @return SANCTUM_OK; SANCTUM_ENOTFOUND; SANCTUM_EINVAL (not an id);
 *         SANCTUM_EPERM (auditor).
 */
SANCTUM_EXPORT int sanctum_entity_meta(sanctum_session *session, const char *id,
                                       const char **schema, uint64_t *revision);

/** A snapshot list of entity ids (metadata only: no values are decrypted). */
typedef struct sanctum_id_list sanctum_id_list;

/**
 * List entity ids, optionally of one schema, ordered by schema then id. Ids, schemas
 * and revisions are stored in clear, so listing reads no case data and
 * writes no audit entry.
 * @return SANCTUM_OK; SANCTUM_EINVAL (unknown schema); SANCTUM_EPERM (auditor).
 */
SANCTUM_EXPORT int sanctum_entity_list(sanctum_id_list **out, sanctum_session *session,
                                       const char *schema);
SANCTUM_EXPORT size_t sanctum_id_list_count(const sanctum_id_list *list);
/** Borrowed; NULL past the end. */
SANCTUM_EXPORT const char *sanctum_id_list_at(const sanctum_id_list *list, size_t i);
SANCTUM_EXPORT const char *sanctum_id_list_schema(const sanctum_id_list *list, size_t i);
SANCTUM_EXPORT void sanctum_id_list_free(sanctum_id_list *list);

/* ------------------------------------------------------------ schemas */

/** Number of known schemas, and schema `i`'s name (NULL past the end). */
SANCTUM_EXPORT size_t sanctum_schema_count(void);
SANCTUM_EXPORT const char *sanctum_schema_name(size_t i);
/** Is `prop` a property of `schema`? 1/0. */
SANCTUM_EXPORT int sanctum_schema_has_prop(const char *schema, const char *prop);
/** Value type of schema.prop: "name", "string", "text", "date", "country",
 *  "entity" (a reference to another entity), "identifier", ... (see
 *  docs/schemas.md); NULL if unknown. Static string. */
SANCTUM_EXPORT const char *sanctum_schema_prop_type(const char *schema, const char *prop);
/** Default level of schema.prop, or SANCTUM_LEVEL_NONE if unknown. */
SANCTUM_EXPORT sanctum_level sanctum_schema_prop_level(const char *schema, const char *prop);

#ifdef __cplusplus
}
#endif
#endif

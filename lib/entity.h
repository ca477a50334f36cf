/* SPDX-License-Identifier: Apache-2.0 */
/* entity.h (internal) - the in-memory entity object. */
#ifndef SANCTUM_LIB_ENTITY_H
#define SANCTUM_LIB_ENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/entity.h>
#include "schema.h"
#include "seal.h"

/* One value. Plain text is malloc'd and wiped on free. A withheld value
 * keeps its stored ciphertext so an update can carry it over unchanged. */
typedef struct sanctum__evalue {
    const sanctum__prop *prop;   /* schema property */
    char *text;                  /* NUL-terminated plaintext; NULL if withheld */
    size_t len;                  /* strlen(text) */
    uint8_t level;               /* SANCTUM_LEVEL_* */
    uint32_t key_version;        /* withheld: version of the stored ciphertext */
    unsigned char *raw;          /* withheld: nonce || ciphertext (malloc) */
    size_t raw_len;
} sanctum__evalue;

struct sanctum_entity {
    const sanctum__schema *schema;
    char id[SANCTUM__ID_MAX];    /* "" until stored */
    uint64_t revision;           /* 0 until stored */
    int64_t created, updated;    /* UTC ms */
    uint8_t status;              /* case lifecycle state */
    sanctum__evalue *values;
    size_t count, cap;
    char *arena;                 /* a decoded record's plaintexts in one block
                                    (entity_store.c): texts inside it are wiped
                                    one by one but freed together */
    size_t arena_len;
};

/* Append a value taking ownership of `text` (already checked) or, for a
 * withheld value, of `raw`. */
int sanctum__entity_push(sanctum_entity *e, const sanctum__prop *p, char *text, size_t len,
                         uint8_t level, uint32_t key_version, unsigned char *raw,
                         size_t raw_len);

/* Wipe and drop all values. */
void sanctum__entity_clear_values(sanctum_entity *e);

struct sanctum__buf;
struct sanctum_session;

/* Encrypt every value of `e` for entity `id` and encode the record
 * (docs/record-format.md) into `out`. Readable values are sealed afresh
 * under the session's current key of their level; withheld values keep
 * their stored ciphertext. SANCTUM_EPERM for a level above clearance. */
int sanctum__entity_encode(struct sanctum__buf *out, const struct sanctum_session *s,
                           const sanctum_entity *e, const char *id, uint64_t revision,
                           int64_t created, int64_t updated);

/* SANCTUM_EPERM, as sanctum__entity_encode() would give, if a readable
 * value of `e` is of a level the session holds no current key for. */
int sanctum__entity_check_levels(const struct sanctum_session *s, const sanctum_entity *e);

/* Decode stored record bytes of `id` into a new entity, decrypting what the
 * session may read and withholding the rest. SANCTUM_ECORRUPT (naming
 * entity and property) when a ciphertext fails to open. */
int sanctum__entity_decode(sanctum_entity **out, const struct sanctum_session *s,
                           const char *id, const unsigned char *bytes, size_t len);

/* Every entity reference of `e` must name a stored entity (SANCTUM_EINVAL). */
struct MDB_txn;
struct sanctum_store;
int sanctum__entity_check_refs(struct MDB_txn *txn, const struct sanctum_store *st,
                               const sanctum_entity *e);

/* The same, taking an id for which known(arg, id) returns 1 as stored (an
 * import run's new entities, written later in the same transaction). */
int sanctum__entity_check_refs_known(struct MDB_txn *txn, const struct sanctum_store *st,
                                     const sanctum_entity *e,
                                     int (*known)(void *arg, const char *id), void *arg);

/* Canonical form of an entity id given by a caller (case-insensitive,
 * Crockford-lenient); SANCTUM_EINVAL otherwise, "'x' is not an entity id"
 * quoting only text of id form (sanctum__err_id_shaped): other text may
 * be a name or number given by mistake, and is described by its length. */
int sanctum__id_arg(char out[SANCTUM__ID_MAX], const char *id);

/* SANCTUM_EINVAL "unknown schema", quoting `schema` only when it has the
 * form of a schema name (sanctum__err_name_shaped). */
int sanctum__err_schema(const char *schema);

/* Key of the schema index: schema NUL id; returns its length. */
int sanctum__schema_key(char *out, size_t cap, const char *schema, const char *id);

#endif

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
};

/* Append a value taking ownership of `text` (already checked) or, for a
 * withheld value, of `raw`. */
int sanctum__entity_push(sanctum_entity *e, const sanctum__prop *p, char *text, size_t len,
                         uint8_t level, uint32_t key_version, unsigned char *raw,
                         size_t raw_len);

/* Wipe and drop all values. */
void sanctum__entity_clear_values(sanctum_entity *e);

#endif

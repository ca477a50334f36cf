/* SPDX-License-Identifier: Apache-2.0 */
/* record.h (internal) - the canonical stored form of an entity (docs/record-format.md). */
#ifndef SANCTUM_LIB_RECORD_H
#define SANCTUM_LIB_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include "seal.h"

#define SANCTUM__RECORD_VERSION 1
#define SANCTUM__RECORD_MAX_VALUES 4096

/* One stored value, as views into the record bytes. */
typedef struct sanctum__rvalue {
    const char *prop;            /* not NUL-terminated */
    size_t prop_len;
    uint8_t level;
    uint32_t key_version;
    const unsigned char *nonce;  /* SANCTUM__NONCE_BYTES (points at nonce_buf) */
    unsigned char nonce_buf[SANCTUM__NONCE_BYTES];
    const unsigned char *ct;     /* ciphertext with tag */
    size_t ct_len;
} sanctum__rvalue;

/* A parsed record. `values` is malloc'd; views point into the bytes given
 * to sanctum__record_parse(), which must outlive it. */
typedef struct sanctum__record {
    char schema[64];
    uint64_t revision;
    int64_t created;             /* UTC ms */
    int64_t updated;             /* UTC ms */
    uint8_t status;              /* case lifecycle state, 0 = none */
    unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES]; /* nonce prefix of this write */
    sanctum__rvalue *values;
    size_t nvalues;
} sanctum__record;

/* Parse and fully validate record bytes. SANCTUM_ECORRUPT (detail names
 * `id`) if malformed. Free with sanctum__record_clear(). */
int sanctum__record_parse(sanctum__record *r, const char *id, const unsigned char *b,
                          size_t len);
void sanctum__record_clear(sanctum__record *r);

/* A growable byte buffer for encoding (malloc; holds ciphertext only). */
typedef struct sanctum__buf {
    unsigned char *p;
    size_t len, cap;
    int failed;                  /* set when an allocation failed */
} sanctum__buf;

void sanctum__buf_put(sanctum__buf *b, const void *data, size_t len);
void sanctum__buf_u8(sanctum__buf *b, uint8_t v);
void sanctum__buf_u32(sanctum__buf *b, uint32_t v);
void sanctum__buf_u64(sanctum__buf *b, uint64_t v);
/* Reserve n bytes and return a pointer to them (NULL on failure). */
unsigned char *sanctum__buf_grow(sanctum__buf *b, size_t n);
void sanctum__buf_free(sanctum__buf *b);

/* Write the record header with the write's random nonce prefix; values
 * follow with sanctum__record_put_value(). */
void sanctum__record_put_header(sanctum__buf *b, const char *schema, uint64_t revision,
                                int64_t created, int64_t updated, uint8_t status,
                                const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES],
                                uint32_t nvalues);
/* Write value number `index`. Its nonce is stored only when it is not
 * prefix || be64(index) (a value carried over from an earlier write). */
void sanctum__record_put_value(sanctum__buf *b, const char *prop, uint8_t level,
                               uint32_t key_version, const unsigned char *nonce,
                               const unsigned char *ct, size_t ct_len,
                               const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES],
                               uint32_t index);

/* The nonce of value `index` written with `prefix`: prefix || be64(index). */
void sanctum__record_nonce(unsigned char out[SANCTUM__NONCE_BYTES],
                           const unsigned char prefix[SANCTUM__NONCE_PREFIX_BYTES],
                           uint32_t index);

/* Re-encode record bytes with a new revision, update time and lifecycle
 * state, keeping every value byte for byte (their associated data does not
 * cover these fields, so no key is needed). */
int sanctum__record_restamp(sanctum__buf *out, const char *id, const unsigned char *b,
                            size_t len, uint64_t revision, int64_t updated, uint8_t status);

#endif

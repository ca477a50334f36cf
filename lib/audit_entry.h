/* SPDX-License-Identifier: Apache-2.0 */
/* audit_entry.h (internal) - canonical bytes of a signed audit entry (docs/audit-entry.md). */
#ifndef SANCTUM_LIB_AUDIT_ENTRY_H
#define SANCTUM_LIB_AUDIT_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#define SANCTUM__ENTRY_MAGIC "SAE1"
#define SANCTUM__ENTRY_SIG_DOMAIN "sanctum audit entry v1\n"
#define SANCTUM__ENTRY_PURPOSE_MAX 1024
#define SANCTUM__ENTRY_REFS_MAX 1024
#define SANCTUM__ENTRY_EXTRA_MAX 65536
#define SANCTUM__ENTRY_SIG_BYTES 64

/* A decoded entry. Pointers are views into the bytes given to decode. */
typedef struct sanctum__entry {
    unsigned char store_id[16];
    uint64_t index;
    int64_t time_ms;              /* UTC milliseconds since the epoch */
    uint32_t actor;               /* user id */
    unsigned char key_id[8];      /* SHA-256(actor's Ed25519 pk)[0..8) */
    uint8_t action;
    unsigned char prev[32];       /* leaf hash of entry index-1; zeros at 0 */
    const char *purpose;          /* not NUL-terminated */
    size_t purpose_len;
    size_t nrefs;
    const unsigned char *refs;    /* nrefs encoded refs; walk with entry_ref_next */
    const unsigned char *extra;
    size_t extra_len;
    const unsigned char *sig;     /* 64 bytes */
    size_t signed_len;            /* bytes covered by the signature */
} sanctum__entry;

/* One decoded ref. */
typedef struct sanctum__entry_ref {
    char id[256];
    uint64_t revision;
    unsigned char hash[32];
} sanctum__entry_ref;

/* Strictly decode entry bytes (no signature check). SANCTUM_ECORRUPT on
 * any malformation. */
int sanctum__entry_decode(sanctum__entry *e, const unsigned char *b, size_t len);

/* 1 if p[0..len) is a purpose as entries carry it: UTF-8 on one line, with
 * no control character (C0, DEL, C1) and no line or paragraph separator
 * (U+2028, U+2029). Pure. */
int sanctum__entry_purpose_ok(const char *p, size_t len);

/* Read ref i (0 <= i < e->nrefs) of a decoded entry. */
int sanctum__entry_get_ref(const sanctum__entry *e, size_t i, sanctum__entry_ref *out);

/* Verify the actor's signature over the entry bytes with Ed25519 key pk. */
int sanctum__entry_verify(const sanctum__entry *e, const unsigned char *bytes,
                          const unsigned char pk[32]);

struct sanctum__buf;
struct sanctum__audit_spec;

/* Encode entry `index` and sign it with the actor's Ed25519 secret key,
 * appending the complete entry (the Merkle leaf data) to b. Pure: the
 * caller supplies the time and the previous entry's leaf hash. */
int sanctum__entry_build(struct sanctum__buf *b, const unsigned char store_id[16],
                         uint64_t index, int64_t time_ms, uint32_t actor,
                         const unsigned char sign_pk[32], const unsigned char prev[32],
                         const struct sanctum__audit_spec *spec,
                         const unsigned char sign_sk[64]);

/* Name of an action code ("create", "consult", ...); "unknown" otherwise. */
const char *sanctum__action_name(int action);
/* Action code for a name; 0 if unknown. */
int sanctum__action_from_name(const char *name);

#endif

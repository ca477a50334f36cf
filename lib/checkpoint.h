/* SPDX-License-Identifier: Apache-2.0 */
/* checkpoint.h (internal) - C2SP tlog-checkpoint v1.0.0 text and signed form. */
#ifndef SANCTUM_LIB_CHECKPOINT_H
#define SANCTUM_LIB_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

/* Longest checkpoint text sanctum__checkpoint_format writes, with its NUL:
 * origin (255) + size (20) + root (44) + 3 newlines + NUL. */
#define SANCTUM__CHECKPOINT_TEXT_MAX (255 + 20 + 44 + 3 + 1)

typedef struct sanctum__checkpoint {
    char origin[256];        /* log origin line, NUL-terminated, non-empty */
    uint64_t size;           /* tree size (number of records) */
    unsigned char root[32];  /* RFC 6962 root hash of that tree */
} sanctum__checkpoint;

/* Writes the checkpoint note text "<origin>\n<size>\n<base64 root>\n" into
 * out[cap] (NUL-terminated). The origin must be a valid key name (no spaces,
 * no '+'), as our logs also sign under it. Returns 0 or SANCTUM_EINVAL. */
int sanctum__checkpoint_format(char *out, size_t cap, const sanctum__checkpoint *cp);

/*
 * Parses a checkpoint note text text[0..len) strictly (AUDIT-FORMATS §6):
 * valid note text ending in '\n'; a non-empty origin shorter than 256 bytes;
 * a decimal size without sign or leading zeros that fits a uint64; a
 * canonical base64 root of exactly 32 bytes; then optional non-empty
 * extension lines, which are ignored. Returns 0 or SANCTUM_EINVAL.
 */
int sanctum__checkpoint_parse(sanctum__checkpoint *out, const char *text, size_t len);

/* Formats `cp` and signs it as a note with Ed25519 key `sk` named `key_name`
 * (which should equal the origin). *note_out is malloc'd; the caller frees
 * it. Returns 0, SANCTUM_EINVAL, SANCTUM_ENOMEM or SANCTUM_ERROR. */
int sanctum__checkpoint_sign(char **note_out, const sanctum__checkpoint *cp,
                             const char *key_name, const unsigned char sk[64]);

/*
 * Opens the signed checkpoint note note[0..len) with the log's Ed25519
 * verifier (other signature lines, e.g. cosignatures, are ignored), then
 * parses it. If expected_origin is not NULL the origin must equal it.
 * Returns 0; the sanctum__note_open codes (SANCTUM_EINVAL malformed,
 * SANCTUM_ETAMPER bad log signature, SANCTUM_EAUTH not signed by the log);
 * SANCTUM_EINVAL if the text is not a checkpoint or log_key is not type
 * 0x01; SANCTUM_ETAMPER if the origin differs from expected_origin.
 */
int sanctum__checkpoint_open(sanctum__checkpoint *out, const char *note, size_t len,
                             const sanctum__note_verifier *log_key,
                             const char *expected_origin);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* note.h (internal) - C2SP signed notes and Ed25519 tlog cosignatures. */
#ifndef SANCTUM_LIB_NOTE_H
#define SANCTUM_LIB_NOTE_H

#include <stddef.h>
#include <stdint.h>

/*
 * C2SP signed-note v1.0.0 (Go golang.org/x/mod/sumdb/note semantics) and
 * tlog-cosignature v1 with Ed25519 (type 0x04). See docs/transparency-log.md
 * and AUDIT-FORMATS §5 and §7. The caller must have run sodium_init().
 */

#define SANCTUM__NOTE_ED25519   0x01 /* Ed25519 over the note text */
#define SANCTUM__NOTE_COSIG_V1  0x04 /* timestamped Ed25519 cosignature */

/* Most signature lines a note may carry (more is malformed, as in Go). */
#define SANCTUM__NOTE_MAX_SIGS  100
/* Verified keys recorded in sanctum__note_open_result. */
#define SANCTUM__NOTE_MAX_VERIFIED 16

/* A trusted public key, normally made by sanctum__note_vkey_parse. */
typedef struct sanctum__note_verifier {
    char name[256];          /* key name, NUL-terminated */
    uint32_t id;             /* key ID: SHA-256(name "\n" type pk)[:4], big-endian */
    uint8_t type;            /* SANCTUM__NOTE_ED25519 or SANCTUM__NOTE_COSIG_V1 */
    unsigned char pk[32];    /* Ed25519 public key */
} sanctum__note_verifier;

/* Key ID of (name, type, pk). */
uint32_t sanctum__note_key_id(const char *name, uint8_t type, const unsigned char pk[32]);

/* 1 if `name` is a valid key name (non-empty UTF-8, no Unicode space, no
 * '+'), else 0. Same rule as Go's isValidName. */
int sanctum__note_name_valid(const char *name);

/* 1 if text[0..len) is valid UTF-8 with no control character other than
 * '\n' (the rule for a whole note), else 0. */
int sanctum__note_text_valid(const char *text, size_t len);

/* Writes the verifier key "<name>+<hex id>+<base64(type pk)>" into out[cap].
 * Returns 0, or SANCTUM_EINVAL (bad name, unknown type, cap too small). */
int sanctum__note_vkey_format(char *out, size_t cap, const char *name, uint8_t type,
                              const unsigned char pk[32]);

/* Parses a verifier key following Go NewVerifier (AUDIT-FORMATS §5.3);
 * accepts types 0x01 and 0x04 with 32-byte keys, and names shorter than
 * 256 bytes. Returns 0 or SANCTUM_EINVAL. */
int sanctum__note_vkey_parse(sanctum__note_verifier *out, const char *vkey);

/*
 * Signs `text` (valid note text: non-empty, ending in '\n', see
 * sanctum__note_text_valid) with the libsodium Ed25519 secret key `sk` under
 * key name `name`. On success *out is a malloc'd NUL-terminated note
 * text "\n" "— " name " " base64(keyid sig) "\n" that the caller frees with
 * free(). Returns 0, SANCTUM_EINVAL, SANCTUM_ENOMEM or SANCTUM_ERROR.
 */
int sanctum__note_sign(char **out, const char *text, size_t text_len, const char *name,
                       const unsigned char sk[64]);

/*
 * Builds the tlog-cosignature/v1 message for a checkpoint text:
 * "cosignature/v1\ntime <timestamp>\n" followed by the text. *out is
 * malloc'd (caller frees), *out_len its length. Returns 0, SANCTUM_EINVAL
 * (timestamp above 2^63-1) or SANCTUM_ENOMEM.
 */
int sanctum__note_cosig_message(unsigned char **out, size_t *out_len, const char *text,
                                size_t len, uint64_t timestamp);

/*
 * Cosigns the checkpoint note text checkpoint_text[0..len) (the signed text
 * of the checkpoint, which must parse as a checkpoint) as witness `name`
 * at `timestamp` (POSIX seconds, <= 2^63-1). *out receives the malloc'd,
 * NUL-terminated signature line "— name base64(keyid ts sig)\n" to append
 * to the checkpoint note; the caller frees it. Returns 0, SANCTUM_EINVAL,
 * SANCTUM_ENOMEM or SANCTUM_ERROR.
 */
int sanctum__note_cosign_line(char **out, const char *checkpoint_text, size_t len,
                              const char *name, const unsigned char sk[64],
                              uint64_t timestamp);

typedef struct sanctum__note_open_result {
    size_t text_len;                          /* the signed text is msg[0..text_len) */
    size_t n_verified;                        /* trusted keys that verified (<= 16) */
    size_t verified[SANCTUM__NOTE_MAX_VERIFIED]; /* their indexes in trusted[], in line order */
    uint64_t timestamp[SANCTUM__NOTE_MAX_VERIFIED]; /* cosignature time, 0 for type 0x01 */
    size_t n_unverified;                      /* distinct lines from unknown keys */
} sanctum__note_open_result;

/*
 * Opens a signed note msg[0..len) with Go note.Open semantics (AUDIT-FORMATS
 * §5.4). Cosignature (0x04) verifiers verify their lines per
 * tlog-cosignature. Signatures from unknown keys are counted and ignored.
 * If more than 16 trusted keys verify, all are checked but only the first
 * 16 are recorded. Returns:
 *   0               at least one trusted key verified, none failed;
 *   SANCTUM_EINVAL  malformed note, ambiguous trusted key (two entries
 *                   with the same name and ID), or a bad trusted entry;
 *   SANCTUM_ETAMPER a trusted key's signature does not verify (the detail
 *                   names the key as name+hexid);
 *   SANCTUM_EAUTH   no trusted key signed the note;
 *   SANCTUM_ENOMEM.
 */
int sanctum__note_open(sanctum__note_open_result *res, const char *msg, size_t len,
                       const sanctum__note_verifier *trusted, size_t ntrusted);

#endif

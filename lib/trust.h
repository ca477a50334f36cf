/* SPDX-License-Identifier: Apache-2.0 */
/* trust.h (internal) - parsing the public trust file (docs/trust-file.md). */
#ifndef SANCTUM_LIB_TRUST_H
#define SANCTUM_LIB_TRUST_H

#include <stddef.h>
#include <stdint.h>
#include "note.h"
#include "users.h"

typedef struct sanctum__trust_user {
    uint32_t id;
    char name[SANCTUM__NAME_MAX + 1];
    uint8_t role, clearance, revoked;
    unsigned char sign_pk[32];
    unsigned char box_pk[32];
} sanctum__trust_user;

typedef struct sanctum__trust {
    unsigned char store_id[16];
    char origin[256];
    sanctum__note_verifier log_key;
    sanctum__trust_user *users;   /* malloc'd */
    size_t nusers;
} sanctum__trust;

/* Parse; SANCTUM_EINVAL with the line number on any malformation. */
int sanctum__trust_parse(sanctum__trust *out, const char *text, size_t len);
void sanctum__trust_clear(sanctum__trust *t);
const sanctum__trust_user *sanctum__trust_user_by_id(const sanctum__trust *t, uint32_t id);

#endif

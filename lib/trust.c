/* SPDX-License-Identifier: Apache-2.0 */
/* trust.c - the public trust file an auditor verifies the trail with (docs/trust-file.md). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/audit.h>
#include <sanctum/user.h>

#include "errors.h"
#include "note.h"
#include "store.h"
#include "trust.h"

#define TRUST_MAGIC "sanctum-trust 1"

/* The log's verifier key (C2SP vkey) into out. */
int sanctum__log_vkey(char *out, size_t cap, sanctum_store *st);

int
sanctum__log_vkey(char *out, size_t cap, sanctum_store *st)
{
    MDB_txn *txn;
    MDB_val v;
    unsigned char pk[32];
    int rc;

    if ((rc = sanctum__store_read_begin(st, &txn)) < 0)
        return rc;
    rc = sanctum__get(txn, st, SANCTUM__DB_META, "log_pk", 6, &v);
    if (rc == SANCTUM_OK && v.mv_size == 32)
        memcpy(pk, v.mv_data, 32);
    else if (rc == SANCTUM_OK || rc == SANCTUM_ENOTFOUND)
        rc = sanctum__err(SANCTUM_ECORRUPT, "store %s has no audit log key", st->path);
    sanctum__store_read_end(st, txn);
    if (rc < 0)
        return rc;
    return sanctum__note_vkey_format(out, cap, st->origin, SANCTUM__NOTE_ED25519, pk);
}

int
sanctum_trust_export(char **out, size_t *len, sanctum_store *st)
{
    sanctum_user_list *users = NULL;
    char vkey[512], b64a[64], b64b[64];
    char *buf = NULL;
    size_t size = 0;
    FILE *f;
    int rc;

    sanctum__err_clear();
    *out = NULL;
    if ((rc = sanctum__log_vkey(vkey, sizeof vkey, st)) < 0 ||
        (rc = sanctum_user_list_load(&users, st)) < 0)
        return rc;
    if ((f = open_memstream(&buf, &size)) == NULL) {
        sanctum_user_list_free(users);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    fprintf(f, "%s\nstore %s\norigin %s\nlog-vkey %s\n", TRUST_MAGIC, st->id_hex,
            st->origin, vkey);
    for (size_t i = 0; i < sanctum_user_list_count(users); i++) {
        const sanctum_user_info *u = sanctum_user_list_at(users, i);
        sodium_bin2base64(b64a, sizeof b64a, u->sign_pk, 32, sodium_base64_VARIANT_ORIGINAL);
        sodium_bin2base64(b64b, sizeof b64b, u->box_pk, 32, sodium_base64_VARIANT_ORIGINAL);
        fprintf(f, "user %u %s %s %s %s %lld %s %s\n", (unsigned)u->id, u->name,
                sanctum_role_name(u->role), sanctum_level_name(u->clearance),
                u->revoked ? "revoked" : "active", (long long)u->created, b64a, b64b);
    }
    sanctum_user_list_free(users);
    if (fclose(f) != 0 || buf == NULL) {
        free(buf);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    *out = buf;
    if (len != NULL)
        *len = size;
    return SANCTUM_OK;
}

/* ------------------------------------------------------------ parsing */

static int
b64_32(unsigned char out[32], const char *s)
{
    size_t n = 0;

    if (sodium_base642bin(out, 32, s, strlen(s), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 || n != 32)
        return -1;
    return 0;
}

static int
parse_user(sanctum__trust_user *u, char *line)
{
    char *f[9], *save = NULL;
    int n = 0;
    unsigned long id;
    char *end;

    for (char *t = strtok_r(line, " ", &save); t && n < 9; t = strtok_r(NULL, " ", &save))
        f[n++] = t;
    if (n != 9 || strcmp(f[0], "user") != 0)
        return -1;
    id = strtoul(f[1], &end, 10);
    if (*end != '\0' || id == 0 || id > UINT32_MAX || !sanctum__user_name_valid(f[2]))
        return -1;
    u->id = (uint32_t)id;
    snprintf(u->name, sizeof u->name, "%s", f[2]);
    u->role = (uint8_t)sanctum_role_from_name(f[3]);
    u->clearance = (uint8_t)sanctum_level_from_name(f[4]);
    if (u->role == 0 || u->clearance == 0)
        return -1;
    if (strcmp(f[5], "active") == 0)
        u->revoked = 0;
    else if (strcmp(f[5], "revoked") == 0)
        u->revoked = 1;
    else
        return -1;
    if (b64_32(u->sign_pk, f[7]) != 0 || b64_32(u->box_pk, f[8]) != 0)
        return -1;
    return 0;
}

int
sanctum__trust_parse(sanctum__trust *t, const char *text, size_t len)
{
    char *copy, *line, *save = NULL;
    int lineno = 0, have = 0, rc = SANCTUM_OK;
    size_t cap = 0;

    memset(t, 0, sizeof *t);
    if (text == NULL || len == 0 || memchr(text, '\0', len) != NULL)
        return sanctum__err(SANCTUM_EINVAL, "trust file is empty or binary");
    if ((copy = sanctum__strmem(text, len)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        size_t l = strlen(line);
        if (l > 0 && line[l - 1] == '\r')
            line[--l] = '\0';
        if (lineno == 1) {
            if (strcmp(line, TRUST_MAGIC) != 0) {
                rc = sanctum__err(SANCTUM_EINVAL, "trust file line 1: not '%s'", TRUST_MAGIC);
                break;
            }
            continue;
        }
        if (strncmp(line, "store ", 6) == 0) {
            size_t n = 0;
            if (sodium_hex2bin(t->store_id, 16, line + 6, strlen(line + 6), NULL, &n, NULL) != 0 ||
                n != 16 || strlen(line + 6) != 32)
                goto bad;
            have |= 1;
        } else if (strncmp(line, "origin ", 7) == 0) {
            if (strlen(line + 7) >= sizeof t->origin || !sanctum__note_name_valid(line + 7))
                goto bad;
            strcpy(t->origin, line + 7);
            have |= 2;
        } else if (strncmp(line, "log-vkey ", 9) == 0) {
            if (sanctum__note_vkey_parse(&t->log_key, line + 9) != 0 ||
                t->log_key.type != SANCTUM__NOTE_ED25519)
                goto bad;
            have |= 4;
        } else if (strncmp(line, "user ", 5) == 0) {
            if (t->nusers == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                void *a = realloc(t->users, ncap * sizeof *t->users);
                if (a == NULL) {
                    rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
                    break;
                }
                t->users = a;
                cap = ncap;
            }
            if (parse_user(&t->users[t->nusers], line) != 0)
                goto bad;
            t->nusers++;
        } else {
            goto bad;
        }
        continue;
bad:
        rc = sanctum__err(SANCTUM_EINVAL, "trust file line %d is malformed", lineno);
        break;
    }
    free(copy);
    if (rc == SANCTUM_OK && (have != 7 || t->nusers == 0))
        rc = sanctum__err(SANCTUM_EINVAL,
                          "trust file lacks its store, origin, log-vkey or user lines");
    if (rc == SANCTUM_OK && strcmp(t->origin, t->log_key.name) != 0)
        rc = sanctum__err(SANCTUM_EINVAL, "trust file: log-vkey does not name the origin");
    if (rc < 0)
        sanctum__trust_clear(t);
    return rc;
}

void
sanctum__trust_clear(sanctum__trust *t)
{
    free(t->users);
    memset(t, 0, sizeof *t);
}

const sanctum__trust_user *
sanctum__trust_user_by_id(const sanctum__trust *t, uint32_t id)
{
    for (size_t i = 0; i < t->nusers; i++)
        if (t->users[i].id == id)
            return &t->users[i];
    return NULL;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* trust.c - the public trust file an auditor verifies the trail with (docs/trust-file.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sanctum/audit.h>
#include <sanctum/user.h>

#include "errors.h"
#include "note.h"
#include "store.h"

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

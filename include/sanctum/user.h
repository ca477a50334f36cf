/* SPDX-License-Identifier: Apache-2.0 */
/* user.h - users, roles and clearances. */
#ifndef SANCTUM_USER_H
#define SANCTUM_USER_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/export.h>
#include <sanctum/session.h>
#include <sanctum/store.h>
#include <sanctum/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Public facts about one user. Nothing here is secret. */
typedef struct sanctum_user_info {
    uint32_t      id;          /**< stable numeric id, 1 = the creator */
    const char   *name;        /**< user name */
    sanctum_role  role;
    sanctum_level clearance;
    int           revoked;     /**< 1 once revoked */
    int64_t       created;     /**< UTC seconds since the epoch */
    unsigned char sign_pk[32]; /**< Ed25519 public key (audit signatures) */
    unsigned char box_pk[32];  /**< X25519 public key (sealed level keys) */
} sanctum_user_info;

/** A snapshot list of users; free with sanctum_user_list_free(). */
typedef struct sanctum_user_list sanctum_user_list;

/**
 * Add a user. The caller's session must belong to an admin whose own
 * clearance is at least `clearance` (an admin cannot grant keys they do
 * not hold). The store's level keys up to `clearance` are sealed to the new
 * user; an auditor receives none. Appends an audit entry.
 *
 * @param name  1-64 characters of [A-Za-z0-9._-].
 * @param pass, pass_len  The new user's initial passphrase (>= 8 bytes).
 * @return SANCTUM_OK; SANCTUM_EPERM (not an admin, or clearance above the
 *         admin's); SANCTUM_EEXISTS; SANCTUM_EINVAL (bad name, role,
 *         clearance or passphrase); SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_user_add(sanctum_session *admin, const char *name,
                                    sanctum_role role, sanctum_level clearance,
                                    const unsigned char *pass, size_t pass_len);

/**
 * Revoke a user: their sealed keys are deleted and they can no longer open
 * a session. An admin cannot revoke themself, nor the last active admin.
 * Appends an audit entry.
 * @return SANCTUM_OK; SANCTUM_EPERM; SANCTUM_ENOUSER; SANCTUM_EREVOKED
 *         (already revoked); SANCTUM_EINVAL; SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_user_revoke(sanctum_session *admin, const char *name);

/**
 * Change the session user's own passphrase. Their key pairs stay the same;
 * only the Argon2id-derived wrapping changes. Appends an audit entry.
 * @return SANCTUM_OK; SANCTUM_EINVAL (passphrase NULL or shorter than 8 bytes);
 *         SANCTUM_EIO.
 */
SANCTUM_EXPORT int sanctum_user_passwd(sanctum_session *self,
                                       const unsigned char *new_pass, size_t new_len);

/** Snapshot the user table (no session needed: it is public). */
SANCTUM_EXPORT int sanctum_user_list_load(sanctum_user_list **out, sanctum_store *store);
SANCTUM_EXPORT size_t sanctum_user_list_count(const sanctum_user_list *list);
/** Borrowed pointer, valid until the list is freed; NULL past the end. */
SANCTUM_EXPORT const sanctum_user_info *sanctum_user_list_at(const sanctum_user_list *list,
                                                             size_t i);
SANCTUM_EXPORT void sanctum_user_list_free(sanctum_user_list *list);

#ifdef __cplusplus
}
#endif
#endif

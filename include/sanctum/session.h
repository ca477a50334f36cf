/* SPDX-License-Identifier: Apache-2.0 */
/* session.h - unlocking a store as one user. */
#ifndef SANCTUM_SESSION_H
#define SANCTUM_SESSION_H

#include <stddef.h>
#include <sanctum/export.h>
#include <sanctum/store.h>
#include <sanctum/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A store unlocked as one user. It holds that user's secret keys and only
 * the level keys sealed to that user (none for an auditor), in guarded
 * sodium_malloc memory, wiped on close.
 *
 * Thread safety: a session may be shared by threads once opened; its keys
 * are read-only after sanctum_session_open(). Close it from one thread when
 * no other thread uses it.
 */
typedef struct sanctum_session sanctum_session;

/**
 * Unlock `store` as `user` with `pass`.
 *
 * @param[out] out  The session; NULL on failure.
 * @return SANCTUM_OK; SANCTUM_ENOUSER (no such user), SANCTUM_EREVOKED
 *         (user revoked), SANCTUM_EAUTH (wrong passphrase),
 *         SANCTUM_ECORRUPT (the user's stored keys are damaged),
 *         SANCTUM_EINVAL (`pass` is NULL), SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_session_open(sanctum_session **out, sanctum_store *store,
                                        const char *user,
                                        const unsigned char *pass, size_t pass_len);

/** Close the session and wipe its keys. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_session_close(sanctum_session *session);

/** The user name; lives as long as the session. */
SANCTUM_EXPORT const char *sanctum_session_user(const sanctum_session *session);
SANCTUM_EXPORT sanctum_role sanctum_session_role(const sanctum_session *session);
SANCTUM_EXPORT sanctum_level sanctum_session_clearance(const sanctum_session *session);

/**
 * Does the session hold the key for `level`? An analyst cleared `official`
 * answers 1 for official and 0 for sensitive and secret; an auditor answers
 * 0 for all levels.
 */
SANCTUM_EXPORT int sanctum_session_has_level_key(const sanctum_session *session,
                                                 sanctum_level level);

/** The store this session was opened on (borrowed). */
SANCTUM_EXPORT sanctum_store *sanctum_session_store(const sanctum_session *session);

#ifdef __cplusplus
}
#endif
#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* session.h (internal) - what an unlocked session holds. */
#ifndef SANCTUM_LIB_SESSION_H
#define SANCTUM_LIB_SESSION_H

#include <sanctum/session.h>
#include "keys.h"
#include "users.h"

struct sanctum_session {
    sanctum_store *st;       /* the store (borrowed) */
    sanctum__user user;      /* the user's record as at unlock (public parts) */
    sanctum__keyring *kr;    /* the user's keys: guarded, read-only */
};

/* Role checks with a clear error: may the session write, read cases? */
int sanctum__session_can_write(const sanctum_session *s);
int sanctum__session_can_read(const sanctum_session *s);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* open.h - finding the store and the user, and unlocking a session. */
#ifndef SANCTUM_TOOL_OPEN_H
#define SANCTUM_TOOL_OPEN_H

#include <sanctum/session.h>
#include <sanctum/store.h>

#include "tool.h"

/* The store directory from --store or $SANCTUM_STORE. Returns 0, or
 * TOOL_EXIT_USAGE (printed) when neither is given. */
int tool_need_store(tool_ctx *ctx, const char **out);

/* The user name from --user or $SANCTUM_USER; as above. */
int tool_need_user(tool_ctx *ctx, const char **out);

/*
 * Open the store named by the context. `flags`: SANCTUM_STORE_RDONLY for
 * tools that only read public data. Returns 0, or an exit code after a
 * diagnostic (TOOL_EXIT_NOTFOUND when there is no store there). The caller
 * closes *out with sanctum_store_close().
 */
int tool_store_open(tool_ctx *ctx, sanctum_store **out, unsigned int flags);

/*
 * Open the store and unlock it as the context's user with the context's
 * passphrase source (else a terminal prompt). The passphrase lives in
 * guarded memory and is wiped before this returns. Returns 0, or an exit
 * code after a diagnostic saying whether the passphrase was wrong, the
 * user unknown or revoked. On success the caller owns both handles: close
 * them with tool_session_close().
 */
int tool_session_open(tool_ctx *ctx, sanctum_store **store, sanctum_session **out);

/* Close the session, then the store; either may be NULL. */
void tool_session_close(sanctum_store *store, sanctum_session *session);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* admin_verbs.h - the verbs of sanctum-admin, one per cmd_<verb>.c. */
#ifndef SANCTUM_TOOL_ADMIN_VERBS_H
#define SANCTUM_TOOL_ADMIN_VERBS_H

#include "tool.h"

int cmd_init(tool_ctx *ctx, int argc, char **argv);
int cmd_user_add(tool_ctx *ctx, int argc, char **argv);
int cmd_user_list(tool_ctx *ctx, int argc, char **argv);
int cmd_user_revoke(tool_ctx *ctx, int argc, char **argv);
int cmd_passwd(tool_ctx *ctx, int argc, char **argv);
int cmd_trust_export(tool_ctx *ctx, int argc, char **argv);
int cmd_reindex(tool_ctx *ctx, int argc, char **argv);
int cmd_upgrade(tool_ctx *ctx, int argc, char **argv);
int cmd_repack(tool_ctx *ctx, int argc, char **argv);

#endif

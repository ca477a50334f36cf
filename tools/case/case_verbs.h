/* SPDX-License-Identifier: Apache-2.0 */
/* case_verbs.h - the verbs of sanctum-case, one per cmd_<verb>.c. */
#ifndef SANCTUM_TOOL_CASE_VERBS_H
#define SANCTUM_TOOL_CASE_VERBS_H

#include "tool.h"

int cmd_add(tool_ctx *ctx, int argc, char **argv);
int cmd_show(tool_ctx *ctx, int argc, char **argv);
int cmd_edit(tool_ctx *ctx, int argc, char **argv);
int cmd_delete(tool_ctx *ctx, int argc, char **argv);
int cmd_list(tool_ctx *ctx, int argc, char **argv);
int cmd_status(tool_ctx *ctx, int argc, char **argv);
int cmd_approve(tool_ctx *ctx, int argc, char **argv);

#endif

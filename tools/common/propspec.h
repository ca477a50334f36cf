/* SPDX-License-Identifier: Apache-2.0 */
/* propspec.h - property arguments on the command line: KEY[:LEVEL][=VALUE]. */
#ifndef SANCTUM_TOOL_PROPSPEC_H
#define SANCTUM_TOOL_PROPSPEC_H

#include <sanctum/types.h>

/* Longest property name accepted on the command line, with its NUL. */
#define TOOL_PROP_MAX 64

/* A parsed property argument. `value` points into the argument. */
typedef struct tool_propspec {
    char          key[TOOL_PROP_MAX];
    sanctum_level level;  /* SANCTUM_LEVEL_NONE when not given */
    const char   *value;  /* NULL when the argument has no '=' */
} tool_propspec;

/* What a property argument must or may contain. */
#define TOOL_PROPSPEC_VALUE    0x1u  /* "=VALUE" is required */
#define TOOL_PROPSPEC_LEVEL    0x2u  /* ":LEVEL" is allowed */

/*
 * Parse `arg` ("nationality=al", "birthDate:secret=1980", "alias").
 * The key is everything before the first '=' (and before a ':' in it);
 * the value is everything after that '=' and may contain '=' and ':'.
 * LEVEL is official, sensitive or secret (any case). Returns 0, or -1
 * with a reason for a usage message in *why (a static string that never
 * quotes the value).
 */
int tool_propspec_parse(tool_propspec *out, const char *arg, unsigned int flags,
                        const char **why);

#endif

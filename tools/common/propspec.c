/* SPDX-License-Identifier: Apache-2.0 */
/* propspec.c - splitting KEY[:LEVEL]=VALUE arguments without copying the value. */
#include "propspec.h"

#include <string.h>

int
tool_propspec_parse(tool_propspec *out, const char *arg, unsigned int flags,
                    const char **why)
{
    const char *eq = strchr(arg, '='), *colon;
    size_t klen;
    char level[16];

    memset(out, 0, sizeof *out);
    klen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
    if ((flags & TOOL_PROPSPEC_VALUE) && eq == NULL) {
        *why = "expected KEY=VALUE";
        return -1;
    }
    colon = memchr(arg, ':', klen);
    if (colon != NULL) {
        size_t llen = klen - (size_t)(colon - arg) - 1;

        if (!(flags & TOOL_PROPSPEC_LEVEL)) {
            *why = "a level (KEY:LEVEL) is not allowed here";
            return -1;
        }
        if (llen == 0 || llen >= sizeof level) {
            *why = "unknown level (expected official, sensitive or secret)";
            return -1;
        }
        memcpy(level, colon + 1, llen);
        level[llen] = '\0';
        out->level = sanctum_level_from_name(level);
        if (out->level == SANCTUM_LEVEL_NONE) {
            *why = "unknown level (expected official, sensitive or secret)";
            return -1;
        }
        klen = (size_t)(colon - arg);
    }
    if (klen == 0) {
        *why = "empty property name";
        return -1;
    }
    if (klen >= sizeof out->key) {
        *why = "property name too long";
        return -1;
    }
    memcpy(out->key, arg, klen);
    out->key[klen] = '\0';
    out->value = eq != NULL ? eq + 1 : NULL;
    return 0;
}

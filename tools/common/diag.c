/* SPDX-License-Identifier: Apache-2.0 */
/* diag.c - the sanctum code to exit code table and tool-prefixed diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sanctum/errors.h>

static const char *prog_name = "sanctum";

void
tool_diag_init(const char *prog)
{
    if (prog != NULL && *prog != '\0')
        prog_name = prog;
}

const char *
tool_prog(void)
{
    return prog_name;
}

void
tool_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: ", prog_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void
tool_warn(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: warning: ", prog_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int
tool_exit_code(int code)
{
    switch (code) {
    case SANCTUM_OK:        return TOOL_EXIT_OK;
    case SANCTUM_EINVAL:    return TOOL_EXIT_DATA;
    case SANCTUM_ENOTFOUND: return TOOL_EXIT_NOTFOUND;
    case SANCTUM_EAUTH:
    case SANCTUM_ENOUSER:
    case SANCTUM_EREVOKED:  return TOOL_EXIT_AUTH;
    case SANCTUM_EPERM:
    case SANCTUM_EPOLICY:   return TOOL_EXIT_PERM;
    case SANCTUM_ECONFLICT:
    case SANCTUM_EEXISTS:
    case SANCTUM_EBUSY:     return TOOL_EXIT_CONFLICT;
    case SANCTUM_ECORRUPT:
    case SANCTUM_EVERSION:  return TOOL_EXIT_CORRUPT;
    case SANCTUM_ETAMPER:   return TOOL_EXIT_TAMPER;
    default:                return TOOL_EXIT_FAIL;
    }
}

int
tool_fail(int code, const char *fmt, ...)
{
    char detail[512];
    const char *text;
    va_list ap;

    /* Copy the detail first: the next library call may overwrite it. */
    detail[0] = '\0';
    if (sanctum_last_error_code() == code)
        snprintf(detail, sizeof detail, "%s", sanctum_last_error());
    text = sanctum_strerror(code);

    fflush(stdout);
    fprintf(stderr, "%s: ", prog_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, ": %s", text);
    if (detail[0] != '\0' && strcmp(detail, text) != 0)
        fprintf(stderr, " (%s)", detail);
    fputc('\n', stderr);
    return tool_exit_code(code);
}

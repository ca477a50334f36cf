/* SPDX-License-Identifier: Apache-2.0 */
/* errors.c - result code texts and the per-thread last-error detail. */
#include "errors.h"

#include <errno.h>
#include <lmdb.h>
#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_msg[512];
static _Thread_local int last_code;

const char *
sanctum_strerror(int code)
{
    switch (code) {
    case SANCTUM_OK:        return "success";
    case SANCTUM_ENOTFOUND: return "not found";
    case SANCTUM_EEXISTS:   return "already exists";
    case SANCTUM_EAUTH:     return "wrong passphrase";
    case SANCTUM_ENOUSER:   return "unknown user";
    case SANCTUM_EREVOKED:  return "user revoked";
    case SANCTUM_EPERM:     return "not permitted for this user";
    case SANCTUM_EINVAL:    return "invalid input";
    case SANCTUM_ECONFLICT: return "stale revision";
    case SANCTUM_ECORRUPT:  return "stored data is corrupt or was tampered with";
    case SANCTUM_EVERSION:  return "unsupported store format version";
    case SANCTUM_ENOMEM:    return "out of memory";
    case SANCTUM_EIO:       return "input/output error";
    case SANCTUM_EPOLICY:   return "refused by policy";
    case SANCTUM_ETAMPER:   return "audit trail tampering found";
    case SANCTUM_EBUSY:     return "store in use by another process";
    default:                return "error";
    }
}

const char *
sanctum_last_error(void)
{
    return last_msg;
}

int
sanctum_last_error_code(void)
{
    return last_code;
}

int
sanctum__err(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof last_msg, fmt, ap);
    va_end(ap);
    last_code = code;
    return code;
}

int
sanctum__err_mdb(int rc, const char *what)
{
    int code;

    switch (rc) {
    case MDB_NOTFOUND:     code = SANCTUM_ENOTFOUND; break;
    case MDB_KEYEXIST:     code = SANCTUM_EEXISTS; break;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:      code = SANCTUM_ECORRUPT; break;
    case MDB_VERSION_MISMATCH: code = SANCTUM_EVERSION; break;
    case ENOMEM:           code = SANCTUM_ENOMEM; break;
    default:               code = SANCTUM_EIO; break;
    }
    return sanctum__err(code, "%s: %s", what, mdb_strerror(rc));
}

void
sanctum__err_clear(void)
{
    last_msg[0] = '\0';
    last_code = SANCTUM_OK;
}

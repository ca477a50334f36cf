/* SPDX-License-Identifier: Apache-2.0 */
/* errors.h - result codes and per-thread error detail. */
#ifndef SANCTUM_ERRORS_H
#define SANCTUM_ERRORS_H

#include <sanctum/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Result codes. Every function that can fail returns `int`: SANCTUM_OK (0)
 * on success, one of these negative values on failure. Codes are ABI: they
 * are never renumbered, only appended. Treat an unknown negative value as
 * SANCTUM_ERROR.
 */
typedef enum sanctum_error {
    SANCTUM_OK        = 0,   /**< success */
    SANCTUM_ERROR     = -1,  /**< generic failure; see sanctum_last_error() */
    SANCTUM_ENOTFOUND = -2,  /**< no such store, entity or file */
    SANCTUM_EEXISTS   = -3,  /**< the store, user or entity already exists */
    SANCTUM_EAUTH     = -4,  /**< wrong passphrase */
    SANCTUM_ENOUSER   = -5,  /**< no user of that name in this store */
    SANCTUM_EREVOKED  = -6,  /**< the user has been revoked */
    SANCTUM_EPERM     = -7,  /**< the user's role or clearance does not allow it */
    SANCTUM_EINVAL    = -8,  /**< invalid input: schema, property, value, argument */
    SANCTUM_ECONFLICT = -9,  /**< stale revision: the record changed meanwhile */
    SANCTUM_ECORRUPT  = -10, /**< stored bytes fail authentication or decoding */
    SANCTUM_EVERSION  = -11, /**< store format is newer or unknown */
    SANCTUM_ENOMEM    = -12, /**< out of memory */
    SANCTUM_EIO       = -13, /**< file system or database error */
    SANCTUM_EPOLICY   = -14, /**< refused by policy (lifecycle, two-person rule) */
    SANCTUM_ETAMPER   = -15, /**< audit verification found tampering */
    SANCTUM_EBUSY     = -16  /**< another process has the store open, and the
                                  operation (upgrade, repack) needs it alone */
} sanctum_error;

/** Static description of `code`; never NULL. Thread-safe. */
SANCTUM_EXPORT const char *sanctum_strerror(int code);

/**
 * Detail of the last failure on the calling thread, or "" if none.
 * The text is one line, names the store path, user or entity id concerned,
 * and never contains a passphrase, a key or a plaintext field value.
 * An argument is quoted only when it has the form the call expected (an
 * entity id "PER-7K3M-Q9XD"; a schema or property name: an ASCII letter,
 * then letters, digits or '_', at most 64 bytes), so a typo shows; other
 * text, such as a name passed by mistake as an id, is described by its
 * length alone ("not an entity id (27 bytes, not in id form ...)"). It is
 * valid UTF-8 without control characters: anything else that reached it
 * is replaced by '?'.
 * The pointer stays valid until the next library call on this thread.
 */
SANCTUM_EXPORT const char *sanctum_last_error(void);

/** Code of the last failure on the calling thread, or SANCTUM_OK. */
SANCTUM_EXPORT int sanctum_last_error_code(void);

#ifdef __cplusplus
}
#endif
#endif

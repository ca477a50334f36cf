/* SPDX-License-Identifier: Apache-2.0 */
/* audit.h - the public trust file and the signed audit trail. */
#ifndef SANCTUM_AUDIT_H
#define SANCTUM_AUDIT_H

#include <stddef.h>
#include <sanctum/export.h>
#include <sanctum/store.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Export the store's trust file: store id, audit log origin and verifier
 * key, and every user's id, name, role, clearance, state and public keys.
 * It holds no secret and no case data; an auditor verifies the trail with
 * it alone. Format: docs/trust-file.md.
 *
 * @param[out] out  NUL-terminated text; free with sanctum_free().
 * @param[out] len  Its length without the NUL (may be NULL).
 * @return SANCTUM_OK; SANCTUM_EIO; SANCTUM_ENOMEM.
 */
SANCTUM_EXPORT int sanctum_trust_export(char **out, size_t *len, sanctum_store *store);

#ifdef __cplusplus
}
#endif
#endif

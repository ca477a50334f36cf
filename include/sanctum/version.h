/* SPDX-License-Identifier: Apache-2.0 */
/* version.h - compile-time and run-time library version. */
#ifndef SANCTUM_VERSION_H
#define SANCTUM_VERSION_H

#include <sanctum/export.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SANCTUM_VERSION_MAJOR 0
#define SANCTUM_VERSION_MINOR 1
#define SANCTUM_VERSION_PATCH 0
#define SANCTUM_VERSION_STRING "0.1.0"
/** MAJOR*1000000 + MINOR*1000 + PATCH. Before 1.0 the ABI may still change. */
#define SANCTUM_VERSION_NUMBER \
    (SANCTUM_VERSION_MAJOR * 1000000 + SANCTUM_VERSION_MINOR * 1000 + SANCTUM_VERSION_PATCH)

/** Run-time version number; compare with SANCTUM_VERSION_NUMBER. */
SANCTUM_EXPORT int sanctum_version_number(void);
/** Run-time version string, e.g. "0.1.0". Static; never NULL. */
SANCTUM_EXPORT const char *sanctum_version_string(void);

#ifdef __cplusplus
}
#endif
#endif

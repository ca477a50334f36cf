/* SPDX-License-Identifier: Apache-2.0 */
/* types.h - small enums shared by the whole API: levels and roles. */
#ifndef SANCTUM_TYPES_H
#define SANCTUM_TYPES_H

#include <sanctum/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Classification of a property value, and a user's clearance. A user
 * cleared for a level can decrypt values of that level and below.
 */
typedef enum sanctum_level {
    SANCTUM_LEVEL_NONE      = 0, /**< "use the schema default" when adding */
    SANCTUM_LEVEL_OFFICIAL  = 1,
    SANCTUM_LEVEL_SENSITIVE = 2,
    SANCTUM_LEVEL_SECRET    = 3
} sanctum_level;

/** What a user may do. */
typedef enum sanctum_role {
    SANCTUM_ROLE_ADMIN    = 1, /**< manages users; may also work on cases */
    SANCTUM_ROLE_ANALYST  = 2, /**< creates, reads and edits cases */
    SANCTUM_ROLE_APPROVER = 3, /**< reads cases and approves designations */
    SANCTUM_ROLE_AUDITOR  = 4  /**< holds no case keys; verifies the audit trail */
} sanctum_role;

/** "official", "sensitive", "secret"; "none" for 0; NULL if out of range. */
SANCTUM_EXPORT const char *sanctum_level_name(sanctum_level level);
/** Parse a level name (case-insensitive); 0 if unknown. */
SANCTUM_EXPORT sanctum_level sanctum_level_from_name(const char *name);
/** "admin", "analyst", "approver", "auditor"; NULL if out of range. */
SANCTUM_EXPORT const char *sanctum_role_name(sanctum_role role);
/** Parse a role name (case-insensitive); 0 if unknown. */
SANCTUM_EXPORT sanctum_role sanctum_role_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif

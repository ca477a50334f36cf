/* SPDX-License-Identifier: Apache-2.0 */
/* case.h - the case lifecycle and the two-person rule. */
#ifndef SANCTUM_CASE_H
#define SANCTUM_CASE_H

#include <sanctum/export.h>
#include <sanctum/entity.h>
#include <sanctum/session.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Lifecycle of a Case entity:
 *   lead -> investigating -> proposed -> designated -> varied* -> revoked,
 *   and closed from lead, investigating or proposed.
 * `designated` and `revoked` take effect only with approvals by two
 * different users holding the approver role, each given by
 * sanctum_case_approve() on the case as it stands (its current revision).
 * Values are part of the stored format: never renumbered.
 */
typedef enum sanctum_case_status {
    SANCTUM_CASE_NONE          = 0, /**< not a case */
    SANCTUM_CASE_LEAD          = 1, /**< a new case */
    SANCTUM_CASE_INVESTIGATING = 2,
    SANCTUM_CASE_PROPOSED      = 3,
    SANCTUM_CASE_DESIGNATED    = 4, /**< needs two approvals */
    SANCTUM_CASE_VARIED        = 5,
    SANCTUM_CASE_REVOKED       = 6, /**< needs two approvals */
    SANCTUM_CASE_CLOSED        = 7
} sanctum_case_status;

/** "lead", "investigating", ...; NULL if out of range. */
SANCTUM_EXPORT const char *sanctum_case_status_name(sanctum_case_status status);
/** Parse a status name; SANCTUM_CASE_NONE if unknown. */
SANCTUM_EXPORT sanctum_case_status sanctum_case_status_from_name(const char *name);
/** Lifecycle state of an entity read with sanctum_entity_get(); NONE if not a Case. */
SANCTUM_EXPORT sanctum_case_status sanctum_entity_case_status(const sanctum_entity *entity);

/**
 * Approve moving case `id` to `target` (designated or revoked). The session
 * user must hold the approver role; each approver approves once per case
 * revision and target. One signed audit entry.
 * @return SANCTUM_OK; SANCTUM_EPERM (not an approver); SANCTUM_EPOLICY
 *         (target needs no approval, is not reachable from the case's state,
 *         or this approver already approved); SANCTUM_ENOTFOUND; SANCTUM_EINVAL.
 */
SANCTUM_EXPORT int sanctum_case_approve(sanctum_session *session, const char *id,
                                        sanctum_case_status target, const char *purpose);

/**
 * Move case `id` to `target`. Admins and analysts may; `designated` and
 * `revoked` also need two approvals of the current revision by two different
 * approvers. A refusal is itself recorded in the audit trail.
 * @return SANCTUM_OK; SANCTUM_EPOLICY (transition not allowed, or approvals
 *         missing: the detail says which); SANCTUM_EPERM; SANCTUM_ENOTFOUND;
 *         SANCTUM_EINVAL (not a Case).
 */
SANCTUM_EXPORT int sanctum_case_set_status(sanctum_session *session, const char *id,
                                           sanctum_case_status target, const char *purpose);

#ifdef __cplusplus
}
#endif
#endif

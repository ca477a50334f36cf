/* SPDX-License-Identifier: Apache-2.0 */
/* lifecycle.h (internal) - case states, allowed transitions, approval payloads. */
#ifndef SANCTUM_LIB_LIFECYCLE_H
#define SANCTUM_LIB_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/case.h>

/* Is from -> to an allowed transition? */
int sanctum__case_transition_ok(int from, int to);
/* Does entering `to` need two approvals? */
int sanctum__case_needs_approval(int to);

/* Extra payload of a status entry: u8 from, u8 to, u8 n, n x u64 approval
 * entry indexes. Of an approval: u8 target. Of a refusal: u8 from, u8 to,
 * then the reason text. */
#define SANCTUM__APPROVALS_MAX 16

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* sanctum.h - the whole public API of libsanctum. */
#ifndef SANCTUM_H
#define SANCTUM_H

#include <sanctum/version.h>
#include <sanctum/errors.h>
#include <sanctum/types.h>
#include <sanctum/store.h>
#include <sanctum/session.h>
#include <sanctum/user.h>
#include <sanctum/entity.h>
#include <sanctum/memory.h>
#include <sanctum/audit.h>
#include <sanctum/case.h>
#include <sanctum/import.h>
#include <sanctum/screen.h>

#endif

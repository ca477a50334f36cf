/* SPDX-License-Identifier: Apache-2.0 */
/* misc.c - version, level and role names, memory helpers of the public API. */
#include <stdlib.h>
#include <strings.h>

#include <sodium.h>
#include <sanctum/memory.h>
#include <sanctum/types.h>
#include <sanctum/version.h>

static const char *const level_names[] = { "none", "official", "sensitive", "secret" };
static const char *const role_names[] = { NULL, "admin", "analyst", "approver", "auditor" };

int
sanctum_version_number(void)
{
    return SANCTUM_VERSION_NUMBER;
}

const char *
sanctum_version_string(void)
{
    return SANCTUM_VERSION_STRING;
}

const char *
sanctum_level_name(sanctum_level level)
{
    if ((int)level < 0 || level > SANCTUM_LEVEL_SECRET)
        return NULL;
    return level_names[level];
}

sanctum_level
sanctum_level_from_name(const char *name)
{
    for (int i = SANCTUM_LEVEL_OFFICIAL; name && i <= SANCTUM_LEVEL_SECRET; i++)
        if (strcasecmp(name, level_names[i]) == 0)
            return (sanctum_level)i;
    return SANCTUM_LEVEL_NONE;
}

const char *
sanctum_role_name(sanctum_role role)
{
    if (role < SANCTUM_ROLE_ADMIN || role > SANCTUM_ROLE_AUDITOR)
        return NULL;
    return role_names[role];
}

sanctum_role
sanctum_role_from_name(const char *name)
{
    for (int i = SANCTUM_ROLE_ADMIN; name && i <= SANCTUM_ROLE_AUDITOR; i++)
        if (strcasecmp(name, role_names[i]) == 0)
            return (sanctum_role)i;
    return (sanctum_role)0;
}

void
sanctum_free(void *p)
{
    free(p);
}

void *
sanctum_secure_alloc(size_t len)
{
    if (sodium_init() < 0)
        return NULL;
    return sodium_malloc(len);
}

void
sanctum_secure_free(void *p)
{
    if (p != NULL)
        sodium_free(p);
}

void
sanctum_wipe(void *p, size_t len)
{
    if (p != NULL)
        sodium_memzero(p, len);
}

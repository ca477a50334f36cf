/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-admin: create a store, manage its users, export its trust file. */
#include "admin_verbs.h"

static const tool_verb verbs[] = {
    { "init",         cmd_init,         "Create a new store with its first admin user" },
    { "user add",     cmd_user_add,     "Add a user with a role and a clearance" },
    { "user list",    cmd_user_list,    "List the users of the store" },
    { "user revoke",  cmd_user_revoke,  "Revoke a user: they can no longer unlock the store" },
    { "passwd",       cmd_passwd,       "Change your own passphrase" },
    { "trust-export", cmd_trust_export, "Write the public trust file auditors verify with" },
    { "reindex",      cmd_reindex,      "Rebuild the blind indexes from the records" },
    { "upgrade",      cmd_upgrade,      "Bring a store of an older format to the current one" },
    { "repack",       cmd_repack,       "Rewrite the blind index postings packed" },
    { NULL, NULL, NULL }
};

static const tool_info admin_tool = {
    "sanctum-admin",
    "Create a sanctum store, manage its users and export its public trust file.",
    verbs,
    NULL,
    0
};

int
main(int argc, char **argv)
{
    return tool_main(&admin_tool, argc, argv);
}

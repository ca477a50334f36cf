/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-case: add, show, edit, delete, list case records; case lifecycle. */
#include "case_verbs.h"

static const tool_verb verbs[] = {
    { "add",    cmd_add,    "Add an entity from --prop options or FtM JSON on stdin" },
    { "show",   cmd_show,   "Show an entity (values above your clearance are withheld)" },
    { "edit",   cmd_edit,   "Add, remove or replace values of an entity" },
    { "delete", cmd_delete, "Delete an entity" },
    { "list",   cmd_list,   "List entity ids, schemas and captions" },
    { "status", cmd_status, "Move a case through its lifecycle (lead ... designated)" },
    { "approve", cmd_approve, "Approve a designation or revocation (approvers)" },
    { NULL, NULL, NULL }
};

static const tool_info case_tool = {
    "sanctum-case",
    "Work on the case records of a sanctum store.",
    verbs,
    NULL,
    0
};

int
main(int argc, char **argv)
{
    return tool_main(&case_tool, argc, argv);
}

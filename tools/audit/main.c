/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-audit: verify a store's audit trail and serve its proofs, with public keys only. */
#include "audit_tool.h"

static const tool_verb verbs[] = {
    { "verify",      cmd_verify,      "Verify the whole trail, its checkpoints and the live records" },
    { "checkpoint",  cmd_checkpoint,  "Print the latest signed checkpoint (C2SP signed note)" },
    { "vkey",        cmd_vkey,        "Print the log's verifier key (C2SP name+hash+base64)" },
    { "entry",       cmd_entry,       "Print one entry decoded, or its exact leaf bytes" },
    { "prove",       cmd_prove,       "Print the inclusion proof of an entry (RFC 6962)" },
    { "consistency", cmd_consistency, "Print the consistency proof between two tree sizes" },
    { "log",         cmd_log,         "List entries, optionally filtered" },
    { NULL, NULL, NULL }
};

static const tool_info audit_tool = {
    "sanctum-audit",
    "Verify a store's signed audit trail offline with public keys only (no passphrase).",
    verbs,
    NULL,
    0
};

int
main(int argc, char **argv)
{
    return tool_main(&audit_tool, argc, argv);
}

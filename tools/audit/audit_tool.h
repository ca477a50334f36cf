/* SPDX-License-Identifier: Apache-2.0 */
/* audit_tool.h - the verbs of sanctum-audit and the helpers they share. */
#ifndef SANCTUM_AUDIT_TOOL_H
#define SANCTUM_AUDIT_TOOL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sanctum/sanctum.h>

#include "args.h"
#include "tool.h"

int cmd_verify(tool_ctx *ctx, int argc, char **argv);
int cmd_checkpoint(tool_ctx *ctx, int argc, char **argv);
int cmd_vkey(tool_ctx *ctx, int argc, char **argv);
int cmd_entry(tool_ctx *ctx, int argc, char **argv);
int cmd_prove(tool_ctx *ctx, int argc, char **argv);
int cmd_consistency(tool_ctx *ctx, int argc, char **argv);
int cmd_log(tool_ctx *ctx, int argc, char **argv);

/* Exit-status lines every verb's --help ends its own text with (the
 * common help stops at 8; sanctum-audit adds 9). */
#define AUDIT_HELP_EXIT \
    "Exit status 9 means verification found tampering (sanctum-audit(1)).\n"

/* Room for "2024-05-01T12:00:00.123Z". */
#define AUDIT_TIME_BUF 40

/* Format UTC milliseconds as ISO 8601 with milliseconds into buf; returns buf. */
const char *audit_time_ms(int64_t ms, char buf[AUDIT_TIME_BUF]);

/* Lowercase hex of in[0..n) into out[2n+1]. */
void audit_hex(char *out, const unsigned char *in, size_t n);

/* Standard padded base64 (RFC 4648 section 4) of a 32-byte hash into out[45]. */
void audit_b64(char out[45], const unsigned char hash[32]);

/*
 * Parse a decimal entry index or tree size given as `what` ("entry index",
 * "--size"). Returns 0, or TOOL_EXIT_USAGE after a usage error.
 */
int audit_parse_u64(tool_ctx *ctx, const char *text, const char *what, uint64_t *out);

/*
 * Read the whole file `path` (described as `what` in messages: "trust
 * file") into a malloc'd NUL-terminated buffer; the caller frees it.
 * Returns 0, or an exit code after a diagnostic (TOOL_EXIT_NOTFOUND when
 * it does not exist, TOOL_EXIT_DATA when it is empty or holds a NUL).
 */
int audit_read_file(char **out, size_t *len, const char *path, const char *what);

/*
 * The current number of entries of the open store, or an exit code after a
 * diagnostic naming `path`.
 */
int audit_size(uint64_t *out, sanctum_store *store, const char *path);

/*
 * Check a tree size given on the command line against the trail: 0 is
 * refused (TOOL_EXIT_DATA), a size above `current` gives TOOL_EXIT_NOTFOUND.
 * Returns 0 or the exit code after a diagnostic.
 */
int audit_check_size(uint64_t size, uint64_t current, const char *what);

/* The JSON object of a decoded entry (index, time, actor, action, purpose,
 * entities, detail, leaf hash); NULL when out of memory. */
json_t *audit_entry_json(const sanctum_audit_entry *e);

/* Print a proof: base64 hashes, one per line, in the order given. */
void audit_print_path(const unsigned char path[][32], size_t len);

/* A proof as a JSON array of base64 strings; NULL when out of memory. */
json_t *audit_path_json(const unsigned char path[][32], size_t len);

/* A hash as a JSON base64 string; NULL when out of memory. */
json_t *audit_hash_json(const unsigned char hash[32]);

/* The options of the two proof verbs (prove, consistency): --size N and
 * --json, parsed by audit_proof_opt() into a struct audit_proof_args. */
struct audit_proof_args {
    const char *size; /* --size N, unparsed */
    int json;
};
extern const tool_opt audit_proof_opts[];
int audit_proof_opt(tool_ctx *ctx, void *state, int key, const char *value);

/* Print text with control characters shown as '?'. */
void audit_print_clean(FILE *f, const char *text);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* passphrase.h - reading passphrases from a file, a descriptor or the terminal. */
#ifndef SANCTUM_TOOL_PASSPHRASE_H
#define SANCTUM_TOOL_PASSPHRASE_H

#include <stddef.h>

/* Longest passphrase accepted, in bytes. */
#define TOOL_PASS_MAX 1024

/*
 * Where a passphrase comes from: a file, a file descriptor, or (neither
 * set) a no-echo prompt on /dev/tty. Passphrases never come from argv or
 * the environment.
 */
typedef struct tool_pass_src {
    const char *file;     /* --passphrase-file FILE, or NULL */
    int         fd;       /* --passphrase-fd N, or -1 */
    const char *file_opt; /* option names, for messages ("passphrase-file") */
    const char *fd_opt;
} tool_pass_src;

#define TOOL_PASS_SRC_INIT { NULL, -1, "passphrase-file", "passphrase-fd" }

/* A passphrase in sanctum_secure_alloc() memory, NUL-terminated after
 * `len` bytes. Release with tool_secret_free(), which wipes it. */
typedef struct tool_secret {
    unsigned char *buf;
    size_t         len;
} tool_secret;

#define TOOL_SECRET_INIT { NULL, 0 }

/* Does the source name a file or descriptor (so no prompt is needed)? */
int tool_pass_src_given(const tool_pass_src *src);

/*
 * Read one passphrase into `out` (which the caller frees with
 * tool_secret_free(), also on failure).
 *
 * - file: the whole file less one trailing newline; refused if the file
 *   is group- or world-accessible (mode & 077), unreadable or missing;
 * - fd: one line (up to a newline or end of input); the descriptor is
 *   left open so a second passphrase can follow on the next line;
 * - otherwise: `prompt` on /dev/tty with echo off; with `confirm` set the
 *   terminal asks twice and both entries must match (files and
 *   descriptors are read once).
 *
 * An empty passphrase is refused. Returns 0, or an exit code after
 * printing a diagnostic that names the source but never the passphrase.
 */
int tool_pass_read(tool_secret *out, const tool_pass_src *src, const char *prompt,
                   int confirm);

/* Wipe and free; safe on an empty secret. */
void tool_secret_free(tool_secret *secret);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/* checkpoint.c - the log's signed tree heads as C2SP tlog-checkpoint notes. */
#include "checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "merkle.h"

int
sanctum__checkpoint_format(char *out, size_t cap, const sanctum__checkpoint *cp)
{
    char root[45];
    size_t olen = strnlen(cp->origin, sizeof cp->origin);
    int n;

    if (olen >= sizeof cp->origin || !sanctum__note_name_valid(cp->origin) ||
        !sanctum__note_text_valid(cp->origin, olen))
        return sanctum__err(SANCTUM_EINVAL, "checkpoint: invalid origin");
    sanctum__merkle_hash_format(root, cp->root);
    n = snprintf(out, cap, "%s\n%llu\n%s\n", cp->origin, (unsigned long long)cp->size, root);
    if (n < 0 || (size_t)n >= cap)
        return sanctum__err(SANCTUM_EINVAL, "checkpoint: output buffer too small");
    return 0;
}

/* Parses a tree size: ASCII decimal, no sign, no leading zeros, fits uint64. */
static int
parse_size(uint64_t *out, const char *s, size_t len)
{
    char back[24];
    uint64_t v = 0;
    size_t i;

    if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
        return -1;
    for (i = 0; i < len; i++) {
        unsigned d;

        if (s[i] < '0' || s[i] > '9')
            return -1;
        d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    /* As Go sumdb ParseTree does: the number must re-format to the input. */
    if (snprintf(back, sizeof back, "%llu", (unsigned long long)v) != (int)len ||
        memcmp(back, s, len) != 0)
        return -1;
    *out = v;
    return 0;
}

int
sanctum__checkpoint_parse(sanctum__checkpoint *out, const char *text, size_t len)
{
    const char *line[3], *p, *end = text + len;
    size_t llen[3];
    int i, error = 0;

    memset(out, 0, sizeof *out);
    if (len == 0 || text[len - 1] != '\n' || !sanctum__note_text_valid(text, len)) {
        error = sanctum__err(SANCTUM_EINVAL, "checkpoint: not note text ending in a newline");
        goto done;
    }
    p = text;
    for (i = 0; i < 3; i++) {
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;

        if (nl == NULL) {
            error = sanctum__err(SANCTUM_EINVAL, "checkpoint: fewer than three lines");
            goto done;
        }
        line[i] = p;
        llen[i] = (size_t)(nl - p);
        p = nl + 1;
    }
    if (llen[0] == 0 || llen[0] >= sizeof out->origin) {
        error = sanctum__err(SANCTUM_EINVAL, "checkpoint: origin empty or longer than 255 bytes");
        goto done;
    }
    if (parse_size(&out->size, line[1], llen[1]) < 0) {
        error = sanctum__err(SANCTUM_EINVAL, "checkpoint: tree size is not a canonical decimal uint64");
        goto done;
    }
    if (sanctum__merkle_hash_parse(out->root, line[2], llen[2]) < 0) {
        error = sanctum__err(SANCTUM_EINVAL, "checkpoint: root hash is not base64 of 32 bytes");
        goto done;
    }
    /* Extension lines: opaque, but each must be non-empty. */
    for (; p < end; p++) {
        if (*p == '\n' && (p == text || p[-1] == '\n')) {
            error = sanctum__err(SANCTUM_EINVAL, "checkpoint: empty extension line");
            goto done;
        }
    }
    memcpy(out->origin, line[0], llen[0]);
    out->origin[llen[0]] = '\0';
done:
    if (error < 0)
        memset(out, 0, sizeof *out);
    return error;
}

int
sanctum__checkpoint_sign(char **note_out, const sanctum__checkpoint *cp,
                         const char *key_name, const unsigned char sk[64])
{
    char text[SANCTUM__CHECKPOINT_TEXT_MAX];
    int error;

    *note_out = NULL;
    if ((error = sanctum__checkpoint_format(text, sizeof text, cp)) < 0)
        return error;
    return sanctum__note_sign(note_out, text, strlen(text), key_name, sk);
}

int
sanctum__checkpoint_open(sanctum__checkpoint *out, const char *note, size_t len,
                         const sanctum__note_verifier *log_key, const char *expected_origin)
{
    sanctum__note_open_result res;
    int error;

    memset(out, 0, sizeof *out);
    if (log_key->type != SANCTUM__NOTE_ED25519) {
        error = sanctum__err(SANCTUM_EINVAL, "checkpoint: log key is not an Ed25519 note key");
        goto done;
    }
    if ((error = sanctum__note_open(&res, note, len, log_key, 1)) < 0)
        goto done;
    if ((error = sanctum__checkpoint_parse(out, note, res.text_len)) < 0)
        goto done;
    if (expected_origin != NULL && strcmp(out->origin, expected_origin) != 0) {
        error = sanctum__err(SANCTUM_ETAMPER, "checkpoint: origin is not the expected log");
        memset(out, 0, sizeof *out);
        goto done;
    }
done:
    return error;
}

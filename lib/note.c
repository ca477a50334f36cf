/* SPDX-License-Identifier: Apache-2.0 */
/* note.c - C2SP signed notes (Go note.Open rules) and tlog cosignature lines. */
#include "note.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "errors.h"

/* "— " (U+2014 EM DASH, space) starts every signature line. */
static const char sig_prefix[] = "\xe2\x80\x94 ";
#define SIG_PREFIX_LEN 4

#define ED25519_SIG 64
#define COSIG_TIME_MAX UINT64_C(0x7fffffffffffffff)

/*
 * Decodes one UTF-8 sequence at s[0..len) (len > 0), rejecting overlong
 * forms, surrogates and values above U+10FFFF as Go's utf8 package does.
 * Returns its length and sets *rune, or returns 0 if invalid.
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *rune)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n, i;
    uint32_t r;

    if (c < 0x80) {
        *rune = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        r = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        r = c & 0x0f;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        r = c & 0x07;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        r = (r << 6) | (s[i] & 0x3f);
    }
    *rune = r;
    return n;
}

/* Go unicode.IsSpace. */
static int
is_space(uint32_t r)
{
    return (r >= 0x09 && r <= 0x0d) || r == 0x20 || r == 0x85 || r == 0xa0 ||
           r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x2028 ||
           r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000;
}

static int
name_valid_n(const char *name, size_t len)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t i = 0, n;
    uint32_t r;

    if (len == 0)
        return 0;
    while (i < len) {
        if ((n = utf8_decode(s + i, len - i, &r)) == 0)
            return 0;
        if (is_space(r) || r == '+')
            return 0;
        i += n;
    }
    return 1;
}

int
sanctum__note_name_valid(const char *name)
{
    return name != NULL && name_valid_n(name, strlen(name));
}

int
sanctum__note_text_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, n;
    uint32_t r;

    while (i < len) {
        if ((n = utf8_decode(s + i, len - i, &r)) == 0)
            return 0;
        if (r < 0x20 && r != '\n')
            return 0;
        i += n;
    }
    return 1;
}

/* Key ID over the name and the full key bytes (type byte first). */
static uint32_t
key_id_raw(const char *name, size_t name_len, const unsigned char *key, size_t key_len)
{
    crypto_hash_sha256_state st;
    unsigned char h[32];
    static const unsigned char nl = '\n';
    uint32_t id;

    (void)crypto_hash_sha256_init(&st);
    (void)crypto_hash_sha256_update(&st, (const unsigned char *)name, name_len);
    (void)crypto_hash_sha256_update(&st, &nl, 1);
    (void)crypto_hash_sha256_update(&st, key, key_len);
    (void)crypto_hash_sha256_final(&st, h);
    id = ((uint32_t)h[0] << 24) | ((uint32_t)h[1] << 16) | ((uint32_t)h[2] << 8) | h[3];
    return id;
}

uint32_t
sanctum__note_key_id(const char *name, uint8_t type, const unsigned char pk[32])
{
    unsigned char key[33];

    key[0] = type;
    memcpy(key + 1, pk, 32);
    return key_id_raw(name, strlen(name), key, sizeof key);
}

static int
known_type(uint8_t type)
{
    return type == SANCTUM__NOTE_ED25519 || type == SANCTUM__NOTE_COSIG_V1;
}

int
sanctum__note_vkey_format(char *out, size_t cap, const char *name, uint8_t type,
                          const unsigned char pk[32])
{
    unsigned char key[33];
    char b64[sodium_base64_ENCODED_LEN(33, sodium_base64_VARIANT_ORIGINAL)];
    int n;

    if (!sanctum__note_name_valid(name) || strlen(name) > 255)
        return sanctum__err(SANCTUM_EINVAL, "vkey: invalid key name");
    if (!known_type(type))
        return sanctum__err(SANCTUM_EINVAL, "vkey: unsupported key type 0x%02x", type);
    key[0] = type;
    memcpy(key + 1, pk, 32);
    sodium_bin2base64(b64, sizeof b64, key, sizeof key, sodium_base64_VARIANT_ORIGINAL);
    n = snprintf(out, cap, "%s+%08lx+%s", name,
                 (unsigned long)sanctum__note_key_id(name, type, pk), b64);
    if (n < 0 || (size_t)n >= cap)
        return sanctum__err(SANCTUM_EINVAL, "vkey: output buffer too small");
    return 0;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
sanctum__note_vkey_parse(sanctum__note_verifier *out, const char *vkey)
{
    const char *p1, *hex, *p2, *b64;
    size_t name_len, hex_len, b64_len, key_len = 0, i;
    unsigned char key[64];
    uint32_t id = 0;
    int error = 0;

    memset(out, 0, sizeof *out);
    /* Split as Go does: name up to the first '+', hex up to the next '+',
     * the rest (which may itself hold '+') is the base64 key. */
    p1 = strchr(vkey, '+');
    if (p1 == NULL) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: malformed (no key ID)");
        goto done;
    }
    name_len = (size_t)(p1 - vkey);
    hex = p1 + 1;
    p2 = strchr(hex, '+');
    hex_len = p2 ? (size_t)(p2 - hex) : strlen(hex);
    b64 = p2 ? p2 + 1 : hex + hex_len;
    b64_len = strlen(b64);
    if (hex_len != 8) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: malformed key ID");
        goto done;
    }
    for (i = 0; i < 8; i++) {
        int d = hex_digit(hex[i]);

        if (d < 0) {
            error = sanctum__err(SANCTUM_EINVAL, "vkey: malformed key ID");
            goto done;
        }
        id = (id << 4) | (uint32_t)d;
    }
    if (sodium_base642bin(key, sizeof key, b64, b64_len, NULL, &key_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: key is not valid base64");
        goto done;
    }
    if (!name_valid_n(vkey, name_len) || key_len == 0) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: invalid key name or empty key");
        goto done;
    }
    if (key_id_raw(vkey, name_len, key, key_len) != id) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: key ID does not match the key");
        goto done;
    }
    if (!known_type(key[0])) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: unknown key type 0x%02x", key[0]);
        goto done;
    }
    if (key_len != 33) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: Ed25519 key is not 32 bytes");
        goto done;
    }
    if (name_len > sizeof out->name - 1) {
        error = sanctum__err(SANCTUM_EINVAL, "vkey: key name longer than 255 bytes");
        goto done;
    }
    memcpy(out->name, vkey, name_len);
    out->name[name_len] = '\0';
    out->id = id;
    out->type = key[0];
    memcpy(out->pk, key + 1, 32);
done:
    if (error < 0)
        memset(out, 0, sizeof *out);
    return error;
}

/* Checks a key name we are about to write into a note ourselves: a valid
 * key name that also passes the note text rule (no control characters). */
static int
signer_name_ok(const char *name)
{
    return sanctum__note_name_valid(name) && sanctum__note_text_valid(name, strlen(name));
}

/*
 * Returns a malloc'd "— name base64(sig)\n" line (NUL-terminated) in *out.
 */
static int
make_sig_line(char **out, const char *name, const unsigned char *sig, size_t sig_len)
{
    size_t name_len = strlen(name);
    size_t b64_cap = sodium_base64_ENCODED_LEN(sig_len, sodium_base64_VARIANT_ORIGINAL);
    size_t b64_len, total;
    char *line;

    *out = NULL;
    total = SIG_PREFIX_LEN + name_len + 1 + b64_cap + 1;
    if ((line = malloc(total)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "signature line: out of memory");
    memcpy(line, sig_prefix, SIG_PREFIX_LEN);
    memcpy(line + SIG_PREFIX_LEN, name, name_len);
    line[SIG_PREFIX_LEN + name_len] = ' ';
    sodium_bin2base64(line + SIG_PREFIX_LEN + name_len + 1, b64_cap, sig, sig_len,
                      sodium_base64_VARIANT_ORIGINAL);
    b64_len = strlen(line + SIG_PREFIX_LEN + name_len + 1);
    line[SIG_PREFIX_LEN + name_len + 1 + b64_len] = '\n';
    line[SIG_PREFIX_LEN + name_len + 1 + b64_len + 1] = '\0';
    *out = line;
    return 0;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void
put_be64(unsigned char *p, uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint64_t
get_be64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

int
sanctum__note_sign(char **out, const char *text, size_t text_len, const char *name,
                   const unsigned char sk[64])
{
    unsigned char sig[4 + ED25519_SIG];
    char *line = NULL, *note = NULL;
    size_t line_len;
    int error = 0;

    *out = NULL;
    if (text_len == 0 || text[text_len - 1] != '\n' || !sanctum__note_text_valid(text, text_len)) {
        error = sanctum__err(SANCTUM_EINVAL, "note: text is not valid note text");
        goto done;
    }
    if (!signer_name_ok(name)) {
        error = sanctum__err(SANCTUM_EINVAL, "note: invalid signer key name");
        goto done;
    }
    put_be32(sig, sanctum__note_key_id(name, SANCTUM__NOTE_ED25519, sk + 32));
    if (crypto_sign_detached(sig + 4, NULL, (const unsigned char *)text, text_len, sk) != 0) {
        error = sanctum__err(SANCTUM_ERROR, "note: Ed25519 signing failed");
        goto done;
    }
    if ((error = make_sig_line(&line, name, sig, sizeof sig)) < 0)
        goto done;
    line_len = strlen(line);
    if ((note = malloc(text_len + 1 + line_len + 1)) == NULL) {
        error = sanctum__err(SANCTUM_ENOMEM, "note: out of memory");
        goto done;
    }
    memcpy(note, text, text_len);
    note[text_len] = '\n';
    memcpy(note + text_len + 1, line, line_len + 1);
    *out = note;
done:
    free(line);
    return error;
}

int
sanctum__note_cosig_message(unsigned char **out, size_t *out_len, const char *text,
                            size_t len, uint64_t timestamp)
{
    char head[64];
    unsigned char *msg;
    int n;

    *out = NULL;
    *out_len = 0;
    if (timestamp > COSIG_TIME_MAX)
        return sanctum__err(SANCTUM_EINVAL, "cosignature: timestamp above 2^63-1");
    n = snprintf(head, sizeof head, "cosignature/v1\ntime %llu\n",
                 (unsigned long long)timestamp);
    if (n < 0 || (size_t)n >= sizeof head)
        return sanctum__err(SANCTUM_ERROR, "cosignature: header formatting failed");
    if ((msg = malloc((size_t)n + len + 1)) == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "cosignature: out of memory");
    memcpy(msg, head, (size_t)n);
    if (len > 0)
        memcpy(msg + n, text, len);
    *out = msg;
    *out_len = (size_t)n + len;
    return 0;
}

int
sanctum__note_cosign_line(char **out, const char *checkpoint_text, size_t len,
                          const char *name, const unsigned char sk[64], uint64_t timestamp)
{
    sanctum__checkpoint cp;
    unsigned char sig[4 + 8 + ED25519_SIG];
    unsigned char *msg = NULL;
    size_t msg_len = 0;
    int error = 0;

    *out = NULL;
    if ((error = sanctum__checkpoint_parse(&cp, checkpoint_text, len)) < 0)
        goto done;
    if (!signer_name_ok(name)) {
        error = sanctum__err(SANCTUM_EINVAL, "cosignature: invalid witness key name");
        goto done;
    }
    if ((error = sanctum__note_cosig_message(&msg, &msg_len, checkpoint_text, len,
                                             timestamp)) < 0)
        goto done;
    put_be32(sig, sanctum__note_key_id(name, SANCTUM__NOTE_COSIG_V1, sk + 32));
    put_be64(sig + 4, timestamp);
    if (crypto_sign_detached(sig + 12, NULL, msg, msg_len, sk) != 0) {
        error = sanctum__err(SANCTUM_ERROR, "cosignature: Ed25519 signing failed");
        goto done;
    }
    error = make_sig_line(out, name, sig, sizeof sig);
done:
    free(msg);
    return error;
}

/* Last occurrence of "\n\n" in s[0..len), or -1 (as a size_t: SIZE_MAX). */
static size_t
last_blank_line(const char *s, size_t len)
{
    size_t i;

    if (len < 2)
        return SIZE_MAX;
    for (i = len - 1; i > 0; i--) {
        if (s[i] == '\n' && s[i - 1] == '\n')
            return i - 1;
    }
    return SIZE_MAX;
}

/*
 * Verifies one signature `sig` (the bytes after the key ID) by trusted key
 * `v` over `text`. Returns 1 if valid, 0 if not, or a negative code.
 * *ts receives the cosignature timestamp (0 for plain Ed25519).
 */
static int
verify_one(const sanctum__note_verifier *v, const char *text, size_t text_len,
           const unsigned char *sig, size_t sig_len, uint64_t *ts)
{
    unsigned char *msg = NULL;
    size_t msg_len = 0;
    int ok = 0, error;

    *ts = 0;
    if (v->type == SANCTUM__NOTE_ED25519) {
        ok = sig_len == ED25519_SIG &&
             crypto_sign_verify_detached(sig, (const unsigned char *)text, text_len, v->pk) == 0;
        goto done;
    }
    /* Cosignature: timestamp(8) || Ed25519 signature(64). */
    if (sig_len != 8 + ED25519_SIG || get_be64(sig) > COSIG_TIME_MAX)
        goto done;
    if ((error = sanctum__note_cosig_message(&msg, &msg_len, text, text_len,
                                             get_be64(sig))) < 0) {
        ok = error;
        goto done;
    }
    ok = crypto_sign_verify_detached(sig + 8, msg, msg_len, v->pk) == 0;
    if (ok)
        *ts = get_be64(sig);
done:
    free(msg);
    return ok;
}

/* Does trusted entry v have this name (name[0..name_len)) and ID? */
static int
verifier_matches(const sanctum__note_verifier *v, const char *name, size_t name_len,
                 uint32_t id)
{
    size_t vlen = strnlen(v->name, sizeof v->name);

    return v->id == id && vlen == name_len && memcmp(v->name, name, name_len) == 0;
}

int
sanctum__note_open(sanctum__note_open_result *res, const char *msg, size_t len,
                   const sanctum__note_verifier *trusted, size_t ntrusted)
{
    /* Unknown-key lines already counted (offset, length) and trusted
     * entries already checked: each at most SANCTUM__NOTE_MAX_SIGS. */
    size_t unk_off[SANCTUM__NOTE_MAX_SIGS], unk_len[SANCTUM__NOTE_MAX_SIGS];
    size_t seen[SANCTUM__NOTE_MAX_SIGS];
    size_t n_unk = 0, n_seen = 0, num_sig = 0;
    size_t split, text_len, pos, dec_cap;
    unsigned char *dec = NULL;
    int error = 0;

    memset(res, 0, sizeof *res);
    if (!sanctum__note_text_valid(msg, len)) {
        error = sanctum__err(SANCTUM_EINVAL, "note: malformed (not UTF-8 or has control characters)");
        goto done;
    }
    if ((split = last_blank_line(msg, len)) == SIZE_MAX) {
        error = sanctum__err(SANCTUM_EINVAL, "note: malformed (no signature block)");
        goto done;
    }
    text_len = split + 1;
    pos = split + 2;
    if (pos >= len || msg[len - 1] != '\n') {
        error = sanctum__err(SANCTUM_EINVAL, "note: malformed (signature block empty or unterminated)");
        goto done;
    }
    dec_cap = (len - pos) / 4 * 3 + 3;
    if ((dec = malloc(dec_cap)) == NULL) {
        error = sanctum__err(SANCTUM_ENOMEM, "note: out of memory");
        goto done;
    }
    while (pos < len) {
        const char *line = msg + pos, *nl, *sp, *name, *b64;
        size_t line_len, name_len, b64_len, dec_len = 0, i, match = 0, nmatch = 0;
        uint32_t id;
        uint64_t ts;
        int dup = 0, ok;

        nl = memchr(line, '\n', len - pos);   /* found: the block ends in '\n' */
        line_len = (size_t)(nl - line);
        pos += line_len + 1;
        if (line_len < SIG_PREFIX_LEN || memcmp(line, sig_prefix, SIG_PREFIX_LEN) != 0) {
            error = sanctum__err(SANCTUM_EINVAL, "note: malformed signature line");
            goto done;
        }
        name = line + SIG_PREFIX_LEN;
        sp = memchr(name, ' ', line_len - SIG_PREFIX_LEN);
        name_len = sp ? (size_t)(sp - name) : line_len - SIG_PREFIX_LEN;
        b64 = sp ? sp + 1 : name + name_len;
        b64_len = (size_t)(nl - b64);
        if (b64_len == 0 || !name_valid_n(name, name_len) ||
            sodium_base642bin(dec, dec_cap, b64, b64_len, NULL, &dec_len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            dec_len < 5) {
            error = sanctum__err(SANCTUM_EINVAL, "note: malformed signature line");
            goto done;
        }
        id = ((uint32_t)dec[0] << 24) | ((uint32_t)dec[1] << 16) |
             ((uint32_t)dec[2] << 8) | dec[3];
        if (++num_sig > SANCTUM__NOTE_MAX_SIGS) {
            error = sanctum__err(SANCTUM_EINVAL, "note: more than %d signature lines",
                                 SANCTUM__NOTE_MAX_SIGS);
            goto done;
        }
        for (i = 0; i < ntrusted; i++) {
            if (verifier_matches(&trusted[i], name, name_len, id)) {
                match = i;
                nmatch++;
            }
        }
        if (nmatch == 0) {
            /* Unknown key: count it once per distinct line, then ignore. */
            const char *body = line + SIG_PREFIX_LEN;
            size_t body_len = line_len - SIG_PREFIX_LEN;

            for (i = 0; i < n_unk; i++) {
                if (unk_len[i] == body_len && memcmp(msg + unk_off[i], body, body_len) == 0)
                    dup = 1;
            }
            if (!dup) {
                unk_off[n_unk] = (size_t)(body - msg);
                unk_len[n_unk] = body_len;
                n_unk++;
            }
            continue;
        }
        if (nmatch > 1) {
            error = sanctum__err(SANCTUM_EINVAL, "note: ambiguous key %.*s+%08lx",
                                 (int)name_len, name, (unsigned long)id);
            goto done;
        }
        if (!known_type(trusted[match].type) ||
            strnlen(trusted[match].name, sizeof trusted[match].name) >= sizeof trusted[match].name ||
            !sanctum__note_name_valid(trusted[match].name) ||
            sanctum__note_key_id(trusted[match].name, trusted[match].type,
                                 trusted[match].pk) != id) {
            error = sanctum__err(SANCTUM_EINVAL, "note: trusted key %.*s+%08lx is inconsistent",
                                 (int)name_len, name, (unsigned long)id);
            goto done;
        }
        for (i = 0; i < n_seen; i++) {
            if (seen[i] == match)
                dup = 1;
        }
        if (dup)
            continue;    /* repeated signature by one key: skipped, as in Go */
        seen[n_seen++] = match;
        if ((ok = verify_one(&trusted[match], msg, text_len, dec + 4, dec_len - 4, &ts)) < 0) {
            error = ok;
            goto done;
        }
        if (!ok) {
            error = sanctum__err(SANCTUM_ETAMPER, "invalid signature for key %.*s+%08lx",
                                 (int)name_len, name, (unsigned long)id);
            goto done;
        }
        if (res->n_verified < SANCTUM__NOTE_MAX_VERIFIED) {
            res->verified[res->n_verified] = match;
            res->timestamp[res->n_verified] = ts;
            res->n_verified++;
        }
    }
    if (res->n_verified == 0) {
        error = sanctum__err(SANCTUM_EAUTH, "note: no trusted key signed it");
        goto done;
    }
    res->text_len = text_len;
    res->n_unverified = n_unk;
done:
    free(dec);
    if (error < 0)
        memset(res, 0, sizeof *res);
    return error;
}

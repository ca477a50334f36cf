/* SPDX-License-Identifier: Apache-2.0 */
/* note_test.c - AUDIT-FORMATS §10.7, §10.9 and §10.11 vectors for lib/note.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "af_util.h"
#include "af_vectors.h"
#include "note.h"
#include "testutil.h"

static void
parse_vkey(sanctum__note_verifier *v, const char *vkey)
{
    assert_int_equal(sanctum__note_vkey_parse(v, vkey), 0);
}

static int
open_note(sanctum__note_open_result *res, const char *msg, const sanctum__note_verifier *t,
          size_t n)
{
    return sanctum__note_open(res, msg, strlen(msg), t, n);
}

/* Keypair from a 32-byte seed given in hex, or made of bytes first..first+31. */
static void
seed_keypair(unsigned char pk[32], unsigned char sk[64], const char *seed_hex, int first)
{
    unsigned char seed[32];
    int i;

    if (seed_hex != NULL) {
        af_hex(seed, 32, seed_hex);
    } else {
        for (i = 0; i < 32; i++)
            seed[i] = (unsigned char)(first + i);
    }
    assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
    sodium_memzero(seed, sizeof seed);
}

/* Decodes the base64 of the signature line that starts at `line`. */
static size_t
line_sig(unsigned char *out, size_t cap, const char *line)
{
    const char *b64 = strchr(line + 4, ' ') + 1;
    const char *nl = strchr(b64, '\n');
    char buf[512];

    assert_true((size_t)(nl - b64) < sizeof buf);
    memcpy(buf, b64, (size_t)(nl - b64));
    buf[nl - b64] = '\0';
    return af_b64(out, cap, buf);
}

/* Concatenates up to four strings into a malloc'd buffer. */
static char *
cat(const char *a, const char *b, const char *c, const char *d)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d);
    char *s = malloc(n + 1);

    assert_non_null(s);
    snprintf(s, n + 1, "%s%s%s%s", a, b, c, d);
    return s;
}

/* ------------------------------------------------------------ §10.7 */

static void
test_note__c2sp_example(void **state)
{
    sanctum__note_verifier v;
    sanctum__note_open_result res;
    unsigned char pk[32], sig[128], raw[64];
    char vkey[128];

    (void)state;
    parse_vkey(&v, C2SP_VKEY);
    assert_string_equal(v.name, "example.com/foo");
    assert_int_equal(v.id, 0x530d903a);
    assert_int_equal(v.type, SANCTUM__NOTE_ED25519);
    af_hex(pk, 32, C2SP_PK);
    assert_memory_equal(v.pk, pk, 32);
    assert_int_equal(sanctum__note_key_id("example.com/foo", 0x01, pk), 0x530d903a);
    assert_int_equal(sanctum__note_vkey_format(vkey, sizeof vkey, v.name, v.type, v.pk), 0);
    assert_string_equal(vkey, C2SP_VKEY);

    assert_int_equal(open_note(&res, C2SP_NOTE, &v, 1), 0);
    assert_int_equal(res.text_len, strlen(C2SP_TEXT));
    assert_memory_equal(C2SP_NOTE, C2SP_TEXT, res.text_len);
    assert_int_equal(res.n_verified, 1);
    assert_int_equal(res.verified[0], 0);
    assert_int_equal(res.timestamp[0], 0);
    assert_int_equal(res.n_unverified, 0);

    /* Signature bytes: key ID 530d903a, then the raw Ed25519 signature. */
    assert_int_equal(line_sig(sig, sizeof sig, strstr(C2SP_NOTE, DASH)), 68);
    assert_memory_equal(sig, "\x53\x0d\x90\x3a", 4);
    af_hex(raw, 64, C2SP_RAW);
    assert_memory_equal(sig + 4, raw, 64);
    assert_int_equal(crypto_sign_verify_detached(raw, (const unsigned char *)C2SP_TEXT,
                                                 strlen(C2SP_TEXT), pk), 0);
}

static void
test_note__peter_resign(void **state)
{
    sanctum__note_verifier v;
    sanctum__note_open_result res;
    unsigned char pk[32], sk[64], want[32], sig[128], raw[64], signer[64];
    char vkey[128], *note = NULL;
    size_t n;

    (void)state;
    seed_keypair(pk, sk, PETER_SEED, 0);
    af_hex(want, 32, PETER_PK);
    assert_memory_equal(pk, want, 32);
    assert_int_equal(sanctum__note_key_id("PeterNeumann", 0x01, pk), 0xc74f20a3);
    assert_int_equal(sanctum__note_vkey_format(vkey, sizeof vkey, "PeterNeumann", 0x01, pk), 0);
    assert_string_equal(vkey, PETER_VKEY);
    /* The Go signer string carries 0x01 || seed under the same key ID. */
    n = af_b64(signer, sizeof signer, PETER_SIGNER + strlen("PRIVATE+KEY+PeterNeumann+c74f20a3+"));
    assert_int_equal(n, 33);
    assert_int_equal(signer[0], 0x01);
    af_hex(want, 32, PETER_SEED);
    assert_memory_equal(signer + 1, want, 32);

    assert_int_equal(sanctum__note_sign(&note, PETER_TEXT, strlen(PETER_TEXT), "PeterNeumann", sk), 0);
    assert_string_equal(note, PETER_NOTE);
    assert_int_equal(line_sig(sig, sizeof sig, strstr(note, DASH)), 68);
    af_hex(raw, 64, PETER_RAW);
    assert_memory_equal(sig + 4, raw, 64);
    parse_vkey(&v, PETER_VKEY);
    assert_int_equal(open_note(&res, note, &v, 1), 0);
    assert_int_equal(res.text_len, strlen(PETER_TEXT));
    free(note);

    /* Text that is not valid note text cannot be signed. */
    assert_int_equal(sanctum__note_sign(&note, "no newline", 10, "PeterNeumann", sk), SANCTUM_EINVAL);
    assert_null(note);
    assert_int_equal(sanctum__note_sign(&note, "", 0, "PeterNeumann", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "tab\there\n", 9, "PeterNeumann", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "nul\0x\n", 6, "PeterNeumann", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "\xff\n", 2, "PeterNeumann", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "ok\n", 3, "Bad Name", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "ok\n", 3, "a+b", sk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_sign(&note, "ok\n", 3, "", sk), SANCTUM_EINVAL);
    /* Empty lines inside the text are allowed and survive a round trip. */
    assert_int_equal(sanctum__note_sign(&note, "a\n\nb\n\n", 6, "PeterNeumann", sk), 0);
    assert_int_equal(open_note(&res, note, &v, 1), 0);
    assert_int_equal(res.text_len, 6);
    free(note);
    sodium_memzero(sk, sizeof sk);
}

static void
test_note__open_behaviour(void **state)
{
    sanctum__note_verifier peter, enoch, both[2], amb[3], other;
    sanctum__note_open_result res;
    unsigned char pk[32];
    char *msg;

    (void)state;
    parse_vkey(&peter, PETER_VKEY);
    parse_vkey(&enoch, ENOCH_VKEY);
    af_hex(pk, 32, ENOCH_PK);
    assert_memory_equal(enoch.pk, pk, 32);
    assert_int_equal(enoch.id, 0xaf0cfe78);
    both[0] = peter;
    both[1] = enoch;
    parse_vkey(&other, C2SP_VKEY);
    msg = cat(PETER_TEXT, "\n", PETER_SIG, ENOCH_SIG);

    /* Only Peter trusted: verified [Peter], unverified [Enoch]. */
    assert_int_equal(open_note(&res, msg, &peter, 1), 0);
    assert_int_equal(res.n_verified, 1);
    assert_int_equal(res.verified[0], 0);
    assert_int_equal(res.n_unverified, 1);
    assert_int_equal(res.text_len, strlen(PETER_TEXT));
    /* Only Enoch trusted. */
    assert_int_equal(open_note(&res, msg, &enoch, 1), 0);
    assert_int_equal(res.n_verified, 1);
    assert_int_equal(res.n_unverified, 1);
    /* Both trusted: both verified, in line order. */
    assert_int_equal(open_note(&res, msg, both, 2), 0);
    assert_int_equal(res.n_verified, 2);
    assert_int_equal(res.verified[0], 0);
    assert_int_equal(res.verified[1], 1);
    assert_int_equal(res.n_unverified, 0);
    /* Neither trusted: UnverifiedNoteError. */
    assert_int_equal(open_note(&res, msg, &other, 1), SANCTUM_EAUTH);
    assert_int_equal(open_note(&res, msg, NULL, 0), SANCTUM_EAUTH);
    assert_int_equal(res.n_verified, 0);
    /* The same Enoch key trusted twice: ambiguous. */
    amb[0] = peter;
    amb[1] = enoch;
    amb[2] = enoch;
    assert_int_equal(open_note(&res, msg, amb, 3), SANCTUM_EINVAL);
    assert_string_equal(sanctum_last_error(), "note: ambiguous key EnochRoot+af0cfe78");
    free(msg);

    /* A trusted entry whose ID does not match its key is refused. */
    other = peter;
    other.pk[0] ^= 1;
    assert_int_equal(open_note(&res, PETER_NOTE, &other, 1), SANCTUM_EINVAL);
}

static void
test_note__signature_count(void **state)
{
    sanctum__note_verifier peter;
    sanctum__note_open_result res;
    size_t need = strlen(PETER_TEXT) + 1 + 101 * strlen(PETER_SIG) + 1;
    char *msg = malloc(need);
    int i;

    (void)state;
    assert_non_null(msg);
    parse_vkey(&peter, PETER_VKEY);
    snprintf(msg, need, "%s\n", PETER_TEXT);
    for (i = 0; i < 100; i++)
        strcat(msg, PETER_SIG);
    /* 100 copies: fine, repeats of a known key are skipped. */
    assert_int_equal(open_note(&res, msg, &peter, 1), 0);
    assert_int_equal(res.n_verified, 1);
    /* 101 copies: malformed. */
    strcat(msg, PETER_SIG);
    assert_int_equal(open_note(&res, msg, &peter, 1), SANCTUM_EINVAL);
    free(msg);
}

static void
test_note__invalid_signature(void **state)
{
    sanctum__note_verifier peter, both[2];
    sanctum__note_open_result res;
    char bad_sig[256], *msg;

    (void)state;
    parse_vkey(&peter, PETER_VKEY);
    parse_vkey(&both[1], ENOCH_VKEY);
    both[0] = peter;
    /* Peter's line with "ABCD" inserted at byte 60. */
    assert_true(strlen(PETER_SIG) > 60);
    snprintf(bad_sig, sizeof bad_sig, "%.60sABCD%s", PETER_SIG, PETER_SIG + 60);
    msg = cat(PETER_TEXT, "\n", bad_sig, "");
    assert_int_equal(open_note(&res, msg, &peter, 1), SANCTUM_ETAMPER);
    assert_string_equal(sanctum_last_error(), "invalid signature for key PeterNeumann+c74f20a3");
    free(msg);
    /* A bad trusted signature rejects the note even when another verifies. */
    msg = cat(PETER_TEXT, "\n", ENOCH_SIG, bad_sig);
    assert_int_equal(open_note(&res, msg, both, 2), SANCTUM_ETAMPER);
    free(msg);
    /* Go skips repeats of a known (name, id) before verifying them. */
    msg = cat(PETER_TEXT, "\n", PETER_SIG, bad_sig);
    assert_int_equal(open_note(&res, msg, &peter, 1), 0);
    free(msg);
    msg = cat(PETER_TEXT, "\n", bad_sig, PETER_SIG);
    assert_int_equal(open_note(&res, msg, &peter, 1), SANCTUM_ETAMPER);
    free(msg);
    /* Tampered text. */
    msg = cat("If you think cryptography is the answer to your problem,\n",
              "then you do know what your problem is.\n", "\n", PETER_SIG);
    assert_int_equal(open_note(&res, msg, &peter, 1), SANCTUM_ETAMPER);
    free(msg);
}

static void
test_note__malformed(void **state)
{
    sanctum__note_verifier peter;
    sanctum__note_open_result res;
    char sig_no_nl[256];
    const char *bad[] = {
        PETER_TEXT,                                            /* the text alone */
        PETER_TEXT "\n",                                       /* text + "\n" */
        NULL,                                                  /* line without final \n */
        "\x01" PETER_TEXT "\n" PETER_SIG,                      /* leading \x01 */
        "\xff" PETER_TEXT "\n" PETER_SIG,                      /* leading \xff */
        PETER_TEXT "\n" DASH " Bad Name " PETER_B64,           /* name with a space (Go's form) */
        PETER_TEXT "\n" DASH " Bad Name " PETER_B64 "\n",
        PETER_TEXT "\n" PETER_SIG "Unexpected line.\n",        /* extra line after the sigs */
        /* more: */
        PETER_TEXT "\n" "- PeterNeumann " PETER_B64 "\n",       /* ASCII hyphen */
        PETER_TEXT "\n" DASH "PeterNeumann " PETER_B64 "\n",    /* no space after the dash */
        PETER_TEXT "\n" DASH " PeterNeumann\n",                /* no space, no base64 */
        PETER_TEXT "\n" DASH " PeterNeumann \n",               /* empty base64 */
        PETER_TEXT "\n" DASH "  " PETER_B64 "\n",               /* empty name */
        PETER_TEXT "\n" DASH " Peter+Neumann " PETER_B64 "\n",  /* '+' in name */
        PETER_TEXT "\n" DASH " PeterNeumann AAAAAA==\n",       /* only 4 bytes */
        PETER_TEXT "\n" DASH " PeterNeumann x08go/ZJ!\n",      /* bad base64 */
        PETER_TEXT "\n" DASH " PeterNeumann " PETER_B64 " \n", /* trailing space */
        PETER_TEXT "\n" PETER_SIG "\n",                        /* blank line at end */
        PETER_TEXT "\r\n" PETER_SIG,                           /* CR */
        "\t" PETER_TEXT "\n" PETER_SIG,                        /* tab */
        "\x1f" PETER_TEXT "\n" PETER_SIG,                      /* unit separator */
        "\xc0\x80" PETER_TEXT "\n" PETER_SIG,                  /* overlong NUL */
        "\xed\xa0\x80" PETER_TEXT "\n" PETER_SIG,              /* surrogate */
        "\xf4\x90\x80\x80" PETER_TEXT "\n" PETER_SIG,          /* above U+10FFFF */
        "\xe2\x80" PETER_TEXT "\n" PETER_SIG,                  /* truncated sequence */
        "",
        "\n\n",
    };
    size_t i;

    (void)state;
    parse_vkey(&peter, PETER_VKEY);
    snprintf(sig_no_nl, sizeof sig_no_nl, "%s\n%.*s", PETER_TEXT, (int)strlen(PETER_SIG) - 1,
             PETER_SIG);
    bad[2] = sig_no_nl;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(open_note(&res, bad[i], &peter, 1), SANCTUM_EINVAL);
    /* A NUL byte inside the message. */
    {
        char buf[512];
        size_t n = (size_t)snprintf(buf, sizeof buf, "%s\n%s", PETER_TEXT, PETER_SIG);

        buf[3] = '\0';
        assert_int_equal(sanctum__note_open(&res, buf, n, &peter, 1), SANCTUM_EINVAL);
    }
    /* U+0080..U+009F and DEL are not below U+0020: allowed by the rule. */
    assert_int_equal(sanctum__note_text_valid("\x7f\xc2\x85\n", 4), 1);
    assert_int_equal(sanctum__note_text_valid("\xe2\x80\x94 caf\xc3\xa9\n", 10), 1);
}

/* Unknown keys are ignored even when they share the name or the ID. */
static void
test_note__unknown_keys(void **state)
{
    sanctum__note_verifier peter;
    sanctum__note_open_result res;
    unsigned char pk[32], sk[64];
    char *alt = NULL, *msg, *line;
    sanctum__note_verifier fake;

    (void)state;
    parse_vkey(&peter, PETER_VKEY);
    /* Another key under the name PeterNeumann: different ID. */
    seed_keypair(pk, sk, NULL, 0x40);
    assert_int_equal(sanctum__note_sign(&alt, PETER_TEXT, strlen(PETER_TEXT), "PeterNeumann", sk), 0);
    line = strstr(alt, DASH);
    msg = cat(PETER_TEXT, "\n", line, PETER_SIG);
    assert_int_equal(open_note(&res, msg, &peter, 1), 0);
    assert_int_equal(res.n_verified, 1);
    assert_int_equal(res.n_unverified, 1);
    free(msg);
    /* Only the unknown line: not verified. */
    msg = cat(PETER_TEXT, "\n", line, "");
    assert_int_equal(open_note(&res, msg, &peter, 1), SANCTUM_EAUTH);
    free(msg);
    /* Byte-identical unknown lines count once. */
    msg = cat(PETER_TEXT, "\n", line, line);
    msg = realloc(msg, strlen(msg) + strlen(PETER_SIG) + 1);
    assert_non_null(msg);
    strcat(msg, PETER_SIG);
    assert_int_equal(open_note(&res, msg, &peter, 1), 0);
    assert_int_equal(res.n_unverified, 1);
    free(msg);
    free(alt);
    /* A trusted key with Peter's ID but another name does not match Peter's line. */
    fake = peter;
    strcpy(fake.name, "PeterNeumann2");
    assert_int_equal(open_note(&res, PETER_NOTE, &fake, 1), SANCTUM_EAUTH);
    sodium_memzero(sk, sizeof sk);
}

static void
test_note__vkey_rejections(void **state)
{
    static const char vkey[] = PETER_VKEY;
    sanctum__note_verifier v;
    char buf[sizeof vkey], upper[sizeof vkey];
    size_t len = strlen(vkey), i, j;

    (void)state;
    parse_vkey(&v, vkey);
    assert_string_equal(v.name, "PeterNeumann");
    assert_int_equal(v.id, 0xc74f20a3);
    /* Every proper substring. */
    for (i = 0; i <= len; i++) {
        for (j = i; j <= len; j++) {
            if (i == 0 && j == len)
                continue;
            memcpy(buf, vkey + i, j - i);
            buf[j - i] = '\0';
            assert_int_equal(sanctum__note_vkey_parse(&v, buf), SANCTUM_EINVAL);
        }
    }
    /* Every single-byte +1 mutation. */
    for (i = 0; i < len; i++) {
        memcpy(buf, vkey, sizeof vkey);
        buf[i]++;
        assert_int_equal(sanctum__note_vkey_parse(&v, buf), SANCTUM_EINVAL);
    }
    /* Wrong key length and unknown algorithm, hashes adjusted to match. */
    assert_int_equal(sanctum__note_vkey_parse(&v,
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_parse(&v,
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), SANCTUM_EINVAL);
    assert_int_equal(v.name[0], '\0');
    /* Go's ParseUint also takes upper-case hex. */
    memcpy(upper, vkey, sizeof vkey);
    for (i = 13; i < 21; i++)
        upper[i] = (char)(upper[i] >= 'a' && upper[i] <= 'f' ? upper[i] - 32 : upper[i]);
    assert_int_equal(sanctum__note_vkey_parse(&v, upper), 0);
    assert_int_equal(v.id, 0xc74f20a3);
    /* Other shapes. */
    assert_int_equal(sanctum__note_vkey_parse(&v, ""), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_parse(&v, "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_parse(&v, PETER_VKEY "\n"), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_parse(&v, " " PETER_VKEY), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_parse(&v, "PeterNeumann+0xc74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
                     SANCTUM_EINVAL);
    /* The witness key uses type 0x04. */
    parse_vkey(&v, WIT_VKEY);
    assert_int_equal(v.type, SANCTUM__NOTE_COSIG_V1);
    assert_int_equal(v.id, 0xbe0c285b);
    parse_vkey(&v, LOG_VKEY);
    assert_int_equal(v.type, SANCTUM__NOTE_ED25519);
    assert_int_equal(v.id, 0x9ba52a72);
}

static void
test_note__name_valid(void **state)
{
    static const char *const good[] = {
        "a", "example.com/foo", "PeterNeumann", "caf\xc3\xa9", "x\x01y", "\xe2\x80\x94",
    };
    static const char *const bad[] = {
        "", "Bad Name", "a+b", "+", "tab\tx", "nl\nx", "\xc2\x85", "nb\xc2\xa0sp",
        "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x8a", "\xe2\x80\xa8", "\xe2\x80\xa9",
        "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80", "\xff", "\xc3", "\xed\xa0\x80",
        "\v", "\f", "\r",
    };
    char vk[128];
    unsigned char pk[32] = { 0 };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(sanctum__note_name_valid(good[i]), 1);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sanctum__note_name_valid(bad[i]), 0);
    assert_int_equal(sanctum__note_vkey_format(vk, sizeof vk, "Bad Name", 1, pk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_format(vk, sizeof vk, "ok", 2, pk), SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_vkey_format(vk, 20, "ok", 1, pk), SANCTUM_EINVAL);
}

/* ------------------------------------------------------------ §10.9 */

static void
test_note__cosignature(void **state)
{
    sanctum__note_verifier log, wit, keys[2];
    sanctum__note_open_result res;
    unsigned char pk[32], sk[64], want[76], got[128], *msg;
    char vkey[128], *line = NULL, *note, tampered[256];
    size_t msg_len;

    (void)state;
    seed_keypair(pk, sk, NULL, 0x20);
    af_hex(want, 32, WIT_PK);
    assert_memory_equal(pk, want, 32);
    assert_int_equal(sanctum__note_key_id(WIT_NAME, 0x04, pk), 0xbe0c285b);
    assert_int_equal(sanctum__note_vkey_format(vkey, sizeof vkey, WIT_NAME, 0x04, pk), 0);
    assert_string_equal(vkey, WIT_VKEY);
    /* Signed message bytes. */
    assert_int_equal(sanctum__note_cosig_message(&msg, &msg_len, CP_TEXT, strlen(CP_TEXT), WIT_TIME), 0);
    assert_int_equal(msg_len, strlen(WIT_MSG));
    assert_memory_equal(msg, WIT_MSG, msg_len);
    free(msg);
    /* The line, byte-identical, and its 76 decoded bytes. */
    assert_int_equal(sanctum__note_cosign_line(&line, CP_TEXT, strlen(CP_TEXT), WIT_NAME, sk, WIT_TIME), 0);
    assert_string_equal(line, WIT_LINE);
    assert_int_equal(line_sig(got, sizeof got, line), 76);
    af_hex(want, 76, WIT_RAW);
    assert_memory_equal(got, want, 76);
    free(line);

    /* It verifies next to the log's signature. */
    parse_vkey(&log, LOG_VKEY);
    parse_vkey(&wit, WIT_VKEY);
    keys[0] = log;
    keys[1] = wit;
    note = cat(CP_TEXT, "\n", CP_SIG, WIT_LINE);
    assert_int_equal(open_note(&res, note, keys, 2), 0);
    assert_int_equal(res.n_verified, 2);
    assert_int_equal(res.verified[0], 0);
    assert_int_equal(res.timestamp[0], 0);
    assert_int_equal(res.verified[1], 1);
    assert_true(res.timestamp[1] == WIT_TIME);
    assert_int_equal(res.text_len, strlen(CP_TEXT));
    /* The witness alone. */
    assert_int_equal(open_note(&res, note, &wit, 1), 0);
    assert_int_equal(res.n_verified, 1);
    assert_int_equal(res.n_unverified, 1);
    free(note);

    /* A cosignature with a changed timestamp (bytes 4..11) fails. */
    got[11] ^= 1;
    {
        char b64[sodium_base64_ENCODED_LEN(76, sodium_base64_VARIANT_ORIGINAL)];

        sodium_bin2base64(b64, sizeof b64, got, 76, sodium_base64_VARIANT_ORIGINAL);
        snprintf(tampered, sizeof tampered, DASH " " WIT_NAME " %s\n", b64);
    }
    note = cat(CP_TEXT, "\n", CP_SIG, tampered);
    assert_int_equal(open_note(&res, note, keys, 2), SANCTUM_ETAMPER);
    free(note);
    /* A cosignature claiming a time of 2^63 or more is invalid. */
    got[4] = 0x80;
    {
        char b64[sodium_base64_ENCODED_LEN(76, sodium_base64_VARIANT_ORIGINAL)];

        sodium_bin2base64(b64, sizeof b64, got, 76, sodium_base64_VARIANT_ORIGINAL);
        snprintf(tampered, sizeof tampered, DASH " " WIT_NAME " %s\n", b64);
    }
    note = cat(CP_TEXT, "\n", CP_SIG, tampered);
    assert_int_equal(open_note(&res, note, keys, 2), SANCTUM_ETAMPER);
    free(note);
    /* A witness key trusted as plain Ed25519 (0x01) has another ID: the line is unknown. */
    wit.type = SANCTUM__NOTE_ED25519;
    wit.id = sanctum__note_key_id(WIT_NAME, 0x01, wit.pk);
    note = cat(CP_TEXT, "\n", WIT_LINE, "");
    assert_int_equal(open_note(&res, note, &wit, 1), SANCTUM_EAUTH);
    free(note);

    /* Bad inputs. */
    assert_int_equal(sanctum__note_cosign_line(&line, CP_TEXT, strlen(CP_TEXT), WIT_NAME, sk,
                                               UINT64_C(0x8000000000000000)), SANCTUM_EINVAL);
    assert_null(line);
    assert_int_equal(sanctum__note_cosign_line(&line, CP_TEXT, strlen(CP_TEXT), WIT_NAME, sk,
                                               UINT64_C(0x7fffffffffffffff)), 0);
    free(line);
    assert_int_equal(sanctum__note_cosign_line(&line, "not a checkpoint\n", 17, WIT_NAME, sk, 1),
                     SANCTUM_EINVAL);
    assert_int_equal(sanctum__note_cosign_line(&line, CP_TEXT, strlen(CP_TEXT), "bad name", sk, 1),
                     SANCTUM_EINVAL);
    /* Time 0 formats as "time 0". */
    assert_int_equal(sanctum__note_cosig_message(&msg, &msg_len, "x\n", 2, 0), 0);
    assert_int_equal(msg_len, strlen("cosignature/v1\ntime 0\nx\n"));
    assert_memory_equal(msg, "cosignature/v1\ntime 0\nx\n", msg_len);
    free(msg);
    sodium_memzero(sk, sizeof sk);
}

/* ------------------------------------------------------------ §10.11 */

static int
b64_decodes(const char *s)
{
    unsigned char out[16];
    size_t n = 0;

    return sodium_base642bin(out, sizeof out, s, strlen(s), NULL, &n, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0;
}

static void
test_note__base64_strictness(void **state)
{
    sanctum__note_verifier peter;
    sanctum__note_open_result res;
    char note[512], *p;

    (void)state;
    /* libsodium as we call it. */
    assert_true(b64_decodes("AA=="));
    assert_false(b64_decodes("AB=="));
    assert_false(b64_decodes("AA"));
    assert_false(b64_decodes("AA="));
    assert_false(b64_decodes("AA==x"));
    assert_false(b64_decodes("A A=="));
    /* A non-NULL b64_end would accept trailing garbage: we never pass one. */
    {
        unsigned char out[4];
        size_t n = 0;
        const char *end = NULL;

        assert_int_equal(sodium_base642bin(out, sizeof out, "AA==x", 5, NULL, &n, &end,
                                           sodium_base64_VARIANT_ORIGINAL), 0);
        assert_int_equal(end - "AA==x", 4);
    }
    /* Through our parsers: a signature whose last character carries
     * non-zero trailing bits (Go would accept it) is malformed here. */
    parse_vkey(&peter, PETER_VKEY);
    snprintf(note, sizeof note, "%s", PETER_NOTE);
    p = strstr(note, "nAM=\n");
    assert_non_null(p);
    p[2] = 'N';
    assert_int_equal(open_note(&res, note, &peter, 1), SANCTUM_EINVAL);
    /* Same for a vkey. */
    assert_int_equal(sanctum__note_vkey_parse(&peter,
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW="), SANCTUM_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_note__c2sp_example),
        cmocka_unit_test(test_note__peter_resign),
        cmocka_unit_test(test_note__open_behaviour),
        cmocka_unit_test(test_note__signature_count),
        cmocka_unit_test(test_note__invalid_signature),
        cmocka_unit_test(test_note__malformed),
        cmocka_unit_test(test_note__unknown_keys),
        cmocka_unit_test(test_note__vkey_rejections),
        cmocka_unit_test(test_note__name_valid),
        cmocka_unit_test(test_note__cosignature),
        cmocka_unit_test(test_note__base64_strictness),
    };

    return cmocka_run_group_tests(tests, af_setup, NULL);
}

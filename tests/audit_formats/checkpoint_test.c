/* SPDX-License-Identifier: Apache-2.0 */
/* checkpoint_test.c - AUDIT-FORMATS §10.8 vector and strict parsing for lib/checkpoint.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "af_util.h"
#include "af_vectors.h"
#include "checkpoint.h"
#include "merkle.h"
#include "testutil.h"

static void
log_keypair(unsigned char pk[32], unsigned char sk[64])
{
    unsigned char seed[32];
    int i;

    for (i = 0; i < 32; i++)
        seed[i] = (unsigned char)i;
    assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
}

/* The §10.6 tree of "leaf 0".."leaf 6": its size-7 root. */
static void
project_root(unsigned char root[32])
{
    af_tree t;
    unsigned char leaf[32];
    char data[16];
    int i;

    af_tree_init(&t);
    for (i = 0; i < 7; i++) {
        snprintf(data, sizeof data, "leaf %d", i);
        sanctum__merkle_leaf_hash(leaf, (const unsigned char *)data, strlen(data));
        af_tree_append(&t, leaf);
    }
    assert_int_equal(sanctum__merkle_tree_hash(root, 7, af_tree_read, &t), 0);
    af_tree_free(&t);
}

static int
parse(sanctum__checkpoint *cp, const char *text)
{
    return sanctum__checkpoint_parse(cp, text, strlen(text));
}

static void
test_checkpoint__vector(void **state)
{
    sanctum__checkpoint cp, got;
    sanctum__note_verifier log;
    unsigned char pk[32], sk[64], want[64], signer[40];
    char text[SANCTUM__CHECKPOINT_TEXT_MAX], vkey[128], *note = NULL;
    size_t n;

    (void)state;
    log_keypair(pk, sk);
    af_hex(want, 32, LOG_PK);
    assert_memory_equal(pk, want, 32);
    assert_int_equal(sanctum__note_key_id(LOG_NAME, 0x01, pk), 0x9ba52a72);
    assert_int_equal(sanctum__note_vkey_format(vkey, sizeof vkey, LOG_NAME, 0x01, pk), 0);
    assert_string_equal(vkey, LOG_VKEY);
    /* The Go signer string (test only) holds 0x01 || seed 00..1f. */
    n = af_b64(signer, sizeof signer, LOG_SIGNER + strlen("PRIVATE+KEY+" LOG_NAME "+9ba52a72+"));
    assert_int_equal(n, 33);
    assert_int_equal(signer[0], 0x01);
    assert_int_equal(signer[1], 0x00);
    assert_int_equal(signer[32], 0x1f);

    memset(&cp, 0, sizeof cp);
    strcpy(cp.origin, LOG_NAME);
    cp.size = 7;
    project_root(cp.root);
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), 0);
    assert_string_equal(text, CP_TEXT);
    assert_int_equal(sanctum__checkpoint_sign(&note, &cp, LOG_NAME, sk), 0);
    assert_string_equal(note, CP_NOTE);
    /* Raw signature bytes. */
    {
        unsigned char sig[68];
        const char *b64 = strstr(note, DASH) + strlen(DASH " " LOG_NAME " ");
        char buf[128];

        memcpy(buf, b64, 92);
        buf[92] = '\0';
        assert_int_equal(af_b64(sig, sizeof sig, buf), 68);
        assert_memory_equal(sig, "\x9b\xa5\x2a\x72", 4);
        af_hex(want, 64, CP_RAW);
        assert_memory_equal(sig + 4, want, 64);
    }

    assert_int_equal(sanctum__note_vkey_parse(&log, LOG_VKEY), 0);
    assert_int_equal(sanctum__checkpoint_open(&got, note, strlen(note), &log, LOG_NAME), 0);
    assert_string_equal(got.origin, LOG_NAME);
    assert_int_equal(got.size, 7);
    assert_memory_equal(got.root, cp.root, 32);
    assert_int_equal(sanctum__checkpoint_open(&got, note, strlen(note), &log, NULL), 0);
    /* Another expected origin: the log signed a checkpoint for another log. */
    assert_int_equal(sanctum__checkpoint_open(&got, note, strlen(note), &log, "example.com/other"),
                     SANCTUM_ETAMPER);
    assert_int_equal(got.size, 0);
    free(note);

    /* Parsing the text alone. */
    assert_int_equal(parse(&got, CP_TEXT), 0);
    assert_memory_equal(&got, &cp, sizeof cp);
    sodium_memzero(sk, sizeof sk);
}

static void
test_checkpoint__open_rejections(void **state)
{
    sanctum__checkpoint cp;
    sanctum__note_verifier log, wit, other;
    unsigned char pk[32], sk[64];
    char buf[1024];

    (void)state;
    assert_int_equal(sanctum__note_vkey_parse(&log, LOG_VKEY), 0);
    assert_int_equal(sanctum__note_vkey_parse(&wit, WIT_VKEY), 0);
    assert_int_equal(sanctum__note_vkey_parse(&other, PETER_VKEY), 0);
    /* Cosignatures and unknown signatures are ignored. */
    snprintf(buf, sizeof buf, "%s\n%s%s", CP_TEXT, CP_SIG,
             DASH " example.com/case-witness vgwoWwAAAABlU/EAPLprJwhBlN6C4KmYCWDnB5UXfg8caiKZmr5lRPW2p1Kg++K3R3lPnumZvV+KHnQCegKz7W1m9fFjiLJDU+pEDA==\n");
    assert_int_equal(sanctum__checkpoint_open(&cp, buf, strlen(buf), &log, LOG_NAME), 0);
    assert_int_equal(cp.size, 7);
    /* Not signed by the log. */
    assert_int_equal(sanctum__checkpoint_open(&cp, CP_NOTE, strlen(CP_NOTE), &other, NULL), SANCTUM_EAUTH);
    /* The log key must be a plain Ed25519 note key. */
    assert_int_equal(sanctum__checkpoint_open(&cp, CP_NOTE, strlen(CP_NOTE), &wit, NULL), SANCTUM_EINVAL);
    /* No signature at all. */
    assert_int_equal(sanctum__checkpoint_open(&cp, CP_TEXT, strlen(CP_TEXT), &log, NULL), SANCTUM_EINVAL);
    /* A changed size or root breaks the log signature. */
    snprintf(buf, sizeof buf, "%s\n8\n%s\n\n%s", LOG_NAME, CP_ROOT_B64, CP_SIG);
    assert_int_equal(sanctum__checkpoint_open(&cp, buf, strlen(buf), &log, NULL), SANCTUM_ETAMPER);
    snprintf(buf, sizeof buf, "%s\n7\n%s\n\n%s", LOG_NAME,
             "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", CP_SIG);
    assert_int_equal(sanctum__checkpoint_open(&cp, buf, strlen(buf), &log, NULL), SANCTUM_ETAMPER);
    /* A correctly signed note whose text is not a checkpoint. */
    {
        char *note = NULL;

        log_keypair(pk, sk);
        assert_int_equal(sanctum__note_sign(&note, "hello\n", 6, LOG_NAME, sk), 0);
        assert_int_equal(sanctum__checkpoint_open(&cp, note, strlen(note), &log, NULL), SANCTUM_EINVAL);
        free(note);
        /* Extension lines: signed, parsed, ignored. */
        snprintf(buf, sizeof buf, "%sext line one\nmore\n", CP_TEXT);
        assert_int_equal(sanctum__note_sign(&note, buf, strlen(buf), LOG_NAME, sk), 0);
        assert_int_equal(sanctum__checkpoint_open(&cp, note, strlen(note), &log, LOG_NAME), 0);
        assert_int_equal(cp.size, 7);
        free(note);
        sodium_memzero(sk, sizeof sk);
    }
}

static void
test_checkpoint__parse_rejections(void **state)
{
#define O LOG_NAME "\n"
#define R CP_ROOT_B64 "\n"
    static const char *const bad[] = {
        O "07\n" R,                     /* leading zero */
        O "00\n" R,
        O "+7\n" R,                     /* sign */
        O "-7\n" R,
        O "18446744073709551616\n" R,   /* 2^64: overflow */
        O "99999999999999999999\n" R,
        O "184467440737095516150\n" R,  /* 21 digits */
        O " 7\n" R,                     /* spaces */
        O "7 \n" R,
        O "0x7\n" R,                    /* hex */
        O "7.0\n" R,
        O "\n" R,                       /* empty size */
        O "7\n" "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF==\n",   /* 31 bytes */
        O "7\n" "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA\n",   /* 33 bytes */
        O "7\n" "ZG9uJ3QgY2FyZSAy\n",   /* 12 bytes (the §10.5 placeholder) */
        O "7\n" "\n",                   /* empty root */
        O "7\n" "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmcg\n",    /* no padding */
        O "7\n" "WmH8K1T5z6cXdPJDIUPdQMbLKxGUf69lp9PaXLZRmch=\n",   /* non-zero trailing bits */
        O "7\n" CP_ROOT_B64 " \n",      /* trailing space */
        O "7\n" CP_ROOT_B64,            /* missing final newline */
        O "7\n",                        /* missing root line */
        O,                              /* missing size and root */
        "",
        "\n7\n" R,                      /* empty origin */
        O "7\n" R "\n",                 /* empty extension line */
        O "7\n" R "ext\n\n",
        O "7\n" R "ext",                /* unterminated extension line */
        LOG_NAME "\r\n7\n" R,           /* CR */
        "\xff\n7\n" R,                  /* not UTF-8 */
        O "7\n\n" R,                    /* blank line between */
    };
    sanctum__checkpoint cp;
    char buf[600];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(parse(&cp, bad[i]), SANCTUM_EINVAL);
        assert_int_equal(cp.origin[0], '\0');
    }
    /* Accepted edge values. */
    assert_int_equal(parse(&cp, O "0\n" "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"), 0);
    assert_int_equal(cp.size, 0);
    assert_int_equal(parse(&cp, O "18446744073709551615\n" R), 0);
    assert_true(cp.size == UINT64_MAX);
    assert_int_equal(parse(&cp, O "7\n" R "ext one\n" "ext two\n"), 0);
    assert_int_equal(cp.size, 7);
    assert_string_equal(cp.origin, LOG_NAME);
    /* Origins: any non-empty line shorter than 256 bytes. */
    assert_int_equal(parse(&cp, "origin with spaces+plus\n7\n" R), 0);
    assert_string_equal(cp.origin, "origin with spaces+plus");
    memset(buf, 'a', 255);
    snprintf(buf + 255, sizeof buf - 255, "\n7\n%s\n", CP_ROOT_B64);
    assert_int_equal(parse(&cp, buf), 0);
    assert_int_equal(strlen(cp.origin), 255);
    memset(buf, 'a', 256);
    snprintf(buf + 256, sizeof buf - 256, "\n7\n%s\n", CP_ROOT_B64);
    assert_int_equal(parse(&cp, buf), SANCTUM_EINVAL);
    /* A NUL byte inside. */
    assert_int_equal(sanctum__checkpoint_parse(&cp, O "7\0\n" R, strlen(O) + 3 + strlen(R)),
                     SANCTUM_EINVAL);
#undef O
#undef R
}

static void
test_checkpoint__format(void **state)
{
    sanctum__checkpoint cp, back;
    char text[SANCTUM__CHECKPOINT_TEXT_MAX];

    (void)state;
    memset(&cp, 0, sizeof cp);
    strcpy(cp.origin, "example.org/sanctum-audit");
    sanctum__merkle_empty_root(cp.root);
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), 0);
    assert_string_equal(text, "example.org/sanctum-audit\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    cp.size = UINT64_MAX;
    memset(cp.origin, 'o', 255);
    cp.origin[255] = '\0';
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), 0);
    assert_int_equal(strlen(text), SANCTUM__CHECKPOINT_TEXT_MAX - 1);
    assert_int_equal(parse(&back, text), 0);
    assert_memory_equal(&back, &cp, sizeof cp);
    /* Too small a buffer, bad origins. */
    assert_int_equal(sanctum__checkpoint_format(text, 10, &cp), SANCTUM_EINVAL);
    strcpy(cp.origin, "");
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), SANCTUM_EINVAL);
    strcpy(cp.origin, "has space");
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), SANCTUM_EINVAL);
    strcpy(cp.origin, "has+plus");
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), SANCTUM_EINVAL);
    strcpy(cp.origin, "ctl\x01");
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), SANCTUM_EINVAL);
    memset(cp.origin, 'o', sizeof cp.origin);   /* not NUL-terminated */
    assert_int_equal(sanctum__checkpoint_format(text, sizeof text, &cp), SANCTUM_EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkpoint__vector),
        cmocka_unit_test(test_checkpoint__open_rejections),
        cmocka_unit_test(test_checkpoint__parse_rejections),
        cmocka_unit_test(test_checkpoint__format),
    };

    return cmocka_run_group_tests(tests, af_setup, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* vector.c - the audit entry encoding is pinned by the vector in docs/audit-entry.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sanctum/errors.h>

#include "audit.h"
#include "audit_entry.h"
#include "merkle.h"
#include "record.h"
#include "testutil.h"

/* The vector's inputs (docs/audit-entry.md). */
static void
build(sanctum__buf *b, unsigned char pk[32], unsigned char sk[64])
{
    unsigned char seed[32], store_id[16], prev[32];
    sanctum__audit_ref ref = { "PER-7K3M-Q9XD", 1, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_CREATE, "monthly review", &ref, 1, NULL, 0 };

    for (int i = 0; i < 32; i++)
        seed[i] = (unsigned char)(0x40 + i);
    for (int i = 0; i < 16; i++)
        store_id[i] = (unsigned char)i;
    memset(prev, 0x11, 32);
    memset(ref.hash, 0x22, 32);
    assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
    assert_int_equal(sanctum__entry_build(b, store_id, 3, 1795800000000LL, 2, pk, prev, &spec,
                                          sk), 0);
}

static const char *const expected_hex =
#include "vector.inc"
    ;

static void
test_entry__matches_documented_vector(void **state)
{
    sanctum__buf b = { 0 };
    unsigned char pk[32], sk[64], leaf[32];
    char *hexs;
    sanctum__entry e;
    sanctum__entry_ref r;
    (void)state;

    build(&b, pk, sk);
    hexs = malloc(2 * b.len + 1);
    sodium_bin2hex(hexs, 2 * b.len + 1, b.p, b.len);
    if (getenv("SANCTUM_PRINT_VECTOR")) {
        sanctum__merkle_leaf_hash(leaf, b.p, b.len);
        char lh[65];
        sodium_bin2hex(lh, sizeof lh, leaf, 32);
        printf("entry %s\nleaf %s\n", hexs, lh);
    }
    assert_string_equal(hexs, expected_hex);
    {
        char lh[65];
        sanctum__merkle_leaf_hash(leaf, b.p, b.len);
        sodium_bin2hex(lh, sizeof lh, leaf, 32);
        assert_string_equal(lh, "ddc4fdc4d9980f75b24a343bd6e998c63843ca4d30ed8cac58b77886a787ac50");
    }
    assert_int_equal(sanctum__entry_decode(&e, b.p, b.len), 0);
    assert_int_equal(e.index, 3);
    assert_int_equal(e.time_ms, 1795800000000LL);
    assert_int_equal(e.actor, 2);
    assert_int_equal(e.action, SANCTUM__ACT_CREATE);
    assert_int_equal(e.purpose_len, 14);
    assert_int_equal(e.nrefs, 1);
    assert_int_equal(sanctum__entry_get_ref(&e, 0, &r), 0);
    assert_string_equal(r.id, "PER-7K3M-Q9XD");
    assert_int_equal(sanctum__entry_verify(&e, b.p, pk), 0);
    /* any flipped byte breaks decoding or the signature */
    for (size_t i = 0; i < b.len; i++) {
        b.p[i] ^= 0x01;
        if (sanctum__entry_decode(&e, b.p, b.len) == 0)
            assert_int_equal(sanctum__entry_verify(&e, b.p, pk), SANCTUM_ETAMPER);
        b.p[i] ^= 0x01;
    }
    /* a purpose that is not one line of clean UTF-8 does not decode: a
     * lone continuation byte, then C1 NEL in its two-byte form */
    {
        size_t off = 0;

        while (off + 14 <= b.len && memcmp(b.p + off, "monthly review", 14) != 0)
            off++;
        assert_true(off + 14 <= b.len);
        b.p[off + 7] = 0x85;
        assert_int_equal(sanctum__entry_decode(&e, b.p, b.len), SANCTUM_ECORRUPT);
        b.p[off + 6] = 0xc2;
        assert_int_equal(sanctum__entry_decode(&e, b.p, b.len), SANCTUM_ECORRUPT);
        memcpy(b.p + off, "monthly review", 14);
        assert_int_equal(sanctum__entry_decode(&e, b.p, b.len), 0);
    }
    assert_true(sanctum__entry_purpose_ok("\xc3\x9c \xe5\xaf\xa9", 6));
    assert_false(sanctum__entry_purpose_ok("a\xe2\x80\xa8", 4));
    assert_false(sanctum__entry_purpose_ok("\xc2\x9f", 2));
    assert_false(sanctum__entry_purpose_ok("\x7f", 1));
    /* truncations never decode */
    for (size_t n = 0; n < b.len; n++)
        assert_int_not_equal(sanctum__entry_decode(&e, b.p, n), 0);
    free(hexs);
    sanctum__buf_free(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry__matches_documented_vector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

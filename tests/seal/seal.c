/* SPDX-License-Identifier: Apache-2.0 */
/* seal.c - stored values are standard XChaCha20-Poly1305; nonces are derived or explicit. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "entity.h"
#include "fixture.h"
#include "record.h"
#include "seal.h"
#include "session.h"
#include "testutil.h"

/* A value sealed through the subkey path opens with libsodium's own
 * XChaCha20-Poly1305 and its full nonce: the format is the standard one. */
static void
test_seal__subkey_path_is_standard_xchacha(void **state)
{
    unsigned char key[32], nonce[24], sub[32], ad[64], ct[64], pt[64];
    const char *msg = "Ilir Dervishi";
    size_t n = strlen(msg);
    (void)state;

    randombytes_buf(key, sizeof key);
    randombytes_buf(nonce, sizeof nonce);
    memset(ad, 7, sizeof ad);
    sanctum__seal_subkey(sub, key, nonce);
    assert_int_equal(sanctum__seal_sub(ct, (const unsigned char *)msg, n, nonce, ad, 40, sub), 0);
    assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(pt, NULL, NULL, ct,
                                                                 n + SANCTUM__TAG_BYTES, ad, 40,
                                                                 nonce, key), 0);
    assert_memory_equal(pt, msg, n);
    assert_int_equal(sanctum__seal(ct, (const unsigned char *)msg, n, nonce, ad, 40, key), 0);
    assert_int_equal(sanctum__unseal_sub(pt, ct, n + SANCTUM__TAG_BYTES, nonce, ad, 40, sub), 0);
    ad[0] ^= 1;
    assert_int_equal(sanctum__unseal_sub(pt, ct, n + SANCTUM__TAG_BYTES, nonce, ad, 40, sub),
                     SANCTUM_ECORRUPT);
}

/* Every value of a stored record opens with the plain construction, its
 * level key and the associated data of docs/record-format.md; a value
 * carried over withheld keeps an explicit nonce. */
static void
test_record__values_open_with_documented_inputs(void **state)
{
    tu_store t;
    sanctum_session *off;
    sanctum_entity *e, *g;
    sanctum__buf b = { 0 };
    sanctum__record rec;
    unsigned char ad[SANCTUM__AD_MAX], pt[256];
    int explicit_nonces = 0;
    (void)state;

    tu_store_setup(&t, "seal");
    off = tu_user(&t, "off", SANCTUM_ROLE_ANALYST, SANCTUM_LEVEL_OFFICIAL);
    e = tu_person(t.admin, "Samir Haddad", "notes", "secret-ish note", "alias", "Abu Waraq",
                  NULL);
    /* an official analyst rewrites it: the sensitive note is carried over */
    assert_int_equal(sanctum_entity_get(&g, off, sanctum_entity_id(e), NULL), 0);
    assert_int_equal(sanctum_entity_add(g, "alias", "S. Haddad", 0), 0);
    assert_int_equal(sanctum__entity_encode(&b, off, g, sanctum_entity_id(e), 2, 0, 0), 0);
    assert_int_equal(sanctum__record_parse(&rec, sanctum_entity_id(e), b.p, b.len), 0);
    for (size_t i = 0; i < rec.nvalues; i++) {
        const sanctum__rvalue *v = &rec.values[i];
        unsigned char derived[24];
        char prop[64];
        const unsigned char *key = sanctum__keyring_level(t.admin->kr, v->level, v->key_version);
        size_t ad_len;

        memcpy(prop, v->prop, v->prop_len);
        prop[v->prop_len] = '\0';
        sanctum__record_nonce(derived, rec.prefix, (uint32_t)i);
        explicit_nonces += memcmp(derived, v->nonce, 24) != 0;
        ad_len = sanctum__seal_ad(ad, sizeof ad, t.st->id, sanctum_entity_id(e), prop, v->level,
                                  v->key_version);
        assert_non_null(key);
        assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(pt, NULL, NULL, v->ct,
                                                                     v->ct_len, ad, ad_len,
                                                                     v->nonce, key), 0);
    }
    assert_int_equal(explicit_nonces, 1); /* only the withheld note */
    sanctum__record_clear(&rec);
    sanctum__buf_free(&b);
    sanctum_entity_free(g);
    sanctum_entity_free(e);
    sanctum_session_close(off);
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seal__subkey_path_is_standard_xchacha),
        cmocka_unit_test(test_record__values_open_with_documented_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

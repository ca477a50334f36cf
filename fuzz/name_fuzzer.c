/* SPDX-License-Identifier: Apache-2.0 */
/* name_fuzzer.c - libFuzzer harness: name normalisation, lookup keys, scoring and packing.
 *
 * A query name comes from an analyst's terminal or a list file: any bytes.
 * The first byte picks the two names' kinds (bits 0-1 and 2-3) and the
 * first '|' splits the rest into the two names; each is normalised, keyed,
 * packed and unpacked (the sealed form's layout), and the two are scored
 * against each other both ways: every score must lie in [0, 1]. The bytes
 * are also read as a packed name (a corrupt store). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blindindex.h"
#include "match.h"
#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sanctum__normalizer *norm;

static int
count_key(void *arg, sanctum__key_kind kind, const char *key, size_t len, unsigned int token,
          unsigned int span)
{
    (void)kind;
    (void)token;
    if (len == 0 || len > SANCTUM__KEY_MAX || span < 1 || span > 4 || key == NULL)
        abort();
    (*(size_t *)arg)++;
    return 0;
}

/* Normalise, key and round-trip one name; 1 if it normalised. */
static int
one_name(sanctum__name *nm, const uint8_t *p, size_t len, sanctum__name_kind kind)
{
    static unsigned char pack[16 + 2 * SANCTUM__NAME_MAX_LEGAL + 14 * SANCTUM__NAME_MAX_TOKENS +
                              SANCTUM__NAME_TEXT_MAX];
    sanctum__name back;
    size_t nkeys = 0, plen;

    if (sanctum__normalize_name(norm, nm, (const char *)p, len, kind) != 0)
        return 0;
    if (sanctum__match_keys(nm, count_key, &nkeys) != 0)
        abort();
    plen = sanctum__ix_name_pack(pack, sizeof pack, nm);
    if (plen == 0)
        abort();
    memset(&back, 0, sizeof back);
    if (sanctum__ix_name_unpack(&back, pack, plen) != 0 || back.ntok != nm->ntok)
        abort();
    sanctum__name_clear(&back);
    /* a truncated packing must be refused, never read past */
    if (plen > 1 && sanctum__ix_name_unpack(&back, pack, plen / 2) == 0)
        sanctum__name_clear(&back);
    return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sanctum__name a, b;
    size_t split;
    sanctum__name_kind kind;
    int ha, hb;
    uint8_t sel;

    if (size < 1)
        return 0;
    if (norm == NULL && sanctum__normalizer_new(&norm) != 0)
        abort();
    sel = data[0];
    kind = (sanctum__name_kind)(sel % 4);
    data++;
    size--;
    for (split = 0; split < size && data[split] != '|'; split++)
        ;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    ha = one_name(&a, data, split, kind);
    hb = split < size && one_name(&b, data + split + 1, size - split - 1,
                                  (sanctum__name_kind)((sel >> 2) % 4));
    if (ha) {
        double self = sanctum__match_score(&a, &a, NULL, NULL);
        if (!(self >= 0.0 && self <= 1.0))
            abort();
        if (hb) {
            double ab = sanctum__match_score(&a, &b, NULL, NULL);
            double ba = sanctum__match_score(&b, &a, NULL, NULL);
            if (!(ab >= 0.0 && ab <= 1.0) || !(ba >= 0.0 && ba <= 1.0))
                abort();
        }
    }
    /* the packed form from untrusted bytes (a corrupt store) */
    {
        sanctum__name c;
        memset(&c, 0, sizeof c);
        if (sanctum__ix_name_unpack(&c, data, size) == 0) {
            size_t nkeys = 0;
            (void)sanctum__match_keys(&c, count_key, &nkeys);
            if (ha)
                (void)sanctum__match_score(&a, &c, NULL, NULL);
            sanctum__name_clear(&c);
        }
    }
    if (ha)
        sanctum__name_clear(&a);
    if (hb)
        sanctum__name_clear(&b);
    return 0;
}

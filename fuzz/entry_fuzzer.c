/* SPDX-License-Identifier: Apache-2.0 */
/* entry_fuzzer.c - libFuzzer harness: audit entries and stored records from untrusted bytes. */
#include <stdint.h>
#include <stdlib.h>

#include <sodium.h>

#include "audit_entry.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sanctum__entry e;
    sanctum__entry_ref r;
    sanctum__record rec;
    unsigned char pk[32] = { 0 };

    if (sanctum__entry_decode(&e, data, size) == 0) {
        for (size_t i = 0; i < e.nrefs; i++)
            if (sanctum__entry_get_ref(&e, i, &r) != 0)
                abort();
        (void)sanctum__entry_verify(&e, data, pk);
    }
    if (sanctum__record_parse(&rec, "FUZ-0000-0000", data, size) == 0)
        sanctum__record_clear(&rec);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* trust_fuzzer.c - libFuzzer harness: the public trust file from untrusted bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sanctum__trust t;

    if (sanctum__trust_parse(&t, (const char *)data, size) == 0) {
        if (t.nusers == 0)
            abort();
        sanctum__trust_clear(&t);
    }
    return 0;
}

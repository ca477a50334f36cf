/* SPDX-License-Identifier: Apache-2.0 */
/* checkpoint_fuzzer.c - libFuzzer harness: checkpoint texts and signed checkpoints from untrusted bytes. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "merkle.h"
#include "note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The AUDIT-FORMATS §10.8 log key. */
static const char log_vkey[] =
    "example.com/case-audit+9ba52a72+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";

static sanctum__note_verifier log_key;

static void
init_once(void)
{
    static int ready;

    if (ready)
        return;
    if (sodium_init() < 0 || sanctum__note_vkey_parse(&log_key, log_vkey) != 0)
        abort();
    ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sanctum__checkpoint cp, back;
    char text[SANCTUM__CHECKPOINT_TEXT_MAX];
    unsigned char h[32];

    init_once();
    if (sanctum__checkpoint_parse(&cp, (const char *)data, size) == 0) {
        /* Whatever parses and has a key-name origin formats to text that
         * parses back to the same checkpoint. */
        if (strlen(cp.origin) == 0 || strlen(cp.origin) > 255)
            abort();
        if (sanctum__checkpoint_format(text, sizeof text, &cp) == 0 &&
            (sanctum__checkpoint_parse(&back, text, strlen(text)) != 0 ||
             memcmp(&cp, &back, sizeof cp) != 0))
            abort();
    }
    (void)sanctum__checkpoint_open(&cp, (const char *)data, size, &log_key, NULL);
    (void)sanctum__checkpoint_open(&cp, (const char *)data, size, &log_key,
                                   "example.com/case-audit");
    (void)sanctum__merkle_hash_parse(h, (const char *)data, size);
    return 0;
}

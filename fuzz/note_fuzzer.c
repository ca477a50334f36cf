/* SPDX-License-Identifier: Apache-2.0 */
/* note_fuzzer.c - libFuzzer harness: signed notes and verifier keys from untrusted bytes. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Trusted keys: the Go test keys (type 0x01) and the project witness (0x04). */
static const char *const trusted_vkeys[] = {
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
    "example.com/case-witness+be0c285b+BCmsuuFBvMrwsi4alNNNC8c2HlJtC/4SyJeUvJMilm3X",
};
#define NKEYS (sizeof trusted_vkeys / sizeof trusted_vkeys[0])

static sanctum__note_verifier keys[NKEYS];

static void
init_once(void)
{
    static int ready;
    size_t i;

    if (ready)
        return;
    if (sodium_init() < 0)
        abort();
    for (i = 0; i < NKEYS; i++) {
        if (sanctum__note_vkey_parse(&keys[i], trusted_vkeys[i]) != 0)
            abort();
    }
    ready = 1;
}

/* A parsed vkey formats back to a vkey that parses to the same verifier. */
static void
check_vkey(const char *s)
{
    sanctum__note_verifier v, w;
    char out[512];

    if (sanctum__note_vkey_parse(&v, s) != 0)
        return;
    if (sanctum__note_vkey_format(out, sizeof out, v.name, v.type, v.pk) != 0 ||
        sanctum__note_vkey_parse(&w, out) != 0 || memcmp(&v, &w, sizeof v) != 0)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sanctum__note_open_result res;
    char *copy;
    size_t i;

    init_once();
    if (sanctum__note_open(&res, (const char *)data, size, keys, NKEYS) == 0) {
        /* Success means: a text ending in '\n' before a blank line, and
         * between 1 and 16 recorded trusted keys. */
        if (res.text_len == 0 || res.text_len + 2 > size || data[res.text_len - 1] != '\n' ||
            data[res.text_len] != '\n' || res.n_verified == 0 ||
            res.n_verified > SANCTUM__NOTE_MAX_VERIFIED)
            abort();
        for (i = 0; i < res.n_verified; i++) {
            if (res.verified[i] >= NKEYS)
                abort();
        }
    }
    (void)sanctum__note_text_valid((const char *)data, size);

    if ((copy = malloc(size + 1)) == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    check_vkey(copy);
    (void)sanctum__note_name_valid(copy);
    free(copy);
    return 0;
}

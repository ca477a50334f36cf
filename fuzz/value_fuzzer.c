/* SPDX-License-Identifier: Apache-2.0 */
/* value_fuzzer.c - libFuzzer harness: property value checks, ids and identifier normal forms.
 *
 * Every value an analyst types or a list file carries passes
 * sanctum__value_check(). The first two bytes pick a schema and one of its
 * properties; the rest is the value. A value that passes must pass again
 * unchanged (normal forms are fixed points), must not grow, and must be
 * valid, NUL-free text. Entity ids and identifier normal forms are read
 * from the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blindindex.h"
#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sanctum__schema *s;
    const sanctum__prop *p;
    char *out, *again, id[SANCTUM__ID_MAX], id2[SANCTUM__ID_MAX], ident[SANCTUM__IDENT_MAX + 1];
    size_t len;

    if (size < 2)
        return 0;
    s = sanctum__schema_at(data[0] % sanctum__schema_count());
    p = s->props[data[1] % s->nprops];
    data += 2;
    size -= 2;
    if ((out = malloc(size + 1)) == NULL || (again = malloc(size + 1)) == NULL) {
        free(out);
        return 0;
    }
    for (unsigned int flags = 0; flags <= SANCTUM__VC_FOREIGN_REF; flags++) {
        if (sanctum__value_check_ex(s, p, (const char *)data, size, out, size + 1, flags) != 0) {
            if (out[0] != '\0') /* a refusal leaves an empty string */
                abort();
            continue;
        }
        len = strlen(out);
        if (len > size)
            abort();
        if (sanctum__value_check_ex(s, p, out, len, again, len + 1, flags) != 0 ||
            strcmp(out, again) != 0)
            abort();
    }
    if (sanctum__id_parse(id, (const char *)data, size) == 0 &&
        (!sanctum__id_valid(id) || sanctum__id_parse(id2, id, strlen(id)) != 0 ||
         strcmp(id, id2) != 0))
        abort();
    len = sanctum__ix_ident_norm(ident, sizeof ident, (const char *)data, size);
    if (len >= sizeof ident || ident[len] != '\0')
        abort();
    free(out);
    free(again);
    return 0;
}

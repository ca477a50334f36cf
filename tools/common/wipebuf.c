/* SPDX-License-Identifier: Apache-2.0 */
/* wipebuf.c - growing buffers that may hold case data: the old block is wiped before it is freed. */
#include "wipebuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

int
tool_grow(char **buf, size_t *cap, size_t need)
{
    size_t ncap = *cap > 0 ? *cap : 64;
    char *p;

    if (need <= *cap)
        return 0;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if ((p = malloc(ncap)) == NULL)
        return -1;
    if (*buf != NULL) {
        memcpy(p, *buf, *cap);
        sanctum_wipe(*buf, *cap);
        free(*buf);
    }
    *buf = p;
    *cap = ncap;
    return 0;
}

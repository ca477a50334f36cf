/* SPDX-License-Identifier: Apache-2.0 */
/* wipebuf.h - growing buffers that may hold case data: the old block is wiped before it is freed. */
#ifndef SANCTUM_TOOL_WIPEBUF_H
#define SANCTUM_TOOL_WIPEBUF_H

#include <stddef.h>

/* Grow *buf (capacity *cap) to hold `need` bytes, doubling: the old block
 * is copied, wiped and freed (realloc would leave a copy of names or
 * values in freed memory). 0, or -1 when out of memory (*buf unchanged). */
int tool_grow(char **buf, size_t *cap, size_t need);

#endif

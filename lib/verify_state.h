/* SPDX-License-Identifier: Apache-2.0 */
/* verify_state.h (internal) - what the trail says each entity is, for the verifier. */
#ifndef SANCTUM_LIB_VERIFY_STATE_H
#define SANCTUM_LIB_VERIFY_STATE_H

#include <stddef.h>
#include <stdint.h>

/* The state of one entity after the entries seen so far. */
typedef struct sanctum__vent {
    char id[24];              /* entity id */
    uint64_t revision;        /* last committed revision; 0 = erased */
    unsigned char hash[32];   /* committed record hash */
    uint64_t last_entry;      /* index of the entry that set it */
    uint8_t status;           /* lifecycle state, 0 = not tracked yet */
    uint8_t seen;             /* the live record was found (final pass) */
} sanctum__vent;

typedef struct sanctum__vstate sanctum__vstate;

sanctum__vstate *sanctum__vstate_new(void);
void sanctum__vstate_free(sanctum__vstate *s);
/* The entry for `id`, or NULL. */
sanctum__vent *sanctum__vstate_get(sanctum__vstate *s, const char *id);
/* The entry for `id`, created zeroed if new; NULL on allocation failure or
 * an id longer than 23 bytes. */
sanctum__vent *sanctum__vstate_put(sanctum__vstate *s, const char *id);
/* Iterate: *pos starts at 0; returns NULL at the end. */
sanctum__vent *sanctum__vstate_next(sanctum__vstate *s, size_t *pos);

#endif

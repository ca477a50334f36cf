/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex_refs.c - which stored entities refer to an entity, through the blind index. */
#include "blindindex.h"
#include "postings.h"

#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "session.h"

/*
 * Entity references (Ownership.owner, Associate.person, Sanction.entity,
 * ...) are indexed like identifiers, under a key per (property, level):
 * the token of `id` under property P and level L lists the values of
 * level L naming `id` in P. A deletion looks for them here, with the
 * levels the session holds.
 */

struct refscan {
    uint64_t self;             /* the entity's own code (tag bits zero) */
    uint64_t found[8];         /* codes of other entities naming it */
    size_t nfound;
};

static int
on_refs(void *arg, const uint64_t *refs, size_t n)
{
    struct refscan *r = arg;

    for (size_t i = 0; i < n && r->nfound < 8; i++) {
        uint64_t code = refs[i] >> 9 << 9;
        if (code != r->self)
            r->found[r->nfound++] = code;
    }
    return SANCTUM_OK;
}

/* Is p the first entity property of its name in the schema table? */
static int
first_of_name(size_t si, size_t pi)
{
    const char *name = sanctum__schema_at(si)->props[pi]->name;

    for (size_t a = 0; a <= si; a++) {
        const sanctum__schema *t = sanctum__schema_at(a);
        for (size_t b = 0; b < t->nprops && !(a == si && b == pi); b++)
            if (t->props[b]->type == SANCTUM__PT_ENTITY && strcmp(t->props[b]->name, name) == 0)
                return 0;
        if (a == si)
            break;
    }
    return 1;
}

int
sanctum__ix_referrer(MDB_txn *txn, const sanctum_session *s, const char *id,
                     char by[SANCTUM__ID_MAX], const char **prop)
{
    const sanctum_store *st = s->st;
    char norm[SANCTUM__ID_MAX];
    size_t nlen = sanctum__ix_ident_norm(norm, sizeof norm, id, strlen(id));
    sanctum__ix_keys *keys = NULL;
    sanctum__ix_stats stats;
    struct refscan r;
    MDB_cursor *cur = NULL;
    int rc, found = 0;

    memset(&r, 0, sizeof r);
    if ((rc = sanctum__ix_entity_code(&r.self, id)) < 0)
        return rc;
    if ((rc = sanctum__ix_stats_get(txn, st, &stats)) < 0 ||
        (rc = sanctum__ix_keys_new(&keys, s->kr, stats.keyver)) < 0)
        return rc;
    if ((rc = mdb_cursor_open(txn, st->dbi[SANCTUM__DB_POSTINGS], &cur)) != 0) {
        sanctum__ix_keys_free(keys);
        return sanctum__err_mdb(rc, "index");
    }
    rc = SANCTUM_OK;
    for (size_t si = 0; si < sanctum__schema_count() && rc == SANCTUM_OK && !found; si++) {
        const sanctum__schema *sc = sanctum__schema_at(si);
        for (size_t pi = 0; pi < sc->nprops && rc == SANCTUM_OK && !found; pi++) {
            const sanctum__prop *p = sc->props[pi];
            if (p->type != SANCTUM__PT_ENTITY || !first_of_name(si, pi))
                continue;
            for (int l = 1; l <= 3 && rc == SANCTUM_OK && !found; l++) {
                unsigned char t[SANCTUM__IX_TOKEN_BYTES];
                uint64_t mask;
                if (!sanctum__ix_keys_level(keys, l))
                    continue; /* a level it cannot read: references there stay unseen */
                r.nfound = 0;
                if ((rc = sanctum__ix_token(t, keys, SANCTUM__IX_ID, p->name, l,
                                            SANCTUM__IX_KIND_ID, norm, nlen)) < 0 ||
                    (rc = sanctum__ix_mask(&mask, keys, t)) < 0 ||
                    (rc = sanctum__postings_scan(cur, t, mask, on_refs, &r)) < 0)
                    break;
                for (size_t i = 0; i < r.nfound && !found; i++) {
                    MDB_val v;
                    sanctum__ix_entity_id(by, r.found[i]);
                    rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, by, strlen(by), &v);
                    if (rc == SANCTUM_ENOTFOUND) {
                        rc = SANCTUM_OK; /* not stored (any more): no referrer */
                        continue;
                    }
                    if (rc == SANCTUM_OK) {
                        found = 1;
                        *prop = p->name;
                    }
                }
            }
        }
    }
    mdb_cursor_close(cur);
    sanctum__ix_keys_free(keys);
    sodium_memzero(norm, sizeof norm);
    return rc < 0 ? rc : found;
}

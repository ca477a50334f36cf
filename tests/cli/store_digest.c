/* SPDX-License-Identifier: Apache-2.0 */
/* store_digest.c - BLAKE2b over every key and value of every LMDB database of a store. */
#include "store_digest.h"

#include <lmdb.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Hash a length-prefixed item so ("ab","c") and ("a","bc") differ. */
static void
hash_item(crypto_generichash_state *h, const MDB_val *v)
{
    unsigned char len[8];
    uint64_t n = v->mv_size;
    int i;

    for (i = 0; i < 8; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(h, len, sizeof len);
    crypto_generichash_update(h, v->mv_data, v->mv_size);
}

/* Hash every key/value pair of `dbi` in key (and duplicate) order. */
static int
hash_db(crypto_generichash_state *h, MDB_txn *txn, MDB_dbi dbi, int is_main)
{
    MDB_cursor *cur;
    MDB_val k, v;
    int rc;

    if ((rc = mdb_cursor_open(txn, dbi, &cur)) != 0)
        return rc;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        char name[256];
        MDB_dbi sub;

        hash_item(h, &k);
        /* In the main database, a key naming a sub-database stands for
         * that database's content. */
        if (is_main && k.mv_size < sizeof name && memchr(k.mv_data, '\0', k.mv_size) == NULL) {
            memcpy(name, k.mv_data, k.mv_size);
            name[k.mv_size] = '\0';
            if (mdb_dbi_open(txn, name, 0, &sub) == 0) {
                crypto_generichash_update(h, (const unsigned char *)"DB", 2);
                if ((rc = hash_db(h, txn, sub, 0)) != 0)
                    break;
                continue;
            }
        }
        hash_item(h, &v);
    }
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

int
store_digest(const char *dir, unsigned char out[STORE_DIGEST_BYTES])
{
    crypto_generichash_state h;
    MDB_env *env = NULL;
    MDB_txn *txn = NULL;
    MDB_dbi main_dbi;
    int rc;

    if (sodium_init() < 0)
        return -1;
    if ((rc = mdb_env_create(&env)) != 0)
        return rc;
    if ((rc = mdb_env_set_maxdbs(env, 256)) != 0 ||
        (rc = mdb_env_open(env, dir, MDB_RDONLY, 0600)) != 0 ||
        (rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn)) != 0 ||
        (rc = mdb_dbi_open(txn, NULL, 0, &main_dbi)) != 0)
        goto done;
    crypto_generichash_init(&h, NULL, 0, STORE_DIGEST_BYTES);
    if ((rc = hash_db(&h, txn, main_dbi, 1)) != 0)
        goto done;
    rc = crypto_generichash_final(&h, out, STORE_DIGEST_BYTES);
done:
    if (txn != NULL)
        mdb_txn_abort(txn);
    mdb_env_close(env);
    return rc;
}

void
assert_store_unchanged(const char *dir, const unsigned char before[STORE_DIGEST_BYTES])
{
    unsigned char after[STORE_DIGEST_BYTES];

    assert_int_equal(store_digest(dir, after), 0);
    if (memcmp(before, after, STORE_DIGEST_BYTES) != 0)
        fail_msg("store %s changed", dir);
}

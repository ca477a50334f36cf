/* SPDX-License-Identifier: Apache-2.0 */
/* blindindex.h (internal) - keyed BLAKE2b tokens so the store can find without decrypting. */
#ifndef SANCTUM_LIB_BLINDINDEX_H
#define SANCTUM_LIB_BLINDINDEX_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/entity.h>
#include <sanctum/session.h>
#include "keys.h"
#include "normalize.h"
#include "schema.h"
#include "store.h"

/*
 * Two kinds of keyed token live here:
 *
 * - source tokens (import.c): BLAKE2b-256 under sanctum__index_subkey(kr,
 *   "source") of (list, source id), SANCTUM__TOKEN_BYTES long;
 *
 * - posting tokens (screening): BLAKE2b-128 under a key per (property
 *   class, level) of (key kind, key bytes), SANCTUM__IX_TOKEN_BYTES long.
 *   The key of a level is derived from the index key AND that level's key,
 *   so a session finds only values of levels it may read.
 *
 * Tables (docs/screening.md has the byte layouts):
 *   postings     token -> value refs XOR the token's mask, in sorted blocks
 *                with the token's total (postings.h)
 *   index_values entity id -> its indexed values (sealed under the index key):
 *                nonce, class, level, tokens
 *                "#stats"  -> values per class and level, token key versions
 *   index_names  value ref -> the sealed normalised form of each name with it
 * A value ref is the entity's id packed in 55 bits and a 9-bit tag of the
 * value's nonce, so a posting leads straight to the entity and the value.
 */

#define SANCTUM__TOKEN_BYTES 32    /* source tokens */
#define SANCTUM__IX_TOKEN_BYTES 16 /* posting tokens */
#define SANCTUM__IX_REF_BYTES 8    /* one posting */
#define SANCTUM__IX_POSTING_BYTES (SANCTUM__IX_TOKEN_BYTES + SANCTUM__IX_REF_BYTES)
#define SANCTUM__IX_TAG_MASK 0x1FFu
#define SANCTUM__IX_PREFIX_SHIFT 49 /* a ref's top 15 bits: its id prefix, 5 per letter */

/* Version of the rules that turn names into lookup keys, kept in the meta
 * table as "index_rules" by store creation and by a reindex (absent: 1).
 * 2: numbers and codes ("MS-13") make keys. 3: more company legal forms
 * are dropped (Sh.p.k., W.L.L., TOO, MChJ ...), and a short one kept at a
 * name's end is optional in scoring; stored names are resealed in that
 * form. Name screening refuses an index built by older rules: names the
 * new rules find would be missed. */
#define SANCTUM__INDEX_RULES 3
#define SANCTUM__INDEX_RULES_KEY "index_rules"

/* Per-purpose key derived from the store's index key:
 * BLAKE2b-256(key = index key, "sanctum.index.v1." || label). The label names
 * the property or purpose ("source", "lookup-commit"). */
int sanctum__index_subkey(unsigned char out[32], const sanctum__keyring *kr,
                          const char *label);

/* token = BLAKE2b-256(key = subkey, data). */
void sanctum__index_token(unsigned char out[SANCTUM__TOKEN_BYTES],
                          const unsigned char subkey[32], const void *data, size_t len);

/* ------------------------------------------------------------ classes */

/* What an indexed value is. */
enum sanctum__ix_class {
    SANCTUM__IX_NAME = 1, /* name, alias, previousName: finds candidates */
    SANCTUM__IX_WEAK = 2, /* weakAlias: may confirm a match, never raise one */
    SANCTUM__IX_ID = 3    /* identifiers (passportNumber ...): exact lookup */
};

/* Key kinds beyond sanctum__key_kind (1..6) that posting tokens carry. */
#define SANCTUM__IX_KIND_DF 0x10 /* a word that makes no lookup key (particle,
                                    initial): counted for its frequency */
#define SANCTUM__IX_KIND_ID 0x20 /* an identifier's normal form */

/* Class a property is indexed in, or 0 if it is not indexed. */
int sanctum__ix_class(const sanctum__prop *p);

/* How names of schema `s` are normalised (person, company, vessel, any). */
sanctum__name_kind sanctum__ix_name_kind(const sanctum__schema *s);

/* Normal form of an identifier: ASCII letters upper-cased, spaces, dashes,
 * dots and slashes dropped, other bytes kept. Writes at most cap - 1 bytes
 * and a NUL; returns the length (0: nothing left to index). */
size_t sanctum__ix_ident_norm(char *out, size_t cap, const char *v, size_t len);

/* ------------------------------------------------------------ value refs */

/* The 55-bit code of a canonical entity id, shifted left by 9 (the tag
 * bits zero). SANCTUM_EINVAL if `id` is not PREFIX-XXXX-XXXX. */
int sanctum__ix_entity_code(uint64_t *out, const char *id);

/* The 15-bit code of a 3-letter id prefix ("PER"): a ref's bits from
 * SANCTUM__IX_PREFIX_SHIFT up, 5 per letter. */
unsigned int sanctum__ix_prefix_code(const char *prefix);

/* The entity id of a value ref (inverse of the above, tag ignored). */
void sanctum__ix_entity_id(char out[SANCTUM__ID_MAX], uint64_t ref);

/* The 9-bit tag of a value's nonce. Two values of one entity may share a
 * tag: maintenance and screening both allow for it. */
unsigned int sanctum__ix_value_tag(const unsigned char nonce[24]);

/* ------------------------------------------------------------ statistics */

typedef struct sanctum__ix_stats {
    uint64_t count[4][4];  /* [class][level]: values indexed */
    uint32_t keyver[4];    /* [level]: level key version its tokens derive from */
} sanctum__ix_stats;

/* Read the index statistics (zero counts and key version 1 when absent). */
int sanctum__ix_stats_get(MDB_txn *txn, const sanctum_store *st, sanctum__ix_stats *out);
void sanctum__ix_stats_default(sanctum__ix_stats *s);
int sanctum__ix_stats_put(MDB_txn *txn, const sanctum_store *st, const sanctum__ix_stats *s);

/* ------------------------------------------------------------ token keys */

/* Keyed BLAKE2b states of one keyring, per (class, level) and per
 * identifier property. Holds key material: free with sanctum__ix_keys_free(),
 * which wipes it. Not thread-safe while states are created on demand; after
 * sanctum__ix_keys_prepare() the name states may be read by many threads. */
typedef struct sanctum__ix_keys sanctum__ix_keys;

/* Keys for `kr` with the token key versions `keyver` (from the statistics). */
int sanctum__ix_keys_new(sanctum__ix_keys **out, const sanctum__keyring *kr,
                         const uint32_t keyver[4]);
void sanctum__ix_keys_free(sanctum__ix_keys *k);

/* May tokens of `level` be made (the keyring holds the index key and the
 * level key of the index's version)? 1/0. */
int sanctum__ix_keys_level(const sanctum__ix_keys *k, int level);

/* Derive the name and weak-alias states of every level the keyring holds,
 * so that later sanctum__ix_token() calls for those classes only read. */
int sanctum__ix_keys_prepare(sanctum__ix_keys *k);

/* The mask of a token's postings: a posting holds ref XOR mask, the mask
 * being BLAKE2b-64 of the token under the index key's "posting-mask"
 * subkey, so that without the index key nobody can tell which postings of
 * different tokens name the same value (only how many each token has). */
int sanctum__ix_mask(uint64_t *out, sanctum__ix_keys *k,
                     const unsigned char tok[SANCTUM__IX_TOKEN_BYTES]);
/* Derive the mask state now, so that later sanctum__ix_mask() calls only
 * read `k` (from any thread). */
int sanctum__ix_mask_ready(sanctum__ix_keys *k);

/* Token of (kind, key) for class `cls` at `level`; `prop` names the
 * identifier property for SANCTUM__IX_ID (else NULL). SANCTUM_EPERM when
 * the keyring lacks the keys for `level`. */
int sanctum__ix_token(unsigned char out[SANCTUM__IX_TOKEN_BYTES], sanctum__ix_keys *k,
                      int cls, const char *prop, int level, unsigned int kind,
                      const void *key, size_t len);

/* The first stored entity other than `id` with an entity reference to
 * `id` that the session can see (blindindex_refs.c): its id into `by`,
 * the property into *prop (static). 1 if found, 0 if none, or a code.
 * References at levels the session holds no key for are not seen. */
int sanctum__ix_referrer(MDB_txn *txn, const sanctum_session *s, const char *id,
                         char by[SANCTUM__ID_MAX], const char **prop);

/* ------------------------------------------------------------ indexed values */

/* One indexed value of an entity (views valid during the callback). */
typedef struct sanctum__ix_value {
    const unsigned char *nonce; /* of its stored ciphertext */
    uint8_t cls, level;
    unsigned int tag;           /* sanctum__ix_value_tag(nonce) */
} sanctum__ix_value;

/* Return 0 to go on, 1 to stop, or a negative code (passed back). */
typedef int (*sanctum__ix_value_fn)(void *arg, const sanctum__ix_value *v);

/* The plain list of entity `id`'s indexed values (blindindex_upkeep.c
 * documents it), malloc'd into *out; the caller wipes and frees it.
 * SANCTUM_ENOTFOUND when the entity has none. */
int sanctum__ix_values_get(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                           const char *id, unsigned char **out, size_t *len);

/* Seal the plain list[len] (the format sanctum__ix_values_get() returns)
 * and store it as entity `id`'s list, in the writer's transaction. */
int sanctum__ix_values_put(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                           const char *id, const unsigned char *list, size_t len);

/* Feed every indexed value of entity `id` to fn (none if it has none).
 * The record is sealed under the index key: `kr` must hold it. */
int sanctum__ix_values_each(MDB_txn *txn, const sanctum_store *st, const sanctum__keyring *kr,
                            const char *id, sanctum__ix_value_fn fn, void *arg);

/* ------------------------------------------------------------ sealed names */

/*
 * One entry of index_names (views into LMDB memory, valid during the
 * callback). Layout: u8 class (| SANCTUM__IX_NAME_SALTED), u8 level,
 * u32 key version, the value's 24-byte nonce, [8-byte salt], u8 length +
 * property, u16 length + sealed packed name. The name is sealed under the
 * value's nonce with the salt XORed into its last 8 bytes: a fresh salt
 * per seal, so resealing one value's name (a reindex after a change of
 * the normaliser) never reuses a nonce for another plaintext. Entries
 * written before the salt (no flag) were sealed under the value's nonce.
 */
#define SANCTUM__IX_NAME_SALTED 0x80
#define SANCTUM__IX_NAME_SALT_BYTES 8

typedef struct sanctum__ix_name_entry {
    uint8_t cls, level;
    uint32_t keyver;
    const unsigned char *nonce; /* the value's nonce (24) */
    unsigned char seal_nonce[24]; /* the nonce the name is sealed under */
    const char *prop;           /* property name, not NUL-terminated */
    size_t prop_len;
    const unsigned char *ct;    /* sealed packed name */
    size_t ct_len;
} sanctum__ix_name_entry;

/* Parse the entry at p (left bytes on): its length, or 0 if malformed. */
size_t sanctum__ix_name_entry_parse(sanctum__ix_name_entry *e, const unsigned char *p,
                                    size_t left);

/* The nonce a name of the value with nonce `value_nonce` is sealed under,
 * with `salt` (SANCTUM__IX_NAME_SALT_BYTES; NULL for an unsalted entry). */
void sanctum__ix_name_seal_nonce(unsigned char out[24], const unsigned char value_nonce[24],
                                 const unsigned char *salt);

/* Return 0 to go on, 1 to stop, or a negative code (passed back). */
typedef int (*sanctum__ix_name_fn)(void *arg, const sanctum__ix_name_entry *e);

/* A value ref is the entity's code with this many low bits for the value's tag. */
#define SANCTUM__IX_TAG_BITS 9

/* Feed every sealed name of the entity with code `code` (its ref with
 * the tag bits zero) to fn, whatever the value: its refs are adjacent
 * keys of the names table, read in one pass over one or two pages, where
 * going through the entity's value list reads that list too. */
int sanctum__ix_names_entity(MDB_txn *txn, const sanctum_store *st, uint64_t code,
                             sanctum__ix_name_fn fn, void *arg);

/* Feed every sealed name stored under value ref `ref` to fn.
 * SANCTUM_ECORRUPT when none is stored under it: callers reach a ref only
 * through the postings or an entity's value list, which promise names. */
int sanctum__ix_names_each(MDB_txn *txn, const sanctum_store *st, uint64_t ref,
                           sanctum__ix_name_fn fn, void *arg);

/* Pack a normalised name into out[cap] (docs/screening.md); returns the
 * length, 0 if it does not fit. Unpack checks every offset and returns
 * SANCTUM_ECORRUPT for malformed bytes. */
size_t sanctum__ix_name_pack(unsigned char *out, size_t cap, const sanctum__name *nm);
int sanctum__ix_name_unpack(sanctum__name *nm, const unsigned char *b, size_t len);

/* XChaCha20-Poly1305 of a packed name under BLAKE2b(level key of
 * (level, keyver), "sanctum.index.name.v1"), with the nonce given (the
 * entry's seal nonce, sanctum__ix_name_seal_nonce), bound to store,
 * entity, property, level and version. ct holds len + 16 bytes.
 * Open returns SANCTUM_EPERM (no detail) when the keyring lacks that key,
 * SANCTUM_ECORRUPT when it fails authentication. */
int sanctum__ix_name_seal(unsigned char *ct, const unsigned char *pt, size_t len,
                          const sanctum__keyring *kr, const unsigned char store_id[16],
                          const char *id, const char *prop, int level, uint32_t keyver,
                          const unsigned char nonce[24]);
int sanctum__ix_name_open(unsigned char *pt, const unsigned char *ct, size_t ct_len,
                          const sanctum__keyring *kr, const unsigned char store_id[16],
                          const char *id, const char *prop, size_t prop_len, int level,
                          uint32_t keyver, const unsigned char nonce[24]);

/* ------------------------------------------------------------ maintenance */

/*
 * Bring the index up to date with entity `id`, whose record has just been
 * written in `txn` from `e` (value i of the record is value i of e), or
 * deleted (e NULL). Values are known by their nonce: a value whose nonce
 * was indexed before keeps its postings untouched (so values the session
 * cannot read, carried over byte for byte, stay findable); new values are
 * tokenised from their plaintext; values gone lose their postings. All in
 * the caller's write transaction.
 */
int sanctum__index_entity(MDB_txn *txn, const sanctum_session *s, const char *id,
                          const sanctum_entity *e);

/*
 * The same over a long run of entities in one transaction (an import run,
 * a rebuild): the token keys are made once, postings are deferred and
 * written sorted by token in large chunks, the statistics are written
 * once at the end. Entities go through sanctum__ixrun_entity() as they are
 * written; sanctum__ixrun_end(r, 1) writes what is left (before the
 * transaction commits), sanctum__ixrun_end(r, 0) only frees (on abort).
 * Nothing else may change the index tables in the transaction meanwhile.
 */
typedef struct sanctum__ixrun sanctum__ixrun;
int sanctum__ixrun_begin(sanctum__ixrun **out, MDB_txn *txn, const sanctum_session *s);
int sanctum__ixrun_entity(sanctum__ixrun *r, const char *id, const sanctum_entity *e);
int sanctum__ixrun_end(sanctum__ixrun *r, int write);

/* Write the deferred postings whenever this many are waiting (default
 * 2^22). Fewer at a time cost more LMDB searches in all, but a writer
 * whose other work runs on another core (create_batch) keeps both busy. */
void sanctum__ixrun_flush_at(sanctum__ixrun *r, size_t postings);

/*
 * Work done ahead, on another thread, for entities a run is about to
 * create: the tokens and sealed names of their values, made from the
 * record bytes they will be stored as (which give each value's nonce,
 * level and key version). A sanctum__ixprep is one thread's tools (its own
 * token keys, normaliser and token cache) for the token key versions of
 * run `r`, made on the thread that writes through `r` (it copies r's
 * state, which those writes change); it touches no transaction, and the
 * session does not change meanwhile. sanctum__ixrun_entity_ready() then
 * indexes the entity as sanctum__ixrun_entity() does, taking the prepared
 * values (work made for other token keys or another entity is ignored and
 * done there).
 */
typedef struct sanctum__ixprep sanctum__ixprep;
typedef struct sanctum__ixready sanctum__ixready;
int sanctum__ixprep_new(sanctum__ixprep **out, const sanctum__ixrun *r);
void sanctum__ixprep_free(sanctum__ixprep *p);
/* Before sanctum__ahead_start() of n items, on the writer's thread: the
 * tools of each worker that will make some (lib/ahead.h), those not made
 * yet. */
int sanctum__ixprep_tools(sanctum__ixprep *tools[2], const sanctum__ixrun *r, size_t n);
int sanctum__ixprep_entity(sanctum__ixprep *p, sanctum__ixready **out, const char *id,
                           const sanctum_entity *e, const unsigned char *rec, size_t reclen);
void sanctum__ixready_free(sanctum__ixready *x);
int sanctum__ixrun_entity_ready(sanctum__ixrun *r, const char *id, const sanctum_entity *e,
                                const sanctum__ixready *ready);

/* Sort n deferred postings (token || big-endian ref, SANCTUM__IX_POSTING_BYTES
 * each) into token order; the refs of one token may come in any order
 * (lib/postings_sort.c). */
void sanctum__postings_sort(unsigned char *a, size_t n);

/* qsort order of uint64_t, ascending (lib/postings_sort.c). */
int sanctum__u64_cmp(const void *a, const void *b);

/* Sort n tokens (SANCTUM__IX_TOKEN_BYTES each) in memcmp order: the few
 * of one value by insertion, where qsort costs more in calls than it saves. */
void sanctum__tokens_sort(unsigned char *a, size_t n);

/* Empty every index table and set the token key versions to `keyver`
 * (for a rebuild in the same transaction). */
int sanctum__index_clear(MDB_txn *txn, const sanctum_store *st, const uint32_t keyver[4]);

/* ------------------------------------------------------------ normalisers */

/* A normaliser from a process-wide pool (creating one costs milliseconds).
 * Give it back with sanctum__ix_normalizer_give() from any thread. */
int sanctum__ix_normalizer_take(sanctum__normalizer **out);
void sanctum__ix_normalizer_give(sanctum__normalizer *n);

#endif

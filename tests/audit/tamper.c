/* SPDX-License-Identifier: Apache-2.0 */
/* tamper.c - each attack on a copy of a real store, caught by verify with a precise report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "au_util.h"

#include <sanctum/case.h>

#include "audit.h"
#include "checkpoint.h"
#include "merkle.h"
#include "record.h"
#include "schema.h"
#include "session.h"
#include "store.h"

/* Offset of the purpose text in an entry: magic, store id, index, time,
 * actor, key id, action, prev, purpose length (docs/audit-entry.md). */
#define PURPOSE_OFFSET (4 + 16 + 8 + 8 + 4 + 8 + 1 + 32 + 2)

/* ------------------------------------------------------------ helpers */

static void
flip_entry_byte(const char *dir, uint64_t index, size_t offset_from_start, int from_end)
{
    au_env e;
    unsigned char k[8], *v;
    size_t len;

    au_env_open(&e, dir);
    au_key64(k, index);
    assert_int_equal(au_get(&e, "audit", k, 8, &v, &len), 0);
    assert_true(offset_from_start < len);
    v[from_end ? len - 1 - offset_from_start : offset_from_start] ^= 0x01;
    au_put(&e, "audit", k, 8, v, len);
    free(v);
    au_env_commit(&e);
}

/* Run fn(txn, st, ctx) in a write transaction of the store copy in dir,
 * through the library's own write path (a store handle, no session). */
struct forge {
    int (*fn)(MDB_txn *txn, sanctum_store *st, void *ctx);
    sanctum_store *st;
    void *ctx;
};

static int
forge_txn(MDB_txn *txn, void *arg)
{
    struct forge *f = arg;

    return f->fn(txn, f->st, f->ctx);
}

static void
forge_in(const char *dir, int (*fn)(MDB_txn *, sanctum_store *, void *), void *ctx)
{
    struct forge f = { fn, NULL, ctx };
    int rc;

    if ((rc = sanctum_store_open(&f.st, dir, NULL)) != SANCTUM_OK)
        fail_msg("open %s: %s", dir, sanctum_last_error());
    if ((rc = sanctum__store_write(f.st, forge_txn, &f)) != SANCTUM_OK)
        fail_msg("forging in %s: %s (%s)", dir, sanctum_strerror(rc), sanctum_last_error());
    sanctum_store_close(f.st);
}

/* A consult entry of entity `id`, signed by keyring kr as user actor. */
struct consult_forge {
    const sanctum__keyring *kr;
    uint32_t actor;
    const char *id;
    int bad_prev;      /* first overwrite the trail head with a wrong hash */
};

static int
append_consult(MDB_txn *txn, sanctum_store *st, void *arg)
{
    struct consult_forge *c = arg;
    sanctum__audit_ref ref = { c->id, 0, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_CONSULT, "routine check", &ref, 1, NULL, 0 };
    unsigned char junk[32];
    sanctum__record rec;
    MDB_val v;
    int rc;

    if ((rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, c->id, strlen(c->id), &v)) < 0)
        return rc;
    if ((rc = sanctum__record_parse(&rec, c->id, v.mv_data, v.mv_size)) < 0)
        return rc;
    ref.revision = rec.revision;
    sanctum__record_clear(&rec);
    sanctum__record_hash(ref.hash, v.mv_data, v.mv_size);
    if (c->bad_prev) {
        memset(junk, 0x5a, sizeof junk);
        if ((rc = sanctum__put(txn, st, SANCTUM__DB_META, "audit_prev", 10, junk, 32, 0)) < 0)
            return rc;
    }
    return sanctum__audit_append(txn, st, c->kr, c->actor, &spec);
}

/* ------------------------------------------------------------ sound */

static void
test_tamper__pristine_copy_is_sound(void **state)
{
    sanctum_verify_report r;
    char dir[4096];

    au_copy(&world, "pristine", dir, sizeof dir);
    au_expect_sound(&world, dir, NULL);
    au_expect_sound(&world, dir, world.ck_mid_path);
    au_expect_sound(&world, dir, world.ck_late_path);
    assert_int_equal(au_verify(&r, &world, dir, NULL), SANCTUM_OK);
    assert_int_equal(r.entries, world.size);
    assert_true(r.signatures >= world.size);
    assert_true(r.checkpoints >= 1);
    assert_int_equal(r.records, 5);     /* p1, p2, p3, case1, case2 */
    assert_int_equal(r.bad_index, -1);
    assert_int_equal(r.tampered, 0);
    /* The older copy is sound by itself and against the checkpoint of its time. */
    au_expect_sound(&world, world.older, NULL);
    au_expect_sound(&world, world.older, world.ck_mid_path);
}

/* ------------------------------------------------------------ entries */

static void
test_tamper__one_byte_of_an_entry(void **state)
{
    char dir[4096];

    au_copy(&world, "byte", dir, sizeof dir);
    flip_entry_byte(dir, world.p1_create, PURPOSE_OFFSET, 0);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.p1_create, "signature|leaf|hash");
}

static void
test_tamper__one_byte_of_an_entry_signature(void **state)
{
    char dir[4096];

    au_copy(&world, "sigbyte", dir, sizeof dir);
    flip_entry_byte(dir, world.p2_alter, 5, 1);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.p2_alter, "signature");
}

static void
test_tamper__entry_deleted(void **state)
{
    unsigned char k[8];
    char dir[4096];
    au_env e;

    au_copy(&world, "deleted", dir, sizeof dir);
    au_env_open(&e, dir);
    au_key64(k, world.p2_alter);
    au_del(&e, "audit", k, 8);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.p2_alter, "missing");
}

static void
test_tamper__two_entries_swapped(void **state)
{
    uint64_t a = world.p1_create + 1, b = world.p1_create + 3;
    unsigned char ka[8], kb[8], *va, *vb;
    size_t la, lb;
    char dir[4096];
    au_env e;

    au_copy(&world, "swapped", dir, sizeof dir);
    au_env_open(&e, dir);
    au_key64(ka, a);
    au_key64(kb, b);
    assert_int_equal(au_get(&e, "audit", ka, 8, &va, &la), 0);
    assert_int_equal(au_get(&e, "audit", kb, 8, &vb, &lb), 0);
    au_put(&e, "audit", ka, 8, vb, lb);
    au_put(&e, "audit", kb, 8, va, la);
    free(va);
    free(vb);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, (int64_t)a, "index|order|position|previous|chain");
}

static void
test_tamper__wrong_previous_hash(void **state)
{
    struct consult_forge c = { world.t.admin->kr, world.admin_id, world.p1, 1 };
    char dir[4096];

    au_copy(&world, "prev", dir, sizeof dir);
    forge_in(dir, append_consult, &c);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size, "previous|chain");
}

static void
test_tamper__signed_after_revocation(void **state)
{
    struct consult_forge c = { world.bob->kr, world.bob_id, world.p1, 0 };
    char dir[4096];

    au_copy(&world, "revoked", dir, sizeof dir);
    /* The same entry by a user in good standing is fine: only the
     * revocation makes it wrong. */
    forge_in(dir, append_consult, &c);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size, "revocation|revoked");
}

static void
test_tamper__consult_by_active_user_forged_in_is_sound(void **state)
{
    struct consult_forge c = { world.ana->kr, world.ana_id, world.p1, 0 };
    char dir[4096];

    /* Control for the forgeries above: the raw append path itself makes
     * entries that verify. */
    au_copy(&world, "control", dir, sizeof dir);
    forge_in(dir, append_consult, &c);
    au_expect_sound(&world, dir, NULL);
}

/* A consult entry naming an "entity" whose id is a terminal escape and a
 * line break, signed by ana: the report quotes the id, but as one plain
 * line. */
static int
append_hostile_consult(MDB_txn *txn, sanctum_store *st, void *arg)
{
    sanctum__audit_ref ref = { "PER-\x1b[2J\nFAKE", 1, { 0 } };
    sanctum__audit_spec spec = { SANCTUM__ACT_CONSULT, "routine check", &ref, 1, NULL, 0 };

    (void)arg;
    return sanctum__audit_append(txn, st, world.ana->kr, world.ana_id, &spec);
}

static void
test_tamper__hostile_id_reported_as_one_plain_line(void **state)
{
    sanctum_verify_report r;
    char dir[4096];

    au_copy(&world, "hostileid", dir, sizeof dir);
    forge_in(dir, append_hostile_consult, NULL);
    assert_int_equal(au_verify(&r, &world, dir, NULL), SANCTUM_ETAMPER);
    assert_int_equal(r.bad_index, (int64_t)world.size);
    assert_non_null(strstr(r.what, "PER-?[2J?FAKE"));
    for (const char *c = r.what; *c != '\0'; c++)
        assert_true((unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7f);
}

/* ------------------------------------------------------------ two-person rule */

struct approval_forge {
    const char *case_id;
    uint32_t approver;
    uint64_t cites;
};

/* Add a row for `approver` to the approvals table, a copy of the one real
 * approval of the case but naming another approver. */
static int
add_approval(MDB_txn *txn, sanctum_store *st, void *arg)
{
    struct approval_forge *a = arg;
    size_t plen = strlen(a->case_id) + 1;
    unsigned char key[128], val[8];
    MDB_cursor *cur;
    MDB_val k, v;
    int rc, found = 0;

    if (mdb_cursor_open(txn, st->dbi[SANCTUM__DB_APPROVALS], &cur) != 0)
        return SANCTUM_EIO;
    k.mv_size = plen;
    k.mv_data = (void *)a->case_id;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && !found;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size < plen + 4 || memcmp(k.mv_data, a->case_id, plen) != 0)
            break;
        memcpy(key, k.mv_data, k.mv_size);
        sanctum__be32(key + k.mv_size - 4, a->approver);
        sanctum__be64(val, a->cites);
        found = 1;
    }
    if (found)
        rc = sanctum__put(txn, st, SANCTUM__DB_APPROVALS, key, k.mv_size, val, 8, 0);
    mdb_cursor_close(cur);
    return found ? rc : SANCTUM_ENOTFOUND;
}

#define FORGE_APPROVALS_MAX 32

struct status_forge {
    const char *case_id;
    uint64_t approvals[FORGE_APPROVALS_MAX];
    int napprovals;                 /* 0: two */
};

/* Move the case to designated behind the library's back: restamp the
 * record and append a status entry, signed by ana, citing two "approvals". */
static int
force_designation(MDB_txn *txn, sanctum_store *st, void *arg)
{
    struct status_forge *f = arg;
    int n = f->napprovals ? f->napprovals : 2;
    sanctum__record rec;
    sanctum__buf buf = { 0 };
    unsigned char extra[3 + 8 * FORGE_APPROVALS_MAX];
    sanctum__audit_ref ref;
    sanctum__audit_spec spec = { SANCTUM__ACT_STATUS, "board 13", &ref, 1, extra,
                                 3 + 8 * (size_t)n };
    MDB_val v;
    int rc;

    if ((rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, f->case_id, strlen(f->case_id), &v)) < 0 ||
        (rc = sanctum__record_parse(&rec, f->case_id, v.mv_data, v.mv_size)) < 0)
        return rc;
    sanctum__record_clear(&rec);
    rc = sanctum__record_restamp(&buf, f->case_id, v.mv_data, v.mv_size, rec.revision + 1,
                                 sanctum__now_ms(), SANCTUM_CASE_DESIGNATED);
    if (rc == 0)
        rc = sanctum__put(txn, st, SANCTUM__DB_ENTITIES, f->case_id, strlen(f->case_id), buf.p,
                          buf.len, 0);
    if (rc == 0) {
        ref.id = f->case_id;
        ref.revision = rec.revision + 1;
        sanctum__record_hash(ref.hash, buf.p, buf.len);
        extra[0] = SANCTUM_CASE_PROPOSED;
        extra[1] = SANCTUM_CASE_DESIGNATED;
        extra[2] = (unsigned char)n;
        for (int k = 0; k < n; k++)
            sanctum__be64(extra + 3 + 8 * k, f->approvals[k]);
        rc = sanctum__audit_append(txn, st, world.ana->kr, world.ana_id, &spec);
    }
    sanctum__buf_free(&buf);
    return rc;
}

/* The library refuses a designation resting on a forged approvals row (and
 * records the refusal at entry `size`); a status entry forged past it, at
 * size + 1, is what verify must catch. */
static void
designate_with_forged_approval(const char *dir, uint64_t cites)
{
    struct approval_forge a = { world.case2, world.ap2_id, cites };
    struct status_forge f = { world.case2, { world.case2_approval, cites }, 0 };
    sanctum_store *st = NULL;
    sanctum_session *ana = NULL;

    forge_in(dir, add_approval, &a);
    assert_int_equal(sanctum_store_open(&st, dir, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&ana, st, "ana", TU_PASS("ana")), SANCTUM_OK);
    assert_int_equal(sanctum_case_set_status(ana, world.case2, SANCTUM_CASE_DESIGNATED,
                                             "board 13"), SANCTUM_EPOLICY);
    assert_non_null(strstr(sanctum_last_error(), "it has 1"));
    sanctum_session_close(ana);
    sanctum_store_close(st);
    forge_in(dir, force_designation, &f);
}

static void
test_tamper__designation_with_one_approval_cited_twice(void **state)
{
    char dir[4096];

    au_copy(&world, "oneapproval", dir, sizeof dir);
    designate_with_forged_approval(dir, world.case2_approval);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size + 1, "two-person|approv");
}

static void
test_tamper__designation_citing_a_consult_as_approval(void **state)
{
    char dir[4096];

    au_copy(&world, "notapproval", dir, sizeof dir);
    /* The second "approval" is bob's consult: an entry, but no approval. */
    designate_with_forged_approval(dir, world.bob_consult);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size + 1, "two-person|approv");
}

/* A status entry may cite more approvals than the rule needs; the verifier
 * counts distinct approvers only up to two. Seventeen real approvals, by
 * seventeen approvers, cited at once: a sound designation (and no
 * overflow of the verifier's count, which the sanitizer build would catch). */
static void
test_tamper__designation_citing_seventeen_approvers_is_sound(void **state)
{
    struct status_forge f = { world.case2, { world.case2_approval }, 17 };
    sanctum_store *st = NULL;
    sanctum_session *admin = NULL, *ap = NULL;
    uint64_t n;
    char dir[4096], name[16], pass[64];

    au_copy(&world, "seventeen", dir, sizeof dir);
    assert_int_equal(sanctum_store_open(&st, dir, NULL), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&admin, st, "admin", TU_PASS("admin")), SANCTUM_OK);
    for (int k = 1; k < f.napprovals; k++) {
        snprintf(name, sizeof name, "apx%02d", k);
        snprintf(pass, sizeof pass, "%s-passphrase", name);
        assert_int_equal(sanctum_user_add(admin, name, SANCTUM_ROLE_APPROVER,
                                          SANCTUM_LEVEL_SECRET, (unsigned char *)pass,
                                          strlen(pass)), SANCTUM_OK);
        assert_int_equal(sanctum_session_open(&ap, st, name, (unsigned char *)pass,
                                              strlen(pass)), SANCTUM_OK);
        assert_int_equal(sanctum_case_approve(ap, world.case2, SANCTUM_CASE_DESIGNATED,
                                              "board 13"), SANCTUM_OK);
        assert_int_equal(sanctum_audit_size(&n, st), SANCTUM_OK);
        f.approvals[k] = n - 1;
        sanctum_session_close(ap);
    }
    sanctum_session_close(admin);
    sanctum_store_close(st);
    forge_in(dir, force_designation, &f);
    au_expect_sound(&world, dir, NULL);
}

/* Write entity `id` back at its next revision with lifecycle state `status`
 * in its clear header and every value byte for byte, and sign an alter
 * entry for it as ana: a state change that no status entry records. */
struct alter_forge {
    const char *id;
    uint8_t status;
};

static int
alter_status(MDB_txn *txn, sanctum_store *st, void *arg)
{
    struct alter_forge *a = arg;
    sanctum__record rec;
    sanctum__buf buf = { 0 };
    sanctum__audit_ref ref;
    sanctum__audit_spec spec = { SANCTUM__ACT_ALTER, "tidy up", &ref, 1, NULL, 0 };
    MDB_val v;
    int rc;

    if ((rc = sanctum__get(txn, st, SANCTUM__DB_ENTITIES, a->id, strlen(a->id), &v)) < 0 ||
        (rc = sanctum__record_parse(&rec, a->id, v.mv_data, v.mv_size)) < 0)
        return rc;
    sanctum__record_clear(&rec);
    rc = sanctum__record_restamp(&buf, a->id, v.mv_data, v.mv_size, rec.revision + 1,
                                 sanctum__now_ms(), a->status);
    if (rc == 0)
        rc = sanctum__put(txn, st, SANCTUM__DB_ENTITIES, a->id, strlen(a->id), buf.p, buf.len,
                          0);
    if (rc == 0) {
        ref.id = a->id;
        ref.revision = rec.revision + 1;
        sanctum__record_hash(ref.hash, buf.p, buf.len);
        rc = sanctum__audit_append(txn, st, world.ana->kr, world.ana_id, &spec);
    }
    sanctum__buf_free(&buf);
    return rc;
}

/* The two-person rule gone around: a proposed case made designated by an
 * ordinary alter, signed by the analyst alone. The entry is well formed and
 * its record matches it; only the state in the record's clear header, which
 * no status entry gave it, tells. */
static void
test_tamper__designation_by_alter(void **state)
{
    struct alter_forge a = { world.case2, SANCTUM_CASE_DESIGNATED };
    char dir[4096];

    au_copy(&world, "alterdesignate", dir, sizeof dir);
    forge_in(dir, alter_status, &a);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size, "designated");
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size, "status entr");
}

/* The same trick on a Person, which has no lifecycle at all. */
static void
test_tamper__person_given_a_state_by_alter(void **state)
{
    struct alter_forge a = { world.p1, SANCTUM_CASE_DESIGNATED };
    char dir[4096];

    au_copy(&world, "alterperson", dir, sizeof dir);
    forge_in(dir, alter_status, &a);
    au_expect_tamper(&world, dir, NULL, (int64_t)world.size, "designated");
}

/* ------------------------------------------------------------ truncation, rollback */

static void
test_tamper__tail_truncated(void **state)
{
    uint64_t keep = world.size_mid;
    unsigned char k[8], *v, leaf[32];
    size_t len;
    char dir[4096];
    au_env e;

    au_copy(&world, "truncated", dir, sizeof dir);
    au_env_open(&e, dir);
    for (uint64_t i = keep; i < world.size; i++) {
        au_key64(k, i);
        au_del(&e, "audit", k, 8);
    }
    for (uint64_t i = sanctum__merkle_stored_count(keep);
         i < sanctum__merkle_stored_count(world.size); i++) {
        au_key64(k, i);
        au_del(&e, "tree", k, 8);
    }
    for (uint64_t i = keep + 1; i <= world.size; i++) {
        au_key64(k, i);
        if (au_get(&e, "checkpoints", k, 8, &v, &len) == 0) {
            free(v);
            au_del(&e, "checkpoints", k, 8);
        }
    }
    au_key64(k, keep - 1);
    assert_int_equal(au_get(&e, "audit", k, 8, &v, &len), 0);
    sanctum__merkle_leaf_hash(leaf, v, len);
    free(v);
    au_key64(k, keep);
    au_put(&e, "meta", "audit_size", 10, k, 8);
    au_put(&e, "meta", "audit_prev", 10, leaf, 32);
    au_env_commit(&e);

    /* A clean cut is consistent in itself: only a saved checkpoint shows it. */
    au_expect_sound(&world, dir, NULL);
    au_expect_sound(&world, dir, world.ck_mid_path);
    au_expect_tamper(&world, dir, world.ck_late_path, -1,
                     "saved checkpoint|truncat|rollback|rolled back|consisten");
}

static void
test_tamper__older_copy_of_the_store(void **state)
{
    au_expect_tamper(&world, world.older, world.ck_late_path, -1,
                     "saved checkpoint|truncat|rollback|rolled back|consisten");
}

/* ------------------------------------------------------------ live records */

static void
test_tamper__record_ciphertext_edited(void **state)
{
    sanctum__record rec;
    unsigned char *v;
    size_t len;
    char dir[4096];
    au_env e;

    au_copy(&world, "ciphertext", dir, sizeof dir);
    au_env_open(&e, dir);
    assert_int_equal(au_get(&e, "entities", world.p1, strlen(world.p1), &v, &len), 0);
    assert_int_equal(sanctum__record_parse(&rec, world.p1, v, len), 0);
    assert_true(rec.nvalues > 0 && rec.values[0].ct_len > 16);
    v[rec.values[0].ct - v] ^= 0x80;   /* first byte of the first value's ciphertext */
    sanctum__record_clear(&rec);
    au_put(&e, "entities", world.p1, strlen(world.p1), v, len);
    free(v);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, -1, world.p1);
    au_expect_tamper(&world, dir, NULL, -1, "record");
}

static void
test_tamper__older_revision_put_back(void **state)
{
    char dir[4096];
    au_env e;

    au_copy(&world, "oldrev", dir, sizeof dir);
    au_env_open(&e, dir);
    au_put(&e, "entities", world.p2, strlen(world.p2), world.p2_rev1, world.p2_rev1_len);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, -1, world.p2);
    au_expect_tamper(&world, dir, NULL, -1, "record");
}

/* A copy of a record under its id with a NUL and more appended: no entity
 * id (the library never writes such a key), though the id before the NUL
 * is a real one. */
static void
test_tamper__record_under_a_key_with_a_nul(void **state)
{
    unsigned char *v, key[SANCTUM_ID_MAX + 2];
    size_t len, n = strlen(world.p1);
    char dir[4096];
    au_env e;

    au_copy(&world, "nulkey", dir, sizeof dir);
    au_env_open(&e, dir);
    assert_int_equal(au_get(&e, "entities", world.p1, n, &v, &len), 0);
    memcpy(key, world.p1, n);
    key[n] = '\0';
    key[n + 1] = 0xff;
    au_put(&e, "entities", key, n + 2, v, len);
    free(v);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, -1, "no entity id");
}

static void
test_tamper__record_deleted(void **state)
{
    char dir[4096];
    au_env e;

    au_copy(&world, "recdel", dir, sizeof dir);
    au_env_open(&e, dir);
    au_del(&e, "entities", world.p3, strlen(world.p3));
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, -1, world.p3);
}

/* ------------------------------------------------------------ checkpoints, tree */

/* Flip a bit of the Ed25519 signature in the checkpoint note stored for
 * tree size `size`, keeping the note well formed. */
static void
corrupt_checkpoint_sig(const char *dir, uint64_t size)
{
    unsigned char k[8], *v, sig[68];
    char b64[128], *note, *line, *sp;
    size_t len, siglen;
    au_env e;

    au_env_open(&e, dir);
    au_key64(k, size);
    assert_int_equal(au_get(&e, "checkpoints", k, 8, &v, &len), 0);
    note = calloc(1, len + 1);
    assert_non_null(note);
    memcpy(note, v, len);
    free(v);
    line = strstr(note, "\n\n\xe2\x80\x94 ");
    assert_non_null(line);
    sp = strchr(line + 6, ' ');
    assert_non_null(sp);
    assert_int_equal(sodium_base642bin(sig, sizeof sig, sp + 1, strcspn(sp + 1, "\n"), NULL,
                                       &siglen, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    assert_int_equal(siglen, 68);
    sig[4 + 10] ^= 0x04;
    sodium_bin2base64(b64, sizeof b64, sig, siglen, sodium_base64_VARIANT_ORIGINAL);
    assert_int_equal(strlen(b64), strcspn(sp + 1, "\n"));
    memcpy(sp + 1, b64, strlen(b64));
    au_put(&e, "checkpoints", k, 8, note, len);
    free(note);
    au_env_commit(&e);
}

static void
test_tamper__forged_checkpoint_signature_latest(void **state)
{
    char dir[4096];

    au_copy(&world, "ckpt-latest", dir, sizeof dir);
    corrupt_checkpoint_sig(dir, world.size);
    au_expect_tamper(&world, dir, NULL, -1, "checkpoint");
}

static void
test_tamper__forged_checkpoint_signature_older(void **state)
{
    char dir[4096];

    au_copy(&world, "ckpt-older", dir, sizeof dir);
    corrupt_checkpoint_sig(dir, world.size_mid);
    au_expect_tamper(&world, dir, NULL, -1, "checkpoint");
}

static void
test_tamper__checkpoint_signed_by_another_key(void **state)
{
    unsigned char pk[32], sk[64], k[8];
    sanctum__checkpoint cp;
    char dir[4096], *note = NULL;
    au_env e;

    au_copy(&world, "ckpt-forged", dir, sizeof dir);
    /* An attacker's key under the log's name, over a wrong root. */
    assert_int_equal(crypto_sign_keypair(pk, sk), 0);
    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", sanctum_store_origin(world.t.st));
    cp.size = world.size;
    memset(cp.root, 0x11, 32);
    assert_int_equal(sanctum__checkpoint_sign(&note, &cp, cp.origin, sk), 0);
    au_env_open(&e, dir);
    au_key64(k, world.size);
    au_put(&e, "checkpoints", k, 8, note, strlen(note));
    au_env_commit(&e);
    free(note);
    au_expect_tamper(&world, dir, NULL, -1, "checkpoint");
}

static void
test_tamper__tree_hash_edited(void **state)
{
    unsigned char k[8], *v;
    size_t len;
    char dir[4096];
    au_env e;

    /* A stored interior hash feeds every proof the store serves. */
    au_copy(&world, "tree", dir, sizeof dir);
    au_env_open(&e, dir);
    au_key64(k, sanctum__merkle_stored_index(1, 1));
    assert_int_equal(au_get(&e, "tree", k, 8, &v, &len), 0);
    v[0] ^= 0xff;
    au_put(&e, "tree", k, 8, v, len);
    free(v);
    au_env_commit(&e);
    au_expect_tamper(&world, dir, NULL, -1, "tree|root|checkpoint|hash");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tamper__pristine_copy_is_sound),
        cmocka_unit_test(test_tamper__one_byte_of_an_entry),
        cmocka_unit_test(test_tamper__one_byte_of_an_entry_signature),
        cmocka_unit_test(test_tamper__entry_deleted),
        cmocka_unit_test(test_tamper__two_entries_swapped),
        cmocka_unit_test(test_tamper__wrong_previous_hash),
        cmocka_unit_test(test_tamper__signed_after_revocation),
        cmocka_unit_test(test_tamper__consult_by_active_user_forged_in_is_sound),
        cmocka_unit_test(test_tamper__hostile_id_reported_as_one_plain_line),
        cmocka_unit_test(test_tamper__designation_with_one_approval_cited_twice),
        cmocka_unit_test(test_tamper__designation_citing_a_consult_as_approval),
        cmocka_unit_test(test_tamper__designation_citing_seventeen_approvers_is_sound),
        cmocka_unit_test(test_tamper__designation_by_alter),
        cmocka_unit_test(test_tamper__person_given_a_state_by_alter),
        cmocka_unit_test(test_tamper__tail_truncated),
        cmocka_unit_test(test_tamper__older_copy_of_the_store),
        cmocka_unit_test(test_tamper__record_ciphertext_edited),
        cmocka_unit_test(test_tamper__older_revision_put_back),
        cmocka_unit_test(test_tamper__record_under_a_key_with_a_nul),
        cmocka_unit_test(test_tamper__record_deleted),
        cmocka_unit_test(test_tamper__forged_checkpoint_signature_latest),
        cmocka_unit_test(test_tamper__forged_checkpoint_signature_older),
        cmocka_unit_test(test_tamper__checkpoint_signed_by_another_key),
        cmocka_unit_test(test_tamper__tree_hash_edited),
    };

    cli_clean_env();
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, au_world_setup, au_world_teardown);
}

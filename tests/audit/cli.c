/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - each sanctum-audit verb against the library's own proof and note code; bad inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "au_util.h"

#include "checkpoint.h"
#include "merkle.h"
#include "note.h"

/* ------------------------------------------------------------ helpers */

static char u64buf[8][24];
static int u64next;

/* Decimal text of v in a rotating static buffer (for argument lists). */
static const char *
dec(uint64_t v)
{
    char *b = u64buf[u64next++ % 8];

    snprintf(b, 24, "%llu", (unsigned long long)v);
    return b;
}

/* Parse tool output of base64 hashes, one per line, into path[]. */
static size_t
parse_path(const char *text, unsigned char path[][32])
{
    size_t n = 0;

    while (*text != '\0') {
        size_t len = strcspn(text, "\n");
        assert_true(n < SANCTUM__MERKLE_MAX_PATH);
        if (sanctum__merkle_hash_parse(path[n], text, len) != 0)
            fail_msg("not a base64 hash line: '%.*s'", (int)len, text);
        n++;
        text += len;
        assert_int_equal(*text, '\n');
        text++;
    }
    return n;
}

static void
root_of(unsigned char out[32], uint64_t size)
{
    assert_int_equal(sanctum_audit_root(out, world.t.st, size), SANCTUM_OK);
}

static void
trust_vkey(char *out, size_t cap)
{
    const char *p = strstr(world.trust, "\nlog-vkey ");

    assert_non_null(p);
    p += strlen("\nlog-vkey ");
    snprintf(out, cap, "%.*s", (int)strcspn(p, "\n"), p);
}

/* ------------------------------------------------------------ checkpoint, vkey */

static void
test_audit_cli__vkey_matches_trust_file(void **state)
{
    cli_result r = { 0 };
    char want[512], got[512];

    trust_vkey(want, sizeof want);
    AU_RUN(&r, "vkey", "--store", world.t.dir);
    assert_exit(&r, 4);   /* the temp dir itself is not a store */
    AU_RUN(&r, "vkey", "--store", world.older);
    assert_exit(&r, 0);
    snprintf(got, sizeof got, "%s", r.out);
    assert_true(strlen(got) > 0 && got[strlen(got) - 1] == '\n');
    got[strlen(got) - 1] = '\0';
    assert_string_equal(got, want);
    assert_non_null(strchr(got, '+'));
    cli_result_free(&r);
}

static void
test_audit_cli__checkpoint_verifies_with_vkey(void **state)
{
    sanctum__note_verifier v;
    sanctum__checkpoint cp;
    unsigned char root[32];
    cli_result r = { 0 }, k = { 0 };
    char store[4096];

    au_copy(&world, "cli-ckpt", store, sizeof store);
    AU_RUN(&r, "checkpoint", "--store", store);
    assert_exit(&r, 0);
    AU_RUN(&k, "vkey", "--store", store);
    assert_exit(&k, 0);
    k.out[strcspn(k.out, "\n")] = '\0';
    assert_int_equal(sanctum__note_vkey_parse(&v, k.out), 0);
    assert_int_equal(sanctum__checkpoint_open(&cp, r.out, r.out_len, &v,
                                              sanctum_store_origin(world.t.st)), 0);
    assert_int_equal(cp.size, world.size);
    root_of(root, world.size);
    assert_memory_equal(cp.root, root, 32);
    /* Byte for byte the note the library stores, which verify accepts as saved. */
    assert_string_equal(r.out, world.ck_late);
    cli_result_free(&r);
    cli_result_free(&k);
}

/* ------------------------------------------------------------ entry */

static void
test_audit_cli__entry_raw_is_the_proven_leaf(void **state)
{
    unsigned char path[SANCTUM__MERKLE_MAX_PATH][32], leaf[32], root[32], *raw = NULL;
    cli_result r = { 0 }, p = { 0 };
    size_t len, rawlen;
    uint64_t idx[] = { 0, world.p1_create, world.case1_status, world.size - 1 };
    char store[4096];

    snprintf(store, sizeof store, "%s/store", world.t.dir);   /* the live store */
    root_of(root, world.size);
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
        AU_RUN(&r, "entry", dec(idx[i]), "--raw", "--store", store);
        assert_exit(&r, 0);
        assert_int_equal(sanctum_audit_entry_raw(&raw, &rawlen, world.t.st, idx[i]),
                         SANCTUM_OK);
        assert_int_equal(r.out_len, rawlen);
        assert_memory_equal(r.out, raw, rawlen);
        sanctum_free(raw);
        sanctum__merkle_leaf_hash(leaf, (const unsigned char *)r.out, r.out_len);
        AU_RUN(&p, "prove", dec(idx[i]), "--store", store);
        assert_exit(&p, 0);
        len = parse_path(p.out, path);
        assert_int_equal(sanctum__merkle_check_record(idx[i], world.size, leaf,
                                                      (const unsigned char (*)[32])path, len,
                                                      root), 0);
        /* A changed leaf does not verify with the same proof. */
        leaf[0] ^= 1;
        assert_int_not_equal(sanctum__merkle_check_record(idx[i], world.size, leaf,
                                                          (const unsigned char (*)[32])path,
                                                          len, root), 0);
    }
    /* The older copy ends at the mid point. */
    AU_RUN(&r, "entry", dec(world.size - 1), "--raw", "--store", world.older);
    assert_exit(&r, 4);
    cli_result_free(&r);
    cli_result_free(&p);
}

static void
test_audit_cli__entry_text_and_json(void **state)
{
    sanctum_audit_entry *e = NULL;
    cli_result r = { 0 };
    json_t *doc, *ents;
    char h64[45];

    assert_int_equal(sanctum_audit_entry_get(&e, world.t.st, world.case1_status), SANCTUM_OK);
    AU_RUN(&r, "entry", dec(world.case1_status), "--store", world.older);
    assert_exit(&r, 0);
    assert_out_has(&r, "action     status");
    assert_out_has(&r, world.case1);
    assert_out_has(&r, "actor      ");
    assert_out_has(&r, "ana");
    assert_out_has(&r, "purpose    board 12");
    sanctum__merkle_hash_format(h64, e->leaf_hash);
    assert_out_has(&r, h64);

    AU_RUN(&r, "entry", dec(world.case1_status), "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "index")), world.case1_status);
    assert_string_equal(json_string_value(json_object_get(doc, "action")), "status");
    assert_string_equal(json_string_value(json_object_get(doc, "actor_name")), "ana");
    assert_int_equal(json_integer_value(json_object_get(doc, "actor")), world.ana_id);
    assert_string_equal(json_string_value(json_object_get(doc, "purpose")), "board 12");
    assert_string_equal(json_string_value(json_object_get(doc, "leaf_hash")), h64);
    assert_string_equal(json_string_value(json_object_get(doc, "detail")), e->detail);
    ents = json_object_get(doc, "entities");
    assert_int_equal(json_array_size(ents), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ents, 0), "id")),
                        world.case1);
    /* the commitment is BLAKE2b-256 of the stored record, as named */
    {
        unsigned char *rec, h[32];
        char want[65];
        size_t len;
        au_env env;

        au_env_open(&env, world.older);
        assert_int_equal(au_get(&env, "entities", world.case1, strlen(world.case1), &rec, &len),
                         0);
        au_env_commit(&env);
        crypto_generichash(h, sizeof h, rec, len, NULL, 0);
        free(rec);
        sodium_bin2hex(want, sizeof want, h, sizeof h);
        assert_string_equal(
            json_string_value(json_object_get(json_array_get(ents, 0), "record_blake2b")), want);
        assert_null(json_object_get(json_array_get(ents, 0), "record_sha256"));
    }
    json_decref(doc);
    sanctum_audit_entry_free(e);
    cli_result_free(&r);
}

/* ------------------------------------------------------------ proofs */

static void
test_audit_cli__prove_every_entry_and_size(void **state)
{
    unsigned char path[SANCTUM__MERKLE_MAX_PATH][32], root[32];
    sanctum_audit_entry *e = NULL;
    cli_result r = { 0 };
    size_t len;

    /* Every (index, size) pair of the older copy's trail, through the tool. */
    for (uint64_t size = 1; size <= world.size_mid; size += (size < 8 ? 1 : 5)) {
        root_of(root, size);
        for (uint64_t i = 0; i < size; i += (size < 8 ? 1 : 3)) {
            AU_RUN(&r, "prove", dec(i), "--size", dec(size), "--store", world.older);
            assert_exit(&r, 0);
            len = parse_path(r.out, path);
            assert_int_equal(sanctum_audit_entry_get(&e, world.t.st, i), SANCTUM_OK);
            if (sanctum__merkle_check_record(i, size, e->leaf_hash,
                                             (const unsigned char (*)[32])path, len, root) != 0)
                fail_msg("inclusion proof of %llu in %llu does not verify",
                         (unsigned long long)i, (unsigned long long)size);
            sanctum_audit_entry_free(e);
            e = NULL;
        }
    }
    /* Default size: the whole trail. A size-1 tree has an empty proof. */
    AU_RUN(&r, "prove", "0", "--size", "1", "--store", world.older);
    assert_exit(&r, 0);
    assert_int_equal(r.out_len, 0);
    cli_result_free(&r);
}

static void
test_audit_cli__prove_json(void **state)
{
    unsigned char root[32];
    cli_result r = { 0 };
    char h64[45];
    json_t *doc;

    AU_RUN(&r, "prove", "3", "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "index")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "size")), world.size_mid);
    root_of(root, world.size_mid);
    sanctum__merkle_hash_format(h64, root);
    assert_string_equal(json_string_value(json_object_get(doc, "root")), h64);
    assert_true(json_array_size(json_object_get(doc, "path")) > 0);
    json_decref(doc);
    cli_result_free(&r);
}

static void
test_audit_cli__consistency_every_pair(void **state)
{
    unsigned char path[SANCTUM__MERKLE_MAX_PATH][32], r1[32], r2[32];
    cli_result r = { 0 };
    size_t len;

    for (uint64_t m = 1; m <= world.size_mid; m += (m < 8 ? 1 : 4)) {
        root_of(r1, m);
        for (uint64_t n = m; n <= world.size_mid; n += (n < 8 ? 1 : 3)) {
            AU_RUN(&r, "consistency", dec(m), "--size", dec(n), "--store", world.older);
            assert_exit(&r, 0);
            len = parse_path(r.out, path);
            root_of(r2, n);
            if (sanctum__merkle_check_tree(m, n, (const unsigned char (*)[32])path, len, r1,
                                           r2) != 0)
                fail_msg("consistency proof %llu -> %llu does not verify",
                         (unsigned long long)m, (unsigned long long)n);
            if (m == n)
                assert_int_equal(len, 0);
        }
    }
    /* Default: to the whole live trail, from the saved mid checkpoint's size. */
    {
        char store[4096];
        snprintf(store, sizeof store, "%s/store", world.t.dir);
        AU_RUN(&r, "consistency", dec(world.size_mid), "--store", store);
        assert_exit(&r, 0);
        len = parse_path(r.out, path);
        root_of(r1, world.size_mid);
        root_of(r2, world.size);
        assert_int_equal(sanctum__merkle_check_tree(world.size_mid, world.size,
                                                    (const unsigned char (*)[32])path, len,
                                                    r1, r2), 0);
    }
    cli_result_free(&r);
}

static void
test_audit_cli__consistency_json(void **state)
{
    unsigned char path[SANCTUM__MERKLE_MAX_PATH][32], r1[32], r2[32];
    cli_result r = { 0 };
    json_t *doc, *arr;
    size_t len;

    AU_RUN(&r, "consistency", "3", "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_integer_value(json_object_get(doc, "size1")), 3);
    assert_int_equal(json_integer_value(json_object_get(doc, "size2")), world.size_mid);
    arr = json_object_get(doc, "path");
    len = json_array_size(arr);
    for (size_t i = 0; i < len; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        assert_int_equal(sanctum__merkle_hash_parse(path[i], s, strlen(s)), 0);
    }
    assert_int_equal(sanctum__merkle_hash_parse(
                         r1, json_string_value(json_object_get(doc, "root1")), 44), 0);
    assert_int_equal(sanctum__merkle_hash_parse(
                         r2, json_string_value(json_object_get(doc, "root2")), 44), 0);
    assert_int_equal(sanctum__merkle_check_tree(3, world.size_mid,
                                                (const unsigned char (*)[32])path, len, r1,
                                                r2), 0);
    json_decref(doc);
    cli_result_free(&r);
}

/* ------------------------------------------------------------ log */

static size_t
count_lines(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

static void
test_audit_cli__log_filters(void **state)
{
    cli_result r = { 0 };
    json_t *doc, *arr;

    AU_RUN(&r, "log", "--store", world.older);
    assert_exit(&r, 0);
    assert_int_equal(count_lines(r.out), world.size_mid);
    assert_out_has(&r, "store-create");

    AU_RUN(&r, "log", "--since", dec(world.size_mid - 2), "--store", world.older);
    assert_exit(&r, 0);
    assert_int_equal(count_lines(r.out), 2);

    AU_RUN(&r, "log", "--since", dec(world.size_mid + 5), "--store", world.older);
    assert_exit(&r, 0);
    assert_int_equal(r.out_len, 0);

    /* Three approvals: two for case 1, one for case 2. */
    AU_RUN(&r, "log", "--action", "approve", "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    arr = json_object_get(doc, "entries");
    assert_int_equal(json_array_size(arr), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(arr, i),
                                                              "action")), "approve");
    json_decref(doc);

    AU_RUN(&r, "log", "--actor", "bob", "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    arr = json_object_get(doc, "entries");
    assert_int_equal(json_array_size(arr), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0), "index")),
                     world.bob_consult);
    json_decref(doc);

    /* Numeric actor ids work too, and filters combine. */
    AU_RUN(&r, "log", "--actor", dec(world.ap1_id), "--entity", world.case1, "--store",
           world.older);
    assert_exit(&r, 0);
    assert_int_equal(count_lines(r.out), 1);
    assert_out_has(&r, "approve");

    /* Case 1: create, two status changes, two approvals, designation. */
    AU_RUN(&r, "log", "--entity", world.case1, "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "entries")), 6);
    json_decref(doc);

    /* An empty selection is still one JSON document. */
    AU_RUN(&r, "log", "--action", "key-rotate", "--json", "--store", world.older);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_int_equal(json_array_size(json_object_get(doc, "entries")), 0);
    json_decref(doc);
    cli_result_free(&r);
}

/* ------------------------------------------------------------ verify output */

static void
test_audit_cli__verify_summary_and_json(void **state)
{
    unsigned char root[32];
    cli_result r = { 0 };
    char h64[45], line[128];
    json_t *doc;

    root_of(root, world.size_mid);
    sanctum__merkle_hash_format(h64, root);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", world.trust_path, "--checkpoint",
           world.ck_mid_path);
    assert_exit(&r, 0);
    assert_out_has(&r, "trail sound");
    snprintf(line, sizeof line, "entries      %llu\n", (unsigned long long)world.size_mid);
    assert_out_has(&r, line);
    snprintf(line, sizeof line, "root         %s\n", h64);
    assert_out_has(&r, line);
    assert_out_has(&r, "records      5\n");
    assert_int_equal(r.err_len, 0);   /* no progress bar: stderr is no terminal */

    AU_RUN(&r, "verify", "--json", "--threads", "1", "--store", world.older, "--trust",
           world.trust_path);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    assert_true(json_is_true(json_object_get(doc, "sound")));
    assert_int_equal(json_integer_value(json_object_get(doc, "entries")), world.size_mid);
    assert_int_equal(json_integer_value(json_object_get(doc, "tree_size")), world.size_mid);
    assert_string_equal(json_string_value(json_object_get(doc, "root")), h64);
    assert_true(json_integer_value(json_object_get(doc, "signatures")) >= (json_int_t)world.size_mid);
    json_decref(doc);
    cli_result_free(&r);
}

static void
test_audit_cli__verify_json_on_tampering(void **state)
{
    cli_result r = { 0 };
    json_t *doc, *t;

    AU_RUN(&r, "verify", "--json", "--store", world.older, "--trust", world.trust_path,
           "--checkpoint", world.ck_late_path);
    assert_exit(&r, 9);
    assert_err_has(&r, "sanctum-audit: TAMPERING FOUND");
    doc = cli_json(&r);
    assert_true(json_is_false(json_object_get(doc, "sound")));
    t = json_object_get(doc, "tampering");
    assert_non_null(t);
    assert_true(strlen(json_string_value(json_object_get(t, "what"))) > 0);
    assert_non_null(json_object_get(t, "entry"));
    json_decref(doc);
    cli_result_free(&r);
}

/* ------------------------------------------------------------ bad inputs */

static void
test_audit_cli__bad_inputs(void **state)
{
    cli_result r = { 0 };
    char path[4096], missing[4096], bad[4096];

    snprintf(missing, sizeof missing, "%s/no-such-store", world.t.dir);
    snprintf(bad, sizeof bad, "%s/bad.txt", world.t.dir);
    assert_int_equal(tu_write_file(bad, "this is not a trust file\n", 25, 0600), 0);

    /* No store at all. */
    AU_RUN(&r, "verify", "--trust", world.trust_path);
    assert_exit(&r, 2);
    assert_err_has(&r, "sanctum-audit: ");
    AU_RUN(&r, "verify", "--store", missing, "--trust", world.trust_path);
    assert_exit(&r, 4);
    assert_err_has(&r, "sanctum-audit: ");
    AU_RUN(&r, "checkpoint", "--store", missing);
    assert_exit(&r, 4);
    AU_RUN(&r, "log", "--store", missing);
    assert_exit(&r, 4);

    /* Trust file: none given, missing, malformed. */
    AU_RUN(&r, "verify", "--store", world.older);
    assert_exit(&r, 2);
    assert_err_has(&r, "--trust");
    snprintf(path, sizeof path, "%s/no-such-trust", world.t.dir);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", path);
    assert_exit(&r, 4);
    assert_err_has(&r, "trust file");
    AU_RUN(&r, "verify", "--store", world.older, "--trust", bad);
    assert_exit(&r, 3);
    assert_err_has(&r, "sanctum-audit: ");

    /* Saved checkpoint: missing, malformed. */
    AU_RUN(&r, "verify", "--store", world.older, "--trust", world.trust_path, "--checkpoint",
           path);
    assert_exit(&r, 4);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", world.trust_path, "--checkpoint",
           bad);
    assert_exit(&r, 3);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", world.trust_path, "--threads",
           "many");
    assert_exit(&r, 2);

    /* Entry indexes and sizes. */
    AU_RUN(&r, "entry", dec(world.size_mid), "--store", world.older);
    assert_exit(&r, 4);
    assert_err_has(&r, "no entry");
    AU_RUN(&r, "entry", "x12", "--store", world.older);
    assert_exit(&r, 2);
    AU_RUN(&r, "entry", "-1", "--store", world.older);
    assert_exit(&r, 2);
    AU_RUN(&r, "entry", "1", "--raw", "--json", "--store", world.older);
    assert_exit(&r, 2);
    AU_RUN(&r, "entry", "--store", world.older);
    assert_exit(&r, 2);
    AU_RUN(&r, "prove", dec(world.size_mid), "--store", world.older);
    assert_exit(&r, 4);
    AU_RUN(&r, "prove", "1", "--size", "0", "--store", world.older);
    assert_exit(&r, 3);
    AU_RUN(&r, "prove", "1", "--size", dec(world.size_mid + 1), "--store", world.older);
    assert_exit(&r, 4);
    AU_RUN(&r, "prove", "5", "--size", "3", "--store", world.older);
    assert_exit(&r, 3);
    AU_RUN(&r, "consistency", "0", "--store", world.older);
    assert_exit(&r, 3);
    AU_RUN(&r, "consistency", "5", "--size", "3", "--store", world.older);
    assert_exit(&r, 3);
    AU_RUN(&r, "consistency", dec(world.size_mid + 1), "--store", world.older);
    assert_exit(&r, 4);

    /* Log filters. */
    AU_RUN(&r, "log", "--action", "teleport", "--store", world.older);
    assert_exit(&r, 2);
    assert_err_has(&r, "unknown action");
    AU_RUN(&r, "log", "--actor", "nobody", "--store", world.older);
    assert_exit(&r, 4);
    assert_err_has(&r, "nobody");
    AU_RUN(&r, "log", "--since", "soon", "--store", world.older);
    assert_exit(&r, 2);

    /* Verbs and help. */
    AU_RUN(&r, "frobnicate", "--store", world.older);
    assert_exit(&r, 2);
    AU_RUN(&r, "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "verify");
    assert_out_has(&r, "consistency");
    AU_RUN(&r, "verify", "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "--checkpoint");
    assert_out_has(&r, "9");
    cli_result_free(&r);
}

static void
test_audit_cli__trust_file_of_another_store(void **state)
{
    cli_result r = { 0 };
    char path[4096], *t, *p;

    /* Same keys, but the store line names another store. */
    t = strdup(world.trust);
    assert_non_null(t);
    p = strstr(t, "\nstore ");
    assert_non_null(p);
    p[7] = p[7] == '0' ? '1' : '0';
    snprintf(path, sizeof path, "%s/other-trust.txt", world.t.dir);
    assert_int_equal(tu_write_file(path, t, strlen(t), 0600), 0);
    free(t);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", path);
    assert_exit(&r, 3);
    assert_err_has(&r, "sanctum-audit: ");
    cli_result_free(&r);
}

static void
test_audit_cli__saved_checkpoint_of_another_log(void **state)
{
    unsigned char pk[32], sk[64];
    sanctum__checkpoint cp;
    cli_result r = { 0 };
    char path[4096], *note = NULL;

    /* A well-formed checkpoint, but not signed by this log's key. */
    assert_int_equal(crypto_sign_keypair(pk, sk), 0);
    memset(&cp, 0, sizeof cp);
    snprintf(cp.origin, sizeof cp.origin, "%s", sanctum_store_origin(world.t.st));
    cp.size = 3;
    root_of(cp.root, 3);
    assert_int_equal(sanctum__checkpoint_sign(&note, &cp, cp.origin, sk), 0);
    snprintf(path, sizeof path, "%s/foreign.ckpt", world.t.dir);
    assert_int_equal(tu_write_file(path, note, strlen(note), 0600), 0);
    free(note);
    AU_RUN(&r, "verify", "--store", world.older, "--trust", world.trust_path, "--checkpoint",
           path);
    if (r.status != 3 && r.status != 9) {
        cli_dump(&r);
        fail_msg("a saved checkpoint signed by another key: exit %d", r.status);
    }
    assert_err_has(&r, "checkpoint");
    assert_err_has(&r, "no trusted key signed it");
    if (strstr(r.err, "passphrase") != NULL) { /* no passphrase is involved */
        cli_dump(&r);
        fail_msg("the refusal of a foreign checkpoint speaks of a passphrase");
    }
    cli_result_free(&r);
}

/* Write the world's trust file with `from` (which must occur) replaced by
 * `to` in the line of user `name`; the path into path. */
static void
trust_with_user_edited(char *path, size_t cap, const char *name, const char *from,
                       const char *to)
{
    char needle[96], *t, *line, *at, *out;
    size_t n;

    snprintf(needle, sizeof needle, " %s ", name);
    t = strdup(world.trust);
    assert_non_null(t);
    for (line = t; (line = strstr(line, "\nuser ")) != NULL; line++)
        if ((at = strstr(line + 1, needle)) != NULL && at < strchr(line + 1, '\n'))
            break;
    assert_non_null(line);
    at = strstr(line + 1, from);
    assert_true(at != NULL && at < strchr(line + 1, '\n'));
    n = strlen(t) + strlen(to) + 1;
    out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - t), t, to, at + strlen(from));
    snprintf(path, cap, "%s/trust-%s-%s.txt", world.t.dir, name, to);
    assert_int_equal(tu_write_file(path, out, strlen(out), 0600), 0);
    free(out);
    free(t);
}

/* Every field of a trust file's user line that the trail records is
 * cross-checked: a clearance or an encryption key that differs is found. */
static void
test_audit_cli__trust_file_user_edited(void **state)
{
    cli_result r = { 0 };
    char path[4096];

    trust_with_user_edited(path, sizeof path, "bob", " official ", " secret ");
    AU_RUN(&r, "verify", "--store", world.older, "--trust", path);
    assert_exit(&r, 9);
    assert_err_has(&r, "bob");
    cli_result_free(&r);

    /* the X25519 key is the last field: replace its first base64 chars */
    {
        const char *line = strstr(world.trust, " bob ");
        const char *nl = strchr(line, '\n');
        const char *last = line;
        char key[16];

        for (const char *p = line; p < nl; p++)
            if (*p == ' ')
                last = p;
        snprintf(key, sizeof key, " %.8s", last + 1);
        trust_with_user_edited(path, sizeof path, "bob", key,
                               strcmp(key + 1, "AAAAAAAA") ? " AAAAAAAA" : " BBBBBBBB");
    }
    AU_RUN(&r, "verify", "--store", world.older, "--trust", path);
    assert_exit(&r, 9);
    assert_err_has(&r, "bob");
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_cli__vkey_matches_trust_file),
        cmocka_unit_test(test_audit_cli__trust_file_user_edited),
        cmocka_unit_test(test_audit_cli__checkpoint_verifies_with_vkey),
        cmocka_unit_test(test_audit_cli__entry_raw_is_the_proven_leaf),
        cmocka_unit_test(test_audit_cli__entry_text_and_json),
        cmocka_unit_test(test_audit_cli__prove_every_entry_and_size),
        cmocka_unit_test(test_audit_cli__prove_json),
        cmocka_unit_test(test_audit_cli__consistency_every_pair),
        cmocka_unit_test(test_audit_cli__consistency_json),
        cmocka_unit_test(test_audit_cli__log_filters),
        cmocka_unit_test(test_audit_cli__verify_summary_and_json),
        cmocka_unit_test(test_audit_cli__verify_json_on_tampering),
        cmocka_unit_test(test_audit_cli__bad_inputs),
        cmocka_unit_test(test_audit_cli__trust_file_of_another_store),
        cmocka_unit_test(test_audit_cli__saved_checkpoint_of_another_log),
    };

    cli_clean_env();
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, au_world_setup, au_world_teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_verify.c - sanctum-audit verify: check the whole trail with the trust file alone. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"
#include "open.h"
#include "progress.h"

/* Hex of the SHA-256 of the empty string is the root of an empty tree;
 * this is its base64 (RFC 6962, AUDIT-FORMATS section 1). */
#define EMPTY_ROOT_B64 "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

/* Most signature-checking threads accepted by --threads. */
#define MAX_THREADS 256

enum { OPT_TRUST = 1, OPT_CHECKPOINT, OPT_JSON, OPT_THREADS };

static const tool_opt verify_opts[] = {
    { "trust", 1, OPT_TRUST },
    { "checkpoint", 1, OPT_CHECKPOINT },
    { "json", 0, OPT_JSON },
    { "threads", 1, OPT_THREADS },
    { NULL, 0, 0 }
};

struct verify_args {
    const char *trust;    /* --trust FILE */
    const char *saved;    /* --checkpoint FILE, or NULL */
    int json;             /* --json */
    unsigned int threads; /* --threads N; 0 = one per core */
};

/* The bar, guarded: the library may report from its worker threads. */
struct bar {
    tool_progress p;
    pthread_mutex_t mu;
};

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    struct verify_args *a = state;
    uint64_t n;

    switch (key) {
    case OPT_TRUST:
        a->trust = value;
        break;
    case OPT_CHECKPOINT:
        a->saved = value;
        break;
    case OPT_JSON:
        a->json = 1;
        break;
    case OPT_THREADS:
        if (tool_parse_u64(value, &n) != 0 || n > MAX_THREADS)
            return tool_usage_error(ctx, "--threads: expected a number from 0 to %d",
                                    MAX_THREADS);
        a->threads = (unsigned int)n;
        break;
    }
    return TOOL_CONTINUE;
}

static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct bar *b = ctx;

    pthread_mutex_lock(&b->mu);
    b->p.total = total;
    tool_progress_update(&b->p, done);
    pthread_mutex_unlock(&b->mu);
}

/* Copy `in` into out[cap], control characters shown as '?': the report
 * quotes bytes found in the store, which is untrusted. */
static void
clean(char *out, size_t cap, const char *in)
{
    size_t i;

    for (i = 0; i + 1 < cap && in[i] != '\0'; i++)
        out[i] = (unsigned char)in[i] < 0x20 || in[i] == 0x7f ? '?' : in[i];
    out[i] = '\0';
}

/* "TAMPERING FOUND at entry N: what (expected E, found F)" on stderr. */
static void
print_tamper(const sanctum_verify_report *r)
{
    char what[sizeof r->what], exp[sizeof r->expected], found[sizeof r->found];
    char where[48] = "", paren[sizeof exp + sizeof found + 32] = "";

    clean(what, sizeof what, r->what);
    clean(exp, sizeof exp, r->expected);
    clean(found, sizeof found, r->found);
    if (r->bad_index >= 0) {
        char dup[48];
        size_t n;
        snprintf(where, sizeof where, " at entry %lld", (long long)r->bad_index);
        /* Say the index once: drop the library's own "entry N: " lead-in. */
        n = (size_t)snprintf(dup, sizeof dup, "entry %lld: ", (long long)r->bad_index);
        if (strncmp(what, dup, n) == 0)
            memmove(what, what + n, strlen(what + n) + 1);
    }
    if (exp[0] != '\0' && found[0] != '\0')
        snprintf(paren, sizeof paren, " (expected %s, found %s)", exp, found);
    else if (exp[0] != '\0')
        snprintf(paren, sizeof paren, " (expected %s)", exp);
    else if (found[0] != '\0')
        snprintf(paren, sizeof paren, " (found %s)", found);
    tool_error("TAMPERING FOUND%s: %s%s", where, what[0] ? what : "verification failed",
               paren);
}

/* The tree size a saved checkpoint note claims (its second line), or -1. */
static int64_t
saved_size(const char *note)
{
    const char *p = strchr(note, '\n');
    uint64_t n;
    char line[24];
    size_t len;

    if (p == NULL)
        return -1;
    p++;
    len = strcspn(p, "\n");
    if (len == 0 || len >= sizeof line)
        return -1;
    memcpy(line, p, len);
    line[len] = '\0';
    if (tool_parse_u64(line, &n) != 0 || n > INT64_MAX)
        return -1;
    return (int64_t)n;
}

static int
print_json(const char *path, const sanctum_verify_report *r, int sound, const char *root,
           int64_t saved)
{
    json_t *doc = tool_json_doc(), *t;
    int err = doc == NULL, rc;

    if (doc == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    err |= tool_json_set(doc, "store", json_string(path));
    err |= tool_json_set(doc, "sound", json_boolean(sound));
    err |= tool_json_set(doc, "entries", json_integer((json_int_t)r->entries));
    err |= tool_json_set(doc, "signatures", json_integer((json_int_t)r->signatures));
    err |= tool_json_set(doc, "checkpoints", json_integer((json_int_t)r->checkpoints));
    err |= tool_json_set(doc, "records", json_integer((json_int_t)r->records));
    if (sound) {
        err |= tool_json_set(doc, "tree_size", json_integer((json_int_t)r->entries));
        err |= tool_json_set(doc, "root", json_string(root));
        err |= tool_json_set(doc, "saved_checkpoint_size",
                             saved >= 0 ? json_integer(saved) : json_null());
    } else {
        char what[sizeof r->what], exp[sizeof r->expected], found[sizeof r->found];
        clean(what, sizeof what, r->what);
        clean(exp, sizeof exp, r->expected);
        clean(found, sizeof found, r->found);
        t = json_object();
        err |= t == NULL;
        if (t != NULL) {
            err |= tool_json_set(t, "entry", r->bad_index >= 0 ? json_integer(r->bad_index)
                                                               : json_null());
            err |= tool_json_set(t, "what", json_string(what));
            err |= tool_json_set(t, "expected", json_string(exp));
            err |= tool_json_set(t, "found", json_string(found));
            err |= tool_json_set(doc, "tampering", t);
        }
    }
    if (err) {
        json_decref(doc);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc;
}

/* Root of the verified tree, read back from the store (base64 into out). */
static int
verified_root(tool_ctx *ctx, uint64_t size, char out[45])
{
    sanctum_store *store = NULL;
    unsigned char root[32];
    int rc;

    if (size == 0) {
        snprintf(out, 45, "%s", EMPTY_ROOT_B64);
        return 0;
    }
    if ((rc = tool_store_open(ctx, &store, SANCTUM_STORE_RDONLY)) != 0)
        return rc;
    if ((rc = sanctum_audit_root(root, store, size)) != SANCTUM_OK)
        rc = tool_fail(rc, "cannot read the tree root of %s", ctx->store);
    else
        audit_b64(out, root);
    sanctum_store_close(store);
    return rc;
}

int
cmd_verify(tool_ctx *ctx, int argc, char **argv)
{
    struct verify_args a = { NULL, NULL, 0, 0 };
    tool_cmd cmd = {
        "sanctum-audit verify --store DIR --trust FILE [--checkpoint SAVED] [--json]\n"
        "[--threads N]",
        "Verify the audit trail of the store with the public trust file alone:\n"
        "every entry's signature against the key its signer held at that entry,\n"
        "the hash chain, every stored checkpoint against the Merkle tree and the\n"
        "log key, consistency with a checkpoint saved earlier (which exposes a\n"
        "truncated or rolled-back store), the case lifecycle and the two-person\n"
        "rule, and that every live record's bytes equal what the last entry\n"
        "touching it committed. Opens the store read-only; never asks for a\n"
        "passphrase. When sound, prints a summary and exits 0; when tampering is\n"
        "found, names the first bad entry and exits 9.\n"
        "\n"
        "Options:\n"
        "  --trust FILE        the store's trust file (sanctum-admin trust-export)\n"
        "  --checkpoint SAVED  a checkpoint note saved earlier (sanctum-audit\n"
        "                      checkpoint > SAVED): the trail must extend it\n"
        "  --json              print one JSON document: {\"format_version\": 2,\n"
        "                      \"store\", \"sound\", \"entries\", \"signatures\",\n"
        "                      \"checkpoints\", \"records\", then \"tree_size\", \"root\",\n"
        "                      \"saved_checkpoint_size\" when sound, or \"tampering\":\n"
        "                      {\"entry\", \"what\", \"expected\", \"found\"} when not}\n"
        "  --threads N         signature-checking threads (default 0: one per core)\n"
        "\n"
        "A progress bar is drawn on stderr when it is a terminal.\n"
        AUDIT_HELP_EXIT,
        verify_opts, on_opt, NULL, 0, 0
    };
    sanctum_verify_options vo = SANCTUM_VERIFY_OPTIONS_INIT;
    sanctum_verify_report report;
    char *trust = NULL, *saved = NULL, root[45] = "";
    size_t trust_len = 0, saved_len = 0;
    const char *path;
    struct bar bar;
    int rc, nargs, code, sound;

    cmd.state = &a;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_need_store(ctx, &path)) != 0)
        return rc;
    if (a.trust == NULL)
        return tool_usage_error(ctx, "no trust file: give --trust FILE");
    if ((rc = audit_read_file(&trust, &trust_len, a.trust, "trust file")) != 0)
        goto done;
    if (a.saved != NULL &&
        (rc = audit_read_file(&saved, &saved_len, a.saved, "saved checkpoint")) != 0)
        goto done;

    vo.saved_checkpoint = saved;
    vo.saved_len = saved_len;
    vo.threads = a.threads;
    memset(&bar, 0, sizeof bar);
    pthread_mutex_init(&bar.mu, NULL);
    if (isatty(STDERR_FILENO) == 1) {
        tool_progress_start(&bar.p, "verifying", 0);
        vo.progress = on_progress;
        vo.progress_ctx = &bar;
    }
    memset(&report, 0, sizeof report);
    report.bad_index = -1;
    code = sanctum_audit_verify(&report, path, trust, trust_len, &vo);
    if (vo.progress != NULL) {
        if (code == SANCTUM_OK)
            tool_progress_finish(&bar.p);
        else
            tool_progress_clear(&bar.p);
    }
    pthread_mutex_destroy(&bar.mu);

    if (code != SANCTUM_OK && code != SANCTUM_ETAMPER) {
        rc = tool_fail(code, "cannot verify store %s", path);
        goto done;
    }
    sound = code == SANCTUM_OK && !report.tampered;
    if (sound && (rc = verified_root(ctx, report.entries, root)) != 0)
        goto done;
    if (!sound)
        print_tamper(&report);
    if (a.json) {
        rc = print_json(path, &report, sound, root, saved ? saved_size(saved) : -1);
    } else if (sound) {
        int64_t ss = saved ? saved_size(saved) : -1;
        printf("trail sound: every check passed\n");
        printf("entries      %llu\n", (unsigned long long)report.entries);
        printf("signatures   %llu\n", (unsigned long long)report.signatures);
        printf("checkpoints  %llu\n", (unsigned long long)report.checkpoints);
        printf("records      %llu\n", (unsigned long long)report.records);
        if (ss >= 0)
            printf("extends      saved checkpoint of size %lld\n", (long long)ss);
        printf("tree size    %llu\n", (unsigned long long)report.entries);
        printf("root         %s\n", root);
        rc = TOOL_EXIT_OK;
    }
    if (!sound && rc == 0)
        rc = TOOL_EXIT_TAMPER;
done:
    free(trust);
    free(saved);
    return rc;
}

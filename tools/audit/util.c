/* SPDX-License-Identifier: Apache-2.0 */
/* util.c - formatting, argument and file helpers shared by the sanctum-audit verbs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "audit_tool.h"
#include "diag.h"
#include "json.h"

const char *
audit_time_ms(int64_t ms, char buf[AUDIT_TIME_BUF])
{
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int frac = (int)(ms - secs * 1000);
    time_t tt = (time_t)secs;
    struct tm tm;
    char base[32];

    if (gmtime_r(&tt, &tm) == NULL ||
        strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        snprintf(buf, AUDIT_TIME_BUF, "%lldms", (long long)ms);
        return buf;
    }
    snprintf(buf, AUDIT_TIME_BUF, "%s.%03dZ", base, frac);
    return buf;
}

void
audit_hex(char *out, const unsigned char *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

void
audit_b64(char out[45], const unsigned char h[32])
{
    static const char al[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;

    for (i = 0; i + 3 <= 32; i += 3) {
        unsigned long v = ((unsigned long)h[i] << 16) | ((unsigned long)h[i + 1] << 8) | h[i + 2];
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = al[(v >> 6) & 63];
        out[o++] = al[v & 63];
    }
    /* 32 = 3 * 10 + 2: two bytes remain, giving three characters and '='. */
    {
        unsigned long v = ((unsigned long)h[30] << 16) | ((unsigned long)h[31] << 8);
        out[o++] = al[(v >> 18) & 63];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = al[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
}

int
audit_parse_u64(tool_ctx *ctx, const char *text, const char *what, uint64_t *out)
{
    if (tool_parse_u64(text, out) != 0)
        return tool_usage_error(ctx, "%s: not a decimal number", what);
    return 0;
}

int
audit_read_file(char **out, size_t *len, const char *path, const char *what)
{
    FILE *f;
    char *buf = NULL;
    size_t cap = 0, n = 0, k;
    int rc = 0;

    *out = NULL;
    if ((f = fopen(path, "rb")) == NULL) {
        int e = errno;
        tool_error("cannot read %s %s: %s", what, path, strerror(e));
        return e == ENOENT ? TOOL_EXIT_NOTFOUND : TOOL_EXIT_FAIL;
    }
    do {
        if (n + 4096 + 1 > cap) {
            char *p;
            cap = (n + 4096 + 1) * 2;
            if (cap > ((size_t)64 << 20) || (p = realloc(buf, cap)) == NULL) {
                tool_error("%s %s: too large or out of memory", what, path);
                rc = TOOL_EXIT_FAIL;
                goto done;
            }
            buf = p;
        }
        k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
    } while (k > 0);
    if (ferror(f)) {
        tool_error("cannot read %s %s: %s", what, path, strerror(errno));
        rc = TOOL_EXIT_FAIL;
        goto done;
    }
    if (n == 0 || memchr(buf, '\0', n) != NULL) {
        tool_error("%s %s: %s", what, path, n == 0 ? "empty file" : "not a text file");
        rc = TOOL_EXIT_DATA;
        goto done;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
done:
    free(buf);
    fclose(f);
    return rc;
}

int
audit_size(uint64_t *out, sanctum_store *store, const char *path)
{
    int rc = sanctum_audit_size(out, store);

    if (rc != SANCTUM_OK)
        return tool_fail(rc, "cannot read the audit trail of %s", path);
    return 0;
}

int
audit_check_size(uint64_t size, uint64_t current, const char *what)
{
    if (size == 0) {
        tool_error("%s: a tree size must be at least 1", what);
        return TOOL_EXIT_DATA;
    }
    if (size > current) {
        tool_error("%s: the trail has %llu entries, not %llu", what,
                   (unsigned long long)current, (unsigned long long)size);
        return TOOL_EXIT_NOTFOUND;
    }
    return 0;
}

/* A JSON string of text that may not be valid UTF-8 (the trail is
 * untrusted input): bytes that break UTF-8 become '?'. */
static json_t *
text_json(const char *s)
{
    json_t *j = json_string(s);
    char *copy;

    if (j != NULL || (copy = strdup(s)) == NULL)
        return j;
    for (char *p = copy; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

json_t *
audit_entry_json(const sanctum_audit_entry *e)
{
    char t[AUDIT_TIME_BUF], key[17], h64[45], hex[65];
    json_t *o = json_object(), *refs = json_array();
    int err = o == NULL || refs == NULL;

    if (err) {
        json_decref(o);
        json_decref(refs);
        return NULL;
    }
    audit_hex(key, e->key_id, 8);
    audit_b64(h64, e->leaf_hash);
    err |= tool_json_set(o, "index", json_integer((json_int_t)e->index));
    err |= tool_json_set(o, "time", json_string(audit_time_ms(e->time_ms, t)));
    err |= tool_json_set(o, "time_ms", json_integer((json_int_t)e->time_ms));
    err |= tool_json_set(o, "actor", json_integer((json_int_t)e->actor));
    err |= tool_json_set(o, "actor_name", text_json(e->actor_name));
    err |= tool_json_set(o, "key_id", json_string(key));
    err |= tool_json_set(o, "action", json_string(e->action));
    err |= tool_json_set(o, "purpose", text_json(e->purpose));
    for (size_t i = 0; i < e->nrefs && !err; i++) {
        json_t *r = json_object();
        if (r == NULL) {
            err = 1;
            break;
        }
        audit_hex(hex, e->refs[i].hash, 32);
        err |= tool_json_set(r, "id", text_json(e->refs[i].id));
        err |= tool_json_set(r, "revision", json_integer((json_int_t)e->refs[i].revision));
        err |= tool_json_set(r, "record_blake2b", json_string(hex));
        err |= tool_json_push(refs, r);
    }
    err |= tool_json_set(o, "entities", refs);
    err |= tool_json_set(o, "detail", text_json(e->detail));
    err |= tool_json_set(o, "leaf_hash", json_string(h64));
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

void
audit_print_clean(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

void
audit_print_path(const unsigned char path[][32], size_t len)
{
    char b[45];

    for (size_t i = 0; i < len; i++) {
        audit_b64(b, path[i]);
        printf("%s\n", b);
    }
}

json_t *
audit_path_json(const unsigned char path[][32], size_t len)
{
    json_t *arr = json_array();
    char b[45];

    for (size_t i = 0; i < len && arr != NULL; i++) {
        audit_b64(b, path[i]);
        if (tool_json_push(arr, json_string(b)) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

json_t *
audit_hash_json(const unsigned char hash[32])
{
    char b[45];

    audit_b64(b, hash);
    return json_string(b);
}

enum { PROOF_OPT_SIZE = 1, PROOF_OPT_JSON };

const tool_opt audit_proof_opts[] = {
    { "size", 1, PROOF_OPT_SIZE },
    { "json", 0, PROOF_OPT_JSON },
    { NULL, 0, 0 }
};

int
audit_proof_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    struct audit_proof_args *a = state;

    (void)ctx;
    if (key == PROOF_OPT_SIZE)
        a->size = value;
    else if (key == PROOF_OPT_JSON)
        a->json = 1;
    return TOOL_CONTINUE;
}

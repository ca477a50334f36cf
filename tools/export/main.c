/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-export: disclose entities as FollowTheMoney JSON lines, one audit entry. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "diag.h"
#include "json.h"
#include "open.h"
#include "progress.h"

enum { OPT_FORMAT = 1, OPT_SCHEMA, OPT_OUTPUT };

static const tool_opt export_opts[] = {
    { "format", 1, OPT_FORMAT },
    { "schema", 1, OPT_SCHEMA },
    { "output", 1, OPT_OUTPUT },
    { NULL, 0, 0 }
};

typedef struct export_args {
    const char *schema;  /* --schema, or NULL for all */
    const char *output;  /* --output FILE, or NULL for stdout */
} export_args;

/* stdio buffer of the output, wiped when done (it held case data). */
static char outbuf[65536];

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    export_args *a = state;

    if (key == OPT_FORMAT) {
        if (strcmp(value, "ftm") != 0)
            return tool_usage_error(ctx, "--format: only ftm is supported");
    } else if (key == OPT_SCHEMA) {
        a->schema = value;
    } else {
        if (*value == '\0')
            return tool_usage_error(ctx, "--output: empty file name");
        a->output = value;
    }
    return TOOL_CONTINUE;
}

/* Schemas that FollowTheMoney does not have: case-side records. */
static int
ftm_schema(const char *schema)
{
    return strcmp(schema, "Case") != 0 && strcmp(schema, "Evidence") != 0;
}

/*
 * One entity as an FtM object:
 *   {"id", "schema", "caption", "properties": {prop: [value, ...]},
 *    "datasets": [sourceList values, or "sanctum"],
 *    "sanctum": {"revision": N, "levels": {prop: [level, ...]}}}
 * "levels" lists the level of each value, aligned with "properties", for
 * the properties that hold a value above official, so that an import of
 * the export keeps every classification. Values the session cannot read
 * are left out and counted in *withheld.
 */
static json_t *
entity_ftm(const sanctum_entity *e, uint64_t *withheld)
{
    json_t *o = json_object(), *props = json_object(), *levels = json_object();
    json_t *lvls = json_object(), *datasets = json_array(), *ext = json_object();
    size_t i, n = sanctum_entity_count(e);
    const char *key;
    json_t *arr;
    int err = o == NULL || props == NULL || levels == NULL || lvls == NULL ||
              datasets == NULL || ext == NULL;

    for (i = 0; i < n && !err; i++) {
        sanctum_value v;
        json_t *la;

        if (sanctum_entity_value(e, i, &v) != SANCTUM_OK)
            break;
        if (v.withheld || v.text == NULL) {
            (*withheld)++;
            continue;
        }
        if ((arr = json_object_get(props, v.prop)) == NULL) {
            err |= tool_json_set(props, v.prop, (arr = json_array()));
            err |= tool_json_set(lvls, v.prop, json_array());
            if (err)
                break;
        }
        err |= tool_json_push(arr, json_string(v.text));
        la = json_object_get(lvls, v.prop);
        err |= tool_json_push(la, json_string(sanctum_level_name(v.level)));
        if (v.level > SANCTUM_LEVEL_OFFICIAL)
            err |= tool_json_set(levels, v.prop, json_true());
        if (strcmp(v.prop, "sourceList") == 0)
            err |= tool_json_push(datasets, json_string(v.text));
    }
    if (!err && json_array_size(datasets) == 0)
        err |= tool_json_push(datasets, json_string("sanctum"));
    /* Keep level arrays only for properties with a value above official. */
    if (!err) {
        json_t *keep = json_object();

        err |= keep == NULL;
        json_object_foreach(levels, key, arr) {
            if (!err)
                err |= tool_json_set(keep, key, json_incref(json_object_get(lvls, key)));
        }
        err |= tool_json_set(ext, "revision",
                             json_integer((json_int_t)sanctum_entity_revision(e)));
        if (!err && json_object_size(keep) > 0)
            err |= tool_json_set(ext, "levels", keep);
        else
            json_decref(keep);
    }
    if (!err) {
        err |= tool_json_set(o, "id", json_string(sanctum_entity_id(e)));
        err |= tool_json_set(o, "schema", json_string(sanctum_entity_schema(e)));
        err |= tool_json_set(o, "caption", json_string(sanctum_entity_caption(e)));
        err |= tool_json_set(o, "properties", props);
        props = NULL;
        err |= tool_json_set(o, "datasets", datasets);
        datasets = NULL;
        err |= tool_json_set(o, "sanctum", ext);
        ext = NULL;
    }
    json_decref(props);
    json_decref(levels);
    json_decref(lvls);
    json_decref(datasets);
    json_decref(ext);
    if (err) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* An id given on the command line and its place there, for unique_ids(). */
typedef struct id_at {
    const char *id;
    size_t      pos;
} id_at;

static int
cmp_id_at(const void *a, const void *b)
{
    const id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    return c != 0 ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/*
 * Copy args[0 .. n) to ids without repeats, each where it first appears,
 * into *count. An id given twice would be disclosed, counted and audited
 * twice, and written twice, which sanctum-import then refuses ("the same
 * source id as an earlier record"). Sorted, not compared pairwise: a
 * command line may carry many thousands of ids. 0, or -1 out of memory.
 */
static int
unique_ids(const char **ids, size_t *count, char **args, size_t n)
{
    id_at *sorted = calloc(n > 0 ? n : 1, sizeof *sorted);
    unsigned char *repeat = calloc(n > 0 ? n : 1, 1);
    size_t i, k = 0;

    if (sorted == NULL || repeat == NULL) {
        free(sorted);
        free(repeat);
        return -1;
    }
    for (i = 0; i < n; i++)
        sorted[i] = (id_at){ args[i], i };
    qsort(sorted, n, sizeof *sorted, cmp_id_at);
    for (i = 1; i < n; i++)
        if (strcmp(sorted[i].id, sorted[i - 1].id) == 0)
            repeat[sorted[i].pos] = 1;
    for (i = 0; i < n; i++)
        if (!repeat[i])
            ids[k++] = args[i];
    *count = k;
    free(sorted);
    free(repeat);
    return 0;
}

/* The ids to export: those given (once each), or every entity of an FtM
 * schema. */
static int
collect_ids(const char ***out, size_t *count, sanctum_id_list **list, sanctum_session *session,
            const export_args *a, char **argv, int nargs)
{
    const char **ids;
    size_t i, n, k = 0;
    int rc;

    *out = NULL;
    *count = 0;
    *list = NULL;
    if (nargs > 0) {
        if ((ids = calloc((size_t)nargs, sizeof *ids)) == NULL)
            goto oom;
        if (unique_ids(ids, count, argv, (size_t)nargs) != 0) {
            free(ids);
            goto oom;
        }
        *out = ids;
        return 0;
    }
    if ((rc = sanctum_entity_list(list, session, a->schema)) != SANCTUM_OK)
        return tool_fail(rc, "cannot list entities");
    n = sanctum_id_list_count(*list);
    if ((ids = calloc(n > 0 ? n : 1, sizeof *ids)) == NULL)
        goto oom;
    for (i = 0; i < n; i++)
        if (a->schema != NULL || ftm_schema(sanctum_id_list_schema(*list, i)))
            ids[k++] = sanctum_id_list_at(*list, i);
    *out = ids;
    *count = k;
    return 0;
oom:
    tool_error("out of memory");
    return TOOL_EXIT_FAIL;
}

/* Open the output: stdout, or a new file with mode 0600 (never replaced). */
static int
open_output(FILE **out, const char *path)
{
    int fd;

    if (path == NULL || strcmp(path, "-") == 0) {
        *out = stdout;
    } else {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            int e = errno;

            tool_error("%s: %s%s", path, strerror(e),
                       e == EEXIST ? " (the export never replaces a file)" : "");
            /* A missing directory is "not found", as in docs/exit-codes.md. */
            return e == EEXIST ? TOOL_EXIT_CONFLICT
                   : e == ENOENT ? TOOL_EXIT_NOTFOUND : TOOL_EXIT_FAIL;
        }
        if ((*out = fdopen(fd, "w")) == NULL) {
            close(fd);
            tool_error("%s: %s", path, strerror(errno));
            return TOOL_EXIT_FAIL;
        }
    }
    setvbuf(*out, outbuf, _IOFBF, sizeof outbuf);
    return 0;
}

static int
run_export(tool_ctx *ctx, int argc, char **argv)
{
    export_args a = { NULL, NULL };
    tool_cmd cmd = {
        "sanctum-export [--format ftm] [--schema SCHEMA] [--output FILE] [ID...]",
        "Disclose entities as FollowTheMoney JSON lines (one entity per line), the\n"
        "format OpenSanctions tools read and sanctum-import --format ftm imports back.\n"
        "The disclosure is one audit entry, written before anything is decrypted,\n"
        "naming every entity with its revision and record hash; --purpose says why.\n"
        "Without IDs, every entity is exported except case-side records (Case,\n"
        "Evidence), which have no FtM schema; name them by id to export them anyway.\n"
        "An ID given more than once is exported once.\n"
        "Values above your clearance are left out (a warning says how many).\n"
        "\n"
        "Options:\n"
        "  --format ftm      the output format (the only one)\n"
        "  --schema SCHEMA   only entities of SCHEMA\n"
        "  --output FILE     write to FILE, created with mode 0600 (an existing file is\n"
        "                    never replaced); default: standard output\n",
        export_opts, on_opt, NULL, 0, -1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_disclosure *d = NULL;
    sanctum_id_list *list = NULL;
    const char **ids = NULL;
    size_t count = 0, i;
    uint64_t withheld = 0;
    tool_progress bar;
    FILE *out = NULL;
    int rc, nargs, progress = isatty(STDERR_FILENO);

    cmd.state = &a;
    ctx->cmd = &cmd;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if ((rc = tool_session_open(ctx, &store, &session)) != 0)
        return rc;
    if ((rc = collect_ids(&ids, &count, &list, session, &a, argv, nargs)) != 0)
        goto done;
    if ((rc = open_output(&out, a.output)) != 0)
        goto done;
    if (count > 0 &&
        (rc = sanctum_disclosure_begin(&d, session, ids, count, ctx->purpose)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot disclose the %zu entities", count);
        goto done;
    }
    if (progress)
        tool_progress_start(&bar, "exporting", count);
    rc = 0;
    for (i = 0; i < count && rc == 0; i++) {
        sanctum_entity *e = NULL;
        json_t *o;
        int lrc;

        if ((lrc = sanctum_disclosure_read(&e, d, i)) != SANCTUM_OK) {
            rc = tool_fail(lrc, "cannot read %s", ids[i]);
            break;
        }
        o = entity_ftm(e, &withheld);
        sanctum_entity_free(e);
        if (o == NULL) {
            tool_error("%s: cannot build its JSON", ids[i]);
            rc = TOOL_EXIT_FAIL;
            break;
        }
        if (json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
            fputc('\n', out) == EOF) {
            tool_error("cannot write the export");
            rc = TOOL_EXIT_FAIL;
        }
        json_decref(o);
        if (progress)
            tool_progress_update(&bar, i + 1);
    }
    if (progress) {
        if (rc == 0)
            tool_progress_finish(&bar);
        else
            tool_progress_clear(&bar);
    }
    if (rc == 0 && fflush(out) != 0) {
        tool_error("cannot write the export");
        rc = TOOL_EXIT_FAIL;
    }
    if (rc == 0 && withheld > 0)
        tool_warn("%llu values above your clearance were left out",
                  (unsigned long long)withheld);
    if (rc == 0 && a.output != NULL && strcmp(a.output, "-") != 0)
        printf("exported %zu entities to %s\n", count, a.output);
done:
    if (out != NULL && out != stdout && fclose(out) != 0 && rc == 0) {
        tool_error("cannot write the export");
        rc = TOOL_EXIT_FAIL;
    }
    if (out == stdout)
        fflush(stdout);
    sanctum_wipe(outbuf, sizeof outbuf);
    sanctum_disclosure_free(d);
    free(ids);
    sanctum_id_list_free(list);
    tool_session_close(store, session);
    return rc;
}

static const tool_info export_tool = {
    "sanctum-export",
    "Export entities of a sanctum store as FollowTheMoney JSON lines (a disclosure).",
    NULL,
    run_export,
    0
};

int
main(int argc, char **argv)
{
    return tool_main(&export_tool, argc, argv);
}

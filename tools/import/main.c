/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - sanctum-import: import published sanctions lists into a store in one audited run. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "diag.h"
#include "imp.h"
#include "json.h"
#include "open.h"

enum {
    OPT_FORMAT = 1, OPT_LIST, OPT_DATE, OPT_LEVEL, OPT_ENCODING, OPT_SKIP_BAD, OPT_DRY_RUN,
    OPT_JSON
};

static const tool_opt import_opts[] = {
    { "format", 1, OPT_FORMAT },
    { "list", 1, OPT_LIST },
    { "date", 1, OPT_DATE },
    { "level", 1, OPT_LEVEL },
    { "encoding", 1, OPT_ENCODING },
    { "skip-bad", 0, OPT_SKIP_BAD },
    { "dry-run", 0, OPT_DRY_RUN },
    { "json", 0, OPT_JSON },
    { NULL, 0, 0 }
};

typedef struct import_args {
    imp_opts opts;
    int      dry_run;
    int      json;
} import_args;

/* A list name: 1-64 of [a-z0-9_.-]. */
static int
valid_list(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n;
}

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    import_args *a = state;

    switch (key) {
    case OPT_FORMAT:
        if ((a->opts.format = imp_format_from_name(value)) == IMP_FMT_NONE)
            return tool_usage_error(ctx, "--format: expected ofac, ofsi, un-xml or ftm");
        break;
    case OPT_LIST:
        if (!valid_list(value))
            return tool_usage_error(ctx, "--list: 1 to 64 characters of a-z, 0-9, '_', '.', "
                                    "'-'");
        a->opts.list = value;
        break;
    case OPT_DATE:
        if (strlen(value) != 10 || !imp_date_valid(value))
            return tool_usage_error(ctx, "--date: expected YYYY-MM-DD");
        a->opts.date = value;
        break;
    case OPT_LEVEL:
        if ((a->opts.level = sanctum_level_from_name(value)) == SANCTUM_LEVEL_NONE)
            return tool_usage_error(ctx, "--level: expected official, sensitive or secret");
        break;
    case OPT_ENCODING:
        if (strcmp(value, "utf-8") == 0 || strcmp(value, "utf8") == 0)
            a->opts.encoding = IMP_ENC_UTF8;
        else if (strcmp(value, "windows-1252") == 0 || strcmp(value, "cp1252") == 0)
            a->opts.encoding = IMP_ENC_CP1252;
        else if (strcmp(value, "latin-1") == 0 || strcmp(value, "iso-8859-1") == 0)
            a->opts.encoding = IMP_ENC_LATIN1;
        else
            return tool_usage_error(ctx, "--encoding: expected utf-8, windows-1252 or latin-1");
        break;
    case OPT_SKIP_BAD:
        a->opts.skip_bad = 1;
        break;
    case OPT_DRY_RUN:
        a->dry_run = 1;
        break;
    default:
        a->json = 1;
        break;
    }
    return TOOL_CONTINUE;
}

static int
print_summary(const imp_result *res, const import_args *a, char **files, int nfiles)
{
    const sanctum_import_summary *s = &res->summary;
    json_t *doc, *arr;
    int i, err = 0, rc;

    if (!a->json) {
        if (res->dry_run)
            printf("checked %llu records for %s (%s): nothing was written\n",
                   (unsigned long long)res->counts.records, res->list,
                   res->date[0] ? res->date : "no date");
        else
            printf("imported %llu records into %s (%s): %llu created, %llu updated, "
                   "%llu unchanged; audit entry %llu\n",
                   (unsigned long long)res->counts.records, res->list,
                   res->date[0] ? res->date : "no date", (unsigned long long)s->created,
                   (unsigned long long)s->updated, (unsigned long long)s->unchanged,
                   (unsigned long long)s->audit_index);
        if (res->counts.skipped > 0)
            printf("%llu bad rows skipped (listed on stderr)\n",
                   (unsigned long long)res->counts.skipped);
        if (res->counts.dropped_refs > 0)
            printf("%llu references left out (listed on stderr)\n",
                   (unsigned long long)res->counts.dropped_refs);
        return 0;
    }
    if ((doc = tool_json_doc()) == NULL || (arr = json_array()) == NULL) {
        json_decref(doc);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    for (i = 0; i < nfiles; i++)
        err |= tool_json_push(arr, json_string(files[i]));
    err |= tool_json_set(doc, "format", json_string(imp_format_name(res->format)));
    err |= tool_json_set(doc, "source_list", json_string(res->list));
    err |= tool_json_set(doc, "source_date", res->date[0] ? json_string(res->date) : json_null());
    err |= tool_json_set(doc, "files", arr);
    err |= tool_json_set(doc, "dry_run", json_boolean(res->dry_run));
    err |= tool_json_set(doc, "records", json_integer((json_int_t)res->counts.records));
    err |= tool_json_set(doc, "created", json_integer((json_int_t)s->created));
    err |= tool_json_set(doc, "updated", json_integer((json_int_t)s->updated));
    err |= tool_json_set(doc, "unchanged", json_integer((json_int_t)s->unchanged));
    err |= tool_json_set(doc, "skipped", json_integer((json_int_t)res->counts.skipped));
    err |= tool_json_set(doc, "dropped_references",
                         json_integer((json_int_t)res->counts.dropped_refs));
    err |= tool_json_set(doc, "warnings", json_integer((json_int_t)res->counts.warnings));
    err |= tool_json_set(doc, "audit_index",
                         res->dry_run ? json_null() : json_integer((json_int_t)s->audit_index));
    if (err) {
        json_decref(doc);
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    rc = tool_json_print(doc);
    json_decref(doc);
    return rc;
}

/* Is one of the files "-"? Read to its end for the list, stdin would then
 * give an empty passphrase, a misleading complaint. */
static int
reads_stdin(char **files, int nfiles)
{
    int i;

    for (i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") == 0)
            return 1;
    return 0;
}

static int
run_import(tool_ctx *ctx, int argc, char **argv)
{
    import_args a;
    tool_cmd cmd = {
        "sanctum-import [--format ofac|ofsi|un-xml|ftm] [--list NAME] [--date YYYY-MM-DD]\n"
        "               [--level LEVEL] [--encoding ENC] [--skip-bad] [--dry-run] [--json]\n"
        "               FILE...",
        "Import a published sanctions list into the store: all its records in one\n"
        "write transaction and one audit entry. A record imported before from the same\n"
        "list (same source id) gets a new revision only if its content changed.\n"
        "Any bad row stops the import and nothing is written, unless --skip-bad.\n"
        "A FILE of \"-\" is standard input (give --format with it).\n"
        "\n"
        "Formats (detected from the files when not given):\n"
        "  ofac     OFAC SDN legacy CSV set: sdn.csv with any of alt.csv, add.csv and\n"
        "           sdn_comments.csv (list us_ofac_sdn); \"-\" is read as sdn.csv\n"
        "  ofsi     UK OFSI consolidated list CSV, ConList.csv (list gb_hmt_sanctions)\n"
        "  un-xml   UN Security Council consolidated list XML (list un_sc_sanctions)\n"
        "  ftm      FollowTheMoney JSON lines, as OpenSanctions and sanctum-export write\n"
        "           them (list ftm)\n"
        "\n"
        "Options:\n"
        "  --format F        the format of every FILE\n"
        "  --list NAME       the source list recorded in sourceList and used to find\n"
        "                    records imported before (default: per format, above)\n"
        "  --date DATE       the list's publication date, recorded in sourceDate\n"
        "                    (default: from the file when it says, else see the man page)\n"
        "  --level LEVEL     classification of imported values: official (default),\n"
        "                    sensitive or secret\n"
        "  --encoding ENC    utf-8 (default), windows-1252 or latin-1\n"
        "  --skip-bad        import the good rows; list bad ones on stderr\n"
        "  --dry-run         read and check the files; write nothing (no store needed)\n"
        "  --json            print a summary document: {\"format_version\": 2, \"created\",\n"
        "                    \"updated\", \"unchanged\", \"skipped\", ...}\n",
        import_opts, on_opt, NULL, 1, -1
    };
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    imp_set *set = NULL;
    imp_result res;
    int rc, nargs;

    memset(&a, 0, sizeof a);
    a.opts.level = SANCTUM_LEVEL_OFFICIAL;
    a.opts.progress = isatty(STDERR_FILENO);
    cmd.state = &a;
    ctx->cmd = &cmd;
    if ((rc = tool_parse(ctx, &cmd, argc, argv, &nargs)) != TOOL_CONTINUE)
        return rc;
    if (!a.dry_run && ctx->pass.fd == STDIN_FILENO && reads_stdin(argv, nargs))
        return tool_usage_error(ctx, "standard input carries a list file (-): pass the "
                                     "passphrase on another descriptor or file");
    /* Read and check every file before asking for a passphrase. */
    if ((rc = imp_parse(&set, &a.opts, argv, (size_t)nargs)) != 0) {
        if (rc == TOOL_EXIT_DATA)
            tool_error("nothing was imported");
        goto done;
    }
    if (!a.dry_run && (rc = tool_session_open(ctx, &store, &session)) != 0)
        goto done;
    if ((rc = imp_import(&res, set, session,
                         ctx->purpose != NULL ? ctx->purpose : "list import")) != 0)
        goto done;
    rc = print_summary(&res, &a, argv, nargs);
done:
    imp_set_free(set);
    tool_session_close(store, session);
    return rc;
}

static const tool_info import_tool = {
    "sanctum-import",
    "Import OFAC, OFSI, UN and FollowTheMoney sanctions lists into a sanctum store.",
    NULL,
    run_import,
    0
};

int
main(int argc, char **argv)
{
    return tool_main(&import_tool, argc, argv);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* run.c - one import: detect the format, parse every file, then emit all in one audited run. */
#include "imp.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"

/* The format of every file, when they agree. */
static int
detect_all(imp_format *out, char *const *files, size_t nfiles)
{
    imp_format f = IMP_FMT_NONE, g;
    size_t i, first = 0;
    int rc;

    for (i = 0; i < nfiles; i++) {
        if (strcmp(files[i], "-") == 0) {
            tool_error("cannot tell the format of standard input; use --format");
            return TOOL_EXIT_USAGE;
        }
        if ((rc = imp_detect(&g, files[i])) != 0)
            return rc;
        if (g == IMP_FMT_NONE) {
            tool_error("%s: cannot tell the format; use --format ofac|ofsi|un-xml|ftm",
                       files[i]);
            return TOOL_EXIT_USAGE;
        }
        if (f != IMP_FMT_NONE && g != f) {
            tool_error("%s looks like %s but %s looks like %s: import them in separate runs",
                       files[first], imp_format_name(f), files[i], imp_format_name(g));
            return TOOL_EXIT_USAGE;
        }
        if (f == IMP_FMT_NONE)
            first = i;
        f = g;
    }
    *out = f;
    return 0;
}

int
imp_parse(imp_set **out, imp_opts *opts, char *const *files, size_t nfiles)
{
    imp_set *set = NULL;
    tool_progress bar;
    int rc;

    *out = NULL;
    if (opts->format == IMP_FMT_NONE && (rc = detect_all(&opts->format, files, nfiles)) != 0)
        return rc;
    if (opts->list == NULL)
        opts->list = imp_format_list(opts->format);
    if ((rc = imp_set_new(&set, opts)) != 0)
        return rc;
    if (opts->progress) {
        tool_progress_start(&bar, "reading", 0);
        imp_set_bar(set, &bar);
        imp_bar_set(&bar);
    }
    switch (opts->format) {
    case IMP_FMT_OFAC:
        rc = imp_ofac_read(set, files, nfiles);
        break;
    case IMP_FMT_OFSI:
        rc = imp_ofsi_read(set, files, nfiles);
        break;
    case IMP_FMT_UNXML:
        rc = imp_unxml_read(set, files, nfiles);
        break;
    case IMP_FMT_FTM:
        rc = imp_ftm_read(set, files, nfiles);
        break;
    default:
        tool_error("unknown format");
        rc = TOOL_EXIT_USAGE;
        break;
    }
    if (opts->progress) {
        if (rc == 0)
            tool_progress_finish(&bar);
        else
            tool_progress_clear(&bar);
        imp_set_bar(set, NULL);
        imp_bar_set(NULL);
    }
    if (rc != 0) {
        imp_set_free(set);
        return rc;
    }
    *out = set;
    return 0;
}

int
imp_import(imp_result *res, imp_set *set, sanctum_session *session, const char *purpose)
{
    const imp_opts *opts = imp_set_opts(set);
    sanctum_import *run = NULL;
    tool_progress bar;
    int rc;

    memset(res, 0, sizeof *res);
    res->list = opts->list;
    res->format = opts->format;
    res->dry_run = session == NULL;
    snprintf(res->date, sizeof res->date, "%s", imp_set_date(set));
    if (session != NULL &&
        (rc = sanctum_import_begin(&run, session, opts->list, purpose)) != SANCTUM_OK)
        return tool_fail(rc, "cannot begin the import of %s", opts->list);
    if (opts->progress) {
        tool_progress_start(&bar, session != NULL ? "importing" : "checking",
                            imp_set_counts(set)->records);
        imp_bar_set(&bar);
    }
    rc = imp_set_emit(set, run, opts->progress ? &bar : NULL);
    if (opts->progress) {
        if (rc == 0)
            tool_progress_finish(&bar);
        else
            tool_progress_clear(&bar);
        imp_bar_set(NULL);
    }
    if (rc != 0) {
        sanctum_import_abort(run);
        tool_error("nothing was imported");
        return rc;
    }
    if (run != NULL && (rc = sanctum_import_commit(run, &res->summary)) != SANCTUM_OK) {
        rc = tool_fail(rc, "cannot commit the import of %s", opts->list);
        tool_error("nothing was imported");
        return rc;
    }
    res->counts = *imp_set_counts(set);
    return 0;
}

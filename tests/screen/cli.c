/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - sanctum-lookup: grep-like exit status, table and --json, --file lines and CSV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run.h"
#include "sc_util.h"

#define LOOKUP "sanctum-lookup"

typedef struct world {
    tu_store t;
    char store[4096], pw[4096], file[4096];
    char putin[SANCTUM_ID_MAX], vessel[SANCTUM_ID_MAX];
} world;

static world *W;

/* Run sanctum-lookup as the admin with `args` (at most 12). */
static void
lookup(cli_result *r, const char *in, const char *const *args)
{
    const char *argv[20] = { "--store", W->store, "--user", "admin", "--passphrase-file",
                             W->pw };
    size_t n = 6;

    while (*args != NULL && n < 19)
        argv[n++] = *args++;
    argv[n] = NULL;
    cli_runv(r, in, LOOKUP, argv);
}
#define LOOKUP_RUN(r, in, ...) lookup((r), (in), (const char *const[]){ __VA_ARGS__, NULL })

static void
write_file(const char *text)
{
    assert_int_equal(tu_write_file(W->file, text, strlen(text), 0600), 0);
}

static void
test_names_table(void **state)
{
    cli_result r = { 0 };
    uint64_t before = sc_audit_size(W->t.st);

    (void)state;
    LOOKUP_RUN(&r, NULL, "Vladimir Putin", "--purpose", "daily check");
    assert_exit(&r, 0);
    assert_out_has(&r, W->putin);
    assert_out_has(&r, "Person");
    assert_out_has(&r, "Vladimir Vladimirovich PUTIN");
    assert_out_has(&r, "query 1: Vladimir Putin");
    assert_err_empty(&r);
    assert_int_equal(sc_audit_size(W->t.st), before + 1);
    /* --explain adds how it scored */
    LOOKUP_RUN(&r, NULL, "Putin Vladimir", "--explain");
    assert_exit(&r, 0);
    assert_out_has(&r, "exact");
    /* nothing found: exit 1 */
    LOOKUP_RUN(&r, NULL, "Zebulon Quaxworthy");
    assert_exit(&r, 1);
    assert_out_has(&r, "no match at or above 0.80");
    /* some found: exit 0 */
    LOOKUP_RUN(&r, NULL, "Zebulon Quaxworthy", "Blue Horizon");
    assert_exit(&r, 0);
    /* --schema, --threshold, --limit */
    LOOKUP_RUN(&r, NULL, "--schema", "Company", "Vladimir Putin");
    assert_exit(&r, 1);
    LOOKUP_RUN(&r, NULL, "--threshold", "0.99", "--limit", "1", "Vladmir Putn");
    assert_exit(&r, 1);
    cli_result_free(&r);
}

static void
test_json(void **state)
{
    cli_result r = { 0 };
    json_t *doc, *qs, *q0, *m;

    (void)state;
    LOOKUP_RUN(&r, NULL, "--json", "Putin, Vladimir", "Nobody Atall", "Blue Horizon",
               "--birth-date", "1952", "--nationality", "RU");
    assert_exit(&r, 0);
    doc = cli_json(&r);
    qs = json_object_get(doc, "queries");
    assert_true(json_is_array(qs));
    assert_int_equal(json_array_size(qs), 3);
    assert_true(json_is_real(json_object_get(doc, "threshold")));
    q0 = json_array_get(qs, 0);
    assert_int_equal(json_integer_value(json_object_get(q0, "query")), 1);
    assert_string_equal(json_string_value(json_object_get(q0, "name")), "Putin, Vladimir");
    assert_true(json_is_integer(json_object_get(q0, "unscored")));
    assert_int_equal(json_integer_value(json_object_get(q0, "unscored")), 0);
    m = json_array_get(json_object_get(q0, "matches"), 0);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "id")), W->putin);
    assert_string_equal(json_string_value(json_object_get(m, "schema")), "Person");
    assert_string_equal(json_string_value(json_object_get(m, "caption")),
                        "Vladimir Vladimirovich PUTIN");
    assert_true(json_real_value(json_object_get(m, "score")) >= 0.8);
    assert_non_null(json_string_value(json_object_get(m, "matched_name")));
    assert_non_null(json_string_value(json_object_get(m, "matched_prop")));
    assert_non_null(strstr(json_string_value(json_object_get(m, "explanation")),
                           "birth year agrees"));
    assert_int_equal(json_array_size(json_object_get(json_array_get(qs, 1), "matches")), 0);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(json_array_get(qs, 2), "matches"), 0),
                            "id")),
                        W->vessel);
    json_decref(doc);
    LOOKUP_RUN(&r, NULL, "--json", "Nobody Atall");
    assert_exit(&r, 1);
    doc = cli_json(&r);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(doc,
                                                                                    "queries"),
                                                                    0), "matches")), 0);
    json_decref(doc);
    cli_result_free(&r);
}

static void
test_file(void **state)
{
    cli_result r = { 0 };
    json_t *doc, *qs;

    (void)state;
    /* one name per line; blank lines skipped; commas are part of names */
    write_file("Vladimir Putin\n\n  Nobody Atall  \r\nPUTIN, Vladimir\n");
    LOOKUP_RUN(&r, NULL, "--json", "--file", W->file);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    qs = json_object_get(doc, "queries");
    assert_int_equal(json_array_size(qs), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(qs, 1), "line")), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(qs, 1), "name")),
                        "Nobody Atall");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(qs, 2), "line")), 4);
    assert_int_equal(json_array_size(json_object_get(json_array_get(qs, 2), "matches")), 1);
    json_decref(doc);
    /* CSV with a header, quoted fields, empty fields */
    write_file("name,birthDate,nationality\n"
               "Vladimir Putin,1952,ru\n"
               "\"Putin, Vladimir\",,\n"
               "\"Blue \"\"Horizon\"\"\",,\n");
    LOOKUP_RUN(&r, NULL, "--json", "--file", W->file);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    qs = json_object_get(doc, "queries");
    assert_int_equal(json_array_size(qs), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(qs, 1), "name")),
                        "Putin, Vladimir");
    assert_string_equal(json_string_value(json_object_get(json_array_get(qs, 2), "name")),
                        "Blue \"Horizon\"");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(qs, 0), "line")), 2);
    json_decref(doc);
    /* fields are trimmed alike whether the last one is quoted or not */
    write_file("name,birthDate,nationality\n"
               "Vladimir Putin,1952 ,ru\n"
               "Vladimir Putin,1952 ,\"ru\"\n"
               "Vladimir Putin, \"1952\" , \"ru\" \n");
    LOOKUP_RUN(&r, NULL, "--json", "--file", W->file);
    assert_exit(&r, 0);
    doc = cli_json(&r);
    qs = json_object_get(doc, "queries");
    assert_int_equal(json_array_size(qs), 3);
    for (size_t i = 0; i < 3; i++)
        assert_non_null(strstr(json_string_value(json_object_get(
                                   json_array_get(json_object_get(json_array_get(qs, i),
                                                                  "matches"), 0),
                                   "explanation")),
                               "birth year agrees; nationality agrees"));
    json_decref(doc);
    /* standard input */
    LOOKUP_RUN(&r, "Vladimir Putin\n", "--file", "-");
    assert_exit(&r, 0);
    assert_out_has(&r, W->putin);
    cli_result_free(&r);
}

/* Refused: exit 2, a diagnostic holding `phrase`, nothing on stdout, and
 * never the secret word that the bad input carries. */
static void
refused(cli_result *r, const char *phrase)
{
    assert_exit(r, 2);
    assert_out_empty(r);
    assert_err_prefixed(r, LOOKUP);
    assert_err_has(r, phrase);
    if (strstr(r->err, "Qwertzuiop") != NULL) {
        cli_dump(r);
        fail_msg("the diagnostic shows the name");
    }
}

/* A first line that tries to be a CSV header (a comma and a "name"
 * column) but is not a valid one is refused: read as a plain name file,
 * every row would be screened as one long name and miss (exit 1). The
 * diagnostic names columns by number, never their text (which may be a
 * name: refused() checks). */
static void
test_file_bad_header(void **state)
{
    static const struct {
        const char *header, *phrase;
    } bad[] = {
        { "name,birthDate,nationality,notes", ":1: not a valid CSV header: column 4 is "
                                              "unknown" },
        { "name,dob", "column 2 is unknown" },
        { "name,birthDate,", "column 3 is empty" },
        { "name,name", "column 2 repeats column 1 (name)" },
        { "name,birthDate,nationality,schema,x", "column 5 is unknown" },
        { "birthDate,Name,Qwertzuiop", "column 3 is unknown" },
        { "\"NAME\",\"Qwertzuiop\"", "column 2 is unknown" },
        { "Qwertzuiop, Name", "column 1 is unknown" },
    };
    char text[256];
    cli_result r = { 0 };
    uint64_t before = sc_audit_size(W->t.st);

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "%s\nVladimir Putin,1952,ru,x\n", bad[i].header);
        write_file(text);
        LOOKUP_RUN(&r, NULL, "--file", W->file);
        refused(&r, bad[i].phrase);
        assert_err_has(&r, "the columns are name, birthDate, nationality and schema");
    }
    /* after blank lines and a byte order mark, the line is still named */
    write_file("\xEF\xBB\xBF\nname,birth date\nVladimir Putin,1952\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":2: not a valid CSV header: column 2 is unknown");
    assert_int_equal(sc_audit_size(W->t.st), before);
    /* a valid header in any case, and a plain first name with a comma */
    write_file("NAME,BirthDate,Nationality\nVladimir Putin,1952,ru\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    assert_exit(&r, 0);
    assert_out_has(&r, W->putin);
    write_file("PUTIN, Vladimir\nBlue Horizon\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    assert_exit(&r, 0);
    assert_out_has(&r, "query 1 (line 1): PUTIN, Vladimir");
    assert_out_has(&r, W->putin);
    cli_result_free(&r);
}

static void
test_errors(void **state)
{
    cli_result r = { 0 };
    char badpw[4096 + 8];
    uint64_t before = sc_audit_size(W->t.st);

    (void)state;
    /* malformed CSV lines, named by line number */
    write_file("name,birthDate,nationality\nVladimir Putin,1952,ru\n\"Qwertzuiop,1950,ru\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":3: malformed CSV");
    write_file("name,birthDate,nationality\nQwertzuiop,1950\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":2: expected 3 fields, found 2");
    write_file("name,birthDate,nationality\nQwertzuiop,1950,ru,extra\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":2: expected 3 fields");
    write_file("name,birthDate,nationality\nVladimir Putin,,\nQwertzuiop x\"y,1950,ru\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":3: malformed CSV");
    /* bad values, named by line: the library's check */
    write_file("name,birthDate,nationality\n\n\nQwertzuiop,1950-13,ru\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":4: the birth date is not a date");
    write_file("name,birthDate,nationality\n,1950,ru\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":2: the name is empty");
    write_file("Vladimir Putin\nQwertzuiop \xC3\x28\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, ":2: the name is not valid UTF-8");
    write_file("\n\n");
    LOOKUP_RUN(&r, NULL, "--file", W->file);
    refused(&r, "no names to screen");
    /* arguments */
    LOOKUP_RUN(&r, NULL, "Vladimir Putin", "Qwertzuiop \xFF");
    refused(&r, "argument 2: the name is not valid UTF-8");
    LOOKUP_RUN(&r, NULL, "Qwertzuiop", "--nationality", "xyz");
    refused(&r, "argument 1: the nationality");
    LOOKUP_RUN(&r, NULL, "Qwertzuiop", "--schema", "Persn");
    refused(&r, "unknown schema");
    {
        char big[1100];
        memset(big, 'q', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        LOOKUP_RUN(&r, NULL, big);
        refused(&r, "longer than 1024 bytes");
    }
    /* usage */
    LOOKUP_RUN(&r, NULL, "--threshold", "1.5", "Qwertzuiop");
    refused(&r, "--threshold");
    LOOKUP_RUN(&r, NULL, "--limit", "0", "Qwertzuiop");
    refused(&r, "--limit");
    LOOKUP_RUN(&r, NULL, "--bogus", "Qwertzuiop");
    refused(&r, "bogus");
    CLI_RUN(&r, NULL, LOOKUP, "--store", W->store, "--user", "admin", "--passphrase-file",
            W->pw);
    refused(&r, "no names");
    LOOKUP_RUN(&r, NULL, "--file", W->file, "Qwertzuiop");
    refused(&r, "not both");
    LOOKUP_RUN(&r, NULL, "--file", "/nonexistent/names.txt");
    refused(&r, "/nonexistent/names.txt");
    /* stdin cannot carry both the names and the passphrase */
    CLI_RUN(&r, "admin-passphrase\nQwertzuiop\n", LOOKUP, "--store", W->store, "--user",
            "admin", "--file", "-", "--passphrase-fd", "0");
    refused(&r, "standard input carries the names (--file -): pass the passphrase on "
                "another descriptor or file");
    /* a wrong passphrase, or no store: still 2 */
    snprintf(badpw, sizeof badpw, "%s.bad", W->pw);
    assert_int_equal(tu_write_file(badpw, "wrong", 5, 0600), 0);
    CLI_RUN(&r, NULL, LOOKUP, "--store", W->store, "--user", "admin", "--passphrase-file",
            badpw, "Qwertzuiop");
    refused(&r, "passphrase");
    CLI_RUN(&r, NULL, LOOKUP, "--store", "/nonexistent/store", "--user", "admin",
            "--passphrase-file", W->pw, "Qwertzuiop");
    assert_exit(&r, 2);
    /* --help is not an error */
    CLI_RUN(&r, NULL, LOOKUP, "--help");
    assert_exit(&r, 0);
    assert_out_has(&r, "Exit status");
    /* nothing refused wrote an audit entry */
    assert_int_equal(sc_audit_size(W->t.st), before);
    cli_result_free(&r);
}

/* How many times `needle` occurs in `hay`. */
static size_t
count_of(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Run sanctum-lookup as the admin with `args` (at most 12) and stdout
 * on /dev/full: exit 2 whatever matched (grep's "any error"), and one
 * diagnostic, not one from the tool and another from the shared main(). */
static void
assert_one_write_error(const char *const *args)
{
    const char *argv[20] = { "--store", W->store, "--user", "admin", "--passphrase-file",
                             W->pw };
    cli_io io = CLI_IO_INIT;
    cli_result r = { 0 };
    size_t n = 6;

    while (*args != NULL && n < 19)
        argv[n++] = *args++;
    argv[n] = NULL;
    io.out_path = "/dev/full";
    cli_runv_io(&r, &io, LOOKUP, argv);
    assert_exit(&r, 2);
    if (count_of(r.err, "sanctum-lookup: ") != 1 ||
        count_of(r.err, "sanctum-lookup: error writing to standard output\n") != 1) {
        cli_dump(&r);
        fail_msg("not exactly one diagnostic");
    }
    cli_result_free(&r);
}
#define ASSERT_ONE_WRITE_ERROR(...) \
    assert_one_write_error((const char *const[]){ __VA_ARGS__, NULL })

static void
test_write_error(void **state)
{
    char text[64 * 400];
    size_t len = 0;

    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    ASSERT_ONE_WRITE_ERROR("Vladimir Putin");       /* a match: would be 0 */
    ASSERT_ONE_WRITE_ERROR("Zebulon Quaxworthy");   /* none: would be 1 */
    ASSERT_ONE_WRITE_ERROR("--json", "Vladimir Putin");
    /* JSON larger than stdio's buffer: jansson's write fails too. */
    for (int i = 0; i < 400; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "Vladimir Putin %d\n", i);
    write_file(text);
    ASSERT_ONE_WRITE_ERROR("--json", "--file", W->file);
}

/* --help gives the grep-like statuses only, not the shared table of the
 * other tools (which says 1 is a failure and 2 a usage error), and each
 * synopsis line is indented like the first. */
/* More names tie at the best rank than are ever compared: the table says
 * INCOMPLETE, stderr warns, and the JSON gives their number. */
static void
test_incomplete(void **state)
{
    cli_result r = { 0 };
    json_t *doc, *q0;

    (void)state;
    sc_add_namesakes(W->t.admin, "Hadi", 1100);
    LOOKUP_RUN(&r, NULL, "--schema", "Person", "Hadi");
    if (r.status != 0 && r.status != 1) {
        cli_dump(&r);
        fail_msg("exit %d", r.status);
    }
    assert_out_has(&r, "INCOMPLETE: 76 more stored names");
    assert_err_has(&r, "query 1: 76 stored names");
    assert_err_has(&r, "may be incomplete");
    LOOKUP_RUN(&r, NULL, "--json", "--schema", "Person", "Hadi");
    doc = cli_json(&r);
    q0 = json_array_get(json_object_get(doc, "queries"), 0);
    assert_int_equal(json_integer_value(json_object_get(q0, "unscored")), 76);
    json_decref(doc);
    cli_result_free(&r);
}

static void
test_help(void **state)
{
    cli_result r = { 0 };

    (void)state;
    CLI_RUN(&r, NULL, LOOKUP, "--help");
    assert_exit(&r, 0);
    assert_err_empty(&r);
    assert_out_has(&r, "usage: sanctum-lookup [OPTIONS] NAME...\n"
                       "       sanctum-lookup [OPTIONS] --file FILE\n");
    assert_out_has(&r, "Exit status, as grep: 0 when a name matched, 1 when none did, 2 on "
                       "any\nerror; see sanctum-lookup(1).\n");
    assert_out_lacks(&r, "invalid input");
    assert_out_lacks(&r, "not found");
    assert_out_lacks(&r, "usage error");
    assert_out_has(&r, "--passphrase-file");   /* the common options are still listed */
    cli_result_free(&r);
}

static int
setup(void **state)
{
    char id[SANCTUM_ID_MAX];

    W = calloc(1, sizeof *W);
    if (W == NULL)
        return -1;
    tu_store_setup(&W->t, "screen-cli");
    snprintf(W->store, sizeof W->store, "%s/store", W->t.dir);
    snprintf(W->pw, sizeof W->pw, "%s/admin.pw", W->t.dir);
    snprintf(W->file, sizeof W->file, "%s/names.txt", W->t.dir);
    if (tu_write_file(W->pw, "admin-passphrase", 16, 0600) != 0)
        return -1;
    sc_add(W->t.admin, W->putin, "Person", "name", "Vladimir Vladimirovich PUTIN", "alias",
           "Putin Vladimir", "birthDate", "1952-10-07", "nationality", "ru", NULL);
    sc_add(W->t.admin, W->vessel, "Vessel", "name", "Blue Horizon", NULL);
    sc_add(W->t.admin, id, "Person", "name", "Maria Gonzalez", NULL);
    *state = W;
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    tu_store_teardown(&W->t);
    free(W);
    return 0;
}

/* Names given as arguments are blanked in /proc/PID/cmdline, which every
 * local user can read, as soon as the tool starts: a run kept waiting for
 * its passphrase shows its name and nothing else. */
static void
test_names_hidden_from_cmdline(void **state)
{
    static const char sentinel[] = "Zyqvarn Sentinel Cmdline";
    const char *dir = getenv("SANCTUM_TOOLS_DIR");
    char tool[4200], proc[64], buf[8192];
    int in[2], status, hidden = 0;
    pid_t pid;

    (void)state;
    assert_non_null(dir);
    snprintf(tool, sizeof tool, "%s/%s", dir, LOOKUP);
    assert_int_equal(pipe(in), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        close(in[0]);
        close(in[1]);
        freopen("/dev/null", "w", stdout);
        execl(tool, tool, "--store", W->store, "--user", "admin", "--passphrase-fd", "0",
              "--purpose", "cmdline check", sentinel, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    snprintf(proc, sizeof proc, "/proc/%d/cmdline", (int)pid);
    /* the tool waits for its passphrase: poll until the name is gone */
    for (int tries = 0; tries < 200 && !hidden; tries++) {
        FILE *f = fopen(proc, "r");
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (f != NULL)
            fclose(f);
        hidden = n > 0 && !tu_memmem(buf, n, sentinel, strlen(sentinel)) &&
                 tu_memmem(buf, n, LOOKUP, strlen(LOOKUP));
        if (!hidden)
            nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
    }
    assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* still waiting */
    assert_true(write(in[1], "admin-passphrase\n", 17) == 17);
    close(in[1]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) <= 1); /* it ran: match or none */
    assert_true(hidden);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_table),
        cmocka_unit_test(test_names_hidden_from_cmdline),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_file_bad_header),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_write_error),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, teardown);
}

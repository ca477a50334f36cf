/* SPDX-License-Identifier: Apache-2.0 */
/* test_bad.c - bad input: every kind fails the whole import (nothing written) or is skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_test.h"

/* The row of ent_num 2676 in ofac-sdn.csv, line 58 (checked below). */
#define ROW_2676 "2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\",\"Operational and " \
                 "Military Leader of JIHAD GROUP\",-0- ,"
#define ROW_2676_SHORT "2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\",\"Operational " \
                       "and Military Leader of JIHAD GROUP\","
/* Line 44: "1572,\"NORIEGA, Manuel Antonio\",..." */
#define NORIEGA "NORIEGA, Manuel Antonio"

typedef struct bad_fixture {
    cli_store     s;
    unsigned char digest[32]; /* the store before each case */
    char          alt[1024], add[1024], comments[1024];
} bad_fixture;

static int
setup(void **state)
{
    bad_fixture *f = calloc(1, sizeof *f);

    assert_non_null(f);
    cli_store_setup(&f->s, "import-bad", 1);
    snprintf(f->alt, sizeof f->alt, "%s", tu_data("ofac-alt.csv"));
    snprintf(f->add, sizeof f->add, "%s", tu_data("ofac-add.csv"));
    snprintf(f->comments, sizeof f->comments, "%s", tu_data("ofac-sdn_comments.csv"));
    /* The source line numbers the messages below name. */
    assert_true(imp_file_has(tu_data("ofac-sdn.csv"), "\r\n" ROW_2676));
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    bad_fixture *f = *state;

    cli_store_teardown(&f->s);
    free(f);
    return 0;
}

/* Remember the store's content before a case. */
static void
snap(bad_fixture *f)
{
    tu_store_digest(f->s.store, f->digest);
}

/* The import failed: exit 3, the store is as it was, stderr ends with
 * "nothing was imported" and never shows `secret` (a value). */
static void
assert_nothing_imported(bad_fixture *f, const cli_result *r, const char *secret)
{
    assert_refused(r, IMPORT, 3, "nothing was imported");
    if (secret != NULL && strstr(r->err, secret) != NULL) {
        cli_dump(r);
        fail_msg("stderr shows a value");
    }
    tu_assert_store_unchanged(f->s.store, f->digest);
}

/* A copy of ofac-sdn.csv cut after the first `marker` (included). */
static const char *
truncated(bad_fixture *f, const char *name, const char *data_file, const char *marker)
{
    size_t len, i, mlen = strlen(marker);
    unsigned char *src = tu_read_file(tu_data(data_file), &len);
    const char *path = NULL;

    assert_non_null(src);
    for (i = 0; i + mlen <= len; i++) {
        if (memcmp(src + i, marker, mlen) == 0) {
            path = imp_write(&f->s, name, src, i + mlen);
            break;
        }
    }
    assert_non_null(path);
    free(src);
    return path;
}

/* ------------------------------------------------------------ rows */

static void
test_bad__malformed_row_fails_the_whole_import(void **state)
{
    bad_fixture *f = *state;
    const char *sdn = imp_patch(&f->s, "sdn.csv", "ofac-sdn.csv", ROW_2676, strlen(ROW_2676),
                                ROW_2676_SHORT, strlen(ROW_2676_SHORT));
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, sdn, f->alt, f->add, f->comments);
    assert_err_has(&r, "sdn.csv:58: 11 fields, expected 12 (truncated row?)");
    assert_nothing_imported(f, &r, "ZAWAHIRI");
    cli_result_free(&r);
}

static void
test_bad__skip_bad_imports_the_rest(void **state)
{
    bad_fixture *f = *state;
    const char *sdn = imp_patch(&f->s, "sdn.csv", "ofac-sdn.csv", ROW_2676, strlen(ROW_2676),
                                ROW_2676_SHORT, strlen(ROW_2676_SHORT));
    cli_result r = { 0 };
    imp_store is;
    json_t *doc;

    IMPORT_ADMIN(&r, &f->s, "--skip-bad", "--json", "--date", "2021-07-07", sdn, f->alt,
                 f->add, f->comments);
    assert_exit(&r, 0);
    /* The bad row, then the three alt.csv rows and the add.csv row of the
     * same entry, each listed with file and line. */
    assert_err_has(&r, "sdn.csv:58: 11 fields, expected 12 (truncated row?) (skipped)");
    assert_err_has(&r, "ofac-alt.csv:");
    assert_err_has(&r, ":1 (ent_num): no such entry in the primary file (or it was skipped) "
                   "(skipped)");
    assert_true(strstr(r.err, "ZAWAHIRI") == NULL);
    doc = cli_json(&r);
    assert_int_equal(imp_count(doc, "skipped"), 5);
    assert_int_equal(imp_count(doc, "created"), 2 * 8976 - 2);
    json_decref(doc);
    cli_result_free(&r);
    imp_load(&is, &f->s);
    assert_null(imp_find(&is, "us_ofac_sdn", "2676"));
    assert_null(imp_find(&is, "us_ofac_sdn", "2676:sanction"));
    assert_non_null(imp_find(&is, "us_ofac_sdn", "2675"));
    imp_unload(&is);
}

/* ------------------------------------------------------------ bytes */

static void
test_bad__invalid_utf8(void **state)
{
    bad_fixture *f = *state;
    /* 0xC3 0x28: a lead byte without its continuation. */
    const char *sdn = imp_patch(&f->s, "utf8.csv", "ofac-sdn.csv", NORIEGA, strlen(NORIEGA),
                                "NORIEGA, Manuel \xC3(ntonio", 24);
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", sdn);
    assert_err_has(&r, "utf8.csv:44:23: not valid UTF-8");
    assert_nothing_imported(f, &r, "Manuel");
    /* With --skip-bad only that row goes. */
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", "--skip-bad", "--dry-run", sdn);
    assert_exit(&r, 0);
    assert_err_has(&r, "utf8.csv:44:23: not valid UTF-8");
    assert_out_has(&r, "1 bad rows skipped");
    cli_result_free(&r);
}

static void
test_bad__latin1_file(void **state)
{
    bad_fixture *f = *state;
    /* "Antonio" with an o-acute in Latin-1 (0xF3). */
    const char *sdn = imp_patch(&f->s, "latin1.csv", "ofac-sdn.csv", NORIEGA, strlen(NORIEGA),
                                "NORIEGA, Manuel Ant\xF3nio", 23);
    cli_result r = { 0 };
    imp_store is;
    sanctum_entity *e;

    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", sdn);
    assert_err_has(&r, "latin1.csv:44:26: not valid UTF-8 (if the file is Windows-1252 or "
                   "Latin-1, say so with --encoding windows-1252 or --encoding latin-1)");
    assert_nothing_imported(f, &r, "Manuel");
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", "--encoding", "latin-1", "--list",
                 "latin1_test", sdn);
    assert_exit(&r, 0);
    cli_result_free(&r);
    imp_load(&is, &f->s);
    e = imp_find(&is, "latin1_test", "1572");
    assert_non_null(e);
    assert_has(e, "name", "NORIEGA, Manuel Ant\xC3\xB3nio");
    imp_unload(&is);
}

static void
test_bad__nul_byte(void **state)
{
    bad_fixture *f = *state;
    const char *sdn = imp_patch(&f->s, "nul.csv", "ofac-sdn.csv", NORIEGA, strlen(NORIEGA),
                                "NORIEGA, Manuel\0Antonio", strlen(NORIEGA));
    const char *xml = imp_patch(&f->s, "nul.xml", "un-consolidated-sample.xml",
                                "<FIRST_NAME>ERIC</FIRST_NAME>", 29,
                                "<FIRST_NAME>ER\0C</FIRST_NAME>", 29);
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", sdn);
    assert_err_has(&r, "nul.csv:44:22: NUL byte in the input");
    assert_nothing_imported(f, &r, "Manuel");
    IMPORT_ADMIN(&r, &f->s, "--format", "un-xml", xml);
    assert_err_has(&r, "nul.xml:7:21: NUL byte in the input");
    assert_nothing_imported(f, &r, "ERIC");
    cli_result_free(&r);
}

static void
test_bad__huge_fields(void **state)
{
    bad_fixture *f = *state;
    size_t big = 5000, huge = 2u << 20;
    char *name = malloc(huge + 3);
    const char *sdn;
    cli_result r = { 0 };

    assert_non_null(name);
    /* A 5,000-byte name: the name type's limit is 1,024 bytes. */
    memset(name, 'A', big);
    sdn = imp_patch(&f->s, "long.csv", "ofac-sdn.csv", NORIEGA, strlen(NORIEGA), name, big);
    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", sdn);
    assert_err_has(&r, "long.csv:44:2 (SDN_Name): Person.name: too long");
    assert_nothing_imported(f, &r, "AAAAAAAAAAAAAAAA");
    /* A 2 MiB field: refused before it is held in memory for long. */
    memset(name, 'B', huge);
    sdn = imp_patch(&f->s, "huge.csv", "ofac-sdn.csv", NORIEGA, strlen(NORIEGA), name, huge);
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", "--skip-bad", sdn);
    assert_err_has(&r, "huge.csv:44: row longer than 1048576 bytes");
    assert_nothing_imported(f, &r, "BBBBBBBBBBBBBBBB");
    free(name);
    cli_result_free(&r);
}

/* ------------------------------------------------------------ truncated files */

static void
test_bad__truncated_files(void **state)
{
    bad_fixture *f = *state;
    const char *p;
    cli_result r = { 0 };

    snap(f);
    /* Inside a quoted field: line 3 is 306,"BANCO NACIONAL DE CUBA",...,"a.k.a. 'BNC'." */
    p = truncated(f, "cut-quoted.csv", "ofac-sdn.csv", "\"a.k.a. 'B");
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", p);
    assert_err_has(&r, "cut-quoted.csv:3: unterminated quoted field at the end of the file "
                   "(truncated file?)");
    assert_nothing_imported(f, &r, "BNC");
    /* Between fields. */
    p = truncated(f, "cut-row.csv", "ofac-sdn.csv", "306,\"BANCO NACIONAL DE CUBA\",-0- ,");
    IMPORT_ADMIN(&r, &f->s, "--format", "ofac", p);
    assert_err_has(&r, "cut-row.csv:3: 4 fields, expected 12 (truncated row?)");
    assert_nothing_imported(f, &r, "BANCO");
    /* XML cut inside the list. */
    p = truncated(f, "cut.xml", "un-consolidated-sample.xml", "<FIRST_NAME>MICHEL</FIRST_NAME>");
    IMPORT_ADMIN(&r, &f->s, "--format", "un-xml", p);
    assert_err_has(&r, "cut.xml:");
    assert_err_has(&r, "(truncated file?)");
    assert_nothing_imported(f, &r, "MICHEL");
    /* JSON lines cut inside the last object. */
    p = truncated(f, "cut.ftm.json", "yente-t1-eu_fsf-entities.ftm.json", "\"name\":[\"LLC");
    IMPORT_ADMIN(&r, &f->s, "--format", "ftm", p);
    assert_err_has(&r, "cut.ftm.json:1:");
    assert_err_has(&r, "malformed JSON");
    assert_err_has(&r, "(truncated line?)");
    assert_nothing_imported(f, &r, "LLC");
    cli_result_free(&r);
}

/* ------------------------------------------------------------ values */

static void
test_bad__bad_values_name_file_line_column_field(void **state)
{
    bad_fixture *f = *state;
    /* OFSI: a date that is not in the calendar (line 2, DOB). */
    const char *ofsi = imp_patch(&f->s, "date.csv", "ofsi-conlist-2020-extract.csv",
                                 "00/00/1980", 10, "31/02/1980", 10);
    const char *ftm = IMP_WRITE_STR(&f->s, "date.ftm.json",
                                    "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": "
                                    "{\"name\": [\"Test Person\"]}}\n"
                                    "{\"id\": \"p2\", \"schema\": \"Person\", \"properties\": "
                                    "{\"name\": [\"Other Person\"], \"birthDate\": "
                                    "[\"1980-13-01\"]}}\n");
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--encoding", "windows-1252", ofsi);
    assert_err_has(&r, "date.csv:2:8 (DOB): Person.birthDate: not a date");
    assert_nothing_imported(f, &r, "1980-02-31");
    IMPORT_ADMIN(&r, &f->s, ftm);
    assert_err_has(&r, "date.ftm.json:2 (birthDate): Person.birthDate: not a date");
    assert_nothing_imported(f, &r, "Other Person");
    cli_result_free(&r);
}

static void
test_bad__format_not_detected(void **state)
{
    bad_fixture *f = *state;
    const char *p = IMP_WRITE_STR(&f->s, "notes.txt", "just some text\nnothing else\n");
    char xml[1024];
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, p);
    assert_exit(&r, 2);
    assert_err_has(&r, "notes.txt: cannot tell the format; use --format");
    snprintf(xml, sizeof xml, "%s", tu_data("un-consolidated-sample.xml"));
    IMPORT_ADMIN(&r, &f->s, xml, tu_data("ofac-sdn.csv"));
    assert_exit(&r, 2);
    assert_err_has(&r, "looks like un-xml but");
    IMPORT_ADMIN(&r, &f->s, "--format", "csv", xml);
    assert_exit(&r, 2);
    assert_err_has(&r, "--format: expected ofac, ofsi, un-xml or ftm");
    cli_result_free(&r);
}

/* ------------------------------------------------------------ files */

/* A missing file is "not found" (exit 4, the system's words) whether the
 * format is detected or given -- detection and the OFAC role check once
 * took it for a file of an unknown format -- and a directory is a usage
 * error (exit 2), in every format. */
static void
test_bad__missing_file(void **state)
{
    static const char *const formats[] = { "ofac", "ofsi", "un-xml", "ftm" };
    bad_fixture *f = *state;
    char missing[1100];
    cli_result r = { 0 };
    size_t i;

    snprintf(missing, sizeof missing, "%s/nonexist.csv", f->s.dir);
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", missing);
    assert_refused(&r, IMPORT, 4, "nonexist.csv: No such file or directory");
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", tu_data("ofac-sdn.csv"), missing);
    assert_refused(&r, IMPORT, 4, "nonexist.csv: No such file or directory");
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--format", formats[i], missing);
        assert_refused(&r, IMPORT, 4, "nonexist.csv: No such file or directory");
        CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--format", formats[i], f->s.dir);
        assert_refused(&r, IMPORT, 2, ": is a directory");
    }
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--format", "ofac", tu_data("ofac-sdn.csv"),
            missing);
    assert_refused(&r, IMPORT, 4, "nonexist.csv: No such file or directory");
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", f->s.dir);
    assert_refused(&r, IMPORT, 2, ": is a directory");
    cli_result_free(&r);
}

/* Where the first byte Windows-1252 leaves undefined is in a shared data
 * file, as "LINE:COLUMN" (columns in bytes, as for 8-bit input). */
static void
first_cp1252_gap(char *out, size_t cap, const char *data_file)
{
    size_t len, i, line = 1, col = 1;
    unsigned char *buf = tu_read_file(tu_data(data_file), &len);

    assert_non_null(buf);
    for (i = 0; i < len; i++) {
        if (buf[i] == 0x81 || buf[i] == 0x8D || buf[i] == 0x8F || buf[i] == 0x90 ||
            buf[i] == 0x9D)
            break;
        col = buf[i] == '\n' ? 1 : col + 1;
        line += buf[i] == '\n';
    }
    assert_true(i < len);
    snprintf(out, cap, ":%zu:%zu: ", line, col);
    free(buf);
}

/* An empty XML file, and bytes the encoding cannot convert, are said in
 * words with their position, not as "libxml2 error 0" or "6003". */
static void
test_bad__xml_empty_and_wrong_encoding(void **state)
{
    bad_fixture *f = *state;
    const char *empty = IMP_WRITE_STR(&f->s, "empty.xml", "");
    const char *declared = IMP_WRITE_STR(&f->s, "declared.xml",
                                         "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
                                         "<CONSOLIDATED_LIST>\n<X>a\x81" "b</X>\n"
                                         "</CONSOLIDATED_LIST>\n");
    char xml[1024], at[64];
    cli_result r = { 0 };

    snap(f);
    IMPORT_ADMIN(&r, &f->s, "--format", "un-xml", empty);
    assert_err_has(&r, "empty.xml: empty file: no XML document in it");
    assert_nothing_imported(f, &r, NULL);
    CLI_RUN(&r, "", IMPORT, "--dry-run", "--format", "un-xml", "-");
    assert_refused(&r, IMPORT, 3, "-: empty file");
    /* A UTF-8 file said to be Windows-1252. */
    snprintf(xml, sizeof xml, "%s", tu_data("un-consolidated-sample.xml"));
    first_cp1252_gap(at, sizeof at, "un-consolidated-sample.xml");
    IMPORT_ADMIN(&r, &f->s, "--format", "un-xml", "--encoding", "windows-1252", xml);
    assert_err_has(&r, at);
    assert_err_has(&r, "a byte that Windows-1252 does not define (the file is valid UTF-8: "
                   "leave out --encoding)");
    assert_nothing_imported(f, &r, NULL);
    /* Windows-1252 by its declaration: the same check, no hint. */
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", "--format", "un-xml", declared);
    assert_refused(&r, IMPORT, 3, "declared.xml:3:5: a byte that Windows-1252 does not define");
    if (strstr(r.err, "leave out") != NULL || strstr(r.err, "libxml2") != NULL) {
        cli_dump(&r);
        fail_msg("a hint or error number that does not apply");
    }
    cli_result_free(&r);
}

/* ------------------------------------------------------------ stdin */

/* Standard input that cannot be read -- a directory, or closed -- is a
 * read error (exit 1) for every line-reading format, never a crash: the
 * reader's error return once read as "got a line". */
static void
test_bad__unreadable_stdin(void **state)
{
    static const char *const formats[] = { "ftm", "ofsi", "un-xml" };
    cli_io dir = CLI_IO_INIT, closed = CLI_IO_INIT;
    cli_result r = { 0 };
    size_t i;

    (void)state;
    dir.in_path = "/tmp";
    closed.in_closed = 1;
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        CLI_RUN_IO(&r, &dir, IMPORT, "--dry-run", "--format", formats[i], "-");
        assert_refused(&r, IMPORT, 1, "-: read error");
        CLI_RUN_IO(&r, &closed, IMPORT, "--dry-run", "--format", formats[i], "-");
        assert_refused(&r, IMPORT, 1, "-: read error");
    }
    CLI_RUN_IO(&r, &dir, IMPORT, "--dry-run", "--format", "ftm", "-");
    assert_err_has(&r, "(Is a directory)");
    CLI_RUN_IO(&r, &closed, IMPORT, "--dry-run", "--format", "ofsi", "-");
    assert_err_has(&r, "(Bad file descriptor)");
    cli_result_free(&r);
}

/* Standard input as a list file and as the passphrase source: a usage
 * error saying so, not "the passphrase is empty" after the list was read
 * to its end. A dry run reads no passphrase: no conflict. */
static void
test_bad__stdin_both_list_and_passphrase(void **state)
{
    bad_fixture *f = *state;
    const char *in = CLI_ADMIN_PASS "\n{\"id\": \"p1\", \"schema\": \"Person\", "
                     "\"properties\": {\"name\": [\"Test Person\"]}}\n";
    cli_result r = { 0 };

    snap(f);
    CLI_RUN(&r, in, IMPORT, "--store", f->s.store, "--user", CLI_ADMIN_NAME,
            "--passphrase-fd", "0", "--format", "ftm", "-");
    assert_refused(&r, IMPORT, 2, "standard input carries a list file (-): pass the "
                   "passphrase on another descriptor or file");
    tu_assert_store_unchanged(f->s.store, f->digest);
    CLI_RUN(&r, in + strlen(CLI_ADMIN_PASS) + 1, IMPORT, "--passphrase-fd", "0",
            "--dry-run", "--format", "ftm", "-");
    assert_exit(&r, 0);
    assert_out_has(&r, "checked 1 records");
    cli_result_free(&r);
}

/* A level above the user's clearance, or a role that may not write:
 * refused, nothing written. */
static void
test_bad__not_permitted(void **state)
{
    bad_fixture *f = *state;
    char xml[1024], pw[1024];
    cli_result r = { 0 };

    snprintf(xml, sizeof xml, "%s", tu_data("un-consolidated-sample.xml"));
    cli_add_user(&f->s, "bob", "analyst", "official", "bob passphrase long");
    cli_add_user(&f->s, "carol", "auditor", "official", "carol passphrase long");
    snap(f);
    snprintf(pw, sizeof pw, "%s/bob.pw", f->s.dir);
    cli_tool_as(&r, IMPORT, &f->s, "bob", pw, NULL,
                (const char *const[]){ "--level", "secret", xml, NULL });
    assert_exit(&r, 6);
    assert_err_has(&r, "above the clearance of user bob");
    assert_err_has(&r, "nothing was imported");
    snprintf(pw, sizeof pw, "%s/carol.pw", f->s.dir);
    cli_tool_as(&r, IMPORT, &f->s, "carol", pw, NULL, (const char *const[]){ xml, NULL });
    assert_exit(&r, 6);
    assert_err_has(&r, "cannot begin the import of un_sc_sanctions");
    tu_assert_store_unchanged(f->s.store, f->digest);
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad__malformed_row_fails_the_whole_import),
        cmocka_unit_test(test_bad__invalid_utf8),
        cmocka_unit_test(test_bad__latin1_file),
        cmocka_unit_test(test_bad__nul_byte),
        cmocka_unit_test(test_bad__huge_fields),
        cmocka_unit_test(test_bad__truncated_files),
        cmocka_unit_test(test_bad__bad_values_name_file_line_column_field),
        cmocka_unit_test(test_bad__format_not_detected),
        cmocka_unit_test(test_bad__missing_file),
        cmocka_unit_test(test_bad__xml_empty_and_wrong_encoding),
        cmocka_unit_test(test_bad__unreadable_stdin),
        cmocka_unit_test(test_bad__stdin_both_list_and_passphrase),
        cmocka_unit_test(test_bad__not_permitted),
        cmocka_unit_test(test_bad__skip_bad_imports_the_rest),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, setup, teardown);
}

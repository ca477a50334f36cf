/* SPDX-License-Identifier: Apache-2.0 */
/* test_common.c - the tools' shared helpers (tools/common) tested in-process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sanctum/sanctum.h>

#include "args.h"
#include "diag.h"
#include "json.h"
#include "passphrase.h"
#include "progress.h"
#include "propspec.h"
#include "textfmt.h"

static void
test_common__exit_code_table(void **state)
{
    (void)state;
    assert_int_equal(tool_exit_code(SANCTUM_OK), 0);
    assert_int_equal(tool_exit_code(SANCTUM_ERROR), 1);
    assert_int_equal(tool_exit_code(SANCTUM_EIO), 1);
    assert_int_equal(tool_exit_code(SANCTUM_ENOMEM), 1);
    assert_int_equal(tool_exit_code(-1000), 1);
    assert_int_equal(tool_exit_code(SANCTUM_EINVAL), 3);
    assert_int_equal(tool_exit_code(SANCTUM_ENOTFOUND), 4);
    assert_int_equal(tool_exit_code(SANCTUM_EAUTH), 5);
    assert_int_equal(tool_exit_code(SANCTUM_ENOUSER), 5);
    assert_int_equal(tool_exit_code(SANCTUM_EREVOKED), 5);
    assert_int_equal(tool_exit_code(SANCTUM_EPERM), 6);
    assert_int_equal(tool_exit_code(SANCTUM_EPOLICY), 6);
    assert_int_equal(tool_exit_code(SANCTUM_ECONFLICT), 7);
    assert_int_equal(tool_exit_code(SANCTUM_EEXISTS), 7);
    assert_int_equal(tool_exit_code(SANCTUM_ECORRUPT), 8);
    assert_int_equal(tool_exit_code(SANCTUM_EVERSION), 8);
    assert_int_equal(tool_exit_code(SANCTUM_ETAMPER), 9);
    assert_int_equal(tool_exit_code(SANCTUM_EBUSY), 7);
}

static void
test_common__propspec(void **state)
{
    const unsigned int vl = TOOL_PROPSPEC_VALUE | TOOL_PROPSPEC_LEVEL;
    tool_propspec p;
    const char *why;

    (void)state;
    assert_int_equal(tool_propspec_parse(&p, "name=Jane Doe", vl, &why), 0);
    assert_string_equal(p.key, "name");
    assert_string_equal(p.value, "Jane Doe");
    assert_int_equal(p.level, SANCTUM_LEVEL_NONE);

    assert_int_equal(tool_propspec_parse(&p, "notes:Secret=a=b:c", vl, &why), 0);
    assert_string_equal(p.key, "notes");
    assert_string_equal(p.value, "a=b:c");
    assert_int_equal(p.level, SANCTUM_LEVEL_SECRET);

    assert_int_equal(tool_propspec_parse(&p, "alias=", vl, &why), 0);
    assert_string_equal(p.value, "");

    assert_int_equal(tool_propspec_parse(&p, "alias", 0, &why), 0);
    assert_string_equal(p.key, "alias");
    assert_null(p.value);

    assert_int_equal(tool_propspec_parse(&p, "alias", vl, &why), -1);
    assert_non_null(strstr(why, "KEY=VALUE"));
    assert_int_equal(tool_propspec_parse(&p, "alias:cosmic=x", vl, &why), -1);
    assert_non_null(strstr(why, "unknown level"));
    assert_int_equal(tool_propspec_parse(&p, "alias:=x", vl, &why), -1);
    assert_int_equal(tool_propspec_parse(&p, "alias:secret=x", TOOL_PROPSPEC_VALUE, &why), -1);
    assert_non_null(strstr(why, "not allowed"));
    assert_int_equal(tool_propspec_parse(&p, "=x", vl, &why), -1);
    assert_int_equal(tool_propspec_parse(&p, ":secret=x", vl, &why), -1);
    {
        char longkey[200];
        memset(longkey, 'k', 100);
        strcpy(longkey + 100, "=v");
        assert_int_equal(tool_propspec_parse(&p, longkey, vl, &why), -1);
        assert_non_null(strstr(why, "too long"));
    }
}

enum { K_SCHEMA = 1, K_JSON, K_PROP };

typedef struct seen {
    const char *schema;
    int         json;
    int         nprops;
} seen;

static int
on_opt(tool_ctx *ctx, void *state, int key, const char *value)
{
    seen *s = state;

    if (key == K_SCHEMA)
        s->schema = value;
    else if (key == K_JSON)
        s->json = 1;
    else
        s->nprops++;
    return TOOL_CONTINUE;
}

static const tool_opt opts[] = {
    { "schema", 1, K_SCHEMA }, { "json", 0, K_JSON }, { "prop", 1, K_PROP }, { NULL, 0, 0 }
};

static const tool_info info = { "sanctum-test", "test", NULL, NULL, 0 };

static int
parse(seen *s, tool_ctx *ctx, int argc, char **argv, int *nargs, int max_args)
{
    tool_cmd cmd = { "sanctum-test X", NULL, opts, on_opt, NULL, 0, max_args };

    memset(s, 0, sizeof *s);
    memset(ctx, 0, sizeof *ctx);
    ctx->info = &info;
    ctx->pass = (tool_pass_src)TOOL_PASS_SRC_INIT;
    cmd.state = s;
    return tool_parse(ctx, &cmd, argc, argv, nargs);
}

static void
test_common__parse_options_and_arguments(void **state)
{
    char a0[] = "ID-1", a1[] = "--schema=Person", a2[] = "--json", a3[] = "--prop",
         a4[] = "name=X", a5[] = "--store", a6[] = "/tmp/s", a7[] = "--", a8[] = "--json",
         a9[] = "--purpose=", a10[] = "--passphrase-fd", a11[] = "3";
    char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a9, a10, a11, a7, a8 };
    tool_ctx ctx;
    seen s;
    int n = -1;

    (void)state;
    assert_int_equal(parse(&s, &ctx, 12, argv, &n, -1), TOOL_CONTINUE);
    assert_int_equal(n, 2);
    assert_string_equal(argv[0], "ID-1");
    assert_string_equal(argv[1], "--json");   /* after "--": an argument */
    assert_string_equal(s.schema, "Person");
    assert_int_equal(s.json, 1);
    assert_int_equal(s.nprops, 1);
    assert_string_equal(ctx.store, "/tmp/s");
    assert_string_equal(ctx.purpose, "");
    assert_int_equal(ctx.pass.fd, 3);
}

static void
test_common__parse_usage_errors(void **state)
{
    char b0[] = "--bogus", b1[] = "--json=1", b2[] = "--schema", b3[] = "-x", b4[] = "x",
         b5[] = "y", b6[] = "--store=";
    char *argv[2];
    tool_ctx ctx;
    seen s;
    int n;

    (void)state;
    argv[0] = b0;
    assert_int_equal(parse(&s, &ctx, 1, argv, &n, -1), TOOL_EXIT_USAGE);
    argv[0] = b1;
    assert_int_equal(parse(&s, &ctx, 1, argv, &n, -1), TOOL_EXIT_USAGE);
    argv[0] = b2;
    assert_int_equal(parse(&s, &ctx, 1, argv, &n, -1), TOOL_EXIT_USAGE);
    argv[0] = b3;
    assert_int_equal(parse(&s, &ctx, 1, argv, &n, -1), TOOL_EXIT_USAGE);
    argv[0] = b6;
    assert_int_equal(parse(&s, &ctx, 1, argv, &n, -1), TOOL_EXIT_USAGE);
    argv[0] = b4;
    argv[1] = b5;
    assert_int_equal(parse(&s, &ctx, 2, argv, &n, 1), TOOL_EXIT_USAGE);
}

static void
test_common__numbers(void **state)
{
    uint64_t v;
    int fd;

    (void)state;
    assert_int_equal(tool_parse_u64("42", &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(tool_parse_u64("18446744073709551615", &v), 0);
    assert_int_equal(tool_parse_u64("18446744073709551616", &v), -1);
    assert_int_equal(tool_parse_u64("-1", &v), -1);
    assert_int_equal(tool_parse_u64(" 1", &v), -1);
    assert_int_equal(tool_parse_u64("1x", &v), -1);
    assert_int_equal(tool_parse_u64("", &v), -1);
    assert_int_equal(tool_parse_fd("0", &fd), 0);
    assert_int_equal(fd, 0);
    assert_int_equal(tool_parse_fd("99999999999", &fd), -1);
}

static void
test_common__time_format(void **state)
{
    char buf[TOOL_TIME_BUF];

    (void)state;
    assert_string_equal(tool_time_iso(0, buf), "-");
    assert_string_equal(tool_time_iso(86400 + 3661, buf), "1970-01-02T01:01:01Z");
}

static void
test_common__passphrase_fd_reads_one_line_each(void **state)
{
    tool_pass_src src = TOOL_PASS_SRC_INIT;
    tool_secret a = TOOL_SECRET_INIT, b = TOOL_SECRET_INIT;
    int p[2];

    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "first one\r\nsecond\nthird", 23), 23);
    close(p[1]);
    src.fd = p[0];
    assert_int_equal(tool_pass_read(&a, &src, "unused", 1), 0);
    assert_int_equal(tool_pass_read(&b, &src, "unused", 1), 0);
    assert_int_equal(a.len, 9);
    assert_memory_equal(a.buf, "first one", 9);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.buf, "second", 6);
    tool_secret_free(&b);
    assert_int_equal(tool_pass_read(&b, &src, "unused", 0), 0);
    assert_memory_equal(b.buf, "third", 5);
    tool_secret_free(&b);
    /* end of input: empty */
    assert_int_equal(tool_pass_read(&b, &src, "unused", 0), TOOL_EXIT_DATA);
    assert_null(b.buf);
    tool_secret_free(&a);
    close(p[0]);
}

static void
test_common__passphrase_file_rules(void **state)
{
    char dir[] = "/tmp/sanctum-common-XXXXXX", path[256], big[TOOL_PASS_MAX + 8];
    tool_pass_src src = TOOL_PASS_SRC_INIT;
    tool_secret s = TOOL_SECRET_INIT;
    int fd;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/pw", dir);
    src.file = path;

    assert_int_equal(tool_pass_read(&s, &src, "x", 0), TOOL_EXIT_NOTFOUND);

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "multi\nline\n", 11), 11);
    close(fd);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), 0);
    assert_int_equal(s.len, 10);   /* one trailing newline stripped */
    assert_memory_equal(s.buf, "multi\nline", 10);
    tool_secret_free(&s);

    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), TOOL_EXIT_PERM);
    assert_int_equal(chmod(path, 0601), 0);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), TOOL_EXIT_PERM);
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), 0);
    tool_secret_free(&s);

    /* exactly TOOL_PASS_MAX bytes plus "\r\n" is fine; one more byte is not */
    memset(big, 'p', sizeof big);
    big[TOOL_PASS_MAX] = '\r';
    big[TOOL_PASS_MAX + 1] = '\n';
    assert_int_equal(unlink(path), 0);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_int_equal(write(fd, big, TOOL_PASS_MAX + 2), TOOL_PASS_MAX + 2);
    close(fd);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), 0);
    assert_int_equal(s.len, TOOL_PASS_MAX);
    tool_secret_free(&s);
    big[TOOL_PASS_MAX] = 'p';
    fd = open(path, O_WRONLY | O_TRUNC, 0600);
    assert_int_equal(write(fd, big, TOOL_PASS_MAX + 3), TOOL_PASS_MAX + 3);
    close(fd);
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), TOOL_EXIT_DATA);

    src.file = dir;
    assert_int_equal(tool_pass_read(&s, &src, "x", 0), TOOL_EXIT_FAIL);
    unlink(path);
    rmdir(dir);
}

static void
test_common__json_read_reports_position(void **state)
{
    static const char bad[] = "{\"a\": 1,\n \"b\": oops}";
    json_t *doc = NULL;
    FILE *f = fmemopen((void *)bad, sizeof bad - 1, "r");

    (void)state;
    assert_non_null(f);
    assert_int_equal(tool_json_read(&doc, f, "test"), TOOL_EXIT_DATA);
    assert_null(doc);
    fclose(f);
    f = fmemopen((void *)"{\"a\": [1]}", 10, "r");
    assert_int_equal(tool_json_read(&doc, f, "test"), 0);
    assert_non_null(doc);
    json_decref(doc);
    fclose(f);
}

static void
test_common__progress_only_on_a_terminal(void **state)
{
    tool_progress p;

    (void)state;
    tool_progress_start(&p, "testing", 10);
    assert_int_equal(p.enabled, isatty(STDERR_FILENO) == 1);
    tool_progress_update(&p, 5);
    assert_int_equal(p.done, 5);
    tool_progress_clear(&p);
    tool_progress_finish(&p);
    assert_int_equal(p.enabled, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common__exit_code_table),
        cmocka_unit_test(test_common__propspec),
        cmocka_unit_test(test_common__parse_options_and_arguments),
        cmocka_unit_test(test_common__parse_usage_errors),
        cmocka_unit_test(test_common__numbers),
        cmocka_unit_test(test_common__time_format),
        cmocka_unit_test(test_common__passphrase_fd_reads_one_line_each),
        cmocka_unit_test(test_common__passphrase_file_rules),
        cmocka_unit_test(test_common__json_read_reports_position),
        cmocka_unit_test(test_common__progress_only_on_a_terminal),
    };

    tool_diag_init("sanctum-test");
    tool_json_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

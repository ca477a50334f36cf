/* SPDX-License-Identifier: Apache-2.0 */
/* open.c - creating and opening stores: ids, format versions, refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "fixture.h"
#include "testutil.h"

static char *
store_path(const char *dir, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/store", dir);
    return buf;
}

static void
test_store_open__missing_dir_is_enotfound(void **state)
{
    sanctum_store *st = (void *)1;
    (void)state;
    assert_int_equal(sanctum_store_open(&st, "/nonexistent/sanctum", NULL), SANCTUM_ENOTFOUND);
    assert_null(st);
    assert_non_null(strstr(sanctum_last_error(), "no store at /nonexistent/sanctum"));
}

static void
test_store_open__empty_dir_is_enotfound(void **state)
{
    char *dir = tu_tmpdir("empty");
    sanctum_store *st;
    (void)state;
    assert_int_equal(sanctum_store_open(&st, dir, NULL), SANCTUM_ENOTFOUND);
    tu_rmtree(dir);
    free(dir);
}

static void
test_store_create__existing_is_eexists(void **state)
{
    tu_store t;
    sanctum_store *st2 = (void *)1;
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    char path[4096];
    unsigned char before[32], after[32];
    (void)state;
    tu_store_setup(&t, "exists");
    store_path(t.dir, path, sizeof path);
    o.kdf = SANCTUM_KDF_INTERACTIVE;
    tu_store_digest(path, before);
    assert_int_equal(sanctum_store_create(&st2, path, "other", TU_PASS("other"), &o),
                     SANCTUM_EEXISTS);
    assert_null(st2);
    tu_store_digest(path, after);
    assert_memory_equal(before, after, 32);
    tu_store_teardown(&t);
}

static void
test_store_create__bad_inputs_leave_nothing(void **state)
{
    char *dir = tu_tmpdir("bad");
    char path[4096];
    sanctum_store *st;
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    struct stat sb;
    (void)state;
    store_path(dir, path, sizeof path);
    o.kdf = SANCTUM_KDF_INTERACTIVE;
    assert_int_equal(sanctum_store_create(&st, path, "bad name", TU_PASS("x"), &o), SANCTUM_EINVAL);
    assert_int_equal(sanctum_store_create(&st, path, "ok", (const unsigned char *)"short", 5, &o),
                     SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "at least 8"));
    o.origin = "has space";
    assert_int_equal(sanctum_store_create(&st, path, "ok", TU_PASS("ok"), &o), SANCTUM_EINVAL);
    o.origin = NULL;
    o.kdf = (sanctum_kdf)9;
    assert_int_equal(sanctum_store_create(&st, path, "ok", TU_PASS("ok"), &o), SANCTUM_EINVAL);
    o.kdf = SANCTUM_KDF_INTERACTIVE;
    o.flags = 0x80; /* a flag this library does not know */
    assert_int_equal(sanctum_store_create(&st, path, "ok", TU_PASS("ok"), &o), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "unknown store flags"));
    assert_int_not_equal(stat(path, &sb), 0); /* nothing was made */
    tu_rmtree(dir);
    free(dir);
}

static void
test_store_open__reports_id_origin_format(void **state)
{
    tu_store t;
    sanctum_store *st;
    char path[4096], id[33];
    (void)state;
    tu_store_setup(&t, "ids");
    store_path(t.dir, path, sizeof path);
    snprintf(id, sizeof id, "%s", sanctum_store_id_hex(t.st));
    assert_int_equal(strlen(id), 32);
    assert_int_equal(sanctum_store_format(t.st), SANCTUM_FORMAT_VERSION);
    assert_non_null(strstr(sanctum_store_origin(t.st), id));
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    assert_int_equal(sanctum_store_open(&st, path, NULL), SANCTUM_OK);
    assert_string_equal(sanctum_store_id_hex(st), id);
    t.st = st;
    t.admin = NULL;
    tu_store_teardown(&t);
}

static void
test_store_open__newer_format_is_eversion(void **state)
{
    tu_store t;
    sanctum_store *st = (void *)1;
    char path[4096], want[128];
    (void)state;
    tu_store_setup(&t, "fmt");
    store_path(t.dir, path, sizeof path);
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    t.st = NULL;
    t.admin = NULL;
    tu_store_set_format(path, SANCTUM_FORMAT_VERSION + 1);
    assert_int_equal(sanctum_store_open(&st, path, NULL), SANCTUM_EVERSION);
    assert_null(st);
    snprintf(want, sizeof want, "format version %d; this library reads version %d",
             SANCTUM_FORMAT_VERSION + 1, SANCTUM_FORMAT_VERSION);
    assert_non_null(strstr(sanctum_last_error(), want));
    tu_store_teardown(&t);
}

static void
test_store_open__rdonly_refuses_writes(void **state)
{
    tu_store t;
    sanctum_store *st;
    sanctum_session *s;
    sanctum_entity *e;
    sanctum_store_options o = SANCTUM_STORE_OPTIONS_INIT;
    char path[4096];
    (void)state;
    tu_store_setup(&t, "ro");
    store_path(t.dir, path, sizeof path);
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    o.flags = SANCTUM_STORE_RDONLY | 0x100;
    assert_int_equal(sanctum_store_open(&st, path, &o), SANCTUM_EINVAL);
    assert_null(st);
    o.flags = SANCTUM_STORE_RDONLY;
    assert_int_equal(sanctum_store_open(&st, path, &o), SANCTUM_OK);
    assert_int_equal(sanctum_session_open(&s, st, "admin", TU_PASS("admin")), SANCTUM_OK);
    assert_int_equal(sanctum_entity_new(&e, "Person"), SANCTUM_OK);
    assert_int_equal(sanctum_entity_add(e, "name", "Read Only", 0), SANCTUM_OK);
    assert_int_equal(sanctum_entity_create(s, e, NULL), SANCTUM_EPERM);
    sanctum_entity_free(e);
    t.st = st;
    t.admin = s;
    tu_store_teardown(&t);
}

static void
test_version__matches_header(void **state)
{
    (void)state;
    assert_int_equal(sanctum_version_number(), SANCTUM_VERSION_NUMBER);
    assert_string_equal(sanctum_version_string(), SANCTUM_VERSION_STRING);
    assert_string_equal(sanctum_strerror(SANCTUM_ECONFLICT), "stale revision");
    assert_string_equal(sanctum_strerror(SANCTUM_EBUSY), "store in use by another process");
    assert_string_equal(sanctum_strerror(-999), "error");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_open__missing_dir_is_enotfound),
        cmocka_unit_test(test_store_open__empty_dir_is_enotfound),
        cmocka_unit_test(test_store_create__existing_is_eexists),
        cmocka_unit_test(test_store_create__bad_inputs_leave_nothing),
        cmocka_unit_test(test_store_open__reports_id_origin_format),
        cmocka_unit_test(test_store_open__newer_format_is_eversion),
        cmocka_unit_test(test_store_open__rdonly_refuses_writes),
        cmocka_unit_test(test_version__matches_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

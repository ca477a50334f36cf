/* SPDX-License-Identifier: Apache-2.0 */
/* sentinels.c - no plaintext value, at any level, reaches any file of the store. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testutil.h"

/* Distinctive values, one per level and kind of property. */
static const struct { const char *schema, *prop, *value; sanctum_level level; } sentinels[] = {
    { "Person", "name", "Zqxwvutsrq Sentinelname", SANCTUM_LEVEL_NONE },
    { "Person", "alias", "Kjhgfdsa Sentinelalias", SANCTUM_LEVEL_OFFICIAL },
    { "Person", "passportNumber", "SNTNL998877", SANCTUM_LEVEL_NONE },
    { "Person", "notes", "sentinel-secret-informant-moonfish", SANCTUM_LEVEL_SECRET },
    { "Person", "address", "17 Sentinelstrasse Qwertyville", SANCTUM_LEVEL_SENSITIVE },
    { "Person", "birthPlace", "Sentinelburg-on-Plaintext", SANCTUM_LEVEL_NONE },
    { "Case", "statementOfReasons", "sentinel reasons: convoy of rubber boats", SANCTUM_LEVEL_NONE },
    { "Company", "name", "Sentinel Marine Engines Ltd", SANCTUM_LEVEL_SENSITIVE },
};

/* UTF-16LE form of an ASCII string, into buf; returns its length. */
static size_t
utf16le(unsigned char *buf, const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        buf[n++] = (unsigned char)*s;
        buf[n++] = 0;
    }
    return n;
}

static void
scan_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int files = 0;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        char path[8192];
        unsigned char *data, u16[256];
        size_t len;
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        data = tu_read_file(path, &len);
        assert_non_null(data);
        files++;
        for (size_t i = 0; i < sizeof sentinels / sizeof sentinels[0]; i++) {
            const char *v = sentinels[i].value;
            size_t n16 = utf16le(u16, v);
            if (tu_memmem(data, len, v, strlen(v)))
                fail_msg("plaintext of %s.%s found in %s", sentinels[i].schema,
                         sentinels[i].prop, de->d_name);
            if (tu_memmem(data, len, u16, n16))
                fail_msg("UTF-16 plaintext of %s.%s found in %s", sentinels[i].schema,
                         sentinels[i].prop, de->d_name);
            /* a distinctive 8-byte fragment must not appear either */
            if (strlen(v) > 12 && tu_memmem(data, len, v + 4, 8))
                fail_msg("fragment of %s.%s found in %s", sentinels[i].schema,
                         sentinels[i].prop, de->d_name);
        }
        free(data);
    }
    closedir(d);
    assert_true(files >= 2); /* data.mdb and lock.mdb */
}

static void
test_sentinels__no_plaintext_in_any_store_file(void **state)
{
    tu_store t;
    char path[4096];
    (void)state;

    tu_store_setup(&t, "sentinel");
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof sentinels / sizeof sentinels[0]; i++) {
            sanctum_entity *e, *g;
            assert_int_equal(sanctum_entity_new(&e, sentinels[i].schema), 0);
            assert_int_equal(sanctum_entity_add(e, sentinels[i].prop, sentinels[i].value,
                                                sentinels[i].level), 0);
            assert_int_equal(sanctum_entity_create(t.admin, e, "sentinel test"), 0);
            /* read, edit and delete too: every path that writes */
            assert_int_equal(sanctum_entity_get(&g, t.admin, sanctum_entity_id(e), NULL), 0);
            assert_int_equal(sanctum_entity_add(g, "notes", "sentinel-edit-value-quartz", 0), 0);
            assert_int_equal(sanctum_entity_update(t.admin, g, NULL), 0);
            if (round == 1)
                assert_int_equal(sanctum_entity_delete(t.admin, sanctum_entity_id(g), 0, NULL), 0);
            sanctum_entity_free(g);
            sanctum_entity_free(e);
        }
    }
    assert_int_equal(sanctum_user_add(t.admin, "sentinel-user", SANCTUM_ROLE_ANALYST,
                                      SANCTUM_LEVEL_SECRET,
                                      (const unsigned char *)"passphrase-sentinel-77", 22), 0);
    sanctum_session_close(t.admin);
    sanctum_store_close(t.st);
    t.admin = NULL;
    t.st = NULL;
    snprintf(path, sizeof path, "%s/store", t.dir);
    scan_dir(path);
    {
        /* the passphrases never reach the file either */
        unsigned char *data;
        size_t len;
        snprintf(path, sizeof path, "%s/store/data.mdb", t.dir);
        data = tu_read_file(path, &len);
        assert_false(tu_memmem(data, len, "passphrase-sentinel-77", 22));
        assert_false(tu_memmem(data, len, "admin-passphrase", 16));
        assert_false(tu_memmem(data, len, "sentinel-edit-value-quartz", 26));
        free(data);
    }
    tu_store_teardown(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentinels__no_plaintext_in_any_store_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

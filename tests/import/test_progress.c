/* SPDX-License-Identifier: Apache-2.0 */
/* test_progress.c - the progress bar: drawn on a terminal, absent otherwise. */
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "imp_test.h"

/* Run sanctum-import with stdout and stderr on a new pseudo-terminal and
 * return everything it wrote (malloc'd). */
static char *
run_on_pty(const char *const *args, int *status)
{
    char path[1024], *out = NULL, buf[4096];
    const char *argv[32];
    size_t len = 0, n = 0;
    ssize_t got;
    pid_t pid;
    int master;

    assert_non_null(getenv("SANCTUM_TOOLS_DIR")); /* set by ctest */
    snprintf(path, sizeof path, "%s/%s", getenv("SANCTUM_TOOLS_DIR"), IMPORT);
    argv[n++] = path;
    for (; *args != NULL && n < 30; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    pid = forkpty(&master, NULL, NULL, NULL);
    assert_true(pid >= 0);
    if (pid == 0) {
        execv(path, (char *const *)argv);
        _exit(127);
    }
    for (;;) {
        got = read(master, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; /* EIO once the child has gone */
        out = realloc(out, len + (size_t)got + 1);
        assert_non_null(out);
        memcpy(out + len, buf, (size_t)got);
        len += (size_t)got;
    }
    close(master);
    assert_int_equal(waitpid(pid, status, 0), pid);
    if (out == NULL)
        out = calloc(1, 1);
    out[len] = '\0';
    return out;
}

static void
test_progress__drawn_on_a_terminal(void **state)
{
    char sdn[1024], alt[1024];
    const char *args[6];
    char *out;
    int status;

    (void)state;
    snprintf(sdn, sizeof sdn, "%s", tu_data("ofac-sdn.csv"));
    snprintf(alt, sizeof alt, "%s", tu_data("ofac-alt.csv"));
    args[0] = "--dry-run";
    args[1] = sdn;
    args[2] = alt;
    args[3] = NULL;
    out = run_on_pty(args, &status);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("status %#x, output:\n%s", status, out);
    if (strstr(out, "\rchecking [") == NULL || strstr(out, "100% 17952/17952") == NULL)
        fail_msg("no progress bar on the terminal:\n%s", out);
    free(out);
}

static void
test_progress__absent_without_a_terminal(void **state)
{
    cli_result r = { 0 };
    char sdn[1024];

    (void)state;
    snprintf(sdn, sizeof sdn, "%s", tu_data("ofac-sdn.csv"));
    CLI_RUN(&r, NULL, IMPORT, "--dry-run", sdn);
    assert_exit(&r, 0);
    assert_err_empty(&r);
    assert_out_has(&r, "checked 17952 records for us_ofac_sdn");
    cli_result_free(&r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress__drawn_on_a_terminal),
        cmocka_unit_test(test_progress__absent_without_a_terminal),
    };

    cli_clean_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}

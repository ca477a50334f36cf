/* SPDX-License-Identifier: Apache-2.0 */
/* interop.c - sanctum-audit output checked by Go's golang.org/x/mod/sumdb/note and tlog. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "au_util.h"

/* ctest's SKIP_RETURN_CODE for this test. */
#define SKIP 77

/* Debian's golang-golang-x-mod-dev installs the sources here. */
#define DEBIAN_GOPATH "/usr/share/gocode"

static char gopath[4096];

/* Path of `go` on $PATH, into out; 0 if found. */
static int
find_go(char *out, size_t cap)
{
    const char *path = getenv("PATH");
    char dirs[8192], *save = NULL;

    snprintf(dirs, sizeof dirs, "%s", path ? path : "/usr/bin:/bin");
    for (char *d = strtok_r(dirs, ":", &save); d != NULL; d = strtok_r(NULL, ":", &save)) {
        snprintf(out, cap, "%s/go", *d ? d : ".");
        if (access(out, X_OK) == 0)
            return 0;
    }
    return -1;
}

/* A GOPATH holding golang.org/x/mod/sumdb: $GOPATH if it does, else Debian's. */
static int
find_gopath(char *out, size_t cap)
{
    const char *env = getenv("GOPATH");
    char probe[4096];

    if (env != NULL && *env != '\0') {
        snprintf(probe, sizeof probe, "%s/src/golang.org/x/mod/sumdb/tlog", env);
        if (access(probe, R_OK) == 0) {
            snprintf(out, cap, "%s", env);
            return 0;
        }
    }
    if (access(DEBIAN_GOPATH "/src/golang.org/x/mod/sumdb/tlog", R_OK) == 0) {
        snprintf(out, cap, "%s", DEBIAN_GOPATH);
        return 0;
    }
    return -1;
}

static void
save(const char *dir, const char *name, const void *buf, size_t len)
{
    char path[8192];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(tu_write_file(path, buf, len, 0600), 0);
}

/* Run sanctum-audit with args and save its stdout as dir/name. */
static void
tool_to_file(const char *dir, const char *name, const char *const *args)
{
    cli_result r = { 0 };

    cli_runv(&r, NULL, AUDIT, args);
    assert_exit(&r, 0);
    save(dir, name, r.out, r.out_len);
    cli_result_free(&r);
}
#define TOOL_TO(dir, name, ...) tool_to_file((dir), (name), (const char *const[]){ __VA_ARGS__, NULL })

static void
test_interop__go_x_mod_verifies_sanctum_audit_output(void **state)
{
    char store[4096], dir[4096], name[128], a[32], b[32], cache[8192];
    uint64_t late = world.size, mid = world.size_mid;
    FILE *out;
    pid_t pid;
    int status;
    size_t len;
    char *text;

    snprintf(store, sizeof store, "%s/store", world.t.dir);
    snprintf(dir, sizeof dir, "%s/interop", world.t.dir);
    assert_int_equal(mkdir(dir, 0700), 0);

    TOOL_TO(dir, "vkey.txt", "vkey", "--store", store);
    TOOL_TO(dir, "late.ckpt", "checkpoint", "--store", store);
    save(dir, "mid.ckpt", world.ck_mid, strlen(world.ck_mid));
    for (uint64_t i = 0; i < late; i++) {
        snprintf(a, sizeof a, "%llu", (unsigned long long)i);
        snprintf(name, sizeof name, "leaf-%llu.bin", (unsigned long long)i);
        TOOL_TO(dir, name, "entry", a, "--raw", "--store", store);
        snprintf(b, sizeof b, "%llu", (unsigned long long)late);
        snprintf(name, sizeof name, "prove-%llu-%llu.txt", (unsigned long long)i,
                 (unsigned long long)late);
        TOOL_TO(dir, name, "prove", a, "--size", b, "--store", store);
        if (i < mid) {
            snprintf(b, sizeof b, "%llu", (unsigned long long)mid);
            snprintf(name, sizeof name, "prove-%llu-%llu.txt", (unsigned long long)i,
                     (unsigned long long)mid);
            TOOL_TO(dir, name, "prove", a, "--size", b, "--store", store);
        }
    }
    snprintf(a, sizeof a, "%llu", (unsigned long long)mid);
    snprintf(b, sizeof b, "%llu", (unsigned long long)late);
    snprintf(name, sizeof name, "consistency-%s-%s.txt", a, b);
    TOOL_TO(dir, name, "consistency", a, "--size", b, "--store", store);

    /* go run, offline, in GOPATH mode against the Debian package. */
    snprintf(cache, sizeof cache, "%s/gocache", SANCTUM_BUILD_DIR);
    out = tmpfile();
    assert_non_null(out);
    fflush(stderr);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fileno(out), 1);
        dup2(fileno(out), 2);
        setenv("GO111MODULE", "off", 1);
        setenv("GOPATH", gopath, 1);
        setenv("GOCACHE", cache, 1);
        setenv("GOPROXY", "off", 1);
        setenv("GOFLAGS", "", 1);
        setenv("GOTOOLCHAIN", "local", 1);
        execlp("go", "go", "run", SANCTUM_SOURCE_DIR "/tests/interop/interop.go", dir,
               (char *)NULL);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        assert_int_equal(errno, EINTR);
    assert_int_equal(fseek(out, 0, SEEK_END), 0);   /* the child wrote through the fd */
    len = (size_t)ftell(out);
    text = calloc(1, len + 1);
    assert_non_null(text);
    rewind(out);
    assert_int_equal(fread(text, 1, len, out), len);
    fclose(out);
    fprintf(stderr, "%s", text);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("go run interop.go failed (status %d)", status);
    assert_non_null(strstr(text, "interop OK"));
    free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop__go_x_mod_verifies_sanctum_audit_output),
    };
    char go[4096];

    if (find_go(go, sizeof go) != 0) {
        printf("SKIP: 'go' is not installed; install Debian's golang-go and "
               "golang-golang-x-mod-dev to run this test\n");
        return SKIP;
    }
    if (find_gopath(gopath, sizeof gopath) != 0) {
        printf("SKIP: golang.org/x/mod/sumdb is not in $GOPATH nor in " DEBIAN_GOPATH
               "; install Debian's golang-golang-x-mod-dev to run this test\n");
        return SKIP;
    }
    cli_clean_env();
    return cmocka_run_group_tests(tests, au_world_setup, au_world_teardown);
}

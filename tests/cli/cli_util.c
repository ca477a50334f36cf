/* SPDX-License-Identifier: Apache-2.0 */
/* cli_util.c - fork/exec of the tools with captured output, and the store fixture. */
#include "cli_util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *
tools_dir(void)
{
    const char *d = getenv("SANCTUM_TOOLS_DIR");

    return d != NULL && *d != '\0' ? d : SANCTUM_BUILD_DIR "/tools";
}

/* Read all of `f` (rewound first) into a malloc'd NUL-terminated buffer. */
static char *
slurp(FILE *f, size_t *len)
{
    char *buf = NULL;
    size_t cap = 0, n = 0, k;

    rewind(f);
    do {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
    } while (k > 0);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void
cli_result_free(cli_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

void
cli_dump(const cli_result *r)
{
    fprintf(stderr, "---- exit status %d\n---- stdout:\n%s\n---- stderr:\n%s\n----\n",
            r->status, r->out != NULL ? r->out : "", r->err != NULL ? r->err : "");
}

void
cli_runv(cli_result *r, const char *stdin_text, const char *tool, const char *const *args)
{
    char path[1024];
    const char *argv[64];
    FILE *in = NULL, *out, *err;
    size_t n = 0;
    pid_t pid;
    int status;

    cli_result_free(r);
    snprintf(path, sizeof path, "%s/%s", tools_dir(), tool);
    argv[n++] = path;
    for (; *args != NULL; args++) {
        assert_true(n < 63);
        argv[n++] = *args;
    }
    argv[n] = NULL;

    out = tmpfile();
    err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    if (stdin_text != NULL) {
        in = tmpfile();
        assert_non_null(in);
        assert_int_equal(fwrite(stdin_text, 1, strlen(stdin_text), in), strlen(stdin_text));
        assert_int_equal(fflush(in), 0);
        rewind(in);
    }
    fflush(stdout);
    fflush(stderr);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd0 = in != NULL ? fileno(in) : open("/dev/null", O_RDONLY);

        setsid();   /* no controlling terminal: /dev/tty cannot be opened */
        if (fd0 < 0 || dup2(fd0, 0) < 0 || dup2(fileno(out), 1) < 0 ||
            dup2(fileno(err), 2) < 0)
            _exit(126);
        if (in != NULL)
            lseek(0, 0, SEEK_SET);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        assert_int_equal(errno, EINTR);
    r->status = WIFEXITED(status) ? WEXITSTATUS(status)
                                  : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    r->out = slurp(out, &r->out_len);
    r->err = slurp(err, &r->err_len);
    fclose(out);
    fclose(err);
    if (in != NULL)
        fclose(in);
    if (r->status == 127 || r->status == 126) {
        cli_dump(r);
        fail_msg("cannot run %s", path);
    }
}

void
cli_chomp(cli_result *r)
{
    if (r->out_len > 0 && r->out[r->out_len - 1] == '\n')
        r->out[--r->out_len] = '\0';
}

void
cli_clean_env(void)
{
    unsetenv("SANCTUM_STORE");
    unsetenv("SANCTUM_USER");
}

void
cli_pwfile(char *path, size_t size, const cli_store *s, const char *name, const char *pass,
           int mode)
{
    char text[512];

    snprintf(path, size, "%s/%s", s->dir, name);
    snprintf(text, sizeof text, "%s\n", pass);
    assert_int_equal(tu_write_file(path, text, strlen(text), mode), 0);
}

void
cli_store_setup(cli_store *s, const char *tag, int init)
{
    cli_result r = { 0 };

    memset(s, 0, sizeof *s);
    s->dir = tu_tmpdir(tag);
    assert_non_null(s->dir);
    snprintf(s->store, sizeof s->store, "%s/store", s->dir);
    cli_pwfile(s->admin_pw, sizeof s->admin_pw, s, "alice.pw", CLI_ADMIN_PASS, 0600);
    if (!init)
        return;
    CLI_RUN(&r, NULL, ADMIN, "init", "--store", s->store, "--user", CLI_ADMIN_NAME,
            "--kdf", "interactive", "--passphrase-file", s->admin_pw);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

void
cli_store_teardown(cli_store *s)
{
    tu_rmtree(s->dir);
    free(s->dir);
    s->dir = NULL;
}

void
cli_add_user(const cli_store *s, const char *name, const char *role, const char *clearance,
             const char *pass)
{
    char pw[512], file[64];
    cli_result r = { 0 };

    snprintf(file, sizeof file, "%s.pw", name);
    cli_pwfile(pw, sizeof pw, s, file, pass, 0600);
    CLI_RUN(&r, NULL, ADMIN, "user", "add", name, "--role", role, "--clearance", clearance,
            "--new-passphrase-file", pw, "--store", s->store, "--user", CLI_ADMIN_NAME,
            "--passphrase-file", s->admin_pw);
    assert_exit(&r, 0);
    cli_result_free(&r);
}

void
cli_case_as(cli_result *r, const cli_store *s, const char *user, const char *pwfile,
            const char *stdin_text, const char *const *args)
{
    const char *argv[64];
    size_t n = 0;

    for (; *args != NULL; args++) {
        assert_true(n < 56);
        argv[n++] = *args;
    }
    argv[n++] = "--store";
    argv[n++] = s->store;
    argv[n++] = "--user";
    argv[n++] = user;
    argv[n++] = "--passphrase-file";
    argv[n++] = pwfile;
    argv[n] = NULL;
    cli_runv(r, stdin_text, CASE, argv);
}

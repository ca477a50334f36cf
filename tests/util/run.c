/* SPDX-License-Identifier: Apache-2.0 */
/* run.c - fork/exec of the tools with captured output, for every suite that runs them. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* In the child: connect stdin (`in`, or as `io` says) and stdout (the
 * capture file `out`, or as `io` says), and stderr. 0 or -1. */
static int
child_fds(const cli_io *io, FILE *in, FILE *out, FILE *err)
{
    int fd1 = io != NULL && io->out_path != NULL ? open(io->out_path, O_WRONLY)
                                                 : fileno(out);
    int fd0;

    if (fd1 < 0 || dup2(fd1, 1) < 0 || dup2(fileno(err), 2) < 0)
        return -1;
    if (io != NULL && io->in_closed)
        return close(0) == 0 || errno == EBADF ? 0 : -1;
    if (io != NULL && io->in_path != NULL)
        fd0 = open(io->in_path, O_RDONLY);
    else
        fd0 = in != NULL ? fileno(in) : open("/dev/null", O_RDONLY);
    if (fd0 < 0 || dup2(fd0, 0) < 0)
        return -1;
    if (in != NULL)
        lseek(0, 0, SEEK_SET);
    return 0;
}

/* cli_runv() and cli_runv_io(): `stdin_text` is used when `io` is NULL. */
static void
run_tool(cli_result *r, const char *stdin_text, const cli_io *io, const char *tool,
         const char *const *args)
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
        setsid();   /* no controlling terminal: /dev/tty cannot be opened */
        if (child_fds(io, in, out, err) != 0)
            _exit(126);
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
cli_runv(cli_result *r, const char *stdin_text, const char *tool, const char *const *args)
{
    run_tool(r, stdin_text, NULL, tool, args);
}

void
cli_runv_io(cli_result *r, const cli_io *io, const char *tool, const char *const *args)
{
    run_tool(r, NULL, io, tool, args);
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

json_t *
cli_json(const cli_result *r)
{
    json_error_t err;
    json_t *doc = json_loads(r->out, 0, &err);

    if (doc == NULL) {
        cli_dump(r);
        fail_msg("stdout is not JSON: %s (line %d)", err.text, err.line);
    }
    if (json_integer_value(json_object_get(doc, "format_version")) != 2) {
        cli_dump(r);
        json_decref(doc);
        fail_msg("stdout: \"format_version\" is not 2");
    }
    return doc;
}

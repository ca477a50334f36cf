/* SPDX-License-Identifier: Apache-2.0 */
/* passphrase.c - passphrases into guarded memory, never through stdio buffers. */
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <sanctum/memory.h>

#include "diag.h"

/* Signals that would leave the terminal without echo if they killed us. */
static const int tty_signals[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP };
#define N_TTY_SIGNALS (sizeof tty_signals / sizeof tty_signals[0])

static volatile sig_atomic_t tty_caught;

static void
on_tty_signal(int signo)
{
    tty_caught = signo;
}

/* Room for one passphrase: TOOL_PASS_MAX bytes, a "\r\n" that is
 * stripped, and the NUL. */
#define SECRET_CAP (TOOL_PASS_MAX + 3)

static int
secret_alloc(tool_secret *s)
{
    s->len = 0;
    s->buf = sanctum_secure_alloc(SECRET_CAP);
    if (s->buf == NULL) {
        tool_error("out of guarded memory for the passphrase");
        return TOOL_EXIT_FAIL;
    }
    return 0;
}

void
tool_secret_free(tool_secret *s)
{
    if (s == NULL)
        return;
    sanctum_secure_free(s->buf);   /* wipes */
    s->buf = NULL;
    s->len = 0;
}

int
tool_pass_src_given(const tool_pass_src *src)
{
    return src != NULL && (src->file != NULL || src->fd >= 0);
}

/* read() that retries on EINTR unless a terminal signal was caught. */
static ssize_t
read_retry(int fd, void *buf, size_t len)
{
    ssize_t n;

    do
        n = read(fd, buf, len);
    while (n < 0 && errno == EINTR && !tty_caught);
    return n;
}

/*
 * Read a passphrase from `fd` into s->buf. With `line` set: one line,
 * read a byte at a time so nothing past it is consumed, newline not
 * stored. Otherwise: everything to end of input, less one trailing
 * newline. Returns 0; -1 on a read error (errno set; EINTR when a
 * terminal signal arrived); 1 when longer than TOOL_PASS_MAX.
 */
static int
read_secret(tool_secret *s, int fd, int line)
{
    unsigned char *p = s->buf;
    unsigned char extra;
    ssize_t n;

    s->len = 0;
    for (;;) {
        if (s->len == SECRET_CAP - 1) {
            /* Full: any further byte (other than a line end) is too many. */
            n = read_retry(fd, &extra, 1);
            if (n < 0)
                return -1;
            if (n > 0 && !(line && extra == '\n')) {
                sanctum_wipe(&extra, 1);
                return 1;
            }
            break;
        }
        n = read_retry(fd, p + s->len, line ? 1 : SECRET_CAP - 1 - s->len);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        if (line && p[s->len] == '\n')
            break;
        s->len += (size_t)n;
    }
    /* Strip one line end, "\n" or "\r\n" (a line's "\n" is already gone). */
    if (line || (s->len > 0 && p[s->len - 1] == '\n')) {
        if (!line)
            s->len--;
        if (s->len > 0 && p[s->len - 1] == '\r')
            s->len--;
    }
    p[s->len] = '\0';
    sanctum_wipe(p + s->len, SECRET_CAP - s->len);
    return s->len > TOOL_PASS_MAX ? 1 : 0;
}

/* Refuse a file the group or others may access (the mode, not the ACL). */
static int
check_mode(const char *path, int fd, const char *opt)
{
    struct stat st;

    if (fstat(fd, &st) != 0) {
        tool_error("--%s %s: %s", opt, path, strerror(errno));
        return TOOL_EXIT_FAIL;
    }
    if (S_ISDIR(st.st_mode)) {
        tool_error("--%s %s: is a directory, not a passphrase file", opt, path);
        return TOOL_EXIT_FAIL;
    }
    if ((st.st_mode & 077) != 0) {
        tool_error("--%s %s: refused: the file is accessible by group or others "
                   "(mode %04o); run 'chmod 600 %s'",
                   opt, path, (unsigned)(st.st_mode & 07777), path);
        return TOOL_EXIT_PERM;
    }
    return 0;
}

static int
read_from_file(tool_secret *s, const tool_pass_src *src)
{
    int fd, rc, err;

    fd = open(src->file, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        err = errno;
        tool_error("--%s %s: %s", src->file_opt, src->file, strerror(err));
        if (err == ENOENT || err == ENOTDIR)
            return TOOL_EXIT_NOTFOUND;
        if (err == EACCES || err == EPERM)
            return TOOL_EXIT_PERM;
        return TOOL_EXIT_FAIL;
    }
    if ((rc = check_mode(src->file, fd, src->file_opt)) != 0)
        goto done;
    rc = read_secret(s, fd, 0);
    if (rc < 0) {
        tool_error("--%s %s: %s", src->file_opt, src->file, strerror(errno));
        rc = TOOL_EXIT_FAIL;
        goto done;
    }
    if (rc > 0) {
        tool_error("--%s %s: passphrase longer than %d bytes", src->file_opt,
                   src->file, TOOL_PASS_MAX);
        rc = TOOL_EXIT_DATA;
        goto done;
    }
    if (s->len == 0) {
        tool_error("--%s %s: the passphrase is empty", src->file_opt, src->file);
        rc = TOOL_EXIT_DATA;
    }
done:
    close(fd);
    return rc;
}

static int
read_from_fd(tool_secret *s, const tool_pass_src *src)
{
    int rc = read_secret(s, src->fd, 1), err = errno;

    if (rc < 0) {
        tool_error("--%s %d: %s", src->fd_opt, src->fd, strerror(err));
        return err == EBADF ? TOOL_EXIT_USAGE : TOOL_EXIT_FAIL;
    }
    if (rc > 0) {
        tool_error("--%s %d: passphrase longer than %d bytes", src->fd_opt, src->fd,
                   TOOL_PASS_MAX);
        return TOOL_EXIT_DATA;
    }
    if (s->len == 0) {
        tool_error("--%s %d: the passphrase is empty", src->fd_opt, src->fd);
        return TOOL_EXIT_DATA;
    }
    return 0;
}

static void
tty_write(int fd, const char *text)
{
    size_t len = strlen(text);

    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        len -= (size_t)n;
    }
}

/*
 * Prompt on the open terminal `tty` with echo off and read one line.
 * The terminal mode and signal dispositions are restored before
 * returning; a signal that arrived meanwhile is delivered again then.
 */
static int
prompt_once(tool_secret *s, int tty, const char *prompt)
{
    struct sigaction sa, old_sa[N_TTY_SIGNALS];
    struct termios old_tio, tio;
    int rc, caught;
    size_t i;

    if (tcgetattr(tty, &old_tio) != 0) {
        tool_error("cannot read the terminal mode: %s", strerror(errno));
        return TOOL_EXIT_FAIL;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_tty_signal;   /* no SA_RESTART: read() returns EINTR */
    sigemptyset(&sa.sa_mask);
    tty_caught = 0;
    for (i = 0; i < N_TTY_SIGNALS; i++)
        sigaction(tty_signals[i], &sa, &old_sa[i]);

    tio = old_tio;
    tio.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    tio.c_lflag |= ICANON;
    if (tcsetattr(tty, TCSAFLUSH, &tio) != 0) {
        tool_error("cannot turn off terminal echo: %s", strerror(errno));
        rc = TOOL_EXIT_FAIL;
        goto restore;
    }
    tty_write(tty, prompt);
    s->len = 0;
    rc = read_secret(s, tty, 1);
    tcsetattr(tty, TCSAFLUSH, &old_tio);
    tty_write(tty, "\n");
    if (rc < 0) {
        if (!tty_caught)
            tool_error("cannot read the passphrase from the terminal: %s",
                       strerror(errno));
        rc = TOOL_EXIT_FAIL;
    } else if (rc > 0) {
        tool_error("passphrase longer than %d bytes", TOOL_PASS_MAX);
        rc = TOOL_EXIT_DATA;
    } else if (s->len == 0) {
        tool_error("empty passphrase");
        rc = TOOL_EXIT_DATA;
    }
restore:
    caught = tty_caught;
    for (i = 0; i < N_TTY_SIGNALS; i++)
        sigaction(tty_signals[i], &old_sa[i], NULL);
    if (caught) {
        raise(caught);   /* the usual effect, now that echo is back on */
        tool_error("interrupted");
        rc = TOOL_EXIT_FAIL;
    }
    return rc;
}

/* Constant-time equality of two secrets. */
static int
secret_equal(const tool_secret *a, const tool_secret *b)
{
    volatile unsigned char diff = 0;
    size_t i;

    if (a->len != b->len)
        return 0;
    for (i = 0; i < a->len; i++)
        diff |= (unsigned char)(a->buf[i] ^ b->buf[i]);
    return diff == 0;
}

static int
read_from_tty(tool_secret *s, const char *prompt, int confirm, const tool_pass_src *src)
{
    tool_secret again = TOOL_SECRET_INIT;
    int tty, rc;

    tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) {
        tool_error("no terminal to ask for the passphrase: use --%s FILE or --%s N",
                   src->file_opt, src->fd_opt);
        return TOOL_EXIT_USAGE;
    }
    if ((rc = prompt_once(s, tty, prompt)) != 0)
        goto done;
    if (confirm) {
        if ((rc = secret_alloc(&again)) != 0)
            goto done;
        if ((rc = prompt_once(&again, tty, "Repeat the passphrase: ")) != 0)
            goto done;
        if (!secret_equal(s, &again)) {
            tool_error("the passphrases do not match");
            rc = TOOL_EXIT_DATA;
        }
    }
done:
    tool_secret_free(&again);
    close(tty);
    return rc;
}

int
tool_pass_read(tool_secret *out, const tool_pass_src *src, const char *prompt,
               int confirm)
{
    int rc;

    if ((rc = secret_alloc(out)) != 0)
        return rc;
    if (src != NULL && src->file != NULL)
        rc = read_from_file(out, src);
    else if (src != NULL && src->fd >= 0)
        rc = read_from_fd(out, src);
    else {
        static const tool_pass_src dflt = TOOL_PASS_SRC_INIT;
        rc = read_from_tty(out, prompt, confirm, src != NULL ? src : &dflt);
    }
    if (rc != 0)
        tool_secret_free(out);
    return rc;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* testutil.c - helpers shared by the tests. */
#include "testutil.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
tu_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char *path;

    if (base == NULL || *base == '\0')
        base = "/tmp";
    if (asprintf(&path, "%s/sanctum-%s-XXXXXX", base, tag) < 0)
        return NULL;
    if (mkdtemp(path) == NULL) {
        free(path);
        return NULL;
    }
    return path;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void
tu_rmtree(const char *path)
{
    if (path != NULL)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
tu_data(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("SANCTUM_SHARED_DATA");

    if (dir == NULL || *dir == '\0')
        dir = SANCTUM_SHARED_DATA;
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

unsigned char *
tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = '\0';
            if (len != NULL)
                *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

int
tu_write_file(const char *path, const void *buf, size_t len, int mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = write(fd, buf, len);
    if (fchmod(fd, (mode_t)mode) != 0)
        n = -1;
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

int
tu_memmem(const void *hay, size_t hay_len, const void *needle, size_t nlen)
{
    return memmem(hay, hay_len, needle, nlen) != NULL;
}

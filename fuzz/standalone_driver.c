/* SPDX-License-Identifier: Apache-2.0 */
/* standalone_driver.c - run a libFuzzer harness over files, so gcc builds replay corpora under ctest. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (f == NULL) {
        perror(path);
        return 1;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            unsigned char *nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

/* Deterministic pseudo-random inputs, so a run without a corpus still exercises
 * the parser (the harnesses must never crash, whatever the bytes). */
static void
run_random(unsigned count)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    unsigned char buf[512];

    for (unsigned i = 0; i < count; i++) {
        size_t len;
        x ^= x << 13; /* step before taking the length: an empty input */
        x ^= x >> 7;  /* must not leave x, and every later input, as it is */
        x ^= x << 17;
        len = (size_t)(x % sizeof buf);
        for (size_t j = 0; j < len; j++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            buf[j] = (unsigned char)x;
        }
        LLVMFuzzerTestOneInput(buf, len);
    }
}

int
main(int argc, char **argv)
{
    int bad = 0, files = 0;

    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (S_ISDIR(sb.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *de;
            while (d && (de = readdir(d)) != NULL) {
                char p[4096];
                if (de->d_name[0] == '.')
                    continue;
                snprintf(p, sizeof p, "%s/%s", argv[i], de->d_name);
                bad |= run_file(p);
                files++;
            }
            if (d)
                closedir(d);
        } else {
            bad |= run_file(argv[i]);
            files++;
        }
    }
    run_random(20000);
    printf("replayed %d files and 20000 random inputs\n", files);
    return bad;
}

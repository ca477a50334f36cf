/* SPDX-License-Identifier: Apache-2.0 */
/* import_fuzzer.c - libFuzzer harness: sanctum-import's list parsers on any bytes.
 *
 * The first byte picks the format (OFAC SDN CSV, OFSI CSV, UN XML, FtM JSON
 * lines), the encoding and --skip-bad; the rest is written to a scratch
 * file and parsed into a record set, as sanctum-import does before it
 * opens a store. A parser may refuse the input (an exit code and a
 * message); it must not crash, leak or read out of bounds. OFAC remarks
 * and the date readers are fed the same bytes as text. The parsers' messages
 * go to stderr (run libFuzzer with -close_fd_mask=2 to silence them). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void
remove_scratch(void)
{
    unlink(path);
}

/* The scratch file, made once and removed at exit. */
static int
prepare(void)
{
    int fd;

    if (path[0] != '\0')
        return 0;
    snprintf(path, sizeof path, "/tmp/sanctum-import-fuzz-XXXXXX");
    if ((fd = mkstemp(path)) < 0) {
        path[0] = '\0';
        return -1;
    }
    close(fd);
    atexit(remove_scratch);
    return 0;
}

static void
text_readers(imp_set *set, const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    imp_dates d;
    char out[11];
    imp_row row;
    imp_pos pos = { path, 1, 0, NULL };

    if (text == NULL)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    (void)imp_date_ofac(&d, text);
    (void)imp_date_dmy(out, text);
    (void)imp_date_iso(out, text);
    (void)imp_date_valid(text);
    (void)imp_country_loose(text);
    if (imp_row_begin(&row, set, "Person", &pos) == 0) {
        (void)imp_ofac_remarks(&row, text);
        imp_row_abort(&row);
    }
    free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const imp_format formats[4] = { IMP_FMT_OFAC, IMP_FMT_OFSI, IMP_FMT_UNXML,
                                           IMP_FMT_FTM };
    imp_opts o = { IMP_FMT_NONE, NULL, NULL, SANCTUM_LEVEL_OFFICIAL, IMP_ENC_UTF8, 0, 0 };
    char *files[1];
    imp_set *set;
    FILE *f;

    if (size < 1 || prepare() != 0)
        return 0;
    o.format = formats[data[0] & 3];
    o.encoding = (imp_encoding)((data[0] >> 2) % 3);
    o.skip_bad = (data[0] >> 4) & 1;
    data++;
    size--;
    if ((f = fopen(path, "wb")) == NULL)
        return 0;
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    if (imp_set_new(&set, &o) != 0)
        return 0;
    files[0] = path;
    switch (o.format) {
    case IMP_FMT_OFAC:
        (void)imp_ofac_read(set, files, 1);
        break;
    case IMP_FMT_OFSI:
        (void)imp_ofsi_read(set, files, 1);
        break;
    case IMP_FMT_UNXML:
        (void)imp_unxml_read(set, files, 1);
        break;
    default:
        (void)imp_ftm_read(set, files, 1);
        break;
    }
    text_readers(set, data, size);
    imp_set_free(set);
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* consumer.c - the smallest program built against an installed libsanctum. */
#include <stdio.h>

#include <sanctum/sanctum.h>

int
main(void)
{
    if (sanctum_version_number() != SANCTUM_VERSION_NUMBER) {
        fprintf(stderr, "header %s does not match library %s\n", SANCTUM_VERSION_STRING,
                sanctum_version_string());
        return 1;
    }
    printf("sanctum %s, %zu schemas\n", sanctum_version_string(), sanctum_schema_count());
    return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* quickstart.c - the smallest complete use of libsanctum: create, add, read back. */
/*
 * Usage: quickstart [DIR]
 *
 * Creates a store in DIR (which must not hold one yet; default: a fresh
 * temporary directory), adds a Person with a few values, reads it back
 * and prints its id and caption. Only the public API is used. A real
 * program reads the passphrase from the user, never from its source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/sanctum.h>

/* Report a failed call with the library's detail and return 1. */
static int
fail(const char *what, int rc)
{
    fprintf(stderr, "quickstart: %s: %s (%s)\n", what, sanctum_strerror(rc),
            sanctum_last_error());
    return 1;
}

int
main(int argc, char **argv)
{
    static const char pass[] = "an example passphrase";
    sanctum_store_options opts = SANCTUM_STORE_OPTIONS_INIT;
    sanctum_store *store = NULL;
    sanctum_session *session = NULL;
    sanctum_entity *person = NULL, *copy = NULL;
    char tmpl[] = "/tmp/sanctum-quickstart-XXXXXX";
    char path[4096];
    const char *dir;
    size_t i;
    int rc, status = 1;

    if (sanctum_version_number() != SANCTUM_VERSION_NUMBER) {
        fprintf(stderr, "quickstart: built for libsanctum %s but running with %s\n",
                SANCTUM_VERSION_STRING, sanctum_version_string());
        return 1;
    }
    if (argc > 1) {
        dir = argv[1];
    } else if ((dir = mkdtemp(tmpl)) == NULL) {
        perror("quickstart: mkdtemp");
        return 1;
    }
    /* The store goes in a subdirectory, which sanctum creates (mode 0700). */
    snprintf(path, sizeof path, "%s/store", dir);

    /* 1. Create the store with its first user, an admin cleared for secret.
     *    The fast KDF setting keeps the example quick; use the default
     *    (moderate) or sensitive for real data. */
    opts.kdf = SANCTUM_KDF_INTERACTIVE;
    rc = sanctum_store_create(&store, path, "admin", (const unsigned char *)pass,
                              strlen(pass), &opts);
    if (rc != SANCTUM_OK) {
        status = fail("create the store", rc);
        goto done;
    }

    /* 2. Unlock it as that user. */
    rc = sanctum_session_open(&session, store, "admin", (const unsigned char *)pass,
                              strlen(pass));
    if (rc != SANCTUM_OK) {
        status = fail("open a session", rc);
        goto done;
    }

    /* 3. Build a Person. Each value is checked and normalised for its type;
     *    SANCTUM_LEVEL_NONE takes the property's default classification. */
    if ((rc = sanctum_entity_new(&person, "Person")) != SANCTUM_OK) {
        status = fail("new Person", rc);
        goto done;
    }
    if ((rc = sanctum_entity_add(person, "name", "Jane Example", SANCTUM_LEVEL_NONE)) != 0 ||
        (rc = sanctum_entity_add(person, "nationality", "gb", SANCTUM_LEVEL_NONE)) != 0 ||
        (rc = sanctum_entity_add(person, "birthDate", "1980-05", SANCTUM_LEVEL_SECRET)) != 0) {
        status = fail("add a value", rc);
        goto done;
    }

    /* 4. Store it: it gets an id and revision 1, and one audit entry. */
    if ((rc = sanctum_entity_create(session, person, "quickstart example")) != SANCTUM_OK) {
        status = fail("store the Person", rc);
        goto done;
    }

    /* 5. Read it back (a consultation: also audited) and print it. */
    rc = sanctum_entity_get(&copy, session, sanctum_entity_id(person), "quickstart example");
    if (rc != SANCTUM_OK) {
        status = fail("read the Person back", rc);
        goto done;
    }
    printf("store:    %s\n", path);
    printf("id:       %s (revision %llu)\n", sanctum_entity_id(copy),
           (unsigned long long)sanctum_entity_revision(copy));
    printf("caption:  %s\n", sanctum_entity_caption(copy));
    for (i = 0; i < sanctum_entity_count(copy); i++) {
        sanctum_value v;

        if ((rc = sanctum_entity_value(copy, i, &v)) != SANCTUM_OK) {
            status = fail("read a value", rc);
            goto done;
        }
        printf("  %-12s %-9s %s\n", v.prop, sanctum_level_name(v.level),
               v.withheld ? "[withheld]" : v.text);
    }
    if (strcmp(sanctum_entity_caption(copy), "Jane Example") != 0) {
        fprintf(stderr, "quickstart: unexpected caption\n");
        goto done;
    }
    status = 0;

done:
    sanctum_entity_free(copy);     /* wipes the decrypted values */
    sanctum_entity_free(person);
    sanctum_session_close(session); /* wipes the keys */
    sanctum_store_close(store);
    return status;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* store_registry.c - the stores this process has open, so none is opened twice. */
#include "store_registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "errors.h"

typedef struct entry {
    struct entry *next;
    const void *owner;
    dev_t dev;
    ino_t ino;
    int ready;                 /* owner is an open store handle to share */
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static entry *head; /* guarded by lock; a handful of stores at most */

static entry *
by_dir(dev_t dev, ino_t ino)
{
    for (entry *e = head; e != NULL; e = e->next)
        if (e->dev == dev && e->ino == ino)
            return e;
    return NULL;
}

int
sanctum__registry_add(const void *owner, const char *path)
{
    struct stat sb;
    entry *e;
    int rc = SANCTUM_OK;

    if (stat(path, &sb) != 0)
        return sanctum__err(SANCTUM_ENOTFOUND, "no store at %s", path);
    pthread_mutex_lock(&lock);
    if (by_dir(sb.st_dev, sb.st_ino) != NULL) {
        rc = sanctum__err(SANCTUM_EBUSY,
                          "store %s is already open in this process: share that handle "
                          "(docs/threading.md)", path);
    } else if ((e = calloc(1, sizeof *e)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "out of memory");
    } else {
        e->owner = owner;
        e->dev = sb.st_dev;
        e->ino = sb.st_ino;
        e->next = head;
        head = e;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void
sanctum__registry_ready(sanctum_store *st)
{
    pthread_mutex_lock(&lock);
    for (entry *e = head; e != NULL; e = e->next)
        if (e->owner == st)
            e->ready = 1;
    pthread_mutex_unlock(&lock);
}

void
sanctum__registry_remove(const void *owner)
{
    pthread_mutex_lock(&lock);
    for (entry **p = &head; *p != NULL; p = &(*p)->next) {
        if ((*p)->owner == owner) {
            entry *e = *p;

            *p = e->next;
            free(e);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

int
sanctum__registry_find(sanctum_store **out, const char *path)
{
    struct stat sb;
    entry *e;
    int rc = SANCTUM_OK;

    *out = NULL;
    if (stat(path, &sb) != 0)
        return SANCTUM_OK; /* no directory: nothing of it is open here */
    pthread_mutex_lock(&lock);
    if ((e = by_dir(sb.st_dev, sb.st_ino)) != NULL) {
        if (e->ready)
            *out = (sanctum_store *)e->owner; /* entered by sanctum_store_open/create */
        else
            rc = sanctum__err(SANCTUM_EBUSY,
                              "store %s is being opened or maintained in this process", path);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

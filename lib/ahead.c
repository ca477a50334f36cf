/* SPDX-License-Identifier: Apache-2.0 */
/* ahead.c - items made ahead, on a helper thread and the caller's, used in order. */
#include "ahead.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sanctum/errors.h>

#include "errors.h"

struct sanctum__ahead {
    sanctum__ahead_fn fn;
    void *arg;
    size_t n;
    int threaded;
    pthread_t tid;
    pthread_mutex_t lock;      /* guards everything below */
    pthread_cond_t cond;       /* an item was made or failed */
    size_t next;               /* the next item nobody has taken */
    unsigned char *made;       /* per item */
    int stop;
    size_t err_item;           /* the lowest failed item, or n */
    int err_code;
    char err_msg[512];
};

/* Make item i as `worker`; called with the lock held, returns with it held. */
static void
make(sanctum__ahead *a, size_t i, int worker)
{
    int rc;

    pthread_mutex_unlock(&a->lock);
    rc = a->fn(a->arg, i, worker);
    pthread_mutex_lock(&a->lock);
    if (rc < 0) {
        if (i < a->err_item) {
            a->err_item = i;
            a->err_code = rc;
            snprintf(a->err_msg, sizeof a->err_msg, "%s", sanctum_last_error());
        }
    } else {
        a->made[i] = 1;
    }
    pthread_cond_broadcast(&a->cond);
}

static void *
helper_main(void *p)
{
    sanctum__ahead *a = p;

    pthread_mutex_lock(&a->lock);
    while (!a->stop && a->next < a->n && a->next < a->err_item)
        make(a, a->next++, 1);
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

int
sanctum__ahead_start(sanctum__ahead **out, size_t n, sanctum__ahead_fn fn, void *arg)
{
    sanctum__ahead *a = calloc(1, sizeof *a);

    *out = NULL;
    if (a == NULL || (a->made = calloc(n ? n : 1, 1)) == NULL) {
        free(a);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    a->fn = fn;
    a->arg = arg;
    a->n = n;
    a->err_item = n;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        free(a->made);
        free(a);
        return sanctum__err(SANCTUM_ERROR, "could not make a lock");
    }
    if (pthread_cond_init(&a->cond, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        free(a->made);
        free(a);
        return sanctum__err(SANCTUM_ERROR, "could not make a condition variable");
    }
    /* no thread (too small a batch, one core, none to be had): the caller
     * makes every item in sanctum__ahead_wait() */
    a->threaded = n >= SANCTUM__AHEAD_MIN_ITEMS && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
                  pthread_create(&a->tid, NULL, helper_main, a) == 0;
    *out = a;
    return SANCTUM_OK;
}

int
sanctum__ahead_wait(sanctum__ahead *a, size_t i)
{
    int rc;

    if (i >= a->n)
        return sanctum__err(SANCTUM_EINVAL, "item %zu of %zu", i, a->n);
    pthread_mutex_lock(&a->lock);
    while (!a->made[i] && a->err_item > i) {
        if (a->next < a->n && a->next < a->err_item)
            make(a, a->next++, 0); /* the item sought or a later one */
        else
            pthread_cond_wait(&a->cond, &a->lock);
    }
    rc = a->made[i] ? SANCTUM_OK : sanctum__err(a->err_code, "%s", a->err_msg);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

void
sanctum__ahead_stop(sanctum__ahead *a)
{
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_mutex_unlock(&a->lock);
    if (a->threaded)
        pthread_join(a->tid, NULL);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
    free(a->made);
    free(a);
}

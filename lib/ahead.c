/* SPDX-License-Identifier: Apache-2.0 */
/* ahead.c - items made ahead, on a helper thread and the caller's, used in order. */
#include "ahead.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanctum/errors.h>

#include "errors.h"

struct sanctum__ahead {
    sanctum__ahead_fn fn;
    void *arg;
    size_t cap;                /* items a batch may hold */
    int threaded;              /* the helper runs */
    int no_thread;             /* one core, or no thread could be had */
    pthread_t tid;
    pthread_mutex_t lock;      /* guards everything below */
    pthread_cond_t cond;       /* items published, made or failed; stop */
    size_t n;                  /* items published */
    size_t next;               /* the next item nobody has taken */
    size_t busy;               /* items being made now */
    unsigned char *made;       /* per item */
    int stop;
    size_t err_item;           /* the lowest failed item, or cap */
    int err_code;
    char err_msg[512];
};

/* Take the next item if there is one to take (the lock held). */
static int
can_take(const sanctum__ahead *a)
{
    return a->next < a->n && a->next < a->err_item;
}

/* Make item i as `worker`; called with the lock held, returns with it held. */
static void
make(sanctum__ahead *a, size_t i, int worker)
{
    int rc;

    a->busy++;
    pthread_mutex_unlock(&a->lock);
    rc = a->fn(a->arg, i, worker);
    pthread_mutex_lock(&a->lock);
    a->busy--;
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

/* The helper makes whatever is published, and sleeps when it has caught up. */
static void *
helper_main(void *p)
{
    sanctum__ahead *a = p;

    pthread_mutex_lock(&a->lock);
    while (!a->stop) {
        if (can_take(a))
            make(a, a->next++, 1);
        else
            pthread_cond_wait(&a->cond, &a->lock);
    }
    pthread_mutex_unlock(&a->lock);
    return NULL;
}

int
sanctum__ahead_open(sanctum__ahead **out, size_t cap, sanctum__ahead_fn fn, void *arg)
{
    sanctum__ahead *a = calloc(1, sizeof *a);

    *out = NULL;
    if (a == NULL || (a->made = calloc(cap ? cap : 1, 1)) == NULL) {
        free(a);
        return sanctum__err(SANCTUM_ENOMEM, "out of memory");
    }
    a->fn = fn;
    a->arg = arg;
    a->cap = cap;
    a->err_item = cap;
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
    a->no_thread = sysconf(_SC_NPROCESSORS_ONLN) <= 1;
    *out = a;
    return SANCTUM_OK;
}

void
sanctum__ahead_publish(sanctum__ahead *a, size_t n)
{
    pthread_mutex_lock(&a->lock);
    if (n > a->cap)
        n = a->cap;
    if (n > a->n)
        a->n = n;
    /* no thread (too small a batch, one core, none to be had): the caller
     * makes every item in sanctum__ahead_wait() */
    if (!a->threaded && !a->no_thread && a->n >= SANCTUM__AHEAD_MIN_ITEMS) {
        a->threaded = pthread_create(&a->tid, NULL, helper_main, a) == 0;
        a->no_thread = !a->threaded;
    }
    if (a->threaded)
        pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
}

int
sanctum__ahead_start(sanctum__ahead **out, size_t n, sanctum__ahead_fn fn, void *arg)
{
    int rc = sanctum__ahead_open(out, n, fn, arg);

    if (rc == SANCTUM_OK)
        sanctum__ahead_publish(*out, n);
    return rc;
}

int
sanctum__ahead_wait(sanctum__ahead *a, size_t i)
{
    int rc;

    pthread_mutex_lock(&a->lock);
    if (i >= a->n) {
        size_t n = a->n;
        pthread_mutex_unlock(&a->lock);
        return sanctum__err(SANCTUM_EINVAL, "item %zu of %zu", i, n);
    }
    while (!a->made[i] && a->err_item > i) {
        if (can_take(a))
            make(a, a->next++, 0); /* the item sought or a later one */
        else
            pthread_cond_wait(&a->cond, &a->lock);
    }
    rc = a->made[i] ? SANCTUM_OK : sanctum__err(a->err_code, "%s", a->err_msg);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

void
sanctum__ahead_reset(sanctum__ahead *a)
{
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->lock);
    a->err_item = 0; /* nothing more is taken */
    while (a->busy > 0)
        pthread_cond_wait(&a->cond, &a->lock);
    memset(a->made, 0, a->n);
    a->n = a->next = 0;
    a->err_item = a->cap;
    a->err_code = 0;
    a->err_msg[0] = '\0';
    pthread_mutex_unlock(&a->lock);
}

void
sanctum__ahead_stop(sanctum__ahead *a)
{
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->lock);
    a->stop = 1;
    pthread_cond_broadcast(&a->cond);
    pthread_mutex_unlock(&a->lock);
    if (a->threaded)
        pthread_join(a->tid, NULL);
    pthread_cond_destroy(&a->cond);
    pthread_mutex_destroy(&a->lock);
    free(a->made);
    free(a);
}

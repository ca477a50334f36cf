/* SPDX-License-Identifier: Apache-2.0 */
/* ahead.h (internal) - items made ahead, on a helper thread and the caller's, used in order. */
#ifndef SANCTUM_LIB_AHEAD_H
#define SANCTUM_LIB_AHEAD_H

#include <stddef.h>

/*
 * A writer holds LMDB's single write transaction while it stores a batch;
 * the work that needs no transaction (encrypting the records, making
 * their index tokens) can run on a second core meanwhile. Items 0..n-1
 * are made by `fn(arg, i, worker)`, which returns SANCTUM_OK or a negative
 * code with the error detail set. They are taken in ascending order by a
 * helper thread (worker 1) and by the caller (worker 0) whenever it waits
 * for an item not made yet, so neither core idles while the other has
 * work; fn runs on both threads at once for different items, and `worker`
 * tells it whose tools to use. With one core, or a batch too small to be
 * worth a thread, the caller makes every item. Whatever fn writes for
 * item i is visible to the caller once sanctum__ahead_wait(a, i) returns.
 *
 * Items may also be handed over one at a time while the caller goes on
 * (sanctum__ahead_open, then sanctum__ahead_publish as each is ready):
 * the helper makes them while the caller prepares the next, and stays
 * for the next batch after sanctum__ahead_reset. Whatever the caller
 * wrote for item i before publishing it is visible to fn.
 */
typedef int (*sanctum__ahead_fn)(void *arg, size_t i, int worker);
typedef struct sanctum__ahead sanctum__ahead;

#define SANCTUM__AHEAD_WORKERS 2
/* Fewer items are all made on the caller's thread: a thread costs more. */
#define SANCTUM__AHEAD_MIN_ITEMS 16

/* Start making n items. SANCTUM_ENOMEM if out of memory. */
int sanctum__ahead_start(sanctum__ahead **out, size_t n, sanctum__ahead_fn fn, void *arg);

/* Room for up to `cap` items per batch, none published yet. */
int sanctum__ahead_open(sanctum__ahead **out, size_t cap, sanctum__ahead_fn fn, void *arg);

/* Items 0..n-1 of the batch may now be made (n grows, at most cap). The
 * helper starts once a batch reaches SANCTUM__AHEAD_MIN_ITEMS, so worker
 * 1's tools must exist by then. */
void sanctum__ahead_publish(sanctum__ahead *a, size_t n);

/* Wait until item i is made (making items meanwhile). Its result:
 * SANCTUM_OK, or the code of the first item that failed at or before i,
 * with that failure's detail set on the calling thread. */
int sanctum__ahead_wait(sanctum__ahead *a, size_t i);

/* End the batch: waits until no item is being made, then starts an empty
 * one (the helper stays). Items not waited for may or may not have been
 * made; a failure is forgotten. */
void sanctum__ahead_reset(sanctum__ahead *a);

/* Stop (an item being made is finished first), join the helper, free.
 * Items not waited for may or may not have been made. NULL is a no-op. */
void sanctum__ahead_stop(sanctum__ahead *a);

#endif

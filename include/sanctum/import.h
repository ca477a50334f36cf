/* SPDX-License-Identifier: Apache-2.0 */
/* import.h - importing published lists as one atomic, audited run; exporting as a disclosure. */
#ifndef SANCTUM_IMPORT_H
#define SANCTUM_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sanctum/entity.h>
#include <sanctum/export.h>
#include <sanctum/session.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An import run: entities from one source list are added or updated inside
 * ONE write transaction, recorded by ONE audit entry whose per-record
 * commitments (id, revision, record hash) are kept in a manifest the
 * verifier checks. Nothing is written unless sanctum_import_commit()
 * succeeds: a failed or abandoned run leaves the store as it was.
 *
 * Memory: a run keeps its entities' blind-index postings (24 bytes each,
 * some 37 per name). Whenever 2^22 are waiting (96 MiB) they are handed to
 * a thread that sorts them while the run goes on, and written (then wiped)
 * at the next hand-over or at commit: up to twice 96 MiB. LMDB holds up to
 * 131,072 dirty pages (512 MiB) of the transaction before it spills them
 * to the file.
 *
 * Threads: on a machine with more than one core, a run of 16 new entities
 * or more keeps one helper thread from then until commit or abort, which
 * encrypts and indexes each new entity as it is added (docs/threading.md).
 * The session must stay open until the run is committed or aborted.
 *
 * Each entity must carry a `sourceId` value (its id in the source list).
 * An entity whose (source list, sourceId) was imported before is updated
 * (new revision) only when its content changed; otherwise it is counted
 * unchanged. Nothing is ever duplicated.
 *
 * The run holds the store's writer lock from begin to commit or abort;
 * other writers (threads or processes) wait. A run belongs to the thread
 * that began it. That thread cannot write to the store through any other
 * call until the run ends, since the write would wait for the lock the
 * thread holds itself: such a call (sanctum_entity_create(), _update(),
 * _delete(), sanctum_entity_get() and every other read that appends an
 * audit entry, a second sanctum_import_begin() on the store, ...) returns
 * SANCTUM_EINVAL at once ("this thread has an import run open on the
 * store; finish or abort it first"). Reads that append no audit entry
 * (sanctum_entity_meta(), sanctum_entity_list()) work, and see the store
 * as it was before the run. Other threads' calls wait as for any writer.
 */
typedef struct sanctum_import sanctum_import;

typedef struct sanctum_import_summary {
    uint64_t created;    /**< new entities */
    uint64_t updated;    /**< existing entities whose content changed */
    uint64_t unchanged;  /**< existing entities with the same content */
    uint64_t audit_index;/**< index of the run's audit entry */
} sanctum_import_summary;

/**
 * Begin a run for `source_list` (e.g. "us_ofac_sdn", "gb_ofsi", "un_sc").
 * @return SANCTUM_OK; SANCTUM_EPERM (role may not write); SANCTUM_EINVAL
 *         (a bad list name, or the calling thread has a run open on the
 *         store already).
 */
SANCTUM_EXPORT int sanctum_import_begin(sanctum_import **out, sanctum_session *session,
                                        const char *source_list, const char *purpose);

/**
 * Add or update one entity. Its id, if any, is ignored: the store keeps its
 * own id for the source record. On success `entity` receives the stored id
 * and revision. Entity references in `entity` must name stored entities or
 * entities added earlier in this run (by their sanctum id).
 *
 * New entities are written in bursts of up to 1,024 (their records
 * encrypted and indexed ahead on a helper thread, joined before the burst
 * ends; docs/threading.md); everything that can refuse one (its values,
 * their levels, its references) is checked on its own call, so a later
 * failure of a burst can only be out of memory or disk (SANCTUM_ENOMEM,
 * SANCTUM_EIO), reported by the call that wrote it. `entity` is copied:
 * the caller may free it on return.
 * @return SANCTUM_OK; SANCTUM_EINVAL (no sourceId, dangling reference);
 *         SANCTUM_EPERM; SANCTUM_EIO. After a failure the run can only be
 *         aborted.
 */
SANCTUM_EXPORT int sanctum_import_add(sanctum_import *run, sanctum_entity *entity);

/** Look up the stored id of (this run's list, source_id); SANCTUM_ENOTFOUND if none. */
SANCTUM_EXPORT int sanctum_import_find(sanctum_import *run, const char *source_id,
                                       char out[SANCTUM_ID_MAX]);

/** Commit the run with its audit entry and free it. */
SANCTUM_EXPORT int sanctum_import_commit(sanctum_import *run, sanctum_import_summary *summary);

/** Abandon the run: nothing is written. Frees it. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_import_abort(sanctum_import *run);

/**
 * A disclosure (export): the entities to disclose are named up front and
 * recorded by ONE audit entry (with a manifest of id, revision and record
 * hash for each) before any of them is decrypted. Then they are read in
 * batches; a record that changed since the entry was written is refused
 * with SANCTUM_ECONFLICT (start a new disclosure). A disclosure belongs to
 * one thread.
 */
typedef struct sanctum_disclosure sanctum_disclosure;

/**
 * Record the disclosure of `count` entities (any number, each named once)
 * and prepare to read them. @return SANCTUM_OK; SANCTUM_ENOTFOUND (an id
 * is not stored); SANCTUM_EPERM (auditor); SANCTUM_EINVAL (a malformed
 * id, or one named twice, in any spelling: nothing is recorded).
 */
SANCTUM_EXPORT int sanctum_disclosure_begin(sanctum_disclosure **out, sanctum_session *session,
                                            const char *const *ids, size_t count,
                                            const char *purpose);
/** Number of entities in the disclosure. */
SANCTUM_EXPORT size_t sanctum_disclosure_count(const sanctum_disclosure *d);
/**
 * Decrypt entity `i` (0 <= i < count), in the order given to begin.
 * @param[out] out  free with sanctum_entity_free().
 * @return SANCTUM_OK; SANCTUM_ECONFLICT (changed since); SANCTUM_ECORRUPT.
 */
SANCTUM_EXPORT int sanctum_disclosure_read(sanctum_entity **out, sanctum_disclosure *d, size_t i);
/** Free the disclosure. NULL is a no-op. */
SANCTUM_EXPORT void sanctum_disclosure_free(sanctum_disclosure *d);

#ifdef __cplusplus
}
#endif
#endif

import {
  getChangedDocumentsSince,
  getHeightOfRevision,
  now,
  type BulkWriteRow,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import type { HubCheckpoint, PullResult } from '../../shared/sync/protocol.ts';
import type { TongbanDatabase } from '../db/create-database.ts';
import { unwrappedStorage } from '../db/unwrapped-storage.ts';

/**
 * A new counter's first sync of a collection, stored straight into the local storage instead of through RxDB's
 * replication, which then carries on from where it ended.
 *
 * RxDB's replication keeps, for every document it stores from the hub, a second record: the hub's state of it (the
 * "assumed master"), which it compares a local change with before pushing it. For a new counter's 100,000 cases that
 * is 100,000 more records to write and index, and the comparisons before each write: about a third of the first
 * sync's time (`npm run bench -- sync`, README). Here the cases are stored without that record, marked the way RxDB
 * marks a document it stored from the hub (`_meta.o`, its revision 1), so that RxDB's replication, started afterwards
 * from the hub's checkpoint and from the local position the first sync reached, treats them as the hub's: a later
 * change at the hub overwrites them as usual, and they are not pushed back.
 *
 * What the missing record changes: the first local change of such a case is pushed without the hub's state it was
 * made over. The hub answers it as a conflict, and the counter merges the two. That is only right for a collection
 * whose merge needs no common ancestor: cases (`mergeCases`, the union of two event logs) — not tickets or
 * appointments, whose conflict handlers would let the hub's state win over a change made here. So only the
 * collections listed in {@link FIRST_SYNC_COLLECTIONS} sync this way.
 *
 * Local writes during the first sync (an officer saves a case while it runs) are never lost: the first sync stops
 * after the page it is storing, and the push starts at the first of them. Its progress is kept in a local document,
 * so that a first sync cut short by closing the app carries on from its last stored page.
 */

/** Collections that a new counter syncs this way: those whose conflict handler merges without a common ancestor. */
export const FIRST_SYNC_COLLECTIONS: ReadonlySet<string> = new Set(['cases']);

/** The context of the first sync's writes: a change event without it is a local write. */
export const FIRST_SYNC_CONTEXT = 'tongban-first-sync';

/** A position in a collection's local changes, as RxDB orders them: by write time (`_meta.lwt`), then id. */
export interface LocalCheckpoint {
  id: string;
  lwt: number;
}

/** Where RxDB's replication starts after a first sync: its pull and its push checkpoints. */
export interface FirstSyncCheckpoints {
  downstream?: HubCheckpoint;
  upstream?: LocalCheckpoint;
}

/** The first sync's progress, kept in a local document of the database (`first-sync-<collection>`). */
interface FirstSyncProgress {
  /** The hub's checkpoint after the last page stored; null before the first. */
  hub: HubCheckpoint | null;
  /** The local position of the last page stored. */
  up: LocalCheckpoint | null;
  /** The write time of the first local write heard, if any. */
  localAt: number | null;
  done: boolean;
}

export interface FirstSyncOptions {
  db: Pick<TongbanDatabase, 'getLocal' | 'upsertLocal' | 'hashFunction' | 'lockedRun' | 'requestIdlePromise'>;
  collection: RxCollection<unknown>;
  /** The identifier given to `replicateRxCollection` for this collection. */
  replicationIdentifier: string;
  /** Documents per page. A shorter page is the last. */
  batchSize: number;
  /**
   * One page from the hub. A failure is reported, and waited out, by the caller (the sync client's backoff), then
   * the page is asked for again.
   */
  pull(checkpoint: HubCheckpoint | undefined): Promise<PullResult>;
  /**
   * Called with the hub's checkpoint the collection is stored up to (the catch-up bar's progress): as each page is
   * stored (`wrote`), and once when a first sync resumes, before it has written anything.
   */
  stored?(checkpoint: HubCheckpoint, wrote: boolean): void;
  /**
   * Called with the write time of each write of the hub's documents: the outbox count leaves those out (the push
   * may start before some of them, after a local write).
   */
  wrote?(lwt: number): void;
  signal: AbortSignal;
  /** Pages pulled ahead of the one being stored (default 2). */
  pagesAhead?: number;
}

/**
 * Runs or resumes the first sync of a collection. Returns where RxDB's replication is to start, or null when the
 * collection is not new (it holds documents that no first sync stored): the replication then runs as usual.
 * Returns null as well, having stored nothing more, once `signal` is aborted.
 */
export async function firstSync(options: FirstSyncOptions): Promise<FirstSyncCheckpoints | null> {
  const { db, collection, signal } = options;
  const key = `first-sync-${collection.name}`;
  const saved = ((await db.getLocal<FirstSyncProgress>(key))?.toJSON().data ?? null) as FirstSyncProgress | null;
  if (saved?.done) return checkpointsOf(saved);

  const storage = collection.internalStorageInstance as RxStorageInstance<unknown, unknown, unknown>;
  const raw = unwrappedStorage(storage);
  // RxDB's own mark on a document its replication stored from the hub (its downstream, `_meta.o`).
  const hubMark = await db.hashFunction('rxdbreplication' + options.replicationIdentifier);

  // The first local write's time. Heard from the storage below the field encryption (ids and times only, nothing
  // decrypted), from before the collection is found empty, so that no write falls between.
  let firstLocal: number | null = null;
  let pages: ReturnType<typeof pageReader> | null = null;
  const noteLocal = (lwt: number) => {
    if (firstLocal === null || lwt < firstLocal) firstLocal = lwt;
    // Stop waiting for the hub's pages: while they fail to come, the replication must start to push this write.
    pages?.wake();
  };
  const subscription = raw.changeStream().subscribe((bulk) => {
    if (bulk.context === FIRST_SYNC_CONTEXT) return;
    for (const event of bulk.events) noteLocal((event.documentData as RxDocumentData<unknown>)._meta.lwt);
  });

  try {
    let progress: FirstSyncProgress;
    if (saved) {
      // Cut short by closing the app. Besides the hub's documents, unchanged, the collection may hold what the
      // officers wrote meanwhile or since, at any position: a write has its time before it is stored, and may be
      // stored after pages written later, or after the first sync stopped listening. Every document is looked at
      // (their write marks only, nothing decrypted), once, on this rare path.
      progress = saved;
      options.stored?.(saved.hub ?? { seq: 0 }, false);
      if (saved.localAt !== null) noteLocal(saved.localAt);
      const local = await firstLocalWrite(raw, hubMark);
      if (local !== null) noteLocal(local);
    } else {
      const any = await getChangedDocumentsSince(raw, 1);
      if (any.documents.length > 0 || firstLocal !== null) return null;
      progress = { hub: null, up: null, localAt: null, done: false };
      await db.upsertLocal(key, progress);
    }

    pages = pageReader(options, progress.hub ?? undefined, () => firstLocal !== null);
    while (firstLocal === null && !signal.aborted) {
      const page = await pages.next();
      if (!page) break;
      // Recorded even if the client is stopping meanwhile: the page is stored, and need not be asked for again.
      const stored = await storePage(options, storage, page.documents, hubMark);
      if (stored.changedHere !== null) {
        // A document of this page was changed here meanwhile: RxDB's replication takes over from before this page
        // and settles it (the local change is pushed, the hub answers, the counter merges).
        noteLocal(stored.changedHere);
        break;
      }
      progress = {
        hub: page.checkpoint,
        up: later(progress.up, stored.up),
        localAt: firstLocal,
        done: false,
      };
      await db.upsertLocal(key, progress);
      options.stored?.(page.checkpoint, true);
      if (page.documents.length < options.batchSize) break;
    }
    pages.stop();
    pages = null;
    if (signal.aborted) {
      // Closing: a local write heard since the last page is kept with the progress, for the first sync's next start.
      if (firstLocal !== null && progress.localAt !== firstLocal)
        await db.upsertLocal(key, { ...progress, localAt: firstLocal });
      return null;
    }

    // Local writes under way are done and heard: RxDB gives a write its time before the storage has it, and the
    // field encryption can keep it a moment longer than a page of the hub's, sealed ahead.
    await db.requestIdlePromise();
    const upstream: LocalCheckpoint | null =
      firstLocal === null ? progress.up : earlier(progress.up, { id: '', lwt: firstLocal });
    const finished: FirstSyncProgress = { ...progress, up: upstream, localAt: firstLocal, done: true };
    await db.upsertLocal(key, finished);
    return checkpointsOf(finished);
  } finally {
    pages?.stop();
    subscription.unsubscribe();
  }
}

function checkpointsOf(progress: FirstSyncProgress): FirstSyncCheckpoints {
  return {
    ...(progress.hub ? { downstream: progress.hub } : {}),
    ...(progress.up ? { upstream: progress.up } : {}),
  };
}

const compare = (a: LocalCheckpoint, b: LocalCheckpoint) => a.lwt - b.lwt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const later = (a: LocalCheckpoint | null, b: LocalCheckpoint | null) => (!a ? b : !b ? a : compare(a, b) >= 0 ? a : b);
const earlier = (a: LocalCheckpoint | null, b: LocalCheckpoint) => (!a || compare(b, a) < 0 ? b : a);

/**
 * A document exactly as a first sync stored it from the hub, not changed here since (RxDB's replication marks the
 * updates it stores from the hub the same way; its inserts lose the mark in RxDB's storage wrapper).
 */
function fromHubUnchanged(doc: RxDocumentData<unknown>, hubMark: string): boolean {
  const mark = (doc._meta as { o?: { _rev?: number; hash?: string } }).o;
  return mark?.hash === hubMark && mark._rev === getHeightOfRevision(doc._rev);
}

/** The write time of the first document, in RxDB's (lwt, id) order, that was written here; null if none. */
async function firstLocalWrite(
  storage: RxStorageInstance<unknown, unknown, unknown>,
  hubMark: string,
): Promise<number | null> {
  let checkpoint: LocalCheckpoint | undefined;
  for (;;) {
    const { documents, checkpoint: next } = await getChangedDocumentsSince(storage, 1_000, checkpoint);
    for (const doc of documents) if (!fromHubUnchanged(doc, hubMark)) return doc._meta.lwt;
    if (documents.length === 0) return null;
    checkpoint = next as LocalCheckpoint;
  }
}

/**
 * Stores one page of the hub's documents as new. A document already here is replaced only if it is the hub's,
 * unchanged here (the hub changed it again while the first sync ran, or the page is stored again after a restart);
 * one changed here blocks the page: the replication settles it.
 */
async function storePage(
  options: FirstSyncOptions,
  storage: RxStorageInstance<unknown, unknown, unknown>,
  documents: PullResult['documents'],
  hubMark: string,
): Promise<{ up: LocalCheckpoint | null; changedHere: number | null }> {
  const primaryPath = options.collection.schema.primaryPath as string;
  const write = async (rows: BulkWriteRow<unknown>[]) => {
    const lwt = now();
    for (const row of rows) (row.document._meta as { lwt: number }).lwt = lwt;
    const result = await options.db.lockedRun(() => storage.bulkWrite(rows, FIRST_SYNC_CONTEXT));
    options.wrote?.(lwt);
    const failed = new Set(result.error.map((e) => e.documentId));
    let lastId: string | null = null;
    for (const row of rows) {
      const id = (row.document as unknown as Record<string, string>)[primaryPath]!;
      if (!failed.has(id) && (lastId === null || id > lastId)) lastId = id;
    }
    return { up: lastId === null ? null : { id: lastId, lwt }, errors: result.error };
  };
  const rev = `1-${hubMark}`;
  const meta = { lwt: 0, o: { _rev: 1, hash: hubMark } };
  // The page's documents are this call's own (parsed from the hub's answer): completed in place rather than copied,
  // which for a first sync's 100,000 cases was half a second of the counter's time.
  const rows = new Array<BulkWriteRow<unknown>>(documents.length);
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i]!;
    doc._deleted = !!doc._deleted;
    doc._attachments = {};
    doc._rev = rev;
    doc._meta = meta;
    rows[i] = { document: doc as unknown as RxDocumentData<unknown> };
  }
  const inserts = await write(rows);
  let up = inserts.up;
  const replace: BulkWriteRow<unknown>[] = [];
  // The write time of a document of this page that was changed here (the earliest), if any.
  let changedHere: number | null = null;
  const changed = (doc: RxDocumentData<unknown> | undefined) => {
    const lwt = doc?._meta.lwt ?? now();
    if (changedHere === null || lwt < changedHere) changedHere = lwt;
  };
  for (const error of inserts.errors) {
    const inDb = error.status === 409 ? (error as { documentInDb?: RxDocumentData<unknown> }).documentInDb : undefined;
    if (!inDb) throw new FirstSyncWriteError(options.collection.name, error);
    if (!fromHubUnchanged(inDb, hubMark)) {
      changed(inDb);
      continue;
    }
    const height = getHeightOfRevision(inDb._rev) + 1;
    replace.push({
      previous: inDb,
      document: {
        ...(error.writeRow.document as object),
        _rev: `${height}-${hubMark}`,
        _meta: { lwt: 0, o: { _rev: height, hash: hubMark } },
      } as RxDocumentData<unknown>,
    });
  }
  if (replace.length > 0) {
    const replaced = await write(replace);
    up = later(up, replaced.up);
    for (const error of replaced.errors) {
      if (error.status !== 409) throw new FirstSyncWriteError(options.collection.name, error);
      changed((error as { documentInDb?: RxDocumentData<unknown> }).documentInDb);
    }
  }
  return { up, changedHere };
}

/** A page the local storage refused for a reason other than a document already there. */
export class FirstSyncWriteError extends Error {
  constructor(
    readonly collection: string,
    readonly writeError: { status: number; documentId: string },
  ) {
    super(
      `本地数据库未能保存首次同步的数据（${collection}，${writeError.documentId}，状态 ${writeError.status}）。` +
        ` / The local database did not store the first sync's data (${collection}, ${writeError.documentId}, ` +
        `status ${writeError.status}).`,
    );
    this.name = 'FirstSyncWriteError';
  }
}

/**
 * Reads pages from the hub a little ahead of the one being stored: the next page's request needs the checkpoint
 * of the page before, so the pages come one after the other, while storing goes on. A failed request is asked for
 * again (the caller has waited out its backoff); nothing is asked for once `signal` is aborted.
 */
function pageReader(options: FirstSyncOptions, from: HubCheckpoint | undefined, giveUp: () => boolean) {
  const ahead = Math.max(1, options.pagesAhead ?? 2);
  const buffered: PullResult[] = [];
  let reading: Promise<void> | null = null;
  let cursor = from;
  let finished = false;
  let stopped = false;
  let waiting: (() => void) | null = null;
  let failure: unknown = null;
  const onAbort = () => waiting?.();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const over = () => stopped || options.signal.aborted || giveUp();

  const fetchOne = async (): Promise<PullResult | null> => {
    for (;;) {
      if (over()) return null;
      try {
        return await options.pull(cursor);
      } catch {
        // Reported and waited out by the caller: ask again.
      }
    }
  };
  const read = async () => {
    while (!finished && !over() && buffered.length < ahead) {
      const page = await fetchOne();
      if (!page) return;
      buffered.push(page);
      cursor = page.checkpoint;
      if (page.documents.length < options.batchSize) finished = true;
      waiting?.();
    }
  };
  const fill = () => {
    reading ??= read()
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => {
        reading = null;
        waiting?.();
      });
  };

  return {
    async next(): Promise<PullResult | null> {
      for (;;) {
        if (failure) throw failure;
        if (over()) return null;
        const page = buffered.shift();
        if (page) {
          fill();
          return page;
        }
        if (finished && !reading) return null;
        fill();
        await new Promise<void>((resolve) => (waiting = resolve));
        waiting = null;
      }
    },
    /** Ends a wait for the next page (to look again whether to go on). */
    wake() {
      waiting?.();
    },
    stop() {
      stopped = true;
      options.signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Gives up a collection's first sync for good, so that a later start does not take it up again: the replication has
 * taken over from the start (after the first sync's local storage kept failing). Best effort: where the local
 * documents cannot be written either, the next start resumes it, and finds the replication's own writes, not the
 * hub's unchanged, and stops at once.
 */
export async function abandonFirstSync(db: Pick<TongbanDatabase, 'upsertLocal'>, collection: RxCollection<unknown>) {
  const given: FirstSyncProgress = { hub: null, up: null, localAt: null, done: true };
  await db.upsertLocal(`first-sync-${collection.name}`, given).catch(() => undefined);
}

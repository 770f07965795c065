import {
  META_INSTANCE_SCHEMA_TITLE,
  getChangedDocumentsSince,
  getSingleDocument,
  type BulkWriteRow,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import {
  migrateDocumentData,
  type RxMigrationState,
  type RxMigrationStatus,
  type RxMigrationStatusDocument,
} from 'rxdb/plugins/migration-schema';
import { sealedMigrationAccess } from './field-encryption.ts';

/** Bulk-write context of the copy, as RxDB names its own writes. */
const CONTEXT = 'tongban-schema-migration';

type AnyInstance = RxStorageInstance<Record<string, unknown>, unknown, unknown, unknown>;
type Doc = RxDocumentData<Record<string, unknown>>;

/**
 * A schema migration's copy of one storage into the next version's: reads the old storage in pages of `batchSize`
 * (changes since a checkpoint: one range read per page, tombstones included), runs each document through the
 * collection's migration strategies, and inserts the page into the new storage in one bulk write.
 *
 * RxDB's own `migrateStorage` does the same through a push replication from the old storage to the new one, with
 * a replication meta storage of its own: about fourteen storage requests per document against our three (one read
 * shared by a page, one read and one write per document in the insert). A counter holding 50,000 cases spent a
 * minute and a half in it at its first start after an upgrade.
 *
 * The guarantees are RxDB's: nothing else reads or writes the collection meanwhile (RxDB blocks it until the
 * migration ends); a document keeps its `_meta` (its `lwt` is what the sync's upstream checkpoint points at) and
 * its `_rev`; a replication meta row's document copy (`docData`) is migrated as the document is, its checkpoint rows
 * are carried as they are; a strategy returning `null` drops the document. An interrupted migration starts over at
 * the next start: documents already copied are conflicts, kept as copied (the new storage has had no other writer).
 * The caller removes the old storage once everything is copied; RxDB then removes the old schema's record.
 */
export async function copyStorageMigrating(
  collection: RxCollection,
  oldStorage: AnyInstance,
  newStorage: AnyInstance,
  batchSize: number,
  onCopied: (count: number) => Promise<unknown>,
): Promise<void> {
  const isReplicationMeta = newStorage.schema.title === META_INSTANCE_SCHEMA_TITLE;
  const hasAttachments = !!collection.schema.jsonSchema.attachments;
  const fromVersion = oldStorage.schema.version;
  // A record whose personal data does not decrypt (a damaged value) goes over as it is stored, still sealed: read
  // through the field encryption it would fail the whole page, and every later attempt with it, leaving the counter
  // without its database. Not run through the strategies (they cannot read it); it stays as unreadable as it was.
  const oldSealed = sealedMigrationAccess(oldStorage as never);
  const newSealed = sealedMigrationAccess(newStorage as never);
  let checkpoint: unknown = undefined;
  for (;;) {
    const page =
      oldSealed && newSealed
        ? await oldSealed.changedSinceKeepingUnreadable(batchSize, checkpoint)
        : { ...(await getChangedDocumentsSince(oldStorage, batchSize, checkpoint)), unreadable: [] };
    const read = page.documents.length + page.unreadable.length;
    if (read === 0) break;
    const rows: BulkWriteRow<Record<string, unknown>>[] = [];
    for (const doc of page.documents as Doc[]) {
      if (isReplicationMeta) {
        if (doc.isCheckpoint === '1') {
          rows.push({ document: doc });
          continue;
        }
        const docData = (await migrateDocumentData(collection, fromVersion, doc.docData)) as Doc | null;
        if (docData === null) continue;
        // RxDB's migration adds `_attachments: {}`; a copy holding it never equals its document again (RxDB compares
        // it with the document stripped of attachments), so the sync would take no new state of that document from
        // the hub. Dropped here, which also mends copies an earlier RxDB migration (v0 -> v1) wrote that way.
        if (!hasAttachments) delete (docData as Partial<Doc>)._attachments;
        rows.push({ document: { ...doc, docData } });
        continue;
      }
      const migrated = (await migrateDocumentData(collection, fromVersion, doc)) as Doc | null;
      if (migrated === null) continue;
      rows.push({
        document: {
          ...migrated,
          _deleted: doc._deleted,
          _meta: migrated._meta ?? doc._meta,
          _rev: doc._rev,
          _attachments: migrated._attachments ?? {},
        },
      });
    }
    if (rows.length > 0) {
      const result = await newStorage.bulkWrite(rows, CONTEXT);
      const failed = result.error.find((e) => e.status !== 409);
      if (failed)
        // Shown inside LocalDataUpgradeError's zh/en message, so no sentence of its own.
        throw new Error(`${oldStorage.collectionName} ${failed.documentId}: write status ${failed.status}`);
    }
    if (page.unreadable.length > 0) {
      const result = await newSealed!.writeAsStored(page.unreadable.map((document) => ({ document })));
      const failed = result.error.find((e) => e.status !== 409);
      if (failed) throw new Error(`${oldStorage.collectionName} ${failed.documentId}: write status ${failed.status}`);
    }
    await onCopied(read);
    checkpoint = page.checkpoint;
    if (read < batchSize) break;
  }
}

/** How far a schema migration has got, in RxDB's status counts: documents copied of all the old storages hold. */
export interface DirectCopyProgress {
  handled: number;
  total: number;
}

/**
 * Runs `state`'s migration with {@link copyStorageMigrating} instead of RxDB's replication-based copy, and waits for
 * it. Everything else (leader election between windows, the status document with its counts, the old schema's
 * record removed at the end, the collection blocked until then) stays RxDB's.
 *
 * `onProgress` hears the status document's counts as this copy writes them: once when the copy starts (handled 0,
 * the total RxDB counted just before), then after every page, the last time with handled equal to the total. Not
 * from `state.$`: it follows the status document as read when the state was set up, which is a failed attempt's
 * or none.
 */
export async function migrateByDirectCopy(
  state: RxMigrationState,
  batchSize: number,
  onProgress?: (progress: DirectCopyProgress) => void,
): Promise<void> {
  // Reports the counts an update wrote; the handler runs again after a write conflict, so the last run's are kept.
  const updateAndReport = async (change: (count: RxMigrationStatus['count']) => void) => {
    const written: DirectCopyProgress = { handled: 0, total: 0 };
    await state.updateStatus((status) => {
      change(status.count);
      written.handled = status.count.handled;
      written.total = status.count.total;
      return status;
    });
    onProgress?.(written);
  };
  let started = false;
  state.migrateStorage = async (oldStorage, newStorage, size) => {
    // RxDB has written the total before its first call here (runMigration counts every old storage first).
    if (!started) {
      started = true;
      await updateAndReport(() => undefined);
    }
    await copyStorageMigrating(state.collection, oldStorage, newStorage, size, (count) =>
      updateAndReport((counts) => {
        counts.handled += count;
      }),
    );
    // As RxDB's own: the old storage goes once everything is copied (RxDB then removes the old schema's record), and
    // is no longer the migration's to close.
    state.openStorageInstances.delete(oldStorage);
    await oldStorage.remove();
  };
  // A previous attempt that failed left its status document at ERROR with its reason: the copy starts over, so does
  // its status. (Before RxDB's leader election: with several windows on one database, a second one would reset a
  // running leader's counts. The app opens its database in one window only, `multiInstance: false`.)
  await state.updateStatus((status) => {
    status.status = 'RUNNING';
    delete status.error;
    status.count.handled = 0;
    return status;
  });
  // Not `migratePromise`: it waits on the status as it was when RxDB set the migration up, so after a failed attempt
  // it would report that failure again at once. `startMigration` resolves when the migration has ended either way.
  await state.startMigration(batchSize);
  const outcome = await getSingleDocument<RxMigrationStatusDocument>(state.database.internalStore, state.statusDocId);
  if (outcome?.data.status !== 'DONE') throw new Error(outcome?.data.error?.message ?? 'the migration stopped');
}

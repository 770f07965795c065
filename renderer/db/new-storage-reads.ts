import {
  getChangedDocumentsSince,
  getPrimaryFieldOfPrimaryKey,
  type RxStorage,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
} from 'rxdb';

/**
 * Beyond this many ids a storage's written ids are no longer kept: its reads all go to the storage again (about
 * 8 MB of ids by then; a counter's first sync of a whole site is 100,000 cases and as many sync copies).
 */
export const MAX_TRACKED_IDS = 500_000;

/** The ids written to one storage that was empty when opened; null once it is not known to hold only those. */
interface WrittenIds {
  ids: Set<string> | null;
  open: number;
  /** Settles once the first opener has checked the storage was empty; later openers wait for it. */
  ready: Promise<void>;
  /** Writes not yet settled: the entry outlives its last instance until they have. */
  writing: Set<Promise<unknown>>;
}

/** Per storage (database, collection, schema version), shared by every instance of it open in this window. */
const written = new Map<string, WrittenIds>();

/**
 * Answers reads of documents a storage cannot hold without asking the storage: while a storage that was empty when
 * opened is written only through this wrapper, a document is there only if its id was written.
 *
 * RxDB's replication reads every pulled document, and its replication copy, before writing it (to compare with the
 * local state); for a new counter's first sync none of them exists, and in Chromium each of those reads is a round
 * trip to IndexedDB: 100,000 cases took 53.0-63.4 s with them and 39.4 s without (`BENCH_PARTS=first npm run bench
 * -- counter`). Reads of ids that were written go to the storage as before, so nothing is answered from memory.
 *
 * It holds only while nothing else writes the storage. Instances of one storage in this window share their ids; other
 * windows or tabs on the same IndexedDB would write behind its back, so the app puts this wrapper in its storage
 * only where its database has one window (`soleWindow` of `createDatabase`: the Electron shell, one window and one
 * app instance; not a browser tab), and it steps aside with `multiInstance`. A storage that was not empty
 * when opened, or that was written more than {@link MAX_TRACKED_IDS} ids, is read as before.
 */
export function wrappedNewStorageReads<Internals, Options>(args: {
  storage: RxStorage<Internals, Options>;
}): RxStorage<Internals, Options> {
  return {
    ...args.storage,
    async createStorageInstance<RxDocType>(
      params: RxStorageInstanceCreationParams<RxDocType, Options>,
    ): Promise<RxStorageInstance<RxDocType, Internals, Options>> {
      const instance = await args.storage.createStorageInstance(params);
      if (params.multiInstance) return instance;
      const key = `${args.storage.name}\n${params.databaseName}\n${params.collectionName}\n${params.schema.version}`;
      let entry = written.get(key);
      if (entry) entry.open++;
      else {
        // Registered, with its emptiness check, before anything awaits: writes made meanwhile are counted, and an
        // instance opened meanwhile waits for the check.
        const created: WrittenIds = { ids: new Set(), open: 1, ready: Promise.resolve(), writing: new Set() };
        created.ready = getChangedDocumentsSince(instance, 1).then(
          (first) => {
            if (first.documents.length > 0) created.ids = null;
          },
          () => {
            // Unreadable (a wrong key, say): not known to be empty; the error is the storage's to report on use.
            created.ids = null;
          },
        );
        entry = created;
        written.set(key, created);
      }
      await entry.ready;
      const state = entry;
      const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
      let released = false;
      // After the instance has closed and every write made through it has settled: a write still on its way when the
      // entry went could otherwise land after a new opener found the storage empty.
      const release = async () => {
        if (released) return;
        released = true;
        await Promise.allSettled([...state.writing]);
        if (--state.open === 0 && written.get(key) === state) written.delete(key);
      };
      const wrapped: RxStorageInstance<RxDocType, Internals, Options> & {
        originalStorageInstance: RxStorageInstance<RxDocType, Internals, Options>;
      } = {
        databaseName: instance.databaseName,
        internals: instance.internals,
        options: instance.options,
        schema: instance.schema,
        collectionName: instance.collectionName,
        // As RxDB's own wrappers name what they wrap (renderer/sync/sync-client.ts looks beneath them).
        originalStorageInstance: instance,
        bulkWrite(rows, context) {
          const ids = state.ids;
          if (ids) {
            for (const row of rows) ids.add(String((row.document as Record<string, unknown>)[primaryPath]));
            if (ids.size > MAX_TRACKED_IDS) state.ids = null;
          }
          const writing = instance.bulkWrite(rows, context);
          state.writing.add(writing);
          void writing.then(
            () => state.writing.delete(writing),
            () => state.writing.delete(writing),
          );
          return writing;
        },
        async findDocumentsById(ids, withDeleted) {
          const known = state.ids;
          if (!known) return instance.findDocumentsById(ids, withDeleted);
          const maybe = ids.filter((id) => known.has(id));
          return maybe.length === 0 ? [] : instance.findDocumentsById(maybe, withDeleted);
        },
        query: (query) => instance.query(query),
        count: (query) => instance.count(query),
        getAttachmentData: (documentId, attachmentId, digest) =>
          instance.getAttachmentData(documentId, attachmentId, digest),
        ...(instance.getChangedDocumentsSince
          ? {
              getChangedDocumentsSince: (limit: number, checkpoint?: unknown) =>
                instance.getChangedDocumentsSince!(limit, checkpoint),
            }
          : {}),
        changeStream: () => instance.changeStream(),
        cleanup: (minimumDeletedTime) => instance.cleanup(minimumDeletedTime),
        async close() {
          await instance.close();
          await release();
        },
        async remove() {
          await instance.remove();
          await release();
        },
      };
      return wrapped;
    },
  };
}

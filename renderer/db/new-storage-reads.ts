import { Dexie, type DBCore, type DBCoreGetManyRequest, type DBCoreGetRequest, type DBCoreTable } from 'dexie';
import { getFromMapOrCreate, type RxStorage } from 'rxdb';
import { getRxStorageDexie, RxStorageDexie } from 'rxdb/plugins/storage-dexie';

/**
 * Beyond this many keys a table's written keys are no longer kept: its reads all go to IndexedDB again (about 8 MB
 * of keys by then; a counter's first sync of a whole site is 100,000 cases and as many sync copies, in two tables).
 */
export const MAX_TRACKED_KEYS = 500_000;

type Key = string | number;
const isTracked = (key: unknown): key is Key => typeof key === 'string' || typeof key === 'number';

/**
 * Answers reads of records an IndexedDB table cannot hold without asking IndexedDB: while a table that was empty when
 * its database was opened is written only through this connection, a record is there only if its key was written.
 *
 * A new counter's first sync stores 100,000 cases and RxDB's replication copy of each, and every one is read before
 * it is written, twice: RxDB's replication reads the case and its copy to compare them with the pulled state, and
 * RxDB's Dexie storage reads them again inside each write to tell inserts from updates. None of them exists yet; in
 * Chromium each read is a round trip to IndexedDB, in Node a walk of fake-indexeddb's tree.
 *
 * A Dexie add-on (DBCore middleware, below Dexie's own): when the database opens, each table is checked for a first
 * record; an empty table's written keys are kept (from the moment a write asks for them), and `get`/`getMany` of any
 * other key answer "absent" themselves. A read inside a read-write transaction is answered so only while no other
 * read-write transaction on the table is unfinished: IndexedDB runs them one after the other in the order they were
 * created, and a write must see what the earlier ones wrote (or a second writer of the same new record would
 * overwrite the first instead of meeting a conflict). A read-only read is answered whatever writes are under way:
 * a key a write has asked to store is read from IndexedDB, which orders the read after that write. It can be answered
 * before a write transaction created earlier that has not yet asked to store its records, where IndexedDB would have
 * waited for it: the read sees every write that has finished or has asked, which is what RxDB and the app rely on (each
 * waits for the writes it reads after; reads that race a write have either order in IndexedDB too, and writes are
 * checked inside their own transaction). Keys that are neither strings nor numbers, and tables whose keys IndexedDB
 * generates, are always read.
 *
 * It holds only while nothing else writes the database: the app adds it only where its database has one window
 * (`soleWindow` of `createDatabase`: the Electron shell, one window and one app instance; not a browser tab) and
 * not with RxDB's `multiInstance`. RxDB keeps one Dexie connection per storage in a window, shared by its instances.
 */
export function newStorageReadsAddon(options: { maxKeys?: number } = {}): (db: Dexie) => void {
  const maxKeys = options.maxKeys ?? MAX_TRACKED_KEYS;
  return (db) => addNewStorageReads(db, maxKeys);
}

/** The add-on as the app uses it. */
export const newStorageReads = newStorageReadsAddon();

function addNewStorageReads(db: Dexie, maxKeys: number): void {
  /** Per table: the keys written since it was found empty; null once it is not known to hold only those. */
  const tables = new Map<string, Set<Key> | null>();
  /** Per table: the read-write transactions on it not yet finished. */
  const writers = new Map<string, Set<unknown>>();

  // Sticky: on every opening of this connection, before Dexie lets any other request through.
  db.on(
    'ready',
    async (vipDb: Dexie) => {
      tables.clear();
      for (const table of vipDb.tables) {
        const first = await table.limit(1).primaryKeys();
        tables.set(table.name, first.length === 0 ? new Set() : null);
      }
    },
    true,
  );

  db.use({
    stack: 'dbcore',
    name: 'TongbanNewStorageReads',
    // Next to IndexedDB, below Dexie's own middleware (the lowest of which is at -1).
    level: -10,
    create: (down: DBCore): Partial<DBCore> => ({
      transaction(stores, mode, options) {
        const trans = down.transaction(stores, mode, options);
        if (mode === 'readwrite') {
          for (const store of stores) getFromMapOrCreate(writers, store, () => new Set()).add(trans);
          const finished = () => {
            for (const store of stores) writers.get(store)?.delete(trans);
          };
          const events = trans as unknown as EventTarget;
          events.addEventListener('complete', finished);
          events.addEventListener('abort', finished);
        }
        return trans;
      },
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        const keyPath = table.schema.primaryKey.keyPath;
        /** The keys known, unless `trans` writes and another read-write transaction is unfinished on the table. */
        const keysFor = (trans: unknown): Set<Key> | null => {
          const keys = tables.get(name) ?? null;
          if (!keys || (trans as { mode?: string }).mode !== 'readwrite') return keys;
          const open = writers.get(name);
          const others = (open?.size ?? 0) - (open?.has(trans) ? 1 : 0);
          return others > 0 ? null : keys;
        };
        const remember = (key: unknown): void => {
          const keys = tables.get(name);
          if (!keys) return;
          // A key that cannot be known here (generated by IndexedDB, or not a string or number): read everything.
          if (!isTracked(key)) tables.set(name, null);
          else if (keys.add(key).size > maxKeys) tables.set(name, null);
        };
        return {
          ...table,
          mutate(req) {
            if (req.type === 'add' || req.type === 'put') {
              // IndexedDB takes the key from the record where the table has a key path, whatever key is given.
              if (keyPath !== null)
                for (const value of req.values) remember(table.schema.primaryKey.extractKey!(value));
              else if (req.keys) for (const key of req.keys) remember(key);
              else tables.set(name, null);
            }
            // Deletions only make records absent, which reads from IndexedDB then find.
            return table.mutate(req);
          },
          getMany(req: DBCoreGetManyRequest) {
            const keys = keysFor(req.trans);
            if (!keys) return table.getMany(req);
            const asked: unknown[] = [];
            const at: number[] = [];
            req.keys.forEach((key: unknown, i) => {
              if (!isTracked(key) || keys.has(key)) {
                asked.push(key);
                at.push(i);
              }
            });
            if (asked.length === req.keys.length) return table.getMany(req);
            const found: unknown[] = new Array(req.keys.length).fill(undefined);
            if (asked.length === 0) return Promise.resolve(found);
            return table.getMany({ ...req, keys: asked }).then((records) => {
              records.forEach((record, j) => (found[at[j]!] = record));
              return found;
            });
          },
          get(req: DBCoreGetRequest) {
            const keys = keysFor(req.trans);
            if (!keys || !isTracked(req.key) || keys.has(req.key)) return table.get(req);
            return Promise.resolve(undefined);
          },
        };
      },
    }),
  });
}

/**
 * The same Dexie storage with the add-on ({@link newStorageReads} unless another is given) added to its connections;
 * any other storage as it is (a wrapped Dexie storage too, whose wrapper must not be dropped; RxDB's memory storage in
 * a diagnostic).
 */
export function withNewStorageReads(
  storage: RxStorage<unknown, unknown>,
  addon: (db: Dexie) => void = newStorageReads,
): RxStorage<unknown, unknown> {
  if (!(storage instanceof RxStorageDexie)) return storage;
  // Dexie's default add-ons unless the storage names its own.
  const addons = storage.settings.addons ?? Dexie.addons;
  if (addons.includes(addon)) return storage;
  return getRxStorageDexie({ ...storage.settings, addons: [...addons, addon] }) as RxStorage<unknown, unknown>;
}

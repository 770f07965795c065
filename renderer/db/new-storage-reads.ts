import type { DBCore, DBCoreGetManyRequest, DBCoreGetRequest, DBCoreTable, Dexie } from 'dexie';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';

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
 * record; an empty table's written keys are kept, and `get`/`getMany` of any other key answer "absent" themselves.
 * A read inside a read-write transaction claims the keys it found absent, so that a second writer of the same new key
 * (another transaction, ordered after the first by IndexedDB) reads it from IndexedDB and sees the first one's record,
 * and its write is a conflict rather than an overwrite. Keys that are neither strings nor numbers are always read.
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
  /** Per table: the keys written or claimed since it was found empty; null once it is not known to hold only those. */
  const tables = new Map<string, Set<Key> | null>();

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
      table: (name: string): DBCoreTable => {
        const table = down.table(name);
        const keysOf = (): Set<Key> | null => tables.get(name) ?? null;
        const remember = (keys: Set<Key>, key: unknown): void => {
          if (!isTracked(key)) return;
          keys.add(key);
          if (keys.size > maxKeys) tables.set(name, null);
        };
        const claims = (trans: unknown) => (trans as { mode?: string }).mode === 'readwrite';
        return {
          ...table,
          mutate(req) {
            const keys = keysOf();
            if (keys && (req.type === 'add' || req.type === 'put')) {
              const extractKey = table.schema.primaryKey.extractKey;
              if (req.keys) for (const key of req.keys) remember(keys, key);
              else if (extractKey) for (const value of req.values) remember(keys, extractKey(value));
              // Keys IndexedDB generates itself cannot be known here: read everything from now on.
              else tables.set(name, null);
            }
            // Deletions only make records absent, which reads from IndexedDB then find.
            return table.mutate(req);
          },
          getMany(req: DBCoreGetManyRequest) {
            const keys = keysOf();
            if (!keys) return table.getMany(req);
            const claim = claims(req.trans);
            const asked: unknown[] = [];
            const at: number[] = [];
            req.keys.forEach((key: unknown, i) => {
              if (!isTracked(key) || keys.has(key)) {
                asked.push(key);
                at.push(i);
              } else if (claim) remember(keys, key);
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
            const keys = keysOf();
            if (!keys || !isTracked(req.key) || keys.has(req.key)) return table.get(req);
            if (claims(req.trans)) remember(keys, req.key);
            return Promise.resolve(undefined);
          },
        };
      },
    }),
  });
}

interface DexieSettings {
  addons?: Array<(db: Dexie) => void>;
  [setting: string]: unknown;
}

/**
 * The same Dexie storage with the add-on ({@link newStorageReads} unless another is given) added to its connections;
 * any other storage as it is (RxDB's memory storage in a diagnostic, say).
 */
export function withNewStorageReads(
  storage: RxStorage<unknown, unknown>,
  addon: (db: Dexie) => void = newStorageReads,
): RxStorage<unknown, unknown> {
  if (storage.name !== 'dexie') return storage;
  const settings = (storage as unknown as { settings: DexieSettings }).settings;
  const addons = settings.addons ?? [];
  if (addons.includes(addon)) return storage;
  return getRxStorageDexie({ ...settings, addons: [...addons, addon] } as never) as RxStorage<unknown, unknown>;
}

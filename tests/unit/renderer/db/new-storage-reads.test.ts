import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import {
  fillWithDefaultSettings,
  getRxReplicationMetaInstanceSchema,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase } from '../../../../renderer/db/create-database.ts';
import { wrappedNewStorageReads } from '../../../../renderer/db/new-storage-reads.ts';
import { makeCase } from '../../../helpers/cases.ts';

const KEY = 'counter-key-from-the-os-keychain';

interface Note {
  id: string;
  text: string;
}
const noteSchema = fillWithDefaultSettings({
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 40 }, text: { type: 'string' } },
  required: ['id', 'text'],
} as RxJsonSchema<Note>) as RxJsonSchema<never>;

/** Dexie on fake-indexeddb, counting the ids each read asks the storage for. */
function countedDexie(indexedDB: IDBFactory) {
  const asked: string[] = [];
  const dexie = getRxStorageDexie({ indexedDB, IDBKeyRange });
  const storage: RxStorage<unknown, unknown> = {
    ...dexie,
    async createStorageInstance(params) {
      const instance = (await dexie.createStorageInstance(params as never)) as RxStorageInstance<
        never,
        unknown,
        unknown
      >;
      const findDocumentsById = instance.findDocumentsById.bind(instance);
      instance.findDocumentsById = (ids, withDeleted) => {
        asked.push(...ids);
        return findDocumentsById(ids, withDeleted);
      };
      return instance as never;
    },
  } as RxStorage<unknown, unknown>;
  return { storage, asked };
}

const open = (storage: RxStorage<unknown, unknown>, multiInstance = false, databaseName = 'reads') =>
  storage.createStorageInstance({
    databaseName,
    collectionName: 'notes',
    schema: noteSchema,
    options: {},
    multiInstance,
    devMode: false,
    databaseInstanceToken: 'token',
  }) as unknown as Promise<RxStorageInstance<Note, unknown, unknown>>;

const note = (id: string, text: string) => ({
  document: { id, text, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: Date.now() } },
});

describe('reads of documents a new storage cannot hold', () => {
  it('are answered without the storage, while written documents are read from it', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const notes = await open(wrappedNewStorageReads({ storage }), false, 'skipped');
    expect(await notes.findDocumentsById(['n1', 'n2'], true)).toEqual([]);
    expect(asked).toEqual([]);
    await notes.bulkWrite([note('n1', 'first')], 'test');
    const found = await notes.findDocumentsById(['n1', 'n2'], true);
    expect(found.map((d) => [d.id, d.text])).toEqual([['n1', 'first']]);
    expect(asked).toEqual(['n1']);
    await notes.remove();
  });

  it('finds what another instance of the same storage in this window wrote', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const wrapped = wrappedNewStorageReads({ storage });
    const a = await open(wrapped, false, 'two-instances');
    const b = await open(wrapped, false, 'two-instances');
    await a.bulkWrite([note('n1', 'from a')], 'test');
    expect((await b.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['from a']);
    await a.close();
    await b.remove();
  });

  it('reads everything from the storage when other windows may write it (multiInstance)', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const shared = await open(wrappedNewStorageReads({ storage }), true, 'other-windows');
    // Written without the wrapper, as another window would, after this one found the storage empty.
    const behind = await open(storage, false, 'other-windows');
    await behind.bulkWrite([note('n1', 'written elsewhere')], 'test');
    expect((await shared.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['written elsewhere']);
    await shared.close();
    await behind.remove();
  });

  it('reads everything from a storage that held documents at opening, tombstones alone included', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const behind = await open(storage, false, 'held');
    await behind.bulkWrite([{ document: { ...note('n1', 'deleted').document, _deleted: true } }], 'test');
    const reopened = await open(wrappedNewStorageReads({ storage }), false, 'held');
    expect((await reopened.findDocumentsById(['n1', 'n2'], true)).map((d) => [d.id, d._deleted])).toEqual([
      ['n1', true],
    ]);
    expect(asked).toEqual(['n1', 'n2']);
    await reopened.close();
    await behind.remove();
  });

  it('has an instance opened while another is still checking the storage wait for that check', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const behind = await open(storage, false, 'racing');
    await behind.bulkWrite([note('n1', 'there before')], 'test');
    const wrapped = wrappedNewStorageReads({ storage });
    const opening = open(wrapped, false, 'racing');
    const b = await open(wrapped, false, 'racing');
    expect((await b.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['there before']);
    const a = await opening;
    expect((await a.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['there before']);
    await a.close();
    await b.close();
    await behind.remove();
  });

  it('finds the sync’s records, whose id is composed of two fields', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const meta = (await wrappedNewStorageReads({ storage }).createStorageInstance({
      databaseName: 'reads',
      collectionName: 'notes-meta',
      schema: fillWithDefaultSettings(getRxReplicationMetaInstanceSchema(noteSchema as never, false)) as never,
      options: {},
      multiInstance: false,
      devMode: false,
      databaseInstanceToken: 'token',
    })) as RxStorageInstance<Record<string, unknown>, unknown, unknown>;
    const row = {
      id: 'n1|0',
      itemId: 'n1',
      isCheckpoint: '0',
      docData: { id: 'n1', text: 'as the hub has it', _deleted: false },
      _deleted: false,
      _attachments: {},
      _rev: '1-a',
      _meta: { lwt: Date.now() },
    };
    await meta.bulkWrite([{ document: row }], 'test');
    expect((await meta.findDocumentsById(['n1|0'], true)).map((d) => d.itemId)).toEqual(['n1']);
    await meta.remove();
  });

  it('is left out of a database that another tab may open too (soleWindow: false, a browser tab)', async () => {
    const asked: Record<string, string[]> = {};
    for (const soleWindow of [true, false]) {
      const counted = countedDexie(new IDBFactory());
      const db = await createDatabase({
        storage: counted.storage,
        name: `tab-${soleWindow}`,
        encryptionKey: KEY,
        collections: ['cases'],
        soleWindow,
      });
      counted.asked.length = 0;
      await db.cases.findByIds(['no-such-case']).exec();
      asked[String(soleWindow)] = [...counted.asked];
      await db.remove();
    }
    expect(asked).toEqual({ true: [], false: ['no-such-case'] });
  });

  it('leaves a counter reopened with its cases finding them, deleted ones too', async () => {
    const indexedDB = new IDBFactory();
    const openCounter = () =>
      createDatabase({
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name: 'counter-reopened',
        encryptionKey: KEY,
        collections: ['cases'],
      });
    const kept = makeCase({ siteCode: 'DX', sequence: 1 });
    const removed = makeCase({ siteCode: 'DX', sequence: 2 });
    const first = await openCounter();
    await first.cases.bulkInsert([kept, removed]);
    await (await first.cases.findOne(removed.id).exec())!.remove();
    await first.close();

    const db = await openCounter();
    expect((await db.cases.findOne(kept.id).exec())?.caseNumber).toBe(kept.caseNumber);
    const stored = await db.cases.storageInstance.findDocumentsById([kept.id, removed.id], true);
    expect(stored.map((d) => [d.id, d._deleted]).sort()).toEqual(
      [
        [kept.id, false],
        [removed.id, true],
      ].sort(),
    );
    // And a change to a found case is an update of it, not a second case.
    await (await db.cases.findOne(kept.id).exec())!.incrementalPatch({ status: 'cancelled' });
    expect(await db.cases.count().exec()).toBe(1);
    await db.remove();
  });
});

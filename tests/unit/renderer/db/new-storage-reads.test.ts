import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import {
  fillWithDefaultSettings,
  getRxReplicationMetaInstanceSchema,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstance,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createDatabase } from '../../../../renderer/db/create-database.ts';
import {
  newStorageReads,
  newStorageReadsAddon,
  withNewStorageReads,
} from '../../../../renderer/db/new-storage-reads.ts';
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

/** A Dexie add-on recording the keys each read of a `docs` table asks IndexedDB itself for. */
function countingReads(asked: unknown[], table = 'docs') {
  return (db: Dexie) =>
    db.use({
      stack: 'dbcore',
      name: 'CountingReads',
      // Below everything else: what reaches IndexedDB.
      level: -100,
      create: (down: DBCore): Partial<DBCore> => ({
        table: (name: string): DBCoreTable => {
          const inner = down.table(name);
          if (name !== table) return inner;
          return {
            ...inner,
            getMany: (req) => (asked.push(...req.keys), inner.getMany(req)),
            get: (req) => (asked.push(req.key), inner.get(req)),
          };
        },
      }),
    });
}

/** Dexie on fake-indexeddb, recording the keys of documents each read asks IndexedDB itself for. */
function countedDexie(indexedDB: IDBFactory) {
  const asked: unknown[] = [];
  const storage = getRxStorageDexie({ indexedDB, IDBKeyRange, addons: [countingReads(asked)] }) as RxStorage<
    unknown,
    unknown
  >;
  return { storage, asked };
}

const open = (storage: RxStorage<unknown, unknown>, databaseName: string) =>
  storage.createStorageInstance({
    databaseName,
    collectionName: 'notes',
    schema: noteSchema,
    options: {},
    multiInstance: false,
    devMode: false,
    databaseInstanceToken: 'token',
  }) as unknown as Promise<RxStorageInstance<Note, unknown, unknown>>;

const note = (id: string, text: string) => ({
  document: { id, text, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: Date.now() } },
});

describe('reads of records a new IndexedDB table cannot hold', () => {
  it('are answered without IndexedDB, the write’s own read included, while written records are read from it', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const notes = await open(withNewStorageReads(storage), 'skipped');
    expect(await notes.findDocumentsById(['n1', 'n2'], true)).toEqual([]);
    // RxDB's Dexie storage reads every document it writes, to tell an insert from an update.
    expect((await notes.bulkWrite([note('n1', 'first')], 'test')).error).toEqual([]);
    expect(asked).toEqual([]);
    const found = await notes.findDocumentsById(['n1', 'n2'], true);
    expect(found.map((d) => [d.id, d.text])).toEqual([['n1', 'first']]);
    expect(asked).toEqual(['n1']);
    await notes.remove();
  });

  it('reads a written record inside its update, which replaces it', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const notes = await open(withNewStorageReads(storage), 'updated');
    const first = note('n1', 'first').document;
    await notes.bulkWrite([{ document: first }], 'test');
    const result = await notes.bulkWrite(
      [{ previous: first, document: { ...first, text: 'second', _rev: '2-b', _meta: { lwt: Date.now() } } }],
      'test',
    );
    expect(result.error).toEqual([]);
    expect(asked).toEqual(['n1']);
    expect((await notes.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['second']);
    await notes.remove();
  });

  it('makes the second of two writers of the same new record a conflict, not an overwrite', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const notes = await open(withNewStorageReads(storage), 'two-writers');
    const [a, b] = await Promise.all([
      notes.bulkWrite([note('n1', 'from a')], 'test'),
      notes.bulkWrite([note('n1', 'from b')], 'test'),
    ]);
    expect([a.error.length, b.error.length]).toEqual([0, 1]);
    expect(b.error[0]?.status).toBe(409);
    expect((await notes.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['from a']);
    await notes.remove();
  });

  it('reads from IndexedDB while another writer is unfinished, whichever reads first', async () => {
    // Two transactions that each insert a record unless it is there: IndexedDB runs the one created first first, so
    // the second must meet its record, even when it is the first to ask.
    const outcomes: Record<string, string[]> = {};
    for (const [way, addons] of Object.entries({ plain: [], addOn: [newStorageReads] })) {
      const db = new Dexie(`order-${way}`, { indexedDB: new IDBFactory(), IDBKeyRange, addons });
      db.version(1).stores({ notes: 'id' });
      const notes = db.table('notes');
      const insertUnlessThere = (writer: string, ticksFirst: number) =>
        db.transaction('rw', notes, async () => {
          for (let i = 0; i < ticksFirst; i++) await Dexie.Promise.resolve();
          const there = (await notes.get('n1')) as { by: string } | undefined;
          if (there) return `${writer} met ${there.by}`;
          await notes.put({ id: 'n1', by: writer });
          return `${writer} inserted`;
        });
      outcomes[way] = await Promise.all([insertUnlessThere('first', 3), insertUnlessThere('second', 0)]);
      db.close();
    }
    expect(outcomes).toEqual({
      plain: ['first inserted', 'second met first'],
      addOn: ['first inserted', 'second met first'],
    });
  });

  it('has a read-only read during a write find what the write asked to store, and answer the rest itself', async () => {
    const asked: unknown[] = [];
    const db = new Dexie('reading-while-writing', {
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      addons: [countingReads(asked, 'notes'), newStorageReads],
    });
    db.version(1).stores({ notes: 'id' });
    const notes = db.table('notes');
    await db.open();
    let reading: Promise<unknown[]> = Promise.resolve([]);
    await db.transaction('rw', notes, async () => {
      await notes.put({ id: 'n1', text: 'being written' });
      // Outside the write, while it is unfinished: IndexedDB runs the read after it.
      reading = Dexie.ignoreTransaction(() => db.transaction('r', notes, () => notes.bulkGet(['n1', 'n2'])));
      for (let i = 0; i < 3; i++) await Dexie.Promise.resolve();
    });
    expect(await reading).toEqual([{ id: 'n1', text: 'being written' }, undefined]);
    expect(asked).toEqual(['n1']);
    db.close();
  });

  it('finds records whose key the table generates, or takes from the record whatever key the write names', async () => {
    const db = new Dexie('keys', { indexedDB: new IDBFactory(), IDBKeyRange, addons: [newStorageReads] });
    db.version(1).stores({ counted: '++seq', named: 'id' });
    const seq = await db.table('counted').add({ text: 'numbered by IndexedDB' });
    expect(await db.table('counted').get(seq)).toMatchObject({ text: 'numbered by IndexedDB' });
    expect(await db.table('counted').bulkGet([seq])).toMatchObject([{ text: 'numbered by IndexedDB' }]);
    // Dexie hands the write its key beside the record; IndexedDB stores the record under the record's own id.
    await db.table('named').put({ id: 'a', text: 'stored under its own id' }, 'b');
    expect(await db.table('named').get('a')).toMatchObject({ text: 'stored under its own id' });
    db.close();
  });

  it('leaves a storage that wraps Dexie as it is, wrapper and all', () => {
    const wrapped = wrappedValidateAjvStorage({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
    });
    expect(withNewStorageReads(wrapped as never)).toBe(wrapped);
  });

  it('finds what another instance of the same storage in this window wrote', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const wrapped = withNewStorageReads(storage);
    const a = await open(wrapped, 'two-instances');
    const b = await open(wrapped, 'two-instances');
    await a.bulkWrite([note('n1', 'from a')], 'test');
    expect((await b.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['from a']);
    await a.close();
    await b.remove();
  });

  it('reads everything from a table that held records at opening, tombstones alone included', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const behind = await open(storage, 'held');
    await behind.bulkWrite([{ document: { ...note('n1', 'deleted').document, _deleted: true } }], 'test');
    await behind.close();
    asked.length = 0;
    const reopened = await open(withNewStorageReads(storage), 'held');
    expect((await reopened.findDocumentsById(['n1', 'n2'], true)).map((d) => [d.id, d._deleted])).toEqual([
      ['n1', true],
    ]);
    expect(asked).toEqual(['n1', 'n2']);
    await reopened.remove();
  });

  it('has two instances opening at once on a table that held records both read it', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const behind = await open(storage, 'racing');
    await behind.bulkWrite([note('n1', 'there before')], 'test');
    await behind.close();
    const wrapped = withNewStorageReads(storage);
    const [a, b] = await Promise.all([open(wrapped, 'racing'), open(wrapped, 'racing')]);
    expect((await b.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['there before']);
    expect((await a.findDocumentsById(['n1'], true)).map((d) => d.text)).toEqual(['there before']);
    await a.close();
    await b.remove();
  });

  it('reads everything once a table was written more keys than it keeps', async () => {
    const { storage, asked } = countedDexie(new IDBFactory());
    const notes = await open(withNewStorageReads(storage, newStorageReadsAddon({ maxKeys: 2 })), 'many');
    await notes.bulkWrite([note('n1', 'one'), note('n2', 'two'), note('n3', 'three')], 'test');
    asked.length = 0;
    expect(await notes.findDocumentsById(['n4'], true)).toEqual([]);
    expect(asked).toEqual(['n4']);
    await notes.remove();
  });

  it('finds the sync’s records, whose id is composed of two fields', async () => {
    const { storage } = countedDexie(new IDBFactory());
    const meta = (await withNewStorageReads(storage).createStorageInstance({
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

  it('is left out where another window may write the database (a browser tab, or multiInstance)', async () => {
    const asked: Record<string, unknown[]> = {};
    const ways = { sole: {}, tab: { soleWindow: false }, multiInstance: { multiInstance: true } };
    for (const [way, options] of Object.entries(ways)) {
      const counted = countedDexie(new IDBFactory());
      const db = await createDatabase({
        storage: counted.storage,
        name: `window-${way.toLowerCase()}`,
        encryptionKey: KEY,
        collections: ['cases'],
        ...options,
      });
      counted.asked.length = 0;
      await db.cases.findByIds(['no-such-case']).exec();
      asked[way] = [...counted.asked];
      await db.remove();
    }
    expect(asked).toEqual({ sole: [], tab: ['no-such-case'], multiInstance: ['no-such-case'] });
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

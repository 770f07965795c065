import { describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getSingleDocument } from 'rxdb';
import type { RxMigrationStatusDocument } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxJsonSchemaLike } from '../../../../shared/schemas/rx.ts';
import type { Case } from '../../../../shared/schemas/index.ts';
import type * as Collections from '../../../../shared/schemas/collections.ts';

/**
 * The counter's database as the previous release made it: `cases` at schema version 0. The app opens the database
 * through `createDatabase` with whatever storage stack it uses (encryption, key compression), so the old database is
 * made through the same function with the v0 schema swapped in, not by a copy of that stack that could drift from it.
 */
const oldSchema = vi.hoisted(() => ({ cases: null as RxJsonSchemaLike | null }));
vi.mock('../../../../shared/schemas/collections.ts', async (importOriginal) =>
  (await import('../../../helpers/cases-schemas.ts')).withCasesSchema(
    await importOriginal<typeof Collections>(),
    oldSchema,
  ),
);

const { createDatabase, MIGRATION_STRATEGIES } = await import('../../../../renderer/db/create-database.ts');
const { COLLECTIONS } = await import('../../../../shared/schemas/index.ts');
const { acceptCase, forwardToBackOffice, recordPayment } = await import('../../../../shared/domain/case/index.ts');
const { makeCase } = await import('../../../helpers/cases.ts');
const { casesSchemaAt } = await import('../../../helpers/cases-schemas.ts');
const { withRawRows } = await import('../../../helpers/raw-indexeddb.ts');
const { FieldDecryptionError, SHARED_CIPHER_PREFIX } = await import('../../../../renderer/db/field-encryption.ts');

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as Case;

describe('the cases collection, from earlier versions to 2', () => {
  it.each([0, 1] as const)(
    'opens a counter database written with version %i, with every case readable and unchanged',
    async (version) => {
      const indexedDB = new IDBFactory();
      const open = () =>
        createDatabase({
          storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
          name: `counter-upgrade-v${version}`,
          encryptionKey: 'counter-key-from-the-os-keychain',
          collections: ['cases'],
        });
      const island = { officerId: 'officer-dx', siteCode: 'DX' };
      const accepted = makeCase({ siteCode: 'DX', sequence: 1 });
      const paid = recordPayment(makeCase({ siteCode: 'DX', sequence: 2 }), island, {
        amountFen: 12000,
        method: 'cash',
      });
      const forwarded = forwardToBackOffice(makeCase({ siteCode: 'DX', sequence: 3 }), island, {
        toSiteCode: 'HT',
        note: '请审批',
      });
      const before = [accepted, paid, forwarded];

      oldSchema.cases = casesSchemaAt(version, COLLECTIONS.cases.rxSchema);
      const old = await open();
      expect(old.cases.schema.version).toBe(version);
      expect(old.cases.schema.jsonSchema.keyCompression).toBe(true);
      await old.cases.bulkInsert(before);
      await old.close();

      oldSchema.cases = null;
      const v2 = await open();
      expect(v2.cases.schema.version).toBe(2);
      expect(v2.cases.schema.jsonSchema.keyCompression).toBe(false);
      const after = (await v2.cases.find().exec()).map((doc) => plain(doc.toJSON()));
      expect(after.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber))).toEqual(before.map(plain));
      // The personal data is still readable, so the encryption key and the migrated documents match.
      expect((await v2.cases.findOne(paid.id).exec())?.applicant.idNumber).toBe(paid.applicant.idNumber);
      // Queries through the indexes find them (the stored field names changed with key compression gone).
      expect((await v2.cases.findOne({ selector: { caseNumber: paid.caseNumber } }).exec())?.id).toBe(paid.id);
      expect(await v2.cases.count({ selector: { status: paid.status } }).exec()).toBeGreaterThan(0);

      // And the new version stores what version 0 could not: a case with a supervisor's override.
      const overridden = acceptCase({
        caseNumber: 'DX-20261126-01-0004',
        siteCode: 'DX',
        counter: 1,
        officerId: 'officer-dx',
        at: '2026-11-26T03:00:00.000Z',
        applicant: accepted.applicant,
        items: accepted.items,
        overrides: [
          {
            supervisorId: 'dx-chen',
            businessType: 'exit-entry',
            serviceCodes: ['EE-PASSPORT-RENEW'],
            authorisedAt: '2026-11-26T02:59:40.000Z',
          },
        ],
        officers: new Map([
          ['dx-chen', { id: 'dx-chen', role: 'supervisor', authorisedBusinessTypes: ['exit-entry'] }],
        ]),
      });
      await v2.cases.insert(overridden);
      expect(plain((await v2.cases.findOne(overridden.id).exec())?.toJSON())).toEqual(plain(overridden));
      await v2.remove();
    },
  );

  // The migration opens the old version's storage next to the new one's; the copies must follow the new one, also
  // when a version changed no property (as a change of storage options would not).
  const oldVersions: Array<[string, () => RxJsonSchemaLike]> = [
    ['version 1', () => casesSchemaAt(1, COLLECTIONS.cases.rxSchema)],
    ['a version 1 with the same properties', () => ({ ...structuredClone(COLLECTIONS.cases.rxSchema), version: 1 })],
  ];
  it.each(oldVersions)(
    'after an upgrade from %s, stores a pulled case’s replication copy with the case’s own sealed value',
    async (_name, schemaOf) => {
      const indexedDB = new IDBFactory();
      const open = () =>
        createDatabase({
          storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
          name: 'counter-upgrade-copies',
          encryptionKey: 'counter-key-from-the-os-keychain',
          collections: ['cases'],
        });
      oldSchema.cases = schemaOf();
      const old = await open();
      await old.cases.insert(makeCase({ siteCode: 'DX', sequence: 1 }));
      await old.close();
      oldSchema.cases = null;
      const db = await open();
      const pulled = makeCase({ siteCode: 'DX', sequence: 2 });
      const replication = replicateRxCollection<Case, { n: number }>({
        collection: db.cases,
        replicationIdentifier: 'hub-cases',
        live: false,
        pull: {
          handler: async (checkpoint) =>
            checkpoint
              ? { documents: [], checkpoint }
              : { documents: [{ ...pulled, _deleted: false }], checkpoint: { n: 1 } },
        },
        push: { handler: async () => [] },
      });
      await replication.awaitInitialReplication();
      await replication.cancel();
      await db.close();

      const stored: string[] = [];
      await withRawRows(indexedDB, 'counter-upgrade-copies', (row) => {
        if (!Object.values(row).includes(pulled.caseNumber) && !JSON.stringify(row).includes(pulled.caseNumber)) return;
        for (const value of Object.values(row)) if (typeof value === 'string') stored.push(value);
      });
      const caseValue = stored.find((value) => value.startsWith('v1.'));
      const copy = stored.find((value) => value.startsWith(SHARED_CIPHER_PREFIX));
      expect(caseValue).toBeDefined();
      expect(copy?.split('\n')[1]).toBe(caseValue);
    },
  );
});

describe('the migration’s copy of a counter’s data', () => {
  const KEY = 'counter-key-from-the-os-keychain';
  const openWith = (indexedDB: IDBFactory, name: string) => () =>
    createDatabase({
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      name,
      encryptionKey: KEY,
      collections: ['cases'],
    });
  type Stored = { _rev: string; lwt: number; deleted: boolean; caseNumber: string; idNumber: string };
  const storedState = async (db: Awaited<ReturnType<typeof createDatabase>>, ids: string[]) =>
    new Map(
      (await db.cases.storageInstance.findDocumentsById(ids, true)).map((doc): [string, Stored] => [
        doc.id,
        {
          _rev: doc._rev,
          lwt: doc._meta.lwt,
          deleted: doc._deleted,
          caseNumber: doc.caseNumber,
          idNumber: doc.applicant.idNumber,
        },
      ]),
    );

  it('keeps a synced counter where it was: tombstones, write times, revisions, the sync’s copies and checkpoint', async () => {
    const indexedDB = new IDBFactory();
    const open = openWith(indexedDB, 'counter-upgrade-synced');
    const pulled = [1, 2, 3].map((sequence) => makeCase({ siteCode: 'DX', counter: 2, sequence }));
    const pushed: Array<{ id: string; deleted: boolean; assumed: string | null }> = [];
    const pullCheckpoints: Array<{ n: number } | undefined> = [];
    const sync = (db: Awaited<ReturnType<typeof createDatabase>>) =>
      replicateRxCollection<Case, { n: number }>({
        collection: db.cases,
        replicationIdentifier: 'hub-cases',
        live: true,
        pull: {
          handler: async (checkpoint) => {
            pullCheckpoints.push(checkpoint);
            return checkpoint
              ? { documents: [], checkpoint }
              : { documents: pulled.map((c) => ({ ...c, _deleted: false })), checkpoint: { n: 3 } };
          },
        },
        push: {
          handler: async (rows) => {
            for (const row of rows)
              pushed.push({
                id: row.newDocumentState.id,
                deleted: row.newDocumentState._deleted,
                assumed: row.assumedMasterState?.caseNumber ?? null,
              });
            return [];
          },
        },
      });

    oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
    const old = await open();
    const before = sync(old);
    await before.awaitInitialReplication();
    const localPushed = makeCase({ siteCode: 'DX', sequence: 1 });
    await old.cases.insert(localPushed);
    await before.awaitInSync();
    await before.cancel();
    expect(pushed.map((p) => p.id)).toEqual([localPushed.id]);
    // Written after the sync stopped: the upgrade must not lose that these still have to go.
    const localUnpushed = makeCase({ siteCode: 'DX', sequence: 2 });
    await old.cases.insert(localUnpushed);
    await (await old.cases.findOne(pulled[0]!.id).exec())!.remove();
    const ids = [...pulled, localPushed, localUnpushed].map((c) => c.id);
    const stateBefore = await storedState(old, ids);
    expect(stateBefore.get(pulled[0]!.id)?.deleted).toBe(true);
    await old.close();

    oldSchema.cases = null;
    pushed.length = 0;
    pullCheckpoints.length = 0;
    const db = await open();
    expect(db.cases.schema.version).toBe(2);
    // Every document as it was, a tombstone still a tombstone, with its revision and write time (the sync's upstream
    // checkpoint points at write times).
    expect(await storedState(db, ids)).toEqual(stateBefore);
    expect((await db.cases.find().exec()).map((d) => d.id).sort()).toEqual(ids.slice(1).sort());
    // The progress RxDB reports reached everything it counted: the cases and the sync's copies of them.
    const migration = db.cases.getMigrationState();
    const { data: status } = (await getSingleDocument<RxMigrationStatusDocument>(
      db.internalStore,
      migration.statusDocId,
    ))!;
    expect(status.status).toBe('DONE');
    expect(status.count.total).toBeGreaterThanOrEqual(2 * ids.length);
    expect(status.count.handled).toBe(status.count.total);
    // The old version's storages are gone.
    let oldRows = 0;
    for (const part of ['counter-upgrade-synced--1--cases', 'counter-upgrade-synced--1--rx-replication-meta'])
      await withRawRows(indexedDB, part, () => oldRows++);
    expect(oldRows).toBe(0);

    // The sync goes on from where it was: it pulls from its checkpoint, and pushes the two unpushed changes only —
    // the deletion against the pulled state the hub holds.
    const after = sync(db);
    await after.awaitInitialReplication();
    await after.awaitInSync();
    await after.cancel();
    expect(pullCheckpoints[0]).toEqual({ n: 3 });
    expect(pushed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: localUnpushed.id, deleted: false, assumed: null },
        { id: pulled[0]!.id, deleted: true, assumed: pulled[0]!.caseNumber },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    await db.remove();
  });

  it('reports its progress from the start to the end: every case and every sync copy of one, page by page', async () => {
    const indexedDB = new IDBFactory();
    const progress: Array<{ collection: string; handled: number; total: number }> = [];
    const open = () =>
      createDatabase({
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name: 'counter-upgrade-progress',
        encryptionKey: KEY,
        collections: ['cases'],
        onMigrationProgress: (p) => progress.push(p),
      });
    const cases = Array.from({ length: 1_500 }, (_, k) =>
      makeCase({ siteCode: 'DX', counter: 1 + Math.floor(k / 999), sequence: (k % 999) + 1 }),
    );
    oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
    const old = await open();
    // The counter got its cases from the hub, so the sync keeps a copy of each (a "connected storage" of cases).
    const sync = replicateRxCollection<Case, { n: number }>({
      collection: old.cases,
      replicationIdentifier: 'hub-cases',
      live: false,
      pull: {
        handler: async (checkpoint, batchSize) => {
          const from = checkpoint?.n ?? 0;
          const documents = cases.slice(from, from + batchSize).map((c) => ({ ...c, _deleted: false }));
          return { documents, checkpoint: { n: from + documents.length } };
        },
      },
      // A sync that also pushes keeps the pulled state of each case (one that only pulls keeps none).
      push: { handler: async () => [] },
    });
    await sync.awaitInitialReplication();
    await sync.cancel();
    expect(await old.cases.count().exec()).toBe(cases.length);
    await old.close();
    // Opening a database that needs no migration reports nothing.
    expect(progress).toEqual([]);

    oldSchema.cases = null;
    const db = await open();
    const { total } = progress[0]!;
    expect(progress[0]).toEqual({ collection: 'cases', handled: 0, total });
    // The cases and the sync's copies of them.
    expect(total).toBeGreaterThanOrEqual(2 * cases.length);
    // Pages of at most 1,000: at least two for the cases and two for the copies.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    for (const [k, p] of progress.entries()) {
      expect(p.collection).toBe('cases');
      expect(p.total).toBe(total);
      if (k > 0) expect(p.handled).toBeGreaterThan(progress[k - 1]!.handled);
    }
    expect(progress.at(-1)!.handled).toBe(total);
    // The same counts RxDB keeps in its status document.
    const { data: status } = (await getSingleDocument<RxMigrationStatusDocument>(
      db.internalStore,
      db.cases.getMigrationState().statusDocId,
    ))!;
    expect(status.count).toMatchObject({ handled: total, total });
    expect(await db.cases.count().exec()).toBe(cases.length);
    await db.remove();
  });

  it('after a migration that failed part-way, the next start finishes it with every case once and as it was', async () => {
    const indexedDB = new IDBFactory();
    const open = openWith(indexedDB, 'counter-upgrade-interrupted');
    const cases = Array.from({ length: 1_500 }, (_, k) =>
      makeCase({ siteCode: 'DX', counter: 1 + Math.floor(k / 999), sequence: (k % 999) + 1 }),
    );
    oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
    const old = await open();
    await old.cases.bulkInsert(cases);
    const stateBefore = await storedState(
      old,
      cases.map((c) => c.id),
    );
    await old.close();

    oldSchema.cases = null;
    const strategy = MIGRATION_STRATEGIES.cases[2]!;
    let calls = 0;
    MIGRATION_STRATEGIES.cases[2] = (doc: never) => {
      // The second page of the copy fails: the first 1,000 are in the new version already.
      if (++calls === 1_200) throw new Error('the counter was switched off');
      return strategy(doc);
    };
    try {
      await expect(open()).rejects.toThrow(/本地数据升级未完成（cases）：the counter was switched off。数据没有丢失/);
    } finally {
      MIGRATION_STRATEGIES.cases[2] = strategy;
    }

    // The retry starts its count over: the start screen shows 1,000, then 1,500 of 1,500, not 2,500.
    const progress: string[] = [];
    const db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      name: 'counter-upgrade-interrupted',
      encryptionKey: KEY,
      collections: ['cases'],
      onMigrationProgress: (p) => progress.push(`${p.handled}/${p.total}`),
    });
    expect(progress).toEqual(['0/1500', '1000/1500', '1500/1500']);
    expect(await db.cases.count().exec()).toBe(cases.length);
    expect(
      await storedState(
        db,
        cases.map((c) => c.id),
      ),
    ).toEqual(stateBefore);
    await db.remove();
  });

  it('moves a case whose personal data no longer decrypts as it is, so one damaged record does not stop the upgrade', async () => {
    const indexedDB = new IDBFactory();
    const open = openWith(indexedDB, 'counter-upgrade-damaged');
    const cases = [1, 2, 3].map((sequence) => makeCase({ siteCode: 'DX', sequence }));
    const damaged = cases[1]!;
    oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
    const old = await open();
    await old.cases.bulkInsert(cases);
    await old.close();
    // One bit of the damaged case's stored value flipped (the version before the upgrade could not read it either).
    let flipped = 0;
    await withRawRows(indexedDB, 'counter-upgrade-damaged--1--cases', (row, put) => {
      if (!JSON.stringify(row).includes(damaged.caseNumber)) return;
      for (const [field, value] of Object.entries(row))
        if (typeof value === 'string' && value.startsWith('v1.')) {
          put({ ...row, [field]: value.slice(0, 30) + (value[30] === 'A' ? 'B' : 'A') + value.slice(31) });
          flipped++;
        }
    });
    expect(flipped).toBe(1);

    oldSchema.cases = null;
    const db = await open();
    expect(db.cases.schema.version).toBe(2);
    // The other cases are there as they were; the damaged one is kept, still refused by name rather than dropped or
    // read as garbage.
    expect(plain((await db.cases.findOne(cases[0]!.id).exec())?.toJSON())).toEqual(plain(cases[0]));
    expect(plain((await db.cases.findOne(cases[2]!.id).exec())?.toJSON())).toEqual(plain(cases[2]));
    const error = await db.cases
      .findOne(damaged.id)
      .exec()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect((error as Error).message).toContain(damaged.id);
    expect(await db.cases.count().exec()).toBe(cases.length);
    // The upgrade is complete: the old version's storage is gone.
    let oldRows = 0;
    await withRawRows(indexedDB, 'counter-upgrade-damaged--1--cases', () => oldRows++);
    expect(oldRows).toBe(0);
    await db.remove();
  });
});

import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, fillWithDefaultSettings, type RxJsonSchema, type RxStorageInstance } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { wrappedKeyCompressionStorage } from 'rxdb/plugins/key-compression';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  createDatabase,
  type TongbanCollections,
  type TongbanDatabase,
} from '../../../../renderer/db/create-database.ts';
import {
  CRYPTO_JS_CIPHER_PREFIX,
  FIELD_CIPHER_PREFIX,
  FieldDecryptionError,
  sealAhead,
  SHARED_CIPHER_PREFIX,
  wrappedFieldEncryptionStorage,
} from '../../../../renderer/db/field-encryption.ts';
import { pageSealer, type SealRequest } from '../../../../renderer/db/field-sealer.ts';
import { cancelCase } from '../../../../shared/domain/case/index.ts';
import { COLLECTIONS, type Appointment, type Case } from '../../../../shared/schemas/index.ts';
import { makeCase, residentId } from '../../../helpers/cases.ts';
import { withRawRows, type Row } from '../../../helpers/raw-indexeddb.ts';

const KEY = 'counter-key-from-the-os-keychain';
const COLLECTIONS_USED = ['cases', 'appointments'] as const;

function open(indexedDB: IDBFactory, name: string, encryptionKey = KEY): Promise<TongbanDatabase> {
  return createDatabase({
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    name,
    encryptionKey,
    collections: COLLECTIONS_USED,
  });
}

/** The cases storage as the app stores it, on its own: field encryption over Dexie on fake-indexeddb. */
async function sealedCases(databaseName: string) {
  const storage = wrappedFieldEncryptionStorage({
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
  });
  return (await storage.createStorageInstance({
    databaseName,
    collectionName: 'cases',
    schema: fillWithDefaultSettings(COLLECTIONS.cases.rxSchema as never) as never,
    options: {},
    multiInstance: false,
    devMode: false,
    databaseInstanceToken: 'token',
    password: KEY,
  })) as unknown as RxStorageInstance<Case, unknown, unknown> & {
    originalStorageInstance: RxStorageInstance<unknown, unknown, unknown>;
  };
}

function appointment(n: number): Appointment {
  return {
    id: `0193a5c2-7e4b-7c3d-8f00-${String(n).padStart(12, '0')}`,
    siteCode: 'DX',
    serviceCode: 'EE-PASSPORT-RENEW',
    date: '2026-11-27',
    slotStart: '2026-11-27T01:30:00.000Z',
    applicantName: `陈${n}`,
    idType: 'resident-id',
    idNumber: residentId(4_000 + n),
    mobile: `137${String(60_000_000 + n).padStart(8, '0')}`,
    status: 'booked',
    channel: 'online',
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
  };
}

/** The stored rows of the cases collection (not RxDB's internal or replication stores). */
async function rawCaseRows(indexedDB: IDBFactory): Promise<Row[]> {
  const rows: Row[] = [];
  await withRawRows(indexedDB, '--cases', (row) => rows.push(row));
  return rows.filter((row) => Object.values(row).some((v) => typeof v === 'string' && v.includes('-20261126-')));
}

const ciphertextsOf = (row: Row) =>
  Object.entries(row).filter(([, v]) => typeof v === 'string' && /^(v1\.|U2FsdGVkX1)/.test(v)) as [string, string][];

/** Replaces the ciphertext of the stored case whose row holds `caseNumber`. */
async function changeStoredCiphertext(
  indexedDB: IDBFactory,
  caseNumber: string,
  change: (ciphertext: string) => string,
): Promise<void> {
  let changed = 0;
  await withRawRows(indexedDB, '--cases', (row, put) => {
    if (!Object.values(row).includes(caseNumber)) return;
    for (const [field, value] of ciphertextsOf(row)) {
      put({ ...row, [field]: change(value) });
      changed++;
    }
  });
  expect(changed).toBe(1);
}

describe('wrappedFieldEncryptionStorage', () => {
  it('gives back cases and appointments as written, after an update and after reopening the database', async () => {
    const indexedDB = new IDBFactory();
    let db = await open(indexedDB, 'round-trip');
    const first = makeCase({ siteCode: 'DX', sequence: 1 });
    const second = makeCase({ siteCode: 'DX', sequence: 2 });
    // What the app's live views see: the change events of a write carry the plain values too.
    const inserted: unknown[] = [];
    const subscription = db.cases.insert$.subscribe((event) => inserted.push(event.documentData));
    await db.cases.bulkInsert([first, second]);
    subscription.unsubscribe();
    expect(inserted).toEqual([first, second].map((c) => expect.objectContaining(c)));
    await db.appointments.insert(appointment(1));
    const cancelled = cancelCase(second, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
    const updated: Array<{ now: unknown; before: unknown }> = [];
    const updates = db.cases.update$.subscribe((event) =>
      updated.push({ now: event.documentData, before: event.previousDocumentData }),
    );
    await db.cases.upsert(cancelled);
    updates.unsubscribe();
    // Heard by the time the write returns, both states in plain (the state before is read back from storage).
    expect(updated).toEqual([{ now: expect.objectContaining(cancelled), before: expect.objectContaining(second) }]);
    expect((await db.cases.findOne(first.id).exec())?.toJSON()).toEqual(first);
    await db.close();

    db = await open(indexedDB, 'round-trip');
    expect((await db.cases.findOne(first.id).exec())?.toJSON()).toEqual(first);
    expect((await db.cases.findOne(second.id).exec())?.toJSON()).toEqual(cancelled);
    expect((await db.appointments.findOne(appointment(1).id).exec())?.toJSON()).toEqual(appointment(1));
    await db.remove();
  });

  it('hands on a write’s change events, decrypted, before the write returns', async () => {
    const cases = await sealedCases('events');
    const heard: Array<{ operation: string; now: unknown; before: unknown }> = [];
    const subscription = cases
      .changeStream()
      .subscribe((bulk) =>
        heard.push(
          ...bulk.events.map((e) => ({ operation: e.operation, now: e.documentData, before: e.previousDocumentData })),
        ),
      );
    const original = makeCase({ siteCode: 'DX', sequence: 7 });
    const stored = { ...original, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: Date.now() } };
    await cases.bulkWrite([{ document: stored }], 'test');
    expect(heard.map((e) => e.operation)).toEqual(['INSERT']);
    const cancelled = cancelCase(original, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
    // An update's event carries the state before as well, so it is handed on after a step of its own: the write
    // waits for it.
    const [before] = await cases.findDocumentsById([original.id], false);
    await cases.bulkWrite(
      [
        {
          previous: before!,
          document: { ...cancelled, _deleted: false, _attachments: {}, _rev: '2-b', _meta: { lwt: Date.now() } },
        },
      ],
      'test',
    );
    expect(heard.map((e) => e.operation)).toEqual(['INSERT', 'UPDATE']);
    expect(heard[1]).toMatchObject({
      now: { status: 'cancelled', applicant: original.applicant },
      before: { applicant: original.applicant },
    });
    subscription.unsubscribe();
    await cases.remove();
  });

  it('keeps writing after a listener leaves while a change event of its was being handed on', async () => {
    const cases = await sealedCases('listener-leaves');
    const row = (c: Case, rev: string) => ({
      ...c,
      _deleted: false,
      _attachments: {},
      _rev: rev,
      _meta: { lwt: Date.now() },
    });
    const original = makeCase({ siteCode: 'DX', sequence: 7 });
    await cases.bulkWrite([{ document: row(original, '1-a') }], 'test');
    // A listener that leaves (a replication cancelled, say) just as the update's event is heard beneath.
    const listener = cases.changeStream().subscribe(() => undefined);
    const beneath = cases.originalStorageInstance.changeStream().subscribe(() => {
      listener.unsubscribe();
      beneath.unsubscribe();
    });
    const [before] = await cases.findDocumentsById([original.id], false);
    const cancelled = cancelCase(original, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
    const within = (write: Promise<unknown>) =>
      Promise.race([write.then(() => 'written'), new Promise((resolve) => setTimeout(() => resolve('stuck'), 2_000))]);
    expect(await within(cases.bulkWrite([{ previous: before!, document: row(cancelled, '2-b') }], 'test'))).toBe(
      'written',
    );
    const next = makeCase({ siteCode: 'DX', sequence: 8 });
    expect(await within(cases.bulkWrite([{ document: row(next, '1-c') }], 'test'))).toBe('written');
    await cases.remove();
  });

  it('stores one AES-GCM value per case and none of its personal data in clear', async () => {
    const indexedDB = new IDBFactory();
    const db = await open(indexedDB, 'at-rest');
    const stored = makeCase({ siteCode: 'DX', sequence: 3 });
    await db.cases.insert(stored);
    await db.appointments.insert(appointment(3));
    await db.close();

    const rows = await rawCaseRows(indexedDB);
    expect(rows).toHaveLength(1);
    const ciphertexts = ciphertextsOf(rows[0]!);
    expect(ciphertexts).toHaveLength(1);
    expect(ciphertexts[0]![1]).toMatch(/^v1\.[A-Za-z0-9+/]+={0,2}$/);

    let raw = '';
    await withRawRows(indexedDB, 'at-rest', (row) => (raw += JSON.stringify(row)));
    expect(raw).toContain(stored.caseNumber);
    expect(raw).not.toContain(CRYPTO_JS_CIPHER_PREFIX);
    const secrets = [
      stored.applicant.idNumber,
      stored.applicant.name,
      stored.applicant.mobile,
      stored.applicant.address!,
      stored.events[0]!.id,
      appointment(3).idNumber,
      appointment(3).mobile,
    ];
    for (const secret of secrets) expect(raw).not.toContain(secret);
  });

  it('opens a database written by RxDB’s crypto-js plugin and stores what it changes in the new format', async () => {
    const indexedDB = new IDBFactory();
    const legacy = await createRxDatabase<Pick<TongbanCollections, 'cases' | 'appointments'>>({
      name: 'from-crypto-js',
      storage: wrappedKeyEncryptionCryptoJsStorage({
        storage: wrappedKeyCompressionStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }),
      }),
      password: KEY,
      multiInstance: false,
    });
    await legacy.addCollections({
      cases: { schema: COLLECTIONS.cases.rxSchema as unknown as RxJsonSchema<Case> },
      appointments: { schema: COLLECTIONS.appointments.rxSchema as unknown as RxJsonSchema<Appointment> },
    });
    const cases = [4, 5, 6].map((sequence) => makeCase({ siteCode: 'DX', sequence }));
    await legacy.cases.bulkInsert(cases);
    await legacy.appointments.insert(appointment(4));
    await legacy.close();
    const legacyRows = await rawCaseRows(indexedDB);
    expect(legacyRows.flatMap(ciphertextsOf).map(([, v]) => v.slice(0, 10))).toEqual(
      Array(6).fill(CRYPTO_JS_CIPHER_PREFIX), // applicant and events, each on its own
    );

    const db = await open(indexedDB, 'from-crypto-js');
    const read = await db.cases.find({ sort: [{ caseNumber: 'asc' }] }).exec();
    expect(read.map((doc) => doc.toJSON())).toEqual(cases);
    expect((await db.appointments.findOne(appointment(4).id).exec())?.toJSON()).toEqual(appointment(4));
    const cancelled = cancelCase(cases[0]!, { officerId: 'officer-dx', siteCode: 'DX' }, '重复受理');
    await db.cases.upsert(cancelled);
    await db.close();

    const rows = await rawCaseRows(indexedDB);
    const formatOf = (caseNumber: string) =>
      ciphertextsOf(rows.find((row) => Object.values(row).includes(caseNumber))!).map(([, v]) => v.slice(0, 3));
    expect(formatOf(cases[0]!.caseNumber)).toEqual([FIELD_CIPHER_PREFIX]);
    expect(formatOf(cases[1]!.caseNumber)).toEqual(['U2F', 'U2F']);

    const reopened = await open(indexedDB, 'from-crypto-js');
    expect((await reopened.cases.findOne(cases[0]!.id).exec())?.toJSON()).toEqual(cancelled);
    expect((await reopened.cases.findOne(cases[1]!.id).exec())?.toJSON()).toEqual(cases[1]);
    await reopened.remove();
  });

  it('refuses to read a case whose stored ciphertext was altered, naming the collection and the case', async () => {
    const indexedDB = new IDBFactory();
    let db = await open(indexedDB, 'tampered');
    const victim = makeCase({ siteCode: 'DX', sequence: 7 });
    const intact = makeCase({ siteCode: 'DX', sequence: 8 });
    await db.cases.bulkInsert([victim, intact]);
    await db.close();
    // One bit of the ciphertext body flipped (past the 3-character prefix and the 16 characters of the IV).
    await changeStoredCiphertext(indexedDB, victim.caseNumber, (value) => {
      const at = 30;
      return value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
    });

    db = await open(indexedDB, 'tampered');
    const error = await db.cases
      .findOne(victim.id)
      .exec()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(FieldDecryptionError);
    const { localizedMessage, message } = error as FieldDecryptionError;
    expect(localizedMessage.zh).toContain('无法解密');
    expect(localizedMessage.zh).toContain(victim.id);
    expect(localizedMessage.en).toContain(`record ${victim.id} in "cases"`);
    expect(message.indexOf('无法解密')).toBe(0);
    expect((await db.cases.findOne(intact.id).exec())?.toJSON()).toEqual(intact);
    await db.remove();
  });

  it('refuses a ciphertext copied from another case, though it is a valid one', async () => {
    const indexedDB = new IDBFactory();
    let db = await open(indexedDB, 'swapped');
    const victim = makeCase({ siteCode: 'DX', sequence: 9 });
    const other = makeCase({ siteCode: 'DX', sequence: 10 });
    await db.cases.bulkInsert([victim, other]);
    await db.close();
    const [otherRow] = (await rawCaseRows(indexedDB)).filter((row) => Object.values(row).includes(other.caseNumber));
    const otherCiphertext = ciphertextsOf(otherRow!)[0]![1];
    await changeStoredCiphertext(indexedDB, victim.caseNumber, () => otherCiphertext);

    db = await open(indexedDB, 'swapped');
    await expect(db.cases.findOne(victim.id).exec()).rejects.toThrow(FieldDecryptionError);
    await db.remove();
  });

  describe('the copy RxDB’s replication keeps of each replicated case', () => {
    type Checkpoint = { n: number };
    /** A replication of the cases like the sync client's: `from` is what the hub holds; pushes are recorded. */
    function replicate(db: TongbanDatabase, from: Case[], pushed: unknown[] = []) {
      const replication = replicateRxCollection<Case, Checkpoint>({
        collection: db.cases,
        replicationIdentifier: 'hub-cases',
        live: true,
        pull: {
          handler: async (checkpoint) => {
            const n = checkpoint?.n ?? 0;
            return { documents: from.slice(n).map((c) => ({ ...c, _deleted: false })), checkpoint: { n: from.length } };
          },
        },
        push: {
          handler: async (rows) => {
            pushed.push(...rows);
            return [];
          },
        },
      });
      return replication;
    }
    /** The stored copies (`docData`, under whatever name key compression gave it), one per replicated case. */
    const storedCopies = async (indexedDB: IDBFactory) => {
      const copies: string[] = [];
      await withRawRows(indexedDB, 'rx-replication-meta', (row) => {
        for (const value of Object.values(row))
          if (typeof value === 'string' && value.startsWith(SHARED_CIPHER_PREFIX)) copies.push(value);
      });
      return copies;
    };

    it('stores the case’s own sealed value once more, no personal data in clear, and reads it back after reopening', async () => {
      const indexedDB = new IDBFactory();
      let db = await open(indexedDB, 'replicated');
      const fromHub = [makeCase({ siteCode: 'DX', sequence: 21 }), makeCase({ siteCode: 'DX', sequence: 22 })];
      let replication = replicate(db, fromHub);
      await replication.awaitInitialReplication();
      await replication.cancel();
      await db.close();

      const cases = await rawCaseRows(indexedDB);
      const copies = await storedCopies(indexedDB);
      expect(copies).toHaveLength(2);
      for (const c of fromHub) {
        const caseRow = cases.find((row) => Object.values(row).includes(c.caseNumber))!;
        const [[, sealed]] = ciphertextsOf(caseRow) as [[string, string]];
        const copy = copies.find((value) => value.includes(c.caseNumber))!;
        // One AES-GCM value for both copies: made once, as the pulled case was written to both at once.
        const [collection, sharedSealed, clearJson] = copy.slice(SHARED_CIPHER_PREFIX.length).split('\n') as [
          string,
          string,
          string,
        ];
        expect(collection).toBe('cases');
        expect(sharedSealed).toBe(sealed);
        const clear = JSON.parse(clearJson) as Record<string, unknown>;
        expect(clear).toMatchObject({ id: c.id, caseNumber: c.caseNumber, siteCode: 'DX' });
        expect(clear).not.toHaveProperty('applicant');
        expect(clear).not.toHaveProperty('events');
      }
      let raw = '';
      await withRawRows(indexedDB, 'replicated', (row) => (raw += JSON.stringify(row)));
      for (const c of fromHub)
        for (const secret of [c.applicant.idNumber, c.applicant.name, c.applicant.mobile, c.events[0]!.id])
          expect(raw).not.toContain(secret);

      // Reopened, the copy is read from storage: an edit is pushed against the case as the hub had it.
      db = await open(indexedDB, 'replicated');
      const pushed: Array<{ newDocumentState: Case; assumedMasterState?: Case }> = [];
      replication = replicate(db, fromHub, pushed);
      await replication.awaitInitialReplication();
      const cancelled = cancelCase(fromHub[0]!, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
      await db.cases.upsert(cancelled);
      await replication.awaitInSync();
      expect(pushed).toHaveLength(1);
      expect(pushed[0]!.newDocumentState).toMatchObject({ id: cancelled.id, status: cancelled.status });
      expect(pushed[0]!.assumedMasterState).toMatchObject({ ...fromHub[0], _deleted: false });
      await replication.cancel();
      await db.remove();
    });

    /** A stored copy's parts: collection, sealed personal fields, the clear rest as JSON. */
    const partsOf = (copy: string) => copy.slice(SHARED_CIPHER_PREFIX.length).split('\n') as [string, string, string];
    const tamperings: Array<[string, (victimCopy: string, otherCopy: string) => string]> = [
      [
        'whose sealed value belongs to another case',
        (victimCopy, otherCopy) => {
          const [collection, , clear] = partsOf(victimCopy);
          return `${SHARED_CIPHER_PREFIX}${collection}\n${partsOf(otherCopy)[1]}\n${clear}`;
        },
      ],
      ['moved whole from another case’s row', (_victimCopy, otherCopy) => otherCopy],
      [
        'whose clear part was given personal data',
        (victimCopy) => {
          const [collection, sealed, clear] = partsOf(victimCopy);
          const forged = { ...(JSON.parse(clear) as object), applicant: { name: '伪造' } };
          return `${SHARED_CIPHER_PREFIX}${collection}\n${sealed}\n${JSON.stringify(forged)}`;
        },
      ],
      [
        'whose personal data was moved into the clear part',
        (victimCopy) => {
          const [collection, , clear] = partsOf(victimCopy);
          const forged = { ...(JSON.parse(clear) as object), applicant: { name: '伪造' } };
          return `${SHARED_CIPHER_PREFIX}${collection}\n\n${JSON.stringify(forged)}`;
        },
      ],
    ];
    it.each(tamperings)('refuses a copy %s, naming the record', async (_what, tamper) => {
      const indexedDB = new IDBFactory();
      let db = await open(indexedDB, 'replicated-swap');
      const [victim, other] = [makeCase({ siteCode: 'DX', sequence: 23 }), makeCase({ siteCode: 'DX', sequence: 24 })];
      let replication = replicate(db, [victim!, other!]);
      await replication.awaitInitialReplication();
      await replication.cancel();
      await db.close();
      const otherCopy = (await storedCopies(indexedDB)).find((value) => value.includes(other!.caseNumber))!;
      let changed = 0;
      await withRawRows(indexedDB, 'rx-replication-meta', (row, put) => {
        for (const [field, value] of Object.entries(row)) {
          if (typeof value !== 'string' || !value.startsWith(SHARED_CIPHER_PREFIX)) continue;
          if (!value.includes(victim!.caseNumber)) continue;
          put({ ...row, [field]: tamper(value, otherCopy) });
          changed++;
        }
      });
      expect(changed).toBe(1);

      db = await open(indexedDB, 'replicated-swap');
      replication = replicate(db, []);
      await replication.startPromise;
      const refused = replication.metaInstance!.findDocumentsById([`${victim!.id}|0`], true);
      await expect(refused).rejects.toThrow(FieldDecryptionError);
      await expect(refused).rejects.toThrow(`${victim!.id}|0`);
      expect((await replication.metaInstance!.findDocumentsById([`${other!.id}|0`], true))[0]?.docData).toMatchObject(
        other!,
      );
      await replication.cancel();
      await db.remove();
    });
  });

  it('keeps RxDB’s own refusal of a wrong database key', async () => {
    const indexedDB = new IDBFactory();
    const db = await open(indexedDB, 'wrong-key');
    await db.cases.insert(makeCase({ siteCode: 'DX', sequence: 11 }));
    await db.close();
    await expect(open(indexedDB, 'wrong-key', 'another-key-from-elsewhere')).rejects.toMatchObject({ code: 'DB1' });
  });

  describe('sealing ahead of a write (a pull page, while the page before it is stored)', () => {
    /** A database whose sealer notes every batch it is asked for. */
    async function withCountedSeals(name = 'seal-ahead', indexedDB = new IDBFactory()) {
      const asked: SealRequest[][] = [];
      const db = await createDatabase({
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name,
        encryptionKey: KEY,
        collections: COLLECTIONS_USED,
        sealer: (fieldKey) => {
          const inner = pageSealer(fieldKey);
          return {
            where: 'page',
            seal: (requests) => {
              asked.push([...requests]);
              return inner.seal(requests);
            },
            close: () => inner.close(),
          };
        },
      });
      return { db, asked, sealed: () => asked.flat().map(([, , id]) => id) };
    }

    it('seals the documents at once, in one batch, and their write seals nothing more', async () => {
      const { db, asked, sealed } = await withCountedSeals();
      const cases = Array.from({ length: 20 }, (_, i) => makeCase({ siteCode: 'DX', sequence: 300 + i }));
      sealAhead(db.cases.storageInstance as never, cases);
      await Promise.resolve();
      expect(asked).toHaveLength(1);
      expect(sealed()).toEqual(cases.map((c) => c.id));
      await db.cases.bulkInsert(cases);
      expect(sealed()).toHaveLength(cases.length);
      await db.close();
    });

    it('seals again a document written with other personal data than was sealed ahead, and stores what was written', async () => {
      const indexedDB = new IDBFactory();
      const { db, asked: batches } = await withCountedSeals('seal-ahead-changed', indexedDB);
      const pulled = makeCase({ siteCode: 'DX', sequence: 321 });
      sealAhead(db.cases.storageInstance as never, [pulled]);
      const written = { ...pulled, applicant: { ...pulled.applicant, mobile: '13900000321' } };
      await db.cases.insert(written);
      const asked = batches.flat().map(([json]) => json);
      expect(asked).toHaveLength(2);
      expect(asked[1]).toContain('13900000321');
      await db.close();
      const reopened = await open(indexedDB, 'seal-ahead-changed');
      const stored = (await reopened.cases.findOne(pulled.id).exec())?.toJSON() as Case;
      expect(stored.applicant.mobile).toBe('13900000321');
      await reopened.close();
    });

    it('freezes the personal data it sealed ahead: changed in place, the write would store the old values', async () => {
      const indexedDB = new IDBFactory();
      const { db, sealed } = await withCountedSeals('seal-ahead-frozen', indexedDB);
      const pulled = makeCase({ siteCode: 'DX', sequence: 330 });
      const original = structuredClone(pulled);
      sealAhead(db.cases.storageInstance as never, [pulled]);
      expect(() => {
        (pulled.applicant as { mobile: string }).mobile = '13900000330';
      }).toThrow(TypeError);
      expect(() => (pulled.events as unknown[]).push(pulled.events[0])).toThrow(TypeError);
      expect(() => {
        (pulled.events[0] as { officerId: string }).officerId = 'someone-else';
      }).toThrow(TypeError);
      // The clear fields stay the caller's.
      pulled.status = 'in-progress' as Case['status'];
      await db.cases.insert(pulled);
      expect(sealed()).toEqual([pulled.id]);
      // Equal values in new objects are sealed again: only the very values sealed ahead are known unchanged.
      const other = makeCase({ siteCode: 'DX', sequence: 331 });
      sealAhead(db.cases.storageInstance as never, [other]);
      await db.cases.insert({ ...other, applicant: { ...other.applicant } });
      expect(sealed()).toEqual([pulled.id, other.id, other.id]);
      await db.close();
      const reopened = await open(indexedDB, 'seal-ahead-frozen');
      const stored = (await reopened.cases.findOne(pulled.id).exec())?.toJSON() as Case;
      expect(stored.applicant).toEqual(original.applicant);
      expect(stored.events).toEqual(original.events);
      await reopened.close();
    });

    it('uses a value sealed ahead for an update too, also when RxDB tries an insert first (its upsert)', async () => {
      const { db, sealed } = await withCountedSeals();
      const first = makeCase({ siteCode: 'DX', sequence: 340 });
      await db.cases.insert(first);
      const next = { ...first, applicant: { ...first.applicant, mobile: '13900000340' } };
      sealAhead(db.cases.storageInstance as never, [next]);
      await db.cases.upsert(next);
      // The insert, the value sealed ahead, and RxDB's copy of the version replaced (sealed again for the write).
      expect(sealed()).toEqual([first.id, first.id, first.id]);
      expect(((await db.cases.findOne(first.id).exec())?.toJSON() as Case).applicant.mobile).toBe('13900000340');
      await db.close();
    });

    it('seals again at the write a value whose sealing ahead failed', async () => {
      const indexedDB = new IDBFactory();
      let batches = 0;
      const db = await createDatabase({
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name: 'seal-ahead-failed',
        encryptionKey: KEY,
        collections: COLLECTIONS_USED,
        sealer: (fieldKey) => ({
          where: 'page',
          seal: (requests) =>
            ++batches === 1 ? Promise.reject(new Error('the worker died')) : pageSealer(fieldKey).seal(requests),
          close() {},
        }),
      });
      const pulled = makeCase({ siteCode: 'DX', sequence: 350 });
      sealAhead(db.cases.storageInstance as never, [pulled]);
      await db.cases.insert(pulled);
      expect(batches).toBe(2);
      await db.close();
      const reopened = await open(indexedDB, 'seal-ahead-failed');
      expect(((await reopened.cases.findOne(pulled.id).exec())?.toJSON() as Case).applicant).toEqual(pulled.applicant);
      await reopened.close();
    });
  });

  describe('the sealer of a database', () => {
    it('is one for all its collections, made at the first value to seal, and closed with the database', async () => {
      const made: string[] = [];
      const db = await createDatabase({
        storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
        name: 'one-sealer',
        encryptionKey: KEY,
        collections: COLLECTIONS_USED,
        sealer: (fieldKey) => {
          made.push('made');
          const inner = pageSealer(fieldKey);
          return { where: 'page', seal: (requests) => inner.seal(requests), close: () => made.push('closed') };
        },
      });
      // Opened to read: nothing sealed, no sealer (in the app, no worker started).
      await db.cases.find().exec();
      expect(made).toEqual([]);
      await db.cases.insert(makeCase({ siteCode: 'DX', sequence: 360 }));
      await db.appointments.insert(appointment(360));
      // RxDB's replication opens a meta storage with encrypted copies, and closes it when it stops.
      const replication = replicateRxCollection({
        collection: db.cases,
        replicationIdentifier: 'one-sealer',
        live: false,
        pull: {
          handler: async () => ({
            documents: [{ ...makeCase({ siteCode: 'DX', sequence: 361 }), _deleted: false }],
            checkpoint: 1,
          }),
        },
      });
      await replication.awaitInitialReplication();
      await replication.cancel();
      await db.cases.insert(makeCase({ siteCode: 'DX', sequence: 362 }));
      expect(made).toEqual(['made']);
      const cases = db.cases.storageInstance;
      await db.close();
      expect(made).toEqual(['made', 'closed']);
      // A page pulled as the database closed is not sealed, and starts no sealer again.
      sealAhead(cases as never, [makeCase({ siteCode: 'DX', sequence: 363 })]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(made).toEqual(['made', 'closed']);
    });
  });
});

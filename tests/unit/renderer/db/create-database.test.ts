import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase } from '../../../../renderer/db/create-database.ts';
import { cancelCase } from '../../../../shared/domain/case/index.ts';
import { makeCase } from '../../../helpers/cases.ts';

/** Every value IndexedDB holds, as text: what someone who copied the counter's disk would read. */
async function rawIndexedDbText(indexedDB: IDBFactory): Promise<string> {
  const chunks: string[] = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name!);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const storeName of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      chunks.push(JSON.stringify(rows));
    }
    db.close();
  }
  return chunks.join('\n');
}

describe('createDatabase', () => {
  it('stores applicants’ ID numbers, names, phones and addresses only encrypted', async () => {
    const indexedDB = new IDBFactory();
    const db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      name: 'encryption-check',
      encryptionKey: 'counter-key-from-the-os-keychain',
    });
    const stored = makeCase({ siteCode: 'DX', sequence: 42 });
    await db.cases.insert(stored);
    // Read back through the database: the officer sees the plain values.
    const read = await db.cases.findOne(stored.id).exec();
    expect(read?.applicant.idNumber).toBe(stored.applicant.idNumber);

    const raw = await rawIndexedDbText(indexedDB);
    expect(raw).toContain(stored.caseNumber); // the raw dump is real: non-personal fields are there in clear
    for (const secret of [
      stored.applicant.idNumber,
      stored.applicant.name,
      stored.applicant.mobile,
      stored.applicant.address,
    ])
      expect(raw).not.toContain(secret);
    await db.remove();
  });

  it('merges a case changed on both sides with the shared merge, keeping both events', async () => {
    const db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: 'conflict-handler',
      encryptionKey: 'counter-key-from-the-os-keychain',
      collections: ['cases'],
    });
    const base = makeCase({ siteCode: 'DX', sequence: 7 });
    const local = cancelCase(base, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
    const master = cancelCase(base, { officerId: 'officer-ht', siteCode: 'HT' }, '重复受理');
    const resolved = await db.cases.conflictHandler.resolve(
      { newDocumentState: { ...local, _deleted: false }, realMasterState: { ...master, _deleted: false } },
      'test',
    );
    expect(resolved.events.map((e) => e.id).sort()).toEqual(
      [...new Set([...local.events, ...master.events].map((e) => e.id))].sort(),
    );
    await db.remove();
  });

  it('opens on the retry after a first open failed for want of disk space, having told what happened in both languages', async () => {
    const base = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }) as RxStorage<unknown, unknown>;
    // IndexedDB refusing to create the cases table once, as on a full disk (which cannot be made to happen here).
    let diskFull = true;
    const storage: RxStorage<unknown, unknown> = {
      ...base,
      createStorageInstance: async (params) => {
        if (diskFull && params.collectionName === 'cases') {
          diskFull = false;
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return base.createStorageInstance(params);
      },
    };
    const options = { storage, name: 'retry-after-full-disk', encryptionKey: 'counter-key-from-the-os-keychain' };
    const failure = await createDatabase(options).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(
      /^本机数据无法打开（.*）：本机磁盘空间可能已满.* \/ The local data could not be opened \(.*\): the disk may be full/s,
    );

    // The start screen's retry: the same database opens, with every collection.
    const db = await createDatabase(options);
    const stored = makeCase({ siteCode: 'DX', sequence: 7 });
    await db.cases.insert(stored);
    expect((await db.cases.findOne(stored.id).exec())?.caseNumber).toBe(stored.caseNumber);
    await db.remove();
  });
});

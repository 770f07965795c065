import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { allocateCaseNumber } from '../../../../../shared/domain/case/index.ts';
import { createDatabase, type TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { LocalCaseNumberSequenceStore } from '../../../../../renderer/features/intake/case-number-store.ts';
import {
  parseProgressQrPayload,
  progressCheckCode,
  progressQrPayload,
  verifyProgressCheck,
} from '../../../../../renderer/features/receipt/progress-code.ts';
import { makeCase } from '../../../../helpers/cases.ts';
import { MemoryStorage } from '../../../../helpers/memory-storage.ts';

const DAY = { siteCode: 'DX', date: '2026-11-26', counter: 1 };

describe('the counter’s case-number sequence store', () => {
  let db: TongbanDatabase;
  let storage: MemoryStorage;
  const store = () => new LocalCaseNumberSequenceStore({ db, namespace: 'test', storage, locks: null });

  beforeEach(async () => {
    storage = new MemoryStorage();
    db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: `sequences-${Math.random().toString(36).slice(2)}`,
      encryptionKey: 'test-key-of-sufficient-length',
      collections: ['cases'],
    });
  });
  afterEach(() => db.close());

  it('hands out 1, 2, 3 … per counter and day, to concurrent callers too', async () => {
    const numbers = await Promise.all(Array.from({ length: 5 }, () => allocateCaseNumber(store(), DAY)));
    // Five stores over one storage, as five reloads of the page would be: never the same number twice.
    expect(new Set(numbers).size).toBe(5);
    const shared = store();
    const more = await Promise.all(Array.from({ length: 5 }, () => allocateCaseNumber(shared, DAY)));
    expect(more.map((n) => n.slice(-4)).sort()).toEqual(['0006', '0007', '0008', '0009', '0010']);
    expect(await allocateCaseNumber(shared, { ...DAY, counter: 2 })).toBe('DX-20261126-02-0001');
    expect(await allocateCaseNumber(shared, { ...DAY, date: '2026-11-27' })).toBe('DX-20261127-01-0001');
  });

  it('carries on after the highest case of the day already in the database when its mark is lost', async () => {
    await db.cases.bulkInsert([3, 12, 7].map((sequence) => makeCase({ siteCode: 'DX', counter: 1, sequence })));
    await db.cases.insert(makeCase({ siteCode: 'DX', counter: 2, sequence: 40 }));
    expect(await allocateCaseNumber(store(), DAY)).toBe('DX-20261126-01-0013');
  });

  it('reads a busy day to its end, whatever the width of the sequences', async () => {
    const sequences = [...Array.from({ length: 60 }, (_, i) => i + 1), 10_000, 9_999];
    await db.cases.bulkInsert(sequences.map((sequence) => makeCase({ siteCode: 'DX', counter: 1, sequence })));
    expect(await allocateCaseNumber(store(), DAY)).toBe('DX-20261126-01-10001');
  });

  it('carries on after a case of the day that arrives after it first read the database (pulled from the hub)', async () => {
    const shared = store();
    await shared.prepare('DX-20261126-01');
    // A reinstalled counter: its mark is gone, and its earlier cases come back from the hub only now.
    await db.cases.bulkInsert([5, 9].map((sequence) => makeCase({ siteCode: 'DX', counter: 1, sequence })));
    await db.cases.insert(makeCase({ siteCode: 'DX', counter: 3, sequence: 30 }));
    expect(await allocateCaseNumber(shared, DAY)).toBe('DX-20261126-01-0010');
    expect(await allocateCaseNumber(shared, { ...DAY, counter: 3 })).toBe('DX-20261126-03-0031');
  });

  it('never hands a number out again, even when its case was not saved', async () => {
    const first = store();
    expect(await allocateCaseNumber(first, DAY)).toBe('DX-20261126-01-0001');
    // The case failed to save (storage full): nothing is in the database, yet the next number moves on.
    expect(await allocateCaseNumber(store(), DAY)).toBe('DX-20261126-01-0002');
    expect(first.lastIssued('DX-20261126-01')).toBe(2);
  });
});

describe('the receipt’s progress code', () => {
  const caseId = '0193f0c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6';

  it('is six Crockford base-32 characters that only the case id gives', () => {
    const check = progressCheckCode(caseId);
    expect(check).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(progressCheckCode(caseId)).toBe(check);
    expect(progressCheckCode('0193f0c2-7a1b-7c3d-8e4f-a1b2c3d4e5f7')).not.toBe(check);
  });

  it('is read back from the QR payload and checked, forgiving O for 0 and I or L for 1', () => {
    const payload = progressQrPayload('DX-20261126-01-0007', caseId);
    expect(payload).toBe(`TB1:DX-20261126-01-0007:${progressCheckCode(caseId)}`);
    expect(parseProgressQrPayload(payload)).toEqual({
      caseNumber: 'DX-20261126-01-0007',
      check: progressCheckCode(caseId),
    });
    expect(parseProgressQrPayload('https://example.com/x')).toBeNull();
    expect(verifyProgressCheck(caseId, progressCheckCode(caseId).toLowerCase().replace(/0/g, 'o'))).toBe(true);
    expect(verifyProgressCheck(caseId, 'ZZZZZZ')).toBe(false);
  });
});

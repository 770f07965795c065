import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase, type TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import {
  ID_DOCUMENT_CORRECTION,
  applyCaseAction,
  normaliseCorrection,
  recordCaseAction,
} from '../../../../../renderer/features/cases/case-actions.ts';
import { validatePushedDocument } from '../../../../../hub/sync/validate.ts';
import { CaseDomainError, forwardToBackOffice } from '../../../../../shared/domain/case/index.ts';
import { caseSchema, type Case } from '../../../../../shared/schemas/index.ts';
import { makeCase, residentId } from '../../../../helpers/cases.ts';

const officer = { officerId: 'lin-hai', siteCode: 'DX', role: 'officer' as const };
const supervisor = { officerId: 'chen-lan', siteCode: 'DX', role: 'supervisor' as const };
const at = (iso: string) => ({ now: () => new Date(iso) });

function refusal(run: () => unknown): CaseDomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof CaseDomainError) return error;
    throw error;
  }
  throw new Error('expected a CaseDomainError');
}

describe('applying case actions with the domain commands', () => {
  const accepted = makeCase({ siteCode: 'DX', sequence: 7 });
  const forwarded = forwardToBackOffice(
    accepted,
    officer,
    { toSiteCode: 'HT', note: '' },
    at('2026-11-26T03:00:00.000Z'),
  );

  it('records each action as an event stamped with the officer and the site', () => {
    const next = applyCaseAction(
      forwarded,
      supervisor,
      { type: 'approved', note: ' 同意 ' },
      at('2026-11-26T04:00:00.000Z'),
    );
    expect(next.status).toBe('approved');
    expect(next.events.at(-1)).toMatchObject({
      type: 'approved',
      note: '同意',
      officerId: 'chen-lan',
      siteCode: 'DX',
      at: '2026-11-26T04:00:00.000Z',
    });
    expect(caseSchema.safeParse(next).success).toBe(true);
  });

  it('refuses approval to a plain officer, in Chinese and English', () => {
    const error = refusal(() => applyCaseAction(forwarded, officer, { type: 'approved', note: '' }));
    expect(error.code).toBe('role-not-permitted');
    expect(error.localizedMessage.zh).toContain('核准');
    expect(error.localizedMessage.en).toContain('approved');
  });

  it('refuses a transition the state machine does not allow', () => {
    expect(refusal(() => applyCaseAction(accepted, supervisor, { type: 'approved', note: '' })).code).toBe(
      'illegal-transition',
    );
  });

  it('requests and receives materials, and records payments up to the balance', () => {
    let c: Case = applyCaseAction(
      accepted,
      officer,
      { type: 'materials-requested', materialCodes: ['photo'], note: '照片不清晰' },
      at('2026-11-26T03:00:00.000Z'),
    );
    expect(c.status).toBe('awaiting-materials');
    c = applyCaseAction(
      c,
      officer,
      { type: 'materials-received', materialCodes: ['photo'] },
      at('2026-11-26T03:10:00.000Z'),
    );
    expect(c.status).toBe('accepted');
    expect(
      refusal(() => applyCaseAction(c, officer, { type: 'payment-recorded', amountFen: 12001, method: 'cash' })).code,
    ).toBe('payment-exceeds-balance');
    c = applyCaseAction(c, officer, {
      type: 'payment-recorded',
      amountFen: 12000,
      method: 'card',
      receiptNumber: ' R1 ',
    });
    expect(c.paidFen).toBe(12000);
    expect(c.events.at(-1)).toMatchObject({ receiptNumber: 'R1' });
    expect(
      refusal(() => applyCaseAction(c, officer, { type: 'payment-recorded', amountFen: 1, method: 'cash' })).code,
    ).toBe('nothing-owed');
  });

  it('checks a corrected ID number against its document type and stores it normalised', () => {
    const good = residentId(4242).toLowerCase();
    expect(normaliseCorrection(accepted, 'applicant.idNumber', good)).toBe(good.toUpperCase());
    const wrong = residentId(4242).slice(0, 17) + (residentId(4242).endsWith('1') ? '2' : '1');
    const error = refusal(() => normaliseCorrection(accepted, 'applicant.idNumber', wrong));
    expect(error.code).toBe('invalid-correction');
    expect(error.localizedMessage.zh).toContain('校验');
  });

  it('checks a corrected mobile number, and allows clearing it', () => {
    expect(normaliseCorrection(accepted, 'applicant.mobile', '139 5000 0001')).toBe('13950000001');
    expect(normaliseCorrection(accepted, 'applicant.mobile', '')).toBe('');
    expect(refusal(() => normaliseCorrection(accepted, 'applicant.mobile', '12345')).code).toBe('invalid-correction');
  });

  it('refuses an empty or too long name and a too long address in intake’s words, Chinese first', () => {
    const refused = (field: 'applicant.name' | 'applicant.address', value: string) => {
      const error = refusal(() =>
        applyCaseAction(accepted, officer, { type: 'field-corrected', field, value, reason: '录入错误' }),
      );
      return { code: error.code, ...error.localizedMessage };
    };
    expect(refused('applicant.name', '   ')).toEqual({
      code: 'invalid-correction',
      zh: '请输入申请人姓名',
      en: "enter the applicant's name",
    });
    expect(refused('applicant.name', '林'.repeat(101))).toEqual({
      code: 'invalid-correction',
      zh: '姓名最多 100 个字，实际 101 个',
      en: 'a name has at most 100 characters, got 101',
    });
    expect(refused('applicant.address', '路'.repeat(301))).toEqual({
      code: 'invalid-correction',
      zh: '地址最多 300 个字，实际 301 个',
      en: 'an address has at most 300 characters, got 301',
    });
    expect(normaliseCorrection(accepted, 'applicant.name', ` ${'林'.repeat(100)} `)).toBe('林'.repeat(100));
    expect(normaliseCorrection(accepted, 'applicant.address', '路'.repeat(300))).toBe('路'.repeat(300));
  });

  it('refuses a new document type the ID number does not fit', () => {
    expect(refusal(() => normaliseCorrection(accepted, 'applicant.idType', 'passport')).code).toBe(
      'invalid-correction',
    );
    expect(normaliseCorrection(accepted, 'applicant.idType', 'resident-id')).toBe('resident-id');
  });

  it('corrects the document type and number together, as a pair the hub accepts', () => {
    // Saved as a resident ID card; the applicant actually showed passport E12345678.
    const next = applyCaseAction(
      accepted,
      officer,
      {
        type: 'field-corrected',
        field: ID_DOCUMENT_CORRECTION,
        idType: 'passport',
        idNumber: ' e12345678 ',
        reason: '证件类型录错',
      },
      at('2026-11-26T03:00:00.000Z'),
    );
    expect(next.applicant).toMatchObject({ idType: 'passport', idNumber: 'E12345678' });
    expect(next.events.slice(-2)).toMatchObject([
      { type: 'field-corrected', field: 'applicant.idType', value: 'passport', reason: '证件类型录错' },
      { type: 'field-corrected', field: 'applicant.idNumber', value: 'E12345678', reason: '证件类型录错' },
    ]);
    expect(next.attention).toEqual([]);
    expect(
      validatePushedDocument('cases', next as unknown as Record<string, unknown>, false, {
        serviceCodes: new Set(next.items.map((item) => item.serviceCode)),
        current: accepted as unknown as Record<string, unknown>,
        siteCode: 'DX',
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a document type and number that do not fit each other, or that change nothing', () => {
    const refused = (idType: string, idNumber: string) =>
      refusal(() =>
        applyCaseAction(accepted, officer, {
          type: 'field-corrected',
          field: ID_DOCUMENT_CORRECTION,
          idType,
          idNumber,
          reason: '录入错误',
        }),
      );
    const mismatch = refused('passport', accepted.applicant.idNumber);
    expect(mismatch.code).toBe('invalid-correction');
    expect(mismatch.localizedMessage).toEqual({
      zh: '护照号码应为 9 位，实际 18 位',
      en: 'the passport number should have 9 characters, got 18',
    });
    expect(refused('resident-id', accepted.applicant.idNumber).localizedMessage.zh).toBe(
      '证件类型和号码与案件中的相同，无需更正',
    );
    // Only the number, type kept: one event.
    const other = residentId(4243);
    const numberOnly = applyCaseAction(accepted, officer, {
      type: 'field-corrected',
      field: ID_DOCUMENT_CORRECTION,
      idType: 'resident-id',
      idNumber: other,
      reason: '号码录错',
    });
    expect(numberOnly.events.length).toBe(accepted.events.length + 1);
    expect(numberOnly.applicant.idNumber).toBe(other);
  });

  it('corrects a field with a reason', () => {
    const next = applyCaseAction(accepted, officer, {
      type: 'field-corrected',
      field: 'applicant.name',
      value: ' 林海澄 ',
      reason: '录入错误',
    });
    expect(next.applicant.name).toBe('林海澄');
  });
});

describe('recording case actions in the local database', () => {
  let db: TongbanDatabase;
  const stored = makeCase({ siteCode: 'DX', sequence: 8 });

  beforeEach(async () => {
    db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: 'case-actions',
      encryptionKey: 'counter-key-from-the-os-keychain',
      collections: ['cases'],
    });
    await db.cases.insert(stored);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('saves the new event log and its projection', async () => {
    await recordCaseAction(db.cases, stored.id, officer, { type: 'cancelled', reason: '申请人撤回' });
    const read = (await db.cases.findOne(stored.id).exec())!.toMutableJSON() as Case;
    expect(read.status).toBe('cancelled');
    expect(read.events.map((e) => e.type)).toEqual(['accepted', 'cancelled']);
  });

  it('builds on a change that arrived meanwhile instead of overwriting it', async () => {
    const doc = await db.cases.findOne(stored.id).exec();
    // A payment pulled from the hub lands between reading the case and recording the action.
    const paid = applyCaseAction(stored, supervisor, { type: 'payment-recorded', amountFen: 5000, method: 'cash' });
    await doc!.incrementalModify(() => paid);
    await recordCaseAction(db.cases, stored.id, officer, { type: 'payment-recorded', amountFen: 7000, method: 'cash' });
    const read = (await db.cases.findOne(stored.id).exec())!.toMutableJSON() as Case;
    expect(read.paidFen).toBe(12000);
  });

  it('writes nothing when the action is refused', async () => {
    const before = (await db.cases.findOne(stored.id).exec())!.revision;
    await expect(recordCaseAction(db.cases, stored.id, officer, { type: 'approved', note: '' })).rejects.toBeInstanceOf(
      CaseDomainError,
    );
    expect((await db.cases.findOne(stored.id).exec())!.revision).toBe(before);
  });
});

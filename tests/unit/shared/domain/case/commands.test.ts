import { describe, expect, it } from 'vitest';
import { caseSchema, type Case, type CaseEvent } from '../../../../../shared/schemas/case.ts';
import {
  CaseDomainError,
  acceptCase,
  appendEvent,
  approveCase,
  cancelCase,
  completeCase,
  correctField,
  forwardToBackOffice,
  identityOf,
  markReadyForPickup,
  nextEventTime,
  projectCase,
  receiveMaterials,
  recordPayment,
  rejectCase,
  requestMaterials,
  type CaseErrorCode,
} from '../../../../../shared/domain/case/index.ts';
import {
  acceptSample,
  applicant,
  backOffice,
  idCardItem,
  islandOfficer,
  passportItem,
  rawEvent,
  residenceCertificateItem,
  testClock,
  testId,
} from './fixtures.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function refusal(run: () => unknown): { code: CaseErrorCode; zh: string; en: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CaseDomainError) {
      return { code: error.code, zh: error.localizedMessage.zh, en: error.localizedMessage.en };
    }
    throw error;
  }
  throw new Error('expected a CaseDomainError, but nothing was thrown');
}

describe('acceptCase', () => {
  it('starts a schema-valid case with the injected ids and time', () => {
    const accepted = acceptSample();
    expect(caseSchema.parse(accepted)).toStrictEqual(accepted);
    expect(accepted.id).toBe(testId(1));
    expect(accepted.events).toHaveLength(1);
    expect(accepted.events[0]).toMatchObject({
      id: testId(2),
      type: 'accepted',
      at: '2026-11-26T01:00:00.000Z',
      counter: 2,
    });
    expect(accepted.status).toBe('accepted');
    expect('ticketId' in (accepted.events[0] as object)).toBe(false);
  });

  it('uses explicit ids and times when given, and UUID v7 event ids by default', () => {
    const accepted = acceptCase({
      id: '0190a000-0000-7000-8000-00000000abcd',
      caseNumber: 'DX-20261126-02-0008',
      siteCode: 'DX',
      counter: 2,
      officerId: 'dx-lin',
      at: '2026-11-26T03:04:05.678Z',
      applicant,
      items: [passportItem],
      ticketId: 'A017',
    });
    expect(accepted.id).toBe('0190a000-0000-7000-8000-00000000abcd');
    expect(accepted.acceptedAt).toBe('2026-11-26T03:04:05.678Z');
    expect(accepted.events[0]?.id).toMatch(UUID_V7);
    expect(accepted.events[0]).toMatchObject({ ticketId: 'A017' });
  });

  it('refuses a case number that belongs to another counter', () => {
    const input = {
      caseNumber: 'DX-20261126-03-0001',
      siteCode: 'DX',
      counter: 2,
      officerId: 'dx-lin',
      applicant,
      items: [passportItem],
    };
    expect(refusal(() => acceptCase(input, testClock())).code).toBe('case-number-mismatch');
    expect(refusal(() => acceptCase({ ...input, caseNumber: 'DX-2026-1' }, testClock())).code).toBe(
      'invalid-case-number',
    );
  });

  it('refuses an acceptance without items or with a nameless applicant, naming the field', () => {
    const input = {
      caseNumber: 'DX-20261126-02-0001',
      siteCode: 'DX',
      counter: 2,
      officerId: 'dx-lin',
      applicant,
      items: [passportItem],
    };
    expect(refusal(() => acceptCase({ ...input, items: [] }, testClock())).code).toBe('invalid-event');
    const nameless = refusal(() => acceptCase({ ...input, applicant: { ...applicant, name: '' } }, testClock()));
    expect(nameless.code).toBe('invalid-event');
    expect(nameless.en).toMatch(/applicant\.name/);
  });
});

describe('case commands', () => {
  it('carries a case from the island through the back office to pick-up', () => {
    const clock = testClock();
    let current = acceptSample([passportItem], clock);
    current = recordPayment(
      current,
      islandOfficer,
      { amountFen: 12_000, method: 'mobile', receiptNumber: 'R-1' },
      clock,
    );
    current = receiveMaterials(current, islandOfficer, ['photo'], clock);
    current = forwardToBackOffice(current, islandOfficer, { toSiteCode: 'HT', note: '' }, clock);
    current = requestMaterials(
      current,
      backOffice,
      { materialCodes: ['birth-certificate'], note: '需出生证明' },
      clock,
    );
    expect(current.status).toBe('awaiting-materials');
    current = receiveMaterials(current, islandOfficer, ['birth-certificate'], clock);
    expect(current.status).toBe('forwarded');
    current = approveCase(current, backOffice, '', clock);
    current = markReadyForPickup(current, backOffice, 'DX', clock);
    current = completeCase(current, islandOfficer, clock);
    expect(caseSchema.parse(current)).toStrictEqual(current);
    expect(current).toMatchObject({ status: 'completed', paidFen: 12_000, sharedWithSites: ['HT'], attention: [] });
    expect(current.events.map((event) => event.type)).toEqual([
      'accepted',
      'payment-recorded',
      'materials-received',
      'forwarded',
      'materials-requested',
      'materials-received',
      'approved',
      'ready-for-pickup',
      'completed',
    ]);
  });

  it('completes an on-the-spot case at the counter', () => {
    const clock = testClock();
    const done = completeCase(acceptSample([residenceCertificateItem, idCardItem], clock), islandOfficer, clock);
    expect(done.status).toBe('completed');
  });

  it('refuses an illegal transition with a code and a Chinese and English message, appending nothing', () => {
    const clock = testClock();
    const current = acceptSample([residenceCertificateItem], clock);
    const before = structuredClone(current);
    const refused = refusal(() => approveCase(current, backOffice, '', clock));
    expect(refused).toEqual({
      code: 'illegal-transition',
      zh: expect.stringContaining('「已受理」状态下不能「核准」'),
      en: expect.stringContaining('cannot be approved'),
    });
    expect(current).toStrictEqual(before);
  });

  it('refuses on-the-spot completion of a case with back-office items', () => {
    const clock = testClock();
    expect(refusal(() => completeCase(acceptSample([passportItem], clock), islandOfficer, clock)).code).toBe(
      'back-office-items-need-approval',
    );
  });

  it('refuses approval from an officer without a back-office or supervisor role', () => {
    const clock = testClock();
    const forwarded = forwardToBackOffice(
      acceptSample([passportItem], clock),
      islandOfficer,
      { toSiteCode: 'HT', note: '' },
      clock,
    );
    const counterOfficer = { ...islandOfficer, role: 'officer' as const };
    expect(refusal(() => approveCase(forwarded, counterOfficer, '', clock)).code).toBe('role-not-permitted');
    expect(refusal(() => rejectCase(forwarded, counterOfficer, '材料不符', clock)).code).toBe('role-not-permitted');
    expect(rejectCase(forwarded, { ...backOffice, role: 'supervisor' }, '材料不符', clock).status).toBe('rejected');
  });

  it('refuses anything after a terminal status', () => {
    const clock = testClock();
    const cancelled = cancelCase(acceptSample([passportItem], clock), islandOfficer, '申请人撤回', clock);
    expect(cancelled.status).toBe('cancelled');
    expect(refusal(() => recordPayment(cancelled, islandOfficer, { amountFen: 1, method: 'cash' }, clock)).code).toBe(
      'illegal-transition',
    );
    expect(refusal(() => cancelCase(cancelled, islandOfficer, '再次撤回', clock)).code).toBe('illegal-transition');
  });

  it('refuses an event id already in the log', () => {
    const current = acceptSample();
    const duplicate = rawEvent('payment-recorded', 2, '2026-11-26T05:00:00.000Z', { amountFen: 1, method: 'cash' });
    expect(refusal(() => appendEvent(current, duplicate)).code).toBe('duplicate-event-id');
  });

  it('refuses an explicit event that would not sort after the log', () => {
    const current = acceptSample();
    const early = rawEvent('payment-recorded', 9, '2026-11-26T00:59:59.999Z', { amountFen: 1, method: 'cash' });
    expect(refusal(() => appendEvent(current, early)).code).toBe('event-out-of-order');
  });

  it('stamps a new event just after the latest one when this machine clock is behind', () => {
    const current = acceptSample();
    expect(nextEventTime(current, new Date('2026-11-26T00:00:00.000Z'))).toBe('2026-11-26T01:00:00.001Z');
    expect(nextEventTime(current, new Date('2026-11-26T02:00:00.000Z'))).toBe('2026-11-26T02:00:00.000Z');
    const behind = { newId: () => testId(77), now: () => new Date('2020-01-01T00:00:00.000Z') };
    const paid = recordPayment(current, islandOfficer, { amountFen: 100, method: 'cash' }, behind);
    expect(paid.events.at(-1)).toMatchObject({ id: testId(77), at: '2026-11-26T01:00:00.001Z' });
  });

  it('refuses materials that no item lists and nobody requested', () => {
    const clock = testClock();
    const refused = refusal(() =>
      receiveMaterials(acceptSample(undefined, clock), islandOfficer, ['photo', 'moon-rock'], clock),
    );
    expect(refused.code).toBe('unknown-material');
    expect(refused.en).toMatch(/moon-rock/);
  });

  it('refuses a payment larger than what is still owed, and accepts the exact balance', () => {
    const clock = testClock();
    const current = acceptSample([passportItem, idCardItem], clock);
    const part = recordPayment(current, islandOfficer, { amountFen: 4_000, method: 'cash' }, clock);
    expect(refusal(() => recordPayment(part, islandOfficer, { amountFen: 10_001, method: 'card' }, clock))).toEqual({
      code: 'payment-exceeds-balance',
      zh: '收费 ¥100.01 超过应收余额 ¥100.00',
      en: 'The payment of ¥100.01 exceeds the ¥100.00 still owed.',
    });
    const settled = recordPayment(part, islandOfficer, { amountFen: 10_000, method: 'waived' }, clock);
    expect(settled.paidFen).toBe(settled.totalFeeFen);
    expect('receiptNumber' in (settled.events.at(-1) as object)).toBe(false);
  });

  it('refuses a payment of ¥0.00, waived or not, and records nothing', () => {
    const clock = testClock();
    const current = acceptSample([passportItem], clock);
    for (const method of ['cash', 'waived'] as const) {
      const refused = refusal(() => recordPayment(current, islandOfficer, { amountFen: 0, method }, clock));
      expect(refused).toEqual({
        code: 'payment-zero',
        zh: '收费金额须大于 ¥0.00',
        en: 'The amount of a payment must be more than ¥0.00.',
      });
    }
  });

  it('takes no payment on a case that owes nothing, settled or fee-free, and says why in yuan', () => {
    const clock = testClock();
    const settled = recordPayment(
      acceptSample([passportItem], clock),
      islandOfficer,
      { amountFen: passportItem.feeFen, method: 'cash' },
      clock,
    );
    const fees = `¥${(passportItem.feeFen / 100).toFixed(2)}`;
    for (const amountFen of [0, 100]) {
      expect(refusal(() => recordPayment(settled, islandOfficer, { amountFen, method: 'cash' }, clock))).toEqual({
        code: 'nothing-owed',
        zh: `本案无应收余额（应收 ${fees}，已收 ${fees}），无需登记收费`,
        en: `Nothing is owed on this case (fees ${fees}, paid ${fees}); there is no payment to record.`,
      });
    }
    const free = acceptSample([residenceCertificateItem], clock);
    expect(refusal(() => recordPayment(free, islandOfficer, { amountFen: 0, method: 'waived' }, clock)).zh).toBe(
      '本案无应收余额（应收 ¥0.00，已收 ¥0.00），无需登记收费',
    );
  });

  it('applies a valid correction and refuses an invalid one', () => {
    const clock = testClock();
    const current = acceptSample(undefined, clock);
    const corrected = correctField(
      current,
      islandOfficer,
      { field: 'applicant.idType', value: 'passport', reason: '证件类型选错' },
      clock,
    );
    expect(corrected.applicant.idType).toBe('passport');
    const refused = refusal(() =>
      correctField(current, islandOfficer, { field: 'applicant.name', value: '', reason: '清空' }, clock),
    );
    expect(refused.code).toBe('invalid-correction');
  });

  it('refuses an event the event schema rejects', () => {
    const current = acceptSample();
    const negative = rawEvent('payment-recorded', 9, '2026-11-26T05:00:00.000Z', { amountFen: -1, method: 'cash' });
    expect(refusal(() => appendEvent(current, negative)).code).toBe('invalid-event');
    const accepted = { ...(current.events[0] as CaseEvent), id: testId(10), at: '2026-11-26T05:00:00.000Z' };
    expect(refusal(() => appendEvent(current, accepted)).code).toBe('illegal-transition');
  });

  it('refuses to grow a log past the 500 events the schema allows', () => {
    const current = acceptSample();
    const corrections = Array.from({ length: 499 }, (_, i) =>
      rawEvent('field-corrected', 1000 + i, new Date(Date.parse('2026-11-26T02:00:00.000Z') + i * 1000).toISOString(), {
        field: 'applicant.address',
        value: `地址 ${i}`,
        reason: '更正',
      }),
    );
    const full: Case = projectCase(identityOf(current), [...current.events, ...corrections]);
    expect(caseSchema.safeParse(full).success).toBe(true);
    const clock = { newId: () => testId(5000), now: () => new Date('2026-11-27T00:00:00.000Z') };
    expect(refusal(() => recordPayment(full, islandOfficer, { amountFen: 1, method: 'cash' }, clock)).code).toBe(
      'event-log-full',
    );
  });
});

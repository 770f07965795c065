import { describe, expect, it } from 'vitest';
import { caseEventSchema, caseSchema, type Case, type CaseEvent } from '../../../../../shared/schemas/case.ts';
import {
  CaseDomainError,
  appendEvent,
  completeCase,
  correctField,
  identityOf,
  mergeCases,
  overridesOf,
  projectCase,
  receiveMaterials,
  recordPayment,
  supervisorOverrideRefusal,
  type AcceptanceOverride,
  type CaseErrorCode,
} from '../../../../../shared/domain/case/index.ts';
import {
  acceptSample,
  backOffice,
  dxSupervisor,
  idCardItem,
  islandOfficer,
  passportItem,
  rawEvent,
  residenceCertificateItem,
  testClock,
  testId,
} from './fixtures.ts';

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

const passportOverride: AcceptanceOverride = {
  supervisorId: 'dx-chen',
  businessType: 'exit-entry',
  serviceCodes: ['EE-PASSPORT-FIRST'],
  authorisedAt: '2026-11-26T00:59:30.000Z',
};

/** The event as the counter records it; `rawEvent`-style, for the schema checks. */
const overrideEvent = (fields: Partial<Record<string, unknown>> = {}): Record<string, unknown> => ({
  id: testId(90),
  type: 'authorisation-overridden',
  at: '2026-11-26T01:00:00.000Z',
  officerId: 'dx-lin',
  siteCode: 'DX',
  supervisorId: 'dx-chen',
  businessType: 'exit-entry',
  serviceCodes: ['EE-PASSPORT-FIRST'],
  authorisedAt: '2026-11-26T00:59:30.000Z',
  ...fields,
});

describe('the authorisation-overridden event schema', () => {
  it('accepts ids, codes and times', () => {
    expect(caseEventSchema.safeParse(overrideEvent()).success).toBe(true);
  });

  it.each([
    ['a supervisor name (names are looked up, never stored in the event)', { supervisorName: '陈岚' }],
    ['an unknown business type', { businessType: 'fishing' }],
    ['no service codes', { serviceCodes: [] }],
    ['a supervisor id that is not an officer id', { supervisorId: 'Chen Lan' }],
    ['an authorisation time that is not an instant', { authorisedAt: '昨天' }],
  ])('refuses %s', (_what, fields) => {
    expect(caseEventSchema.safeParse(overrideEvent(fields)).success).toBe(false);
  });
});

describe('acceptCase with a supervisor override', () => {
  it('records one override event per business type with the acceptance, and changes nothing else', () => {
    const plain = acceptSample([passportItem, idCardItem]);
    const overridden = acceptSample([passportItem, idCardItem], testClock(), [passportOverride]);
    expect(caseSchema.parse(overridden)).toStrictEqual(overridden);
    expect(overridden.events.map((event) => event.type)).toEqual(['accepted', 'authorisation-overridden']);
    expect(overridesOf(overridden.events)).toEqual([
      {
        id: testId(3),
        type: 'authorisation-overridden',
        at: overridden.acceptedAt,
        officerId: 'dx-lin',
        siteCode: 'DX',
        supervisorId: 'dx-chen',
        businessType: 'exit-entry',
        serviceCodes: ['EE-PASSPORT-FIRST'],
        authorisedAt: '2026-11-26T00:59:30.000Z',
      },
    ]);
    // The projection is the one of the same case without the override: status, fees, due date, no attention.
    const { events: _a, ...withOverride } = overridden;
    const { events: _b, ...without } = plain;
    expect(withOverride).toEqual(without);
    expect(overridden.status).toBe('accepted');
    expect(overridden.attention).toEqual([]);
  });

  it.each<[string, Partial<AcceptanceOverride>, CaseErrorCode, string]>([
    ['an unknown supervisor', { supervisorId: 'dx-nobody' }, 'override-supervisor-unknown', 'dx-nobody'],
    ['the accepting officer themself', { supervisorId: 'dx-lin' }, 'override-by-accepting-officer', 'dx-lin'],
    ['an officer who is not a supervisor', { supervisorId: 'dx-zhao' }, 'override-not-supervisor', '不是值班领导'],
    [
      'a supervisor without that business type',
      { supervisorId: 'dx-wu' },
      'override-supervisor-not-authorised',
      '没有「出入境」业务授权',
    ],
    ['items the case does not have', { serviceCodes: ['TR-DL-RENEW'] }, 'invalid-override', 'TR-DL-RENEW'],
  ])('refuses the acceptance when the override names %s', (_what, change, code, says) => {
    const refused = refusal(() => acceptSample([passportItem], testClock(), [{ ...passportOverride, ...change }]));
    expect(refused.code).toBe(code);
    expect(refused.zh).toContain(says);
    expect(refused.en.length).toBeGreaterThan(0);
  });

  it('refuses two overrides for one business type', () => {
    expect(refusal(() => acceptSample([passportItem], testClock(), [passportOverride, passportOverride])).code).toBe(
      'invalid-override',
    );
  });
});

describe('supervisorOverrideRefusal', () => {
  const override = { supervisorId: 'dx-chen', officerId: 'dx-lin', businessType: 'traffic' as const };

  it('allows a supervisor who holds the business type', () => {
    expect(supervisorOverrideRefusal(override, dxSupervisor)).toBeUndefined();
  });

  it('refuses, naming the problem in Chinese then English', () => {
    expect(supervisorOverrideRefusal(override, undefined)).toMatchObject({
      code: 'override-supervisor-unknown',
      message: {
        zh: '授权的值班领导 dx-chen 不在民警名单中',
        en: 'The authorising supervisor dx-chen is not a known officer.',
      },
    });
    expect(
      supervisorOverrideRefusal(override, { ...dxSupervisor, authorisedBusinessTypes: ['household'] }),
    ).toMatchObject({
      code: 'override-supervisor-not-authorised',
      message: {
        en: 'Supervisor dx-chen holds no authorisation for vehicles and driving licences and cannot authorise it.',
      },
    });
    expect(supervisorOverrideRefusal(override, { ...dxSupervisor, role: 'back-office' })?.code).toBe(
      'override-not-supervisor',
    );
  });
});

describe('an override in the log', () => {
  const accepted = acceptSample([residenceCertificateItem, passportItem]);
  const late = (n: number, at: string, fields: Partial<Record<string, unknown>> = {}) =>
    ({
      ...overrideEvent({ id: testId(n), at, serviceCodes: ['HH-RESIDENCE-CERT'], businessType: 'household' }),
      ...fields,
    }) as CaseEvent;

  it('may follow the acceptance in a later save, before anything else is recorded', () => {
    const next = appendEvent(accepted, late(50, '2026-11-26T01:00:05.000Z'));
    expect(next.events.map((event) => event.type)).toEqual(['accepted', 'authorisation-overridden']);
    expect(next.status).toBe('accepted');
    expect(next.attention).toEqual([]);
  });

  it('is refused once anything else has happened to the case', () => {
    const paid = recordPayment(
      accepted,
      islandOfficer,
      { amountFen: 100, method: 'cash' },
      testClock('2026-11-26T02:00:00.000Z'),
    );
    const refused = refusal(() => appendEvent(paid, late(51, '2026-11-26T03:00:00.000Z')));
    expect(refused.code).toBe('override-not-at-acceptance');
    expect(refused.zh).toContain('只能随受理一并记录');
  });

  it('must name the accepting officer at the accepting site', () => {
    const refused = refusal(() =>
      appendEvent(accepted, late(52, '2026-11-26T01:00:05.000Z', { officerId: 'dx-other' })),
    );
    expect(refused.code).toBe('invalid-override');
    expect(refused.en).toContain('must name the accepting officer dx-lin at DX');
  });

  it('is kept but flagged when a merged log places it after other events, and never changes the status', () => {
    const received = receiveMaterials(accepted, islandOfficer, ['photo'], testClock('2026-11-26T02:00:00.000Z'));
    const flagged = projectCase(identityOf(received), [...received.events, late(53, '2026-11-26T03:00:00.000Z')]);
    expect(flagged.events).toHaveLength(3);
    expect(flagged.status).toBe(received.status);
    expect(flagged.attention).toEqual([
      expect.objectContaining({ code: 'illegal-transition', eventIds: [testId(53)] }),
    ]);
  });

  it('is kept once when replicas that both hold it merge, and the status is what the other events make it', () => {
    const overridden = acceptSample([residenceCertificateItem], testClock(), [
      { ...passportOverride, businessType: 'household', serviceCodes: ['HH-RESIDENCE-CERT'] },
    ]);
    const island = completeCase(overridden, islandOfficer, testClock('2026-11-26T02:00:00.000Z'));
    const hub = correctField(
      overridden,
      backOffice,
      { field: 'applicant.mobile', value: '13950123457', reason: '手机号码录错' },
      {
        ...testClock('2026-11-26T03:00:00.000Z'),
        newId: () => testId(70),
      },
    );
    const merged = mergeCases(island, hub);
    expect(overridesOf(merged.events)).toHaveLength(1);
    expect(merged.events.map((event) => event.type)).toEqual([
      'accepted',
      'authorisation-overridden',
      'completed',
      'field-corrected',
    ]);
    expect(merged.status).toBe('completed');
    expect(mergeCases(hub, island)).toEqual(merged);
    expect(mergeCases(merged, island)).toEqual(merged);
  });

  it('keeps the acceptance open across several overrides of one save', () => {
    const both = projectCase(identityOf(accepted), [
      ...accepted.events,
      late(60, accepted.acceptedAt),
      late(61, accepted.acceptedAt, { businessType: 'exit-entry', serviceCodes: ['EE-PASSPORT-FIRST'] }),
    ]);
    expect(overridesOf(both.events)).toHaveLength(2);
    expect(both.attention).toEqual([]);
  });

  it('is refused by the raw fixture the same way (the replay does not depend on how the event was made)', () => {
    const raw = rawEvent('authorisation-overridden', 80, '2026-11-26T01:00:01.000Z', {
      supervisorId: 'dx-chen',
      businessType: 'household',
      serviceCodes: ['HH-RESIDENCE-CERT'],
      authorisedAt: '2026-11-26T00:59:00.000Z',
    });
    // rawEvent stamps officer "someone", who did not accept the case.
    const projected: Case = projectCase(identityOf(accepted), [...accepted.events, raw]);
    expect(projected.attention.map((entry) => entry.code)).toEqual(['illegal-transition']);
  });
});

import { describe, expect, it } from 'vitest';
import { caseSchema, type CaseEvent } from '../../../../../shared/schemas/case.ts';
import {
  CaseDomainError,
  identityOf,
  outstandingFen,
  outstandingMaterialRequests,
  projectCase,
} from '../../../../../shared/domain/case/index.ts';
import {
  acceptSample,
  applicant,
  idCardItem,
  passportItem,
  rawEvent,
  residenceCertificateItem,
  testId,
} from './fixtures.ts';

const accepted = acceptSample();
const identity = identityOf(accepted);
const genesis = accepted.events[0] as CaseEvent;

function project(...events: CaseEvent[]) {
  return caseSchema.parse(projectCase(identity, [genesis, ...events]));
}

describe('projectCase', () => {
  it('projects an accepted case from its single event', () => {
    const projected = project();
    expect(projected).toStrictEqual({
      ...identity,
      sharedWithSites: [],
      status: 'accepted',
      applicant,
      items: [passportItem, idCardItem],
      totalFeeFen: 14_000,
      paidFen: 0,
      dueDate: '2026-12-20',
      acceptedAt: genesis.at,
      updatedAt: genesis.at,
      attention: [],
      events: [genesis],
    });
  });

  it('gives an empty due date when every item is done on the spot', () => {
    const onTheSpot = acceptSample([residenceCertificateItem]);
    expect(projectCase(identityOf(onTheSpot), onTheSpot.events).dueDate).toBe('');
  });

  it('sorts events by time, breaking ties by id, whatever the input order', () => {
    const a = rawEvent('payment-recorded', 20, '2026-11-26T02:00:00.000Z', { amountFen: 100, method: 'cash' });
    const b = rawEvent('payment-recorded', 10, '2026-11-26T02:00:00.000Z', { amountFen: 200, method: 'cash' });
    const c = rawEvent('forwarded', 5, '2026-11-26T01:30:00.000Z', { toSiteCode: 'HT', note: '' });
    const forwards = projectCase(identity, [a, genesis, b, c]);
    const backwards = projectCase(identity, [c, b, genesis, a]);
    expect(forwards).toStrictEqual(backwards);
    expect(forwards.events.map((event) => event.id)).toEqual([genesis.id, c.id, b.id, a.id]);
    expect(forwards.updatedAt).toBe('2026-11-26T02:00:00.000Z');
  });

  it('replays the acceptance first even when another machine stamped an event before it', () => {
    const early = rawEvent('forwarded', 50, '2026-11-26T00:00:00.000Z', { toSiteCode: 'HT', note: '' });
    const projected = project(early);
    expect(projected.events[0]).toStrictEqual(genesis);
    expect(projected.status).toBe('forwarded');
    expect(projected.acceptedAt).toBe(genesis.at);
    expect(projected.updatedAt).toBe(genesis.at);
  });

  it('applies field corrections to the applicant', () => {
    const projected = project(
      rawEvent('field-corrected', 50, '2026-11-26T02:00:00.000Z', {
        field: 'applicant.name',
        value: '林海艳',
        reason: '录入错字',
      }),
      rawEvent('field-corrected', 51, '2026-11-26T02:01:00.000Z', {
        field: 'applicant.mobile',
        value: '13900000000',
        reason: '申请人更换号码',
      }),
    );
    expect(projected.applicant).toStrictEqual({ ...applicant, name: '林海艳', mobile: '13900000000' });
  });

  it('waits for requested materials and returns to accepted once all have arrived', () => {
    const requested = rawEvent('materials-requested', 50, '2026-11-26T02:00:00.000Z', {
      materialCodes: ['photo', 'household-register'],
      note: '',
    });
    const firstArrives = rawEvent('materials-received', 51, '2026-11-26T02:10:00.000Z', { materialCodes: ['photo'] });
    const secondArrives = rawEvent('materials-received', 52, '2026-11-26T02:20:00.000Z', {
      materialCodes: ['household-register'],
    });
    expect(project(requested).status).toBe('awaiting-materials');
    const partly = project(requested, firstArrives);
    expect(partly.status).toBe('awaiting-materials');
    expect(partly.items[0]?.materials).toStrictEqual([
      { code: 'id-card', received: true },
      { code: 'photo', received: true },
    ]);
    const complete = project(requested, firstArrives, secondArrives);
    expect(complete.status).toBe('accepted');
    expect(complete.items[1]?.materials).toStrictEqual([{ code: 'household-register', received: true }]);
  });

  it('returns a back-office request to the back office, not to the island, once materials arrive', () => {
    const projected = project(
      rawEvent('forwarded', 50, '2026-11-26T02:00:00.000Z', { toSiteCode: 'HT', note: '' }),
      rawEvent(
        'materials-requested',
        51,
        '2026-11-26T03:00:00.000Z',
        { materialCodes: ['id-card'], note: '复印件不清' },
        'HT',
      ),
      rawEvent('materials-received', 52, '2026-11-26T04:00:00.000Z', { materialCodes: ['id-card'] }),
    );
    expect(projected.status).toBe('forwarded');
    expect(projected.items[0]?.materials[0]).toStrictEqual({ code: 'id-card', received: true });
  });

  it('marks a re-requested material as not received until it arrives again', () => {
    const projected = project(
      rawEvent('materials-requested', 50, '2026-11-26T02:00:00.000Z', { materialCodes: ['id-card'], note: '' }),
    );
    expect(projected.items.map((item) => item.materials.find((m) => m.code === 'id-card')?.received)).toEqual([
      false,
      undefined,
    ]);
  });

  it('tracks requested materials that no item lists', () => {
    const projected = project(
      rawEvent('materials-requested', 50, '2026-11-26T02:00:00.000Z', {
        materialCodes: ['birth-certificate', 'photo'],
        note: '',
      }),
      rawEvent('materials-received', 51, '2026-11-26T02:10:00.000Z', { materialCodes: ['photo'] }),
    );
    expect(outstandingMaterialRequests(projected)).toEqual(['birth-certificate']);
    expect(projected.status).toBe('awaiting-materials');
  });

  it('counts waived fees as settled in paidFen', () => {
    const projected = project(
      rawEvent('payment-recorded', 50, '2026-11-26T02:00:00.000Z', { amountFen: 12_000, method: 'cash' }),
      rawEvent('payment-recorded', 51, '2026-11-26T02:01:00.000Z', { amountFen: 2_000, method: 'waived' }),
    );
    expect(projected.paidFen).toBe(14_000);
    expect(outstandingFen(projected)).toBe(0);
  });

  it('shares the case with the back office and a different pick-up site, but not with its own site', () => {
    const log = [
      rawEvent('forwarded', 50, '2026-11-26T02:00:00.000Z', { toSiteCode: 'HT', note: '' }),
      rawEvent('approved', 51, '2026-11-27T02:00:00.000Z', { note: '' }, 'HT'),
      rawEvent('ready-for-pickup', 52, '2026-11-28T02:00:00.000Z', { pickupSiteCode: 'DX' }, 'HT'),
    ];
    expect(project(...log).sharedWithSites).toEqual(['HT']);
    const elsewhere = rawEvent('ready-for-pickup', 52, '2026-11-28T02:00:00.000Z', { pickupSiteCode: 'AB' }, 'HT');
    const projected = project(log[0] as CaseEvent, log[1] as CaseEvent, elsewhere);
    expect(projected.sharedWithSites).toEqual(['AB', 'HT']);
    expect(projected.status).toBe('ready-for-pickup');
  });

  it('flags an event illegal where it stands and leaves the status alone', () => {
    const onTheSpot = acceptSample([residenceCertificateItem]);
    const completed = rawEvent('completed', 50, '2026-11-26T02:00:00.000Z', {});
    const approved = rawEvent('approved', 51, '2026-11-26T03:00:00.000Z', { note: '' }, 'HT');
    const lateFee = rawEvent('payment-recorded', 52, '2026-11-26T04:00:00.000Z', { amountFen: 500, method: 'cash' });
    const projected = caseSchema.parse(
      projectCase(identityOf(onTheSpot), [...onTheSpot.events, completed, approved, lateFee]),
    );
    expect(projected.status).toBe('completed');
    expect(projected.paidFen).toBe(0);
    expect(projected.attention.map(({ code, eventIds }) => ({ code, eventIds }))).toEqual([
      { code: 'illegal-transition', eventIds: [approved.id] },
      { code: 'illegal-transition', eventIds: [lateFee.id] },
    ]);
    expect(projected.attention[0]?.message).toMatch(
      /^「已办结」状态下不能「核准」.* \/ A case that is completed cannot be approved/,
    );
  });

  it('flags completing on the spot a case with back-office items', () => {
    const projected = project(rawEvent('completed', 50, '2026-11-26T02:00:00.000Z', {}));
    expect(projected.status).toBe('accepted');
    expect(projected.attention).toHaveLength(1);
    expect(projected.attention[0]?.message).toMatch(/后台审批/);
  });

  it('flags a second acceptance without replacing the applicant', () => {
    const second = {
      ...genesis,
      id: testId(99),
      at: '2026-11-26T05:00:00.000Z',
      applicant: { ...applicant, name: '别人' },
    };
    const projected = project(second);
    expect(projected.applicant.name).toBe('林海燕');
    expect(projected.attention.map((entry) => entry.eventIds)).toEqual([[second.id]]);
  });

  it('flags a correction whose value the applicant schema refuses', () => {
    const projected = project(
      rawEvent('field-corrected', 50, '2026-11-26T02:00:00.000Z', {
        field: 'applicant.idType',
        value: 'library-card',
        reason: 'x',
      }),
    );
    expect(projected.applicant).toStrictEqual(applicant);
    expect(projected.attention[0]?.code).toBe('illegal-transition');
    expect(projected.attention[0]?.message).toMatch(/applicant\.idType/);
  });

  it('does not flag the same outcome recorded twice', () => {
    const projected = project(
      rawEvent('forwarded', 50, '2026-11-26T02:00:00.000Z', { toSiteCode: 'HT', note: '' }),
      rawEvent('approved', 51, '2026-11-26T03:00:00.000Z', { note: '' }, 'HT'),
      rawEvent('approved', 52, '2026-11-26T03:00:01.000Z', { note: '' }, 'HT'),
    );
    expect(projected.status).toBe('approved');
    expect(projected.attention).toEqual([]);
  });

  it('caps attention at the schema limit and keeps the document valid', () => {
    const illegal = Array.from({ length: 40 }, (_, i) =>
      rawEvent('ready-for-pickup', 100 + i, `2026-11-26T03:${String(i).padStart(2, '0')}:00.000Z`, {
        pickupSiteCode: 'DX',
      }),
    );
    const projected = project(...illegal);
    expect(projected.attention).toHaveLength(20);
    expect(projected.attention[0]?.eventIds).toEqual([testId(100)]);
  });

  it('refuses a log without an accepted event', () => {
    const log = [rawEvent('completed', 50, '2026-11-26T02:00:00.000Z', {})];
    expect(() => projectCase(identity, log)).toThrow(CaseDomainError);
    expect(() => projectCase(identity, log)).toThrow(expect.objectContaining({ code: 'missing-accepted-event' }));
  });
});

import fc from 'fast-check';
import {
  CASE_EVENT_TYPES,
  PAYMENT_METHODS,
  type Case,
  type CaseEvent,
  type CaseItem,
} from '../../../../../shared/schemas/case.ts';
import {
  identityOf,
  legalEvents,
  outstandingFen,
  outstandingMaterialRequests,
  projectCase,
  recordEvent,
  type Actor,
  type CaseEventDraft,
  type TransitionEventType,
} from '../../../../../shared/domain/case/index.ts';
import { acceptSample, idCardItem, passportItem, residenceCertificateItem, testClock } from './fixtures.ts';

/** One thing an officer does next: which legal event (pick), how long after the last one, and its details. */
interface Step {
  pick: number;
  elapsedMs: number;
  detail: number;
}

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  pick: fc.nat(),
  // Tiny gaps make replicas stamp the same millisecond, so the id tiebreak is exercised.
  elapsedMs: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1_000, max: 2 * 86_400_000 })),
  detail: fc.nat(),
});

const island: Actor = { officerId: 'dx-lin', siteCode: 'DX', role: 'officer' };
const hub: Actor = { officerId: 'ht-chen', siteCode: 'HT', role: 'back-office' };
const BACK_OFFICE_EVENTS: readonly TransitionEventType[] = ['approved', 'rejected', 'ready-for-pickup'];
const REQUESTABLE = ['photo', 'id-card', 'birth-certificate', 'household-register'];

function pickFrom<T>(values: readonly T[], n: number): T {
  return values[n % values.length] as T;
}

function draftFor(current: Case, type: TransitionEventType, detail: number): CaseEventDraft {
  switch (type) {
    case 'materials-requested':
      return {
        type,
        materialCodes: [...new Set([pickFrom(REQUESTABLE, detail), pickFrom(REQUESTABLE, detail >> 2)])],
        note: '请补正',
      };
    case 'materials-received': {
      const outstanding = outstandingMaterialRequests(current);
      const listed = current.items.flatMap((item) => item.materials.map((material) => material.code));
      const codes =
        outstanding.length > 0 && detail % 3 !== 0
          ? outstanding.slice(0, 1 + (detail % outstanding.length))
          : [pickFrom(listed, detail)];
      return { type, materialCodes: codes };
    }
    case 'forwarded':
      return { type, toSiteCode: pickFrom(['HT', 'JS'], detail), note: '' };
    case 'approved':
      return { type, note: '' };
    case 'rejected':
      return { type, reason: '材料不符合要求' };
    case 'ready-for-pickup':
      return { type, pickupSiteCode: pickFrom(['DX', 'NH'], detail) };
    case 'completed':
      return { type };
    case 'cancelled':
      return { type, reason: '申请人撤回' };
    case 'field-corrected':
      return {
        type,
        field: pickFrom(['applicant.name', 'applicant.mobile', 'applicant.address'] as const, detail),
        value: `更正${detail % 7}`,
        reason: '录入错误',
      };
    case 'payment-recorded':
      return {
        type,
        amountFen: 1 + (detail % outstandingFen(current)),
        method: pickFrom(PAYMENT_METHODS, detail >> 3),
      };
  }
}

/** Plays steps on one replica through the real commands, so every replica log is one the app could have written. */
function walk(start: Case, steps: readonly Step[], nextId: () => string, startMs: number): Case {
  let current = start;
  let time = startMs;
  for (const step of steps) {
    const legal = legalEvents(current);
    if (legal.length === 0) break;
    const feasible = legal.filter(
      (type) => type !== 'cancelled' && (type !== 'payment-recorded' || outstandingFen(current) > 0),
    );
    // Withdrawals are legal everywhere but rare at a real counter; left uniform they would end most walks at once.
    const type = step.pick % 25 === 0 || feasible.length === 0 ? 'cancelled' : pickFrom(feasible, step.pick);
    time += step.elapsedMs;
    const actor = BACK_OFFICE_EVENTS.includes(type) ? hub : island;
    const at = new Date(time);
    current = recordEvent(current, actor, draftFor(current, type, step.detail), { newId: nextId, now: () => at });
  }
  return current;
}

function latestMs(current: Case): number {
  return Math.max(...current.events.map((event) => Date.parse(event.at)));
}

export interface ReplicaScenario {
  /** The log every replica shares (the case as it was last synced everywhere). */
  common: Case;
  /** Three replicas that went on apart; a later replica may have synced part of the one before it first. */
  replicas: [Case, Case, Case];
}

const branchArbitrary = fc.record({
  steps: fc.array(stepArbitrary, { maxLength: 8 }),
  syncedFromPrevious: fc.nat({ max: 6 }),
  // Zero skew makes replicas stamp identical instants; the rest models clocks that drift apart.
  clockSkewMs: fc.oneof(fc.constant(0), fc.integer({ min: -600_000, max: 600_000 })),
});

const ITEM_CHOICES: CaseItem[] = [passportItem, residenceCertificateItem, idCardItem];

/** Realistic replicas of one case: a common log, then divergent histories on a counter, the hub and a third machine. */
export const replicaScenarioArbitrary: fc.Arbitrary<ReplicaScenario> = fc
  .record({
    items: fc.subarray(ITEM_CHOICES, { minLength: 1 }),
    ids: fc.uniqueArray(fc.uuid({ version: 7 }), { minLength: 40, maxLength: 40 }),
    prefix: fc.array(stepArbitrary, { maxLength: 6 }),
    branches: fc.tuple(branchArbitrary, branchArbitrary, branchArbitrary),
    // Whether a supervisor authorised the first item at acceptance (the officer lacked its business type).
    overridden: fc.boolean(),
  })
  .map(({ items, ids, prefix, branches, overridden }) => {
    const pool = [...ids];
    const nextId = () => {
      const id = pool.shift();
      if (id === undefined) throw new Error('id pool exhausted; raise its size');
      return id;
    };
    const [first] = items as [CaseItem, ...CaseItem[]];
    const overrides = overridden
      ? [
          {
            supervisorId: 'dx-chen',
            businessType: first.serviceCode.startsWith('EE-') ? ('exit-entry' as const) : ('household' as const),
            serviceCodes: [first.serviceCode],
            authorisedAt: '2026-11-26T00:59:30.000Z',
          },
        ]
      : [];
    const accepted = acceptSample(items, { ...testClock(), newId: nextId }, overrides);
    const common = walk(accepted, prefix, nextId, latestMs(accepted));
    const replicas: Case[] = [];
    for (const branch of branches) {
      const previous = replicas.at(-1);
      const commonIds = new Set(common.events.map((event) => event.id));
      const synced = (previous?.events ?? [])
        .filter((event) => !commonIds.has(event.id))
        .slice(0, branch.syncedFromPrevious);
      const base = synced.length === 0 ? common : projectCase(identityOf(common), [...common.events, ...synced]);
      replicas.push(walk(base, branch.steps, nextId, latestMs(base) + branch.clockSkewMs));
    }
    return { common, replicas: replicas as [Case, Case, Case] };
  });

/** Any event at all, legal or not, stamped from a handful of instants so that ties are common. */
function rawEventArbitrary(id: string): fc.Arbitrary<CaseEvent> {
  const at = fc.constantFrom(
    '2026-11-26T01:00:00.000Z',
    '2026-11-26T02:00:00.000Z',
    '2026-11-26T02:00:00.001Z',
    '2026-11-27T09:30:00.000Z',
  );
  const base = {
    id: fc.constant(id),
    at,
    officerId: fc.constantFrom('dx-lin', 'ht-chen'),
    siteCode: fc.constantFrom('DX', 'HT', 'NH'),
  };
  const codes = fc.uniqueArray(fc.constantFrom(...REQUESTABLE), { minLength: 1, maxLength: 3 });
  return fc
    .constantFrom(...CASE_EVENT_TYPES.filter((type) => type !== 'accepted'))
    .chain((type): fc.Arbitrary<CaseEvent> => {
      switch (type) {
        case 'materials-requested':
          return fc.record({ ...base, type: fc.constant(type), materialCodes: codes, note: fc.constant('') });
        case 'materials-received':
          return fc.record({ ...base, type: fc.constant(type), materialCodes: codes });
        case 'forwarded':
          return fc.record({
            ...base,
            type: fc.constant(type),
            toSiteCode: fc.constantFrom('HT', 'JS', 'DX'),
            note: fc.constant(''),
          });
        case 'approved':
          return fc.record({ ...base, type: fc.constant(type), note: fc.constant('') });
        case 'rejected':
        case 'cancelled':
          return fc.record({ ...base, type: fc.constant(type), reason: fc.constant('原因') });
        case 'ready-for-pickup':
          return fc.record({ ...base, type: fc.constant(type), pickupSiteCode: fc.constantFrom('DX', 'NH', 'YT') });
        case 'completed':
          return fc.record({ ...base, type: fc.constant(type) });
        case 'field-corrected':
          return fc.record({
            ...base,
            type: fc.constant(type),
            field: fc.constantFrom('applicant.name', 'applicant.idType', 'applicant.mobile'),
            value: fc.constantFrom('', 'passport', '王五', '13900000000'),
            reason: fc.constant('更正'),
          });
        case 'payment-recorded':
          return fc.record({
            ...base,
            type: fc.constant(type),
            amountFen: fc.integer({ min: 0, max: 20_000 }),
            method: fc.constantFrom(...PAYMENT_METHODS),
          });
        case 'authorisation-overridden':
          return fc.record({
            ...base,
            type: fc.constant(type),
            supervisorId: fc.constantFrom('dx-chen', 'dx-lin'),
            businessType: fc.constantFrom('exit-entry', 'household'),
            serviceCodes: fc.constantFrom('EE-PASSPORT-FIRST', 'HH-ID-CARD-RENEW', 'TR-DL-RENEW').map((code) => [code]),
            authorisedAt: at,
          });
      }
    });
}

/** Replicas holding arbitrary subsets of arbitrary events, legal or not: the laws must hold for any log. */
export const adversarialReplicasArbitrary: fc.Arbitrary<[Case, Case, Case]> = fc
  .uniqueArray(fc.uuid({ version: 7 }), { minLength: 1, maxLength: 30 })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.tuple(rawEventArbitrary(id), fc.integer({ min: 1, max: 7 })))))
  .map((events) => {
    const accepted = acceptSample([passportItem, idCardItem]);
    const holding = (mask: number) => [
      ...accepted.events,
      ...events.filter(([, held]) => held & mask).map(([event]) => event),
    ];
    const identity = identityOf(accepted);
    return [projectCase(identity, holding(1)), projectCase(identity, holding(2)), projectCase(identity, holding(4))];
  });

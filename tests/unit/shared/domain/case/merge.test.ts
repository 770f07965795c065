import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseSchema, type Case } from '../../../../../shared/schemas/case.ts';
import {
  CaseDomainError,
  approveCase,
  cancelCase,
  completeCase,
  forwardToBackOffice,
  identityOf,
  markReadyForPickup,
  mergeCases,
  projectCase,
  rejectCase,
  unionEvents,
} from '../../../../../shared/domain/case/index.ts';
import { acceptSample, backOffice, idCardItem, islandOfficer, passportItem, testClock, testId } from './fixtures.ts';
import { adversarialReplicasArbitrary, replicaScenarioArbitrary } from './arbitraries.ts';

const RUNS = { numRuns: 300 };

function at(iso: string) {
  let n = 0;
  return { newId: () => testId(Date.parse(iso) + n++), now: () => new Date(iso) };
}

/** A passport case forwarded to the back office at 海坛, as both the island and the hub hold it after a sync. */
function forwardedCase(): Case {
  const clock = testClock();
  return forwardToBackOffice(acceptSample([passportItem], clock), islandOfficer, { toSiteCode: 'HT', note: '' }, clock);
}

function expectSameEverywhere(a: Case, b: Case): Case {
  const merged = mergeCases(a, b);
  expect(mergeCases(b, a)).toStrictEqual(merged);
  expect(caseSchema.parse(merged)).toStrictEqual(merged);
  return merged;
}

describe('mergeCases', () => {
  it('joins what the island and the hub did apart', () => {
    const common = forwardedCase();
    const hub = approveCase(common, backOffice, '', at('2026-11-27T02:00:00.000Z'));
    const island = cancelCase(common, islandOfficer, '申请人撤回', at('2026-11-27T03:00:00.000Z'));
    const merged = expectSameEverywhere(hub, island);
    expect(merged.events.map((event) => event.type)).toEqual(['accepted', 'forwarded', 'approved', 'cancelled']);
    expect(merged.status).toBe('cancelled');
    expect(merged.attention).toEqual([]);
  });

  it('flags approval and rejection by two back-office officers, keeping the earlier outcome as status', () => {
    const common = forwardedCase();
    const approved = approveCase(common, backOffice, '', at('2026-11-27T02:00:00.000Z'));
    const rejected = rejectCase(common, backOffice, '照片不合格', at('2026-11-27T02:05:00.000Z'));
    const merged = expectSameEverywhere(approved, rejected);
    const approvalId = approved.events.at(-1)?.id;
    const rejectionId = rejected.events.at(-1)?.id;
    expect(merged.status).toBe('approved');
    expect(merged.attention).toHaveLength(1);
    expect(merged.attention[0]).toMatchObject({ code: 'contradictory-outcome', eventIds: [approvalId, rejectionId] });
    expect(merged.attention[0]?.message).toMatch(
      /^结果冲突：「核准」.*「不予批准」.*请主管裁定。 \/ Contradictory outcomes/,
    );
  });

  it('flags a case completed at the island counter while the hub rejected it', () => {
    const common = forwardedCase();
    const approvedAndReady = markReadyForPickup(
      approveCase(common, backOffice, '', at('2026-11-27T02:00:00.000Z')),
      backOffice,
      'DX',
      at('2026-11-28T02:00:00.000Z'),
    );
    const island = completeCase(approvedAndReady, islandOfficer, at('2026-11-29T02:00:00.000Z'));
    const otherHubProcess = rejectCase(common, backOffice, '不符合条件', at('2026-11-28T09:00:00.000Z'));
    const merged = expectSameEverywhere(island, otherHubProcess);
    expect(merged.status).toBe('completed');
    expect(merged.attention.map((entry) => entry.code)).toEqual(['contradictory-outcome', 'contradictory-outcome']);
    const named = merged.attention.flatMap((entry) => entry.eventIds);
    expect(named).toEqual(expect.arrayContaining([otherHubProcess.events.at(-1)?.id, island.events.at(-1)?.id]));
    expect(merged.attention.every((entry) => entry.message.includes('状态暂显示为「已办结」'))).toBe(true);
  });

  it('flags completion against cancellation, and shows the earlier one as status', () => {
    const clock = testClock();
    const ready = markReadyForPickup(
      approveCase(
        forwardToBackOffice(acceptSample([passportItem], clock), islandOfficer, { toSiteCode: 'HT', note: '' }, clock),
        backOffice,
        '',
        clock,
      ),
      backOffice,
      'DX',
      clock,
    );
    const cancelledFirst = cancelCase(ready, backOffice, '证件作废', at('2026-11-27T01:00:00.000Z'));
    const completedLater = completeCase(ready, islandOfficer, at('2026-11-27T01:00:00.500Z'));
    const merged = expectSameEverywhere(cancelledFirst, completedLater);
    expect(merged.status).toBe('cancelled');
    expect(merged.attention).toEqual([
      expect.objectContaining({
        code: 'contradictory-outcome',
        eventIds: [cancelledFirst.events.at(-1)?.id, completedLater.events.at(-1)?.id],
      }),
    ]);
  });

  it('refuses to merge two different cases', () => {
    const one = acceptSample([idCardItem]);
    const other = acceptSample([idCardItem], {
      ...testClock(),
      newId: (() => {
        let n = 500;
        return () => testId(n++);
      })(),
    });
    expect(() => mergeCases(one, other)).toThrow(CaseDomainError);
    expect(() => mergeCases(one, other)).toThrow(/id: /);
    expect(() => mergeCases(one, { ...one, caseNumber: 'DX-20261126-02-0008' })).toThrow(
      expect.objectContaining({ code: 'case-identity-mismatch' }),
    );
  });

  it('keeps one copy of an event whose id appears twice, whichever replica it came from', () => {
    const common = forwardedCase();
    const approved = approveCase(common, backOffice, '同意', at('2026-11-27T02:00:00.000Z'));
    const approval = approved.events.at(-1);
    if (approval?.type !== 'approved') throw new Error('expected the approval last');
    const tampered = projectCase(identityOf(common), [...common.events, { ...approval, note: '篡改' }]);
    const merged = expectSameEverywhere(approved, tampered);
    expect(merged.events.filter((event) => event.id === approval.id)).toHaveLength(1);
    expect(unionEvents(approved.events, tampered.events)).toStrictEqual(unionEvents(tampered.events, approved.events));
  });
});

describe('mergeCases laws', () => {
  it('builds replicas the app could have written', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ replicas }) => {
        for (const replica of replicas) {
          expect(caseSchema.parse(replica)).toStrictEqual(replica);
          expect(replica.attention).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('is commutative', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ replicas: [a, b] }) => {
        expect(mergeCases(a, b)).toStrictEqual(mergeCases(b, a));
      }),
      RUNS,
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ replicas: [a, b, c] }) => {
        expect(mergeCases(mergeCases(a, b), c)).toStrictEqual(mergeCases(a, mergeCases(b, c)));
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ common, replicas: [a, b] }) => {
        expect(mergeCases(a, a)).toStrictEqual(a);
        expect(mergeCases(a, common)).toStrictEqual(a);
        const ab = mergeCases(a, b);
        expect(mergeCases(ab, b)).toStrictEqual(ab);
        expect(mergeCases(ab, ab)).toStrictEqual(ab);
      }),
      RUNS,
    );
  });

  it('loses no event of either replica', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ replicas: [a, b] }) => {
        const merged = mergeCases(a, b);
        for (const event of [...a.events, ...b.events]) expect(merged.events).toContainEqual(event);
        expect(new Set(merged.events.map((event) => event.id)).size).toBe(merged.events.length);
      }),
      RUNS,
    );
  });

  it('equals the projection of the union of the logs, in any order, and is schema-valid', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, fc.nat(), ({ replicas: [a, b, c] }, seed) => {
        const merged = mergeCases(mergeCases(a, b), c);
        const union = unionEvents(a.events, b.events, c.events);
        const shuffled =
          fc.sample(fc.shuffledSubarray(union, { minLength: union.length }), { numRuns: 1, seed })[0] ?? [];
        expect(merged).toStrictEqual(projectCase(identityOf(a), union));
        expect(merged).toStrictEqual(projectCase(identityOf(a), shuffled));
        expect(caseSchema.parse(merged)).toStrictEqual(merged);
      }),
      RUNS,
    );
  });

  it('reaches the same document whichever order three replicas meet in', () => {
    fc.assert(
      fc.property(replicaScenarioArbitrary, ({ replicas: [a, b, c] }) => {
        const expected = mergeCases(mergeCases(a, b), c);
        for (const [x, y, z] of [
          [b, c, a],
          [c, a, b],
          [a, c, b],
          [c, b, a],
          [b, a, c],
        ] as const) {
          expect(mergeCases(mergeCases(x, y), z)).toStrictEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('holds the laws even for logs no replica could have written', () => {
    fc.assert(
      fc.property(adversarialReplicasArbitrary, ([a, b, c]) => {
        expect(mergeCases(a, b)).toStrictEqual(mergeCases(b, a));
        expect(mergeCases(mergeCases(a, b), c)).toStrictEqual(mergeCases(a, mergeCases(b, c)));
        expect(mergeCases(a, a)).toStrictEqual(a);
        const merged = mergeCases(mergeCases(a, b), c);
        for (const event of [...a.events, ...b.events, ...c.events]) expect(merged.events).toContainEqual(event);
        expect(caseSchema.safeParse(merged).success).toBe(true);
      }),
      RUNS,
    );
  });
});

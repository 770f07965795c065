import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptCase,
  forwardToBackOffice,
  overridesOf,
  type AcceptanceOverride,
  type OverrideSupervisor,
} from '../../../shared/domain/case/index.ts';
import type { Case, Officer } from '../../../shared/schemas/index.ts';
import { residentId } from '../../helpers/cases.ts';
import { officer } from '../../helpers/documents.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { openSite, startTestHub, waitFor, type TestHub, type TestSite } from '../../helpers/sync-harness.ts';

const plain = (c: Case) => JSON.parse(JSON.stringify(c)) as Case;

async function localCase(site: TestSite, id: string): Promise<Case | null> {
  const doc = await site.db.cases.findOne(id).exec();
  return doc ? plain(doc.toJSON() as Case) : null;
}

/** The officers of 东庠 as the hub holds them: one supervisor for each situation. */
const DX_OFFICERS: Officer[] = [
  { ...officer('dx-lin', ['DX']), role: 'officer', authorisedBusinessTypes: ['household'] },
  { ...officer('dx-chen', ['DX']), role: 'supervisor', authorisedBusinessTypes: ['household', 'traffic'] },
  { ...officer('dx-wu', ['DX']), role: 'supervisor', authorisedBusinessTypes: ['household'] },
  { ...officer('dx-zhao', ['DX']), role: 'officer', authorisedBusinessTypes: ['traffic'] },
];

let sequence = 0;

/**
 * A driving-licence renewal (traffic) accepted at 东庠 by dx-lin, who holds only household registration, with a
 * supervisor's override. `officers` is what the counter checked the override against.
 */
function overriddenCase(supervisorId: string, officers: ReadonlyMap<string, OverrideSupervisor>): Case {
  sequence += 1;
  const override: AcceptanceOverride = {
    supervisorId,
    businessType: 'traffic',
    serviceCodes: ['TR-DL-RENEW'],
    authorisedAt: new Date(Date.now() - 20_000).toISOString(),
  };
  return acceptCase({
    caseNumber: `DX-20261126-03-${String(sequence).padStart(4, '0')}`,
    siteCode: 'DX',
    counter: 3,
    officerId: 'dx-lin',
    applicant: {
      idType: 'resident-id',
      idNumber: residentId(4000 + sequence),
      name: '林晓梅',
      mobile: '13950123456',
      address: '平潭县东庠乡',
    },
    items: [
      {
        serviceCode: 'TR-DL-RENEW',
        feeFen: 1000,
        route: 'back-office',
        dueDate: '2026-12-03',
        materials: [{ code: 'id-card', received: true }],
      },
    ],
    overrides: [override],
    officers,
  });
}

describe.each(['pglite', 'postgres'] as const)('a supervisor override travelling with its case (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;
  let dx: TestSite;
  let ht: TestSite;

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('override');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
    for (const record of DX_OFFICERS) await hub.hub.ops.putOfficer(record);
    dx = await openSite(hub, 'DX', { collections: ['cases', 'officers'] });
    ht = await openSite(hub, 'HT', { collections: ['cases'] });
  }, 120_000);

  afterAll(async () => {
    for (const site of [dx, ht]) await site?.close();
    await hub?.close();
    await scratch?.drop();
  });

  it('reaches the hub and the main island in the case’s own log, checked on the counter against its officers', async () => {
    await waitFor('the counter holds its site’s officers', async () => (await dx.db.officers.count().exec()) === 4);
    // The counter checks the override against the officers it replicated, as intake does.
    const replicated = new Map(
      (await dx.db.officers.find().exec()).map((doc) => {
        const record = doc.toJSON() as Officer;
        return [record.id, record] as const;
      }),
    );
    const accepted = overriddenCase('dx-chen', replicated);
    await dx.db.cases.insert(accepted);
    await waitFor('the hub holds the case', async () =>
      (await hub.hub.documents.get('cases', [accepted.id])).has(accepted.id),
    );

    // The island sends it to the main island's back office, in a later save.
    const forwarded = forwardToBackOffice(
      accepted,
      { officerId: 'dx-lin', siteCode: 'DX' },
      { toSiteCode: 'HT', note: '' },
    );
    await dx.db.cases.upsert(forwarded);
    await waitFor('the main island receives the case', async () => (await localCase(ht, accepted.id)) !== null);

    const atMainIsland = (await localCase(ht, accepted.id))!;
    expect(atMainIsland).toEqual(plain(forwarded));
    expect(overridesOf(atMainIsland.events)).toEqual([
      expect.objectContaining({
        officerId: 'dx-lin',
        siteCode: 'DX',
        supervisorId: 'dx-chen',
        businessType: 'traffic',
        serviceCodes: ['TR-DL-RENEW'],
      }),
    ]);
    const atHub = (await hub.hub.documents.get('cases', [accepted.id])).get(accepted.id)!.doc as unknown as Case;
    expect(overridesOf(atHub.events)).toEqual(overridesOf(atMainIsland.events));
    expect(dx.sync.getStatus().refused.map((r) => r.docId)).not.toContain(accepted.id);
  });

  it.each([
    ['an officer the hub does not know', 'dx-ghost', 'override-supervisor-unknown'],
    ['an officer who is not a supervisor', 'dx-zhao', 'override-not-supervisor'],
    ['a supervisor without the business type', 'dx-wu', 'override-supervisor-not-authorised'],
  ])('is refused at the hub when it names %s, and the counter is told why', async (_what, supervisorId, code) => {
    // A counter whose copy of the officers said otherwise (stale, or tampered with).
    const believed = new Map([
      [supervisorId, { id: supervisorId, role: 'supervisor' as const, authorisedBusinessTypes: ['traffic' as const] }],
    ]);
    const refusedCase = overriddenCase(supervisorId, believed);
    await dx.db.cases.insert(refusedCase);
    await waitFor('the counter learns of the refusal', () =>
      dx.sync.getStatus().refused.some((r) => r.docId === refusedCase.id),
    );
    const refusal = dx.sync.getStatus().refused.find((r) => r.docId === refusedCase.id)!;
    expect(refusal).toMatchObject({ collection: 'cases', code });
    expect(refusal.reason).toContain(supervisorId);
    expect((await hub.hub.documents.get('cases', [refusedCase.id])).has(refusedCase.id)).toBe(false);
    // The counter keeps its case: it is set aside at the hub, not lost.
    expect(await localCase(dx, refusedCase.id)).toEqual(plain(refusedCase));
  });
});

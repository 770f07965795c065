import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelCase,
  forwardToBackOffice,
  identityOf,
  projectCase,
  rejectCase,
} from '../../../shared/domain/case/index.ts';
import { seedCatalogue } from '../../../shared/catalogue/seed/index.ts';
import type { Case } from '../../../shared/schemas/index.ts';
import { makeCase } from '../../helpers/cases.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { openSite, startTestHub, waitFor, type TestHub, type TestSite } from '../../helpers/sync-harness.ts';

const plain = (c: Case) => JSON.parse(JSON.stringify(c)) as Case;
const dxOfficer = { officerId: 'officer-dx', siteCode: 'DX' };
const htBackOffice = { officerId: 'officer-ht', siteCode: 'HT', role: 'back-office' as const };

async function localCase(site: TestSite, id: string): Promise<Case | null> {
  const doc = await site.db.cases.findOne(id).exec();
  return doc ? plain(doc.toJSON() as Case) : null;
}

async function hubCase(hub: TestHub, id: string): Promise<Case | null> {
  const found = (await hub.hub.documents.get('cases', [id])).get(id);
  if (!found) return null;
  const { _deleted: _d, ...doc } = found.doc;
  return doc as unknown as Case;
}

describe.each(['pglite', 'postgres'] as const)('sync between islands and the main island (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;
  let dx: TestSite;
  let nh: TestSite;
  let ht: TestSite;

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('convergence');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
    dx = await openSite(hub, 'DX');
    nh = await openSite(hub, 'NH');
    ht = await openSite(hub, 'HT');
  }, 120_000);

  afterAll(async () => {
    for (const site of [dx, nh, ht]) await site?.close();
    await hub?.close();
    await scratch?.drop();
  });

  it('merges a case edited on the island and at the main island while apart, and flags the contradiction', async () => {
    const accepted = makeCase({ siteCode: 'DX', counter: 1, sequence: 101 });
    const forwarded = forwardToBackOffice(accepted, dxOfficer, { toSiteCode: 'HT', note: '请审批' });
    await dx.db.cases.insert(forwarded);
    await waitFor(
      'the main island receives the forwarded case',
      async () => (await localCase(ht, forwarded.id)) !== null,
    );

    dx.link.cut();
    const atMainIsland = rejectCase((await localCase(ht, forwarded.id))!, htBackOffice, '材料不符合要求');
    await ht.db.cases.upsert(atMainIsland);
    const onIsland = cancelCase((await localCase(dx, forwarded.id))!, dxOfficer, '申请人撤回');
    await dx.db.cases.upsert(onIsland);
    await waitFor(
      'the hub holds the main island’s rejection',
      async () => (await hubCase(hub, forwarded.id))?.status === 'rejected',
    );
    dx.link.restore();

    const expected = projectCase(identityOf(forwarded), [...atMainIsland.events, ...onIsland.events.slice(-1)]);
    await waitFor('island, hub and main island converge on the merged case', async () => {
      const [a, b, c] = [
        await localCase(dx, forwarded.id),
        await hubCase(hub, forwarded.id),
        await localCase(ht, forwarded.id),
      ];
      return [a, b, c].every((x) => x !== null && x.events.length === expected.events.length);
    });
    for (const copy of [
      await localCase(dx, forwarded.id),
      await hubCase(hub, forwarded.id),
      await localCase(ht, forwarded.id),
    ]) {
      expect(copy).toEqual(expected);
      expect(copy!.attention.map((a) => a.code)).toContain('contradictory-outcome');
    }
    expect(new Set(expected.events.map((e) => e.type))).toEqual(
      new Set(['accepted', 'forwarded', 'rejected', 'cancelled']),
    );
  }, 60_000);

  it('loses and duplicates nothing when the hub restarts in the middle of a large push', async () => {
    const cases = Array.from({ length: 400 }, (_, i) => makeCase({ siteCode: 'NH', counter: 2, sequence: 1000 + i }));
    await nh.db.cases.bulkInsert(cases);
    await waitFor('part of the push has arrived', async () =>
      (await hub.hub.documents.ids('cases')).some((id) => cases[0]!.id === id || cases[200]!.id === id),
    );
    await hub.stop();
    await hub.start();
    await waitFor(
      'every case reached the hub',
      async () => {
        const ids = new Set(await hub.hub.documents.ids('cases'));
        return cases.every((c) => ids.has(c.id));
      },
      60_000,
    );
    const { documents } = await hub.hub.documents.pull('cases', 0, 5000, 'NH');
    const numbers = documents.map((d) => d.caseNumber as string);
    expect(numbers.length).toBe(new Set(numbers).size);
    await waitFor('the outbox is empty', () => nh.sync.getStatus().pending === 0);
  }, 120_000);

  it('re-sends the outbox without duplicates after a counter is closed mid-push and reopened', async () => {
    const dbName = `reopen-${engine}-${Date.now()}`;
    const first = await openSite(hub, 'YT', { dbName, collections: ['cases'] });
    const cases = Array.from({ length: 300 }, (_, i) => makeCase({ siteCode: 'YT', counter: 1, sequence: 2000 + i }));
    await first.db.cases.bulkInsert(cases);
    await waitFor('the push has started', () => first.requests.count > 3);
    await first.close();

    const reopened = await openSite(hub, 'YT', {
      dbName,
      collections: ['cases'],
      token: first.token,
      deviceId: first.deviceId,
    });
    try {
      expect(await reopened.db.cases.count().exec()).toBe(300);
      await waitFor(
        'every case reached the hub',
        async () => {
          const { documents } = await hub.hub.documents.pull('cases', 0, 5000, 'YT');
          return documents.length === 300;
        },
        60_000,
      );
      const { documents } = await hub.hub.documents.pull('cases', 0, 5000, 'YT');
      expect(new Set(documents.map((d) => d.id)).size).toBe(300);
      await waitFor('the reopened outbox is empty', () => reopened.sync.getStatus().pending === 0);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('reports a refused document to its counter while the rest of the outbox arrives', async () => {
    const good = [1, 2, 3].map((n) => makeCase({ siteCode: 'DX', counter: 3, sequence: 3000 + n }));
    const template = makeCase({ siteCode: 'DX', counter: 3, sequence: 3010 });
    const badId = template.applicant.idNumber.slice(0, 17) + (template.applicant.idNumber.endsWith('1') ? '2' : '1');
    const bad = projectCase(identityOf(template), [
      { ...template.events[0]!, applicant: { ...template.applicant, idNumber: badId } } as Case['events'][number],
    ]);
    await dx.db.cases.bulkInsert([good[0]!, bad, good[1]!, good[2]!]);
    await waitFor('the good cases reached the hub', async () => {
      const ids = new Set(await hub.hub.documents.ids('cases'));
      return good.every((c) => ids.has(c.id));
    });
    await waitFor('the counter shows the refusal', () => dx.sync.getStatus().refused.some((r) => r.docId === bad.id));
    const refusal = dx.sync.getStatus().refused.find((r) => r.docId === bad.id)!;
    expect(refusal.code).toBe('applicant-id-check-digit');
    expect(refusal.reason).toMatch(/校验位/);
    expect(await hubCase(hub, bad.id)).toBeNull();
  }, 60_000);

  it('delivers a catalogue change made at the hub to every site', async () => {
    const changed = structuredClone(seedCatalogue);
    const item = changed.items.find((i) => i.code === 'EE-PASSPORT-RENEW')!;
    item.fee.amountFen = 11000;
    await hub.hub.ops.loadCatalogue(changed);
    for (const site of [dx, nh, ht])
      await waitFor(
        `${site.siteCode} sees the new passport fee`,
        async () => (await site.db.services.findOne('EE-PASSPORT-RENEW').exec())?.fee.amountFen === 11000,
      );
  }, 60_000);

  it('never gives a site another site’s cases', async () => {
    const dxIds = new Set((await dx.db.cases.find().exec()).map((d) => d.siteCode));
    const nhIds = new Set((await nh.db.cases.find().exec()).map((d) => d.siteCode));
    expect([...dxIds]).toEqual(['DX']);
    expect([...nhIds]).toEqual(['NH']);
    // The main island sees only what was forwarded to it.
    const htCases = await ht.db.cases.find().exec();
    expect(htCases.length).toBeGreaterThan(0);
    expect(htCases.every((d) => d.sharedWithSites.includes('HT'))).toBe(true);
  });
});

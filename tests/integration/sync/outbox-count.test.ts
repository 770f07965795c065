import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IslandLink, openSite, startTestHub, waitFor, type TestHub } from '../../helpers/sync-harness.ts';
import { makeCase } from '../../helpers/cases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CASES = 600;
const PAGE = 100;

// The outbox count ("N 待上传") against cases pulled from the hub: RxDB's push checkpoint passes pulled batches a
// step behind, not in id order, and not at all while a push fails.
describe('the outbox count while cases come from the hub', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    for (const site of ['DX', 'NH']) {
      const cases = Array.from({ length: CASES }, (_, i) => makeCase({ siteCode: site, counter: 10, sequence: i + 1 }));
      await hub.hub.documents.putAsHub(
        'cases',
        cases.map((c) => ({ id: c.id, doc: c as unknown as Record<string, unknown>, readers: [site] })),
      );
      if (site === 'DX') {
        // The oldest case changed last (its address corrected at the hub): last in the hub's order, first by id.
        const first = cases[0]!;
        const changed = { ...first, applicant: { ...first.applicant, address: `${first.applicant.address}甲` } };
        await hub.hub.documents.putAsHub('cases', [
          { id: first.id, doc: changed as unknown as Record<string, unknown>, readers: [site] },
        ]);
      }
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it('shows nothing to send after a first sync whose last page is not in id order', async () => {
    const counter = await openSite(hub, 'DX', { collections: ['cases'], sync: { pullBatchSize: PAGE } });
    try {
      await waitFor('every case stored', async () => (await counter.db.cases.count().exec()) === CASES, 60_000);
      await counter.sync.replications.cases!.awaitInitialReplication();
      await sleep(1_000);
      expect(counter.sync.getStatus().pending).toBe(0);
    } finally {
      await counter.close();
    }
  }, 90_000);

  it('shows the cases saved at the counter when the link drops while a push is held up mid first sync', async () => {
    const link = new IslandLink();
    const passThrough = link.fetch;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let heldPushes = 0;
    Object.assign(link, {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/pull')) await sleep(200);
        if (url.includes('/push')) {
          heldPushes++;
          await released;
        }
        return passThrough(input, init);
      },
    });
    const counter = await openSite(hub, 'NH', { collections: ['cases'], link, sync: { pullBatchSize: PAGE } });
    try {
      await waitFor('a first page stored', async () => (await counter.db.cases.count().exec()) >= PAGE, 30_000);
      await counter.db.cases.insert(makeCase({ siteCode: 'NH', counter: 3, sequence: 1 }));
      await waitFor('its push held up', () => heldPushes > 0, 10_000);
      const stored = await counter.db.cases.count().exec();
      await waitFor('two more pages stored', async () => (await counter.db.cases.count().exec()) >= stored + 2 * PAGE);
      link.cut();
      release();
      await counter.db.cases.insert(makeCase({ siteCode: 'NH', counter: 3, sequence: 2 }));
      await counter.db.cases.insert(makeCase({ siteCode: 'NH', counter: 3, sequence: 3 }));
      await waitFor('the counter offline with its three cases to send', () => {
        const status = counter.sync.getStatus();
        return !status.online && status.pending === 3;
      });
      await sleep(1_000);
      expect(counter.sync.getStatus().pending).toBe(3);
      link.restore();
      await waitFor('the outbox empty once the link is back', () => counter.sync.getStatus().pending === 0, 30_000);
    } finally {
      await counter.close();
    }
  }, 90_000);
});

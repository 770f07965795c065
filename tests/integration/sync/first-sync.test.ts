import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';
import { makeCase } from '../../helpers/cases.ts';

const CASES = 2_000;
const PAGE = 100;

describe("a new counter's first sync", () => {
  let hub: TestHub;
  let site: TestSite | null = null;
  beforeAll(async () => {
    hub = await startTestHub();
    for (let offset = 0; offset < CASES; offset += 500) {
      const cases = Array.from({ length: 500 }, (_, i) =>
        makeCase({ siteCode: 'DX', counter: 10, sequence: offset + i + 1 }),
      );
      await hub.hub.documents.putAsHub(
        'cases',
        cases.map((c) => ({ id: c.id, doc: c as unknown as Record<string, unknown>, readers: ['DX'] })),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await hub?.close();
  });

  it('shows no pulled case as waiting to be sent while it stores them', async () => {
    const counter = await openSite(hub, 'DX', { collections: ['cases'], sync: { pullBatchSize: PAGE } });
    try {
      const pendingSeen: number[] = [];
      const watching = counter.sync.status$.subscribe((status) => pendingSeen.push(status.pending));
      await waitFor('every case stored', async () => (await counter.db.cases.count().exec()) === CASES, 120_000);
      // The last recount comes 100 ms after the replication falls idle.
      await counter.sync.replications.cases!.awaitInitialReplication();
      await new Promise((resolve) => setTimeout(resolve, 500));
      watching.unsubscribe();
      expect(Math.max(...pendingSeen)).toBe(0);
      expect(counter.sync.getStatus().pending).toBe(0);
    } finally {
      await counter.close();
    }
  }, 150_000);

  it('pulls at most two pages ahead of what it has stored, and stores every case', async () => {
    // Each pull request notes how many cases had come in and how many were stored when it was made.
    const link = new IslandLink();
    const passThrough = link.fetch;
    let pulled = 0;
    const aheadAtPull: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      if (!String(input).includes('/sync/cases/pull')) return passThrough(input, init);
      if (site) aheadAtPull.push(pulled - (await site.db.cases.count().exec()));
      const response = await passThrough(input, init);
      pulled += ((await response.clone().json()) as { documents: unknown[] }).documents.length;
      return response;
    };
    Object.assign(link, { fetch: counting });
    site = await openSite(hub, 'DX', { collections: ['cases'], link, sync: { pullBatchSize: PAGE } });

    await waitFor('every case stored', async () => (await site!.db.cases.count().exec()) === CASES, 120_000);
    expect(pulled).toBe(CASES);
    expect(aheadAtPull.length).toBeGreaterThan(CASES / PAGE / 2);
    expect(Math.max(...aheadAtPull)).toBeLessThanOrEqual(2 * PAGE);
  }, 150_000);
});

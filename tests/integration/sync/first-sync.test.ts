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
import { nodeWorkerSealer } from '../../helpers/node-sealer.ts';
import type { FieldSealer } from '../../../renderer/db/field-sealer.ts';
import type { Case } from '../../../shared/schemas/index.ts';

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

  it("seals each pulled case once, in the sealer's worker, ahead of its page's write", async () => {
    // The app's sealer (a worker of the page, renderer/db/web-sealer.ts) as a worker thread, counting what it seals.
    let sealer: FieldSealer | null = null;
    const sealedFor: string[] = [];
    // Cases whose write had begun when their values were asked for: sealed ahead, none (a page's batch is asked for as
    // it is pulled, before RxDB writes it); sealed as they are written, every one.
    const writing = new Set<string>();
    let askedDuringWrite = 0;
    const counter = await openSite(hub, 'DX', {
      collections: ['cases'],
      sync: { pullBatchSize: PAGE },
      sealer: (fieldKey) => {
        const inner = nodeWorkerSealer(fieldKey);
        sealer = inner;
        return {
          get where() {
            return inner.where;
          },
          seal(requests) {
            askedDuringWrite += requests.filter(([, , id]) => writing.has(id)).length;
            sealedFor.push(...requests.map(([, , id]) => id));
            return inner.seal(requests);
          },
          close: () => inner.close(),
        };
      },
    });
    // The field encryption's instance, below RxDB's wrappers, noting the documents of each write as it begins; in place
    // before the first page can have come back from the hub.
    let instance = counter.db.cases.storageInstance as unknown as {
      sealAhead?: unknown;
      originalStorageInstance?: unknown;
      bulkWrite: (rows: Array<{ document: { id: string } }>, context: string) => Promise<unknown>;
    };
    while (!instance.sealAhead) instance = instance.originalStorageInstance as typeof instance;
    const bulkWrite = instance.bulkWrite.bind(instance);
    instance.bulkWrite = (rows, context) => {
      for (const row of rows) writing.add(row.document.id);
      return bulkWrite(rows, context);
    };
    try {
      await waitFor('every case stored', async () => (await counter.db.cases.count().exec()) === CASES, 120_000);
      await counter.sync.replications.cases!.awaitInitialReplication();
      expect(writing.size).toBe(CASES);
      expect(askedDuringWrite).toBe(0);
      // One AES value per case: sealed ahead from the pull page, used by the case's write and by RxDB's copy of it.
      expect(sealedFor).toHaveLength(CASES);
      expect(new Set(sealedFor).size).toBe(CASES);
      expect(sealer!.where).toBe('worker');
      // What the page reads back is what the hub holds.
      const made = makeCase({ siteCode: 'DX', counter: 10, sequence: 1_234 });
      const stored = (
        await counter.db.cases.findOne({ selector: { caseNumber: made.caseNumber } }).exec()
      )?.toJSON() as Case | undefined;
      expect(stored?.applicant).toEqual(made.applicant);
      expect(stored?.events.map((event) => event.type)).toEqual(made.events.map((event) => event.type));
    } finally {
      await counter.close();
    }
  }, 150_000);
});

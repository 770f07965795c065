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
import { correctField, forwardToBackOffice, identityOf, projectCase } from '../../../shared/domain/case/index.ts';
import { getChangedDocumentsSince } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase } from '../../../renderer/db/create-database.ts';
import { HubClient } from '../../../renderer/sync/hub-client.ts';
import { trackCatchUp, type CatchUpProgress } from '../../../renderer/sync/catch-up.ts';

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

// A new counter stores its first sync of cases itself (renderer/sync/first-sync.ts), without RxDB's record of the hub's
// state of each case, and RxDB's replication carries on from where it ended.
describe("a new counter's first sync, stored directly", () => {
  const N = 1_000;
  const officer = { officerId: 'officer-nh', siteCode: 'NH' };
  let hub: TestHub;
  let made: Case[];
  let next = 0;
  const held = new Map<string, number>();
  /** How many cases the hub holds for a site, from these tests. */
  const heldFor = (siteCode: string) => held.get(siteCode) ?? 0;
  /** A fresh site code's cases on the hub for each test: every test starts as a new counter would. */
  async function hubWithCases(siteCode: string): Promise<Case[]> {
    const counter = 20 + next++;
    made = Array.from({ length: N }, (_, i) => makeCase({ siteCode, counter, sequence: i + 1 }));
    held.set(siteCode, heldFor(siteCode) + N);
    await hub.hub.documents.putAsHub(
      'cases',
      made.map((c) => ({ id: c.id, doc: c as unknown as Record<string, unknown>, readers: [siteCode] })),
    );
    return made;
  }
  async function hubCase(id: string): Promise<Case> {
    const { _deleted: _d, ...doc } = (await hub.hub.documents.get('cases', [id])).get(id)!.doc;
    return doc as unknown as Case;
  }
  async function localCase(site: TestSite, id: string): Promise<Case | undefined> {
    return (await site.db.cases.findOne(id).exec())?.toMutableJSON() as Case | undefined;
  }
  async function putAtHub(siteCode: string, c: Case) {
    await hub.hub.documents.putAsHub('cases', [
      { id: c.id, doc: c as unknown as Record<string, unknown>, readers: [siteCode] },
    ]);
  }
  /** A link that slows each pull (so that a test can act mid first sync) and counts pushes and pulled documents. */
  function watchedLink(pullDelayMs: number) {
    const link = new IslandLink();
    const passThrough = link.fetch;
    const seen = { pushes: 0, pulledDocs: 0 };
    Object.assign(link, {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/sync/cases/push')) seen.pushes++;
        if (!url.includes('/sync/cases/pull')) return passThrough(input, init);
        await new Promise((resolve) => setTimeout(resolve, pullDelayMs));
        const response = await passThrough(input, init);
        seen.pulledDocs += ((await response.clone().json()) as { documents: unknown[] }).documents.length;
        return response;
      },
    });
    return { link, seen };
  }
  const stored = async (site: TestSite) => site.db.cases.count().exec();
  /** The same counter started again (the app reopened): its database, its device. */
  const reopen = (first: TestSite, dbName: string, link?: IslandLink) =>
    openSite(hub, first.siteCode, {
      dbName,
      token: first.token,
      deviceId: first.deviceId,
      collections: ['cases'],
      ...(link ? { link } : {}),
      sync: { pullBatchSize: 100 },
    });
  /** The case saved at the counter reaches the hub as saved, the counter holds `count` cases, and its outbox empties. */
  async function expectSentAndAllStored(site: TestSite, saved: Case, count: number, lastFromHub: Case) {
    await waitFor('the saved case reaches the hub', async () =>
      (await hub.hub.documents.get('cases', [saved.id])).has(saved.id),
    );
    await waitFor('every case stored', async () => (await stored(site)) === count, 60_000);
    expect(await hubCase(saved.id)).toEqual(saved);
    expect(await localCase(site, lastFromHub.id)).toEqual(lastFromHub);
    await waitFor('the outbox empties', () => site.sync.getStatus().pending === 0);
  }

  beforeAll(async () => {
    hub = await startTestHub();
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  it("stores every case, sends none back, then takes the hub's changes and sends its own", async () => {
    const cases = await hubWithCases('NH');
    const { link, seen } = watchedLink(0);
    const counter = await openSite(hub, 'NH', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    try {
      await waitFor('every case stored', async () => (await stored(counter)) === N, 60_000);
      await counter.sync.replications.cases!.awaitInitialReplication();
      expect(seen.pulledDocs).toBe(N);
      expect(seen.pushes).toBe(0);
      // Stored without RxDB's record of the hub's state of each case: its replication storage holds its checkpoints.
      const meta = counter.sync.replications.cases!.metaInstance!;
      expect((await getChangedDocumentsSince(meta, N)).documents.length).toBeLessThan(5);
      expect(counter.sync.getStatus().pending).toBe(0);
      expect(await localCase(counter, cases[500]!.id)).toEqual(cases[500]);

      // A change at the hub reaches the counter (through the change stream, over a case stored by the first sync).
      const forwarded = forwardToBackOffice(cases[7]!, officer, { toSiteCode: 'HT', note: '请审批' });
      await putAtHub('NH', forwarded);
      await waitFor(
        'the hub’s change arrives',
        async () => (await localCase(counter, forwarded.id))?.status === 'forwarded',
      );

      // The counter's first change of a case stored by the first sync reaches the hub, merged with nothing lost.
      const corrected = correctField(cases[9]!, officer, {
        field: 'applicant.address',
        value: '平潭县南海乡更正1号',
        reason: '申请人搬家',
      });
      await counter.db.cases.upsert(corrected);
      await waitFor('the correction reaches the hub', async () => (await hubCase(corrected.id)).events.length === 2);
      expect(await hubCase(corrected.id)).toEqual(corrected);
      await waitFor('the outbox empties', () => counter.sync.getStatus().pending === 0);
      expect(await localCase(counter, corrected.id)).toEqual(corrected);
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('carries on from its last stored page after the app is closed mid-way, and sends nothing back', async () => {
    const cases = await hubWithCases('YT');
    const dbName = `first-sync-reopen-${Date.now()}`;
    const before = watchedLink(100);
    const first = await openSite(hub, 'YT', {
      dbName,
      collections: ['cases'],
      link: before.link,
      sync: { pullBatchSize: 100 },
    });
    await waitFor('three pages stored', async () => (await stored(first)) >= 300, 30_000);
    const storedAtClose = await stored(first);
    await first.close();
    expect(storedAtClose).toBeLessThan(N);

    const after = watchedLink(0);
    const reopened = await reopen(first, dbName, after.link);
    try {
      await waitFor('every case stored', async () => (await stored(reopened)) === N, 60_000);
      await reopened.sync.replications.cases!.awaitInitialReplication();
      // What was stored is not asked for again (at most the page whose storing the close cut short), nor sent back.
      expect(after.seen.pulledDocs).toBeLessThanOrEqual(N - storedAtClose + 100);
      expect(before.seen.pushes + after.seen.pushes).toBe(0);
      expect(reopened.sync.getStatus().pending).toBe(0);
      expect(await localCase(reopened, cases[N - 1]!.id)).toEqual(cases[N - 1]);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('sends a case saved at the counter while the first sync runs, and loses none of the hub’s', async () => {
    const cases = await hubWithCases('JS');
    const { link } = watchedLink(100);
    const counter = await openSite(hub, 'JS', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    try {
      await waitFor('a first page stored', async () => (await stored(counter)) >= 100, 30_000);
      const saved = makeCase({ siteCode: 'JS', counter: 3, sequence: 1 });
      await counter.db.cases.insert(saved);
      await waitFor('the saved case reaches the hub', async () =>
        (await hub.hub.documents.get('cases', [saved.id])).has(saved.id),
      );
      await waitFor('every case stored', async () => (await stored(counter)) === N + 1, 60_000);
      expect(await hubCase(saved.id)).toEqual(saved);
      expect(await localCase(counter, cases[N - 1]!.id)).toEqual(cases[N - 1]);
      await waitFor('the outbox empties', () => counter.sync.getStatus().pending === 0);
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('sends a case saved during a first sync that the app was closed in the middle of', async () => {
    const cases = await hubWithCases('HT');
    const dbName = `first-sync-saved-then-closed-${Date.now()}`;
    const slow = watchedLink(150);
    const first = await openSite(hub, 'HT', {
      dbName,
      collections: ['cases'],
      link: slow.link,
      sync: { pullBatchSize: 100 },
    });
    await waitFor('a first page stored', async () => (await stored(first)) >= 100, 30_000);
    const saved = makeCase({ siteCode: 'HT', counter: 4, sequence: 1 });
    slow.link.cut();
    await first.db.cases.insert(saved);
    await first.close();
    expect((await hub.hub.documents.get('cases', [saved.id])).has(saved.id)).toBe(false);

    const reopened = await reopen(first, dbName);
    try {
      await expectSentAndAllStored(reopened, saved, N + 1, cases[N - 1]!);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('sends a case saved at once while the next page of the first sync does not come', async () => {
    await hubWithCases('DX');
    const link = new IslandLink();
    const passThrough = link.fetch;
    let pagesHang = false;
    Object.assign(link, {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('/sync/cases/pull')) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          // The next page never comes (a page too big for a poor link): the request hangs until it times out.
          if (pagesHang)
            await new Promise((_, reject) =>
              init?.signal?.addEventListener('abort', () => reject(new TypeError('fetch failed: timed out'))),
            );
        }
        return passThrough(input, init);
      },
    });
    const counter = await openSite(hub, 'DX', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    try {
      await waitFor('a first page stored', async () => (await stored(counter)) >= 100, 30_000);
      pagesHang = true;
      const saved = makeCase({ siteCode: 'DX', counter: 5, sequence: 1 });
      await counter.db.cases.insert(saved);
      // Well within the page request's 10 s timeout.
      await waitFor(
        'the saved case reaches the hub',
        async () => (await hub.hub.documents.get('cases', [saved.id])).has(saved.id),
        5_000,
      );
      expect(await hubCase(saved.id)).toEqual(saved);
      expect(await stored(counter)).toBeLessThan(N);
      pagesHang = false;
      await waitFor(
        'every case stored once the hub answers again',
        async () => (await stored(counter)) === N + 1,
        60_000,
      );
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('sends a case written to a counter whose first sync was cut short, before it resumes', async () => {
    const cases = await hubWithCases('NH');
    // The first test's NH cases are on the hub as well.
    const total = heldFor('NH');
    const dbName = `first-sync-written-between-${Date.now()}`;
    const slow = watchedLink(100);
    const first = await openSite(hub, 'NH', {
      dbName,
      collections: ['cases'],
      link: slow.link,
      sync: { pullBatchSize: 100 },
    });
    await waitFor('two pages stored', async () => (await stored(first)) >= 200, 30_000);
    await first.close();
    // Written with no sync running at all, so no first sync heard it.
    const offline = await createDatabase({
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      name: dbName,
      encryptionKey: 'test-encryption-key-0123456789',
      collections: ['cases'],
    });
    // Its write time from before the pages stored: RxDB gives a write its time before the field encryption has sealed
    // it, and a page of the hub's, sealed ahead, can be stored first; the app can then close before it is heard.
    const saved = makeCase({ siteCode: 'NH', counter: 6, sequence: 1 });
    const [anyStored] = await offline.cases.find({ selector: {}, sort: [{ id: 'asc' }], limit: 1 }).exec();
    const earliest = anyStored!.toJSON(true) as { _meta: { lwt: number } };
    const result = await offline.cases.internalStorageInstance.bulkWrite(
      [
        {
          document: {
            ...saved,
            _deleted: false,
            _attachments: {},
            _rev: `1-${offline.token}`,
            _meta: { lwt: earliest._meta.lwt + 0.001 },
          } as never,
        },
      ],
      'test-write-timed-earlier',
    );
    expect(result.error).toEqual([]);
    await offline.close();

    const after = watchedLink(0);
    const reopened = await reopen(first, dbName, after.link);
    try {
      await expectSentAndAllStored(reopened, saved, total + 1, cases[N - 1]!);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('ends with the hub’s latest state of a case the hub changed after the first sync had stored it', async () => {
    const cases = await hubWithCases('SP');
    const { link, seen } = watchedLink(100);
    const counter = await openSite(hub, 'SP', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    try {
      await waitFor('two pages stored', async () => (await stored(counter)) >= 200, 30_000);
      const stored0 = await localCase(counter, cases[0]!.id);
      expect(stored0).toEqual(cases[0]);
      // Changed at the hub now: it comes again in a later page, over the copy already stored.
      const forwarded = forwardToBackOffice(
        cases[0]!,
        { officerId: 'officer-sp', siteCode: 'SP' },
        { toSiteCode: 'HT', note: '转' },
      );
      await putAtHub('SP', forwarded);
      await waitFor('every case stored', async () => (await stored(counter)) === N, 60_000);
      await counter.sync.replications.cases!.awaitInitialReplication();
      await waitFor(
        'the hub’s change is there',
        async () => (await localCase(counter, forwarded.id))?.status === 'forwarded',
      );
      expect(await localCase(counter, forwarded.id)).toEqual(forwarded);
      expect(seen.pushes).toBe(0);
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('merges a case changed at the counter and at the hub while the first sync runs', async () => {
    const cases = await hubWithCases('JJ');
    const actor = { officerId: 'officer-jj', siteCode: 'JJ' };
    const { link } = watchedLink(150);
    const counter = await openSite(hub, 'JJ', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    try {
      await waitFor('a first page stored', async () => (await stored(counter)) >= 100, 30_000);
      // The first page holds the hub's oldest cases: change one of them here and at the hub.
      const one = (
        await counter.db.cases.find({ selector: {}, sort: [{ id: 'asc' }], limit: 1 }).exec()
      )[0]!.toMutableJSON() as Case;
      const here = correctField(one, actor, { field: 'applicant.mobile', value: '13900001111', reason: '号码变更' });
      await counter.db.cases.upsert(here);
      const atHub = forwardToBackOffice(
        cases.find((c) => c.id === one.id)!,
        actor,
        {
          toSiteCode: 'HT',
          note: '请审批',
        },
      );
      await putAtHub('JJ', atHub);
      const expected = projectCase(identityOf(one), [...atHub.events, here.events[here.events.length - 1]!]);
      await waitFor('every case stored', async () => (await stored(counter)) === N, 60_000);
      await waitFor('the counter and the hub agree on the merged case', async () => {
        const [local, remote] = [await localCase(counter, one.id), await hubCase(one.id)];
        return local?.events.length === 3 && remote.events.length === 3;
      });
      expect(await localCase(counter, one.id)).toEqual(expected);
      expect(await hubCase(one.id)).toEqual(expected);
      expect(expected.attention).toEqual([]);
      await waitFor('the outbox empties', () => counter.sync.getStatus().pending === 0);
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('gives way to the replication when it cannot keep its progress, and still stores and sends everything', async () => {
    await hubWithCases('JJ');
    const total = heldFor('JJ');
    const counter = await openSite(hub, 'JJ', { collections: ['cases'], sync: { pullBatchSize: 100 } });
    const errors: string[] = [];
    const watching = counter.sync.status$.subscribe((status) => {
      const error = status.collections.cases.error;
      if (error) errors.push(error.zh);
    });
    // The local documents fail after the first two records (a full disk, say): every attempt fails from then on.
    const upsertLocal = counter.db.upsertLocal.bind(counter.db);
    let records = 0;
    counter.db.upsertLocal = ((id: string, data: unknown) =>
      ++records <= 2 ? upsertLocal(id, data) : Promise.reject(new Error('磁盘已满 / disk full'))) as never;
    try {
      const saved = makeCase({ siteCode: 'JJ', counter: 7, sequence: 1 });
      await waitFor('the first sync has failed', () => errors.length > 0, 20_000);
      await counter.db.cases.insert(saved);
      await waitFor('every case stored', async () => (await stored(counter)) === total + 1, 60_000);
      await waitFor('the saved case reaches the hub', async () =>
        (await hub.hub.documents.get('cases', [saved.id])).has(saved.id),
      );
      await waitFor(
        'the outbox empties and the error clears',
        () => {
          const status = counter.sync.getStatus();
          return status.pending === 0 && status.collections.cases.error === null;
        },
        30_000,
      );
      expect(errors.some((e) => e.includes('disk full'))).toBe(true);
    } finally {
      watching.unsubscribe();
      await counter.close();
    }
  }, 120_000);

  it('goes on storing directly through storage failures that are not in a row', async () => {
    await hubWithCases('YT');
    const total = heldFor('YT');
    const { link, seen } = watchedLink(0);
    const counter = await openSite(hub, 'YT', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    // The 3rd, 5th and 7th progress records fail: each failure is followed by a page stored further.
    const upsertLocal = counter.db.upsertLocal.bind(counter.db);
    let records = 0;
    counter.db.upsertLocal = ((id: string, data: unknown) =>
      [3, 5, 7].includes(++records)
        ? Promise.reject(new Error('磁盘暂时不可写 / disk briefly unwritable'))
        : upsertLocal(id, data)) as never;
    try {
      await waitFor('every case stored', async () => (await stored(counter)) === total, 60_000);
      await counter.sync.replications.cases!.awaitInitialReplication();
      expect(records).toBeGreaterThan(6);
      // Still the first sync's storing, not the replication's from the start: nothing sent back, no record per case.
      expect(seen.pushes).toBe(0);
      const meta = counter.sync.replications.cases!.metaInstance!;
      expect((await getChangedDocumentsSince(meta, total)).documents.length).toBeLessThan(5);
    } finally {
      await counter.close();
    }
  }, 120_000);

  it('is not started early by the window coming back into view', async () => {
    // RxDB restarts a replication when the page becomes visible; a stand-in for the window's document.
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    (globalThis as { document?: unknown }).document = page;
    try {
      await hubWithCases('SP');
      const total = heldFor('SP');
      const { link, seen } = watchedLink(100);
      const counter = await openSite(hub, 'SP', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
      try {
        await waitFor('a first page stored', async () => (await stored(counter)) >= 100, 30_000);
        page.dispatchEvent(new Event('visibilitychange'));
        await waitFor('every case stored', async () => (await stored(counter)) === total, 60_000);
        await counter.sync.replications.cases!.awaitInitialReplication();
        expect(seen.pushes).toBe(0);
        const meta = counter.sync.replications.cases!.metaInstance!;
        expect((await getChangedDocumentsSince(meta, total)).documents.length).toBeLessThan(5);
      } finally {
        await counter.close();
      }
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  }, 120_000);

  it('shows the catch-up bar moving while the first sync runs', async () => {
    await hubWithCases('DL');
    const { link } = watchedLink(50);
    const counter = await openSite(hub, 'DL', { collections: ['cases'], link, sync: { pullBatchSize: 100 } });
    const reports: Array<CatchUpProgress | null> = [];
    const tracker = trackCatchUp({
      hub: new HubClient({ baseUrl: hub.url, token: counter.token }),
      sync: counter.sync,
      onProgress: (progress) => reports.push(progress),
      pollMs: 100,
    });
    try {
      await waitFor('every case stored', async () => (await stored(counter)) === N, 60_000);
      await waitFor('the bar gone', () => reports.length > 0 && reports[reports.length - 1] === null, 10_000);
      const shown = reports.filter((r): r is CatchUpProgress => r !== null);
      expect(shown.some((r) => r.done > 0 && r.done < r.total)).toBe(true);
      // Never back: not when the first sync hands over to the replication either.
      for (let i = 1; i < shown.length; i++) expect(shown[i]!.done).toBeGreaterThanOrEqual(shown[i - 1]!.done);
      expect(Math.max(...shown.map((r) => r.total))).toBeGreaterThanOrEqual(N - 200);
    } finally {
      tracker.stop();
      await counter.close();
    }
  }, 120_000);
});

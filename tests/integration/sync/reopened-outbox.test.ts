import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase } from '../../helpers/cases.ts';
import { IslandLink, openSite, startTestHub, waitFor, type TestHub } from '../../helpers/sync-harness.ts';

const CASES = 350;

/**
 * A link that records each push request the counter sends: its number of documents and how many push requests were
 * in flight when it left. `failPush` makes the given push requests (1 = the first after it is set) fail as if the
 * link dropped.
 */
function pushWatchingLink() {
  const link = new IslandLink();
  const passThrough = link.fetch;
  const pushes: Array<{ rows: number; inFlight: number }> = [];
  let inFlight = 0;
  let failing = new Set<number>();
  let counted = 0;
  const watching: typeof fetch = async (input, init) => {
    if (!String(input).includes('/sync/cases/push')) return passThrough(input, init);
    const body = init?.body as Uint8Array | string;
    const json = typeof body === 'string' ? body : gunzipSync(body).toString('utf8');
    pushes.push({ rows: (JSON.parse(json) as unknown[]).length, inFlight: ++inFlight });
    try {
      if (failing.has(++counted)) {
        // Sent, but the answer lost on the way back: the hub may well have stored it.
        await passThrough(input, init);
        throw new TypeError('fetch failed: link dropped');
      }
      return await passThrough(input, init);
    } finally {
      inFlight--;
    }
  };
  Object.assign(link, { fetch: watching });
  return {
    link,
    pushes,
    failPush(...which: number[]) {
      failing = new Set(which);
      counted = 0;
    },
  };
}

describe('a counter opened again during an outage, its outbox full', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
  });

  /** Opens a new counter, cuts its link, saves CASES cases, closes the app and opens it again, still cut off. */
  async function reopenedWithOutbox(siteCode: string, link: IslandLink) {
    const first = await openSite(hub, siteCode, { collections: ['cases'], link });
    await first.sync.replications.cases!.awaitInitialReplication();
    link.cut();
    await waitFor('the counter sees the link is down', () => !first.sync.getStatus().online);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase({ siteCode, counter: 2, sequence: i + 1 }));
    await first.db.cases.bulkInsert(cases);
    const { token, deviceId } = first;
    const dbName = first.db.name;
    await first.close();
    const site = await openSite(hub, siteCode, { collections: ['cases'], link, token, deviceId, dbName });
    await waitFor('the outbox shows every case', () => site.sync.getStatus().pending === CASES);
    return { site, ids: cases.map((c) => c.id) };
  }

  it('sends its whole outbox at once when the link returns, four requests of 100 cases at a time', async () => {
    const { link, pushes } = pushWatchingLink();
    const { site, ids } = await reopenedWithOutbox('DX', link);
    try {
      pushes.length = 0;
      link.restore();
      await waitFor('the outbox is empty', () => site.sync.getStatus().pending === 0, 30_000);
      expect((await hub.hub.documents.get('cases', ids)).size).toBe(CASES);
      expect(Math.max(...pushes.map((p) => p.rows))).toBe(100);
      expect(pushes.reduce((sum, p) => sum + p.rows, 0)).toBe(CASES);
      // All in one go: only the first request left with no other on its way. RxDB's replication, started with a full
      // outbox, sends what it read first (100 cases) alone, and the rest once that is answered.
      expect(pushes.filter((p) => p.inFlight === 1)).toHaveLength(1);
      expect(Math.max(...pushes.map((p) => p.inFlight))).toBe(4);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('loses and duplicates nothing when one of those requests fails', async () => {
    const { link, pushes, failPush } = pushWatchingLink();
    const { site, ids } = await reopenedWithOutbox('NH', link);
    try {
      const before = await hub.hub.documents.count('cases');
      pushes.length = 0;
      // The second request's answer is lost: the counter cannot know which of its cases the hub stored.
      failPush(2);
      link.restore();
      await waitFor('the outbox is empty', () => site.sync.getStatus().pending === 0, 30_000);
      expect(pushes.reduce((sum, p) => sum + p.rows, 0)).toBeGreaterThan(CASES);
      expect((await hub.hub.documents.get('cases', ids)).size).toBe(CASES);
      expect(await hub.hub.documents.count('cases')).toBe(before + CASES);
      expect(site.sync.getStatus().lastError).toBeNull();
      expect(await site.db.cases.count().exec()).toBe(CASES);
    } finally {
      await site.close();
    }
  }, 60_000);
});

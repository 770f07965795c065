import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase } from '../../helpers/cases.ts';
import { IslandLink, openSite, startTestHub, waitFor, type TestHub } from '../../helpers/sync-harness.ts';
import type { SyncClientOptions } from '../../../renderer/sync/sync-client.ts';

const CASES = 350;

/** A push request as the hub received it. */
interface SentPush {
  /** The ids of the cases it carried. */
  ids: string[];
  /** How many push requests were on their way when it left, itself included. */
  inFlight: number;
}

/**
 * A link that records each push request the counter sends through it, leaving out those the cut link refused
 * (they never reach the hub). `failPush(n)` loses the hub's answer to the n-th push request that reaches it from then
 * on, as if the link dropped on the way back.
 */
function pushWatchingLink() {
  const link = new IslandLink();
  const passThrough = link.fetch;
  const pushes: SentPush[] = [];
  let inFlight = 0;
  let failing: number | null = null;
  let answered = 0;
  const watching: typeof fetch = async (input, init) => {
    if (!String(input).includes('/sync/cases/push')) return passThrough(input, init);
    const body = init?.body as Uint8Array | string;
    const json = typeof body === 'string' ? body : gunzipSync(body).toString('utf8');
    const rows = JSON.parse(json) as Array<{ newDocumentState: { id: string } }>;
    const sent: SentPush = { ids: rows.map((row) => row.newDocumentState.id), inFlight: ++inFlight };
    pushes.push(sent);
    let response: Response;
    try {
      response = await passThrough(input, init);
    } catch (error) {
      // Refused by the cut link: it never left.
      if (pushes.includes(sent)) pushes.splice(pushes.indexOf(sent), 1);
      throw error;
    } finally {
      inFlight--;
    }
    if (++answered === failing) throw new TypeError('fetch failed: the link dropped before the answer came');
    return response;
  };
  Object.assign(link, { fetch: watching });
  return {
    link,
    pushes,
    failPush(n: number) {
      failing = n;
      answered = 0;
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
  async function reopenedWithOutbox(siteCode: string, link: IslandLink, sync: Partial<SyncClientOptions> = {}) {
    const first = await openSite(hub, siteCode, { collections: ['cases'], link });
    await first.sync.replications.cases!.awaitInitialReplication();
    link.cut();
    await waitFor('the counter sees the link is down', () => !first.sync.getStatus().online);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase({ siteCode, counter: 2, sequence: i + 1 }));
    await first.db.cases.bulkInsert(cases);
    const { token, deviceId } = first;
    const dbName = first.db.name;
    await first.close();
    const site = await openSite(hub, siteCode, { collections: ['cases'], link, token, deviceId, dbName, sync });
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
      expect(Math.max(...pushes.map((p) => p.ids.length))).toBe(100);
      expect(pushes.flatMap((p) => p.ids).sort()).toEqual([...ids].sort());
      // All in one go: only the first request left with no other on its way. RxDB's replication, started with a full
      // outbox, sends what it read first (100 cases) alone, and the rest once that is answered.
      expect(pushes.filter((p) => p.inFlight === 1)).toHaveLength(1);
      expect(Math.max(...pushes.map((p) => p.inFlight))).toBe(4);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('sends again only what the hub did not answer when a request fails, and loses nothing', async () => {
    const { link, pushes, failPush } = pushWatchingLink();
    // One request at a time, so that the order in which they leave is known.
    const { site, ids } = await reopenedWithOutbox('NH', link, { pushConcurrency: 1 });
    try {
      pushes.length = 0;
      // The hub stores the second request, but its answer is lost: the counter cannot know it arrived.
      failPush(2);
      link.restore();
      await waitFor('the outbox is empty', () => site.sync.getStatus().pending === 0, 30_000);
      expect((await hub.hub.documents.get('cases', ids)).size).toBe(CASES);
      expect(site.sync.getStatus().lastError).toBeNull();
      // The requests after the failed one were not sent; the retry sent the failed one first, then the rest, and
      // not the first one, which the hub had answered.
      const [first, second, ...rest] = pushes.map((p) => p.ids);
      expect(rest[0]).toEqual(second);
      expect(rest.flat().sort()).toEqual(ids.filter((id) => !first!.includes(id)).sort());
      expect(pushes.every((p) => p.inFlight === 1)).toBe(true);
    } finally {
      await site.close();
    }
  }, 60_000);
});

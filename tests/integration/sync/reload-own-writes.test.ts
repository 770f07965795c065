import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient, type PullResult } from '../../../renderer/sync/hub-client.ts';
import type { Case } from '../../../shared/schemas/index.ts';
import { makeCase } from '../../helpers/cases.ts';
import { enrolDevice } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';

const PULL_BATCH = 20;

let sequence = 0;
const casesOf = (counter: number, count: number): Case[] =>
  Array.from({ length: count }, () => makeCase({ siteCode: 'DX', counter, sequence: ++sequence }));
const row = (doc: Case) => ({ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null });

/** A link that records the ids of every document the hub's pulls deliver; `blocked` keeps the downstream down. */
function recordingLink() {
  const link = new IslandLink();
  const pulled: string[] = [];
  const pulls = { count: 0 };
  const blocked = { downstream: false };
  const passThrough = link.fetch;
  const recording: typeof fetch = async (input, init) => {
    const url = String(input);
    if (blocked.downstream && (url.includes('/sync/stream') || url.includes('/pull?')))
      throw new TypeError('fetch failed: downstream blocked');
    const response = await passThrough(input, init);
    if (url.includes('/pull?') && response.ok) {
      const page = (await response.clone().json()) as PullResult;
      pulls.count++;
      pulled.push(...page.documents.map((d) => d.id as string));
    }
    return response;
  };
  Object.assign(link, { fetch: recording });
  return { link, pulled, pulls, blocked };
}

describe.each(['pglite', 'postgres'] as const)('a counter reopened after pushing its cases (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;
  let other: HubClient;
  const open: TestSite[] = [];

  const openCounter = async (
    dbName: string,
    token: string | undefined,
    link = new IslandLink(),
  ): Promise<{ site: TestSite; received: string[] }> => {
    const site = await openSite(hub, 'DX', {
      dbName,
      ...(token ? { token } : {}),
      collections: ['cases'],
      link,
      sync: { pullBatchSize: PULL_BATCH },
    });
    open.push(site);
    // What RxDB wrote into the local collection from the hub, through pulls or the stream.
    const received: string[] = [];
    site.sync.replications.cases!.received$.subscribe((doc) => received.push((doc as unknown as { id: string }).id));
    return { site, received };
  };
  const close = async (site: TestSite, inSync = true) => {
    if (inSync) await site.sync.replications.cases!.awaitInSync();
    await site.close();
    open.splice(open.indexOf(site), 1);
  };
  /**
   * Until the initial pull is done and one more pull from the checkpoint it stored has run (as the stream's RESYNC
   * does on every connection; asked for here so that it is sure to have run), and the replication is idle.
   */
  const settled = async (site: TestSite) => {
    const replication = site.sync.replications.cases!;
    await replication.awaitInitialReplication();
    const stats = replication.internalReplicationState!.stats.down;
    const tasks = stats.addNewTask;
    replication.reSync();
    await waitFor('the RESYNC has reached the replication', () => stats.addNewTask > tasks);
    await replication.awaitInSync();
  };
  /** Inserts the cases and waits until the hub holds them and the counter has taken in the hub's answer. */
  const pushAll = async (site: TestSite, cases: Case[]) => {
    await site.db.cases.bulkInsert(cases);
    await waitFor('the hub holds the counter cases', async () => {
      const held = await hub.hub.documents.get(
        'cases',
        cases.map((c) => c.id),
      );
      return held.size === cases.length;
    });
    await site.sync.replications.cases!.internalReplicationState!.streamQueue.up;
  };

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('reload_own_writes');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
    other = new HubClient({
      baseUrl: hub.url,
      token: (await enrolDevice(hub.hub, 'DX')).token,
      replica: 'othercounter',
    });
  }, 120_000);

  afterAll(async () => {
    for (const site of open.splice(0)) await site.close();
    await hub?.close();
    await scratch?.drop();
  });

  it('pulls none of its own cases back, while cases written by others meanwhile still arrive', async () => {
    const dbName = `reload-${engine}-${process.pid}-1`;
    const first = await openCounter(dbName, undefined);
    await first.site.sync.replications.cases!.awaitInitialReplication();
    const mine = casesOf(81, 150);
    await pushAll(first.site, mine);
    const token = first.site.token;
    await close(first.site);

    const theirs = casesOf(82, 30);
    expect(await other.push('cases', theirs.map(row))).toEqual([]);

    const recorded = recordingLink();
    const again = await openCounter(dbName, token, recorded.link);
    await settled(again.site);
    const mineIds = new Set(mine.map((c) => c.id));
    expect(recorded.pulled.filter((id) => mineIds.has(id))).toEqual([]);
    expect(recorded.pulled.sort()).toEqual(theirs.map((c) => c.id).sort());
    expect(again.received.sort()).toEqual(theirs.map((c) => c.id).sort());
    expect(await again.site.db.cases.count().exec()).toBe(mine.length + theirs.length);
    await close(again.site);

    // The checkpoint was stored past everything: the next reload pulls nothing at all.
    const third = recordingLink();
    const once = await openCounter(dbName, token, third.link);
    await settled(once.site);
    expect(third.pulled).toEqual([]);
    await close(once.site);
  });

  it('with nothing new from others, carries one of its own cases once, so that the next reload pulls nothing', async () => {
    const dbName = `reload-${engine}-${process.pid}-2`;
    const first = await openCounter(dbName, undefined);
    await first.site.sync.replications.cases!.awaitInitialReplication();
    const mine = casesOf(83, 90);
    await pushAll(first.site, mine);
    const token = first.site.token;
    await close(first.site);

    const recorded = recordingLink();
    const again = await openCounter(dbName, token, recorded.link);
    await settled(again.site);
    // One own case (the newest at the hub, whichever of one push's rows the database numbered last) stands in for
    // the left-out ones, so that RxDB stores the checkpoint; it equals the local state, so nothing is written.
    expect(recorded.pulled).toHaveLength(1);
    expect(mine.map((c) => c.id)).toContain(recorded.pulled[0]);
    expect(again.received).toEqual([]);
    await close(again.site);

    const third = recordingLink();
    const once = await openCounter(dbName, token, third.link);
    await settled(once.site);
    expect(third.pulled).toEqual([]);
    await close(once.site);
  });

  it('gets every case of the site back after its local database was wiped (same device, new database)', async () => {
    const first = await openCounter(`reload-${engine}-${process.pid}-3`, undefined);
    await first.site.sync.replications.cases!.awaitInitialReplication();
    const mine = casesOf(84, 60);
    await pushAll(first.site, mine);
    const token = first.site.token;
    await close(first.site);

    const wiped = await openCounter(`reload-${engine}-${process.pid}-3-wiped`, token);
    const everything = (await hub.hub.documents.pull('cases', 0, 100_000, 'DX')).documents.length;
    await waitFor('the wiped counter holds every case of the site', async () => {
      return (await wiped.site.db.cases.count().exec()) === everything;
    });
    const local = await wiped.site.db.cases.findByIds(mine.map((c) => c.id)).exec();
    expect(local.size).toBe(mine.length);
    await close(wiped.site);
  });

  it("skips none of the others' cases written between its own over several pages", async () => {
    const dbName = `reload-${engine}-${process.pid}-4`;
    // Pushes pass, the pulls and the stream do not: the others' cases can only come at the reload, by pulls.
    const session = recordingLink();
    const first = await openCounter(dbName, undefined, session.link);
    await first.site.sync.replications.cases!.awaitInitialReplication();
    session.blocked.downstream = true;
    // Ends the stream already open; it cannot open again.
    session.link.cut();
    session.link.restore();
    const token = first.site.token;
    const mine: Case[] = [];
    const theirs: Case[] = [];
    for (let round = 0; round < 8; round++) {
      const own = casesOf(85, 7);
      mine.push(...own);
      await pushAll(first.site, own);
      const others = casesOf(86, 6);
      theirs.push(...others);
      expect(await other.push('cases', others.map(row))).toEqual([]);
    }
    // Its pulls are failing and retried: it cannot be in sync.
    await close(first.site, false);

    const recorded = recordingLink();
    const again = await openCounter(dbName, token, recorded.link);
    await settled(again.site);
    const theirIds = theirs.map((c) => c.id);
    // 48 of theirs among 104 rows, pulled 20 at a time: full pages of theirs, then the rest; none of its own.
    expect(recorded.pulled).toEqual(theirIds);
    expect(recorded.pulls.count).toBeGreaterThanOrEqual(3);
    const local = await again.site.db.cases.findByIds(theirIds).exec();
    expect(local.size).toBe(theirs.length);
    await close(again.site);
  });
});

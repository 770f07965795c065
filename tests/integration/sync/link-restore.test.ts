import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase } from '../../helpers/cases.ts';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';

/** A link that counts the change-stream connections it opens. */
function streamCountingLink() {
  const link = new IslandLink();
  const streams = { opened: 0 };
  const passThrough = link.fetch;
  const counting: typeof fetch = async (input, init) => {
    const response = await passThrough(input, init);
    if (String(input).includes('/sync/stream')) streams.opened++;
    return response;
  };
  Object.assign(link, { fetch: counting });
  return { link, streams };
}

describe('a site whose link comes back (PGlite hub)', () => {
  let hub: TestHub;
  const sites: TestSite[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
  }, 120_000);

  afterAll(async () => {
    for (const site of sites) await site.close();
    await hub?.close();
  });

  it('reopens its change stream as soon as the heartbeat hears the hub, not when the stream backoff runs out', async () => {
    const { link, streams } = streamCountingLink();
    // A stream backoff far longer than this test may wait: only the heartbeat can bring the stream back in time.
    const dx = await openSite(hub, 'DX', {
      collections: ['cases'],
      link,
      sync: { streamRetry: { minMs: 120_000, maxMs: 120_000 } },
    });
    sites.push(dx);
    await waitFor('DX is online with its stream open', () => dx.sync.getStatus().online && streams.opened === 1);

    link.cut();
    await waitFor('DX sees the link is down', () => !dx.sync.getStatus().online);
    const madeOffline = makeCase({ siteCode: 'DX', counter: 3, sequence: 1 });
    await dx.db.cases.insert(madeOffline);
    // Shown as waiting first: the outbox is recounted a moment after a write, and the stream can be back sooner.
    await waitFor('the outbox shows the case', () => dx.sync.getStatus().pending === 1);
    link.restore();

    await waitFor('the stream is open again', () => streams.opened === 2);
    await waitFor('the outbox is empty', () => dx.sync.getStatus().pending === 0);
    expect((await hub.hub.documents.get('cases', [madeOffline.id])).size).toBe(1);

    // Live again: a case written at the hub for DX (a back-office edit, say) arrives through the reopened stream.
    const fromHub = makeCase({ siteCode: 'DX', counter: 4, sequence: 1 });
    await hub.hub.documents.putAsHub('cases', [{ id: fromHub.id, doc: { ...fromHub }, readers: ['DX'] }]);
    await waitFor('the case reaches DX', async () => (await dx.db.cases.findOne(fromHub.id).exec()) !== null);
    expect(streams.opened).toBe(2);
  }, 60_000);
});

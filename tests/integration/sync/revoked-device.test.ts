import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';

/** A link that counts the change streams the hub accepted. */
function streamCountingLink() {
  const link = new IslandLink();
  const streams = { accepted: 0 };
  const passThrough = link.fetch;
  const counting: typeof fetch = async (input, init) => {
    const response = await passThrough(input, init);
    if (String(input).includes('/sync/stream') && response.ok) streams.accepted++;
    return response;
  };
  Object.assign(link, { fetch: counting });
  return { link, streams };
}

describe('a counter revoked while its change stream is open (PGlite hub)', () => {
  let hub: TestHub;
  const sites: TestSite[] = [];

  beforeAll(async () => {
    // Heartbeats far apart: the counter learns of the revocation from its stream ending, not from a later check.
    hub = await startTestHub({ hubOptions: { heartbeatSeconds: 3600 } });
  }, 120_000);

  afterAll(async () => {
    for (const site of sites) await site.close();
    await hub?.close();
  });

  it('shows that the device is no longer authorised, Chinese first, without writing anything', async () => {
    const { link, streams } = streamCountingLink();
    const dx = await openSite(hub, 'DX', { collections: ['tickets'], link });
    sites.push(dx);
    await waitFor('DX is online with its stream open', () => dx.sync.getStatus().online && streams.accepted === 1);
    // The pull that follows the stream's RESYNC: once it is done, the counter has no reason to ask the hub anything.
    await waitFor('DX has pulled', () => dx.sync.getStatus().collections.tickets.lastSyncAt !== null);
    expect(dx.sync.getStatus().deviceRevoked).toBe(false);

    await hub.hub.ops.revokeDevice(dx.deviceId);

    await waitFor('DX shows it is revoked', () => dx.sync.getStatus().deviceRevoked);
    expect(dx.sync.getStatus().lastError).toMatchObject({
      zh: '本设备的授权已失效，请联系技术人员重新登记',
      en: 'This device is no longer authorised; ask a technician to enrol it again',
    });
  }, 60_000);
});

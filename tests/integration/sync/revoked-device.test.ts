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

describe('a counter revoked while a request and its change stream fail at once (PGlite hub)', () => {
  let hub: TestHub;
  let dx: TestSite | null = null;

  beforeAll(async () => {
    hub = await startTestHub({ hubOptions: { heartbeatSeconds: 3600 } });
  }, 120_000);

  afterAll(async () => {
    await dx?.close();
    await hub?.close();
  });

  it('keeps showing that the device is no longer authorised when the stream ends after the refusal', async () => {
    // The change stream's end is held back until let through: the refusal of a pull then comes first.
    const link = new IslandLink();
    const passThrough = link.fetch;
    let letStreamEnd!: () => void;
    const streamEndHeld = new Promise<void>((resolve) => (letStreamEnd = resolve));
    let streams = 0;
    const holding: typeof fetch = async (input, init) => {
      const response = await passThrough(input, init);
      if (!String(input).includes('/sync/stream') || !response.ok || !response.body) return response;
      streams++;
      const held = response.body.pipeThrough(new TransformStream({ flush: () => streamEndHeld }));
      return new Response(held, { status: response.status, headers: response.headers });
    };
    Object.assign(link, { fetch: holding });
    dx = await openSite(hub, 'DX', { collections: ['tickets'], link });
    const site = dx;
    await waitFor('DX is online with its stream open', () => site.sync.getStatus().online && streams === 1);
    await waitFor('DX has pulled', () => site.sync.getStatus().collections.tickets.lastSyncAt !== null);

    await hub.hub.ops.revokeDevice(site.deviceId);
    // The officer asks to sync: the pull is refused while the stream's end is still on its way.
    await site.sync.syncNow();
    await waitFor('DX shows it is revoked', () => site.sync.getStatus().deviceRevoked);
    let updates = 0;
    const counting = site.sync.status$.subscribe(() => updates++);
    updates = 0;
    letStreamEnd();
    await waitFor('the stream has ended', () => updates > 0);
    counting.unsubscribe();

    expect(site.sync.getStatus().lastError).toMatchObject({
      zh: '本设备的授权已失效，请联系技术人员重新登记',
      en: 'This device is no longer authorised; ask a technician to enrol it again',
    });
  }, 60_000);
});

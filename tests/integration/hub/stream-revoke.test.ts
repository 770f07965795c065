import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { DeviceClient, HUB_START_TIMEOUT_MS, enrolDevice, inserts, startHub, wire } from '../../helpers/hub.ts';
import { EventStreamClient } from '../../helpers/sse.ts';
import { ticket } from '../../helpers/documents.ts';

/**
 * `npm run hub -- revoke <device>`: its token stops working at once — including the change streams it already has
 * open, which would otherwise carry on delivering the site's new documents to a stolen or retired counter.
 */

const streams: EventStreamClient[] = [];

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

async function open(url: string, token: string): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(url, token);
  streams.push(stream);
  return stream;
}

/** A device's two kinds of stream: one collection (the desktop app), several over one connection (web mode). */
async function openBoth(baseUrl: string, token: string): Promise<{ one: EventStreamClient; all: EventStreamClient }> {
  const one = await open(`${baseUrl}/sync/tickets/stream`, token);
  const all = await open(`${baseUrl}/sync/stream?collections=tickets,cases`, token);
  expect(await one.nextData()).toBe('RESYNC');
  const resyncs = [await all.nextData(), await all.nextData()];
  expect(resyncs).toEqual(
    expect.arrayContaining([
      { collection: 'tickets', event: 'RESYNC' },
      { collection: 'cases', event: 'RESYNC' },
    ]),
  );
  return { one, all };
}

async function openStreamsGauge(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^tongban_open_streams (\d+)$/m.exec(text)?.[1]);
}

/** A revocation whose notice never reaches the hub (its listening connection was being reopened, say). */
async function revokeWithoutNotice(hub: Hub, deviceId: string): Promise<void> {
  await hub.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [deviceId]);
}

describe('revoking a device with open streams (PGlite hub)', () => {
  // Heartbeats far apart: a stream that ends in these tests was ended by the revocation, not by a heartbeat's check.
  let hub: Hub;
  let baseUrl: string;
  let writer: DeviceClient;

  beforeAll(async () => {
    hub = await startHub({ heartbeatSeconds: 3600 });
    baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 });
    writer = new DeviceClient(baseUrl, (await enrolDevice(hub, 'DX')).token);
  }, HUB_START_TIMEOUT_MS);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('ends the revoked device’s streams, which miss a ticket written next, while another counter’s streams carry it', async () => {
    const revoked = await enrolDevice(hub, 'DX');
    const kept = await enrolDevice(hub, 'DX');
    const revokedStreams = await openBoth(baseUrl, revoked.token);
    const keptStreams = await openBoth(baseUrl, kept.token);
    const openBefore = await openStreamsGauge(baseUrl);

    await hub.ops.revokeDevice(revoked.deviceId);
    const next = ticket('DX');
    await writer.push('tickets', inserts([next]));

    expect(await keptStreams.one.nextData()).toMatchObject({ documents: [wire(next)] });
    expect(await keptStreams.all.nextData()).toMatchObject({
      collection: 'tickets',
      event: { documents: [wire(next)] },
    });
    // null: the response finished, with no event after the RESYNCs.
    expect(await revokedStreams.one.nextData()).toBeNull();
    expect(await revokedStreams.all.nextData()).toBeNull();
    await expect.poll(() => openStreamsGauge(baseUrl), { timeout: 10_000 }).toBe(openBefore - 2);
    // The counter reconnects, and is refused.
    expect((await open(`${baseUrl}/sync/tickets/stream`, revoked.token)).status).toBe(401);
    expect((await open(`${baseUrl}/sync/stream`, revoked.token)).status).toBe(401);
  });

  it('ends the streams at the revocation itself, before anything else is written', async () => {
    const revoked = await enrolDevice(hub, 'DX');
    const { one, all } = await openBoth(baseUrl, revoked.token);

    await hub.ops.revokeDevice(revoked.deviceId);

    expect(await one.nextData()).toBeNull();
    expect(await all.nextData()).toBeNull();
  });

  it('sends no document after a revocation whose notice was lost: the device is checked before each batch', async () => {
    const revoked = await enrolDevice(hub, 'DX');
    const kept = await enrolDevice(hub, 'DX');
    const revokedStreams = await openBoth(baseUrl, revoked.token);
    const keptStreams = await openBoth(baseUrl, kept.token);

    await revokeWithoutNotice(hub, revoked.deviceId);
    const next = ticket('DX');
    await writer.push('tickets', inserts([next]));

    expect(await keptStreams.one.nextData()).toMatchObject({ documents: [wire(next)] });
    expect(await keptStreams.all.nextData()).toMatchObject({ event: { documents: [wire(next)] } });
    expect(await revokedStreams.one.nextData()).toBeNull();
    expect(await revokedStreams.all.nextData()).toBeNull();
  });
});

describe('a revocation whose notice was lost, with nothing written after it (PGlite hub)', () => {
  let hub: Hub;
  let baseUrl: string;

  beforeAll(async () => {
    hub = await startHub({ heartbeatSeconds: 1 });
    baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  }, HUB_START_TIMEOUT_MS);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('ends the streams at the next heartbeat, which re-checks the device', async () => {
    const revoked = await enrolDevice(hub, 'DX');
    const kept = await enrolDevice(hub, 'DX');
    const revokedStreams = await openBoth(baseUrl, revoked.token);
    const keptStreams = await openBoth(baseUrl, kept.token);

    await revokeWithoutNotice(hub, revoked.deviceId);

    expect(await revokedStreams.one.nextData()).toBeNull();
    expect(await revokedStreams.all.nextData()).toBeNull();
    // The other counter's streams carry on through heartbeats.
    expect((await keptStreams.one.nextHeartbeat()).comment).toMatch(/^heartbeat \d+$/);
    expect((await keptStreams.all.nextHeartbeat()).comment).toMatch(/^heartbeat \d+$/);
  });
});

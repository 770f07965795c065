import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { hubOperations, type HubOperations } from '../../../hub/operations.ts';
import { DeviceStore } from '../../../hub/storage/devices.ts';
import { DocumentStore } from '../../../hub/storage/documents.ts';
import { openPostgres, type SqlDriver } from '../../../hub/storage/driver.ts';
import { DeviceClient, enrolDevice, inserts, startHub, wire } from '../../helpers/hub.ts';
import { ticket } from '../../helpers/documents.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { EventStreamClient } from '../../helpers/sse.ts';

/**
 * Two hub processes on one PostgreSQL (behind a load balancer), and the CLI, which revokes directly on the database
 * when no embedded hub holds it: a revocation made anywhere ends the device's streams on every hub.
 */
let database: ScratchDatabase;
let hubA: Hub;
let hubB: Hub;
let urlA: string;
let urlB: string;
/** What `npm run hub -- revoke` uses on PostgreSQL: its own connection, no hub. */
let cliDriver: SqlDriver;
let cli: HubOperations;
const streams: EventStreamClient[] = [];

beforeAll(async () => {
  database = await createScratchDatabase('revoke');
  // Heartbeats far apart: the streams end through the revocation's notice, not a heartbeat's check.
  hubA = await startHub({ databaseUrl: database.url, heartbeatSeconds: 3600 });
  hubB = await startHub({ databaseUrl: database.url, heartbeatSeconds: 3600 });
  urlA = await hubA.app.listen({ host: '127.0.0.1', port: 0 });
  urlB = await hubB.app.listen({ host: '127.0.0.1', port: 0 });
  cliDriver = await openPostgres(database.url, 2);
  cli = hubOperations(new DocumentStore(cliDriver), new DeviceStore(cliDriver));
}, 120_000);

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await hubA?.app.close();
  await hubB?.app.close();
  await cliDriver?.close();
  await database?.drop();
}, 60_000);

async function open(url: string, token: string): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(url, token);
  streams.push(stream);
  return stream;
}

async function openBoth(baseUrl: string, token: string): Promise<{ one: EventStreamClient; all: EventStreamClient }> {
  const one = await open(`${baseUrl}/sync/tickets/stream`, token);
  const all = await open(`${baseUrl}/sync/stream?collections=tickets`, token);
  expect(await one.nextData()).toBe('RESYNC');
  expect(await all.nextData()).toEqual({ collection: 'tickets', event: 'RESYNC' });
  return { one, all };
}

describe('revoking a device whose streams are open on a hub on PostgreSQL', () => {
  it('ends them when the CLI revokes on the database directly, and they miss the ticket written next', async () => {
    const revoked = await enrolDevice(hubA, 'DX');
    const kept = await enrolDevice(hubA, 'DX');
    const writer = new DeviceClient(urlA, (await enrolDevice(hubA, 'DX')).token);
    const revokedStreams = await openBoth(urlB, revoked.token);
    const keptStreams = await openBoth(urlB, kept.token);

    await cli.revokeDevice(revoked.deviceId);
    const next = ticket('DX');
    await writer.push('tickets', inserts([next]));

    expect(await keptStreams.one.nextData()).toMatchObject({ documents: [wire(next)] });
    expect(await keptStreams.all.nextData()).toMatchObject({ event: { documents: [wire(next)] } });
    expect(await revokedStreams.one.nextData()).toBeNull();
    expect(await revokedStreams.all.nextData()).toBeNull();
    expect((await open(`${urlB}/sync/tickets/stream`, revoked.token)).status).toBe(401);
  });

  it('ends the streams on hub B at a revocation made through hub A, with nothing written after it', async () => {
    const revoked = await enrolDevice(hubA, 'DX');
    const onB = await openBoth(urlB, revoked.token);
    const onA = await openBoth(urlA, revoked.token);

    await hubA.ops.revokeDevice(revoked.deviceId);

    expect(await onB.one.nextData()).toBeNull();
    expect(await onB.all.nextData()).toBeNull();
    expect(await onA.one.nextData()).toBeNull();
    expect(await onA.all.nextData()).toBeNull();
  });
});

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { openPostgres, type SqlDriver } from '../../../hub/storage/driver.ts';
import { HUB_START_TIMEOUT_MS, enrolDevice, startHub } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';

// A counter whose connection drops while its stream request is still being authenticated (an island link dropping
// during a reconnect) used to leave a stream behind on the hub: the handler ran after the response's 'close' had
// fired, so its heartbeat timer, change subscription and open-streams count were never released, and the timers kept
// the hub's process alive after it was closed.

let database: ScratchDatabase;
let driver: SqlDriver | null = null;
let hub: Hub | null = null;
let locker: pg.Client | null = null;

beforeAll(async () => {
  database = await createScratchDatabase('stream_abort');
}, HUB_START_TIMEOUT_MS);

afterEach(async () => {
  // A failed test must not leave the devices table locked, nor the hub open.
  await locker?.query('ROLLBACK').catch(() => undefined);
  await locker?.end().catch(() => undefined);
  locker = null;
  await hub?.app.close();
  hub = null;
  await driver?.close();
  driver = null;
});

afterAll(async () => {
  await database?.drop();
}, 60_000);

async function openStreamsGauge(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^tongban_open_streams (\d+)$/m.exec(text)?.[1]);
}

const connectionsOf = (server: Hub['app']['server']) =>
  new Promise<number>((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n))));

describe('a stream whose client is gone before its request is authenticated', () => {
  for (const path of ['/sync/cases/stream', '/sync/stream?collections=cases,tickets']) {
    it(
      `is not left open on the hub (${path.split('?')[0]})`,
      async () => {
        // One database connection: the hub's queries are then answered in the order they were sent, so a query sent
        // after the token lookup answers only once the lookup has, and the stream's handler has run.
        driver = await openPostgres(database.url, 1);
        hub = await startHub({ driver, heartbeatSeconds: 1 });
        const { token } = await enrolDevice(hub, 'DX');
        const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 });

        // The token lookup waits on the devices table for as long as this transaction holds it.
        locker = new pg.Client({ connectionString: database.url });
        locker.on('error', () => undefined);
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE devices IN ACCESS EXCLUSIVE MODE');

        const client = new AbortController();
        const request = fetch(`${baseUrl}${path}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: client.signal,
        }).catch(() => undefined);
        // Read outside the locking transaction: within one, PostgreSQL shows the same activity snapshot every time.
        await expect
          .poll(
            async () =>
              (
                await database.admin.query(
                  `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                     AND query LIKE '%FROM devices WHERE token_hash%'`,
                )
              ).rowCount,
            { timeout: 10_000, interval: 20 },
          )
          .toBe(1);
        client.abort();
        await request;
        // The hub has seen the connection close (the only one: everything else went through inject).
        await expect.poll(() => connectionsOf(hub!.app.server), { timeout: 10_000, interval: 20 }).toBe(0);

        await locker.query('COMMIT');
        // Answered after the token lookup, on the hub's one connection: the stream's handler has run by now.
        await hub.db.query('SELECT 1');

        expect(await openStreamsGauge(baseUrl)).toBe(0);
      },
      HUB_START_TIMEOUT_MS,
    );
  }
});

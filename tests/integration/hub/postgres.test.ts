import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { seedCatalogue, seedSites } from '../../../shared/catalogue/seed/index.ts';
import { DeviceClient, enrolDevice, ids, inserts, startHub, wire } from '../../helpers/hub.ts';
import { acceptedCase, ticket } from '../../helpers/documents.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { EventStreamClient } from '../../helpers/sse.ts';

/** Two hub processes' worth of hubs on one database, as behind a load balancer. */
let database: ScratchDatabase;
let hubA: Hub;
let hubB: Hub;
let urlB: string;
const streams: EventStreamClient[] = [];
const extraClients: pg.Client[] = [];

beforeAll(async () => {
  database = await createScratchDatabase('hub');
  hubA = await startHub({ databaseUrl: database.url });
  hubB = await startHub({ databaseUrl: database.url, heartbeatSeconds: 1 });
  urlB = await hubB.app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close();
  await Promise.all(extraClients.splice(0).map((c) => c.end().catch(() => undefined)));
});

afterAll(async () => {
  await hubA?.app.close();
  await hubB?.app.close();
  await database?.drop();
}, 60_000);

async function sqlClient(url = database.url): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  extraClients.push(client);
  return client;
}

describe('the hub on PostgreSQL', () => {
  it('runs on PostgreSQL and was seeded once although two hubs started on the empty database', async () => {
    expect((await hubA.app.inject('/health')).json()).toMatchObject({ status: 'ok', engine: 'postgres' });
    expect(await hubA.documents.count('services')).toBe(seedCatalogue.items.length);
    expect(await hubB.documents.count('sites')).toBe(seedSites.length);
  });

  it('stores a pushed case and hands it back unchanged, with a numeric checkpoint', async () => {
    const dx = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'DX')).token);
    const newCase = acceptedCase('DX');
    const before = await hubA.documents.maxSeq('cases');

    expect(await dx.push('cases', inserts([newCase]))).toEqual([]);

    const page = await dx.pull('cases', before);
    expect(page.documents).toEqual([wire(newCase)]);
    expect(typeof page.checkpoint.seq).toBe('number');
    expect(page.checkpoint.seq).toBeGreaterThan(before);
  });

  it('recognises a re-sent document although jsonb reordered its keys: nothing changes', async () => {
    const dx = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'DX')).token);
    const newCase = acceptedCase('DX');
    await dx.push('cases', inserts([newCase]));
    const seq = await hubA.documents.maxSeq('cases');

    expect(await dx.push('cases', inserts([newCase]))).toEqual([]);
    expect(await dx.push('cases', [{ newDocumentState: wire(newCase), assumedMasterState: wire(newCase) }])).toEqual(
      [],
    );

    expect(await hubA.documents.maxSeq('cases')).toBe(seq);
  });

  it('returns the master state on a compare-and-swap conflict', async () => {
    const counter1 = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'DX')).token);
    const counter2 = new DeviceClient(hubB.app, (await enrolDevice(hubB, 'DX')).token);
    const issued = ticket('DX');
    await counter1.push('tickets', inserts([issued]));
    const calledAt2 = { ...issued, status: 'called' as const, counter: 2 };
    await counter2.push('tickets', [{ newDocumentState: wire(calledAt2), assumedMasterState: wire(issued) }]);

    const conflicts = await counter1.push('tickets', [
      { newDocumentState: wire({ ...issued, status: 'skipped' }), assumedMasterState: wire(issued) },
    ]);

    expect(conflicts).toEqual([wire(calledAt2)]);
  });

  it('hands out tombstones, pages through every document once, and reports refusals', async () => {
    const yt = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'YT')).token);
    const tickets = Array.from({ length: 12 }, () => ticket('YT'));
    const refusedBefore = (await yt.refused()).length;
    const nul = ticket('YT', { issuedBy: 'YT-kiosk\u0000' });
    await yt.push('tickets', inserts([...tickets, { ...ticket('YT'), displayNumber: 'wrong' }, nul]));
    await yt.push('tickets', [{ newDocumentState: wire(tickets[0]!, true), assumedMasterState: wire(tickets[0]!) }]);

    const seen: Array<Record<string, unknown>> = [];
    let checkpoint = 0;
    for (
      let page = await yt.pull('tickets', 0, 5);
      page.documents.length > 0;
      page = await yt.pull('tickets', checkpoint, 5)
    ) {
      seen.push(...page.documents);
      checkpoint = page.checkpoint.seq;
    }

    expect(ids(seen)).toEqual(ids(tickets));
    expect(seen.find((d) => d.id === tickets[0]!.id)).toEqual(wire(tickets[0]!, true));
    expect((await yt.refused()).slice(refusedBefore).map((r) => r.code)).toEqual(['schema', 'unstorable-text']);
  });
});

describe('a pull never skips a write that commits later with a lower sequence', () => {
  it('shows the danger without the lock: a row committed late with a lower sequence is never pulled', async () => {
    // Two writers that draw sequence numbers without the hub's per-collection lock, as a naive hub would.
    const early = await sqlClient();
    const late = await sqlClient();
    const insert = (client: pg.Client, id: string) =>
      client.query(
        `INSERT INTO documents (collection, id, seq, readers, deleted, doc, written_by)
         VALUES ('naive-demo', $1, nextval('document_seq'), NULL, false, '{}', 'test') RETURNING seq`,
        [id],
      );
    await early.query('BEGIN');
    const lowSeq = Number((await insert(early, 'drawn-first')).rows[0].seq);
    await late.query('BEGIN');
    const highSeq = Number((await insert(late, 'drawn-second')).rows[0].seq);
    await late.query('COMMIT');
    expect(highSeq).toBeGreaterThan(lowSeq);

    const firstPull = await hubA.documents.pull('naive-demo', 0, 100, null);
    await early.query('COMMIT');
    const secondPull = await hubA.documents.pull('naive-demo', firstPull.checkpoint.seq, 100, null);

    const pulled = [...firstPull.documents, ...secondPull.documents];
    expect(pulled).toHaveLength(1);
    expect(firstPull.checkpoint.seq).toBe(highSeq);
    expect((await hubA.db.query(`SELECT id FROM documents WHERE collection = 'naive-demo'`)).rows).toHaveLength(2);
  });

  it('makes a push wait while another push of the collection is uncommitted, so sequences commit in order', async () => {
    const writer1 = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'HT')).token);
    const writer2 = new DeviceClient(hubB.app, (await enrolDevice(hubB, 'HT')).token);
    const puller = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'HT')).token);
    const first = ticket('HT');
    const second = ticket('HT');
    const checkpoint = (await puller.pullAll('tickets')).checkpoint.seq;

    // Hold writer 1 inside its transaction, after it drew its sequence number: an uncommitted row with the same
    // key makes its INSERT wait.
    const blocker = await sqlClient();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO documents (collection, id, seq, readers, deleted, doc, written_by) VALUES ('tickets', $1, -1, '{HT}', false, '{}', 'test')`,
      [first.id],
    );
    const push1 = writer1.push('tickets', inserts([first]));
    await waitForBackend(
      `wait_event_type = 'Lock' AND wait_event = 'transactionid' AND query LIKE '%INSERT INTO documents%'`,
    );
    const push2 = writer2.push('tickets', inserts([second]));
    await waitForBackend(`wait_event_type = 'Lock' AND wait_event = 'advisory'`);

    const whileBlocked = await puller.pull('tickets', checkpoint);
    await blocker.query('ROLLBACK');
    expect(await push1).toEqual([]);
    expect(await push2).toEqual([]);
    const afterwards = await puller.pull('tickets', checkpoint);

    expect(whileBlocked.documents).toEqual([]);
    expect(afterwards.documents.map((d) => d.id)).toEqual([first.id, second.id]);
  });

  it('gives a puller every document exactly once while 20 counters push concurrently through two hubs', async () => {
    const PUSHERS = 20;
    const BATCHES = 50;
    const PER_BATCH = 2;
    const hubs = [hubA, hubB];
    const pushers = await Promise.all(
      Array.from(
        { length: PUSHERS },
        async (_, i) => new DeviceClient(hubs[i % 2]!.app, (await enrolDevice(hubs[i % 2]!, 'SP')).token),
      ),
    );
    const pullers = [hubA, hubB].map(async (hub) => new DeviceClient(hub.app, (await enrolDevice(hub, 'SP')).token));
    const [pullerA, pullerB] = await Promise.all(pullers);
    const pushed: string[] = [];

    let pushing = true;
    const pushAll = Promise.all(
      pushers.map(async (pusher) => {
        for (let batch = 0; batch < BATCHES; batch++) {
          const docs = Array.from({ length: PER_BATCH }, () => ticket('SP'));
          pushed.push(...docs.map((d) => d.id));
          expect(await pusher.push('tickets', inserts(docs))).toEqual([]);
        }
      }),
    ).finally(() => {
      pushing = false;
    });

    // The puller alternates between the two hubs, as a counter behind a load balancer would.
    const received: string[] = [];
    let checkpoint = 0;
    let pullsThatRacedPushes = 0;
    for (let turn = 0; ; turn++) {
      const stillPushing = pushing;
      const page = await (turn % 2 === 0 ? pullerA! : pullerB!).pull('tickets', checkpoint, 37);
      received.push(...page.documents.map((d) => String(d.id)));
      checkpoint = page.checkpoint.seq;
      if (stillPushing && page.documents.length > 0) pullsThatRacedPushes++;
      if (!stillPushing && page.documents.length === 0) break;
    }
    await pushAll;

    expect(pushed).toHaveLength(PUSHERS * BATCHES * PER_BATCH);
    expect(pullsThatRacedPushes).toBeGreaterThan(10);
    expect(received).toHaveLength(new Set(received).size);
    expect([...received].sort()).toEqual([...pushed].sort());
  }, 300_000);
});

describe('several hub processes on one database', () => {
  it('streams a change pushed through hub A to a counter connected to hub B (LISTEN/NOTIFY)', async () => {
    const { token } = await enrolDevice(hubB, 'NH');
    const stream = await EventStreamClient.open(`${urlB}/sync/tickets/stream`, token);
    streams.push(stream);
    expect(await stream.nextData()).toBe('RESYNC');
    const viaA = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'NH')).token);
    const doc = ticket('NH');

    await viaA.push('tickets', inserts([doc]));

    expect(await stream.nextData()).toEqual({
      documents: [wire(doc)],
      checkpoint: { seq: await hubA.documents.maxSeq('tickets') },
    });
  });

  it('survives PostgreSQL dropping every connection: pushes work again and streams hear changes again', async () => {
    const { token } = await enrolDevice(hubB, 'JS');
    const stream = await EventStreamClient.open(`${urlB}/sync/tickets/stream`, token);
    streams.push(stream);
    expect(await stream.nextData()).toBe('RESYNC');
    const viaA = new DeviceClient(hubA.app, (await enrolDevice(hubA, 'JS')).token);
    await viaA.pull('tickets');

    const admin = await sqlClient();
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    // Both hubs listen again on new connections before the next change is pushed.
    await waitForBackend(`query = 'LISTEN "tongban_changes"'`, 2);

    const doc = ticket('JS');
    expect(await viaA.push('tickets', inserts([doc]))).toEqual([]);
    expect(((await stream.nextData()) as { documents: unknown[] }).documents).toEqual([wire(doc)]);
    expect((await hubB.app.inject('/health')).statusCode).toBe(200);
  });

  it('starts several hubs at once on an empty database: migrations run once and none fails', async () => {
    const fresh = await createScratchDatabase('migrate');
    try {
      const hubs = await Promise.all(Array.from({ length: 3 }, () => startHub({ databaseUrl: fresh.url })));
      try {
        const versions = await fresh.admin.query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(versions.rows.map((r) => r.version)).toEqual(versions.rows.map((_, i) => i + 1));
        expect(versions.rows.length).toBeGreaterThan(0);
        for (const hub of hubs) expect(await hub.documents.count('services')).toBe(seedCatalogue.items.length);
        const { rows } = await fresh.admin.query<{ n: string }>(
          `SELECT count(*) AS n FROM documents WHERE collection = 'sites'`,
        );
        expect(Number(rows[0]!.n)).toBe(seedSites.length);
      } finally {
        await Promise.all(hubs.map((hub) => hub.app.close()));
      }
    } finally {
      await fresh.drop();
    }
  }, 120_000);
});

/** Waits until `count` server processes of this database match `condition` (a pg_stat_activity filter). */
async function waitForBackend(condition: string, count = 1): Promise<void> {
  const admin = await sqlClient();
  await expect
    .poll(
      async () => {
        const { rows } = await admin.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND ${condition}`,
        );
        return Number(rows[0]!.n);
      },
      { timeout: 20_000, interval: 50 },
    )
    .toBeGreaterThanOrEqual(count);
}

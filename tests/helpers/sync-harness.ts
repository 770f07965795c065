// Real parts for sync tests: the hub listening on 127.0.0.1, RxDB on Dexie over fake-indexeddb, the real client.
import type { FieldSealerFactory } from '../../renderer/db/field-sealer.ts';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import pRetry from 'p-retry';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { buildHub, type Hub, type HubOptions } from '../../hub/app.ts';
import { openPGlite, openPostgres, type SqlDriver } from '../../hub/storage/driver.ts';
import { createDatabase, type TongbanDatabase } from '../../renderer/db/create-database.ts';
import { HubClient } from '../../renderer/sync/hub-client.ts';
import type { CollectionName } from '../../shared/schemas/index.ts';
import { startSync, type SyncClient, type SyncClientOptions } from '../../renderer/sync/sync-client.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

export interface TestHub {
  hub: Hub;
  url: string;
  driver: SqlDriver;
  /** Stops listening, as when the island link or the hub goes down. The database stays. */
  stop(): Promise<void>;
  /** A new hub process on the same database and port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a hub on 127.0.0.1 over PGlite (default) or the given PostgreSQL URL. */
export async function startTestHub(opts: { databaseUrl?: string; hubOptions?: HubOptions } = {}): Promise<TestHub> {
  const driver = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPGlite(undefined);
  let port = 0;
  let running: Hub | null = null;
  const result: TestHub = {
    hub: null as unknown as Hub,
    url: '',
    driver,
    async start() {
      running = await buildHub({ driver, heartbeatSeconds: 1, ...opts.hubOptions });
      const address = await running.app.listen({ host: '127.0.0.1', port });
      port = Number(new URL(address).port);
      result.hub = running;
      result.url = `http://127.0.0.1:${port}`;
    },
    async stop() {
      await running?.app.close();
      running = null;
    },
    async close() {
      await result.stop();
      await driver.close();
    },
  };
  await result.start();
  return result;
}

/**
 * The island's WAN link, for cutting one site off while the others stay connected. A cut link fails requests the
 * way fetch does when the network is gone, and drops the streams that were open.
 */
export class IslandLink {
  private down = false;
  private readonly open = new Set<AbortController>();
  cut(): void {
    this.down = true;
    for (const controller of this.open) controller.abort(new TypeError('fetch failed: link cut'));
    this.open.clear();
  }
  restore(): void {
    this.down = false;
  }
  readonly fetch: typeof fetch = (input, init) => {
    if (this.down) return Promise.reject(new TypeError('fetch failed: link cut'));
    // Aborting also ends a response body still streaming (SSE). Finished requests ignore the abort.
    const controller = new AbortController();
    this.open.add(controller);
    const signal = init?.signal ? AbortSignal.any([controller.signal, init.signal]) : controller.signal;
    return fetch(input, { ...init, signal });
  };
}

export interface TestSite {
  siteCode: string;
  deviceId: string;
  token: string;
  db: TongbanDatabase;
  sync: SyncClient;
  requests: { count: number };
  link: IslandLink;
  close(): Promise<void>;
}

/** Enrols a device for `siteCode` and opens its local database with sync running. */
export async function openSite(
  testHub: TestHub,
  siteCode: string,
  opts: {
    dbName?: string;
    token?: string;
    deviceId?: string;
    sync?: Partial<SyncClientOptions>;
    /** RxDB open core allows 13 open collections per process: several sites in one test open only what they need. */
    collections?: readonly CollectionName[];
    /** The site's link to the hub; cut it to take this site offline alone. */
    link?: IslandLink;
    /** Send the local database's storage token with each request (default true), as the app does. */
    nameReplica?: boolean;
    /** Where personal fields are sealed (default: in the calling thread). */
    sealer?: FieldSealerFactory;
  } = {},
): Promise<TestSite> {
  let token = opts.token;
  let deviceId = opts.deviceId ?? '';
  if (!token) {
    const { code } = await testHub.hub.ops.createEnrolmentCode(siteCode, `${siteCode} 测试窗口`);
    // A keep-alive socket left from a hub that was restarted can fail once ("other side closed"); try again.
    const response = await pRetry(
      () =>
        fetch(`${testHub.url}/api/devices/enroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        }),
      { retries: 2, minTimeout: 50 },
    );
    const enrolled = (await response.json()) as { token: string; deviceId: string };
    token = enrolled.token;
    deviceId = enrolled.deviceId;
  }
  const db = await createDatabase({
    storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
    name: opts.dbName ?? unique(`site-${siteCode.toLowerCase()}`),
    encryptionKey: 'test-encryption-key-0123456789',
    collections: opts.collections ?? ['cases', 'services', 'categories'],
    ...(opts.sealer ? { sealer: opts.sealer } : {}),
  });
  const requests = { count: 0 };
  const link = opts.link ?? new IslandLink();
  const countingFetch: typeof fetch = (input, init) => {
    requests.count++;
    return link.fetch(input, init);
  };
  const hubClient = new HubClient({
    baseUrl: testHub.url,
    token,
    fetch: countingFetch,
    requestTimeoutMs: 10_000,
    ...(opts.nameReplica === false ? {} : { replica: db.storageToken }),
  });
  const sync = startSync({ db, hub: hubClient, heartbeatMs: 300, retryMs: 300, ...opts.sync });
  return {
    siteCode,
    deviceId,
    token,
    db,
    sync,
    requests,
    link,
    async close() {
      await sync.stop();
      await db.close();
    },
  };
}

/** Polls until `check` holds; fails with `what` if it does not within `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

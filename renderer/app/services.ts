import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxStorage } from 'rxdb';
import { createDatabase, type MigrationProgress, type TongbanDatabase } from '../db/create-database.ts';
import { webWorkerSealer } from '../db/web-sealer.ts';
import { getBridge } from '../platform/bridge.ts';
import { HubClient } from '../sync/hub-client.ts';
import { startSync, type SyncClient } from '../sync/sync-client.ts';
import { trackCatchUp, type CatchUpTracker } from '../sync/catch-up.ts';
import { hasStoredLanguage, useAppStore } from '../store/index.ts';
import type { HubConnection } from '../../shared/ipc/bridge.ts';
import { databaseNameFor, loadPlatform, type CounterPlatform } from './platform.ts';
import { exposeTestHooks } from './test-hooks.ts';

/**
 * What the counter app runs on, created once outside React (STYLE.md "State and data in the renderer"): the local
 * database, the hub client, replication with its status feeding the store, and the catch-up tracker.
 */
export interface CounterServices {
  platform: CounterPlatform;
  connection: HubConnection;
  db: TongbanDatabase;
  hub: HubClient;
  sync: SyncClient;
  catchUp: CatchUpTracker;
  close(): Promise<void>;
}

export interface StartServicesOptions {
  /** Dexie on the browser's IndexedDB unless given (tests pass fake-indexeddb). */
  storage?: RxStorage<unknown, unknown>;
  devMode?: boolean;
  heartbeatMs?: number;
}

export async function startCounterServices(
  platform: CounterPlatform,
  connection: HubConnection,
  options: StartServicesOptions = {},
): Promise<CounterServices> {
  // A schema upgrade of the local data can take a minute at the first start of a new release: the start screen
  // shows how far it is, from the store.
  const setMigration = (progress: MigrationProgress | null) => useAppStore.getState().startup.setMigration(progress);
  let db: TongbanDatabase;
  try {
    db = await createDatabase({
      storage: options.storage ?? (getRxStorageDexie() as RxStorage<unknown, unknown>),
      name: databaseNameFor(connection),
      encryptionKey: platform.databaseKey,
      devMode: options.devMode ?? false,
      multiInstance: false,
      // The Electron shell has one window on the database; a browser tab may have others of the same profile.
      soleWindow: platform.shell === 'electron',
      onMigrationProgress: setMigration,
      // Personal fields are sealed in a worker of the page; Node (tests) has no Web Worker and seals in place. A
      // worker given up on goes to the desktop app's log (in a browser, the console already has it).
      ...(typeof Worker === 'function'
        ? {
            sealer: (fieldKey: CryptoKey) =>
              webWorkerSealer(fieldKey, (message) => {
                if (platform.shell === 'electron') getBridge().reportError({ source: 'field-sealer', message });
              }),
          }
        : {}),
    });
  } finally {
    setMigration(null);
  }
  const hub = new HubClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    fetch: platform.fetch,
    replica: db.storageToken,
  });
  // Replication starts next to database creation; its status is subscribed to at once, never ignored.
  const sync = startSync({ db, hub, ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}) });
  const store = useAppStore.getState();
  const statusSubscription = sync.status$.subscribe((status) => useAppStore.getState().sync.setStatus(status));
  const catchUp = trackCatchUp({
    hub,
    sync,
    onProgress: (progress) => useAppStore.getState().sync.setCatchUp(progress),
  });
  store.device.setDevice({
    shell: platform.shell,
    siteCode: connection.siteCode,
    counterNumber: platform.counterNumber,
    deviceId: connection.deviceId,
    hubUrl: connection.baseUrl,
  });
  return {
    platform,
    connection,
    db,
    hub,
    sync,
    catchUp,
    async close() {
      catchUp.stop();
      statusSubscription.unsubscribe();
      await sync.stop();
      await db.close();
    },
  };
}

let booting: Promise<{ platform: CounterPlatform; services: CounterServices | null }> | null = null;

/**
 * The page's one set of services, started once whatever React does (StrictMode runs effects twice in development;
 * two databases of one name must never be open at once). `services` is null until this machine is enrolled.
 */
export function bootCounter(): Promise<{ platform: CounterPlatform; services: CounterServices | null }> {
  booting ??= (async () => {
    const platform = await loadPlatform();
    // The site configuration's language applies until an officer picks one on this machine.
    if (platform.language && !hasStoredLanguage()) useAppStore.getState().settings.setLanguage(platform.language);
    if (!platform.connection) return { platform, services: null };
    const services = await startCounterServices(platform, platform.connection, { devMode: import.meta.env.DEV });
    exposeTestHooks(services);
    return { platform, services };
  })();
  return booting;
}

/** After a failed boot or an enrolment: the next `bootCounter()` starts again (closing what a success left open). */
export function forgetBoot(): void {
  const previous = booting;
  booting = null;
  void previous?.then((r) => r.services?.close()).catch(() => undefined);
}

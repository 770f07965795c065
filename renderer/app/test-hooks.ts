import type { TongbanDatabase } from '../db/create-database.ts';
import type { SyncClient } from '../sync/sync-client.ts';
import { useAppStore } from '../store/index.ts';
import type { CounterServices } from './services.ts';

/**
 * What end-to-end tests and benchmarks reach in the page (`window.tongbanTestHooks`): the local database and the
 * store, to set up a state quickly (preload 50,000 cases, call a ticket) that the UI would take minutes to make.
 *
 * Only in a browser (web mode), and only when this profile's localStorage holds `tongban.testHooks = "1"`, which a
 * test sets before the page loads. A script that could set that flag already runs in the page and could read the same
 * IndexedDB itself, so the hook gives nothing away; the desktop app never exposes it.
 */
export const TEST_HOOKS_FLAG = 'tongban.testHooks';

export interface TongbanTestHooks {
  db: TongbanDatabase;
  store: typeof useAppStore;
  /** The replications, to wait until the counter is in step with the hub (`replications.cases.awaitInSync()`). */
  sync: Pick<SyncClient, 'replications'>;
}

declare global {
  interface Window {
    tongbanTestHooks?: TongbanTestHooks;
  }
}

export function exposeTestHooks(services: CounterServices): void {
  try {
    if (services.platform.shell !== 'web' || window.localStorage.getItem(TEST_HOOKS_FLAG) !== '1') return;
  } catch {
    return;
  }
  window.tongbanTestHooks = { db: services.db, store: useAppStore, sync: services.sync };
}

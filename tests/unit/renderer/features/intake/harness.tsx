// The intake screen as the app runs it, in happy-dom: the real components, the real store and i18n, and the real
// RxDB (Dexie on fake-indexeddb) holding the seed catalogue, the seed sites and two officers with scrypt PIN hashes.
import { render, type RenderResult } from '@testing-library/react';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { seedCatalogue, seedSites } from '../../../../../shared/catalogue/seed/index.ts';
import { hashPin } from '../../../../../shared/domain/pin.ts';
import type { Officer, PinHash } from '../../../../../shared/schemas/index.ts';
import { ServicesProvider } from '../../../../../renderer/app/services-context.tsx';
import type { CounterServices } from '../../../../../renderer/app/services.ts';
import { createDatabase, type TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { initI18n } from '../../../../../renderer/i18n/index.ts';
import { setBridgeForTests } from '../../../../../renderer/platform/bridge.ts';
import { createWebBridge } from '../../../../../renderer/platform/web-bridge.ts';
import { resetAppStore, useAppStore } from '../../../../../renderer/store/index.ts';
import { IntakeScreen } from '../../../../../renderer/features/intake/IntakeScreen.tsx';
import { IntakeForm } from '../../../../../renderer/features/intake/IntakeForm.tsx';

export const OFFICER_PIN = '246810';
export const SUPERVISOR_PIN = '135790';

let hashes: { officer: PinHash; supervisor: PinHash } | null = null;

export function officers(pins: { officer: PinHash; supervisor: PinHash }): Officer[] {
  return [
    {
      id: 'lin-hai',
      name: '林海',
      badge: '35012801',
      siteCodes: ['DX'],
      role: 'officer',
      authorisedBusinessTypes: ['exit-entry', 'household'],
      pinHash: pins.officer,
      active: true,
    },
    {
      id: 'chen-lan',
      name: '陈岚',
      badge: '35012802',
      siteCodes: ['DX'],
      role: 'supervisor',
      authorisedBusinessTypes: ['exit-entry', 'household', 'public-order', 'traffic'],
      pinHash: pins.supervisor,
      active: true,
    },
  ];
}

let databaseCount = 0;

/** A counter database of DX with the catalogue, sites and officers in it, as after the first sync. */
export async function counterDatabase(): Promise<TongbanDatabase> {
  hashes ??= { officer: await hashPin(OFFICER_PIN), supervisor: await hashPin(SUPERVISOR_PIN) };
  const db = await createDatabase({
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
    name: `intake-test-${++databaseCount}`,
    encryptionKey: 'test-key-of-sufficient-length',
    multiInstance: false,
  });
  await db.services.bulkInsert(seedCatalogue.items.map((item) => structuredClone(item)));
  await db.sites.bulkInsert(seedSites.map((site) => structuredClone(site)));
  await db.officers.bulkInsert(officers(hashes));
  return db;
}

export interface IntakeHarness extends RenderResult {
  db: TongbanDatabase;
}

/** Signs in 林海 at DX counter 1 and shows the intake screen. */
export async function renderIntake(
  db: TongbanDatabase,
  officerId: 'lin-hai' | 'chen-lan' = 'lin-hai',
  options: { now?: () => Date } = {},
) {
  await initI18n('zh-CN');
  setBridgeForTests(
    createWebBridge({
      storage: localStorage,
      location: { hash: '', pathname: '/', search: '' },
      replaceUrl: () => undefined,
      fetch: globalThis.fetch,
      printHtml: () => undefined,
      download: () => undefined,
      randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
      reportError: () => undefined,
    }),
  );
  const state = useAppStore.getState();
  state.device.setDevice({
    shell: 'web',
    siteCode: 'DX',
    counterNumber: 1,
    deviceId: 'dev-test',
    hubUrl: 'http://hub',
  });
  const officer = (await db.officers.findOne(officerId).exec())!.toJSON() as Officer;
  state.session.signIn({
    id: officer.id,
    name: officer.name,
    badge: officer.badge,
    role: officer.role,
    authorisedBusinessTypes: [...officer.authorisedBusinessTypes],
  });
  state.navigation.go('intake');
  const services = {
    db,
    platform: { shell: 'web', databaseKey: 'draft-key-for-tests', counterNumber: 1 },
  } as unknown as CounterServices;
  const result = render(
    <ServicesProvider services={services}>
      {options.now ? <IntakeForm now={options.now} /> : <IntakeScreen />}
    </ServicesProvider>,
  );
  return { ...result, db } satisfies IntakeHarness;
}

export function resetIntakeEnvironment(): void {
  localStorage.clear();
  resetAppStore();
  setBridgeForTests(null);
}

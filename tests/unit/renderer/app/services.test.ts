// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxJsonSchemaLike } from '../../../../shared/schemas/rx.ts';
import type * as Collections from '../../../../shared/schemas/collections.ts';
import type { Case } from '../../../../shared/schemas/index.ts';

// A counter of the previous release: cases at schema version 1 (see tests/unit/renderer/db/cases-migration.test.ts).
const oldSchema = vi.hoisted(() => ({ cases: null as RxJsonSchemaLike | null }));
vi.mock('../../../../shared/schemas/collections.ts', async (importOriginal) =>
  (await import('../../../helpers/cases-schemas.ts')).withCasesSchema(
    await importOriginal<typeof Collections>(),
    oldSchema,
  ),
);

const { startCounterServices } = await import('../../../../renderer/app/services.ts');
const { databaseNameFor } = await import('../../../../renderer/app/platform.ts');
const { createDatabase, MIGRATION_STRATEGIES } = await import('../../../../renderer/db/create-database.ts');
const { COLLECTIONS } = await import('../../../../shared/schemas/index.ts');
const { resetAppStore, useAppStore } = await import('../../../../renderer/store/index.ts');
const { makeCase } = await import('../../../helpers/cases.ts');
const { casesSchemaAt } = await import('../../../helpers/cases-schemas.ts');

/**
 * Counter `counterNumber` of DX, offline (the link to the main island is down: the counter starts all the same), whose
 * database the previous release made with cases at schema version 1 and `cases` in it.
 */
async function upgradedCounter(counterNumber: number, cases: Case[]) {
  const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange });
  const connection = {
    baseUrl: 'http://hub.invalid',
    token: 't',
    siteCode: 'DX',
    deviceId: `dx-counter-${counterNumber}`,
  };
  const platform = {
    shell: 'web' as const,
    connection,
    counterNumber,
    databaseKey: 'counter-key-from-the-os-keychain',
    language: null,
    fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
  };
  oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
  const old = await createDatabase({ storage, name: databaseNameFor(connection), encryptionKey: platform.databaseKey });
  await old.cases.bulkInsert(cases);
  await old.close();
  oldSchema.cases = null;
  return { storage, connection, platform };
}

describe('startCounterServices', () => {
  afterEach(() => resetAppStore());

  it('puts the first start’s upgrade of the local data in the store for the start screen, page by page', async () => {
    const { storage, connection, platform } = await upgradedCounter(
      1,
      Array.from({ length: 1_500 }, (_, k) =>
        makeCase({ siteCode: 'DX', counter: 1 + Math.floor(k / 999), sequence: (k % 999) + 1 }),
      ),
    );
    const seen: Array<{ collection: string; handled: number; total: number } | null> = [];
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.startup.migration !== previous.startup.migration) seen.push(state.startup.migration);
    });
    const services = await startCounterServices(platform, connection, { storage });
    unsubscribe();
    try {
      // 1,500 cases, never synced (no copies to count), in pages of 1,000.
      expect(seen.map((p) => p && `${p.collection} ${p.handled}/${p.total}`)).toEqual([
        'cases 0/1500',
        'cases 1000/1500',
        'cases 1500/1500',
        // Cleared once the database is open: the start screen has nothing left to show.
        null,
      ]);
      expect(useAppStore.getState().startup.migration).toBeNull();
      expect(await services.db.cases.count().exec()).toBe(1_500);
    } finally {
      await services.close();
    }
  });

  it('clears the upgrade’s progress when the upgrade fails, for the start screen’s error and retry', async () => {
    const { storage, connection, platform } = await upgradedCounter(2, [
      makeCase({ siteCode: 'DX', counter: 2, sequence: 1 }),
    ]);
    const strategy = MIGRATION_STRATEGIES.cases[2]!;
    MIGRATION_STRATEGIES.cases[2] = () => {
      throw new Error('disk full');
    };
    const seen: Array<string | null> = [];
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      const p = state.startup.migration;
      if (p !== previous.startup.migration) seen.push(p && `${p.handled}/${p.total}`);
    });
    try {
      await expect(startCounterServices(platform, connection, { storage })).rejects.toThrow(
        /本地数据升级未完成（cases）：disk full/,
      );
    } finally {
      unsubscribe();
      MIGRATION_STRATEGIES.cases[2] = strategy;
    }
    expect(seen).toEqual(['0/1', null]);
    expect(useAppStore.getState().startup.migration).toBeNull();
  });
});

// A counter's schema migration at its first start after an upgrade: cases written with the cases schema one version
// back (tests/helpers/cases-schemas.ts), then the database opened by the app's `createDatabase`, timed until it is
// handed out with every case migrated. Node, RxDB on Dexie over fake-indexeddb (its cursors walk from the start at
// every step, so the time grows faster than the number of cases; a browser's IndexedDB does not).
// Knob: BENCH_MIGRATION_CASES (comma list, default 1000,4000).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase, storedAs } from '../../renderer/db/create-database.ts';
import { COLLECTIONS } from '../../shared/schemas/index.ts';
import { casesSchemaAt } from '../helpers/cases-schemas.ts';
import { makeCase } from '../helpers/cases.ts';

const SIZES = (process.env.BENCH_MIGRATION_CASES ?? '1000,4000').split(',').map(Number);
const KEY = 'counter-key-from-the-os-keychain';

export async function runMigrationBench(): Promise<void> {
  for (const size of SIZES) {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const old = await createRxDatabase({ name: 'bench-migration', storage: storedAs(storage()), password: KEY });
    await old.addCollections({
      cases: { schema: casesSchemaAt(1, COLLECTIONS.cases.rxSchema) as unknown as RxJsonSchema<unknown> },
    });
    for (let from = 0; from < size; from += 1_000)
      await old.collections.cases!.bulkInsert(
        Array.from({ length: Math.min(1_000, size - from) }, (_, i) => {
          const k = from + i;
          return makeCase({ siteCode: 'DX', counter: 1 + Math.floor(k / 9_999), sequence: (k % 9_999) + 1 });
        }),
      );
    await old.close();

    const started = performance.now();
    const db = await createDatabase({
      storage: storage(),
      name: 'bench-migration',
      encryptionKey: KEY,
      collections: ['cases'],
    });
    const ms = performance.now() - started;
    const count = await db.cases.count().exec();
    if (count !== size) throw new Error(`${count} of ${size} cases after the migration`);
    console.log(
      `migration of ${size} cases (schema version ${COLLECTIONS.cases.rxSchema.version - 1} -> ` +
        `${COLLECTIONS.cases.rxSchema.version}): database ready in ${(ms / 1000).toFixed(2)} s = ` +
        `${Math.round(size / (ms / 1000))} cases/s`,
    );
    await db.remove();
  }
}

import { describe, expect, it } from 'vitest';
import { createRxDatabase, addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { wrappedKeyCompressionStorage } from 'rxdb/plugins/key-compression';
import { wrappedFieldEncryptionStorage } from '../../../../renderer/db/field-encryption.ts';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { COLLECTIONS, COLLECTION_NAMES, toRxJsonSchema } from '../../../../shared/schemas/index.ts';
import { MIGRATION_STRATEGIES } from '../../../../renderer/db/create-database.ts';
import { z } from 'zod';

addRxPlugin(RxDBDevModePlugin);

describe('collection schemas', () => {
  // Dev-mode also checks that every version above 0 has its migration strategy in the app's table.
  it('are accepted by RxDB dev-mode on Dexie with key compression and encryption, with their migrations', async () => {
    const storage = wrappedFieldEncryptionStorage({
      storage: wrappedKeyCompressionStorage({
        storage: wrappedValidateAjvStorage({
          storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        }),
      }),
    });
    const db = await createRxDatabase({
      name: `schemas-${Date.now()}`,
      storage,
      multiInstance: false,
      password: 'a-test-password-of-sufficient-length',
    });
    try {
      const added = await db.addCollections(
        Object.fromEntries(
          COLLECTION_NAMES.map((name) => [
            name,
            { schema: COLLECTIONS[name].rxSchema as never, migrationStrategies: MIGRATION_STRATEGIES[name] as never },
          ]),
        ),
      );
      expect(Object.keys(added).sort()).toEqual([...COLLECTION_NAMES].sort());
    } finally {
      await db.remove();
    }
  });

  it('names the collection and the field when an index is not allowed', () => {
    const bad = z.strictObject({ id: z.string().max(10), score: z.number(), note: z.string().optional() });
    expect(() => toRxJsonSchema('things', bad, { version: 0, primaryKey: 'id', indexes: ['score'] })).toThrow(
      /things.*"score" needs minimum/,
    );
    expect(() => toRxJsonSchema('things', bad, { version: 0, primaryKey: 'id', indexes: ['note'] })).toThrow(
      /"note" must be required/,
    );
  });
});

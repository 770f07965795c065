import {
  addRxPlugin,
  createRxDatabase,
  deepEqual,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
  type WithDeleted,
} from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { wrappedKeyCompressionStorage } from 'rxdb/plugins/key-compression';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from '../../shared/schemas/index.ts';
import type { Appointment, Case, Category, Officer, ServiceItem, Site, Ticket } from '../../shared/schemas/index.ts';
import { mergeCases } from '../../shared/domain/case/index.ts';
import { ticketConflictHandler } from './ticket-conflict-handler.ts';
import { wrappedFieldEncryptionStorage } from './field-encryption.ts';
import type { FieldSealerFactory } from './field-sealer.ts';
import { migrateByDirectCopy, type DirectCopyProgress } from './direct-migration.ts';
import { withNewStorageReads } from './new-storage-reads.ts';

addRxPlugin(RxDBMigrationSchemaPlugin);
// The database's local documents keep what is this counter's alone and never replicated: a first sync's progress.
addRxPlugin(RxDBLocalDocumentsPlugin);

export interface TongbanCollections {
  categories: RxCollection<Category>;
  services: RxCollection<ServiceItem>;
  sites: RxCollection<Site>;
  officers: RxCollection<Officer>;
  cases: RxCollection<Case>;
  appointments: RxCollection<Appointment>;
  tickets: RxCollection<Ticket>;
}
export type TongbanDatabase = RxDatabase<TongbanCollections>;

export interface CreateDatabaseOptions {
  /** The base storage: Dexie on IndexedDB in the renderer, Dexie on fake-indexeddb in Node tests. */
  storage: RxStorage<unknown, unknown>;
  name: string;
  /** Key for the personal-data fields; the Electron main process keeps it in the OS keychain. */
  encryptionKey: string;
  /**
   * RxDB dev-mode: schema checks and a validator. Development builds only — in a browser it injects a third-party
   * iframe, which our CSP forbids anyway.
   */
  devMode?: boolean;
  multiInstance?: boolean;
  /**
   * No other window or tab opens this database while it is open: the Electron shell (one window, one app instance)
   * and Node. Then reads of records a new IndexedDB table cannot hold skip IndexedDB (renderer/db/new-storage-reads.ts;
   * not with `multiInstance` either).
   * Default true; false in a browser tab, where another tab of the same profile may open it.
   */
  soleWindow?: boolean;
  /**
   * Open only these collections. RxDB open core allows 13 open collections per process, so tests that run several
   * sites in one process open what they need; the app opens all seven.
   */
  collections?: readonly CollectionName[];
  /**
   * Hears a schema migration's progress (the start screen shows it; 50,000 cases take about a minute): once when a
   * collection's migration starts, with handled 0, then after every page copied, until handled equals total.
   */
  onMigrationProgress?: (progress: MigrationProgress) => void;
  /**
   * Where personal fields are sealed: the app's worker (web-sealer.ts) in the renderer; in the calling thread unless
   * given (field-sealer.ts).
   */
  sealer?: FieldSealerFactory;
}

/** Documents copied of all a collection's old version holds, the sync's copies of them included. */
export interface MigrationProgress extends DirectCopyProgress {
  collection: string;
}

/**
 * Schema migrations per collection: key = the version migrated to. Collections start at version 0; when a schema's
 * version is bumped in shared/schemas/collections.ts, its strategy goes here, or opening the database fails.
 */
export const MIGRATION_STRATEGIES: Record<CollectionName, Record<number, (doc: never) => unknown>> = {
  categories: {},
  services: {},
  sites: {},
  officers: {},
  cases: {
    // v1 added the authorisation-overridden event type; no stored case holds one, so every v0 case is a valid v1
    // case as it is. The step must exist all the same, or a counter with v0 data could not open its database.
    1: (doc: never) => doc,
    // v2 stores cases without key compression; the documents are the same.
    2: (doc: never) => doc,
  },
  appointments: {},
  tickets: {},
};

/**
 * Two replicas of a case merge by the union of their event logs (shared/domain/case), so an edit made on the island
 * and one made at the hub while apart both survive; a contradiction is flagged in `attention`, never chosen silently.
 */
export const caseConflictHandler: RxConflictHandler<Case> = {
  isEqual: (a, b) => deepEqual(a, b),
  resolve: async ({ newDocumentState, realMasterState }) => {
    if (realMasterState._deleted || newDocumentState._deleted) return realMasterState;
    const { _deleted: _a, ...local } = newDocumentState;
    const { _deleted: _b, ...master } = realMasterState;
    return { ...mergeCases(master as Case, local as Case), _deleted: false } as WithDeleted<Case>;
  },
};

/** A schema migration that did not finish, in words for the technician at the counter (shown on the start screen). */
export class LocalDataUpgradeError extends Error {
  constructor(
    readonly collection: string,
    cause: unknown,
  ) {
    // RxDB reports a failed migration as DM4 with the reason in its parameters.
    const reason =
      (cause as { parameters?: { error?: { message?: string } } }).parameters?.error?.message ??
      (cause instanceof Error ? cause.message : String(cause));
    super(
      `本地数据升级未完成（${collection}）：${reason}。数据没有丢失：旧版本的数据保留到升级完成，重试或下次启动时继续。` +
        ` / The local data upgrade did not finish (${collection}): ${reason}. Nothing is lost: the previous version's ` +
        `data is kept until the upgrade completes; it runs again on retry or at the next start.`,
      { cause },
    );
    this.name = 'LocalDataUpgradeError';
  }
}

/**
 * The local database could not be opened (shown on the start screen, which offers a retry). Nothing was changed. RxDB's
 * error code, if any, is kept: DB1 is a key that does not match the stored data.
 */
export class LocalDatabaseOpenError extends Error {
  readonly code: string | undefined;
  constructor(cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    // RxDB's own messages are a page of hints in English; its code says it.
    const reason = typeof code === 'string' ? `RxDB ${code}` : cause instanceof Error ? cause.message : String(cause);
    const advice =
      code === 'DB1'
        ? {
            zh: '本机数据的密钥与本机保存的不符，请联系技术人员，不要删除本机数据',
            en: 'the key of the local data does not match the one kept on this computer: call a technician, and do not delete the local data',
          }
        : /quota|disk|space/i.test(reason)
          ? {
              zh: '本机磁盘空间可能已满，请清理后点击重试；若仍失败，请联系技术人员',
              en: 'the disk may be full: free some space, then press Retry; if it still fails, call a technician',
            }
          : {
              zh: '请稍后点击重试；若仍失败，请重启本机并联系技术人员',
              en: 'press Retry in a moment; if it still fails, restart the computer and call a technician',
            };
    super(
      `本机数据无法打开（${reason}）：${advice.zh}。本机已保存的数据没有丢失。` +
        ` / The local data could not be opened (${reason}): ${advice.en}. Nothing saved here is lost.`,
      { cause },
    );
    this.name = 'LocalDatabaseOpenError';
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** Documents per page of a schema migration's copy (RxDB's automatic migration moves 10 at a time). */
const MIGRATION_BATCH = 1_000;

/**
 * The app's storage stack over a base storage (Dexie): field encryption over key compression. No schema uses key
 * compression any more (cases did up to version 1), but a counter upgraded from then reads its old cases through it
 * once, to migrate them.
 */
export function storedAs(
  base: RxStorage<unknown, unknown>,
  soleWindow = true,
  sealer?: FieldSealerFactory,
): RxStorage<unknown, unknown> {
  // Reads of records a new IndexedDB table cannot hold skip IndexedDB (new-storage-reads.ts); only where no other
  // window writes the same database.
  const dexie = soleWindow ? withNewStorageReads(base) : base;
  // Encryption must wrap key compression: the other order stores the encrypted fields in clear.
  return wrappedFieldEncryptionStorage({
    storage: wrappedKeyCompressionStorage({ storage: dexie as never }),
    ...(sealer ? { sealer } : {}),
  }) as never;
}

export async function createDatabase(options: CreateDatabaseOptions): Promise<TongbanDatabase> {
  if (options.devMode) {
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
  const multiInstance = options.multiInstance ?? false;
  let storage = storedAs(options.storage, (options.soleWindow ?? true) && !multiInstance, options.sealer);
  if (options.devMode) {
    // Dev-mode insists on a schema validator; production relies on the shared zod schemas at the edges instead.
    const { wrappedValidateAjvStorage } = await import('rxdb/plugins/validate-ajv');
    storage = wrappedValidateAjvStorage({ storage: storage as never }) as never;
  }
  const db = await createRxDatabase<TongbanCollections>({
    name: options.name,
    storage,
    password: options.encryptionKey,
    multiInstance,
    eventReduce: true,
    localDocuments: true,
  });
  // A collection that cannot be opened (the disk full, IndexedDB failing) leaves the database open under its name:
  // close it, or every retry of the start screen failed with RxDB's DB8 (a database of that name is already open).
  try {
    await db.addCollections(
      Object.fromEntries(
        (options.collections ?? COLLECTION_NAMES).map((name) => [
          name,
          {
            schema: COLLECTIONS[name].rxSchema as unknown as RxJsonSchema<unknown>,
            migrationStrategies: MIGRATION_STRATEGIES[name],
            // Migrated below instead, in batches of MIGRATION_BATCH: RxDB's own start migrates 10 documents a batch.
            autoMigrate: false,
            ...(name === 'cases' ? { conflictHandler: caseConflictHandler } : {}),
            ...(name === 'tickets' ? { conflictHandler: ticketConflictHandler } : {}),
          },
        ]),
      ) as never,
    );
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new LocalDatabaseOpenError(error);
  }
  // As RxDB's automatic migration would, the database is handed out only once every collection is migrated: until
  // then RxDB refuses writes and reads see part of the data. It starts over if the app is closed during it. The copy
  // is ours (direct-migration.ts): RxDB's goes through a replication, about 14 storage requests per document.
  // A failed migration closes the database again, so the next attempt (the start screen's retry, the app's next
  // start) can open it by name; the old version's data stays until everything is copied.
  for (const collection of Object.values(db.collections)) {
    try {
      if (await collection.migrationNeeded()) {
        await migrateByDirectCopy(collection.getMigrationState(), MIGRATION_BATCH, (progress) =>
          options.onMigrationProgress?.({ collection: collection.name, ...progress }),
        );
      }
    } catch (error) {
      await db.close();
      throw new LocalDataUpgradeError(collection.name, error);
    }
  }
  return db;
}

import { BehaviorSubject, concatMap, EMPTY, filter, finalize, firstValueFrom, from, Observable, of, tap } from 'rxjs';
import {
  getChangedDocumentsSince,
  getPrimaryFieldOfPrimaryKey,
  hasEncryption,
  type BulkWriteRow,
  META_INSTANCE_SCHEMA_TITLE,
  type EventBulk,
  type RxDocumentData,
  type RxDocumentWriteData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageChangeEvent,
  type RxStorageInstance,
  type RxStorageBulkWriteResponse,
  type RxStorageInstanceCreationParams,
  type RxStorageWriteError,
} from 'rxdb';
import type { LocalizedText } from '../../shared/ipc/localized.ts';
import { decryptFieldValue, FIELD_CIPHER_PREFIX, deriveFieldKey } from './field-cipher.ts';
import {
  batchedSealing,
  pageSealer,
  type FieldSealer,
  type FieldSealerFactory,
  type SealPlain,
} from './field-sealer.ts';

export { FIELD_CIPHER_PREFIX };

/**
 * Field encryption at rest for the schemas' `encrypted` fields: AES-256-GCM through WebCrypto, in place of RxDB's
 * crypto-js plugin (unmaintained; a key derived per value with one round of MD5, unauthenticated AES-CBC; and ~83 %
 * of a new counter's first sync).
 *
 * - One key per database, derived once with HKDF-SHA-256 from the database key. That key is 32 random bytes made by
 *   the main process (OS keychain) or the web bridge, so a slow password hash would add start-up time and no
 *   strength. The key is a non-extractable CryptoKey.
 * - All of a document's encrypted fields are encrypted together, as one JSON object, with one random 96-bit IV, and
 *   stored in the first encrypted field as `v1.<base64(iv | ciphertext | tag)>`; the other encrypted fields are
 *   left out of the stored document. The collection and document id are authenticated with it (AES-GCM additional
 *   data), so a ciphertext moved onto another document fails like a tampered one.
 * - RxDB's replication keeps, in its meta storage, a copy of each replicated document as the hub last had it
 *   (`docData`, encrypted as a whole in RxDB's schema for it). It is stored as `p1.<collection>\n<sealed personal
 *   fields>\n<JSON of the rest>`: the personal fields sealed exactly as for the collection's own record (same AES-GCM
 *   value, same additional data: the collection and the document id, which is the copy's `itemId`), and the rest in
 *   clear as in the collection's own record. A case pulled from the hub is written to both stores at once, so its
 *   sealed value is made once and used twice: one AES call per pulled case instead of two. A copy whose clear part
 *   holds a personal field, or whose document is not the one its row is for, is refused. (Moving a sealed value
 *   between the two copies of the same document is possible, as replaying an older value of a record always is;
 *   moving it to another document is not.)
 * - Values written by RxDB's crypto-js plugin (`U2FsdGVkX1…`, base64 of OpenSSL's "Salted__") are still read, one
 *   field at a time, so an existing counter database opens; the next write of such a document stores the new format.
 * - A value that does not decrypt raises {@link FieldDecryptionError}; garbage is never returned.
 *
 * - Values are sealed by the database's sealer (field-sealer.ts: in the app a worker of the page, elsewhere the calling
 *   thread), a write's values together; a pull page can be sealed ahead of its write ({@link sealAhead}). Reads
 *   decrypt here.
 *
 * Like RxDB's plugin, it must wrap key compression (`wrappedFieldEncryptionStorage(keyCompression(dexie))`).
 */

/** A replication meta document's `docData`: the collection's sealed personal fields, a newline, the rest as JSON. */
export const SHARED_CIPHER_PREFIX = 'p1.';
/** base64 of "Salted__": the start of every crypto-js AES ciphertext string. */
export const CRYPTO_JS_CIPHER_PREFIX = 'U2FsdGVkX1';
export const MINIMUM_DATABASE_KEY_LENGTH = 8;

/** A stored personal-data value that did not decrypt: altered on disk, or a database key that does not match. */
export class FieldDecryptionError extends Error {
  readonly localizedMessage: LocalizedText;
  constructor(
    readonly collection: string,
    readonly documentId: string,
    options?: { cause?: unknown },
  ) {
    const localizedMessage = {
      zh: `无法解密“${collection}”中记录 ${documentId} 的个人信息：数据已损坏或被篡改，或本机的数据库密钥不匹配。`,
      en:
        `Cannot decrypt the personal data of record ${documentId} in "${collection}": the stored value is damaged ` +
        `or was altered, or this machine's database key does not match.`,
    };
    super(`${localizedMessage.zh} / ${localizedMessage.en}`, options);
    this.localizedMessage = localizedMessage;
  }
}

/** crypto-js is loaded only when a database written by RxDB's crypto-js plugin is read. */
let cryptoJsDecrypt: Promise<(cipherText: string, password: string) => string> | null = null;
async function decryptCryptoJsValue(stored: string, databaseKey: string): Promise<string> {
  cryptoJsDecrypt ??= import('rxdb/plugins/encryption-crypto-js').then((plugin) => plugin.decryptString);
  return (await cryptoJsDecrypt)(stored, databaseKey);
}

/** The personal fields of a collection, as its replication meta storage needs to know them. */
interface SealedCollection {
  readonly collectionName: string;
  /** The schema version: RxDB's meta schema for a replication carries the version of its collection's schema. */
  readonly version: number;
  /** The field key its values are sealed with. */
  readonly key: CryptoKey;
  readonly primaryPath: string;
  readonly paths: readonly string[];
  readonly encrypted: ReadonlySet<string>;
  /** The schema's properties as JSON: RxDB's meta schema holds the collection's properties as those of `docData`. */
  readonly propertiesJson: string;
  /**
   * The value last sealed for each recently written document, with the field values it sealed (compared by
   * identity: RxDB never changes a document's data in place). Bounded; a miss only costs one more AES call.
   */
  readonly recent: Map<string, { values: unknown[]; sealed: string }>;
}
/** The base64 of a sealed value's last 16 bytes (its AES-GCM tag) and a little more. */
const SEALED_TAG_CHARACTERS = 24;
/** Four pull pages (RxDB may merge the pages waiting to be stored into one write). */
const RECENT_SEALS = 4_096;
/** Values sealed ahead of their write ({@link sealAhead}): the pull pages the sync lets wait (two), and some. */
const SEALED_AHEAD = 4_096;

/**
 * A database's sealer, shared by its collections' storage instances: made at the first value to seal (opening a
 * database to read, or a migration's old version, starts no worker), closed with the last instance.
 */
interface Sealing {
  sealer: FieldSealer | null;
  readonly sealOne: (plain: SealPlain, collection: string, documentId: string) => Promise<string>;
  users: number;
  /** Its last instance has closed. */
  released: boolean;
}

/** Freezes a JSON-like value and everything in it. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}

/**
 * Starts sealing the personal fields of documents about to be written to a collection (a page pulled from the hub),
 * so that their write, a page later, finds the values sealed: with the sealer in a worker, the page being stored
 * then does not wait for it. Their personal values are deep-frozen: the write reuses a value only for the very
 * values sealed ahead, and seals any other again, so sealing ahead never changes what is stored. No-op on a storage
 * without the field encryption.
 */
export function sealAhead(instance: RxStorageInstance<unknown, unknown, unknown>, documents: readonly unknown[]): void {
  let inner: unknown = instance;
  while (inner) {
    const ahead = (inner as { sealAhead?: (documents: readonly unknown[]) => void }).sealAhead;
    if (ahead) return ahead(documents);
    inner = (inner as { originalStorageInstance?: unknown }).originalStorageInstance;
  }
}

/**
 * What a schema migration's copy (direct-migration.ts) needs of an encrypted storage beyond RxDB's interface: a record
 * whose personal data does not decrypt (a damaged value) is moved to the next version as it is stored, sealed, so
 * that one such record does not stop the whole upgrade (every retry failing on it for ever), and stays exactly as
 * unreadable, and as intact for the hub's copy, as it was.
 */
export interface SealedMigrationAccess {
  /**
   * A page of changes since `checkpoint`, as `getChangedDocumentsSince`: `documents` decrypted, `unreadable` the ones
   * that do not decrypt, as stored (for {@link SealedMigrationAccess.writeAsStored} of another version's storage).
   */
  changedSinceKeepingUnreadable(
    limit: number,
    checkpoint: unknown,
  ): Promise<{ checkpoint: unknown; documents: RxDocumentData<unknown>[]; unreadable: RxDocumentData<unknown>[] }>;
  /** Writes documents as stored (sealed already); no change events are heard for them. */
  writeAsStored(rows: BulkWriteRow<unknown>[]): Promise<RxStorageBulkWriteResponse<unknown>>;
}

/** Context of {@link SealedMigrationAccess.writeAsStored}: its change events are not decrypted (they cannot be). */
const WRITE_AS_STORED_CONTEXT = 'tongban-schema-migration-as-stored';

/** The field encryption's migration access of a storage instance (beneath RxDB's wrappers), or null without it. */
export function sealedMigrationAccess(
  instance: RxStorageInstance<unknown, unknown, unknown>,
): SealedMigrationAccess | null {
  let inner: unknown = instance;
  while (inner) {
    const access = (inner as { sealedMigrationAccess?: SealedMigrationAccess }).sealedMigrationAccess;
    if (access) return access;
    inner = (inner as { originalStorageInstance?: unknown }).originalStorageInstance;
  }
  return null;
}

/**
 * Wraps an RxDB storage so that the `encrypted` top-level fields of every schema are stored encrypted. The database
 * password (`createRxDatabase({ password })`) is the database key; RxDB itself checks it against the hash it keeps.
 */
export function wrappedFieldEncryptionStorage<Internals, InstanceCreationOptions>(args: {
  storage: RxStorage<Internals, InstanceCreationOptions>;
  /** Where values are sealed: in the calling thread unless given (the app gives a worker's, field-sealer.ts). */
  sealer?: FieldSealerFactory;
}): RxStorage<Internals, InstanceCreationOptions> {
  const makeSealer = args.sealer ?? pageSealer;
  const sealings = new Map<string, Sealing>();
  /** The database's sealer, for one more storage instance; `release` when that instance closes. */
  const sealingFor = (id: string, fieldKey: CryptoKey) => {
    let sealing = sealings.get(id);
    if (!sealing) {
      const made: Sealing = {
        sealer: null,
        // Once released, a late value (a flush already queued, a write to a closed collection) is sealed in the page:
        // no worker is started that nothing would close.
        sealOne: batchedSealing((requests) =>
          made.released ? pageSealer(fieldKey).seal(requests) : (made.sealer ??= makeSealer(fieldKey)).seal(requests),
        ),
        users: 0,
        released: false,
      };
      sealing = made;
      sealings.set(id, sealing);
    }
    sealing.users++;
    let released = false;
    const current = sealing;
    return {
      sealOne: current.sealOne,
      release() {
        if (released) return;
        released = true;
        if (--current.users > 0) return;
        current.released = true;
        current.sealer?.close();
        if (sealings.get(id) === current) sealings.delete(id);
      },
    };
  };
  const keys = new Map<string, Promise<CryptoKey>>();
  const databaseId = (databaseKey: string, databaseName: string) => JSON.stringify([databaseName, databaseKey]);
  const keyFor = (databaseKey: string, databaseName: string) => {
    const id = databaseId(databaseKey, databaseName);
    let key = keys.get(id);
    if (!key) {
      key = deriveFieldKey(databaseKey, databaseName);
      keys.set(id, key);
    }
    return key;
  };
  /**
   * The collections with personal fields, by database name, collection name and schema version (a schema migration
   * opens the old version's storage next to the new one).
   */
  const sealedCollections = new Map<string, SealedCollection>();
  /**
   * The collection whose replication a meta schema is for: the one collection of the database with its properties
   * and version. Without one (none, or several alike), copies are sealed whole, as any encrypted field.
   */
  const collectionOfMeta = (databaseName: string, metaSchema: RxJsonSchema<unknown>) => {
    const docData = (metaSchema.properties as Record<string, { properties?: unknown }>).docData;
    const json = JSON.stringify(docData?.properties);
    const matches = [...sealedCollections.entries()].filter(
      ([id, c]) =>
        id.startsWith(`${databaseName}\u0000`) && c.version === metaSchema.version && c.propertiesJson === json,
    );
    return matches.length === 1 ? matches[0]![1] : null;
  };

  return {
    ...args.storage,
    // The wrapped storage's name is kept, as RxDB's own encryption plugin does: dev-mode looks for `validate-…` in it.
    async createStorageInstance<RxDocType>(
      params: RxStorageInstanceCreationParams<RxDocType, InstanceCreationOptions>,
    ) {
      if (!hasEncryption(params.schema)) return args.storage.createStorageInstance(params);

      const { databaseName, collectionName, schema } = params;
      const password: unknown = params.password;
      if (typeof password !== 'string' || password.length < MINIMUM_DATABASE_KEY_LENGTH)
        throw new Error(
          `Collection "${collectionName}" has encrypted fields and needs a database key of at least ` +
            `${MINIMUM_DATABASE_KEY_LENGTH} characters.`,
        );
      if (schema.attachments?.encrypted)
        throw new Error(`Collection "${collectionName}": encrypted attachments are not supported.`);
      const paths = [...(schema.encrypted ?? [])];
      const nested = paths.filter((p) => p.includes('.'));
      if (nested.length > 0)
        throw new Error(`Collection "${collectionName}": only top-level fields can be encrypted, not ${nested}.`);
      const [firstPath] = paths as [string, ...string[]];
      const encrypted = new Set(paths);
      const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as string;
      const key = await keyFor(password, databaseName);

      // A replication's meta storage whose collection is known keeps its copies in the shared form (`p1.`); any
      // other encrypted schema is sealed field by field.
      const isMeta = schema.title === META_INSTANCE_SCHEMA_TITLE;
      const replicated = isMeta ? collectionOfMeta(databaseName, schema as RxJsonSchema<unknown>) : null;
      const self: SealedCollection | null = isMeta
        ? null
        : {
            collectionName,
            version: schema.version,
            key,
            primaryPath,
            paths,
            encrypted,
            propertiesJson: JSON.stringify(schema.properties),
            recent: new Map(),
          };
      if (self) sealedCollections.set(`${databaseName}\u0000${collectionName}\u0000${schema.version}`, self);

      // In storage every encrypted field is a string (or absent), whatever its type in the collection's schema.
      const storedSchema = structuredClone(schema) as RxJsonSchema<RxDocumentData<RxDocType>>;
      delete storedSchema.encrypted;
      const properties = storedSchema.properties as Record<string, unknown>;
      for (const path of paths) properties[path] = { type: 'string' };

      const instance = await args.storage.createStorageInstance({ ...params, schema: storedSchema });
      // The database's sealer, from here on released when this instance closes.
      const { sealOne, release } = sealingFor(databaseId(password, databaseName), key);
      let closed = false;

      // What each write in progress stored, by the stored document (the object handed to the storage below) and by
      // the exact stored string: RxDB reads a write straight back before the write returns (its change stream, once
      // per subscriber), and each read would otherwise be another copy and AES call for values still at hand. A
      // change event carries the stored document itself, which gives back the document as written, as a storage
      // without this wrapper would. A stored string is unique to its document and the JSON it seals (a fresh IV each,
      // reused only for the same document and the same values, when sealed ahead); a string not sealed by a write in
      // progress, tampered or not, goes through AES-GCM. Entries go when their write returns.
      // Strings are kept by their end, the AES-GCM tag (a whole string as a key is hashed in full, 1–3 KB a record),
      // and found only when equal in full. Replication copies in the shared form (`p1.`) are not kept: they are not read
      // back during their write.
      const writtenInProgress = new Map<object, RxDocumentWriteData<RxDocType>>();
      const sealedInProgress = new Map<string, { stored: string; fields: Record<string, unknown> }>();
      const sealedInProgressKey = (stored: string) => stored.slice(-SEALED_TAG_CHARACTERS);
      /**
       * Values being sealed ahead of their write ({@link sealAhead}), by document, with the field values sealed
       * (deep-frozen there, so the same values are the same data).
       */
      const sealedAhead = new Map<string, { values: unknown[]; sealed: Promise<string | null> }>();
      interface WriteInProgress {
        entries: Array<object | string>;
        /** The documents given as `previous`: sealed like the rest, but not what the collection now holds. */
        previous: WeakSet<object>;
        /** Set when the write has returned (or failed): a row still sealing then registers nothing. */
        done: boolean;
      }
      let currentWrite: WriteInProgress | null = null;

      /** A meta document's `docData` in the shared form: the collection's sealed value (reused when it was just
       * made for the same field values under the same key), then the other fields as JSON. */
      async function shareDocData(of: SealedCollection, docData: Record<string, unknown>): Promise<string> {
        const rest: Record<string, unknown> = {};
        const personal: Record<string, unknown> = {};
        let any = false;
        for (const field in docData) {
          const value = docData[field];
          if (!of.encrypted.has(field)) rest[field] = value;
          else if (value !== undefined) {
            personal[field] = value;
            any = true;
          }
        }
        let sealed = '';
        if (any) {
          const documentId = String(docData[of.primaryPath]);
          const recent = of.key === key ? of.recent.get(documentId) : undefined;
          sealed =
            recent && of.paths.every((path, i) => recent.values[i] === docData[path])
              ? recent.sealed
              : await sealOne(JSON.stringify(personal), of.collectionName, documentId);
        }
        return `${SHARED_CIPHER_PREFIX}${of.collectionName}\n${sealed}\n${JSON.stringify(rest)}`;
      }

      /** A shared copy of the document `itemId`, read back; refused if its clear part is not what it must be. */
      async function openSharedDocData(stored: string, itemId: string): Promise<Record<string, unknown>> {
        const first = stored.indexOf('\n');
        const second = first < 0 ? -1 : stored.indexOf('\n', first + 1);
        if (second < 0) throw new Error('shared value without its parts');
        const collection = stored.slice(SHARED_CIPHER_PREFIX.length, first);
        const sealed = stored.slice(first + 1, second);
        const docData = JSON.parse(stored.slice(second + 1)) as Record<string, unknown>;
        if (replicated) {
          if (collection !== replicated.collectionName) throw new Error(`a copy from "${collection}"`);
          if (String(docData[replicated.primaryPath]) !== itemId) throw new Error('a copy of another document');
          for (const field in docData)
            if (replicated.encrypted.has(field)) throw new Error(`personal field "${field}" in clear`);
        }
        if (sealed !== '') {
          const personal = JSON.parse(await decryptFieldValue(key, sealed, collection, itemId)) as Record<
            string,
            unknown
          >;
          for (const field in personal) docData[field] = personal[field];
        }
        return docData;
      }

      async function toStorage(doc: RxDocumentWriteData<RxDocType>): Promise<RxDocumentData<unknown>> {
        const write = currentWrite;
        const fields: Record<string, unknown> = {};
        let any = false;
        // Copied without the encrypted fields rather than cloned and `delete`d: deleting turns an object into a slow
        // dictionary for everything downstream (key compression, IndexedDB's clone).
        const stored: Record<string, unknown> = {};
        const source = doc as Record<string, unknown>;
        for (const field in source) {
          const value = source[field];
          if (!encrypted.has(field)) stored[field] = value;
          else if (value !== undefined) {
            fields[field] = value;
            any = true;
          }
        }
        if (any) {
          const documentId = String(stored[primaryPath]);
          let sealed: string;
          if (replicated) {
            sealed = await shareDocData(replicated, fields[firstPath] as Record<string, unknown>);
          } else {
            const isPrevious = write?.previous.has(doc) ?? false;
            // Sealed ahead for exactly these values of this document, or sealed now: what is stored is always what
            // was written. The values sealed ahead were deep-frozen, so the same values hold the same data. An entry
            // stays until a newer one replaces it: a write that fails and is made again (RxDB's upsert tries an
            // insert first) finds it too.
            const ahead = isPrevious ? undefined : sealedAhead.get(documentId);
            const reused =
              ahead && paths.every((path, i) => ahead.values[i] === source[path]) ? await ahead.sealed : null;
            // Null too if sealing ahead failed: sealed again now.
            sealed = reused ?? (await sealOne(JSON.stringify(fields), collectionName, documentId));
            if (self && !isPrevious) {
              self.recent.delete(documentId);
              self.recent.set(documentId, { values: paths.map((path) => source[path]), sealed });
              if (self.recent.size > RECENT_SEALS) self.recent.delete(self.recent.keys().next().value!);
            }
          }
          if (write && !write.done && !replicated) {
            // The values themselves, as a storage without this wrapper would hand back the written objects.
            const inProgressKey = sealedInProgressKey(sealed);
            sealedInProgress.set(inProgressKey, { stored: sealed, fields });
            write.entries.push(inProgressKey);
          }
          stored[firstPath] = sealed;
        }
        if (write && !write.done) {
          writtenInProgress.set(stored, doc);
          write.entries.push(stored);
        }
        return stored as RxDocumentData<unknown>;
      }

      async function fromStorage(doc: RxDocumentData<unknown>): Promise<RxDocumentData<RxDocType>> {
        const written = writtenInProgress.get(doc);
        if (written) return written as RxDocumentData<RxDocType>;
        const source = doc as Record<string, unknown>;
        const plain: Record<string, unknown> = {};
        for (const field in source) if (!encrypted.has(field)) plain[field] = source[field];
        const documentId = String(plain[primaryPath]);
        try {
          for (const path of paths) {
            const stored = source[path];
            if (stored === undefined) continue;
            if (typeof stored !== 'string') throw new Error(`field "${path}" holds no ciphertext`);
            const inProgress = sealedInProgress.get(sealedInProgressKey(stored));
            const fields =
              (inProgress?.stored === stored ? inProgress.fields : undefined) ??
              (stored.startsWith(FIELD_CIPHER_PREFIX)
                ? (JSON.parse(await decryptFieldValue(key, stored, collectionName, documentId)) as Record<
                    string,
                    unknown
                  >)
                : null);
            if (fields) {
              for (const field in fields) plain[field] = fields[field];
            } else if (isMeta && stored.startsWith(SHARED_CIPHER_PREFIX)) {
              plain[path] = await openSharedDocData(stored, String(plain.itemId));
            } else if (stored.startsWith(CRYPTO_JS_CIPHER_PREFIX)) {
              // A wrong key makes crypto-js return an empty string or throw on bad UTF-8; JSON.parse catches the rest.
              plain[path] = JSON.parse(await decryptCryptoJsValue(stored, password as string));
            } else {
              throw new Error(`field "${path}" holds no ciphertext`);
            }
          }
        } catch (error) {
          throw new FieldDecryptionError(collectionName, documentId, { cause: error });
        }
        return plain as RxDocumentData<RxDocType>;
      }

      // RxDB's `wrapRxStorageInstance` does this with an async step and a Promise.all per record written and per
      // change event; a first sync writes 200,000 records (cases and their sync copies) and hears as many events, and
      // those promises were an eighth of what the sync allocated. Here a change event whose documents are the ones
      // being written is mapped at once.
      const fromStoredAll = (docs: RxDocumentData<unknown>[]) => Promise.all(docs.map((doc) => fromStorage(doc)));
      const errorFromStorage = async (error: RxStorageWriteError<unknown>) => {
        const plain = { ...error, writeRow: { ...error.writeRow } } as Record<string, unknown> & {
          documentInDb?: RxDocumentData<unknown>;
          writeRow: { previous?: RxDocumentData<unknown>; document: RxDocumentData<unknown> };
        };
        if (plain.documentInDb) plain.documentInDb = await fromStorage(plain.documentInDb);
        if (plain.writeRow.previous) plain.writeRow.previous = await fromStorage(plain.writeRow.previous);
        plain.writeRow.document = await fromStorage(plain.writeRow.document);
        return plain as unknown as RxStorageWriteError<RxDocType>;
      };
      type PlainEvent = RxStorageChangeEvent<RxDocumentData<RxDocType>>;
      const eventOf = (
        event: RxStorageChangeEvent<RxDocumentData<unknown>>,
        documentData: RxDocumentData<RxDocType>,
        previousDocumentData: RxDocumentData<RxDocType> | undefined,
      ): PlainEvent =>
        ({
          operation: event.operation,
          documentId: event.documentId,
          documentData,
          previousDocumentData,
          isLocal: false,
        }) as PlainEvent;
      /** The bulk mapped at once when every document in it is one being written (a first sync's inserts), else null. */
      const eventsNow = (bulk: EventBulk<RxStorageChangeEvent<RxDocumentData<unknown>>, unknown>) => {
        const events: PlainEvent[] = [];
        for (const event of bulk.events) {
          const documentData = writtenInProgress.get(event.documentData);
          if (!documentData || event.previousDocumentData) return null;
          events.push(eventOf(event, documentData as RxDocumentData<RxDocType>, undefined));
        }
        return { id: bulk.id, events, checkpoint: bulk.checkpoint, context: bulk.context };
      };
      const eventsLater = async (bulk: EventBulk<RxStorageChangeEvent<RxDocumentData<unknown>>, unknown>) => ({
        id: bulk.id,
        events: await Promise.all(
          bulk.events.map(async (event) =>
            eventOf(
              event,
              await fromStorage(event.documentData),
              event.previousDocumentData ? await fromStorage(event.previousDocumentData) : undefined,
            ),
          ),
        ),
        checkpoint: bulk.checkpoint,
        context: bulk.context,
      });
      /** Change bulks heard but not yet handed on: a write resolves only once its change events are out, as in RxDB. */
      const mapping = new BehaviorSubject(0);
      const inner = instance as unknown as RxStorageInstance<
        RxDocumentData<unknown>,
        Internals,
        InstanceCreationOptions
      >;
      const wrapped: RxStorageInstance<RxDocType, Internals, InstanceCreationOptions> & {
        originalStorageInstance: RxStorageInstance<RxDocumentData<unknown>, Internals, InstanceCreationOptions>;
        sealAhead?: (documents: readonly unknown[]) => void;
        sealedMigrationAccess: SealedMigrationAccess;
      } = {
        databaseName: inner.databaseName,
        internals: inner.internals,
        options: inner.options,
        schema,
        collectionName: inner.collectionName,
        // As RxDB's own wrappers name what they wrap (renderer/sync/sync-client.ts looks beneath them).
        originalStorageInstance: inner,
        sealedMigrationAccess: {
          async changedSinceKeepingUnreadable(limit, checkpoint) {
            const page = await getChangedDocumentsSince(inner, limit, checkpoint);
            // Decrypted together, as the wrapper's own reads are; a record that does not decrypt is set aside.
            const read = await Promise.allSettled(page.documents.map((doc) => fromStorage(doc)));
            const documents: RxDocumentData<unknown>[] = [];
            const unreadable: RxDocumentData<unknown>[] = [];
            for (const [index, result] of read.entries()) {
              if (result.status === 'fulfilled') documents.push(result.value);
              else if (result.reason instanceof FieldDecryptionError) unreadable.push(page.documents[index]!);
              else throw result.reason;
            }
            return { checkpoint: page.checkpoint, documents, unreadable };
          },
          writeAsStored: async (rows) => (await inner.bulkWrite(rows as never, WRITE_AS_STORED_CONTEXT)) as never,
        },
        async bulkWrite(rows, context) {
          // Every row is sealed (its synchronous part) before anything awaits, so they all see this write.
          const inProgress: WriteInProgress = { entries: [], previous: new WeakSet(), done: false };
          for (const row of rows) if (row.previous) inProgress.previous.add(row.previous);
          currentWrite = inProgress;
          let sealing: Promise<[Array<RxDocumentData<unknown> | undefined>, RxDocumentData<unknown>[]]>;
          try {
            sealing = Promise.all([
              Promise.all(rows.map((row) => (row.previous ? toStorage(row.previous) : undefined))),
              Promise.all(rows.map((row) => toStorage(row.document))),
            ]);
          } finally {
            currentWrite = null;
          }
          try {
            const [previous, documents] = await sealing;
            const result = await inner.bulkWrite(
              documents.map((document, i) => (previous[i] ? { previous: previous[i], document } : { document })),
              context,
            );
            const error = result.error.length === 0 ? [] : await Promise.all(result.error.map(errorFromStorage));
            if (mapping.value > 0) await firstValueFrom(mapping.pipe(filter((count) => count === 0)));
            return { error };
          } finally {
            inProgress.done = true;
            for (const entry of inProgress.entries)
              if (typeof entry === 'string') sealedInProgress.delete(entry);
              else writtenInProgress.delete(entry);
          }
        },
        async findDocumentsById(ids, withDeleted) {
          return fromStoredAll(await inner.findDocumentsById(ids, withDeleted));
        },
        async query(preparedQuery) {
          const result = await inner.query(preparedQuery as never);
          return { documents: await fromStoredAll(result.documents) };
        },
        count: (preparedQuery) => inner.count(preparedQuery as never),
        getAttachmentData: (documentId, attachmentId, digest) =>
          inner.getAttachmentData(documentId, attachmentId, digest),
        ...(inner.getChangedDocumentsSince
          ? {
              async getChangedDocumentsSince(limit: number, checkpoint?: unknown) {
                const result = await inner.getChangedDocumentsSince!(limit, checkpoint);
                return { checkpoint: result.checkpoint, documents: await fromStoredAll(result.documents) };
              },
            }
          : {}),
        changeStream: () =>
          new Observable<EventBulk<PlainEvent, unknown>>((subscriber) => {
            // Bulks of this subscription heard and not yet handed on. They leave the count when handed on, when their
            // mapping fails (the stream then ends with the error, as RxDB's wrapper does) and when the subscriber
            // leaves: otherwise every later write of the collection would wait for them forever.
            let pending = 0;
            const settled = () => {
              pending--;
              mapping.next(mapping.value - 1);
            };
            const subscription = inner
              .changeStream()
              .pipe(
                tap(() => {
                  pending++;
                  mapping.next(mapping.value + 1);
                }),
                concatMap((bulk) => {
                  // Documents that do not decrypt, moved as stored by a schema migration: nothing reads the
                  // collection until the migration ends, and their events could only fail.
                  if (bulk.context === WRITE_AS_STORED_CONTEXT) return EMPTY.pipe(finalize(settled));
                  const now = eventsNow(bulk);
                  return (now ? of(now) : from(eventsLater(bulk))).pipe(finalize(settled));
                }),
              )
              .subscribe(subscriber);
            return () => {
              subscription.unsubscribe();
              // Bulks still queued behind the one being mapped.
              if (pending > 0) mapping.next(mapping.value - pending);
              pending = 0;
            };
          }) as never,
        cleanup: (minimumDeletedTime) => inner.cleanup(minimumDeletedTime),
        close: () => {
          closed = true;
          sealedAhead.clear();
          release();
          return inner.close();
        },
        remove: () => {
          closed = true;
          sealedAhead.clear();
          release();
          return inner.remove();
        },
      };
      if (self)
        wrapped.sealAhead = (documents) => {
          if (closed) return;
          for (const document of documents) {
            const source = document as Record<string, unknown>;
            const fields: Record<string, unknown> = {};
            let any = false;
            for (const field in source) {
              const value = source[field];
              if (encrypted.has(field) && value !== undefined) {
                fields[field] = value;
                any = true;
              }
            }
            if (!any) continue;
            const documentId = String(source[primaryPath]);
            // Frozen, so that its write can tell them unchanged by identity (RxDB never changes a document's data in
            // place; the app treats what it reads from RxDB as read-only).
            for (const field in fields) deepFreeze(fields[field]);
            // Handed over as they are: their JSON is made where they are sealed. A value that failed is sealed again
            // by its write.
            const sealed = sealOne(fields, collectionName, documentId).catch(() => null);
            sealedAhead.delete(documentId);
            sealedAhead.set(documentId, { values: paths.map((path) => source[path]), sealed });
            if (sealedAhead.size > SEALED_AHEAD) sealedAhead.delete(sealedAhead.keys().next().value!);
          }
        };
      return wrapped;
    },
  };
}

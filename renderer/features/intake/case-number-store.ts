import type { Subscription } from 'rxjs';
import type { CaseNumberSequenceStore } from '../../../shared/domain/case/index.ts';
import type { TongbanDatabase } from '../../db/create-database.ts';

/**
 * The counter's case-number sequences, without the hub (DESIGN.md "Ids are generated offline"). For a key such as
 * `DX-20261126-01` (site, day, counter) the next sequence is one more than the larger of
 *
 * - the high-water mark kept in localStorage, written before the number is handed out, so a number whose case then
 *   failed to save (a full disk) is never handed out again, and
 * - the highest sequence among this counter's cases of that day in the local database, so a machine whose
 *   localStorage was cleared, or that was reinstalled and has pulled its cases back from the hub, carries on after
 *   the numbers it already used.
 *
 * Allocation is serialised: in this page by a promise chain, and between tabs of the same profile by the Web Locks
 * API where the browser has it (Chromium and Electron do), so two saves can never read the same last value.
 *
 * The database is read once per key, not at every save: reading a day's cases back decrypts each of them, which
 * grows with the day (a busy counter's hundredth case would read 99). After that read, the store keeps the key's
 * highest sequence from the collection's change events — local inserts and cases pulled from the hub alike — which it
 * follows from before the read starts, so a case written while the read runs is not missed. `prepare(key)` makes that
 * read ahead of time (the intake form calls it while the officer types), so a save only takes the lock and writes the
 * mark.
 */

export const SEQUENCE_KEY_PREFIX = 'tongban.caseSequence.';

type SequenceStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface LocalSequenceStoreOptions {
  db: TongbanDatabase;
  /** Separates the marks of several databases in one profile (tests, re-enrolled devices). */
  namespace: string;
  storage?: SequenceStorage;
  locks?: Pick<LockManager, 'request'> | null;
}

/** Cases read back per request: each is decrypted, and a page at a time leaves the main thread free in between. */
const PAGE_SIZE = 25;

/** The highest sequence among the local cases whose number starts with `key-`, or 0. */
export async function highestLocalSequence(db: TongbanDatabase, key: string): Promise<number> {
  // Case numbers of one counter and day share the prefix; '.' is the character after '-', so this is the range of
  // every number with that prefix, whatever the width of its sequence (4 to 6 digits). Read in pages along the
  // caseNumber index, so a busy day's cases are not decrypted in one long task.
  let highest = 0;
  let after = `${key}-`;
  for (;;) {
    const page = await db.cases
      .find({
        selector: { caseNumber: { $gt: after, $lt: `${key}.` } },
        sort: [{ caseNumber: 'asc' }],
        limit: PAGE_SIZE,
      })
      .exec();
    for (const found of page) {
      const sequence = Number(found.caseNumber.slice(key.length + 1));
      if (Number.isInteger(sequence) && sequence > highest) highest = sequence;
    }
    if (page.length < PAGE_SIZE) return highest;
    after = page[page.length - 1]!.caseNumber;
  }
}

export class LocalCaseNumberSequenceStore implements CaseNumberSequenceStore {
  readonly #db: TongbanDatabase;
  readonly #namespace: string;
  readonly #storage: SequenceStorage;
  readonly #locks: Pick<LockManager, 'request'> | null;
  #queue: Promise<unknown> = Promise.resolve();
  /** Per key read from the database (or being read): the highest sequence among its cases seen so far. */
  readonly #highest = new Map<string, Promise<number>>();
  /** The highest sequence per followed key carried by change events since the key's read began. */
  readonly #fromEvents = new Map<string, number>();
  #subscription: Subscription | null = null;

  constructor(options: LocalSequenceStoreOptions) {
    this.#db = options.db;
    this.#namespace = options.namespace;
    this.#storage = options.storage ?? localStorage;
    this.#locks =
      options.locks !== undefined ? options.locks : typeof navigator !== 'undefined' ? (navigator.locks ?? null) : null;
  }

  #markKey(key: string): string {
    return `${SEQUENCE_KEY_PREFIX}${this.#namespace}.${key}`;
  }

  /** The high-water mark of a key (0 when none), for tests and diagnostics. */
  lastIssued(key: string): number {
    const stored = Number(this.#storage.getItem(this.#markKey(key)) ?? '0');
    return Number.isInteger(stored) && stored > 0 ? stored : 0;
  }

  next(key: string): Promise<number> {
    const run = () => this.#allocate(key);
    const locks = this.#locks;
    const locked = async (): Promise<number> => (locks ? await locks.request(this.#markKey(key), run) : run());
    const result = this.#queue.then(locked, locked);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Reads the key's highest sequence from the database now, if not done yet, so that `next(key)` need not. */
  prepare(key: string): Promise<void> {
    return this.#highestInDatabase(key).then(() => undefined);
  }

  /** Stops following the change events (the database is closing). */
  dispose(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  #follow(): void {
    this.#subscription ??= this.#db.cases.eventBulks$.subscribe((bulk) => {
      for (const event of bulk.events) {
        const caseNumber = (event.documentData as { caseNumber?: unknown } | undefined)?.caseNumber;
        if (typeof caseNumber !== 'string') continue;
        const dash = caseNumber.lastIndexOf('-');
        const key = caseNumber.slice(0, dash);
        const seen = this.#fromEvents.get(key);
        if (seen === undefined) continue;
        const sequence = Number(caseNumber.slice(dash + 1));
        if (Number.isInteger(sequence) && sequence > seen) this.#fromEvents.set(key, sequence);
      }
    });
  }

  async #highestInDatabase(key: string): Promise<number> {
    let read = this.#highest.get(key);
    if (!read) {
      // Follow the events before reading: a case written during the read is in the read or in an event after it.
      this.#follow();
      this.#fromEvents.set(key, 0);
      read = highestLocalSequence(this.#db, key);
      this.#highest.set(key, read);
      // A failed read is tried again at the next call.
      read.catch(() => this.#highest.delete(key));
    }
    return Math.max(await read, this.#fromEvents.get(key) ?? 0);
  }

  async #allocate(key: string): Promise<number> {
    const fromCases = await this.#highestInDatabase(key);
    const sequence = Math.max(this.lastIssued(key), fromCases) + 1;
    // Throws QuotaExceededError when storage is full: the save then stops before a number is printed anywhere.
    this.#storage.setItem(this.#markKey(key), String(sequence));
    return sequence;
  }
}

const pageStores = new WeakMap<TongbanDatabase, LocalCaseNumberSequenceStore>();

/**
 * The page's one sequence store for a database. The intake form mounts again for every citizen; sharing the store
 * keeps what it has read from the database across those mounts. It stops following the database when it closes.
 */
export function caseNumberSequences(db: TongbanDatabase): LocalCaseNumberSequenceStore {
  let store = pageStores.get(db);
  if (!store) {
    const created = new LocalCaseNumberSequenceStore({ db, namespace: db.name });
    db.onClose.push(() => created.dispose());
    pageStores.set(db, created);
    store = created;
  }
  return store;
}

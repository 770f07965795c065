import { encryptFieldValue, FIELD_CIPHER_PREFIX } from './field-cipher.ts';

/**
 * Where a database's personal fields are sealed (field-cipher.ts: AES-256-GCM, `v1.` values). In the app, in a worker
 * of the page: a counter's first sync seals 100,000 cases, and each seal costs the calling thread more than the AES
 * itself (JSON to bytes, WebCrypto's argument checks and dispatch, base64): about a sixth of the page's time while it
 * stores a first sync, in Node's WebCrypto. The worker takes that off the thread that runs the UI and the database,
 * and a pull page is sealed while the page before it is being stored (`sealAhead` in field-encryption.ts).
 *
 * Reading stays in the page: a read decrypts a handful of records, and waits for them.
 *
 * A sealer seals in batches: what the field encryption asks for together (the rows of a write, a pull page sealed
 * ahead) is one message each way. The worker is handed the database's field key, a non-extractable
 * CryptoKey, never the database key. A worker that cannot start, fails, answers wrongly or not in time is given up:
 * what it was asked and everything later is sealed in the page, with the same key and format.
 */

/**
 * One value to seal: a record's personal fields, as their JSON or as the fields themselves (JSON data: sealed as their
 * JSON, made where they are sealed), and the record they belong to (bound to the value).
 */
export type SealRequest = readonly [plain: SealPlain, collection: string, documentId: string];
export type SealPlain = string | Readonly<Record<string, unknown>>;

/** The JSON a request's value is sealed from. */
const jsonOf = (plain: SealPlain): string => (typeof plain === 'string' ? plain : JSON.stringify(plain));

export interface FieldSealer {
  /** Where the seals run now: a worker given up on is `page` from then on. */
  readonly where: 'worker' | 'page';
  /** The sealed values, in the order asked. */
  seal(requests: readonly SealRequest[]): Promise<string[]>;
  close(): void;
}

/**
 * A database's sealer, made from its field key (field-cipher.ts `deriveFieldKey`, non-extractable). A worker is
 * handed that key, never the database key it was derived from.
 */
export type FieldSealerFactory = (fieldKey: CryptoKey) => FieldSealer;

/** Seals in the calling thread: Node tests, and any platform without workers. */
export function pageSealer(fieldKey: CryptoKey): FieldSealer {
  return {
    where: 'page',
    seal: (requests) =>
      Promise.all(
        requests.map(([plain, collection, id]) => encryptFieldValue(fieldKey, jsonOf(plain), collection, id)),
      ),
    close() {},
  };
}

/** What the page sends the worker: the field key once, then batches. */
export type SealerRequestMessage =
  { kind: 'open'; fieldKey: CryptoKey } | { kind: 'seal'; id: number; requests: readonly SealRequest[] };

/** What the worker answers to a `seal`. */
export type SealerAnswer =
  { kind: 'sealed'; id: number; sealed: string[] } | { kind: 'failed'; id: number; reason: string };

/** The page's end of a worker: a Web Worker in the app, a worker thread in Node (benchmarks, tests). */
export interface SealerWorkerPort {
  postMessage(message: SealerRequestMessage): void;
  /** Hears the worker's answers, and its failure: it could not load, threw, or stopped. */
  listen(onAnswer: (answer: SealerAnswer) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

export interface WorkerSealerOptions {
  /** A batch not answered in this time gives the worker up (default 30 s; a first batch waits for its start). */
  answerTimeoutMs?: number;
  /** Told once, when the worker is given up on, with the reason (the app logs it for the technician). */
  onGiveUp?: (reason: string) => void;
}

/**
 * Whether a worker's answer can be the sealed value of what was asked: `v1.`, then base64 of a 12-byte IV (16
 * characters) and of the UTF-8 JSON with its 16-byte tag. Asked with JSON, its length must fit the JSON's (1 to 3
 * bytes a UTF-16 unit). The characters are checked at both ends only (the IV, the tag): a scan of every answer cost a
 * pull page more than its sealing in the worker saved. It refuses what is not a sealed value, one sealed otherwise
 * encoded, and, for JSON, one whose length cannot fit what was asked; a wrong value of the right form would make its
 * record unreadable (AES-GCM refuses it on reading). Fields are handed over as such only for pulled records, which the
 * hub holds too.
 */
const isSealedValueOf = (value: unknown, plain: SealPlain): value is string => {
  if (typeof value !== 'string' || !value.startsWith(FIELD_CIPHER_PREFIX)) return false;
  const base64 = value.length - FIELD_CIPHER_PREFIX.length - 16;
  if (base64 % 4 !== 0 || base64 < base64Length(2 + 16)) return false;
  if (!BASE64_IV.test(value.slice(FIELD_CIPHER_PREFIX.length, FIELD_CIPHER_PREFIX.length + 16))) return false;
  if (!BASE64_END.test(value.slice(-24))) return false;
  return (
    typeof plain !== 'string' ||
    (base64 >= base64Length(plain.length + 16) && base64 <= base64Length(3 * plain.length + 16))
  );
};
const BASE64_IV = /^[A-Za-z0-9+/]{16}$/;
const BASE64_END = /^[A-Za-z0-9+/]{22}[A-Za-z0-9+/=]{2}$/;
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** Seals in a worker (see the module comment), falling back to {@link pageSealer} for good if the worker fails. */
export function workerSealer(
  port: SealerWorkerPort,
  fieldKey: CryptoKey,
  options: WorkerSealerOptions = {},
): FieldSealer {
  const timeoutMs = options.answerTimeoutMs ?? 30_000;
  interface Batch {
    requests: readonly SealRequest[];
    resolve: (sealed: string[]) => void;
    reject: (error: unknown) => void;
    timer: ReturnType<typeof setTimeout>;
  }
  const waiting = new Map<number, Batch>();
  let nextId = 1;
  /** Seals in the page: what the worker had not answered, and everything once it is left. */
  const page = pageSealer(fieldKey);
  /** Set when the worker is given up on or closed. */
  let left = false;

  /** Stops the worker for good and seals in the page what it was asked and has not answered. */
  const leaveWorker = (): boolean => {
    if (left) return false;
    left = true;
    port.terminate();
    const batches = [...waiting.values()];
    waiting.clear();
    for (const batch of batches) {
      clearTimeout(batch.timer);
      page.seal(batch.requests).then(batch.resolve, batch.reject);
    }
    return true;
  };
  const giveUp = (reason: string) => {
    if (!leaveWorker()) return;
    // Told after every waiting write has its values: a failing report must not leave one waiting.
    try {
      options.onGiveUp?.(reason);
    } catch {
      // The report is best effort; the seals are not.
    }
  };

  port.listen(
    (answer) => {
      const batch = waiting.get(answer.id);
      if (!batch) return;
      if (
        answer.kind === 'sealed' &&
        Array.isArray(answer.sealed) &&
        answer.sealed.length === batch.requests.length &&
        answer.sealed.every((value, i) => isSealedValueOf(value, batch.requests[i]![0]))
      ) {
        waiting.delete(answer.id);
        clearTimeout(batch.timer);
        return batch.resolve(answer.sealed);
      }
      // Leaving the worker seals this batch in the page, with every other it has not answered.
      giveUp(answer.kind === 'failed' ? answer.reason : 'an answer that is not the sealed values asked for');
    },
    (reason) => giveUp(reason),
  );
  try {
    port.postMessage({ kind: 'open', fieldKey });
  } catch (error) {
    giveUp(error instanceof Error ? error.message : String(error));
  }

  return {
    get where() {
      return left ? 'page' : 'worker';
    },
    seal(requests) {
      if (left) return page.seal(requests);
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise<string[]>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          if (waiting.has(id)) giveUp(`no answer in ${timeoutMs} ms`);
        }, timeoutMs);
        const batch: Batch = { requests, resolve, reject, timer };
        waiting.set(id, batch);
        try {
          port.postMessage({ kind: 'seal', id, requests });
        } catch (error) {
          giveUp(error instanceof Error ? error.message : String(error));
        }
      });
    },
    /** Stops the worker; what it had not answered is sealed in the page. */
    close() {
      leaveWorker();
    },
  };
}

/** The worker's end: what its entry point (field-sealer.worker.ts, or a Node worker thread) runs. */
export interface SealerWorkerScope {
  onMessage(listener: (message: SealerRequestMessage) => void): void;
  postMessage(answer: SealerAnswer): void;
}

/** Serves seals; returns how many values it has sealed so far (a diagnostic, and what tests read). */
export function serveFieldSealer(scope: SealerWorkerScope): () => number {
  let fieldKey: CryptoKey | null = null;
  let sealedValues = 0;
  scope.onMessage((message) => {
    if (message.kind === 'open') {
      fieldKey = message.fieldKey;
      return;
    }
    void (async () => {
      try {
        const key = fieldKey;
        if (!key) throw new Error('asked to seal before it was given the field key');
        const sealed = await Promise.all(
          message.requests.map(([plain, collection, id]) => encryptFieldValue(key, jsonOf(plain), collection, id)),
        );
        sealedValues += sealed.length;
        scope.postMessage({ kind: 'sealed', id: message.id, sealed });
      } catch (error) {
        scope.postMessage({
          kind: 'failed',
          id: message.id,
          reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    })();
  });
  return () => sealedValues;
}

/**
 * Hands out one value at a time and seals them in batches: everything asked before the next microtask goes to `seal`
 * together (a write asks for all its rows before it awaits any, sealing ahead for a whole pull page).
 */
export function batchedSealing(
  seal: (requests: readonly SealRequest[]) => Promise<string[]>,
): (plain: SealPlain, collection: string, documentId: string) => Promise<string> {
  let queue: Array<{ request: SealRequest; resolve: (sealed: string) => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    let sealing: Promise<string[]>;
    try {
      sealing = seal(batch.map((entry) => entry.request));
    } catch (error) {
      // A sealer that could not be made or threw: the writes waiting on it fail instead of waiting for ever.
      sealing = Promise.reject(error);
    }
    sealing.then(
      (sealed) => batch.forEach((entry, i) => entry.resolve(sealed[i]!)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (plain, collection, documentId) =>
    new Promise<string>((resolve, reject) => {
      if (queue.length === 0) queueMicrotask(flush);
      queue.push({ request: [plain, collection, documentId], resolve, reject });
    });
}

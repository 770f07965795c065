import { deriveFieldKey, encryptFieldValue } from './field-cipher.ts';

/**
 * Where a database's personal fields are sealed (field-cipher.ts: AES-256-GCM, `v1.` values). In the app, in a worker
 * of the page: a counter's first sync seals 100,000 cases, and each seal costs the calling thread more than the AES
 * itself (JSON to bytes, WebCrypto's argument checks and dispatch, base64): about a sixth of the page's time while it
 * stores a first sync, in Node's WebCrypto. The worker takes that off the thread that runs the UI and the database,
 * and a pull page is sealed while the page before it is being stored (`sealAhead` in field-encryption.ts).
 *
 * Reading stays in the page: a read decrypts a handful of records, and waits for them.
 *
 * A sealer seals in batches: the field encryption hands it every value one write needs at once, so a pull page of
 * 1,000 cases is one message each way. A worker that cannot start, fails or does not answer is given up: its batches
 * and every later one are sealed in the page, with the same key and format, and nothing waits for it again.
 */

/** One value to seal: the JSON of a record's personal fields, and the record it belongs to (bound to the value). */
export type SealRequest = readonly [json: string, collection: string, documentId: string];

export interface FieldSealer {
  /** Where the seals run now: a worker given up on is `page` from then on. */
  readonly where: 'worker' | 'page';
  /** The sealed values, in the order asked. */
  seal(requests: readonly SealRequest[]): Promise<string[]>;
  close(): void;
}

/** A database's sealer, made from its key and its name (the key derivation's salt). */
export type FieldSealerFactory = (databaseKey: string, databaseName: string) => FieldSealer;

/** Seals in the calling thread: Node tests, and any platform without workers. */
export function pageSealer(databaseKey: string, databaseName: string): FieldSealer {
  const key = deriveFieldKey(databaseKey, databaseName);
  // A failed derivation is reported by the seal that needs the key, not as an unhandled rejection.
  key.catch(() => undefined);
  return {
    where: 'page',
    async seal(requests) {
      const fieldKey = await key;
      return Promise.all(requests.map(([json, collection, id]) => encryptFieldValue(fieldKey, json, collection, id)));
    },
    close() {},
  };
}

/** What the page sends the worker. */
export type SealerRequestMessage =
  | { kind: 'open'; databaseKey: string; databaseName: string }
  | { kind: 'seal'; id: number; requests: readonly SealRequest[] };

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

/** Seals in a worker (see the module comment), falling back to {@link pageSealer} for good if the worker fails. */
export function workerSealer(
  port: SealerWorkerPort,
  databaseKey: string,
  databaseName: string,
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
  let fallback: FieldSealer | null = null;
  const inPage = () => (fallback ??= pageSealer(databaseKey, databaseName));

  /** Seals in the page what the worker was asked and has not answered. */
  const sealInPage = (batch: Batch) => {
    clearTimeout(batch.timer);
    inPage().seal(batch.requests).then(batch.resolve, batch.reject);
  };
  const giveUp = (reason: string) => {
    if (fallback) return;
    inPage();
    port.terminate();
    options.onGiveUp?.(reason);
    const batches = [...waiting.values()];
    waiting.clear();
    for (const batch of batches) sealInPage(batch);
  };

  const giveUpOn = (batch: Batch, reason: string) => {
    giveUp(reason);
    sealInPage(batch);
  };

  port.listen(
    (answer) => {
      const batch = waiting.get(answer.id);
      if (!batch) return;
      waiting.delete(answer.id);
      clearTimeout(batch.timer);
      if (answer.kind === 'sealed' && answer.sealed.length === batch.requests.length) batch.resolve(answer.sealed);
      else giveUpOn(batch, answer.kind === 'failed' ? answer.reason : 'an answer of the wrong length');
    },
    (reason) => giveUp(reason),
  );
  port.postMessage({ kind: 'open', databaseKey, databaseName });

  return {
    get where() {
      return fallback ? 'page' : 'worker';
    },
    seal(requests) {
      if (fallback) return fallback.seal(requests);
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise<string[]>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          const batch = waiting.get(id);
          if (!batch) return;
          waiting.delete(id);
          giveUpOn(batch, `no answer in ${timeoutMs} ms`);
        }, timeoutMs);
        waiting.set(id, { requests, resolve, reject, timer });
        port.postMessage({ kind: 'seal', id, requests });
      });
    },
    close() {
      for (const batch of waiting.values()) sealInPage(batch);
      waiting.clear();
      if (!fallback) port.terminate();
      fallback ??= pageSealer(databaseKey, databaseName);
    },
  };
}

/** The worker's end: what its entry point (field-sealer.worker.ts, or a Node worker thread) runs. */
export interface SealerWorkerScope {
  onMessage(listener: (message: SealerRequestMessage) => void): void;
  postMessage(answer: SealerAnswer): void;
}

export function serveFieldSealer(scope: SealerWorkerScope): void {
  let key: Promise<CryptoKey> | null = null;
  scope.onMessage((message) => {
    if (message.kind === 'open') {
      key = deriveFieldKey(message.databaseKey, message.databaseName);
      key.catch(() => undefined);
      return;
    }
    void (async () => {
      try {
        if (!key) throw new Error('sealed before the database key was given');
        const fieldKey = await key;
        const sealed = await Promise.all(
          message.requests.map(([json, collection, id]) => encryptFieldValue(fieldKey, json, collection, id)),
        );
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
}

/**
 * Hands out one value at a time and seals them in batches: everything asked in the same turn of the event loop goes
 * to the sealer together (a write asks for all its rows before it awaits any).
 */
export function batchedSealing(
  sealer: FieldSealer,
): (json: string, collection: string, documentId: string) => Promise<string> {
  let queue: Array<{ request: SealRequest; resolve: (sealed: string) => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    sealer.seal(batch.map((entry) => entry.request)).then(
      (sealed) => batch.forEach((entry, i) => entry.resolve(sealed[i]!)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  return (json, collection, documentId) =>
    new Promise<string>((resolve, reject) => {
      if (queue.length === 0) queueMicrotask(flush);
      queue.push({ request: [json, collection, documentId], resolve, reject });
    });
}

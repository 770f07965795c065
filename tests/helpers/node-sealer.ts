// The app's field sealer worker (renderer/db/web-sealer.ts, a Web Worker of the page) as Node has it: a worker thread
// running the same worker code (renderer/db/field-sealer.ts, `serveFieldSealer`). For benchmarks and tests that model
// the renderer in Node, as fake-indexeddb stands in for IndexedDB.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { workerSealer, type FieldSealer, type WorkerSealerOptions } from '../../renderer/db/field-sealer.ts';

let bundled: string | null = null;

/**
 * The worker's code in one script, bundled as the app's build bundles the page's worker: it starts in milliseconds,
 * where loading its TypeScript through tsx took a quarter of a second, all of it in a first sync's time.
 */
export function sealerWorkerCode(): string {
  bundled ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./node-sealer-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
  }).outputFiles[0]!.text;
  return bundled;
}

/** A worker thread running `code` (the sealer's unless given). */
export function startSealerThread(code = sealerWorkerCode()): Worker {
  const worker = new Worker(code, { eval: true });
  // A sealer left open must not keep a test run or a benchmark alive.
  worker.unref();
  return worker;
}

export function nodeWorkerSealer(
  fieldKey: CryptoKey,
  options: WorkerSealerOptions & { thread?: Worker } = {},
): FieldSealer {
  const worker = options.thread ?? startSealerThread();
  return workerSealer(
    {
      postMessage: (message) => worker.postMessage(message),
      listen(onAnswer, onFailure) {
        worker.on('message', onAnswer);
        worker.on('error', (error) => onFailure(error.message));
        worker.on('exit', (code) => onFailure(`the worker stopped (exit code ${code})`));
      },
      terminate: () => void worker.terminate(),
    },
    fieldKey,
    options,
  );
}

// The app's field sealer worker (renderer/db/web-sealer.ts, a Web Worker of the page) as Node has it: a worker thread
// running the same worker code (renderer/db/field-sealer.ts, `serveFieldSealer`). For benchmarks and tests that model
// the renderer in Node, as fake-indexeddb stands in for IndexedDB.
import { Worker } from 'node:worker_threads';
import { workerSealer, type FieldSealer, type WorkerSealerOptions } from '../../renderer/db/field-sealer.ts';

/** The worker's code, loaded through tsx as the tests and benchmarks themselves are. */
export function startSealerThread(entry = new URL('./node-sealer-worker.ts', import.meta.url).href): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
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

/**
 * The hub push bench's two threads (`npm run bench -- sync`, section 4): the hub, and the 50 devices pushing to it.
 *
 * Each runs in a worker thread of its own that loads only this module and what it imports, not the bench's whole
 * module graph. In production the hub is a process of its own. On the bench's main thread it shared a heap that held
 * ~100 MB alive (the bench's modules, vite and vitest among them through the test helpers): the first major collection
 * after the back-to-back pushes, 450 MB down to 100 MB, then took ~65 ms of the hub's thread (marking steps and the
 * pause), and the pushes that arrived meanwhile took 130–200 ms. In a thread of its own the hub's heap holds 27–36 MB
 * alive. The devices' thread likewise loaded the whole bench, and its collections paused every device.
 */
import { Worker, isMainThread, parentPort, workerData, type WorkerOptions } from 'node:worker_threads';
import { HubClient, encodePush, type EncodedPush } from '../../renderer/sync/hub-client.ts';
import type { Case } from '../../shared/schemas/index.ts';
import { makeCase } from '../helpers/cases.ts';
import { enrolDevice } from '../helpers/hub.ts';

export const PUSH_BATCH = 100;
/** Batches the first device pushes alone, before the others start. */
export const PUSH_SINGLE_BATCHES = 20;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Cases for one counter: distinct ids and case numbers (a counter's sequence runs to 9,999, then the next counter). */
export function casesFor(siteCode: string, firstCounter: number, count: number, offset = 0): Case[] {
  return Array.from({ length: count }, (_, i) => {
    const k = offset + i;
    return makeCase({ siteCode, counter: firstCounter + Math.floor(k / 9_999), sequence: (k % 9_999) + 1 });
  });
}

/** Starts the module at `moduleUrl` in a worker thread, through tsx as the bench itself runs. */
export function startTsxWorker(moduleUrl: string, options: Omit<WorkerOptions, 'eval'>): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); });`,
    { ...options, eval: true },
  );
}

const startThread = (data: HubThreadData | DevicesThreadData) => startTsxWorker(import.meta.url, { workerData: data });

/**
 * The worker's next message. A worker that fails or exits first rejects it, so that the bench stops with the reason
 * rather than waiting for ever. One question at a time: each is answered before the next is asked.
 */
const nextMessage = <T>(worker: Worker): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const settle = (done: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      done();
    };
    const onMessage = (message: T) => settle(() => resolve(message));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`the bench's worker thread exited (${code})`)));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });

// ─── the hub ──────────────────────────────────────────────────────────────────────────────────────────────────────

interface HubThreadData {
  pushHubThread: true;
  databaseUrl: string;
  /** One device is enrolled per entry, at that site. */
  sites: string[];
}
type HubRequest = { op: 'storeTimes' } | { op: 'count'; collection: string } | { op: 'close' };

/** The hub on PostgreSQL in a thread of its own, listening on a loopback port, with one enrolled device per site. */
export interface PushHub {
  url: string;
  tokens: string[];
  /**
   * The hub's store writes since the last call (CAS read, sequence, insert, notify, commit; waiting for the
   * collection's lock included), in ms, sorted: writes of a collection take turns, so these set the ceiling.
   */
  storeTimes(): Promise<number[]>;
  count(collection: string): Promise<number>;
  close(): Promise<void>;
}

export async function startPushHub(databaseUrl: string, sites: string[]): Promise<PushHub> {
  const worker = startThread({ pushHubThread: true, databaseUrl, sites });
  const { url, tokens } = await nextMessage<{ url: string; tokens: string[] }>(worker);
  const ask = <T>(request: HubRequest): Promise<T> => {
    const answer = nextMessage<T>(worker);
    worker.postMessage(request);
    return answer;
  };
  return {
    url,
    tokens,
    storeTimes: () => ask<number[]>({ op: 'storeTimes' }),
    count: (collection) => ask<number>({ op: 'count', collection }),
    async close() {
      try {
        await ask<null>({ op: 'close' });
      } finally {
        await worker.terminate();
      }
    },
  };
}

async function runHubThread(data: HubThreadData): Promise<void> {
  const port = parentPort!;
  // Loaded here, not by the devices' thread.
  const { buildHub } = await import('../../hub/app.ts');
  const { openPostgres } = await import('../../hub/storage/driver.ts');
  const driver = await openPostgres(data.databaseUrl);
  const hub = await buildHub({ driver, heartbeatSeconds: 1 });
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  const tokens: string[] = [];
  for (const site of data.sites) tokens.push((await enrolDevice(hub, site)).token);

  let storeMs: number[] = [];
  const write = hub.documents.push.bind(hub.documents);
  hub.documents.push = async (...args) => {
    const t = performance.now();
    try {
      return await write(...args);
    } finally {
      storeMs.push(performance.now() - t);
    }
  };
  port.on('message', (request: HubRequest) => {
    const answer = async (): Promise<unknown> => {
      switch (request.op) {
        case 'storeTimes': {
          const times = storeMs.sort((a, b) => a - b);
          storeMs = [];
          return times;
        }
        case 'count':
          return hub.documents.count(request.collection);
        case 'close':
          await hub.app.close();
          await driver.close();
          return null;
      }
    };
    void answer().then((value) => port.postMessage(value));
  });
  port.postMessage({ url, tokens });
}

// ─── the devices ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface PushDevice {
  token: string;
  siteCode: string;
  counter: number;
}
interface DevicesThreadData {
  pushDevicesThread: true;
  url: string;
  devices: PushDevice[];
  closedBatches: number;
  pacedBatches: number;
}
export interface PushRun {
  ms: number;
  cases: number;
  failures: number;
  latencies: number[];
}
type DevicesRequest = { run: 'single' | 'closed' } | { run: 'paced'; paceMs: number };

export interface PushDevices {
  /** How long making and encoding the batches took, and the encoding's p50 and p99 per batch, in ms. */
  ready: { ms: number; encodeMs: [number, number] };
  /** The first device alone pushes its own batches back to back. */
  single(): Promise<PushRun>;
  /** Every device pushes its batches back to back. */
  closed(): Promise<PushRun>;
  /** Every device pushes one batch every `paceMs`, the devices' starts spread over one period. */
  paced(paceMs: number): Promise<PushRun>;
  close(): Promise<void>;
}

export async function startPushDevices(
  url: string,
  devices: PushDevice[],
  closedBatches: number,
  pacedBatches: number,
): Promise<PushDevices> {
  const worker = startThread({ pushDevicesThread: true, url, devices, closedBatches, pacedBatches });
  const ready = await nextMessage<PushDevices['ready']>(worker);
  const run = (request: DevicesRequest) => {
    const result = nextMessage<PushRun>(worker);
    worker.postMessage(request);
    return result;
  };
  return {
    ready,
    single: () => run({ run: 'single' }),
    closed: () => run({ run: 'closed' }),
    paced: (paceMs) => run({ run: 'paced', paceMs }),
    close: async () => void (await worker.terminate()),
  };
}

/**
 * The devices' network side. Their case generation, JSON and gzip must not take the hub's thread, which would have
 * a machine to itself in production. Each device's batches are encoded before the clock starts, as a load generator
 * prepares its requests: the 50 devices share this one thread, where each real counter encodes on its own machine,
 * and their encoding here was delaying other devices' requests and answers by tens of ms. What encoding costs a
 * device is measured and printed beside the latencies.
 */
async function runDevicesThread(data: DevicesThreadData): Promise<void> {
  const port = parentPort!;
  const started = performance.now();
  const encodeMs: number[] = [];
  const devices: Array<{ client: HubClient; batches: EncodedPush[] }> = [];
  for (const d of data.devices) {
    const count = data.closedBatches + data.pacedBatches + (d === data.devices[0] ? PUSH_SINGLE_BATCHES : 0);
    const rows = casesFor(d.siteCode, d.counter, count * PUSH_BATCH).map((c) => ({
      newDocumentState: { ...c, _deleted: false },
      assumedMasterState: null,
    }));
    const batches: EncodedPush[] = [];
    for (let k = 0; k < rows.length; k += PUSH_BATCH) {
      const t = performance.now();
      batches.push(await encodePush(rows.slice(k, k + PUSH_BATCH)));
      encodeMs.push(performance.now() - t);
    }
    devices.push({ client: new HubClient({ baseUrl: data.url, token: d.token, requestTimeoutMs: 60_000 }), batches });
  }
  encodeMs.sort((a, b) => a - b);
  port.postMessage({
    ms: performance.now() - started,
    encodeMs: [percentile(encodeMs, 50), percentile(encodeMs, 99)],
  } satisfies PushDevices['ready']);

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const run = async (first: number, count: number, paceMs: number | null, only?: number): Promise<PushRun> => {
    const latencies: number[] = [];
    let cases = 0;
    let failures = 0;
    const start = performance.now();
    await Promise.all(
      devices.slice(0, only ?? devices.length).map(async (device, index) => {
        const offset = paceMs === null ? 0 : (index / devices.length) * paceMs;
        for (const [k, rows] of device.batches.slice(first, first + count).entries()) {
          const due = paceMs === null ? 0 : start + offset + k * paceMs;
          if (due > performance.now()) await sleep(due - performance.now());
          // Latency runs from the request's start to its answer read.
          const t = performance.now();
          try {
            if ((await device.client.pushEncoded('cases', rows)).length > 0) failures++;
            cases += PUSH_BATCH;
          } catch {
            failures++;
          }
          latencies.push(performance.now() - t);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { ms: performance.now() - start, cases, failures, latencies };
  };
  port.on('message', (request: DevicesRequest) => {
    const result =
      request.run === 'paced'
        ? run(data.closedBatches, data.pacedBatches, request.paceMs)
        : request.run === 'closed'
          ? run(0, data.closedBatches, null)
          : run(data.closedBatches + data.pacedBatches, PUSH_SINGLE_BATCHES, null, 1);
    void result.then((r) => port.postMessage(r));
  });
}

if (!isMainThread && (workerData as Partial<HubThreadData> | null)?.pushHubThread)
  void runHubThread(workerData as HubThreadData);
if (!isMainThread && (workerData as Partial<DevicesThreadData> | null)?.pushDevicesThread)
  void runDevicesThread(workerData as DevicesThreadData);

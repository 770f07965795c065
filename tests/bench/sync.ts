// Sync figures, with the real parts: the hub listening on 127.0.0.1 (PGlite and PostgreSQL), RxDB on Dexie over
// fake-indexeddb, the real sync client. Prints figures next to their targets; asserts nothing.
//
//   1. outage catch-up: 3 islands × 1,000 cases made offline, time until the hub has them all and every outbox is 0
//   2. initial sync of a new counter from a hub holding 100,000 of its site's cases
//   3. bytes on the wire per case, push and pull, counted by a TCP proxy between client and hub
//   4. hub push throughput and latency with 50 devices pushing concurrently (PostgreSQL)
//   5. a counter reopened after pushing its cases: time until in step, and what it pulled (its own cases are left
//      out since it names its local database; before that it pulled them all back)
//
// With more than one of them selected, each runs in a process of its own (runGroupsApart), and the summaries are
// printed together at the end.
// PostgreSQL comes from TEST_DATABASE_URL, or from the test cluster of tests/helpers/postgres.sh when it runs (or
// can be started: root, package installed); without one the PostgreSQL figures are skipped, and say so.
// Knobs: BENCH_SYNC_DOCS (initial-sync size, default 100000), BENCH_SYNC_INITIAL_CAP_S (stop the initial sync
// after this many seconds and project, default 180), BENCH_SYNC_ONLY (comma list of outage,initial,wire,push,reload),
// BENCH_SYNC_RELOAD_DOCS (cases the reopened counter pushed, default 20000), BENCH_SYNC_RELOAD_BEFORE=1 (also time
// a counter that names no local database, as before: it pulls all its cases back; capped at 180 s),
// BENCH_SYNC_INITIAL_RUNS (new counters synced one after the other from the same loaded hub, default 1; with more,
// their median and range are printed too: single runs on a shared machine move by a fifth),
// BENCH_SYNC_PROFILE=<dir> (write a CPU profile of the initial-sync counter's thread there, for DevTools),
// BENCH_SYNC_SEALER=page (the initial-sync counter seals personal fields in its own thread, not in a worker thread as
// the app's page does in a Web Worker: the figure before the sealer moved), BENCH_SYNC_STORAGE=memory (diagnostic
// only: the initial-sync counter on RxDB's in-memory storage instead of Dexie on fake-indexeddb, to tell the storage
// stand-in's share of the time from the rest of the stack).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, threadId, workerData, type Worker } from 'node:worker_threads';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { decryptString, encryptString } from 'rxdb/plugins/encryption-crypto-js';
import { createDatabase } from '../../renderer/db/create-database.ts';
import { deriveFieldKey, encryptFieldValue } from '../../renderer/db/field-cipher.ts';
import { HubClient, type HubCheckpoint, type PullResult } from '../../renderer/sync/hub-client.ts';
import { startSync } from '../../renderer/sync/sync-client.ts';
import { COUNTER_YOUNG_GENERATION_MB } from '../../shared/runtime/counter-heap.ts';
import type { CollectionName } from '../../shared/schemas/index.ts';
import { nodeWorkerSealer, sealerWorkerCode } from '../helpers/node-sealer.ts';
import { enrolDevice } from '../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/postgres.ts';
import {
  PUSH_BATCH,
  PUSH_SINGLE_BATCHES,
  casesFor,
  percentile,
  startPushDevices,
  startPushHub,
  startTsxWorker,
  type PushDevices,
  type PushHub,
  type PushRun,
} from './push-threads.ts';
import { IslandLink, openSite, startTestHub, type TestHub, type TestSite } from '../helpers/sync-harness.ts';

type Engine = 'pglite' | 'postgres';

const OUTAGE_SITES = ['DX', 'NH', 'YT'] as const;
const OUTAGE_CASES_PER_SITE = 1_000;
const OUTAGE_TARGET_S = 3;
/** How long the counters reopened during the outage stand open before the link returns. */
const OUTAGE_REOPENED_OPEN_S = 5;
const INITIAL_DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 100_000);
const INITIAL_CAP_S = Number(process.env.BENCH_SYNC_INITIAL_CAP_S ?? 180);
const INITIAL_TARGET_S = 20;
const INITIAL_RUNS = Math.max(1, Number(process.env.BENCH_SYNC_INITIAL_RUNS ?? 1));
/** Where the initial-sync counter seals personal fields: a worker, as the app does, unless BENCH_SYNC_SEALER=page. */
const SEALER_IN_PAGE = process.env.BENCH_SYNC_SEALER === 'page';
const SEALER = SEALER_IN_PAGE ? 'sealed in its own thread' : 'sealed in a worker thread, as the app does';
/** The hub's MAX_PULL_LIMIT: the largest page a pull may ask for. */
const INITIAL_PULL_BATCH = 1_000;
const WIRE_CASES = 1_000;
const WIRE_TARGET_BYTES = 350;
const POUCHDB_PUSH_BYTES = 1_293;
const POUCHDB_PULL_BYTES = 441;
const PUSH_DEVICES = 50;
const PUSH_BATCHES_PER_DEVICE = 10;
const PUSH_PACED_SECONDS = 30;
const PUSH_TARGET_CASES_PER_S = 2_000;
const PUSH_TARGET_P99_MS = 100;
const ALL_SITES = ['HT', 'JS', 'JJ', 'SP', 'DX', 'NH', 'YT', 'DL'] as const;
const RELOAD_DOCS = Number(process.env.BENCH_SYNC_RELOAD_DOCS ?? 20_000);
const RELOAD_BEFORE_CAP_S = 180;
const ENCRYPTION_KEY = 'test-encryption-key-0123456789';

const summary: string[] = [];
const n = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${n(ms / 1000, 2)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it holds; false when `timeoutMs` runs out. */
async function poll(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
}

function postgresInstalled(): boolean {
  return (
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
  );
}

/** TEST_DATABASE_URL, else the test cluster if it runs or can be started here (as the vitest global setup does). */
function findPostgres(): string | null {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const script = path.join(import.meta.dirname, '../helpers/postgres.sh');
  const attempts: string[] = ['status'];
  if (process.getuid?.() === 0 && postgresInstalled()) attempts.push('start');
  for (const command of attempts) {
    try {
      const url = execFileSync('bash', [script, command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      if (url.trim()) return (process.env.TEST_DATABASE_URL = url.trim());
    } catch {
      // not running / cannot start: try the next, then skip the PostgreSQL figures
    }
  }
  return null;
}

async function startHubOn(engine: Engine, label: string): Promise<{ hub: TestHub; done(): Promise<void> }> {
  let scratch: ScratchDatabase | null = null;
  if (engine === 'postgres') scratch = await createScratchDatabase(`bench_${label}`);
  const hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
  return {
    hub,
    async done() {
      await hub.close();
      await scratch?.drop();
    },
  };
}

// ─── 1. outage catch-up ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `reopened`: each counter's app is closed and opened again during the outage, after its work (the counter shut for
 * the night), so that its sync starts with a full outbox, and stands open a few seconds before the link returns;
 * otherwise the counters run throughout.
 */
async function benchOutage(engine: Engine, reopened = false): Promise<void> {
  const total = OUTAGE_SITES.length * OUTAGE_CASES_PER_SITE;
  const { hub, done } = await startHubOn(engine, 'outage');
  const sites: TestSite[] = [];
  const label = `${engine}${reopened ? ', counters reopened during the outage' : ''}`;
  try {
    for (const code of OUTAGE_SITES) sites.push(await openSite(hub, code, { collections: ['cases'] }));
    // Each counter has caught up with the hub (its first sync done, its replication running) before the link goes:
    // being online is not enough, a new counter is online from its first sync's first page.
    await Promise.all(sites.map((s) => s.sync.replications.cases!.awaitInitialReplication()));
    for (const site of sites) site.link.cut();
    await poll(() => sites.every((s) => !s.sync.getStatus().online), 10_000);
    for (const site of sites) await site.db.cases.bulkInsert(casesFor(site.siteCode, 2, OUTAGE_CASES_PER_SITE));
    if (reopened) {
      for (const [i, site] of sites.entries()) {
        const { siteCode, token, deviceId, link } = site;
        const dbName = site.db.name;
        await site.close();
        sites[i] = await openSite(hub, siteCode, { collections: ['cases'], dbName, token, deviceId, link });
      }
      // Open a while before the link returns, as after a night: time to read the outbox and try to send it.
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_REOPENED_OPEN_S * 1000));
    }
    if (!(await poll(() => sites.every((s) => s.sync.getStatus().pending === OUTAGE_CASES_PER_SITE), 60_000)))
      throw new Error('the outboxes did not fill while offline');
    const before = await hub.hub.documents.count('cases');

    const start = performance.now();
    for (const site of sites) site.link.restore();
    let hubAllMs = Number.NaN;
    const emptiedMs = new Map<string, number>();
    const caughtUp = await poll(async () => {
      if (Number.isNaN(hubAllMs) && (await hub.hub.documents.count('cases')) === before + total)
        hubAllMs = performance.now() - start;
      for (const s of sites)
        if (!emptiedMs.has(s.siteCode) && s.sync.getStatus().pending === 0)
          emptiedMs.set(s.siteCode, performance.now() - start);
      return !Number.isNaN(hubAllMs) && emptiedMs.size === sites.length;
    }, 120_000);
    const allMs = performance.now() - start;
    const requests = sites.reduce((sum, s) => sum + s.requests.count, 0);
    console.log(
      `outage catch-up (${label}): ${caughtUp ? '' : 'NOT DONE after '}${seconds(allMs)} until the hub holds all ` +
        `${n(total)} cases and every outbox is 0 (hub complete after ${seconds(hubAllMs)}; target < ${OUTAGE_TARGET_S} s)`,
    );
    console.log(
      `  ${OUTAGE_SITES.join('/')} × ${n(OUTAGE_CASES_PER_SITE)} cases made with the link cut; clock starts at ` +
        `link restore, so it includes noticing the link (heartbeat every 300 ms); outbox 0 at ` +
        `${[...emptiedMs].map(([code, ms]) => `${code} ${seconds(ms)}`).join(', ')}; ${n(requests)} requests in all`,
    );
    summary.push(
      `outage catch-up (${label}): ${n(total)} cases in ${seconds(allMs)}${caughtUp ? '' : ' (NOT DONE)'} ` +
        `(target < ${OUTAGE_TARGET_S} s)`,
    );
  } finally {
    for (const site of sites) await site.close();
    await done();
  }
}

// ─── 2. initial sync of a new counter ──────────────────────────────────────────────────────────────────────────────

/** Times every pull round trip (request, hub, gzip, transfer, JSON parse) seen from the client. */
class TimedHubClient extends HubClient {
  pulls = 0;
  pullMs = 0;
  pulled = 0;
  override async pull(c: CollectionName, cp: HubCheckpoint | undefined, limit: number): Promise<PullResult> {
    const t = performance.now();
    const result = await super.pull(c, cp, limit);
    this.pullMs += performance.now() - t;
    this.pulls++;
    this.pulled += result.documents.length;
    return result;
  }
}

interface InitialWorkerData {
  syncInitialWorker: true;
  url: string;
  token: string;
  expected: number;
  pullBatchSize: number;
}
interface InitialProgress {
  ms: number;
  stored: number;
  pulled: number;
  pulls: number;
  pullMs: number;
  /** Time the counter's thread spent in garbage collection pauses, and how many. */
  gcMs: number;
  gcs: number;
  /** CPU time of the counter's thread since the start (Linux), or null where it cannot be read. */
  cpuMs: number | null;
  /** Time the counter's thread was ready to run but waited for a CPU, since the start (Linux), or null. */
  waitMs: number | null;
  done: boolean;
}

/**
 * The new counter, in a worker thread as on its own machine: RxDB on Dexie over fake-indexeddb with the real sync
 * client. Reports progress every second; the bench terminates it at the cap (RxDB pulls far ahead of what it has
 * stored, and closing would first store all of it).
 */
/**
 * CPU time of the calling thread in ms, from Linux's /proc (user + system, in clock ticks of 10 ms); null elsewhere.
 * Node 20 has no per-thread CPU usage of its own. On a shared machine the speed of the same work moves by a fifth from
 * hour to hour; the counter's CPU time next to its wall time tells a busier thread from a slower machine.
 */
function threadCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The median of some figures (at least one). */
function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!;
}

/** "a, b and c". */
const listed = (parts: readonly string[]): string =>
  parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/**
 * Time the calling thread has spent ready to run but waiting for a CPU, in ms (Linux's schedstat: its second field,
 * in ns); null elsewhere. On 2 CPUs the counter's thread shares them with the hub, the sealer and the garbage
 * collector's helpers; this tells that wait from the thread's own work and from waiting on I/O.
 */
function threadRunQueueMs(): number | null {
  try {
    const waitedNs = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
    return Number.isFinite(waitedNs) ? waitedNs / 1e6 : null;
  } catch {
    return null;
  }
}

async function runInitialWorker(data: InitialWorkerData): Promise<void> {
  const profileDir = process.env.BENCH_SYNC_PROFILE;
  const profiler = profileDir ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  let gcMs = 0;
  let gcs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcs++;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const client = new TimedHubClient({ baseUrl: data.url, token: data.token, requestTimeoutMs: 60_000 });
  // The sealer worker's script is bundled before the clock starts, as the app's build bundles it.
  sealerWorkerCode();
  const start = performance.now();
  const cpuAtStart = threadCpuMs();
  const waitAtStart = threadRunQueueMs();
  const db = await createDatabase({
    storage:
      process.env.BENCH_SYNC_STORAGE === 'memory'
        ? getRxStorageMemory()
        : getRxStorageDexie({ indexedDB, IDBKeyRange }),
    name: `bench-initial-${process.pid}`,
    encryptionKey: ENCRYPTION_KEY,
    collections: ['cases'],
    // As the app seals personal fields: in a worker of the counter's page (renderer/db/web-sealer.ts).
    ...(SEALER_IN_PAGE ? {} : { sealer: (fieldKey: CryptoKey) => nodeWorkerSealer(fieldKey) }),
  });
  // Cases stored, from the collection's change events, which RxDB emits once the storage has written them: a count
  // query every second over a growing fake-indexeddb store took time from the sync it was measuring. One real count
  // confirms the figure at the end.
  let inserted = 0;
  let finished: () => void = () => undefined;
  const allStored = new Promise<void>((resolve) => (finished = resolve));
  db.cases.eventBulks$.subscribe((bulk) => {
    for (const event of bulk.events) if (event.operation === 'INSERT') inserted++;
    if (inserted >= data.expected) finished();
  });
  startSync({ db, hub: client, heartbeatMs: 300, retryMs: 300, pullBatchSize: data.pullBatchSize });
  const progressAt = (ms: number, stored: number, done: boolean): InitialProgress => ({
    ms,
    stored,
    pulled: client.pulled,
    pulls: client.pulls,
    pullMs: client.pullMs,
    gcMs,
    gcs,
    cpuMs: cpuAtStart === null ? null : threadCpuMs()! - cpuAtStart,
    waitMs: waitAtStart === null ? null : threadRunQueueMs()! - waitAtStart,
    done,
  });
  for (;;) {
    const done = await Promise.race([allStored.then(() => true), sleep(1_000).then(() => false)]);
    if (done) break;
    parentPort!.postMessage(progressAt(performance.now() - start, inserted, false));
  }
  const ms = performance.now() - start;
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    const file = path.join(profileDir!, `initial-sync-${process.pid}-${threadId}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`  CPU profile of the counter's thread: ${file}`);
  }
  const stored = await db.cases.count().exec();
  if (stored < data.expected)
    throw new Error(`${inserted} insert events, but the counter's database holds ${stored} of ${data.expected} cases`);
  // The time is when the last case was stored; the confirming count comes after it.
  parentPort!.postMessage(progressAt(ms, stored, true));
}

/** What the field encryption costs per pulled case, alone: one AES-GCM value for the personal fields, which RxDB's
 * replication copy of the case reuses (its read-backs during the write are served without AES), 1,000 cases at a
 * time as a pull page is stored. */
async function encryptionCostPerCase(): Promise<number> {
  const sample = casesFor('DX', 90, 1_000);
  const key = await deriveFieldKey(ENCRYPTION_KEY, 'bench-cost');
  const start = performance.now();
  await Promise.all(
    sample.map((c) =>
      encryptFieldValue(key, JSON.stringify({ applicant: c.applicant, events: c.events }), 'cases', c.id),
    ),
  );
  return (performance.now() - start) / sample.length;
}

/** The same for RxDB's crypto-js plugin, which it replaced: the fields one by one, the metadata state, and the
 * change stream's decryption of the fields. */
function cryptoJsCostPerCase(): number {
  const sample = casesFor('DX', 90, 200);
  const start = performance.now();
  for (const c of sample) {
    const applicant = encryptString(JSON.stringify(c.applicant), ENCRYPTION_KEY);
    const events = encryptString(JSON.stringify(c.events), ENCRYPTION_KEY);
    encryptString(JSON.stringify(c), ENCRYPTION_KEY);
    decryptString(applicant, ENCRYPTION_KEY);
    decryptString(events, ENCRYPTION_KEY);
  }
  return (performance.now() - start) / sample.length;
}

async function benchInitialSync(): Promise<void> {
  const engine: Engine = 'pglite';
  const { hub, done } = await startHubOn(engine, 'initial');
  let worker: Worker | null = null;
  try {
    const loadStart = performance.now();
    for (let offset = 0; offset < INITIAL_DOCS; offset += 1_000) {
      const batch = casesFor('DX', 10, Math.min(1_000, INITIAL_DOCS - offset), offset);
      await hub.hub.documents.putAsHub(
        'cases',
        batch.map((c) => ({ id: c.id, doc: c as unknown as Record<string, unknown>, readers: ['DX'] })),
      );
    }
    const loadMs = performance.now() - loadStart;
    console.log(`hub loaded with ${n(INITIAL_DOCS)} DX cases in ${seconds(loadMs)} (putAsHub, batches of 1,000)`);

    // The hub's side of every pull: from the request's arrival to the last byte of the gzipped answer.
    let hubPullMs = 0;
    hub.hub.app.server.prependListener('request', (request, response) => {
      if (!request.url?.includes('/pull')) return;
      const t = performance.now();
      response.once('finish', () => (hubPullMs += performance.now() - t));
    });

    const storage = process.env.BENCH_SYNC_STORAGE === 'memory' ? ', RxDB memory storage (diagnostic)' : '';
    const label = `initial sync (${engine} hub, new counter in a worker thread${storage}, pull batch ${n(INITIAL_PULL_BATCH)})`;
    const completed: number[] = [];
    /** The counter thread's CPU time and wait for a CPU in the completed runs, where Linux tells them. */
    const completedCpu: number[] = [];
    const completedWait: number[] = [];
    for (let run = 1; run <= INITIAL_RUNS; run++) {
      hubPullMs = 0;
      // A new device each time, with a database of its own in a new worker thread.
      worker = startWorker({
        syncInitialWorker: true,
        url: hub.url,
        token: (await enrolDevice(hub.hub, 'DX')).token,
        expected: INITIAL_DOCS,
        pullBatchSize: INITIAL_PULL_BATCH,
      });
      const running = worker;
      let last: InitialProgress = {
        ms: 0,
        stored: 0,
        pulled: 0,
        pulls: 0,
        pullMs: 0,
        gcMs: 0,
        gcs: 0,
        cpuMs: null,
        waitMs: null,
        done: false,
      };
      let lastReport = 0;
      await new Promise<void>((resolve, reject) => {
        running.on('error', reject);
        running.on('message', (progress: InitialProgress) => {
          last = progress;
          if (progress.ms - lastReport > 30_000) {
            lastReport = progress.ms;
            console.log(`  … ${n(progress.pulled)} pulled, ${n(progress.stored)} stored after ${seconds(progress.ms)}`);
          }
          if (progress.done || progress.ms > INITIAL_CAP_S * 1000) resolve();
        });
      });
      await worker.terminate();
      worker = null;

      const rate = last.stored / (last.ms / 1000);
      const runLabel = INITIAL_RUNS > 1 ? `${label}, run ${run} of ${INITIAL_RUNS}` : label;
      if (last.done) {
        completed.push(last.ms);
        console.log(
          `${runLabel}: ${n(INITIAL_DOCS)} cases in ${seconds(last.ms)} = ${n(rate)} docs/s (target < ${INITIAL_TARGET_S} s)`,
        );
        if (INITIAL_RUNS === 1)
          summary.push(
            `initial sync (${engine}, batch ${n(INITIAL_PULL_BATCH)}): ${n(INITIAL_DOCS)} cases in ${seconds(last.ms)}, ` +
              `${n(rate)} docs/s (target < ${INITIAL_TARGET_S} s)`,
          );
      } else {
        const projected = (INITIAL_DOCS / rate) * 1000;
        console.log(
          `${runLabel}: stopped at the ${INITIAL_CAP_S} s cap with ${n(last.stored)} of ${n(INITIAL_DOCS)} cases stored ` +
            `(${n(last.pulled)} pulled) = ${n(rate)} docs/s, projected ${seconds(projected)} for all ` +
            `(target < ${INITIAL_TARGET_S} s; BENCH_SYNC_INITIAL_CAP_S=900 runs it out)`,
        );
        summary.push(
          `initial sync (${engine}, batch ${n(INITIAL_PULL_BATCH)}): ${n(last.stored)} of ${n(INITIAL_DOCS)} cases in ` +
            `${seconds(last.ms)} (cap), ${n(rate)} docs/s, projected ${seconds(projected)} (target < ${INITIAL_TARGET_S} s)`,
        );
      }
      console.log(
        `  where the time went: ${n(last.pulls)} pulls, ${seconds(last.pullMs)} of round trips in all (the hub's side ` +
          `${seconds(hubPullMs)}: query, JSON, gzip), overlapping the writes; the counter's time goes to storing: its ` +
          `first sync (renderer/sync/first-sync.ts), Dexie on fake-indexeddb, the field encryption (${SEALER}); its thread ` +
          listed([
            ...(last.cpuMs === null ? [] : [`was on the CPU ${seconds(last.cpuMs)} of it`]),
            ...(last.waitMs === null ? [] : [`waited ${seconds(last.waitMs)} for a CPU (the other threads' turn)`]),
            `paused ${n(last.gcs)} times for garbage collection, ${seconds(last.gcMs)} in all`,
          ]),
      );
      if (last.done && last.cpuMs !== null) completedCpu.push(last.cpuMs);
      if (last.done && last.waitMs !== null) completedWait.push(last.waitMs);
    }
    if (INITIAL_RUNS > 1 && completed.length > 0) {
      const sorted = [...completed].sort((a, b) => a - b);
      const under = completed.filter((ms) => ms < INITIAL_TARGET_S * 1000).length;
      const thread =
        completedCpu.length === completed.length && completedWait.length === completed.length
          ? `; the counter's thread, median: ${seconds(medianOf(completedCpu))} on the CPU, ` +
            `${seconds(medianOf(completedWait))} waiting for one`
          : '';
      const line =
        `initial sync (${engine}, batch ${n(INITIAL_PULL_BATCH)}), ${completed.length} runs: ${n(INITIAL_DOCS)} cases, ` +
        `median ${seconds(medianOf(completed))} (${seconds(sorted[0]!)}–${seconds(sorted[sorted.length - 1]!)}; ` +
        `${under} of ${completed.length} under the target of ${INITIAL_TARGET_S} s${thread})`;
      console.log(line);
      summary.push(line);
    }
    const encryption = await encryptionCostPerCase();
    const cryptoJs = cryptoJsCostPerCase();
    console.log(
      `  AES-GCM alone costs ${n(encryption * 1000)} µs per case (applicant + events as one value, reused by RxDB's ` +
        `replication copy) = ${seconds(encryption * INITIAL_DOCS)} for ${n(INITIAL_DOCS)} cases; RxDB's crypto-js plugin, ` +
        `which it replaced, ${n(cryptoJs * 1000)} µs per case = ${seconds(cryptoJs * INITIAL_DOCS)}`,
    );
  } finally {
    await worker?.terminate();
    await done();
  }
}

// ─── 3. bytes on the wire ─────────────────────────────────────────────────────────────────────────────────────────

type Traffic = 'push' | 'refusals' | 'pull' | 'stream' | 'health' | 'enrolment' | 'other';
interface Flow {
  up: number;
  down: number;
  requests: number;
}

function classify(method: string, url: string): Traffic {
  const pathname = url.split('?')[0]!;
  if (method === 'POST' && /^\/sync\/[^/]+\/push$/.test(pathname)) return 'push';
  if (/^\/sync\/[^/]+\/pull$/.test(pathname)) return 'pull';
  if (pathname === '/sync/stream' || /^\/sync\/[^/]+\/stream$/.test(pathname)) return 'stream';
  if (pathname === '/health') return 'health';
  if (pathname.startsWith('/api/devices/me/refused')) return 'refusals';
  if (pathname === '/api/devices/enroll') return 'enrolment';
  return 'other';
}

/**
 * A TCP proxy on 127.0.0.1 that counts the bytes of every HTTP exchange both ways, headers and bodies as sent (so
 * gzip as sent). Each connection's bytes go to the request last started on it: HTTP/1.1 without pipelining, and a
 * stream holds its connection to the end.
 */
class CountingProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  flows = new Map<Traffic, Flow>();
  port = 0;

  async start(targetPort: number): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      let current: Traffic = 'other';
      client.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        const requestLine = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/g;
        let from = 0;
        for (let match = requestLine.exec(text); match; match = requestLine.exec(text)) {
          const at = match.index + (match[0].startsWith('\r\n') ? 2 : 0);
          this.flow(current).up += at - from;
          from = at;
          current = classify(match[1]!, match[2]!);
          this.flow(current).requests++;
        }
        this.flow(current).up += chunk.length - from;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        this.flow(current).down += chunk.length;
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  flow(kind: Traffic): Flow {
    let flow = this.flows.get(kind);
    if (!flow) this.flows.set(kind, (flow = { up: 0, down: 0, requests: 0 }));
    return flow;
  }

  reset(): void {
    this.flows = new Map();
  }

  total(kind: Traffic): number {
    const flow = this.flows.get(kind);
    return flow ? flow.up + flow.down : 0;
  }

  describe(perCase: number): string {
    return [...this.flows.entries()]
      .filter(([, f]) => f.requests > 0 || f.up + f.down > 0)
      .map(
        ([kind, f]) =>
          `${kind} ${n(f.requests)} req, ${n(f.up)} B up / ${n(f.down)} B down (${n((f.up + f.down) / perCase, 1)} B/case)`,
      )
      .join('; ');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Waits until the stream has carried nothing but heartbeats for `quietMs`. */
async function streamSettled(proxy: CountingProxy, quietMs = 1_500): Promise<void> {
  let last = -1;
  let since = performance.now();
  await poll(
    () => {
      const now = proxy.total('stream');
      if (now - last > 64) {
        last = now;
        since = performance.now();
      }
      return performance.now() - since > quietMs;
    },
    30_000,
    100,
  );
}

async function benchWire(): Promise<void> {
  const engine: Engine = 'pglite';
  const { hub, done } = await startHubOn(engine, 'wire');
  const proxy = new CountingProxy();
  // A second counter of the same site, behind a proxy of its own: what it receives live while the first pushes.
  const listenerProxy = new CountingProxy();
  const sites: TestSite[] = [];
  try {
    await proxy.start(Number(new URL(hub.url).port));
    await listenerProxy.start(Number(new URL(hub.url).port));
    const through = (p: CountingProxy): TestHub =>
      Object.assign(Object.create(hub) as TestHub, { url: `http://127.0.0.1:${p.port}` });
    const viaProxy = through(proxy);

    // Push: one counter, 1,000 new cases, gzip request bodies as the client sends them.
    const pusher = await openSite(viaProxy, 'DX', { collections: ['cases'] });
    const listener = await openSite(through(listenerProxy), 'DX', { collections: ['cases'] });
    sites.push(pusher, listener);
    await pusher.sync.replications.cases!.awaitInitialReplication();
    await listener.sync.replications.cases!.awaitInitialReplication();
    await poll(() => pusher.sync.getStatus().online && listener.sync.getStatus().online, 10_000);
    await streamSettled(proxy, 1_000);
    proxy.reset();
    listenerProxy.reset();
    await pusher.db.cases.bulkInsert(casesFor('DX', 5, WIRE_CASES));
    await poll(
      async () => (await hub.hub.documents.count('cases')) === WIRE_CASES && pusher.sync.getStatus().pending === 0,
      60_000,
    );
    await streamSettled(proxy);
    await poll(async () => (await listener.db.cases.count().exec()) === WIRE_CASES, 60_000, 50);
    await streamSettled(listenerProxy);
    const pushBytes = proxy.total('push') + proxy.total('refusals');
    const pushPerCase = pushBytes / WIRE_CASES;
    const pushStream = proxy.total('stream') / WIRE_CASES;
    console.log(
      `push: ${n(pushPerCase, 1)} bytes/case on the wire (${n(WIRE_CASES)} cases, push batch 100, gzip bodies; ` +
        `target ≤ ${WIRE_TARGET_BYTES}, PouchDB ${n(POUCHDB_PUSH_BYTES)})`,
    );
    console.log(`  ${proxy.describe(WIRE_CASES)}`);
    const live = listenerProxy.total('stream') / WIRE_CASES;
    console.log(
      `  not counted above: the pusher's own change stream carried ${n(pushStream, 1)} B/case meanwhile; another ` +
        `counter of the site received the cases live through its stream at ${n(live, 1)} B/case ` +
        `(${listenerProxy.describe(WIRE_CASES)})`,
    );
    summary.push(
      `wire bytes per case, push (pglite): ${n(pushPerCase, 1)} B (target ≤ ${WIRE_TARGET_BYTES}, PouchDB ` +
        `${n(POUCHDB_PUSH_BYTES)}); pusher's own stream ${n(pushStream, 1)} B/case`,
    );
    summary.push(`wire bytes per case, live to another counter of the site via the stream (pglite): ${n(live, 1)} B`);
    for (const site of sites.splice(0)) await site.close();

    // Pull: fresh counters of the same site take the same 1,000 cases; cases only, so no catalogue in the figure.
    for (const pullBatchSize of [200, undefined]) {
      proxy.reset();
      const puller = await openSite(viaProxy, 'DX', {
        collections: ['cases'],
        ...(pullBatchSize ? { sync: { pullBatchSize } } : {}),
      });
      sites.push(puller);
      await poll(async () => (await puller.db.cases.count().exec()) === WIRE_CASES, 60_000, 50);
      await puller.sync.replications.cases!.awaitInSync();
      await streamSettled(proxy, 1_000);
      const pullPerCase = proxy.total('pull') / WIRE_CASES;
      const batch = pullBatchSize ?? 1_000;
      console.log(
        `pull: ${n(pullPerCase, 1)} bytes/case on the wire (${n(WIRE_CASES)} cases into a fresh counter, pull batch ` +
          `${n(batch)}${pullBatchSize ? '' : ', the default'}; target ≤ ${WIRE_TARGET_BYTES}, PouchDB ${n(POUCHDB_PULL_BYTES)})`,
      );
      console.log(`  ${proxy.describe(WIRE_CASES)}`);
      summary.push(
        `wire bytes per case, pull (pglite, batch ${n(batch)}): ${n(pullPerCase, 1)} B (target ≤ ${WIRE_TARGET_BYTES}, ` +
          `PouchDB ${n(POUCHDB_PULL_BYTES)})`,
      );
      await puller.close();
      sites.pop();
    }
  } finally {
    for (const site of sites) await site.close();
    await proxy.close();
    await listenerProxy.close();
    await done();
  }
}

// ─── 4. hub push throughput ────────────────────────────────────────────────────────────────────────────────────────

/** Starts this module in a worker thread, with a counter's heap. */
function startWorker(data: InitialWorkerData): Worker {
  // The initial sync's counter gets a counter's heap, as the Electron shell sizes its renderer's
  // (shared/runtime/counter-heap.ts).
  return startTsxWorker(import.meta.url, {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: COUNTER_YOUNG_GENERATION_MB },
  });
}

async function benchPush(): Promise<void> {
  const engine: Engine = 'postgres';
  const scratch = await createScratchDatabase('bench_push');
  let hub: PushHub | null = null;
  let devices: PushDevices | null = null;
  try {
    const pacedBatches = Math.ceil((PUSH_TARGET_CASES_PER_S * PUSH_PACED_SECONDS) / (PUSH_BATCH * PUSH_DEVICES));
    const sites = Array.from({ length: PUSH_DEVICES }, (_, i) => ALL_SITES[i % ALL_SITES.length]!);
    hub = await startPushHub(scratch.url, sites);
    const tokens = hub.tokens;
    devices = await startPushDevices(
      hub.url,
      sites.map((siteCode, i) => ({ siteCode, counter: 20 + Math.floor(i / ALL_SITES.length), token: tokens[i]! })),
      PUSH_BATCHES_PER_DEVICE,
      pacedBatches,
    );
    const perDevice = (PUSH_BATCHES_PER_DEVICE + pacedBatches) * PUSH_BATCH;
    console.log(
      `the hub in a thread of its own; ${PUSH_DEVICES} devices enrolled over ${ALL_SITES.length} sites; another ` +
        `thread made and encoded their ${n(PUSH_DEVICES * perDevice)} cases in ${seconds(devices.ready.ms)} (a batch ` +
        `of ${PUSH_BATCH}: JSON and gzip p50 ${n(devices.ready.encodeMs[0], 1)} ms, p99 ` +
        `${n(devices.ready.encodeMs[1], 1)} ms, not counted below) and pushes them through HubClient over HTTP; ` +
        `latency runs from the request's start to its answer read`,
    );
    const line = (r: PushRun) =>
      `${n(r.cases)} cases in ${seconds(r.ms)} = ${n(r.cases / (r.ms / 1000))} cases/s; push latency p50 ` +
      `${n(percentile(r.latencies, 50))} ms, p95 ${n(percentile(r.latencies, 95))} ms, p99 ` +
      `${n(percentile(r.latencies, 99))} ms` +
      (r.failures > 0 ? `; ${r.failures} pushes FAILED or conflicted` : '');
    const tail = (r: PushRun) =>
      `${n(percentile(r.latencies, 50))}/${n(percentile(r.latencies, 95))}/${n(percentile(r.latencies, 99))} ms`;
    const storeLine = async () => {
      const times = await hub!.storeTimes();
      return (
        `store write (waiting for the lock included) p50 ${n(percentile(times, 50), 1)} ms, ` +
        `p99 ${n(percentile(times, 99), 1)} ms`
      );
    };

    const single = await devices.single();
    console.log(
      `push, one device alone (${PUSH_SINGLE_BATCHES} batches of ${PUSH_BATCH}, ${engine}): ${line(single)}; ` +
        (await storeLine()),
    );
    summary.push(`hub push (${engine}), one device alone: p50/p95/p99 ${tail(single)} per batch of ${PUSH_BATCH}`);

    const closed = await devices.closed();
    const closedRate = closed.cases / (closed.ms / 1000);
    console.log(
      `push, ${PUSH_DEVICES} devices back to back (${PUSH_BATCHES_PER_DEVICE} batches of ${PUSH_BATCH} each, ${engine}): ` +
        `${line(closed)} (target ≥ ${n(PUSH_TARGET_CASES_PER_S)} cases/s, p99 < ${PUSH_TARGET_P99_MS} ms)`,
    );
    console.log(`  ${await storeLine()}`);
    console.log(
      `  with all ${PUSH_DEVICES} always waiting on the hub, latency is queueing: ${PUSH_DEVICES} in flight ÷ ` +
        `${n(closedRate / PUSH_BATCH, 1)} batches/s ≈ ${n((PUSH_DEVICES / (closedRate / PUSH_BATCH)) * 1000)} ms`,
    );
    summary.push(
      `hub push (${engine}), ${PUSH_DEVICES} devices back to back: ${n(closedRate)} cases/s, p50/p95/p99 ` +
        `${tail(closed)} (target ≥ ${n(PUSH_TARGET_CASES_PER_S)} cases/s, p99 < ${PUSH_TARGET_P99_MS} ms)`,
    );

    const paceMs = (PUSH_DEVICES * PUSH_BATCH * 1000) / PUSH_TARGET_CASES_PER_S;
    const paced = await devices.paced(paceMs);
    console.log(
      `push, ${PUSH_DEVICES} devices paced at the target (${n(PUSH_TARGET_CASES_PER_S)} cases/s offered: each device ` +
        `one batch of ${PUSH_BATCH} every ${seconds(paceMs)}, ${engine}): ${line(paced)} (target p99 < ${PUSH_TARGET_P99_MS} ms)`,
    );
    console.log(`  ${await storeLine()}`);
    summary.push(
      `hub push (${engine}), ${PUSH_DEVICES} devices at ${n(PUSH_TARGET_CASES_PER_S)} cases/s offered: ` +
        `${n(paced.cases / (paced.ms / 1000))} cases/s, p50/p95/p99 ${tail(paced)} (target p99 < ${PUSH_TARGET_P99_MS} ms)`,
    );
    const stored = await hub.count('cases');
    const expected = single.cases + closed.cases + paced.cases;
    if (stored !== expected) console.log(`  !! the hub holds ${n(stored)} cases, expected ${n(expected)}`);
  } finally {
    try {
      await devices?.close();
      await hub?.close();
    } finally {
      await scratch.drop();
    }
  }
}

// ─── 5. a counter reopened after pushing ─────────────────────────────────────────────────────────────────────────

/** A link that counts the documents the hub's pulls deliver. */
function pullCountingLink(): { link: IslandLink; pulled: { documents: number; requests: number } } {
  const link = new IslandLink();
  const pulled = { documents: 0, requests: 0 };
  const passThrough = link.fetch;
  const counting: typeof fetch = async (input, init) => {
    const response = await passThrough(input, init);
    if (String(input).includes('/pull?') && response.ok) {
      pulled.requests++;
      pulled.documents += ((await response.clone().json()) as PullResult).documents.length;
    }
    return response;
  };
  Object.assign(link, { fetch: counting });
  return { link, pulled };
}

/**
 * One counter pushes `RELOAD_DOCS` cases, is closed, and opens again: the clock runs from the reopen (database
 * open included) until its initial pull is done and it is idle. `nameReplica: false` is the client as it was before
 * it named its local database: the hub then sends all its cases back.
 */
async function reloadAfterPushing(hub: TestHub, nameReplica: boolean, counter: number): Promise<void> {
  const dbName = `bench-reload-${process.pid}-${nameReplica ? 'named' : 'unnamed'}`;
  const label = nameReplica ? 'names its local database' : 'names no local database (as before)';
  const options = { dbName, collections: ['cases'] as CollectionName[], nameReplica, sync: { pullBatchSize: 1_000 } };
  const first = await openSite(hub, 'DX', options);
  let site: TestSite | null = first;
  try {
    await first.sync.replications.cases!.awaitInitialReplication();
    const pushStart = performance.now();
    for (let offset = 0; offset < RELOAD_DOCS; offset += 1_000)
      await first.db.cases.bulkInsert(casesFor('DX', counter, Math.min(1_000, RELOAD_DOCS - offset), offset));
    const pushed = await poll(() => first.sync.getStatus().pending === 0, 600_000, 200);
    await first.sync.replications.cases!.awaitInSync();
    console.log(
      `  counter that ${label}: ${n(RELOAD_DOCS)} cases made and pushed in ${seconds(performance.now() - pushStart)}` +
        (pushed ? '' : ' (outbox NOT empty)'),
    );
    await first.close();
    site = null;

    const { link, pulled } = pullCountingLink();
    const start = performance.now();
    const again = await openSite(hub, 'DX', { ...options, token: first.token, link });
    site = again;
    const replication = again.sync.replications.cases!;
    const inStep = await Promise.race([
      replication
        .awaitInitialReplication()
        .then(() => replication.awaitInSync())
        .then(() => true),
      sleep(RELOAD_BEFORE_CAP_S * 1000).then(() => false),
    ]);
    const ms = performance.now() - start;
    const what =
      `${inStep ? '' : `NOT in step after the ${RELOAD_BEFORE_CAP_S} s cap: `}${seconds(ms)} from reopening until in ` +
      `step; pulled ${n(pulled.documents)} document${pulled.documents === 1 ? '' : 's'} in ${n(pulled.requests)} pulls`;
    console.log(`reload after pushing ${n(RELOAD_DOCS)} cases (pglite), counter that ${label}: ${what}`);
    summary.push(`reload after pushing ${n(RELOAD_DOCS)} cases (pglite), ${label}: ${what}`);
  } finally {
    await site?.close();
  }
}

async function benchReload(): Promise<void> {
  const { hub, done } = await startHubOn('pglite', 'reload');
  try {
    await reloadAfterPushing(hub, true, 30);
    if (process.env.BENCH_SYNC_RELOAD_BEFORE === '1') await reloadAfterPushing(hub, false, 40);
  } finally {
    await done();
  }
}

// ─── runner ────────────────────────────────────────────────────────────────────────────────────────────────────────

const SECTION_GROUPS = ['outage', 'initial', 'wire', 'push', 'reload'];

/**
 * Runs each wanted group of sections in a process of its own, one after the other, and prints their summaries
 * together. In one process a section inherited what the ones before left on the heap: after the initial sync and the
 * wire bytes, the push bench started with 130 MB of live heap and 290 MB outside it, which every full garbage
 * collection of the hub's thread then marked, and its latency tail moved with that.
 */
async function runGroupsApart(groups: string[]): Promise<void> {
  const file = path.join(os.tmpdir(), `tongban-sync-bench-${process.pid}.txt`);
  for (const group of groups) {
    writeFileSync(file, '');
    const code = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'sync'], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, BENCH_SYNC_ONLY: group, BENCH_SYNC_SUMMARY_FILE: file },
      }).on('exit', resolve),
    );
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    summary.push(...(code === 0 ? lines : [...lines, `${group}: FAILED (its process exited with ${code})`]));
  }
  rmSync(file, { force: true });
  console.log('\n--- summary');
  for (const line of summary) console.log(line);
}

export async function runSyncBench(): Promise<void> {
  const only = process.env.BENCH_SYNC_ONLY?.split(',').map((s) => s.trim());
  const wanted = (name: string) => !only || only.includes(name);
  const groups = SECTION_GROUPS.filter(wanted);
  if (groups.length > 1) return runGroupsApart(groups);
  const postgres = findPostgres();
  const cpus = os.cpus().length;
  console.log(
    `engines: PGlite (in process)${postgres ? `, PostgreSQL at ${new URL(postgres).host}` : ''}; hub, clients and ` +
      `RxDB share one Node process (section 4: the hub and the devices each in a thread of their own) on ${cpus} CPU${cpus === 1 ? '' : 's'}; ` +
      `load average now ${os.loadavg()[0]!.toFixed(1)}`,
  );
  if (!postgres)
    console.log(
      'PostgreSQL: none (set TEST_DATABASE_URL, or run: export TEST_DATABASE_URL="$(bash tests/helpers/postgres.sh)"); ' +
        'its figures are skipped',
    );

  const sections: Array<[string, string, () => Promise<void>]> = [
    ['outage', '1. outage catch-up (PGlite)', () => benchOutage('pglite')],
    ['outage', '1. outage catch-up (PostgreSQL)', () => (postgres ? benchOutage('postgres') : skip('outage'))],
    ['outage', '1b. outage catch-up, counters reopened during the outage (PGlite)', () => benchOutage('pglite', true)],
    [
      'outage',
      '1b. outage catch-up, counters reopened during the outage (PostgreSQL)',
      () => (postgres ? benchOutage('postgres', true) : skip('outage')),
    ],
    ['initial', `2. initial sync of a new counter (${n(INITIAL_DOCS)} cases)`, benchInitialSync],
    ['wire', '3. bytes on the wire per case', benchWire],
    ['push', '4. hub push throughput (PostgreSQL)', () => (postgres ? benchPush() : skip('push'))],
    ['reload', `5. a counter reopened after pushing ${n(RELOAD_DOCS)} cases`, benchReload],
  ];
  for (const [name, title, run] of sections) {
    if (!wanted(name)) continue;
    console.log(`\n--- ${title}`);
    try {
      await run();
    } catch (error) {
      console.log(`  FAILED: ${(error as Error).stack ?? String(error)}`);
      summary.push(`${title}: FAILED (${(error as Error).message})`);
    }
  }
  // A group run apart hands its summary to the process that ran it.
  if (process.env.BENCH_SYNC_SUMMARY_FILE)
    return writeFileSync(process.env.BENCH_SYNC_SUMMARY_FILE, summary.join('\n'));
  console.log('\n--- summary');
  for (const line of summary) console.log(line);
}

async function skip(what: string): Promise<void> {
  summary.push(`${what} (postgres): skipped, no PostgreSQL`);
  console.log('  skipped: no PostgreSQL');
}

if (!isMainThread && (workerData as Partial<InitialWorkerData> | null)?.syncInitialWorker)
  void runInitialWorker(workerData as InitialWorkerData);

import pLimit from 'p-limit';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import {
  getLastCheckpointDoc,
  normalizeMangoQuery,
  prepareQuery,
  type MangoQuerySelector,
  type ReplicationPullOptions,
  type ReplicationPushOptions,
  type RxCollection,
  type RxStorageInstanceReplicationState,
} from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { COLLECTIONS, type CollectionName } from '../../shared/schemas/index.ts';
import { nextIdle } from '../app/idle.ts';
import type { TongbanDatabase } from '../db/create-database.ts';
import { sealAhead } from '../db/field-encryption.ts';
import { unwrappedStorage } from '../db/unwrapped-storage.ts';
import type { HubClient } from './hub-client.ts';
import {
  HubRequestError,
  type HubCheckpoint,
  type PushRow,
  type RefusedDocument,
  type StreamEvent,
  type WireDocument,
} from './hub-client.ts';
import type { PullResult } from '../../shared/sync/protocol.ts';
import { FIRST_SYNC_COLLECTIONS, abandonFirstSync, firstSync, type FirstSyncCheckpoints } from './first-sync.ts';

export interface LocalizedMessage {
  zh: string;
  en: string;
}

export interface CollectionSyncStatus {
  /** Last time a pull or push of this collection succeeded. */
  lastSyncAt: string | null;
  /** Local changes not yet accepted by the hub. */
  pending: number;
  error: LocalizedMessage | null;
}

/** What the sync bar and the sync page show. Derived from the replications; never a copy of the data. */
export interface SyncStatus {
  /** From the hub's heartbeat and every successful request, not from navigator.onLine. */
  online: boolean;
  lastContactAt: string | null;
  pending: number;
  lastSyncAt: string | null;
  lastError: (LocalizedMessage & { at: string }) | null;
  collections: Record<CollectionName, CollectionSyncStatus>;
  /** Documents the hub refused, with its reasons; shown under "needs attention". */
  refused: RefusedDocument[];
  /** True when the hub refused this device's token: it must be enrolled again. */
  deviceRevoked: boolean;
}

export interface SyncClientOptions {
  db: TongbanDatabase;
  hub: HubClient;
  collections?: CollectionName[];
  /** How often the hub is asked whether it is there when nothing else talks to it. */
  heartbeatMs?: number;
  /**
   * The wait before the first retry of a failed pull or push (default 2 s, of which a random half is taken off); it
   * doubles with each failure in a row, up to `retryMaxMs` (default 30 s), and starts over after a success or when the
   * link comes back. Fixed, every collection of every counter re-pulled from a failing hub every 2 s, in step.
   */
  retryMs?: number;
  retryMaxMs?: number;
  /**
   * Documents per pull page; default 1,000, the hub's largest. A new counter's first sync of 20,000 cases in
   * Chromium took 10.7 s with pages of 1,000 against 13.4–13.6 s with 200 (fewer IndexedDB transactions and round
   * trips; `BENCH_PARTS=first npm run bench -- counter`), and bigger gzipped pages cost fewer bytes per case.
   */
  pullBatchSize?: number;
  /** Documents per push request (default 100). */
  pushBatchSize?: number;
  /** Push requests in flight at once, over all collections (default 4). */
  pushConcurrency?: number;
  /** Backoff between attempts to reopen a dropped change stream (default 1 s doubling to 30 s, with jitter). */
  streamRetry?: { minMs: number; maxMs: number };
  /**
   * How long the change stream must have been open, having heard from the hub, for its end to be a normal one
   * (default 10 s): it is then reopened at once; an earlier end is a failure, retried with backoff.
   */
  streamHealthyMs?: number;
  /**
   * The change stream is given up and reopened after this long without a byte from the hub (default 45 s: three of
   * the hub's 15 s heartbeats).
   */
  streamIdleMs?: number;
  /**
   * What a local write waits for before it is pushed. By default the page's next idle moment (at most 250 ms): the
   * push (reading the outbox back, encoding it, the request) then never competes with what the write was for, such as
   * the receipt of a case just saved going on screen.
   */
  waitBeforePush?: () => Promise<unknown>;
  /**
   * The collections whose first sync on a new counter is stored directly rather than through RxDB's replication
   * (first-sync.ts; default: cases). An empty set turns it off.
   */
  firstSync?: ReadonlySet<string>;
  now?: () => Date;
}

export interface SyncClient {
  status$: Observable<SyncStatus>;
  getStatus(): SyncStatus;
  /** Checks the hub now and, if it answers, pulls and pushes every collection at once. Never waits for "in sync". */
  syncNow(): Promise<void>;
  replications: Partial<Record<CollectionName, RxReplicationState<unknown, HubCheckpoint>>>;
  /**
   * The hub's checkpoint up to which this collection's documents are stored here (during a first sync, the first
   * sync's; after, the replication's); undefined before anything is.
   */
  storedCheckpoint(name: CollectionName): Promise<HubCheckpoint | undefined>;
  stop(): Promise<void>;
}

/** Turns a failure into words for the officer: Chinese first, English second. */
export function describeSyncError(cause: unknown): LocalizedMessage {
  if (cause instanceof HubRequestError) {
    switch (cause.kind) {
      case 'unreachable':
        return {
          zh: '无法连接主岛服务器，数据已保存在本机，恢复连接后自动同步',
          en: 'Cannot reach the main-island hub; work is saved here and will sync when the link returns',
        };
      case 'unauthorized':
        return {
          zh: '本设备的授权已失效，请联系技术人员重新登记',
          en: 'This device is no longer authorised; ask a technician to enrol it again',
        };
      case 'server':
        return {
          zh: `主岛服务器出错（${cause.status}），稍后自动重试`,
          en: `The hub failed (${cause.status}); retrying automatically`,
        };
      case 'rejected':
        return { zh: `主岛服务器拒绝了请求：${cause.message}`, en: `The hub refused the request: ${cause.message}` };
    }
  }
  if (cause instanceof StreamEndedError) {
    return {
      zh: '主岛服务器刚接通就断开了变更推送，稍后自动重试',
      en: 'The hub ended its change stream as soon as it opened; retrying automatically',
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { zh: `同步出错：${message}`, en: `Sync error: ${message}` };
}

/** The hub ended the change stream before it had been open for a healthy while. */
export class StreamEndedError extends Error {
  constructor(readonly afterMs: number) {
    super(`the hub ended the change stream after ${afterMs} ms`);
    this.name = 'StreamEndedError';
  }
}

/**
 * The wait before retry number `failures` (1, 2, …): `minMs` doubling up to `maxMs`, of which a random half is taken
 * off, so that the counters of a site retrying after the same outage do not all come back at the same instant.
 */
export function backoffDelay(failures: number, minMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** What a standing problem is a failure of. */
type ProblemSource = 'stream' | 'heartbeat' | `${'pull' | 'push' | 'local'}:${CollectionName}`;

/** A first sync that fails this many times in a row (its local storage failing) gives way to the replication. */
const FIRST_SYNC_ATTEMPTS = 3;

/** Documents RxDB reads for one push (the hub takes at most 1,000 a request); sent in requests of `pushBatchSize`. */
const PUSH_READ_BATCH = 1_000;

const emptyCollectionStatus = (): CollectionSyncStatus => ({ lastSyncAt: null, pending: 0, error: null });

export function startSync(options: SyncClientOptions): SyncClient {
  const { db, hub } = options;
  const now = options.now ?? (() => new Date());
  const names =
    options.collections ?? (Object.keys(COLLECTIONS) as CollectionName[]).filter((n) => n in db.collections);
  const status = new BehaviorSubject<SyncStatus>({
    online: false,
    lastContactAt: null,
    pending: 0,
    lastSyncAt: null,
    lastError: null,
    collections: Object.fromEntries(names.map((n) => [n, emptyCollectionStatus()])) as SyncStatus['collections'],
    refused: [],
    deviceRevoked: false,
  });
  const update = (change: (s: SyncStatus) => Partial<SyncStatus>) =>
    status.next({ ...status.value, ...change(status.value) });
  const updateCollection = (name: CollectionName, change: Partial<CollectionSyncStatus>) =>
    update((s) => {
      const collections = { ...s.collections, [name]: { ...s.collections[name], ...change } };
      return { collections, pending: Object.values(collections).reduce((sum, c) => sum + c.pending, 0) };
    });

  let lastRefusalId = 0;
  let refusalsAsked: Promise<void> = Promise.resolve();
  /**
   * Asks the hub for the refusals this device has not shown yet, one request at a time (a push and the link coming
   * back may both ask): two at once would both ask from the same id and show its refusals twice.
   */
  const refreshRefusals = () =>
    (refusalsAsked = refusalsAsked
      .catch(() => undefined)
      .then(async () => {
        const fresh = await hub.refused(lastRefusalId);
        if (fresh.length === 0 || stopped) return;
        lastRefusalId = fresh[fresh.length - 1]!.id;
        update((s) => {
          const shown = new Set(s.refused.map((r) => r.id));
          return { refused: [...s.refused, ...fresh.filter((r) => !shown.has(r.id))] };
        });
      }));

  const markContact = () => {
    const at = now().toISOString();
    if (!status.value.online) {
      // The link is back: what failed for want of it is no longer the problem.
      for (const [source, problem] of problems) if (problem.unreachable) problems.delete(source);
      update(() => ({ online: true, lastContactAt: at }));
      showProblems();
      // The link is back: pull what was missed now, not at the next retry, and reopen the change stream now rather
      // than when its backoff (up to 30 s) runs out; until it is open, the counter hears no one else's writes.
      for (const replication of Object.values(replications)) replication?.reSync();
      retryNow();
      if (!streamOpen) wakeStream.abort();
      // The documents the hub refused are shown until dealt with, also after a restart: the list starts empty here,
      // and the hub keeps it; ask for it when the hub is first heard from (and again after each outage).
      void refreshRefusals().catch(() => undefined);
    } else update(() => ({ lastContactAt: at }));
    solved('heartbeat');
  };
  /**
   * The problems still standing, by what failed: each collection's pull and push, its local storage, the change
   * stream, the heartbeat. A problem stands until the same kind of operation succeeds (or, for a link failure, until
   * the hub is heard again): the bar shows the latest of those standing and nothing once all are solved; a single
   * failed push showed its error for ever beside "online" and an empty outbox.
   */
  const problems = new Map<
    ProblemSource,
    LocalizedMessage & { at: string; collection?: CollectionName; unreachable: boolean; revoked: boolean }
  >();
  const latest = <T extends { at: string }>(list: T[]): T | null =>
    list.reduce<T | null>((last, p) => (last === null || p.at >= last.at ? p : last), null);
  const showProblems = () =>
    update((s) => {
      const standing = [...problems.values()];
      // While the hub refuses this device, that is what the officer must act on (call a technician): a failure heard
      // after the refusal (the change stream the hub ended for the revocation) is a consequence, and no retry comes.
      const refusals = s.deviceRevoked ? standing.filter((p) => p.revoked) : [];
      const top = latest(refusals.length > 0 ? refusals : standing);
      const collections = Object.fromEntries(
        Object.entries(s.collections).map(([name, c]) => {
          const mine = latest(standing.filter((p) => p.collection === name));
          return [name, { ...c, error: mine ? { zh: mine.zh, en: mine.en } : null }];
        }),
      ) as SyncStatus['collections'];
      return { collections, lastError: top ? { zh: top.zh, en: top.en, at: top.at } : null };
    });
  const solved = (...sources: ProblemSource[]) => {
    let changed = false;
    for (const source of sources) changed = problems.delete(source) || changed;
    if (changed) showProblems();
  };

  const markFailure = (cause: unknown, source: ProblemSource, name?: CollectionName) => {
    const message = describeSyncError(cause);
    const offline = cause instanceof HubRequestError && cause.kind === 'unreachable';
    const revoked = cause instanceof HubRequestError && cause.kind === 'unauthorized';
    problems.set(source, {
      ...message,
      at: now().toISOString(),
      unreachable: offline,
      revoked,
      ...(name ? { collection: name } : {}),
    });
    update(() => ({
      ...(offline ? { online: false } : {}),
      ...(revoked ? { deviceRevoked: true } : {}),
    }));
    showProblems();
  };
  const markSynced = (name: CollectionName, direction: 'pull' | 'push', stored = direction === 'pull') => {
    const at = now().toISOString();
    updateCollection(name, { lastSyncAt: at });
    // The hub took this device's token again (the officer asked to retry after a technician's fix).
    update(() => ({ lastSyncAt: at, deviceRevoked: false }));
    // A stored pull also shows the local storage works again (RxDB's replication asks for a page once the one before
    // is stored; a first sync's pages are read ahead of their storing, and solve it as they are stored).
    solved(`${direction}:${name}`, ...(stored ? [`local:${name}` as const] : []));
  };

  /** Failures in a row per collection and direction (a pull's success says nothing of a failing push): how long the next retry waits. */
  const failuresInARow = new Map<`${'pull' | 'push'}:${CollectionName}`, number>();
  /** Aborted when the link comes back or the officer asks to sync now: retries waiting go at once. */
  let wakeRetries = new AbortController();
  const retryNow = () => {
    wakeRetries.abort();
    wakeRetries = new AbortController();
  };
  /**
   * Reports a failed pull or push, then waits before RxDB retries it (RxDB's own wait is a fixed `retryTime`, kept
   * minimal): with backoff and jitter; after the hub refused this device (401), until the officer asks to sync again.
   */
  const reportFailure = async <T>(name: CollectionName, direction: 'pull' | 'push', call: Promise<T>): Promise<T> => {
    try {
      const result = await call;
      failuresInARow.delete(`${direction}:${name}`);
      return result;
    } catch (error) {
      markFailure(error, `${direction}:${name}`, name);
      const failures = (failuresInARow.get(`${direction}:${name}`) ?? 0) + 1;
      failuresInARow.set(`${direction}:${name}`, failures);
      const woken = AbortSignal.any([aborter.signal, wakeRetries.signal]);
      if (status.value.deviceRevoked) await untilAborted(woken);
      else await sleep(backoffDelay(failures, options.retryMs ?? 2_000, options.retryMaxMs ?? 30_000), woken);
      throw error;
    }
  };

  let stopped = false;
  const aborter = new AbortController();
  /** Aborted when the hub answers again after the link was down: the stream's backoff starts over, at once. */
  let wakeStream = new AbortController();
  /** The change stream is connected: the hub has sent something through it since it was last opened. */
  let streamOpen = false;
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  const replications: SyncClient['replications'] = {};
  /** The first syncs under way (first-sync.ts), each ending with its replication's start. */
  const firstSyncs: Array<Promise<unknown>> = [];
  /** The hub's checkpoint a first sync has stored up to, by collection, while it runs. */
  const firstSyncStored = new Map<CollectionName, HubCheckpoint>();
  /** By collection, the write times of batches stored from the hub (not in the outbox; see watchPending). */
  const fromHub = new Map<CollectionName, Set<number>>();
  const storedFromHubAt = (name: CollectionName) => {
    let times = fromHub.get(name);
    if (!times) fromHub.set(name, (times = new Set()));
    return times;
  };

  /**
   * Runs a collection's first sync until it ends (or the client stops). A failure of the local storage is shown and
   * retried with backoff, carrying on from the last page stored; after the third in a row the replication takes over
   * as it would on a counter that is not new (from the start: it reads every document, and sends the ones it has no
   * record of back to the hub, which finds them unchanged), so that a local write is never held up behind it.
   */
  async function runFirstSync(
    name: CollectionName,
    collection: RxCollection<unknown>,
    replicationIdentifier: string,
    pullPage: (checkpoint: HubCheckpoint | undefined) => Promise<PullResult>,
  ): Promise<FirstSyncCheckpoints | null> {
    // Failures in a row: a page stored further than any before starts the count again (a page stored again after a
    // failure is no progress).
    let failures = 0;
    let furthest = -1;
    while (!stopped) {
      try {
        const checkpoints = await firstSync({
          db,
          collection,
          replicationIdentifier,
          batchSize: options.pullBatchSize ?? 1_000,
          pull: pullPage,
          stored: (checkpoint, wrote) => {
            firstSyncStored.set(name, checkpoint);
            if (!wrote) return;
            solved(`local:${name}`);
            if (checkpoint.seq > furthest) {
              furthest = checkpoint.seq;
              failures = 0;
            }
          },
          wrote: (lwt) => storedFromHubAt(name).add(lwt),
          signal: aborter.signal,
        });
        // Where the replication starts (also when a first sync ended in an earlier session), for the catch-up bar
        // until the replication has stored a checkpoint of its own.
        if (checkpoints?.downstream) firstSyncStored.set(name, checkpoints.downstream);
        return checkpoints;
      } catch (error) {
        if (stopped) break;
        markFailure(error, `local:${name}`, name);
        if (++failures >= FIRST_SYNC_ATTEMPTS) {
          // The replication starts from the very beginning: the first sync's position no longer says anything.
          firstSyncStored.delete(name);
          await abandonFirstSync(db, collection);
          break;
        }
        await sleep(backoffDelay(failures, options.retryMs ?? 2_000, options.retryMaxMs ?? 30_000), aborter.signal);
      }
    }
    return null;
  }

  /**
   * Starts a replication that waited for its first sync. A start that fails (its storage failing) is reported on
   * error$ (below) and tried again with backoff: RxDB tries again only when the page comes back into view, which this
   * replication does not listen to.
   */
  async function startWithRetries(replication: RxReplicationState<unknown, HubCheckpoint>) {
    for (let failures = 1; !stopped && !replication.isStopped(); failures++) {
      try {
        await replication.start();
        return;
      } catch {
        await sleep(backoffDelay(failures, options.retryMs ?? 2_000, options.retryMaxMs ?? 30_000), aborter.signal);
      }
    }
  }

  /** The push requests in flight, from every collection: a browser opens at most six connections to the hub. */
  const pushRequests = pLimit(options.pushConcurrency ?? 4);
  /**
   * The hub's answers to the requests of a push already sent, by the rows RxDB handed over: RxDB retries a failed push
   * with the same rows (the same array), and the requests the hub answered are not sent again.
   */
  const answeredPushes = new WeakMap<PushRow[], Map<number, WireDocument[]>>();
  /**
   * Sends what RxDB hands the push (up to {@link PUSH_READ_BATCH} documents) to the hub in requests of
   * `pushBatchSize`, a few at a time. RxDB itself sends the batches it reads at its start one after the other, each
   * read and prepared after the one before is answered: a counter whose replication started with an outbox of 1,000
   * cases (opened again during an outage) sent them in ten requests in a row.
   * A request that fails stops those not yet sent (with the hub down, each would wait out its timeout); RxDB then
   * retries the push, and only the requests not answered are sent.
   */
  const pushRows = async (name: CollectionName, rows: PushRow[]): Promise<WireDocument[]> => {
    const size = options.pushBatchSize ?? 100;
    const answers = answeredPushes.get(rows) ?? new Map<number, WireDocument[]>();
    answeredPushes.set(rows, answers);
    let failed = false;
    const requests: Array<Promise<unknown>> = [];
    for (let i = 0; i < rows.length; i += size) {
      if (answers.has(i)) continue;
      requests.push(
        pushRequests(async () => {
          if (failed) throw new Error('push abandoned after a failed request');
          try {
            answers.set(i, await hub.push(name, rows.slice(i, i + size)));
          } catch (error) {
            failed = true;
            throw error;
          }
        }),
      );
    }
    await Promise.all(requests);
    return [...answers.values()].flat();
  };

  const streams = new Map<string, Subject<StreamEvent>>();
  for (const name of names) {
    const collection = db.collections[name] as unknown as RxCollection<unknown>;
    const definition = COLLECTIONS[name];
    const stream$ = new Subject<StreamEvent>();
    streams.set(name, stream$);
    const pullAhead = pullAheadLimiter(() => replications[name]?.internalReplicationState);
    const replicationIdentifier = `tongban-hub-${name}`;
    const pullBatchSize = options.pullBatchSize ?? 1_000;
    // A new counter's first sync of its cases is stored directly (first-sync.ts); the replication starts after it.
    const storedFirst = definition.direction === 'both' && (options.firstSync ?? FIRST_SYNC_COLLECTIONS).has(name);
    /**
     * One page from the hub: a failure is reported and waited out (backoff) before it is thrown. `readAhead`: asked
     * for before the page before it is stored (a first sync's), so its arrival says nothing of the local storage.
     */
    const pullPage = async (checkpoint: HubCheckpoint | undefined, batchSize: number, readAhead = false) => {
      const result = await reportFailure(name, 'pull', hub.pull(name, checkpoint, batchSize));
      // Sealed while the page before is being stored (renderer/db/field-encryption.ts).
      sealAhead(collection.storageInstance as never, result.documents);
      markContact();
      markSynced(name, 'pull', !readAhead);
      return result;
    };
    const pull: ReplicationPullOptions<unknown, HubCheckpoint> = {
      batchSize: pullBatchSize,
      handler: async (checkpoint, batchSize) => {
        await pullAhead.wait();
        const result = await pullPage(checkpoint ?? undefined, batchSize);
        pullAhead.pulled(result.checkpoint);
        return result as never;
      },
      stream$: stream$.asObservable() as never,
    };
    const push: ReplicationPushOptions<unknown> | undefined =
      definition.direction === 'both'
        ? {
            batchSize: PUSH_READ_BATCH,
            waitBeforePersist: options.waitBeforePush ?? (() => nextIdle(250)),
            handler: async (rows) => {
              const conflicts = await reportFailure(name, 'push', pushRows(name, rows as never));
              markContact();
              markSynced(name, 'push');
              void refreshRefusals().catch(() => undefined);
              return conflicts as never;
            },
          }
        : undefined;
    const replication = replicateRxCollection<unknown, HubCheckpoint>({
      collection,
      replicationIdentifier,
      live: true,
      // The wait between retries is reportFailure's; RxDB's own must be more than 0.
      retryTime: 1,
      waitForLeadership: false,
      autoStart: !storedFirst,
      // RxDB starts a replication again whenever the page becomes visible: one waiting for its first sync would
      // start before it, without its checkpoints. (RxDB pauses a hidden page's replication only in a tab that is not
      // the leader, which a counter's database never is.)
      ...(storedFirst ? { toggleOnDocumentVisible: false } : {}),
      pull,
      ...(push ? { push } : {}),
    });
    if (storedFirst) {
      firstSyncs.push(
        runFirstSync(name, collection, replicationIdentifier, (checkpoint) =>
          pullPage(checkpoint, pullBatchSize, true),
        ).then((checkpoints) => {
          if (stopped) return;
          // Read by RxDB when the replication starts, and only if it has no checkpoint of its own yet.
          pull.initialCheckpoint = checkpoints?.downstream;
          push!.initialCheckpoint = checkpoints?.upstream;
          return startWithRetries(replication);
        }),
      );
    }
    // Pull and push failures were reported with their real cause by reportFailure; RxDB wraps them in plain JSON.
    replication.error$.subscribe((error) => {
      if (error.code !== 'RC_PULL' && error.code !== 'RC_PUSH' && error.code !== 'RC_STREAM')
        markFailure(error, `local:${name}`, name);
    });
    replications[name] = replication as never;
    if (definition.direction === 'both') watchPending(name, collection, replication as never);
  }

  void runStream();

  /**
   * Keeps one change stream open for every collection (a browser allows only six connections per host), and
   * reconnects with backoff and jitter after a failure. A stream that ends cleanly after a healthy while (the hub
   * restarting ends its streams) is reopened at once; one that ends before that counts as a failure: a hub that cannot
   * start a stream (its database unavailable) answers 200 and ends it straight away, and a counter reconnecting at
   * once then sent it hundreds of requests a second.
   */
  async function runStream() {
    const minMs = options.streamRetry?.minMs ?? 1_000;
    const maxMs = options.streamRetry?.maxMs ?? 30_000;
    const healthyMs = options.streamHealthyMs ?? 10_000;
    let failures = 0;
    while (!stopped) {
      const wake = (wakeStream = new AbortController());
      if (failures > 0) {
        // Aborting `wake` (the hub answers again after the link was down) ends the wait at once.
        await sleep(backoffDelay(failures, minMs, maxMs), AbortSignal.any([aborter.signal, wake.signal]));
        if (stopped) return;
        if (wake.signal.aborted) failures = 0;
      }
      if (status.value.deviceRevoked) {
        // Until the officer asks to sync again: each attempt would be refused.
        await untilAborted(AbortSignal.any([aborter.signal, wake.signal]));
        failures = 0;
        continue;
      }
      const openedAt = Date.now();
      let heardAnything = false;
      const heard = () => {
        if (!heardAnything) solved('stream');
        heardAnything = true;
        streamOpen = true;
        markContact();
      };
      try {
        await hub.streamAll(
          names,
          ({ collection, event }) => {
            heard();
            streams.get(collection)?.next(event);
          },
          heard,
          // Aborting `wake` also gives up an attempt still connecting: the link is back, and the attempt may have
          // been sent into the outage.
          AbortSignal.any([aborter.signal, wake.signal]),
          { idleTimeoutMs: options.streamIdleMs ?? 45_000 },
        );
        if (stopped) return;
        if (wake.signal.aborted) {
          failures = 0;
          continue;
        }
        if (heardAnything && Date.now() - openedAt >= healthyMs) {
          failures = 0;
          continue;
        }
        failures++;
        markFailure(new StreamEndedError(Date.now() - openedAt), 'stream');
      } catch (error) {
        if (stopped) return;
        if (wake.signal.aborted) {
          failures = 0;
          continue;
        }
        failures++;
        markFailure(error, 'stream');
      } finally {
        streamOpen = false;
      }
    }
  }

  /**
   * The outbox count: local changes since the push checkpoint RxDB keeps, less the batches the replication stored from
   * the hub. Recounted after each local change and push; correct across restarts because the checkpoint is persisted.
   */
  function watchPending(
    name: CollectionName,
    collection: RxCollection<unknown>,
    replication: RxReplicationState<unknown, HubCheckpoint>,
  ) {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // RxDB moves the push checkpoint past each batch the replication stores from the hub, but a step behind (the next
    // batch is often stored first), not in id order (the checkpoint is the batch's last row, in the hub's order), and
    // not at all while a push is failing. Documents after it can therefore be pulled ones, which are not in the outbox:
    // a new counter showed a pull page of cases as waiting to be sent through its whole first sync. RxDB gives every
    // document of one write the same write time (lwt) and no two writes the same, so the pulled documents after the
    // checkpoint are those with the write time of a batch from the hub: a recount leaves those out.
    // A first sync's writes (first-sync.ts) are such batches too.
    const fromHubAt = storedFromHubAt(name);
    let fromHubBatches = 0;
    // Set by a push, cleared by the checkpoint write that follows it (below).
    let pushedSinceCheckpoint = false;
    let checkpointMoves = 0;
    const recount = async () => {
      timer = null;
      const state = replication.internalReplicationState;
      if (!state || stopped) return;
      const batchesBefore = fromHubBatches;
      const movesBefore = checkpointMoves;
      const checkpoint = (await getLastCheckpointDoc(state, 'up')) as StoredCheckpoint | undefined;
      if (checkpoint) for (const lwt of fromHubAt) if (lwt < checkpoint.lwt) fromHubAt.delete(lwt);
      const pending = await countChangedSince(collection, checkpoint, fromHubAt);
      if (stopped) return;
      updateCollection(name, { pending });
      // Count again if a batch was stored while counting (it may have been counted without being left out), or if the
      // checkpoint moved meanwhile and something is shown (its move was not heard as one that lowers the figure).
      if (fromHubBatches !== batchesBefore || (checkpointMoves !== movesBefore && pending > 0)) schedule();
    };
    const schedule = () => {
      if (timer === null) timer = setTimeout(() => void recount().catch(() => undefined), 100);
    };
    // Documents the replication writes from the hub are not in the outbox. Recounting after every pulled batch read
    // back every document written since the push checkpoint, again and again, during a counter's first sync (in
    // Node, 10,000 pulled cases took minutes instead of seconds): recount after local writes, after pushes, and when
    // the replication falls idle.
    collection.eventBulks$.subscribe((bulk) => {
      const fromHub = replication.internalReplicationState?.downstreamBulkWriteFlag;
      if (!fromHub) return schedule();
      void fromHub.then((context) => {
        if (bulk.context !== context) return schedule();
        const written = bulk.checkpoint as StoredCheckpoint | undefined;
        if (written) fromHubAt.add(written.lwt);
        fromHubBatches++;
      });
    });
    replication.sent$.subscribe(() => {
      pushedSinceCheckpoint = true;
      schedule();
    });
    replication.active$.subscribe((active) => {
      if (!active) schedule();
    });
    // RxDB stores the push checkpoint after the push it follows, with no event of its own: sent$ fired before it, so
    // a recount then still counted the pushed documents, and the outbox showed them until the next trigger (for a
    // site back from an outage, seconds later). The checkpoint is a write to the replication's meta storage: recount
    // when it moves after a push or while the outbox shows anything (RxDB's resolution of a conflict, say, writes the
    // hub's state locally and moves the checkpoint past it without pushing; and batches stored before a restart are
    // not in fromHubAt). Not at each of its moves past a batch from the hub with nothing shown: a first sync's hundred
    // recounts each walked an index.
    void replication.startPromise
      .then(() => {
        const state = replication.internalReplicationState;
        if (!state || stopped) return;
        // Watched below RxDB's storage wrappers (field encryption, key compression): the ids are all it needs, and
        // through the wrappers every document the replication stores in the meta storage (one per pulled case) was
        // decompressed and decrypted again for this subscription alone. The push checkpoint's id is `up|1`.
        subscriptions.push(
          unwrappedStorage(state.input.metaInstance)
            .changeStream()
            .subscribe((bulk) => {
              for (const event of bulk.events) {
                if (event.documentId !== UP_CHECKPOINT_ID) continue;
                checkpointMoves++;
                // A move of the checkpoint can only lower the figure shown.
                if (pushedSinceCheckpoint || status.value.collections[name].pending > 0) {
                  pushedSinceCheckpoint = false;
                  schedule();
                }
              }
            }),
        );
        // Counted now: a count before the start found no replication and counted nothing. A replication that waited
        // for its first sync starts without a push that succeeds while the link is down, and the case saved offline
        // that ended the first sync was shown as sent until the link came back.
        schedule();
      })
      // A replication that failed to start reports it through error$.
      .catch(() => undefined);
    schedule();
  }

  /** Heartbeat: while the streams are down, ask the hub whether it is back, with backoff and jitter. */
  async function heartbeat() {
    while (!stopped) {
      await sleep(options.heartbeatMs ?? 10_000, aborter.signal);
      if (stopped) return;
      const quietFor = Date.now() - Date.parse(status.value.lastContactAt ?? '1970-01-01T00:00:00Z');
      if (status.value.online && quietFor < (options.heartbeatMs ?? 10_000)) continue;
      try {
        await hub.health();
        markContact();
      } catch (error) {
        if (status.value.online) markFailure(error, 'heartbeat');
        update(() => ({ online: false }));
      }
    }
  }
  void heartbeat();

  return {
    status$: status.asObservable(),
    getStatus: () => status.value,
    async syncNow() {
      try {
        await hub.health();
        markContact();
      } catch (error) {
        markFailure(error, 'heartbeat');
        update(() => ({ online: false }));
        return;
      }
      for (const replication of Object.values(replications)) replication?.reSync();
      retryNow();
      if (!streamOpen) wakeStream.abort();
      await refreshRefusals().catch(() => undefined);
    },
    replications,
    async storedCheckpoint(name) {
      // The replication's own once it has one; until then (during a first sync, and just after), the first sync's.
      const state = replications[name]?.internalReplicationState;
      const own = state ? ((await getLastCheckpointDoc(state, 'down')) as HubCheckpoint | undefined) : undefined;
      return own ?? firstSyncStored.get(name);
    },
    async stop() {
      stopped = true;
      aborter.abort();
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      // A first sync stops after its write under way, before the database can be closed.
      await Promise.allSettled(firstSyncs);
      await Promise.all(Object.values(replications).map((r) => r?.cancel()));
      status.complete();
    },
  };
}

/**
 * Local documents written after the push checkpoint, in RxDB's (lwt, id) order: those written later than it, less
 * those written in the same instant up to its id, less those of the writes at `leftOut` times (batches stored from
 * the hub). Index counts only: no document is read or decrypted, which reading them all back (getChangedDocumentsSince)
 * did for every pending case at every recount.
 */
async function countChangedSince(
  collection: RxCollection<unknown>,
  checkpoint: StoredCheckpoint | undefined,
  leftOut: ReadonlySet<number>,
): Promise<number> {
  const storage = collection.storageInstance;
  const primaryKey = collection.schema.primaryPath as string;
  const count = async (selector: MangoQuerySelector<unknown>) => {
    const query = normalizeMangoQuery(storage.schema, {
      selector,
      sort: [{ '_meta.lwt': 'asc' }, { [primaryKey]: 'asc' }],
    } as never);
    return (await storage.count(prepareQuery(storage.schema, query))).count;
  };
  let pending = await count({ '_meta.lwt': { $gte: checkpoint?.lwt ?? 0 } } as never);
  const sameInstant = checkpoint
    ? await count({ '_meta.lwt': { $eq: checkpoint.lwt }, [primaryKey]: { $lte: checkpoint.id } } as never)
    : 0;
  pending -= sameInstant;
  for (const lwt of [...leftOut]) {
    if (checkpoint && lwt < checkpoint.lwt) continue;
    const written = await count({ '_meta.lwt': { $eq: lwt } } as never);
    // Of a batch the checkpoint is inside, only the part after it was counted.
    pending -= checkpoint && lwt === checkpoint.lwt ? written - sameInstant : written;
  }
  return Math.max(0, pending);
}

/** A position in a collection's changes, as RxDB's Dexie storage gives it: RxDB orders them by (lwt, id). */
interface StoredCheckpoint {
  id: string;
  lwt: number;
}

/** The id RxDB gives the replication's push checkpoint in its meta storage (`itemId|isCheckpoint`). */
const UP_CHECKPOINT_ID = 'up|1';

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    // Removed when the timer fires: the heartbeat sleeps forever on the same signal, one listener per beat otherwise.
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Keeps the pull at most two pages ahead of what the replication has stored. RxDB asks for the next page as soon as
 * one arrives, however far storing lags behind, and merges all that waits into one write: a new counter held all
 * 100,000 cases of its first sync in memory and stored them in a few huge writes, much of its time going to the
 * garbage collector. A page counts as stored once RxDB has written a downstream checkpoint at or past it, which it
 * does after every stored batch, whether or not its documents needed writing. Should none come (a failing write,
 * which RxDB reports), the pull goes on after a second without progress.
 */
function pullAheadLimiter(state: () => RxStorageInstanceReplicationState<unknown> | undefined) {
  const pages: number[] = [];
  const storedSeq = () => (state()?.lastCheckpointDoc.down?.checkpointData as HubCheckpoint | undefined)?.seq ?? 0;
  return {
    pulled(checkpoint: HubCheckpoint) {
      pages.push(checkpoint.seq);
      if (pages.length > 2) pages.shift();
    },
    async wait() {
      const target = pages.length === 2 ? pages[0]! : 0;
      let last = storedSeq();
      let quietMs = 0;
      while (last < target && quietMs < 1_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const now = storedSeq();
        quietMs = now === last ? quietMs + 20 : 0;
        last = now;
      }
    },
  };
}

import type { CollectionName } from '../../shared/schemas/index.ts';
import type { HubClient } from './hub-client.ts';
import type { SyncClient } from './sync-client.ts';

/** What the catch-up bar shows: documents pulled of the total the hub had for this counter, and the time left. */
export interface CatchUpProgress {
  done: number;
  total: number;
  /** Seconds left at the rate seen so far; null until a rate is known. */
  etaSeconds: number | null;
  startedAt: string;
}

export interface CatchUpTrackerOptions {
  hub: Pick<HubClient, 'pending'>;
  sync: Pick<SyncClient, 'replications' | 'storedCheckpoint' | 'status$' | 'getStatus'>;
  onProgress(progress: CatchUpProgress | null): void;
  /** How often the hub is asked during a catch-up. */
  pollMs?: number;
  /**
   * A catch-up shorter than this many documents shows no bar: the stream and the next pull bring a few documents
   * in a moment, and a bar flashing for them would only distract.
   */
  threshold?: number;
  now?: () => number;
}

export interface CatchUpTracker {
  /** Asks the hub now how much is left (after a "sync now", say). */
  check(): Promise<void>;
  stop(): void;
}

/**
 * The pull protocol carries no total, so the tracker asks the hub (`GET /sync/:collection/pending`) how many
 * documents lie after the checkpoint each replication has stored. It asks at start, whenever the link comes back,
 * and every `pollMs` while a catch-up is under way — never while the counter is idle and in step.
 */
export function trackCatchUp(options: CatchUpTrackerOptions): CatchUpTracker {
  const pollMs = options.pollMs ?? 1_000;
  const threshold = options.threshold ?? 100;
  const now = options.now ?? (() => Date.now());
  let stopped = false;
  let episode: { total: number; startedAt: number; firstRemaining: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;

  const remaining = async (): Promise<number> => {
    const counts = await Promise.all(
      (
        Object.entries(options.sync.replications) as Array<
          [CollectionName, (typeof options.sync.replications)[CollectionName]]
        >
      ).map(async ([name]) => options.hub.pending(name, await options.sync.storedCheckpoint(name))),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  };

  const measure = async () => {
    if (stopped || !options.sync.getStatus().online) return;
    let left: number;
    try {
      left = await remaining();
    } catch {
      // Offline or the hub failed: the sync bar already says so. Try again with the next poll.
      schedule();
      return;
    }
    if (stopped) return;
    if (!episode) {
      if (left < threshold) return;
      episode = { total: left, startedAt: now(), firstRemaining: left };
    }
    if (left === 0) {
      episode = null;
      options.onProgress(null);
      return;
    }
    // Documents written at the hub during the catch-up can outgrow the first total: the total then grows.
    episode.total = Math.max(episode.total, left);
    const done = episode.total - left;
    const elapsedSeconds = (now() - episode.startedAt) / 1000;
    const pulledSinceStart = episode.firstRemaining - left;
    const rate = pulledSinceStart > 0 && elapsedSeconds > 0 ? pulledSinceStart / elapsedSeconds : null;
    options.onProgress({
      done,
      total: episode.total,
      etaSeconds: rate ? Math.ceil(left / rate) : null,
      startedAt: new Date(episode.startedAt).toISOString(),
    });
    schedule();
  };

  const schedule = () => {
    if (stopped || timer !== null || !episode) return;
    timer = setTimeout(() => {
      timer = null;
      void check();
    }, pollMs);
  };

  const check = async () => {
    running ??= measure().finally(() => {
      running = null;
    });
    return running;
  };

  let wasOnline = options.sync.getStatus().online;
  const subscription = options.sync.status$.subscribe((status) => {
    if (status.online && !wasOnline) void check();
    wasOnline = status.online;
  });
  void check();

  return {
    check,
    stop() {
      stopped = true;
      subscription.unsubscribe();
      if (timer !== null) clearTimeout(timer);
    },
  };
}

import type { CollectionName } from '../../shared/schemas/index.ts';

import { REPLICA_HEADER } from '../../shared/sync/protocol.ts';
import type {
  CollectionStreamEvent,
  HubCheckpoint,
  PendingResult,
  PullResult,
  PushRow,
  RefusedDocument,
  StreamEvent,
  WireDocument,
} from '../../shared/sync/protocol.ts';

export type { CollectionStreamEvent, HubCheckpoint, PullResult, PushRow, RefusedDocument, StreamEvent, WireDocument };

/** Why a call to the hub failed, in the terms the sync bar shows. */
export class HubRequestError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'unauthorized' | 'rejected' | 'server',
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface HubClientOptions {
  baseUrl: string;
  token: string;
  /** Injected so tests and the web build can count or reroute requests. */
  fetch?: typeof fetch;
  /** Compress push bodies (default on): island links are slow and metered. */
  compressRequests?: boolean;
  requestTimeoutMs?: number;
  /**
   * The local database this client syncs: RxDB's `database.storageToken`, stable across restarts, new for a new or
   * wiped database. Sent with every request, so that the hub leaves out of pulls and streams the documents this
   * database pushed itself; a counter reloaded after a day's work then does not pull its own cases back.
   */
  replica?: string | Promise<string>;
}

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A push's body and its content headers. */
export interface EncodedPush {
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/** The body of a push: JSON, gzipped unless told not to or too small to gain from it. */
export async function encodePush(rows: PushRow[], compress = true): Promise<EncodedPush> {
  const json = JSON.stringify(rows);
  return compress && json.length > 512
    ? { body: await gzip(json), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }
    : { body: json, headers: { 'content-type': 'application/json' } };
}

export interface StreamOptions {
  /**
   * Give the stream up when nothing has come through it, the hub's heartbeat comments included, for this long
   * (connecting included); it then fails as unreachable. About three of the hub's heartbeats.
   */
  idleTimeoutMs?: number;
}

/** The hub's HTTP API (DESIGN.md "Sync protocol"), shared by every collection's replication. */
export class HubClient {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly options: HubClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  private async request(
    path: string,
    init: RequestInit = {},
    timeoutMs = this.options.requestTimeoutMs ?? 30_000,
  ): Promise<Response> {
    const replica = this.options.replica === undefined ? undefined : await this.options.replica;
    let response: Response;
    try {
      response = await this.fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'accept-encoding': 'gzip',
          ...(replica === undefined ? {} : { [REPLICA_HEADER]: replica }),
          ...(init.headers ?? {}),
        },
        signal: init.signal ?? AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HubRequestError('unreachable', null, `hub unreachable: ${(error as Error).message}`);
    }
    if (response.ok) return response;
    let details = '';
    try {
      const body = (await response.json()) as { error?: string; details?: unknown };
      details =
        `${body.error ?? ''} ${typeof body.details === 'string' ? body.details : JSON.stringify(body.details ?? '')}`.trim();
    } catch {
      details = response.statusText;
    }
    const kind = response.status === 401 ? 'unauthorized' : response.status >= 500 ? 'server' : 'rejected';
    throw new HubRequestError(kind, response.status, `hub answered ${response.status}: ${details}`);
  }

  async health(timeoutMs = 5_000): Promise<{ status: string; time: string }> {
    return (await this.request('/health', {}, timeoutMs)).json() as Promise<{ status: string; time: string }>;
  }

  async pull(collection: CollectionName, checkpoint: HubCheckpoint | undefined, limit: number): Promise<PullResult> {
    const query = new URLSearchParams({ checkpoint: String(checkpoint?.seq ?? 0), limit: String(limit) });
    return (await this.request(`/sync/${collection}/pull?${query}`)).json() as Promise<PullResult>;
  }

  /** How many documents the hub still has for this device after `checkpoint`: the total behind a catch-up bar. */
  async pending(collection: CollectionName, checkpoint: HubCheckpoint | undefined): Promise<number> {
    const query = new URLSearchParams({ checkpoint: String(checkpoint?.seq ?? 0) });
    const response = await this.request(`/sync/${collection}/pending?${query}`, {}, 10_000);
    return ((await response.json()) as PendingResult).remaining;
  }

  /** Returns the master states of the rows that conflicted. */
  async push(collection: CollectionName, rows: PushRow[]): Promise<WireDocument[]> {
    return this.pushEncoded(collection, await encodePush(rows, this.options.compressRequests ?? true));
  }

  /** `push` of rows encoded beforehand (a load test encodes its devices' batches before it starts the clock). */
  async pushEncoded(collection: CollectionName, encoded: EncodedPush): Promise<WireDocument[]> {
    const response = await this.request(`/sync/${collection}/push`, { method: 'POST', ...encoded });
    return response.json() as Promise<WireDocument[]>;
  }

  async refused(after = 0): Promise<RefusedDocument[]> {
    const response = await this.request(`/api/devices/me/refused?after=${after}`);
    return ((await response.json()) as { refused: RefusedDocument[] }).refused;
  }

  /**
   * Reads the server-sent-event stream of a collection until `signal` aborts or the connection drops (then it
   * resolves, and the caller reconnects). EventSource cannot send an Authorization header, so this reads the
   * stream through fetch, which also works in Node.
   */
  async stream(
    collection: CollectionName,
    onEvent: (event: StreamEvent) => void,
    onHeartbeat: () => void,
    signal: AbortSignal,
    options: StreamOptions = {},
  ): Promise<void> {
    return this.readEvents(
      `/sync/${collection}/stream`,
      (data) => onEvent(data as StreamEvent),
      onHeartbeat,
      signal,
      options,
    );
  }

  /**
   * The streams of several collections over one connection (`GET /sync/stream`). A browser allows six HTTP/1.1
   * connections per host: one stream per collection would take them all and starve pulls and pushes.
   */
  async streamAll(
    collections: readonly CollectionName[],
    onEvent: (message: CollectionStreamEvent) => void,
    onHeartbeat: () => void,
    signal: AbortSignal,
    options: StreamOptions = {},
  ): Promise<void> {
    const query = new URLSearchParams({ collections: collections.join(',') });
    return this.readEvents(
      `/sync/stream?${query}`,
      (data) => onEvent(data as CollectionStreamEvent),
      onHeartbeat,
      signal,
      options,
    );
  }

  private async readEvents(
    path: string,
    onData: (data: unknown) => void,
    onHeartbeat: () => void,
    signal: AbortSignal,
    { idleTimeoutMs }: StreamOptions,
  ): Promise<void> {
    // The watchdog: no byte from the hub (not even its heartbeat) for idleTimeoutMs, connecting or connected, and the
    // attempt is given up. A link that drops packets neither answers nor fails a request: without it, a stream stuck
    // connecting through an outage was never replaced, and the counter heard no one else's writes.
    const silent = new AbortController();
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const rearm = () => {
      if (idleTimeoutMs === undefined) return;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => silent.abort(), idleTimeoutMs);
    };
    const quiet = () =>
      new HubRequestError('unreachable', null, `no word from the hub's stream for ${idleTimeoutMs} ms`);
    rearm();
    let response: Response;
    try {
      response = await this.request(path, {
        signal: AbortSignal.any([signal, silent.signal]),
        headers: { accept: 'text/event-stream' },
      });
    } catch (error) {
      clearTimeout(watchdog);
      throw silent.signal.aborted && !signal.aborted ? quiet() : error;
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        rearm();
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          onHeartbeat();
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) onData(JSON.parse(data));
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (silent.signal.aborted) throw quiet();
      throw new HubRequestError('unreachable', null, `stream interrupted: ${(error as Error).message}`);
    } finally {
      clearTimeout(watchdog);
      reader.releaseLock();
    }
  }
}

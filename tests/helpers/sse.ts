/** One server-sent-event block: a `data:` event (parsed JSON) or a comment line (the hub's heartbeat). */
export type StreamItem = { kind: 'data'; data: unknown } | { kind: 'comment'; text: string };

/**
 * A client of the hub's SSE endpoint over real HTTP, as the counter's replication holds it open. Items are queued
 * as they arrive; `next` waits for the next one, so tests wait on events, never on clocks.
 */
export class EventStreamClient {
  private readonly items: StreamItem[] = [];
  private waiters: Array<() => void> = [];
  private readonly abort = new AbortController();
  private ended = false;
  status = 0;
  contentType = '';

  private constructor() {}

  static async open(url: string, token: string): Promise<EventStreamClient> {
    const client = new EventStreamClient();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: client.abort.signal,
    });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    if (response.body) void client.read(response.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          this.items.push(parseBlock(block));
        }
        this.wake();
      }
    } catch {
      // Aborted by `close`, or the hub went away: either way the stream has ended.
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The next item, or null once the stream has ended. */
  async next(): Promise<StreamItem | null> {
    while (this.items.length === 0) {
      if (this.ended) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.items.shift()!;
  }

  /** The next `data:` event, skipping heartbeats; null once the stream has ended. */
  async nextData(): Promise<unknown> {
    for (;;) {
      const item = await this.next();
      if (item === null) return null;
      if (item.kind === 'data') return item.data;
    }
  }

  /** Waits for the next heartbeat comment, returning the data events that came before it. */
  async nextHeartbeat(): Promise<{ comment: string; dataBefore: unknown[] }> {
    const dataBefore: unknown[] = [];
    for (;;) {
      const item = await this.next();
      if (item === null) throw new Error('the stream ended before a heartbeat');
      if (item.kind === 'comment') return { comment: item.text, dataBefore };
      dataBefore.push(item.data);
    }
  }

  close(): void {
    this.abort.abort();
  }
}

function parseBlock(block: string): StreamItem {
  const lines = block.split('\n');
  const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
  if (data.length > 0) return { kind: 'data', data: JSON.parse(data.join('\n')) as unknown };
  return { kind: 'comment', text: lines.map((l) => l.replace(/^:\s?/, '')).join('\n') };
}

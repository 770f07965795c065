import { EventEmitter } from 'node:events';
import type { SqlDriver } from '../storage/driver.ts';
import { CHANGES_CHANNEL } from '../storage/documents.ts';

export interface ChangeNotice {
  collection: string;
  seq: number;
}

/**
 * Fans out "collection X has new rows" to the SSE streams of this process. The notices come through PostgreSQL's
 * LISTEN/NOTIFY, so a write committed by another hub process on the same database wakes our streams too.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private unlisten: (() => Promise<void>) | null = null;

  constructor() {
    // One listener per open stream; a busy site has a few dozen.
    this.emitter.setMaxListeners(0);
  }

  async start(db: SqlDriver): Promise<void> {
    this.unlisten = await db.listen(CHANGES_CHANNEL, (payload) => {
      try {
        const notice = JSON.parse(payload) as ChangeNotice;
        if (typeof notice.collection === 'string') this.emitter.emit('change', notice);
      } catch {
        // A malformed notice is not ours; ignore it.
      }
    });
  }

  onChange(listener: (notice: ChangeNotice) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.emitter.removeAllListeners();
  }
}

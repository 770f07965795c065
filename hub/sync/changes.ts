import { EventEmitter } from 'node:events';
import type { SqlDriver } from '../storage/driver.ts';
import { CHANGES_CHANNEL } from '../storage/documents.ts';

export interface ChangeNotice {
  collection: string;
  seq: number;
}

/**
 * Fans out "collection X has new rows" and "device Y was revoked" to the SSE streams of this process. The notices
 * come through PostgreSQL's LISTEN/NOTIFY, so a write or a revocation committed by another hub process (or by the
 * CLI) on the same database reaches our streams too. Both kinds come through one listener, in commit order: a
 * revocation committed before a write is heard before that write.
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
        const notice = JSON.parse(payload) as Partial<ChangeNotice> & { revokedDevice?: unknown };
        if (typeof notice.collection === 'string') this.emitter.emit('change', notice);
        else if (typeof notice.revokedDevice === 'string') this.emitter.emit(revokedEvent(notice.revokedDevice));
      } catch {
        // A malformed notice is not ours; ignore it.
      }
    });
  }

  onChange(listener: (notice: ChangeNotice) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Calls `listener` when the revocation of `deviceId` has committed. */
  onRevoked(deviceId: string, listener: () => void): () => void {
    const event = revokedEvent(deviceId);
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.emitter.removeAllListeners();
  }
}

const revokedEvent = (deviceId: string) => `revoked:${deviceId}`;

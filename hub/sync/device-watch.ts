import type { FastifyBaseLogger } from 'fastify';
import type { DeviceStore } from '../storage/devices.ts';
import type { ChangeFeed } from './changes.ts';

/** What an open stream asks before it sends documents, and what ends it once its device is revoked. */
export interface DeviceWatch {
  /**
   * Re-reads the device on the database (one lookup by id) and ends the stream if it was revoked or deleted.
   * Resolves to whether the stream may still send; rejects if the database cannot answer (then send nothing).
   */
  confirm(): Promise<boolean>;
  /** Stops listening (the stream has closed). */
  stop(): void;
}

/**
 * Ends a device's open stream when the device is revoked. The revocation's notice ends it at once, on every hub
 * process of the database. A notice can be lost (the listening connection dropped and was reopened), so the stream
 * also re-checks at each heartbeat, and before each batch of documents: a batch read after the revocation committed
 * is then never sent, even when the notice is still on its way.
 */
export function watchDevice(options: {
  deviceId: string;
  devices: DeviceStore;
  changes: ChangeFeed;
  end: () => void;
  log: FastifyBaseLogger;
}): DeviceWatch {
  const { deviceId, devices, end, log } = options;
  let revoked = false;
  const revoke = () => {
    if (revoked) return;
    revoked = true;
    log.info({ deviceId }, 'device revoked: its stream ends');
    end();
  };
  const unsubscribe = options.changes.onRevoked(deviceId, revoke);
  return {
    async confirm() {
      if (revoked) return false;
      const active = await devices.isActive(deviceId);
      if (!active) revoke();
      return active && !revoked;
    },
    stop: unsubscribe,
  };
}

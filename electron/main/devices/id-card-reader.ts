import type { IdCardRead } from '../../../shared/ipc/bridge.ts';
import { SIMULATED_CARDS, SIMULATED_PHOTO } from '../../../shared/ipc/sample-id-cards.ts';
import type { IdCardDriverName } from '../../../shared/ipc/site-config.ts';

export { SIMULATED_CARDS };

/**
 * The interface every ID-card reader driver implements. Vendor SDKs (华视, 神思, 新中新 …) differ in how they are
 * polled; each driver hides that and calls `onRead` once per card placed on the reader. Only the simulated driver
 * exists today; vendor drivers plug in behind this interface and a name in `idCardReader.driver`.
 */
export interface IdCardReaderDriver {
  readonly name: string;
  start(events: { onRead: (card: IdCardRead) => void; onError: (error: Error) => void }): Promise<void>;
  stop(): Promise<void>;
}

export class IdCardReaderUnavailableError extends Error {}

/** Creates the configured driver; `none` is a machine without a reader (a kiosk that only prints tickets). */
export function createIdCardReader(
  driver: IdCardDriverName,
  deps: { now?: () => Date } = {},
): IdCardReaderDriver | null {
  switch (driver) {
    case 'none':
      return null;
    case 'simulated':
      return new SimulatedIdCardReader(deps.now);
  }
}

/**
 * Reads one of the sample cards each time `present()` is called (from the bridge's `simulateIdCardRead`, e.g. a
 * button in a demo), in turn.
 */
export class SimulatedIdCardReader implements IdCardReaderDriver {
  readonly name = 'simulated';
  private events: Parameters<IdCardReaderDriver['start']>[0] | null = null;
  private next = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async start(events: Parameters<IdCardReaderDriver['start']>[0]): Promise<void> {
    this.events = events;
  }

  async stop(): Promise<void> {
    this.events = null;
  }

  present(): IdCardRead {
    if (!this.events) throw new IdCardReaderUnavailableError('the simulated reader is not started');
    const card = SIMULATED_CARDS[this.next++ % SIMULATED_CARDS.length]!;
    const read: IdCardRead = { ...card, photo: SIMULATED_PHOTO, driver: this.name, readAt: this.now().toISOString() };
    this.events.onRead(read);
    return read;
  }
}

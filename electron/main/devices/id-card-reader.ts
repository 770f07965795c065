import type { IdCardRead } from '../../../shared/ipc/bridge.ts';
import type { IdCardDriverName } from '../../../shared/ipc/site-config.ts';

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

/** Sample people: fictional, with Pingtan (350128) numbers whose check characters are correct. */
export const SIMULATED_CARDS: ReadonlyArray<Omit<IdCardRead, 'photo' | 'driver' | 'readAt'>> = [
  {
    name: '林晓梅',
    sex: 'female',
    ethnicity: '汉',
    birthDate: '1988-05-16',
    idNumber: '350128198805162348',
    address: '福建省平潭县东庠乡东庠村 128 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2019-03-01',
    validUntil: '2039-03-01',
  },
  {
    name: '陈海生',
    sex: 'male',
    ethnicity: '汉',
    birthDate: '1962-11-02',
    idNumber: '350128196211021215',
    address: '福建省平潭县南海乡塘屿村 36 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2016-08-20',
    validUntil: '长期',
  },
  {
    name: '郑雨桐',
    sex: 'female',
    ethnicity: '畲',
    birthDate: '2009-01-23',
    idNumber: '350128200901230021',
    address: '福建省平潭县屿头乡屿头村 9 号',
    issuingAuthority: '平潭县公安局',
    validFrom: '2024-02-10',
    validUntil: '2029-02-10',
  },
];

/** A neutral silhouette in place of the chip photo, so screens that show the photo can be tried. */
const SILHOUETTE =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" width="102" height="126" viewBox="0 0 102 126">' +
      '<rect width="102" height="126" fill="#dfe7ef"/><circle cx="51" cy="48" r="22" fill="#9aa9b8"/>' +
      '<path d="M13 126c4-30 20-44 38-44s34 14 38 44z" fill="#9aa9b8"/></svg>',
  );

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
    const read: IdCardRead = { ...card, photo: SILHOUETTE, driver: this.name, readAt: this.now().toISOString() };
    this.events.onRead(read);
    return read;
  }
}

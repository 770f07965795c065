import { IPC_EVENTS, fail, okVoid, type BridgeResult } from '../../../shared/ipc/bridge.ts';
import type { IdCardDriverName } from '../../../shared/ipc/site-config.ts';
import type { Logger } from '../logging.ts';
import { SimulatedIdCardReader, createIdCardReader, type IdCardReaderDriver } from './id-card-reader.ts';

export interface DevicesOptions {
  log: Logger;
  /** Delivers an event to the app page (WindowRegistry.send): never to any other window. */
  sendToApp: (channel: string, ...args: unknown[]) => void;
  createReader?: (driver: IdCardDriverName) => IdCardReaderDriver | null;
}

/** The devices attached to this machine, as the configuration names them. Today: the ID-card reader. */
export class Devices {
  private reader: IdCardReaderDriver | null = null;

  constructor(private readonly options: DevicesOptions) {}

  /** (Re)starts the reader the configuration names; called at start and whenever the configuration changes. */
  async configure(driver: IdCardDriverName): Promise<void> {
    if (this.reader?.name === driver) return;
    await this.reader?.stop();
    this.reader = (this.options.createReader ?? createIdCardReader)(driver);
    if (!this.reader) return;
    await this.reader.start({
      onRead: (card) => {
        this.options.log.info(`devices: ID card read by ${card.driver}`);
        this.options.sendToApp(IPC_EVENTS.idCardRead, card);
      },
      onError: (error) => this.options.log.warn(`devices: ID-card reader: ${error.message}`),
    });
    this.options.log.info(`devices: ID-card reader "${driver}" started`);
  }

  simulateIdCardRead(): BridgeResult {
    if (!(this.reader instanceof SimulatedIdCardReader)) {
      return fail('reader-not-simulated', {
        zh: '本机未使用模拟读卡器，请把身份证放在读卡器上',
        en: 'This machine does not use the simulated reader; place the card on the reader',
      });
    }
    this.reader.present();
    return okVoid;
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
    this.reader = null;
  }
}

import type { z } from 'zod';
import type { IPC_CHANNELS, IPC_EVENTS } from '../../shared/ipc/bridge.ts';
import type { IpcMainInvokeEventLike, IpcMainPort, WebContentsPort } from './ports.ts';
import type { Logger } from './logging.ts';
import { isAppUrl } from './app-protocol.ts';

type Channel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
type EventChannel = (typeof IPC_EVENTS)[keyof typeof IPC_EVENTS];
type Parsed<S extends readonly z.ZodType[]> = { [K in keyof S]: z.infer<S[K]> };

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`refused ${channel}: the sender is not a Tongban window`);
  }
}

export interface Ipc {
  /** Registers a request handler. Each argument is checked against its schema before the handler sees it. */
  handle<S extends readonly z.ZodType[]>(channel: Channel, schemas: S, handler: (...args: Parsed<S>) => unknown): void;
  /** Registers a one-way message from the page; messages from anything else are dropped. */
  on<S extends readonly z.ZodType[]>(channel: EventChannel, schemas: S, handler: (...args: Parsed<S>) => void): void;
}

/**
 * The single place the main process listens to pages (Electron Fiddle's `ipc.ts` pattern). A message is served only
 * when it comes from the top frame of one of our windows showing our own bundle: not from a print window, a page
 * that navigated elsewhere, or a frame inside ours.
 */
export function createIpc(options: {
  ipcMain: IpcMainPort;
  isOurWebContents: (contents: WebContentsPort) => boolean;
  log: Logger;
}): Ipc {
  const trusted = (event: IpcMainInvokeEventLike) =>
    options.isOurWebContents(event.sender) && event.senderFrame !== null && isAppUrl(event.senderFrame.url);

  const parse = <S extends readonly z.ZodType[]>(channel: string, schemas: S, args: unknown[]): Parsed<S> => {
    if (args.length > schemas.length) throw new Error(`${channel}: expected ${schemas.length} arguments`);
    return schemas.map((schema, i) => {
      const result = schema.safeParse(args[i]);
      if (!result.success) throw new Error(`${channel}: argument ${i + 1} is invalid: ${result.error.message}`);
      return result.data;
    }) as Parsed<S>;
  };

  return {
    handle(channel, schemas, handler) {
      options.ipcMain.handle(channel, (event, ...args) => {
        if (!trusted(event)) {
          options.log.warn(`ipc: refused ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
          throw new UntrustedSenderError(channel);
        }
        return handler(...parse(channel, schemas, args));
      });
    },
    on(channel, schemas, handler) {
      options.ipcMain.on(channel, (event, ...args) => {
        if (!trusted(event)) {
          options.log.warn(`ipc: dropped ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
          return;
        }
        try {
          handler(...parse(channel, schemas, args));
        } catch (error) {
          options.log.warn(`ipc: ${(error as Error).message}`);
        }
      });
    },
  };
}

/**
 * The parts of Electron the main-process modules use, as small interfaces. Modules take these as parameters instead of
 * importing `electron`, so every module runs in Vitest against `tests/helpers/fake-electron.ts` — the Electron binary
 * cannot be downloaded on our machines. `index.ts` passes the real modules, and the compiler checks there that they
 * fit these shapes. Only types are imported from `electron` here.
 */
import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  Input,
  PrinterInfo,
  PrintToPDFOptions,
  RenderProcessGoneDetails,
  WebContentsPrintOptions,
  WindowOpenHandlerResponse,
} from 'electron';

export type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  HandlerDetails,
  Input,
  PrinterInfo,
  PrintToPDFOptions,
  RenderProcessGoneDetails,
  WebContentsPrintOptions,
  WindowOpenHandlerResponse,
};

/** An Electron event that can be cancelled (`will-navigate`, `before-input-event`, a window's `close` …). */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface WebContentsPort {
  readonly id: number;
  getURL(): string;
  isDestroyed(): boolean;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: Input) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): unknown;
  on(event: 'unresponsive' | 'responsive' | 'devtools-opened' | 'did-finish-load', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  loadURL(url: string): Promise<void>;
  reload(): void;
  forcefullyCrashRenderer(): void;
  closeDevTools(): void;
  send(channel: string, ...args: unknown[]): void;
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
  getPrintersAsync(): Promise<PrinterInfo[]>;
}

export interface BrowserWindowPort {
  readonly webContents: WebContentsPort;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed' | 'ready-to-show', listener: () => void): unknown;
  once(event: 'ready-to-show' | 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  setMenu(menu: null): void;
  close(): void;
  destroy(): void;
}

export interface BrowserWindowClass<W extends BrowserWindowPort = BrowserWindowPort> {
  new (options: BrowserWindowConstructorOptions): W;
}

export interface AppPort {
  readonly isPackaged: boolean;
  /** Chromium's command line: switches appended before the app is ready reach every process it starts. */
  readonly commandLine: { appendSwitch(name: string, value?: string): void };
  getVersion(): string;
  getPath(name: 'userData' | 'logs' | 'downloads' | 'temp'): string;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  /** Starts the app again once this instance has quit. */
  relaunch(): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsPort) => void): unknown;
}

export interface IpcMainInvokeEventLike {
  readonly sender: WebContentsPort;
  /** The frame that sent the message; null once it navigated away or was destroyed. */
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
}

export interface SessionPort {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

export interface ProtocolPort {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export interface PowerSaveBlockerPort {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): boolean;
  isStarted(id: number): boolean;
}

export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface MenuPort {
  setApplicationMenu(menu: null): void;
}

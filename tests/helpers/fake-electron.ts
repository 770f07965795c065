/**
 * A small, typed fake of the Electron APIs the main-process modules use (electron/main/ports.ts). The Electron binary
 * cannot be downloaded on our machines, so these stand in for it in Vitest. Each class implements the port the module
 * takes, and the ports themselves are checked against Electron's own types in electron/main/index.ts. Beyond the
 * port, each fake has a few `test*` helpers that act like the user or the system: press a key, crash the renderer,
 * click a link, send an IPC message.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  AppPort,
  BrowserWindowConstructorOptions,
  BrowserWindowPort,
  CustomScheme,
  HandlerDetails,
  Input,
  IpcMainInvokeEventLike,
  IpcMainPort,
  MenuPort,
  PowerSaveBlockerPort,
  PreventableEvent,
  PrinterInfo,
  PrintToPDFOptions,
  ProtocolPort,
  RenderProcessGoneDetails,
  SafeStoragePort,
  SessionPort,
  WebContentsPort,
  WebContentsPrintOptions,
  WindowOpenHandlerResponse,
} from '../../electron/main/ports.ts';

type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }

  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }

  /** Calls the listeners of `event` with `args`, as Electron would. */
  testEmit(event: string, ...args: unknown[]): void {
    const entries = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      entries.filter((e) => !e.once),
    );
    for (const { listener } of entries) (listener as (...a: unknown[]) => unknown)(...args);
  }

  testListenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextWebContentsId = 1;

export interface PrintBehaviour {
  success: boolean;
  failureReason: string;
}

export class FakeWebContents extends Emitter implements WebContentsPort {
  readonly id = nextWebContentsId++;
  private url = '';
  private destroyed = false;
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  readonly loadedUrls: string[] = [];
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly printCalls: WebContentsPrintOptions[] = [];
  readonly pdfCalls: PrintToPDFOptions[] = [];
  reloads = 0;
  crashesForced = 0;
  devToolsClosed = 0;
  printers: PrinterInfo[] = [];
  printBehaviour: PrintBehaviour = { success: true, failureReason: '' };
  loadError: Error | null = null;

  getURL(): string {
    return this.url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  async loadURL(url: string): Promise<void> {
    if (this.loadError) throw this.loadError;
    this.url = url;
    this.loadedUrls.push(url);
  }

  reload(): void {
    this.reloads++;
  }

  forcefullyCrashRenderer(): void {
    this.crashesForced++;
  }

  closeDevTools(): void {
    this.devToolsClosed++;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void {
    this.printCalls.push(options);
    const { success, failureReason } = this.printBehaviour;
    queueMicrotask(() => callback(success, failureReason));
  }

  async printToPDF(options: PrintToPDFOptions): Promise<Uint8Array> {
    this.pdfCalls.push(options);
    return new TextEncoder().encode(`%PDF-1.4 fake of ${this.url}`);
  }

  async getPrintersAsync(): Promise<PrinterInfo[]> {
    return this.printers;
  }

  testDestroy(): void {
    this.destroyed = true;
  }

  /** A page-initiated navigation; returns true when a listener cancelled it. */
  testNavigate(url: string): boolean {
    const event = new FakeEvent();
    this.testEmit('will-navigate', event, url);
    return event.defaultPrevented;
  }

  testRedirect(url: string): boolean {
    const event = new FakeEvent();
    this.testEmit('will-redirect', event, url);
    return event.defaultPrevented;
  }

  testAttachWebview(): boolean {
    const event = new FakeEvent();
    this.testEmit('will-attach-webview', event, {}, {});
    return event.defaultPrevented;
  }

  /** `window.open(url)` or a target=_blank link; returns what the window-open handler decided. */
  testOpenWindow(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'default' },
      postBody: undefined,
    } as unknown as HandlerDetails);
  }

  /** A key press in the page; returns true when a listener swallowed it. */
  testPressKey(key: string, modifiers: Partial<Pick<Input, 'control' | 'meta' | 'alt' | 'shift'>> = {}): boolean {
    const event = new FakeEvent();
    const input = {
      type: 'keyDown',
      key,
      code: key,
      control: false,
      meta: false,
      alt: false,
      shift: false,
      isAutoRepeat: false,
      isComposing: false,
      location: 0,
      modifiers: [],
      ...modifiers,
    } as unknown as Input;
    this.testEmit('before-input-event', event, input);
    return event.defaultPrevented;
  }

  testRendererGone(reason: RenderProcessGoneDetails['reason'] = 'crashed', exitCode = 139): void {
    this.testEmit('render-process-gone', new FakeEvent(), { reason, exitCode } as RenderProcessGoneDetails);
  }
}

export class FakeBrowserWindow extends Emitter implements BrowserWindowPort {
  static readonly instances: FakeBrowserWindow[] = [];
  /** Set by createFakeElectron: Electron announces every new window's contents through app `web-contents-created`. */
  static testOnCreate: ((window: FakeBrowserWindow) => void) | null = null;
  readonly webContents = new FakeWebContents();
  readonly options: BrowserWindowConstructorOptions;
  private destroyed = false;
  shown = false;
  focused = false;
  minimized = false;
  menu: null | undefined = undefined;

  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
    FakeBrowserWindow.testOnCreate?.(this);
  }

  show(): void {
    this.shown = true;
  }

  focus(): void {
    this.focused = true;
  }

  restore(): void {
    this.minimized = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setMenu(menu: null): void {
    this.menu = menu;
  }

  /** As a user or the window manager closing it (Alt+F4): listeners may cancel. */
  close(): void {
    const event = new FakeEvent();
    this.testEmit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.testDestroy();
    this.testEmit('closed');
  }

  static testReset(): void {
    FakeBrowserWindow.instances.length = 0;
    FakeBrowserWindow.testOnCreate = null;
  }
}

export class FakeApp extends Emitter implements AppPort {
  isPackaged = false;
  singleInstanceLock = true;
  quitRequests = 0;
  quitted = false;
  relaunches = 0;
  /** The switches appended to Chromium's command line, and whether the app was ready when each came. */
  readonly switches: Array<{ name: string; value: string | undefined; afterReady: boolean }> = [];
  private ready = false;
  readonly commandLine = {
    appendSwitch: (name: string, value?: string): void => {
      this.switches.push({ name, value, afterReady: this.ready });
    },
  };
  readonly paths: Record<'userData' | 'logs' | 'downloads' | 'temp', string>;

  constructor(root = mkdtempSync(path.join(os.tmpdir(), 'tongban-fake-electron-'))) {
    super();
    this.paths = {
      userData: path.join(root, 'userData'),
      logs: path.join(root, 'userData', 'logs'),
      downloads: path.join(root, 'Downloads'),
      temp: path.join(root, 'tmp'),
    };
  }

  getVersion(): string {
    return '0.1.0-test';
  }

  getPath(name: 'userData' | 'logs' | 'downloads' | 'temp'): string {
    return this.paths[name];
  }

  /** Only the entry point calls this (it is not in AppPort); the fake keeps its logs folder. */
  setAppLogsPath(): void {}

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    this.ready = true;
    return Promise.resolve();
  }

  /** Like Electron: `before-quit` first; the app quits unless a listener prevented it. */
  quit(): void {
    this.quitRequests++;
    const event = new FakeEvent();
    this.testEmit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }

  relaunch(): void {
    this.relaunches++;
  }

  /** Electron's `web-contents-created`, as it fires for every new window's contents. */
  testWebContentsCreated(contents: FakeWebContents): void {
    this.testEmit('web-contents-created', new FakeEvent(), contents);
  }
}

export interface FakeSender {
  webContents: WebContentsPort;
  /** The URL of the frame that sends; null for a destroyed frame. */
  frameUrl: string | null;
}

export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>();
  readonly listeners = new Map<string, Array<(event: IpcMainInvokeEventLike, ...args: unknown[]) => void>>();

  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  on(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** `ipcRenderer.invoke` from `sender`: resolves with the handler's value, rejects like Electron when it throws. */
  async testInvoke(channel: string, sender: FakeSender, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(eventFrom(sender), ...args);
  }

  /** `ipcRenderer.send` from `sender`. */
  testSend(channel: string, sender: FakeSender, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(eventFrom(sender), ...args);
  }
}

const eventFrom = (sender: FakeSender): IpcMainInvokeEventLike => ({
  sender: sender.webContents,
  senderFrame: sender.frameUrl === null ? null : { url: sender.frameUrl },
});

export class FakeSession implements SessionPort {
  permissionRequestHandler:
    | ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void)
    | null = null;
  permissionCheckHandler:
    ((webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;

  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void,
  ): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean,
  ): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: (details: unknown) => boolean): void {
    this.devicePermissionHandler = handler;
  }

  /** A page asking for a permission (camera, notifications …). Electron grants it when no handler is set. */
  testRequestPermission(permission: string, contents: WebContentsPort | null = null): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve, { requestingUrl: 'app://tongban/' }));
  }

  testCheckPermission(permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, 'app://tongban', {}) : true;
  }
}

export class FakeProtocol implements ProtocolPort {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }

  /** A request from a page to a custom-scheme URL. */
  async testFetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = this.handlers.get(scheme);
    if (!handler) throw new TypeError(`Failed to fetch: no handler for ${scheme}:`);
    return handler(new Request(url, init));
  }
}

export class FakePowerSaveBlocker implements PowerSaveBlockerPort {
  private nextId = 1;
  readonly active = new Map<number, string>();

  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = this.nextId++;
    this.active.set(id, type);
    return id;
  }

  stop(id: number): boolean {
    return this.active.delete(id);
  }

  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

/** Encrypts reversibly but visibly differently, so a test can tell a stored secret is not in clear. */
export class FakeSafeStorage implements SafeStoragePort {
  available = true;
  /** As after a new OS account or a reset keyring: what was encrypted before no longer decrypts. */
  keyChanged = false;

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('v10'), Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  }

  decryptString(encrypted: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    if (this.keyChanged)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  }

  getSelectedStorageBackend(): string {
    return 'gnome_libsecret';
  }
}

export class FakeMenu implements MenuPort {
  applicationMenu: null | undefined = undefined;
  setApplicationMenu(menu: null): void {
    this.applicationMenu = menu;
  }
}

/** A recording logger, to assert that something was logged. */
export class RecordingLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; text: string }> = [];
  info(...parts: unknown[]): void {
    this.lines.push({ level: 'info', text: parts.map(String).join(' ') });
  }
  warn(...parts: unknown[]): void {
    this.lines.push({ level: 'warn', text: parts.map(String).join(' ') });
  }
  error(...parts: unknown[]): void {
    this.lines.push({ level: 'error', text: parts.map(String).join(' ') });
  }
  testHas(level: 'info' | 'warn' | 'error', pattern: RegExp): boolean {
    return this.lines.some((line) => line.level === level && pattern.test(line.text));
  }
}

/** One fake of everything, for tests that start the whole shell. */
export function createFakeElectron() {
  FakeBrowserWindow.testReset();
  const app = new FakeApp();
  FakeBrowserWindow.testOnCreate = (window) => app.testWebContentsCreated(window.webContents);
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    protocol: new FakeProtocol(),
    session: new FakeSession(),
    powerSaveBlocker: new FakePowerSaveBlocker(),
    safeStorage: new FakeSafeStorage(),
    Menu: new FakeMenu(),
    log: new RecordingLogger(),
  };
}
export type FakeElectron = ReturnType<typeof createFakeElectron>;

import type { ShellMode } from '../../shared/ipc/site-config.ts';
import type {
  BrowserWindowClass,
  BrowserWindowConstructorOptions,
  BrowserWindowPort,
  WebContentsPort,
} from './ports.ts';

export interface WindowOptionsInput {
  mode: ShellMode;
  preloadPath: string;
  /** Installed build: devtools off. */
  packaged: boolean;
}

/**
 * The one place a window's options are decided. Every flag of Electron's security checklist is spelled out even
 * where it is Electron's default, so a reader (and a test) sees it and a change of default cannot weaken us.
 */
export function appWindowOptions({ mode, preloadPath, packaged }: WindowOptionsInput): BrowserWindowConstructorOptions {
  const kiosk = mode === 'kiosk';
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    title: '通办 Tongban',
    autoHideMenuBar: true,
    ...(kiosk ? { kiosk: true, fullscreen: true, frame: false } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click could otherwise open a link in a new window before the window-open handler is asked.
      disableBlinkFeatures: 'Auxclick',
      devTools: !packaged && !kiosk,
    },
  };
}

/**
 * A hidden window that renders one document to print. No preload, no scripts: a receipt is data, and this window
 * must never be able to reach the bridge (the IPC sender check refuses it too: it is not an app window).
 */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 800,
    height: 1100,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
    },
  };
}

/** The app window (there is one at a time), and the question the IPC layer asks: is this sender ours? */
export class WindowRegistry<W extends BrowserWindowPort = BrowserWindowPort> {
  private current: W | null = null;

  constructor(private readonly BrowserWindow: BrowserWindowClass<W>) {}

  /** Opens a new app window; the previous one is closed once the new one exists. */
  open(options: BrowserWindowConstructorOptions): W {
    const previous = this.current;
    const window = new this.BrowserWindow(options);
    this.current = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.current === window) this.current = null;
    });
    if (previous && !previous.isDestroyed()) previous.destroy();
    return window;
  }

  get window(): W | null {
    return this.current && !this.current.isDestroyed() ? this.current : null;
  }

  isOurWebContents(contents: WebContentsPort): boolean {
    return this.window?.webContents === contents;
  }

  /** A second launch brings the running window forward instead of starting another app (single-instance lock). */
  focus(): void {
    const window = this.window;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** Sends an event to the app page only: never to a print window or anything else. */
  send(channel: string, ...args: unknown[]): void {
    const window = this.window;
    if (window && !window.webContents.isDestroyed()) window.webContents.send(channel, ...args);
  }
}

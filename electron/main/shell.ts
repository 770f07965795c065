import path from 'node:path';
import { fail, ok, type AppInfo, type BridgeResult, type RendererDiagnostics } from '../../shared/ipc/bridge.ts';
import type { ShellMode, SiteConfig } from '../../shared/ipc/site-config.ts';
import type {
  AppPort,
  BrowserWindowClass,
  BrowserWindowPort,
  IpcMainPort,
  MenuPort,
  PowerSaveBlockerPort,
  ProtocolPort,
  SafeStoragePort,
  SessionPort,
} from './ports.ts';
import { APP_SCHEME, PAGES, createAppProtocolHandler, registerAppScheme } from './app-protocol.ts';
import { contentSecurityPolicy } from './csp.ts';
import { createHubProxy, type HubTarget } from './hub-proxy.ts';
import { createIpc } from './ipc.ts';
import { createRendererErrorSink, logFiles, type Logger } from './logging.ts';
import { setupSecurity } from './security.ts';
import { WindowRegistry, appWindowOptions, printWindowOptions } from './windows.ts';
import { setupKiosk } from './kiosk.ts';
import { maintenancePage, setupRecovery, type CrashLoopDetector } from './recovery.ts';
import { SiteConfigStore, type ConfigLoad } from './config-store.ts';
import { SecretStore, databaseKeyProvider } from './secrets.ts';
import { setAsidePendingDatabase } from './set-aside.ts';
import { TechnicianGate } from './technician.ts';
import { Provisioning } from './provisioning.ts';
import { PrintService } from './printing.ts';
import { Devices } from './devices/index.ts';
import { diagnosticsFileName, writeDiagnosticsZip } from './diagnostics.ts';
import { registerBridgeHandlers } from './bridge-handlers.ts';
import type { DemoHubStarter } from './embedded-hub.ts';
import { COUNTER_JS_FLAGS } from '../../shared/runtime/counter-heap.ts';

/** Everything the shell needs from Electron and the machine, passed in so the whole start-up runs against the fake. */
export interface ShellDeps {
  app: AppPort;
  BrowserWindow: BrowserWindowClass;
  ipcMain: IpcMainPort;
  protocol: ProtocolPort;
  /** The default session; Electron creates it only once the app is ready. */
  session: () => SessionPort;
  powerSaveBlocker: PowerSaveBlockerPort;
  safeStorage: SafeStoragePort & { getSelectedStorageBackend?: () => string };
  Menu: MenuPort;
  /** `net.fetch` in the app: Chromium's network stack, with the system's proxy settings. */
  fetch: typeof fetch;
  log: Logger;
  paths: { preload: string; rendererDir: string; logsDir: string };
  platform: string;
  versions: Record<string, string | undefined>;
  /** The embedded demo hub, or undefined in builds without it. */
  demoHub?: (userData: string) => DemoHubStarter;
  /** 32 random bytes, base64: the database key when the machine first needs one. */
  randomKey: () => string;
  /** `--demo` on the command line: start the demo without the first-run screen. */
  argv: readonly string[];
}

export interface Shell {
  windows: WindowRegistry;
  configStore: SiteConfigStore;
  provisioning: Provisioning;
  printing: PrintService;
  /** The recovery state of the current app window. */
  recovery: () => CrashLoopDetector | null;
  openAppWindow: () => BrowserWindowPort;
}

/**
 * The window mode while config.json is missing or unusable. A machine without a device token opens a normal window. One that
 * was enrolled keeps the mode its damaged file still names, else the mode stored with its enrolment; when neither
 * can be read it is treated as a kiosk — a public machine must not fall out of its lockdown because a file broke,
 * and the technician leaves it with the PIN (or re-enrols) as from any kiosk.
 */
async function modeWithoutConfig(loaded: ConfigLoad, secrets: SecretStore, log: Logger): Promise<ShellMode> {
  if (loaded.state === 'ok') return loaded.config.mode;
  if (loaded.state === 'invalid' && loaded.mode) return loaded.mode;
  try {
    if (!(await secrets.has('deviceToken'))) return 'counter';
    const stored = await secrets.get('enrolledMode');
    return stored === 'counter' ? 'counter' : 'kiosk';
  } catch (error) {
    log.error(`config: cannot tell this machine's mode from its secrets: ${(error as Error).message}`);
    return 'kiosk';
  }
}

/**
 * Starts the desktop app: one function, called by index.ts with the real Electron and by tests with the fake. It
 * registers each concern's module in turn (Fiddle's onReady → setupX() pattern) and opens the one window.
 */
export async function startShell(deps: ShellDeps): Promise<Shell | null> {
  const { app, log } = deps;
  registerAppScheme(deps.protocol);
  // Before ready, so the app window's renderer starts with it: a larger young generation for the first sync's
  // stream of short-lived records (shared/runtime/counter-heap.ts).
  app.commandLine.appendSwitch('js-flags', COUNTER_JS_FLAGS);
  if (!app.requestSingleInstanceLock()) {
    log.info('lifecycle: another instance is running; handing over to it');
    app.quit();
    return null;
  }

  const windows = new WindowRegistry(deps.BrowserWindow);
  app.on('second-instance', () => windows.focus());
  app.on('window-all-closed', () => app.quit());

  // A credentials reset moves the local database aside here, before anything can open it with the new key.
  await setAsidePendingDatabase(app.getPath('userData'), log);
  await app.whenReady();
  log.info(`lifecycle: Tongban ${app.getVersion()} starting (${deps.platform}, packaged: ${app.isPackaged})`);
  // No application menu: it would carry reload and devtools accelerators, and a counter needs none of it.
  deps.Menu.setApplicationMenu(null);
  setupSecurity({ app, session: deps.session(), log });

  const userData = app.getPath('userData');
  const configStore = SiteConfigStore.inFolder(userData);
  const loaded = await configStore.load();
  if (loaded.state === 'invalid') {
    log.error(`config: ${configStore.file} is unusable: ${loaded.problems.map((p) => p.en).join('; ')}`);
  }
  const secrets = SecretStore.inFolder(userData, deps.safeStorage);
  const gate = new TechnicianGate({ secrets });
  // Unreadable secrets leave the app page nothing to open (no token, no database key): the set-up page says why.
  const secretsProblem = await secrets.problem();
  if (secretsProblem) log.error(`secrets: ${secretsProblem.message}`);
  // Without a usable config.json the first-run screen opens; on a machine enrolled as a kiosk it stays locked down.
  const unconfiguredMode = await modeWithoutConfig(loaded, secrets, log);
  const demo = deps.demoHub?.(userData);
  const devices = new Devices({ log, sendToApp: (channel, ...args) => windows.send(channel, ...args) });
  let recovery: CrashLoopDetector | null = null;
  let quitAllowed = false;
  let cleanedUp = false;

  const openAppWindow = (): BrowserWindowPort => {
    const config = configStore.current;
    const mode = config?.mode ?? unconfiguredMode;
    const page = config && !secretsProblem ? PAGES.app : PAGES.provisioning;
    const window = windows.open(appWindowOptions({ mode, preloadPath: deps.paths.preload, packaged: app.isPackaged }));
    if (mode === 'kiosk') {
      setupKiosk(window, { powerSaveBlocker: deps.powerSaveBlocker, log, isQuitAllowed: () => quitAllowed });
    }
    recovery = setupRecovery(window, { log, maintenanceUrl: PAGES.maintenance, pageUrl: () => page });
    void window.webContents.loadURL(page).catch((error: unknown) => {
      log.error(`windows: could not load ${page}: ${(error as Error).message}`);
    });
    log.info(`windows: opened the ${mode} window on ${page}`);
    return window;
  };

  const followConfiguration = (config: SiteConfig | null) => {
    void devices.configure(config?.idCardReader.driver ?? 'none').catch((error: unknown) => {
      log.error(`devices: ${(error as Error).message}`);
    });
  };

  const provisioning = new Provisioning({
    configStore,
    secrets,
    gate,
    fetch: deps.fetch,
    log,
    ...(demo ? { demo } : {}),
    onProvisioned: (config) => {
      gate.lock();
      followConfiguration(config);
      // After the reply has left: the page that asked is replaced by the app in the configured mode.
      setTimeout(openAppWindow, 100);
    },
    onReset: () => {
      // After the reply has left: quit (stopping the embedded hub cleanly) and start again.
      setTimeout(() => {
        app.relaunch();
        quitAllowed = true;
        app.quit();
      }, 100);
    },
  });

  const printing = new PrintService({
    createPrintWindow: () => new deps.BrowserWindow(printWindowOptions()),
    listPrinters: async () => {
      const window = windows.window;
      return window ? window.webContents.getPrintersAsync() : [];
    },
    printer: () => configStore.current?.printer ?? null,
    printsDir: path.join(userData, 'prints'),
    log,
  });

  const hubTarget = async (): Promise<HubTarget | null> => {
    const config = configStore.current;
    if (!config) return null;
    if (config.demo) {
      if (!demo) return null;
      const started = await demo.start();
      return { hubUrl: started.url, token: started.device.token };
    }
    const token = await secrets.get('deviceToken');
    return token ? { hubUrl: config.hubUrl, token } : null;
  };

  deps.protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererDir: deps.paths.rendererDir,
      contentSecurityPolicy: () => contentSecurityPolicy(),
      hubProxy: createHubProxy({ target: hubTarget, fetch: deps.fetch, log }),
      printDocument: (jobId) => printing.document(jobId),
      maintenancePage: () => maintenancePage({ since: new Date(), logHint: path.join(deps.paths.logsDir, 'main.log') }),
    }),
  );

  const appInfo = (): AppInfo => ({
    version: app.getVersion(),
    shell: 'electron',
    platform: deps.platform,
    packaged: app.isPackaged,
  });

  const exportDiagnostics = async (state: RendererDiagnostics): Promise<BridgeResult<{ path: string }>> => {
    const now = new Date();
    const config = configStore.current;
    let printers: unknown = [];
    try {
      printers = (await printing.listPrinters()).map((p) => ({ ...p }));
    } catch (error) {
      printers = `unavailable: ${(error as Error).message}`;
    }
    const file = path.join(app.getPath('downloads'), diagnosticsFileName(config?.siteCode ?? null, now));
    try {
      await writeDiagnosticsZip(file, {
        logFiles: logFiles(deps.paths.logsDir),
        config: configStore.state.state === 'ok' ? config : configStore.state,
        app: {
          ...appInfo(),
          exportedAt: now.toISOString(),
          versions: deps.versions,
          keychain: deps.safeStorage.isEncryptionAvailable()
            ? (deps.safeStorage.getSelectedStorageBackend?.() ?? 'os')
            : 'unavailable',
          printers,
          recentRendererIncidents: recovery?.recent ?? 0,
          idCardReader: config?.idCardReader.driver ?? 'none',
          route: state.route ?? null,
        },
        sync: state.syncStatus,
      });
    } catch (error) {
      log.error(`diagnostics: ${(error as Error).message}`);
      return fail('diagnostics-failed', {
        zh: `无法写入诊断文件：${(error as Error).message}`,
        en: `Could not write the diagnostics file: ${(error as Error).message}`,
      });
    }
    log.info(`diagnostics: written to ${file}`);
    return ok({ path: file });
  };

  registerBridgeHandlers(
    createIpc({ ipcMain: deps.ipcMain, isOurWebContents: (contents) => windows.isOurWebContents(contents), log }),
    {
      appInfo,
      configStore,
      provisioning,
      gate,
      databaseKey: databaseKeyProvider(secrets, deps.randomKey),
      printing,
      devices,
      reportError: createRendererErrorSink(log),
      exportDiagnostics,
      onSettingsChanged: () => followConfiguration(configStore.current),
      quit: () => {
        quitAllowed = true;
        app.quit();
      },
    },
  );

  app.on('before-quit', (event) => {
    quitAllowed = true;
    if (cleanedUp) return;
    // The embedded hub's database must close cleanly, so quitting waits for it once.
    event.preventDefault();
    void Promise.allSettled([demo?.stop(), devices.stop()]).then(() => {
      cleanedUp = true;
      app.quit();
    });
  });

  followConfiguration(configStore.current);
  if (configStore.current?.demo) {
    void demo?.start().catch((error: unknown) => log.error(`demo: ${(error as Error).message}`));
  }
  if (!configStore.current && deps.argv.includes('--demo') && demo) {
    const started = await provisioning.startDemo();
    if (!started.ok) log.error(`demo: ${started.error.message.en}`);
    else return { windows, configStore, provisioning, printing, recovery: () => recovery, openAppWindow };
  }
  openAppWindow();
  return { windows, configStore, provisioning, printing, recovery: () => recovery, openAppWindow };
}

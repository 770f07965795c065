/**
 * The one object the preload script exposes to the renderer (`window.tongban`), its channel names, and the shapes
 * that cross. The preload implements it over IPC (electron/preload); web mode implements the same type in the
 * renderer (renderer/platform). Nothing else crosses the process boundary.
 *
 * Calls that can fail for a reason a person must act on return a `BridgeResult` rather than throwing: Electron turns
 * a rejected IPC call into a bare `Error` whose message is prefixed with plumbing, which loses the error code.
 */
import type { LocalizedText } from './localized.ts';
import type { DemoOfficer, Language, ShellMode, SiteConfig } from './site-config.ts';

export type { LocalizedText } from './localized.ts';
export type { DemoOfficer, Language, ShellMode, SiteConfig } from './site-config.ts';

/** Request/response channels (`ipcRenderer.invoke` → `ipcMain.handle`). Declared once, here. */
export const IPC_CHANNELS = {
  getAppInfo: 'tongban:get-app-info',
  getSiteConfig: 'tongban:get-site-config',
  setLanguage: 'tongban:set-language',
  getHubConnection: 'tongban:get-hub-connection',
  getDatabaseKey: 'tongban:get-database-key',
  getProvisioningStatus: 'tongban:get-provisioning-status',
  setTechnicianPin: 'tongban:set-technician-pin',
  unlockTechnician: 'tongban:unlock-technician',
  provision: 'tongban:provision',
  startDemo: 'tongban:start-demo',
  resetSecrets: 'tongban:reset-secrets',
  updateSiteSettings: 'tongban:update-site-settings',
  quitApp: 'tongban:quit-app',
  listPrinters: 'tongban:list-printers',
  print: 'tongban:print',
  retryPrint: 'tongban:retry-print',
  simulateIdCardRead: 'tongban:simulate-id-card-read',
  exportDiagnostics: 'tongban:export-diagnostics',
} as const;

/** One-way channels: renderer → main (`send`) and main → renderer (`webContents.send`). */
export const IPC_EVENTS = {
  reportError: 'tongban:report-error',
  idCardRead: 'tongban:id-card-read',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export interface BridgeError {
  /** Stable, for code and logs: `printer-missing`, `technician-locked`, `enrolment-code-used` … */
  code: string;
  /** For the person at the screen. */
  message: LocalizedText;
}

export type BridgeResult<T = void> = { ok: true; value: T } | { ok: false; error: BridgeError };

export interface AppInfo {
  version: string;
  /** 'electron' in the desktop app, 'web' in a browser. */
  shell: 'electron' | 'web';
  platform: string;
  /** False in a development run (`npm start` from the repository); true in an installed build. */
  packaged: boolean;
}

/**
 * How the renderer's sync client reaches the hub. In the desktop app `baseUrl` is the main process's proxy
 * (`app://tongban/hub`) and `token` is the placeholder `HUB_PROXY_TOKEN`: the proxy drops whatever Authorization the
 * page sends and adds the device token, which never leaves the main process. In a browser they are the hub's address
 * and the token kept by the web bridge.
 */
export interface HubConnection {
  baseUrl: string;
  token: string;
  siteCode: string;
  deviceId: string;
}

export const HUB_PROXY_ORIGIN = 'app://tongban';
export const HUB_PROXY_PATH = '/hub';
export const HUB_PROXY_BASE_URL = `${HUB_PROXY_ORIGIN}${HUB_PROXY_PATH}`;
/** Sent by the renderer in place of a token; the proxy replaces it. Not a secret, and refused by any real hub. */
export const HUB_PROXY_TOKEN = 'held-by-main-process';

export interface ProvisioningStatus {
  provisioned: boolean;
  /**
   * Not usable now, but enrolled before: config.json is damaged or gone while a device token is still stored. The
   * screen tells the technician so, and the demo is not offered.
   */
  previouslyEnrolled: boolean;
  /** Whether a technician PIN exists; a new machine asks the technician to choose one first. */
  technicianPinSet: boolean;
  /** Until when technician actions are allowed without typing the PIN again (ISO time), or null. */
  technicianUnlockedUntil: string | null;
  /** Why the saved configuration could not be used (hand-edited or damaged), to show before re-provisioning. */
  configProblems: LocalizedText[];
  /**
   * Why this machine's secrets (device token, technician PIN, database key) cannot be read — secrets.json damaged or
   * the OS keychain's key changed — and what the technician does about it; null when they can be read.
   */
  secretsProblem: LocalizedText | null;
  /** Whether the demo may start here: the build has the embedded hub and this machine was never provisioned. */
  demoAvailable: boolean;
}

export interface ProvisionRequest {
  hubUrl: string;
  enrolmentCode: string;
  mode: ShellMode;
  counterNumber: number;
  language: Language;
}

export interface DemoInfo {
  siteCode: string;
  officers: DemoOfficer[];
}

/** Settings a technician may change on a provisioned machine without enrolling it again. */
export interface SiteSettingsPatch {
  printer?: SiteConfig['printer'];
  kioskIdleTimeoutSeconds?: number;
  language?: Language;
  counterNumber?: number;
  idCardReader?: SiteConfig['idCardReader'];
}

export interface PrinterSummary {
  name: string;
  displayName: string;
  isDefault: boolean;
  /** Null when the system reports nothing wrong; a reason otherwise (stopped, offline …). */
  problem: LocalizedText | null;
}

export interface PrintJob {
  kind: 'receipt' | 'ticket';
  /**
   * A complete, self-contained HTML document: no scripts (they do not run), no remote resources (they are blocked);
   * images and QR codes inline as `data:` URLs or SVG.
   */
  html: string;
  /** A short label for logs and the PDF copy's name, e.g. the case number. */
  title: string;
}

export type PrintErrorCode = 'printer-not-configured' | 'printer-missing' | 'printer-offline' | 'print-failed';

export type PrintResult =
  | { ok: true; jobId: string; printer: string | null; pdfCopy: string | null }
  | {
      ok: false;
      jobId: string;
      error: BridgeError & { code: PrintErrorCode };
      /** The job is kept and `retryPrint(jobId)` prints it again, e.g. after the paper is changed. */
      retryable: boolean;
      pdfCopy: string | null;
    };

/** One read of a resident ID card (居民身份证), as every reader driver delivers it. */
export interface IdCardRead {
  name: string;
  sex: 'male' | 'female';
  /** 民族, as printed on the card, e.g. 汉. */
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  address: string;
  issuingAuthority: string;
  validFrom: string;
  /** `长期` for cards without an end date. */
  validUntil: string;
  /** The chip's photo as a `data:` URL, or null when the reader could not decode it. */
  photo: string | null;
  /** The driver that read it: `simulated`, or a vendor driver's name. */
  driver: string;
  readAt: string;
}

export interface RendererErrorReport {
  message: string;
  stack?: string;
  /** Where it happened: a component, a route, 'window.onerror', 'unhandledrejection' … */
  source: string;
}

/** What the renderer knows that belongs in a diagnostics export: the sync state, from the sync client. */
export interface RendererDiagnostics {
  syncStatus: unknown;
  route?: string;
}

export interface TongbanBridge {
  getAppInfo(): Promise<AppInfo>;
  /** The site configuration (it holds no secrets), or null before the machine is provisioned. */
  getSiteConfig(): Promise<SiteConfig | null>;
  /** The officer's or citizen's display language; kept in the configuration. */
  setLanguage(language: Language): Promise<BridgeResult>;

  getHubConnection(): Promise<HubConnection | null>;
  /** The key for RxDB's field encryption; created on first use and kept with the OS keychain. */
  getDatabaseKey(): Promise<string>;

  getProvisioningStatus(): Promise<ProvisioningStatus>;
  /** Only while no PIN is set (a new machine in the technician's hands). */
  setTechnicianPin(pin: string): Promise<BridgeResult>;
  /** Unlocks technician actions for a few minutes; repeated wrong PINs lock them for a while. */
  unlockTechnician(pin: string): Promise<BridgeResult<{ until: string }>>;
  /** Enrols this machine with the hub (technician unlocked); the window then reopens in the chosen mode. */
  provision(request: ProvisionRequest): Promise<BridgeResult<SiteConfig>>;
  /** Starts the embedded hub with the demo data and provisions this machine against it. */
  startDemo(): Promise<BridgeResult<DemoInfo>>;
  /**
   * Only while `secretsProblem` is set: moves the unreadable secrets, the configuration and the local database into
   * `set-aside/<time>/` in userData (kept, not deleted) and restarts the app as a machine to provision again.
   */
  resetSecrets(): Promise<BridgeResult<{ folder: string }>>;
  updateSiteSettings(patch: SiteSettingsPatch): Promise<BridgeResult<SiteConfig>>;
  /** Closes the app; a kiosk cannot be closed any other way (technician unlocked). */
  quitApp(): Promise<BridgeResult>;

  listPrinters(): Promise<PrinterSummary[]>;
  print(job: PrintJob): Promise<PrintResult>;
  retryPrint(jobId: string): Promise<PrintResult>;

  /** Calls `listener` for every card placed on the reader; returns the function that stops it. */
  onIdCardRead(listener: (card: IdCardRead) => void): () => void;
  /** With the simulated driver, reads one of its sample cards as if it had been placed on the reader. */
  simulateIdCardRead(): Promise<BridgeResult>;

  /** Forwards an error from the page to the app's log. Fire and forget. */
  reportError(report: RendererErrorReport): void;
  /** Writes a zip with the logs, the configuration and the app and sync state; returns where. */
  exportDiagnostics(state: RendererDiagnostics): Promise<BridgeResult<{ path: string }>>;
}

/** Every key of the bridge, for the preload test and the web implementation's completeness check. */
export const BRIDGE_KEYS = [
  'getAppInfo',
  'getSiteConfig',
  'setLanguage',
  'getHubConnection',
  'getDatabaseKey',
  'getProvisioningStatus',
  'setTechnicianPin',
  'unlockTechnician',
  'provision',
  'startDemo',
  'resetSecrets',
  'updateSiteSettings',
  'quitApp',
  'listPrinters',
  'print',
  'retryPrint',
  'onIdCardRead',
  'simulateIdCardRead',
  'reportError',
  'exportDiagnostics',
] as const satisfies readonly (keyof TongbanBridge)[];

// Fails to compile when a key is added to TongbanBridge but not to BRIDGE_KEYS.
type MissingBridgeKeys = Exclude<keyof TongbanBridge, (typeof BRIDGE_KEYS)[number]>;
const bridgeKeysAreComplete: [MissingBridgeKeys] extends [never] ? true : MissingBridgeKeys = true;
void bridgeKeysAreComplete;

export const ok = <T>(value: T): BridgeResult<T> => ({ ok: true, value });
export const okVoid: BridgeResult = { ok: true, value: undefined };
export const fail = (code: string, message: LocalizedText): { ok: false; error: BridgeError } => ({
  ok: false,
  error: { code, message },
});

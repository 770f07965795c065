/**
 * The web implementation of the bridge (shared/ipc/bridge.ts): what `window.tongban` does in Electron, done with what a
 * browser has. Used when the renderer runs in a plain browser — end-to-end tests in Chromium, `npm run demo:web`, a
 * main-island office without an install.
 *
 * A browser's limits, stated plainly:
 * - No OS keychain: the device token and the database key live in this browser profile's localStorage. Anyone with
 *   the profile has them. That is acceptable for a test browser or a back office; counters and kiosks use Electron.
 * - No silent printing: `print` opens the browser's print dialog for the document (the user may save it as PDF).
 * - No hardware: no printers to list, no ID-card reader; `simulateIdCardRead` still plays the sample cards so the
 *   intake screens can be tried.
 * - No embedded hub: the demo needs `npm run demo:web`, which starts one and prints an address carrying the token.
 *
 * It reads the same address (`#hub=…&token=…&site=…&device=…&counter=…&mode=…&lang=…`) and the same localStorage keys
 * as the counter app's own web adapter (renderer/app/platform.ts), so either can be used while that adapter moves onto
 * this bridge.
 */
import {
  fail,
  ok,
  okVoid,
  type AppInfo,
  type BridgeResult,
  type HubConnection,
  type IdCardRead,
  type PrintJob,
  type PrintResult,
  type ProvisioningStatus,
  type TongbanBridge,
} from '../../shared/ipc/bridge.ts';
import { enrolDevice } from '../../shared/ipc/enrolment.ts';
import { SIMULATED_CARDS, SIMULATED_PHOTO } from '../../shared/ipc/sample-id-cards.ts';
import {
  DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS,
  LANGUAGES,
  SITE_CONFIG_VERSION,
  parseSiteConfig,
  type Language,
  type SiteConfig,
} from '../../shared/ipc/site-config.ts';
import { hashPin, pinProblem, verifyPin } from '../../shared/domain/pin.ts';
import type { PinHash } from '../../shared/schemas/index.ts';

export const WEB_CONNECTION_KEY = 'tongban.web.connection';
export const WEB_DATABASE_KEY = 'tongban.web.databaseKey';
export const WEB_SETTINGS_KEY = 'tongban.web.siteSettings';
export const WEB_TECHNICIAN_PIN_KEY = 'tongban.web.technicianPinHash';

interface StoredConnection extends Omit<HubConnection, 'baseUrl'> {
  baseUrl: string;
  counterNumber: number;
}

type StoredSettings = Partial<Pick<SiteConfig, 'mode' | 'language' | 'kioskIdleTimeoutSeconds' | 'printer'>>;

export interface WebBridgeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  location: { hash: string; pathname: string; search: string };
  replaceUrl: (url: string) => void;
  fetch: typeof fetch;
  /** Prints an HTML document through the browser (its print dialog). */
  printHtml: (html: string, title: string) => void;
  /** Offers a file to the user as a download. */
  download: (fileName: string, content: string) => void;
  randomBytes: (length: number) => Uint8Array;
  reportError: (...parts: unknown[]) => void;
  now?: () => Date;
  version?: string;
  platform?: string;
}

const UNLOCK_MS = 5 * 60_000;

export function createWebBridge(env: WebBridgeEnvironment): TongbanBridge {
  const now = env.now ?? (() => new Date());
  const readJson = <T>(key: string): T | null => {
    try {
      return JSON.parse(env.storage.getItem(key) ?? 'null') as T | null;
    } catch {
      return null;
    }
  };
  const writeJson = (key: string, value: unknown) => env.storage.setItem(key, JSON.stringify(value));

  takeConnectionFromAddress(env, writeJson, readJson);

  const connection = (): StoredConnection | null => {
    const value = readJson<Partial<StoredConnection>>(WEB_CONNECTION_KEY);
    if (!value || typeof value.baseUrl !== 'string' || typeof value.token !== 'string') return null;
    return {
      baseUrl: value.baseUrl,
      token: value.token,
      siteCode: typeof value.siteCode === 'string' ? value.siteCode : '',
      deviceId: typeof value.deviceId === 'string' ? value.deviceId : '',
      counterNumber: typeof value.counterNumber === 'number' ? value.counterNumber : 1,
    };
  };

  const siteConfig = (): SiteConfig | null => {
    const stored = connection();
    if (!stored) return null;
    const settings = readJson<StoredSettings>(WEB_SETTINGS_KEY) ?? {};
    const config = {
      version: SITE_CONFIG_VERSION,
      siteCode: stored.siteCode,
      mode: settings.mode ?? 'counter',
      hubUrl: stored.baseUrl,
      counterNumber: stored.counterNumber,
      deviceId: stored.deviceId || 'web',
      deviceName: `web ${stored.siteCode} ${stored.counterNumber}`,
      printer: settings.printer ?? null,
      kioskIdleTimeoutSeconds: settings.kioskIdleTimeoutSeconds ?? DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS,
      language: settings.language ?? 'zh-CN',
      idCardReader: { driver: 'simulated' },
      provisionedAt: '2026-01-01T00:00:00.000Z',
    } satisfies SiteConfig;
    // A hand-made address with a bad site code or hub must not reach the app as if it were valid.
    return parseSiteConfig(config).ok ? config : null;
  };

  let unlockedUntil = 0;
  const unlocked = () => now().getTime() < unlockedUntil;
  const locked = () =>
    fail('technician-locked', {
      zh: '此操作需要技术人员 PIN，请先解锁',
      en: 'This needs the technician PIN; unlock first',
    });

  const listeners = new Set<(card: IdCardRead) => void>();
  let nextCard = 0;
  const jobs = new Map<string, PrintJob>();

  const print = (jobId: string, job: PrintJob): PrintResult => {
    jobs.set(jobId, job);
    try {
      env.printHtml(job.html, job.title);
      return { ok: true, jobId, printer: null, pdfCopy: null };
    } catch (error) {
      return {
        ok: false,
        jobId,
        retryable: true,
        pdfCopy: null,
        error: {
          code: 'print-failed',
          message: {
            zh: `浏览器无法打印：${(error as Error).message}`,
            en: `The browser could not print: ${(error as Error).message}`,
          },
        },
      };
    }
  };

  const bridge: TongbanBridge = {
    async getAppInfo(): Promise<AppInfo> {
      return { version: env.version ?? 'web', shell: 'web', platform: env.platform ?? 'browser', packaged: false };
    },
    async getSiteConfig() {
      return siteConfig();
    },
    async setLanguage(language: Language) {
      if (!LANGUAGES.includes(language))
        return fail('bad-language', { zh: '不支持的语言', en: 'Unsupported language' });
      writeJson(WEB_SETTINGS_KEY, { ...readJson<StoredSettings>(WEB_SETTINGS_KEY), language });
      return okVoid;
    },
    async getHubConnection() {
      const stored = connection();
      return stored
        ? { baseUrl: stored.baseUrl, token: stored.token, siteCode: stored.siteCode, deviceId: stored.deviceId }
        : null;
    },
    async getDatabaseKey() {
      const existing = env.storage.getItem(WEB_DATABASE_KEY);
      if (existing) return existing;
      const key = btoa(String.fromCharCode(...env.randomBytes(32)));
      env.storage.setItem(WEB_DATABASE_KEY, key);
      return key;
    },
    async getProvisioningStatus(): Promise<ProvisioningStatus> {
      return {
        provisioned: siteConfig() !== null,
        previouslyEnrolled: false,
        technicianPinSet: env.storage.getItem(WEB_TECHNICIAN_PIN_KEY) !== null,
        technicianUnlockedUntil: unlocked() ? new Date(unlockedUntil).toISOString() : null,
        configProblems: [],
        secretsProblem: null,
        demoAvailable: false,
      };
    },
    async setTechnicianPin(pin) {
      if (env.storage.getItem(WEB_TECHNICIAN_PIN_KEY) !== null) {
        return fail('technician-pin-exists', {
          zh: '技术人员 PIN 已设置，不能在此更改',
          en: 'A technician PIN is already set and cannot be changed here',
        });
      }
      const problem = pinProblem(pin);
      if (problem) return fail('technician-pin-invalid', problem);
      writeJson(WEB_TECHNICIAN_PIN_KEY, await hashPin(pin));
      unlockedUntil = now().getTime() + UNLOCK_MS;
      return okVoid;
    },
    async unlockTechnician(pin) {
      const stored = readJson<PinHash>(WEB_TECHNICIAN_PIN_KEY);
      if (!stored)
        return fail('technician-pin-not-set', { zh: '尚未设置技术人员 PIN', en: 'No technician PIN has been set yet' });
      if (!(await verifyPin(pin, stored))) return fail('technician-pin-wrong', { zh: 'PIN 不正确', en: 'Wrong PIN' });
      unlockedUntil = now().getTime() + UNLOCK_MS;
      return ok({ until: new Date(unlockedUntil).toISOString() });
    },
    async provision(request) {
      if (!unlocked()) return locked();
      const enrolment = await enrolDevice(env.fetch, request.hubUrl, request.enrolmentCode);
      if (!enrolment.ok) return enrolment;
      const { deviceId, siteCode, token } = enrolment.value;
      writeJson(WEB_CONNECTION_KEY, {
        baseUrl: request.hubUrl.replace(/\/+$/, ''),
        token,
        siteCode,
        deviceId,
        counterNumber: request.counterNumber,
      } satisfies StoredConnection);
      writeJson(WEB_SETTINGS_KEY, {
        ...readJson<StoredSettings>(WEB_SETTINGS_KEY),
        mode: request.mode,
        language: request.language,
      });
      const config = siteConfig();
      return config
        ? ok(config)
        : fail('enrolment-failed', { zh: '登记结果无效', en: 'The enrolment result is invalid' });
    },
    async startDemo() {
      return fail('demo-unavailable', {
        zh: '浏览器中没有内置演示服务器，请运行 npm run demo:web 并打开它显示的地址',
        en: 'A browser has no embedded demo hub; run npm run demo:web and open the address it prints',
      });
    },
    async resetSecrets() {
      return fail('reset-unavailable', {
        zh: '浏览器中的凭据保存在浏览器配置中，无需在此重置',
        en: 'A browser keeps its credentials in the browser profile; there is nothing to reset here',
      });
    },
    async updateSiteSettings(patch) {
      if (!unlocked()) return locked();
      const stored = connection();
      if (!stored) return fail('not-provisioned', { zh: '本机尚未配置', en: 'This machine is not provisioned yet' });
      const { counterNumber, idCardReader: _reader, ...settings } = patch;
      if (counterNumber !== undefined) writeJson(WEB_CONNECTION_KEY, { ...stored, counterNumber });
      writeJson(WEB_SETTINGS_KEY, { ...readJson<StoredSettings>(WEB_SETTINGS_KEY), ...settings });
      const config = siteConfig();
      return config ? ok(config) : fail('settings-invalid', { zh: '设置无效', en: 'The settings are invalid' });
    },
    async quitApp() {
      return fail('not-available', { zh: '请直接关闭浏览器标签页', en: 'Close the browser tab instead' });
    },
    async listPrinters() {
      return [];
    },
    async print(job) {
      return print(`web-${now().getTime()}-${Math.random().toString(36).slice(2, 8)}`, job);
    },
    async retryPrint(jobId) {
      const job = jobs.get(jobId);
      if (job) return print(jobId, job);
      return {
        ok: false,
        jobId,
        retryable: false,
        pdfCopy: null,
        error: { code: 'print-failed', message: { zh: '找不到该打印任务', en: 'That print job is gone' } },
      };
    },
    onIdCardRead(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async simulateIdCardRead(): Promise<BridgeResult> {
      const card = SIMULATED_CARDS[nextCard++ % SIMULATED_CARDS.length]!;
      const read: IdCardRead = { ...card, photo: SIMULATED_PHOTO, driver: 'simulated', readAt: now().toISOString() };
      for (const listener of listeners) listener(read);
      return okVoid;
    },
    reportError(report) {
      env.reportError(`[tongban] ${report.source}: ${report.message}`, report.stack ?? '');
    },
    async exportDiagnostics(state) {
      const config = siteConfig();
      const fileName = `tongban-diagnostics-${config?.siteCode ?? 'unprovisioned'}-${now().toISOString().replace(/[-:]/g, '').slice(0, 15)}.json`;
      // Same content as the desktop zip, less the logs a browser does not keep; the token is left out.
      const { token: _token, ...connectionWithoutToken } = connection() ?? { token: '' };
      env.download(
        fileName,
        JSON.stringify(
          { app: await bridge.getAppInfo(), config, connection: connectionWithoutToken, sync: state.syncStatus },
          null,
          2,
        ),
      );
      return ok({ path: fileName });
    },
  };
  return bridge;
}

/**
 * Reads `#hub=…&token=…` once, stores it, and removes it from the address bar so the token is not left in the
 * history, a bookmark or a screenshot. A fragment, not a query: it never reaches a server's access log.
 */
function takeConnectionFromAddress(
  env: WebBridgeEnvironment,
  writeJson: (key: string, value: unknown) => void,
  readJson: <T>(key: string) => T | null,
): void {
  const fragment = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const baseUrl = fragment.get('hub');
  const token = fragment.get('token');
  if (!baseUrl || !token) return;
  const counter = Number(fragment.get('counter') ?? '1');
  writeJson(WEB_CONNECTION_KEY, {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    token,
    siteCode: fragment.get('site') ?? '',
    deviceId: fragment.get('device') ?? '',
    counterNumber: Number.isInteger(counter) && counter >= 1 && counter <= 99 ? counter : 1,
  } satisfies StoredConnection);
  const mode = fragment.get('mode');
  const language = fragment.get('lang');
  writeJson(WEB_SETTINGS_KEY, {
    ...readJson<StoredSettings>(WEB_SETTINGS_KEY),
    ...(mode === 'counter' || mode === 'kiosk' ? { mode } : {}),
    ...(language === 'zh-CN' || language === 'en' ? { language } : {}),
  });
  env.replaceUrl(env.location.pathname + env.location.search);
}

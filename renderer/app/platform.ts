import { isUiLanguage, type UiLanguage } from '../i18n/index.ts';

/**
 * The platform pieces the counter app needs, whichever shell it runs in: how to reach the hub, which counter this
 * is, and the key for the local database's encrypted fields.
 *
 * In Electron they come from the preload bridge (`window.tongban`, declared in shared/ipc/bridge.ts). In a browser
 * (web mode) this adapter keeps them in localStorage, taken on first load from the address that `npm run demo:web`
 * prints (`#hub=…&token=…&site=…&device=…&counter=…`) or from the enrolment form. It is a small stand-in until the
 * web implementation of the bridge (renderer/platform) provides the same calls; only the bridge calls listed in
 * `CounterBridge` are used.
 */

export interface CounterHubConnection {
  baseUrl: string;
  token: string;
  siteCode: string;
  deviceId: string;
}

export interface CounterPlatform {
  shell: 'electron' | 'web';
  /** Null when this machine has not been enrolled with a hub yet. */
  connection: CounterHubConnection | null;
  counterNumber: number;
  databaseKey: string;
  /** The language the configuration asks for, if it says. */
  language: UiLanguage | null;
  fetch: typeof fetch;
}

/** The part of the Electron bridge the shell uses (a subset of `TongbanBridge`). */
interface CounterBridge {
  getHubConnection(): Promise<CounterHubConnection | null>;
  getDatabaseKey(): Promise<string>;
  getSiteConfig(): Promise<{ counterNumber: number; language: string } | null>;
}

export const WEB_CONNECTION_KEY = 'tongban.web.connection';
export const WEB_DATABASE_KEY = 'tongban.web.databaseKey';

interface StoredWebConnection extends CounterHubConnection {
  counterNumber: number;
}

function electronBridge(): CounterBridge | null {
  const candidate = (window as unknown as { tongban?: Partial<CounterBridge> }).tongban;
  return candidate && typeof candidate.getHubConnection === 'function' && typeof candidate.getDatabaseKey === 'function'
    ? (candidate as CounterBridge)
    : null;
}

export async function loadPlatform(): Promise<CounterPlatform> {
  const bridge = electronBridge();
  if (bridge) {
    const [connection, databaseKey, config] = await Promise.all([
      bridge.getHubConnection(),
      bridge.getDatabaseKey(),
      bridge.getSiteConfig(),
    ]);
    return {
      shell: 'electron',
      connection,
      counterNumber: config?.counterNumber ?? 1,
      databaseKey,
      language: isUiLanguage(config?.language) ? config.language : null,
      fetch: globalThis.fetch.bind(globalThis),
    };
  }
  takeConnectionFromAddress();
  const stored = readWebConnection();
  return {
    shell: 'web',
    connection: stored
      ? { baseUrl: stored.baseUrl, token: stored.token, siteCode: stored.siteCode, deviceId: stored.deviceId }
      : null,
    counterNumber: stored?.counterNumber ?? 1,
    databaseKey: webDatabaseKey(),
    language: null,
    fetch: globalThis.fetch.bind(globalThis),
  };
}

/**
 * Reads `#hub=…&token=…` once, stores it, and removes it from the address bar so the token is not left in the
 * history or a screenshot.
 */
export function takeConnectionFromAddress(): void {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const baseUrl = fragment.get('hub');
  const token = fragment.get('token');
  if (!baseUrl || !token) return;
  const counter = Number(fragment.get('counter') ?? '1');
  saveWebConnection({
    baseUrl,
    token,
    siteCode: fragment.get('site') ?? '',
    deviceId: fragment.get('device') ?? '',
    counterNumber: Number.isInteger(counter) && counter >= 1 && counter <= 99 ? counter : 1,
  });
  history.replaceState(null, '', location.pathname + location.search);
}

function readWebConnection(): StoredWebConnection | null {
  try {
    const value = JSON.parse(localStorage.getItem(WEB_CONNECTION_KEY) ?? 'null') as Partial<StoredWebConnection> | null;
    if (!value || typeof value.baseUrl !== 'string' || typeof value.token !== 'string') return null;
    return {
      baseUrl: value.baseUrl,
      token: value.token,
      siteCode: typeof value.siteCode === 'string' ? value.siteCode : '',
      deviceId: typeof value.deviceId === 'string' ? value.deviceId : '',
      counterNumber: typeof value.counterNumber === 'number' ? value.counterNumber : 1,
    };
  } catch {
    return null;
  }
}

export function saveWebConnection(connection: StoredWebConnection): void {
  localStorage.setItem(WEB_CONNECTION_KEY, JSON.stringify(connection));
}

/** A browser has no OS keychain: web mode keeps a random key per browser profile. */
function webDatabaseKey(): string {
  const existing = localStorage.getItem(WEB_DATABASE_KEY);
  if (existing) return existing;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const key = btoa(String.fromCharCode(...bytes));
  localStorage.setItem(WEB_DATABASE_KEY, key);
  return key;
}

export interface EnrolmentOutcome {
  ok: boolean;
  /** For the form: 'unreachable' or 'refused', with the hub's words. */
  problem?: { kind: 'unreachable' | 'refused'; reason: string };
}

/** Web mode: trades a technician's enrolment code for a device token, as `npm run hub -- enroll` prepares. */
export async function enrolBrowser(hubUrl: string, code: string, counterNumber: number): Promise<EnrolmentOutcome> {
  const baseUrl = hubUrl.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    return { ok: false, problem: { kind: 'unreachable', reason: (error as Error).message } };
  }
  const body = (await response.json().catch(() => ({}))) as {
    deviceId?: string;
    siteCode?: string;
    token?: string;
    error?: string;
    details?: unknown;
  };
  if (!response.ok || !body.token || !body.deviceId || !body.siteCode) {
    const details = typeof body.details === 'string' ? body.details : (body.error ?? response.statusText);
    return { ok: false, problem: { kind: 'refused', reason: details } };
  }
  saveWebConnection({ baseUrl, token: body.token, siteCode: body.siteCode, deviceId: body.deviceId, counterNumber });
  return { ok: true };
}

/** RxDB database names allow lower-case letters, digits, `-` and `_`: one database per enrolled device. */
export function databaseNameFor(connection: CounterHubConnection): string {
  const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return `tongban-${part(connection.siteCode || 'site')}-${part(connection.deviceId || 'device')}`;
}

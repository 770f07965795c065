import type { HubConnection } from '../../shared/ipc/bridge.ts';
import { getBridge } from '../platform/bridge.ts';
import { isUiLanguage, type UiLanguage } from '../i18n/index.ts';

/**
 * The platform pieces the counter app starts from, read once from the bridge (`getBridge()`: the preload's object in
 * Electron, the web implementation in a browser, which takes the hub address and device token from the address that
 * `npm run demo:web` prints).
 */
export interface CounterPlatform {
  shell: 'electron' | 'web';
  /** Null when this machine has not been provisioned (enrolled with a hub) yet. */
  connection: HubConnection | null;
  counterNumber: number;
  databaseKey: string;
  /** The language the site configuration asks for, if it says. */
  language: UiLanguage | null;
  fetch: typeof fetch;
}

export async function loadPlatform(): Promise<CounterPlatform> {
  const bridge = getBridge();
  const [info, connection, databaseKey, config] = await Promise.all([
    bridge.getAppInfo(),
    bridge.getHubConnection(),
    bridge.getDatabaseKey(),
    bridge.getSiteConfig(),
  ]);
  return {
    shell: info.shell,
    connection,
    counterNumber: config?.counterNumber ?? 1,
    databaseKey,
    language: isUiLanguage(config?.language) ? config.language : null,
    fetch: globalThis.fetch.bind(globalThis),
  };
}

/** RxDB database names allow lower-case letters, digits, `-` and `_`: one database per enrolled device. */
export function databaseNameFor(connection: HubConnection): string {
  const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return `tongban-${part(connection.siteCode || 'site')}-${part(connection.deviceId || 'device')}`;
}

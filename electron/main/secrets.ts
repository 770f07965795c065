import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStoragePort } from './ports.ts';
import type { LocalizedText } from '../../shared/ipc/localized.ts';

export const SECRETS_FILE_NAME = 'secrets.json';
/**
 * `enrolledMode` is not secret, but it lives with the enrolment it describes: when config.json is damaged, it still
 * says whether this machine is a kiosk that must stay locked down.
 */
export type SecretName = 'deviceToken' | 'databaseKey' | 'technicianPinHash' | 'enrolledMode';

export class SecretStorageUnavailableError extends Error {
  readonly text: LocalizedText = {
    zh: '系统密钥库不可用，无法安全保存设备凭据。请在已登录的桌面会话中运行，或联系技术支持。',
    en: "The system keychain is unavailable, so the device's credentials cannot be stored safely. Run the app in a logged-in desktop session, or contact support.",
  };
  constructor() {
    super('safeStorage encryption is not available');
  }
}

/**
 * Secrets of this machine — the hub's device token, RxDB's encryption key, the technician PIN's hash — each encrypted
 * with Electron's safeStorage (DPAPI on Windows, the keychain on macOS, libsecret/kwallet on Linux) and kept in one
 * file beside config.json. The file alone is useless on another machine or to another OS user.
 */
export class SecretStore {
  private cache: Record<string, string> | null = null;
  // Serialises writes: two concurrent set() calls would otherwise each write the file without the other's change.
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly safeStorage: SafeStoragePort,
  ) {}

  static inFolder(userData: string, safeStorage: SafeStoragePort): SecretStore {
    return new SecretStore(path.join(userData, SECRETS_FILE_NAME), safeStorage);
  }

  private async entries(): Promise<Record<string, string>> {
    if (this.cache) return this.cache;
    try {
      this.cache = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.cache = {};
    }
    return this.cache;
  }

  async get(name: SecretName): Promise<string | null> {
    const encrypted = (await this.entries())[name];
    if (encrypted === undefined) return null;
    if (!this.safeStorage.isEncryptionAvailable()) throw new SecretStorageUnavailableError();
    return this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
  }

  async set(name: SecretName, value: string): Promise<void> {
    if (!this.safeStorage.isEncryptionAvailable()) throw new SecretStorageUnavailableError();
    const encrypted = this.safeStorage.encryptString(value).toString('base64');
    await this.update((entries) => ({ ...entries, [name]: encrypted }));
  }

  async delete(name: SecretName): Promise<void> {
    await this.update(({ [name]: _removed, ...rest }) => rest);
  }

  async has(name: SecretName): Promise<boolean> {
    return (await this.entries())[name] !== undefined;
  }

  private update(change: (entries: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.writing.then(async () => {
      const entries = change(await this.entries());
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(entries), { mode: 0o600 });
      await rename(temporary, this.file);
      this.cache = entries;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/**
 * RxDB's field-encryption key: made once, on first request, and the same ever after — a new key would make every
 * stored personal field unreadable. Concurrent first requests share one creation.
 */
export function databaseKeyProvider(store: SecretStore, random: () => string): () => Promise<string> {
  let pending: Promise<string> | null = null;
  return () =>
    (pending ??= (async () => {
      const existing = await store.get('databaseKey');
      if (existing) return existing;
      const key = random();
      await store.set('databaseKey', key);
      return key;
    })().catch((error: unknown) => {
      pending = null;
      throw error;
    }));
}

import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStoragePort } from './ports.ts';
import type { LocalizedText } from '../../shared/ipc/localized.ts';
import { writeFileAtomically } from './atomic-file.ts';

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
 * secrets.json cannot be read (damaged) or its values no longer decrypt (the OS keychain's key changed: a new Windows
 * profile, a reset keyring). Nothing in it is recoverable on this machine; `text` tells the technician what that
 * means and the way out (Provisioning.resetSecrets).
 */
export class SecretsUnreadableError extends Error {
  readonly text: LocalizedText;
  constructor(
    readonly reason: 'file' | 'keychain',
    detail: string,
  ) {
    super(`secrets.json is unreadable (${reason}): ${detail}`);
    const what =
      reason === 'file'
        ? {
            zh: '本机的凭据文件 secrets.json 已损坏，无法读取',
            en: "This machine's credentials file secrets.json is damaged",
          }
        : {
            zh: '本机的凭据无法用系统密钥库解密（系统账户或密钥库已更换）',
            en: "This machine's credentials cannot be decrypted with the system keychain (the OS account or keychain changed)",
          };
    this.text = {
      zh: `${what.zh}。设备凭据、技术人员 PIN 和本地数据库密钥都无法使用；没有数据库密钥，本机数据库中的个人信息无法再解密。请技术人员重置本机凭据并重新配置：旧的凭据、配置和本地数据库会移到用户数据目录的 set-aside 文件夹中保留，不会删除；尚未同步到主岛服务器的记录无法恢复。`,
      en: `${what.en}. The device token, the technician PIN and the local database key are all unusable; without the database key the personal data in this machine's database cannot be decrypted any more. A technician resets this machine's credentials and provisions it again: the old credentials, configuration and local database are moved into the set-aside folder of the user-data folder and kept, not deleted; records not yet synced to the hub cannot be recovered.`,
    };
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
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return (this.cache = {});
    }
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch (error) {
      throw new SecretsUnreadableError('file', (error as Error).message);
    }
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) {
      throw new SecretsUnreadableError('file', 'not a JSON object');
    }
    if (Object.values(entries).some((value) => typeof value !== 'string')) {
      throw new SecretsUnreadableError('file', 'a value is not a string');
    }
    return (this.cache = entries as Record<string, string>);
  }

  async get(name: SecretName): Promise<string | null> {
    const encrypted = (await this.entries())[name];
    if (encrypted === undefined) return null;
    if (!this.safeStorage.isEncryptionAvailable()) throw new SecretStorageUnavailableError();
    try {
      return this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    } catch (error) {
      throw new SecretsUnreadableError('keychain', (error as Error).message);
    }
  }

  /** Why the secrets cannot be used — the file, or a value that does not decrypt — or null when they can. */
  async problem(): Promise<SecretsUnreadableError | null> {
    try {
      const entries = await this.entries();
      if (Object.keys(entries).length > 0 && !this.safeStorage.isEncryptionAvailable()) return null;
      for (const name of Object.keys(entries)) await this.get(name as SecretName);
      return null;
    } catch (error) {
      if (error instanceof SecretsUnreadableError) return error;
      throw error;
    }
  }

  /** Moves secrets.json into `folder` (kept, never deleted); the store is empty afterwards. */
  async setAside(folder: string): Promise<void> {
    const next = this.writing.then(async () => {
      await mkdir(folder, { recursive: true });
      try {
        await rename(this.file, path.join(folder, path.basename(this.file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      this.cache = {};
    });
    this.writing = next.catch(() => undefined);
    return next;
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
      await writeFileAtomically(this.file, JSON.stringify(entries), 0o600);
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

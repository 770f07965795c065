import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { SHELL_MODES, parseSiteConfig, type ShellMode, type SiteConfig } from '../../shared/ipc/site-config.ts';
import type { LocalizedText } from '../../shared/ipc/localized.ts';
import { writeFileAtomically } from './atomic-file.ts';

export const CONFIG_FILE_NAME = 'config.json';

export type ConfigLoad =
  | { state: 'missing' }
  /** `mode` is what the unusable file still says, when it is JSON with a known mode: a kiosk stays locked down. */
  | { state: 'invalid'; problems: LocalizedText[]; mode?: ShellMode }
  | { state: 'ok'; config: SiteConfig };

/**
 * `config.json` in userData. Read once at start and after every change; written atomically (a temporary file of its
 * own, flushed to disk, then a rename) so a power cut during provisioning leaves the old file or the new one, never
 * half of one. Writes go one at a time, and `update` reads the configuration only when its turn comes, so two
 * changes at once (the officer's language, the technician's printer) both arrive.
 */
export class SiteConfigStore {
  private loaded: ConfigLoad = { state: 'missing' };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  static inFolder(userData: string): SiteConfigStore {
    return new SiteConfigStore(path.join(userData, CONFIG_FILE_NAME));
  }

  async load(): Promise<ConfigLoad> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.loaded = { state: 'missing' });
      return (this.loaded = {
        state: 'invalid',
        problems: [
          {
            zh: `无法读取配置文件 ${this.file}：${(error as Error).message}`,
            en: `Cannot read the configuration file ${this.file}: ${(error as Error).message}`,
          },
        ],
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return (this.loaded = {
        state: 'invalid',
        problems: [
          {
            zh: `配置文件 ${this.file} 不是有效的 JSON：${(error as Error).message}`,
            en: `The configuration file ${this.file} is not valid JSON: ${(error as Error).message}`,
          },
        ],
      });
    }
    const parsed = parseSiteConfig(json);
    if (parsed.ok) return (this.loaded = { state: 'ok', config: parsed.config });
    const mode = (json as { mode?: unknown } | null)?.mode;
    const known = SHELL_MODES.find((m) => m === mode);
    return (this.loaded = { state: 'invalid', problems: parsed.problems, ...(known ? { mode: known } : {}) });
  }

  /** The configuration last loaded or saved; null when there is none or it is invalid. */
  get current(): SiteConfig | null {
    return this.loaded.state === 'ok' ? this.loaded.config : null;
  }

  get state(): ConfigLoad {
    return this.loaded;
  }

  save(config: SiteConfig): Promise<SiteConfig> {
    return this.inTurn(() => this.write(config));
  }

  /** Read-modify-write in turn: `change` sees the configuration as the write before it left it. Null if none. */
  update(change: (current: SiteConfig) => SiteConfig): Promise<SiteConfig | null> {
    return this.inTurn(async () => {
      const current = this.current;
      return current ? this.write(change(current)) : null;
    });
  }

  /** Moves config.json into `folder` (kept, never deleted); the machine is then unconfigured. */
  setAside(folder: string): Promise<void> {
    return this.inTurn(async () => {
      await mkdir(folder, { recursive: true });
      try {
        await rename(this.file, path.join(folder, path.basename(this.file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      this.loaded = { state: 'missing' };
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(config: SiteConfig): Promise<SiteConfig> {
    const parsed = parseSiteConfig(config);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.en).join('; '));
    await writeFileAtomically(this.file, `${JSON.stringify(parsed.config, null, 2)}\n`);
    this.loaded = { state: 'ok', config: parsed.config };
    return parsed.config;
  }
}

import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { scrubPersonalData } from './logging.ts';

/** Keys that are never exported, at any depth: a diagnostics zip is mailed around and left on USB sticks. */
export const isSecretKey = (key: string): boolean =>
  /token|secret|password|passphrase|authorization|cookie/i.test(key) ||
  /^(pin|key)/i.test(key) ||
  /(Pin|Key)([A-Z]|$)/.test(key);

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        isSecretKey(key) ? '[removed]' : withoutSecrets(inner),
      ]),
    );
  }
  return value;
}

export interface DiagnosticsContent {
  /** Log files to include as they are (main.log and its archives). */
  logFiles: string[];
  /** The site configuration; secrets are removed again here in case one was added to it by mistake. */
  config: unknown;
  /** App, platform, keychain backend, printers, recovery history … */
  app: Record<string, unknown>;
  /** The renderer's sync status, as its sync client reports it. */
  sync: unknown;
}

export const diagnosticsFileName = (siteCode: string | null, now: Date) =>
  `tongban-diagnostics-${siteCode ?? 'unprovisioned'}-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}.zip`;

/** Writes the zip a technician sends to support; returns its path. */
export async function writeDiagnosticsZip(file: string, content: DiagnosticsContent): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const zip = new yazl.ZipFile();
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  zip.addBuffer(json(withoutSecrets(content.config)), 'config.json');
  zip.addBuffer(json(withoutSecrets(content.app)), 'app.json');
  zip.addBuffer(json(withoutSecrets(content.sync)), 'sync-status.json');
  // Scrubbed again: lines written before scrubbing existed, or by a path that missed it.
  for (const log of content.logFiles) {
    zip.addBuffer(Buffer.from(scrubPersonalData(await readFile(log, 'utf8')), 'utf8'), `logs/${path.basename(log)}`);
  }
  const output = createWriteStream(file, { mode: 0o600 });
  zip.outputStream.pipe(output);
  zip.end();
  await finished(output);
  return file;
}

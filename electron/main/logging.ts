import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RendererErrorReport } from '../../shared/ipc/bridge.ts';

/** What every main-process module logs through; electron-log in the app, a recording fake in tests. */
export interface Logger {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

export const LOG_FILE_NAME = 'main.log';
/** A counter writes a few hundred lines a day; 5 × 5 MB is weeks of history for a technician's diagnostics. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_ARCHIVES_KEPT = 4;

/** The archived files of `main.log`, newest first: main.1.log … main.N.log. */
export const archivedLogName = (index: number) => LOG_FILE_NAME.replace(/\.log$/, `.${index}.log`);

/**
 * Rotation for electron-log, which by default keeps a single `.old` file. Shifts main.log → main.1.log → … and drops
 * the oldest. Synchronous because electron-log calls it between two writes.
 */
export function rotateLogFiles(currentFile: string, keep = LOG_ARCHIVES_KEPT): void {
  const dir = path.dirname(currentFile);
  rmSync(path.join(dir, archivedLogName(keep)), { force: true });
  for (let index = keep - 1; index >= 1; index--) {
    const from = path.join(dir, archivedLogName(index));
    if (existsSync(from)) renameSync(from, path.join(dir, archivedLogName(index + 1)));
  }
  renameSync(currentFile, path.join(dir, archivedLogName(1)));
}

/** The log files in a folder, current first, for the diagnostics export. */
export function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const archives = readdirSync(dir)
    .filter((name) => /^main\.\d+\.log$/.test(name))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return [LOG_FILE_NAME, ...archives].filter((name) => existsSync(path.join(dir, name))).map((n) => path.join(dir, n));
}

/** The subset of electron-log's logger that setupLogging configures. */
export interface ElectronLogLike extends Logger {
  transports: {
    file: {
      resolvePathFn: (...args: never[]) => string;
      maxSize: number;
      // Method syntax: electron-log's own parameter type (LogFile) is wider than what we read from it.
      archiveLogFn(file: { toString(): string }): void;
      level: string | false;
    };
    console: { level: string | false };
  };
  errorHandler: { startCatching(options?: { showDialog?: boolean }): void };
}

export function setupLogging(log: ElectronLogLike, options: { logsDir: string; packaged: boolean }): Logger {
  const file = path.join(options.logsDir, LOG_FILE_NAME);
  log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.archiveLogFn = (current) => rotateLogFiles(current.toString());
  log.transports.file.level = 'info';
  log.transports.console.level = options.packaged ? false : 'info';
  // An uncaught error in the main process is logged; no dialog, which a kiosk user could not dismiss.
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

/**
 * Renderer errors go to the same log, marked as such. A page stuck in an error loop must not fill the disk of a
 * machine nobody watches: past `maxPerMinute` reports in a minute, the rest are counted and summarised once.
 */
export function createRendererErrorSink(
  log: Logger,
  options: { now?: () => number; maxPerMinute?: number } = {},
): (report: RendererErrorReport) => void {
  const now = options.now ?? Date.now;
  const max = options.maxPerMinute ?? 30;
  let windowStart = now();
  let count = 0;
  let dropped = 0;
  return (report) => {
    const time = now();
    if (time - windowStart >= 60_000) {
      if (dropped > 0) log.warn(`[renderer] ${dropped} more errors in the last minute were not logged`);
      windowStart = time;
      count = 0;
      dropped = 0;
    }
    if (++count > max) {
      dropped++;
      return;
    }
    log.error(
      scrubPersonalData(`[renderer] ${report.source}: ${report.message}${report.stack ? `\n${report.stack}` : ''}`),
    );
  };
}

/** Embedded JSON longer than this is a document, not a hint: it is cut out of logged text. */
export const LOGGED_JSON_MAX_CHARS = 200;

/**
 * Personal data out of text bound for the log or a diagnostics zip: RxDB's errors embed whole documents (an
 * applicant's ID number, mobile, address). Long embedded JSON objects are cut to their length; ID-card numbers (15 or
 * 18 characters) and mobile numbers left anywhere are masked.
 */
export function scrubPersonalData(text: string): string {
  return withoutLongJson(text)
    .replace(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, '[ID number removed]')
    .replace(/(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])/g, '[ID number removed]')
    .replace(/(?<![\dA-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![\dA-Za-z])/g, '[mobile removed]');
}

function withoutLongJson(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const close = matchingBrace(text, open);
    if (close < 0) break;
    out += text.slice(i, open);
    const length = close - open + 1;
    out += length > LOGGED_JSON_MAX_CHARS ? `{… ${length} characters removed …}` : text.slice(open, close + 1);
    i = close + 1;
  }
  return out + text.slice(i);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

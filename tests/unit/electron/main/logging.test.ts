import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LOG_MAX_BYTES,
  createRendererErrorSink,
  logFiles,
  rotateLogFiles,
  scrubPersonalData,
  setupLogging,
  type ElectronLogLike,
} from '../../../../electron/main/logging.ts';
import { RecordingLogger } from '../../../helpers/fake-electron.ts';

describe('rotateLogFiles', () => {
  it('shifts main.log into numbered archives and drops the oldest beyond the limit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-logs-'));
    const current = path.join(dir, 'main.log');
    for (let round = 1; round <= 5; round++) {
      await writeFile(current, `round ${round}`);
      rotateLogFiles(current, 3);
    }
    expect((await readdir(dir)).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect(await readFile(path.join(dir, 'main.1.log'), 'utf8')).toBe('round 5');
    expect(await readFile(path.join(dir, 'main.3.log'), 'utf8')).toBe('round 3');
    await writeFile(current, 'now');
    expect(logFiles(dir).map((f) => path.basename(f))).toEqual(['main.log', 'main.1.log', 'main.2.log', 'main.3.log']);
  });
});

describe('setupLogging', () => {
  it('writes to main.log in the logs folder, rotates by size, and catches errors without a dialog', () => {
    const caught: unknown[] = [];
    const fake = Object.assign(new RecordingLogger(), {
      transports: {
        file: { resolvePathFn: () => '', maxSize: 0, archiveLogFn: () => undefined, level: 'silly' as string | false },
        console: { level: 'silly' as string | false },
      },
      errorHandler: { startCatching: (options?: unknown) => caught.push(options) },
    }) satisfies ElectronLogLike;
    setupLogging(fake, { logsDir: '/var/log/tongban', packaged: true });
    expect(fake.transports.file.resolvePathFn()).toBe(path.join('/var/log/tongban', 'main.log'));
    expect(fake.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    expect(fake.transports.console.level).toBe(false);
    expect(caught).toEqual([{ showDialog: false }]);
  });
});

describe('createRendererErrorSink', () => {
  it('logs renderer errors with their source and stack, marked as from the renderer', () => {
    const log = new RecordingLogger();
    createRendererErrorSink(log)({ source: 'window.onerror', message: 'x is undefined', stack: 'at App.tsx:12' });
    expect(log.lines).toEqual([{ level: 'error', text: '[renderer] window.onerror: x is undefined\nat App.tsx:12' }]);
  });

  it('stops logging a flood of errors after the limit and summarises what it left out', () => {
    const log = new RecordingLogger();
    const clock = { now: 0 };
    const sink = createRendererErrorSink(log, { now: () => clock.now, maxPerMinute: 3 });
    for (let i = 0; i < 10; i++) sink({ source: 'loop', message: `error ${i}` });
    expect(log.lines).toHaveLength(3);
    clock.now = 61_000;
    sink({ source: 'loop', message: 'later' });
    expect(log.lines.slice(3)).toEqual([
      { level: 'warn', text: '[renderer] 7 more errors in the last minute were not logged' },
      { level: 'error', text: '[renderer] loop: later' },
    ]);
  });
});

describe('personal data in logged renderer errors', () => {
  it('keeps an RxDB conflict’s ID number, mobile and address out of the log, and the error’s gist in it', () => {
    const lines: string[] = [];
    const sink = createRendererErrorSink({ info: () => {}, warn: () => {}, error: (line: string) => lines.push(line) });
    const document = {
      id: 'c1',
      applicant: { name: '林小梅', idNumber: '350128199001011234', mobile: '13800000000', address: '平潭县东庠乡' },
    };
    const message = `RxError (CONFLICT): Document update conflict. Given parameters: {
  "collection": "cases",
  "id": "c1",
  "writeError": ${JSON.stringify({ status: 409, documentId: 'c1', writeRow: { document } }, null, 2)}
}`;
    sink({ source: 'unhandledrejection', message, stack: `${message}\n    at newRxError (rxdb.js:1:1)` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('RxError (CONFLICT): Document update conflict');
    expect(lines[0]).toContain('at newRxError');
    for (const personal of ['350128199001011234', '13800000000', '平潭县东庠乡', '林小梅']) {
      expect(lines[0]).not.toContain(personal);
    }
    expect(scrubPersonalData('reader 35012819900101123X, tel 13912345678, old card 350128900101123')).toBe(
      'reader [ID number removed], tel [mobile removed], old card [ID number removed]',
    );
    expect(scrubPersonalData('case 2026-000123 at counter 3: {"id":"c1"}')).toBe(
      'case 2026-000123 at counter 3: {"id":"c1"}',
    );
  });
});

import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, readAcceptances, scan, type Finding } from '../../../build/security/electronegativity.ts';

const finding = (id: string, file: string): Finding => ({
  id,
  file,
  line: 1,
  column: 0,
  severity: 'HIGH',
  confidence: 'CERTAIN',
  description: id,
  manualReview: false,
});

describe('judge', () => {
  it('fails every finding that no acceptance names', () => {
    const verdict = judge([finding('NODE_INTEGRATION_JS_CHECK', 'main/index.js')], []);
    expect(verdict.failures.map((f) => f.id)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
  });

  it('accepts a finding by id, in the named file only, and reports acceptances that matched nothing', () => {
    const acceptances = [
      { id: 'CSP_GLOBAL_CHECK', file: 'renderer/index.html', reason: 'script-src self is the bundle only' },
      { id: 'SANDBOX_JS_CHECK', reason: 'a stale acceptance for a finding that is gone' },
    ];
    const verdict = judge(
      [finding('CSP_GLOBAL_CHECK', 'renderer/index.html'), finding('CSP_GLOBAL_CHECK', 'renderer/other.html')],
      acceptances,
    );
    expect(verdict.accepted.map((a) => a.finding.file)).toEqual(['renderer/index.html']);
    expect(verdict.failures.map((f) => f.file)).toEqual(['renderer/other.html']);
    expect(verdict.unused).toEqual([acceptances[1]]);
  });

  it('accepts no more occurrences than the acceptance names: a second flagged call fails the gate', () => {
    const acceptances = [
      { id: 'CUSTOM_ARGUMENTS_JS_CHECK', file: 'main/index.js', occurrences: 1, reason: 'one js-flags heap size' },
    ];
    const verdict = judge(
      [finding('CUSTOM_ARGUMENTS_JS_CHECK', 'main/index.js'), finding('CUSTOM_ARGUMENTS_JS_CHECK', 'main/index.js')],
      acceptances,
    );
    expect(verdict.accepted).toHaveLength(1);
    expect(verdict.failures.map((f) => f.id)).toEqual(['CUSTOM_ARGUMENTS_JS_CHECK']);
  });
});

describe('readAcceptances', () => {
  it('refuses an acceptance without a written reason', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'tongban-accepted-')), 'accepted.json');
    await writeFile(file, JSON.stringify([{ id: 'CSP_GLOBAL_CHECK', reason: 'ok' }]));
    expect(() => readAcceptances(file)).toThrow(/"reason" must explain/);
  });

  it('reads the project list, where every entry has a reason', () => {
    const entries = readAcceptances(
      path.resolve(import.meta.dirname, '../../../build/security/accepted-findings.json'),
    );
    expect(entries.every((e) => e.reason.length >= 30)).toBe(true);
  });
});

describe('scan', () => {
  it('finds the classic mistakes in an insecure main process, offline', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-insecure-'));
    await writeFile(
      path.join(dir, 'index.js'),
      `const { BrowserWindow } = require('electron');
       const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
       win.loadURL('http://example.com/');`,
    );
    const result = await scan({ main: dir }, '45.5.0');
    const ids = result.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
    expect(judge(result.findings, []).failures.length).toBeGreaterThan(0);
  });
});

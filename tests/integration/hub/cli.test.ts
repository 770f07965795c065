// Runs `hub/cli.ts` as a child process, as `npm run hub -- …` does, on a PGlite directory of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cliPath = join(repoRoot, 'hub/cli.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runHubCli(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', tsxLoader, cliPath, ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '', PORT: '', HOST: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** A message a technician can act on: Chinese first, then English after a slash, and no stack trace. */
function expectClearMessage(run: Run, mentions: string): void {
  expect(run.code).not.toBe(0);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  const first = run.stderr.trim().split('\n')[0] ?? '';
  // Chinese, then the English after a slash.
  expect(first).toMatch(/[\u4e00-\u9fff].*\/ [A-Za-z]/);
  expect(first).toContain(mentions);
}

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tongban-hub-cli-'));
  env = { HUB_DATA_DIR: join(dir, 'hub') };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run hub -- … with a wrong command line', () => {
  it('names an unknown option instead of printing a stack trace', async () => {
    const run = await runHubCli(['enroll', '--sitee', 'DX'], env);
    expectClearMessage(run, '--sitee');
    expect(run.code).toBe(2);
  });

  it('says which options enroll is missing, in Chinese and English', async () => {
    const run = await runHubCli(['enroll', '--site', 'DX'], env);
    expectClearMessage(run, '--name');
    expect(run.code).toBe(2);
  });

  it('names a catalogue file that does not exist', async () => {
    const run = await runHubCli(['catalogue', 'load', join(dir, 'missing.json')], env);
    expectClearMessage(run, 'missing.json');
  });

  it('names a catalogue file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"categories": [');
    const run = await runHubCli(['catalogue', 'load', file], env);
    expectClearMessage(run, 'broken.json');
  });

  it('refuses PORT=abc with a message naming PORT', async () => {
    const run = await runHubCli(['devices'], { ...env, PORT: 'abc' });
    expectClearMessage(run, 'PORT');
  });

  it('refuses a DATABASE_URL that is not a postgres:// address', async () => {
    const run = await runHubCli(['devices'], { ...env, DATABASE_URL: 'tongban-db' });
    expectClearMessage(run, 'DATABASE_URL');
  });

  it('says the database cannot be reached when DATABASE_URL points nowhere', async () => {
    const run = await runHubCli(['devices'], { ...env, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none' });
    expectClearMessage(run, 'DATABASE_URL');
  });

  it('passes on a refusal of the hub with a Chinese lead (an unknown site)', async () => {
    const run = await runHubCli(['enroll', '--site', 'ZZ', '--name', '1号窗口'], env);
    expectClearMessage(run, 'ZZ');
  });

  it('names an unknown command', async () => {
    const run = await runHubCli(['enrol', '--site', 'DX'], env);
    expectClearMessage(run, 'enrol');
    expect(run.code).toBe(2);
  });

  it('says so when no device is enrolled, instead of printing nothing', async () => {
    const run = await runHubCli(['devices'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^尚无已登记的设备.*\/ no devices enrolled yet/);
  });
});

/**
 * `npm run package` as this machine can run it: electron-vite builds out/, then electron-builder packs an unpacked
 * Linux app against a stand-in Electron distribution (no Electron binary can be downloaded here). Checks what the
 * packaged app carries and that the fuse step skipped the stand-in and said so. About 40 s.
 */
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const ELECTRON_VERSION = (
  JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** What electron-builder copies from an unpacked Linux Electron distribution; the binary is a shell script. */
async function standInElectron(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await writeFile(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron, not a real binary" >&2\nexit 1\n');
  await chmod(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), ELECTRON_VERSION);
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in for the Electron licence\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<p>stand-in for the Chromium licences</p>\n');
  await writeFile(path.join(dir, 'locales', 'en-US.pak'), '');
  await writeFile(path.join(dir, 'locales', 'zh-CN.pak'), '');
}

/** Package names the built main process imports at run time (static and dynamic), without Node's and Electron's. */
function runtimeImports(bundle: string): string[] {
  const specifiers = [...bundle.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)].map(
    (match) => match[1]!,
  );
  const packages = specifiers
    .filter((name) => !name.startsWith('node:') && name !== 'electron')
    .map((name) =>
      name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(packages)].sort();
}

describe('npm run package (against a stand-in Electron)', () => {
  let work: string;
  let appOutDir: string;
  let asarPath: string;
  let entries: string[];
  let output: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'tongban-package-'));
    await standInElectron(path.join(work, 'electron-dist'));
    await run(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: ROOT,
    });
    const builder = await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--config',
        'electron-builder.config.ts',
        '--linux',
        '--dir',
        `-c.electronDist=${path.join(work, 'electron-dist')}`,
        `-c.directories.output=${path.join(work, 'release')}`,
      ],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true' } },
    );
    output = builder.stdout + builder.stderr;
    appOutDir = path.join(work, 'release', 'linux-unpacked');
    asarPath = path.join(appOutDir, 'resources', 'app.asar');
    entries = listPackage(asarPath, { isPack: false });
  }, 240_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs the app into resources/app.asar beside the renamed executable, with no loose app folder', async () => {
    expect((await stat(asarPath)).isFile()).toBe(true);
    expect((await stat(path.join(appOutDir, 'tongban'))).isFile()).toBe(true);
    await expect(access(path.join(appOutDir, 'resources', 'app'))).rejects.toThrow();
    await expect(access(path.join(appOutDir, 'LICENSE.electron.txt'))).resolves.toBeUndefined();
  });

  it('carries the built main process, preload, pages and package.json, byte for byte as built', async () => {
    for (const file of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/provisioning.html',
    ]) {
      expect(entries).toContain(`/${file}`);
      expect(extractFile(asarPath, file).equals(await readFile(path.join(ROOT, file)))).toBe(true);
    }
    const packed = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    expect(packed.main).toBe('out/main/index.js');
  });

  it('carries nothing of ours but the built bundle: no sources, tests, tools, data, web build or source maps', () => {
    const ours = entries.filter((entry) => entry !== '/node_modules' && !entry.startsWith('/node_modules/'));
    const allowed = /^\/(package\.json|out|out\/(main|preload|renderer)(\/.*)?)$/;
    expect(ours.filter((entry) => !allowed.test(entry))).toEqual([]);
    expect(ours.filter((entry) => /\.(tsx?|map)$/.test(entry))).toEqual([]);
  });

  it('carries every package the main process imports at run time (electron-vite leaves them outside the bundle)', async () => {
    const imports = runtimeImports(await readFile(path.join(ROOT, 'out/main/index.js'), 'utf8'));
    expect(imports).toEqual(expect.arrayContaining(['fastify', '@electric-sql/pglite', 'electron-log']));
    const missing = imports.filter((name) => !entries.includes(`/node_modules/${name}/package.json`));
    expect(missing).toEqual([]);
  });

  it('leaves the development tools out of node_modules', () => {
    for (const name of ['electron', 'electron-builder', 'vitest', 'typescript', 'vite']) {
      expect(entries).not.toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('skips the fuses for the stand-in and says why in the build output', () => {
    expect(output).toContain('fuses: skipped: not a real Electron binary');
    expect(output).not.toContain('fuses: set');
  });
});

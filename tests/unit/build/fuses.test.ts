import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FUSE_SENTINEL,
  TONGBAN_FUSES,
  afterPack,
  applyFuses,
  isRealElectronBinary,
  packedExecutable,
  type PackedApp,
} from '../../../build/fuses.ts';

const file = async (name: string, content: Buffer | string) => {
  const target = path.join(await mkdtemp(path.join(os.tmpdir(), 'tongban-fuses-')), name);
  await writeFile(target, content);
  return target;
};

describe('fuses', () => {
  it('turns off running as Node, NODE_OPTIONS and the inspector, and requires an integrity-checked asar', () => {
    expect(TONGBAN_FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    });
  });

  it('recognises a binary with the fuse wire, even past the first chunk, and not a stand-in or a missing file', async () => {
    const padding = Buffer.alloc(9 * 1024 * 1024, 0x41);
    expect(
      await isRealElectronBinary(
        await file('electron', Buffer.concat([padding, Buffer.from(`${FUSE_SENTINEL}\x01\x08`)])),
      ),
    ).toBe(true);
    expect(await isRealElectronBinary(await file('electron', '#!/bin/sh\necho stand-in\n'))).toBe(false);
    expect(await isRealElectronBinary('/nonexistent/electron')).toBe(false);
  });

  it('changes nothing and says why when there is no real Electron binary', async () => {
    const flipped: string[] = [];
    const outcome = await applyFuses(await file('tongban', 'stand-in'), async (executable) => {
      flipped.push(executable);
      return 0;
    });
    expect(outcome).toMatchObject({ applied: false, reason: expect.stringContaining('not an Electron binary') });
    expect(flipped).toEqual([]);
  });

  it('flips the fuses of a real binary', async () => {
    const executable = await file('tongban', `binary${FUSE_SENTINEL}\x01\x08`);
    const outcome = await applyFuses(executable, async (target, config) => {
      expect([target, config]).toEqual([executable, TONGBAN_FUSES]);
      return 5;
    });
    expect(outcome).toEqual({ applied: true, fusesChanged: 5 });
  });

  describe('the afterPack hook', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    const packed = (appOutDir: string, electronPlatformName: string, electronDist?: string): PackedApp => ({
      appOutDir,
      electronPlatformName,
      packager: {
        appInfo: { productFilename: '通办 Tongban' },
        ...(electronPlatformName === 'linux' ? { executableName: 'tongban' } : {}),
        config: { electronDist },
      },
    });

    it('finds the executable where electron-builder puts it on each platform', () => {
      expect(packedExecutable(packed('/r', 'linux'))).toBe(path.join('/r', 'tongban'));
      expect(packedExecutable(packed('/r', 'win32'))).toBe(path.join('/r', '通办 Tongban.exe'));
      expect(packedExecutable(packed('/r', 'darwin'))).toBe(
        path.join('/r', '通办 Tongban.app', 'Contents', 'MacOS', '通办 Tongban'),
      );
    });

    it('skips a stand-in given as electronDist and says so', async () => {
      const appOutDir = await mkdtemp(path.join(os.tmpdir(), 'tongban-fuses-'));
      await writeFile(path.join(appOutDir, 'tongban'), '#!/bin/sh\n');
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      expect(await afterPack(packed(appOutDir, 'linux', '/stand-in'))).toMatchObject({ applied: false });
      expect(log.mock.calls).toEqual([[expect.stringContaining('fuses: skipped: not a real Electron binary')]]);
    });

    it('fails the build when a downloaded Electron has no fuse wire or the executable is missing', async () => {
      const appOutDir = await mkdtemp(path.join(os.tmpdir(), 'tongban-fuses-'));
      await expect(afterPack(packed(appOutDir, 'linux', '/stand-in'))).rejects.toThrow('does not exist');
      await writeFile(path.join(appOutDir, 'tongban'), 'no wire');
      await expect(afterPack(packed(appOutDir, 'linux'))).rejects.toThrow('downloaded Electron has no fuse wire');
    });

    it('sets the fuses on a real binary', async () => {
      const appOutDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tongban-fuses-')), 'win-unpacked');
      await mkdir(appOutDir);
      const executable = path.join(appOutDir, '通办 Tongban.exe');
      await writeFile(executable, `binary${FUSE_SENTINEL}\x01\x08`);
      const flipped: string[] = [];
      vi.spyOn(console, 'log').mockImplementation(() => {});
      const outcome = await afterPack(packed(appOutDir, 'win32'), async (target) => {
        flipped.push(target);
        return 5;
      });
      expect([outcome, flipped]).toEqual([{ applied: true, fusesChanged: 5 }, [executable]]);
    });
  });
});

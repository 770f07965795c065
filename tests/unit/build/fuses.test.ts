import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { FUSE_SENTINEL, TONGBAN_FUSES, applyFuses, isRealElectronBinary } from '../../../build/fuses.ts';

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
});

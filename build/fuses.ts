/**
 * Electron fuses for packaged builds: switches compiled into the Electron binary that no command line or environment
 * can turn back on. Applied to the packaged app's executable after packing (electron-builder's afterPack, or by hand:
 * `tsx build/fuses.ts <path to the packaged executable>`).
 *
 * Only a real Electron binary carries the fuse wire. Our machines cannot download one, so builds here pack against a
 * stand-in; this script then says so and changes nothing, rather than failing the build or pretending.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, type FuseV1Config } from '@electron/fuses';

/** The marker @electron/fuses looks for: it precedes the fuse wire in every Electron binary since 12. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

export const TONGBAN_FUSES: FuseV1Config = {
  version: FuseVersion.V1,
  // `ELECTRON_RUN_AS_NODE=1 Tongban.exe script.js` would run any script with the app's privileges.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app runs only from its signed, integrity-checked app.asar, never from a loose folder planted beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  resetAdHocDarwinSignature: process.platform === 'darwin',
};

/** True when `file` is an Electron executable with a fuse wire (a stand-in or a missing file is not). */
export async function isRealElectronBinary(file: string): Promise<boolean> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    size = info.size;
  } catch {
    return false;
  }
  const sentinel = Buffer.from(FUSE_SENTINEL, 'latin1');
  const handle = await open(file, 'r');
  try {
    // Read in overlapping chunks: the binary is ~150 MB and the wire can be anywhere in it.
    const chunk = Buffer.alloc(8 * 1024 * 1024);
    for (let offset = 0; offset < size; offset += chunk.length - sentinel.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      if (chunk.subarray(0, bytesRead).includes(sentinel)) return true;
      if (bytesRead < chunk.length) break;
    }
    return false;
  } finally {
    await handle.close();
  }
}

export type FuseOutcome = { applied: true; fusesChanged: number } | { applied: false; reason: string };

export async function applyFuses(executable: string, flip: typeof flipFuses = flipFuses): Promise<FuseOutcome> {
  if (!(await isRealElectronBinary(executable))) {
    return { applied: false, reason: `${executable} is not an Electron binary with a fuse wire (a stand-in?)` };
  }
  return { applied: true, fusesChanged: await flip(executable, TONGBAN_FUSES) };
}

/** electron-builder `afterPack` hook: the packaged executable is in `appOutDir`. */
export async function afterPack(context: {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string } };
}): Promise<void> {
  const name = context.packager.appInfo.productFilename;
  const executable =
    context.electronPlatformName === 'darwin'
      ? path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name)
      : path.join(context.appOutDir, context.electronPlatformName === 'win32' ? `${name}.exe` : name);
  const outcome = await applyFuses(executable);
  console.log(outcome.applied ? `fuses: set on ${executable}` : `fuses: skipped: ${outcome.reason}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const executable = process.argv[2];
  if (!executable) {
    console.error('usage: tsx build/fuses.ts <path to the packaged Electron executable>');
    process.exit(2);
  }
  applyFuses(path.resolve(executable)).then(
    (outcome) =>
      console.log(
        outcome.applied ? `fuses: set (${outcome.fusesChanged} changed)` : `fuses: skipped: ${outcome.reason}`,
      ),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

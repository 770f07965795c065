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

/** What afterPack needs of electron-builder's AfterPackContext. */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  packager: {
    appInfo: { productFilename: string };
    /** Set by electron-builder's Linux packager: the binary is renamed to it there. */
    executableName?: string;
    config: { electronDist?: unknown };
  };
}

/** The packaged Electron executable, where electron-builder 26 puts and names it. */
export function packedExecutable(context: PackedApp): string {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName ?? name);
  }
}

/**
 * electron-builder `afterPack` hook (runs before signing, as fuses must). Skips a stand-in only when the build was
 * given its own Electron (`electronDist`); a downloaded Electron without the fuse wire, or a missing executable, fails
 * the build rather than ship without fuses.
 */
export async function afterPack(context: PackedApp, flip: typeof flipFuses = flipFuses): Promise<FuseOutcome> {
  const executable = packedExecutable(context);
  try {
    await stat(executable);
  } catch {
    throw new Error(`fuses: the packaged executable ${executable} does not exist`);
  }
  const outcome = await applyFuses(executable, flip);
  if (outcome.applied) {
    console.log(`fuses: set on ${executable} (${outcome.fusesChanged} changed)`);
  } else if (context.packager.config.electronDist == null) {
    throw new Error(`fuses: the downloaded Electron has no fuse wire: ${outcome.reason}`);
  } else {
    console.log(`fuses: skipped: not a real Electron binary: ${outcome.reason}`);
  }
  return outcome;
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

/**
 * Packaging (electron-builder 26, which reads a TypeScript config through jiti). `npm run package` packs an unpacked
 * app for this machine into release/; `npm run package -- --linux tar.gz`, `--win nsis` or `--mac dmg` build the
 * installers (README, "Packaging", says which of them need internet).
 *
 * Builds use the Electron binary electron-builder downloads for the version in node_modules/electron, unless
 * `-c.electronDist=<dir>` names an unpacked Electron distribution (our machines, which cannot download one, pack
 * against a stand-in that way: tests/integration/build/package.test.ts).
 */
import type { Configuration } from 'electron-builder';
import { afterPack as applyFusesAfterPack } from './build/fuses.ts';

const config: Configuration = {
  appId: 'cn.pingtan.tongban',
  productName: '通办 Tongban',
  copyright: 'Pingtan public security bureau',
  directories: { output: 'release', buildResources: 'build' },
  // Only the built app: no sources, tests, tools or data. electron-builder adds all production dependencies: the main
  // process imports some at run time (electron-vite leaves `dependencies` outside the main bundle).
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map'],
  extraResources: [],
  asar: true,
  // No native modules (PGlite is WebAssembly); and @electron/rebuild 4 wants Node 22, while we build on Node 20.
  npmRebuild: false,
  artifactName: 'tongban-${version}-${os}-${arch}.${ext}',
  // Fuses: RunAsNode, NODE_OPTIONS and the inspector off, the app only from app.asar, asar integrity on. Set in
  // afterPack by build/fuses.ts rather than with electron-builder's `electronFuses`, which cannot be told to skip a
  // stand-in binary; afterPack runs before signing, as fuses must. electron-builder records the asar's integrity
  // hash in the executable (Windows) and Info.plist (macOS) itself; Electron does not check it on Linux.
  afterPack: async (context) => {
    await applyFusesAfterPack(context);
  },
  linux: { target: ['dir', 'tar.gz'], executableName: 'tongban', category: 'Office' },
  // Needs internet to build: electron-builder fetches NSIS.
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
  // Built on macOS only (hdiutil).
  mac: { target: ['dmg'], category: 'public.app-category.business' },
};

export default config;

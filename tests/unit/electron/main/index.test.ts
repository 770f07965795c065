import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../../shared/ipc/bridge.ts';
import type { FakeElectron } from '../../../helpers/fake-electron.ts';

/** The real entry point, with `electron` replaced by the fake: checks the wiring that only index.ts does. */
const fake = vi.hoisted(() => ({ electron: null as FakeElectron | null }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../../../helpers/fake-electron.ts');
  const electron = createFakeElectron();
  fake.electron = electron;
  return {
    app: electron.app,
    BrowserWindow: electron.BrowserWindow,
    ipcMain: electron.ipcMain,
    protocol: electron.protocol,
    session: { defaultSession: electron.session },
    powerSaveBlocker: electron.powerSaveBlocker,
    safeStorage: electron.safeStorage,
    Menu: electron.Menu,
    net: { fetch: globalThis.fetch },
  };
});

describe('electron/main/index.ts', () => {
  it('starts the shell with the real modules: preload beside the bundle, sandboxed window, bridge handlers', async () => {
    await import('../../../../electron/main/index.ts');
    const electron = fake.electron!;
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
    const [window] = electron.BrowserWindow.instances;
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window?.options.webPreferences?.preload).toMatch(/[\\/]electron[\\/]preload[\\/]index\.cjs$/);
    expect(window?.webContents.loadedUrls).toEqual(['app://tongban/provisioning.html']);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(electron.protocol.handlers.has('app')).toBe(true);
  });
});

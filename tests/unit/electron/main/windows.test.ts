import { describe, expect, it } from 'vitest';
import { WindowRegistry, appWindowOptions, printWindowOptions } from '../../../../electron/main/windows.ts';
import { FakeBrowserWindow, FakeWebContents } from '../../../helpers/fake-electron.ts';

const SECURE_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

describe('appWindowOptions', () => {
  it('sets every security flag of the checklist for a counter window, with the preload', () => {
    const options = appWindowOptions({ mode: 'counter', preloadPath: '/app/out/preload/index.cjs', packaged: true });
    expect(options.webPreferences).toMatchObject({ ...SECURE_PREFERENCES, preload: '/app/out/preload/index.cjs' });
    expect(options.kiosk).toBeUndefined();
    expect(options.show).toBe(false);
  });

  it('sets the same flags for a kiosk window and makes it a full-screen kiosk without a frame', () => {
    const options = appWindowOptions({ mode: 'kiosk', preloadPath: '/p.cjs', packaged: true });
    expect(options.webPreferences).toMatchObject(SECURE_PREFERENCES);
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
  });

  it('disables devtools in packaged builds and in kiosks, and allows them in a development counter', () => {
    expect(appWindowOptions({ mode: 'counter', preloadPath: '/p', packaged: true }).webPreferences?.devTools).toBe(
      false,
    );
    expect(appWindowOptions({ mode: 'kiosk', preloadPath: '/p', packaged: false }).webPreferences?.devTools).toBe(
      false,
    );
    expect(appWindowOptions({ mode: 'counter', preloadPath: '/p', packaged: false }).webPreferences?.devTools).toBe(
      true,
    );
  });

  it('turns off the middle-click feature that could open links in new windows', () => {
    expect(
      appWindowOptions({ mode: 'counter', preloadPath: '/p', packaged: true }).webPreferences?.disableBlinkFeatures,
    ).toBe('Auxclick');
  });
});

describe('printWindowOptions', () => {
  it('is hidden, has no preload and runs no scripts', () => {
    const options = printWindowOptions();
    expect(options.show).toBe(false);
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
  });
});

describe('WindowRegistry', () => {
  it('recognises only the current app window as ours', () => {
    const windows = new WindowRegistry(FakeBrowserWindow);
    const first = windows.open({});
    expect(windows.isOurWebContents(first.webContents)).toBe(true);
    expect(windows.isOurWebContents(new FakeWebContents())).toBe(false);
    const second = windows.open({});
    expect(first.isDestroyed()).toBe(true);
    expect(windows.isOurWebContents(first.webContents)).toBe(false);
    expect(windows.isOurWebContents(second.webContents)).toBe(true);
  });

  it('brings a minimised window back when focused by a second launch', () => {
    const windows = new WindowRegistry(FakeBrowserWindow);
    const window = windows.open({});
    window.minimized = true;
    windows.focus();
    expect(window.minimized).toBe(false);
    expect(window.shown && window.focused).toBe(true);
  });

  it('shows the window only once it is ready, and sends events to it alone', () => {
    const windows = new WindowRegistry(FakeBrowserWindow);
    const window = windows.open({});
    expect(window.shown).toBe(false);
    window.testEmit('ready-to-show');
    expect(window.shown).toBe(true);
    windows.send('tongban:id-card-read', { name: 'x' });
    expect(window.webContents.sent).toEqual([{ channel: 'tongban:id-card-read', args: [{ name: 'x' }] }]);
    window.destroy();
    expect(windows.window).toBeNull();
    expect(() => windows.send('tongban:id-card-read', {})).not.toThrow();
  });
});

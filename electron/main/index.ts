import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { IPC_CHANNELS, type AppInfo } from '../../shared/ipc/bridge.ts';

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1366,
    height: 768,
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  ipcMain.handle(IPC_CHANNELS.getAppInfo, (event): AppInfo | undefined => {
    // Answer only our own windows.
    if (!BrowserWindow.fromWebContents(event.sender)) return undefined;
    return { version: app.getVersion(), shell: 'electron', platform: process.platform };
  });
  createMainWindow();
});

app.on('window-all-closed', () => app.quit());

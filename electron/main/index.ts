/**
 * The Electron entry point, and the only main-process file that imports `electron` at run time. It hands the real
 * modules to startShell (shell.ts); everything else is in modules that tests run against a typed fake.
 */
import { BrowserWindow, Menu, app, ipcMain, net, powerSaveBlocker, protocol, safeStorage, session } from 'electron';
import log from 'electron-log/node';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setupLogging } from './logging.ts';
import { startShell } from './shell.ts';
import { embeddedDemoHub } from './embedded-hub.ts';

// Sets the platform's usual logs folder (inside userData on Windows and Linux); getPath('logs') may fail without it.
app.setAppLogsPath();
const logger = setupLogging(log, { logsDir: app.getPath('logs'), packaged: app.isPackaged });

startShell({
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session: () => session.defaultSession,
  powerSaveBlocker,
  safeStorage,
  Menu,
  fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
  log: logger,
  paths: {
    preload: path.join(import.meta.dirname, '../preload/index.cjs'),
    rendererDir: path.join(import.meta.dirname, '../renderer'),
    logsDir: app.getPath('logs'),
  },
  platform: process.platform,
  versions: { ...process.versions },
  demoHub: (userData) => embeddedDemoHub({ userData, log: logger }),
  randomKey: () => randomBytes(32).toString('base64'),
  argv: process.argv,
}).catch((error: unknown) => {
  logger.error(`lifecycle: start-up failed: ${(error as Error).stack ?? String(error)}`);
  app.exit(1);
});

import type { AppPort, SessionPort, WebContentsPort } from './ports.ts';
import type { Logger } from './logging.ts';
import { isAppUrl } from './app-protocol.ts';

/**
 * Electron's security checklist, the parts that apply to every page: no navigation away from our bundle, no new
 * windows, no <webview>, no permissions. The main process moves between pages with `loadURL`, which does not pass
 * through `will-navigate`, so denying every page-initiated navigation costs the app nothing.
 */
export function hardenWebContents(contents: WebContentsPort, log: Logger): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log.warn(`security: blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn(`security: blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('security: blocked a <webview>');
  });
  // Links with target=_blank and window.open: denied, and never handed to shell.openExternal — a kiosk must not
  // open a browser, and a URL from a page is untrusted input.
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`security: blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}

export function setupSecurity(options: { app: AppPort; session: SessionPort; log: Logger }): void {
  const { log } = options;
  // The app needs no browser permission: no camera through the page (devices go through the bridge), no
  // notifications, no geolocation, no clipboard reads, no fullscreen requests (a kiosk is full screen already).
  options.session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn(`security: denied permission request "${permission}"`);
    callback(false);
  });
  options.session.setPermissionCheckHandler(() => false);
  options.session.setDevicePermissionHandler(() => false);
  // Every web contents, including ones we did not create ourselves (devtools excepted by Electron), gets the guards.
  options.app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}

import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { hardenWebContents, setupSecurity } from '../../../../electron/main/security.ts';
import { FakeApp, FakeSession, FakeWebContents, RecordingLogger } from '../../../helpers/fake-electron.ts';

describe('hardenWebContents', () => {
  const hardened = () => {
    const contents = new FakeWebContents();
    const log = new RecordingLogger();
    hardenWebContents(contents, log);
    return { contents, log };
  };

  it('cancels every navigation a page starts, to other sites and within our own origin', () => {
    const { contents, log } = hardened();
    expect(contents.testNavigate('https://evil.example/phish')).toBe(true);
    expect(contents.testNavigate('file:///etc/passwd')).toBe(true);
    expect(contents.testNavigate('app://tongban/index.html')).toBe(true);
    expect(log.testHas('warn', /blocked navigation to https:\/\/evil\.example/)).toBe(true);
  });

  it('cancels redirects away from the app origin and lets redirects within it through', () => {
    const { contents } = hardened();
    expect(contents.testRedirect('https://evil.example/')).toBe(true);
    expect(contents.testRedirect('app://tongban/index.html')).toBe(false);
  });

  it('denies every new window, whatever the URL', () => {
    const { contents } = hardened();
    expect(contents.testOpenWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(contents.testOpenWindow('app://tongban/index.html')).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = hardened();
    expect(contents.testAttachWebview()).toBe(true);
  });
});

describe('setupSecurity', () => {
  it('denies permission requests by default, and logs them', async () => {
    const session = new FakeSession();
    const log = new RecordingLogger();
    setupSecurity({ app: new FakeApp(), session, log });
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'fullscreen',
      'openExternal',
    ]) {
      expect(await session.testRequestPermission(permission)).toBe(false);
    }
    expect(log.testHas('warn', /denied permission request "media"/)).toBe(true);
  });

  it('answers permission checks and device permission checks with no', () => {
    const session = new FakeSession();
    setupSecurity({ app: new FakeApp(), session, log: new RecordingLogger() });
    expect(session.testCheckPermission('media')).toBe(false);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('hardens every web contents the app creates', () => {
    const app = new FakeApp();
    setupSecurity({ app, session: new FakeSession(), log: new RecordingLogger() });
    const contents = new FakeWebContents();
    app.testWebContentsCreated(contents);
    expect(contents.testNavigate('https://evil.example/')).toBe(true);
    expect(contents.testOpenWindow('https://evil.example/')).toEqual({ action: 'deny' });
  });
});

describe('the main process and preload sources', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
    });

  it('never call shell.openExternal, so no URL from a page can open a browser', () => {
    const offenders = sources(path.resolve(import.meta.dirname, '../../../../electron')).filter((file) =>
      /\bopenExternal\s*\(|\bopenPath\s*\(/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

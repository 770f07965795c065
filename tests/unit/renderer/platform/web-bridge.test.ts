import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { BRIDGE_KEYS, type IdCardRead } from '../../../../shared/ipc/bridge.ts';
import {
  WEB_CONNECTION_KEY,
  createWebBridge,
  type WebBridgeEnvironment,
} from '../../../../renderer/platform/web-bridge.ts';

function browser(hash = '') {
  const items = new Map<string, string>();
  const printed: string[] = [];
  const downloads: Array<{ fileName: string; content: string }> = [];
  const urls: string[] = [];
  const env = {
    storage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    },
    location: { hash, pathname: '/index.html', search: '' },
    replaceUrl: (url: string) => urls.push(url),
    fetch: (async () =>
      Response.json({ deviceId: 'dev-web1', siteCode: 'NH', name: '南海 2号窗口', token: 'tbd_web' })) as typeof fetch,
    printHtml: (html: string) => printed.push(html),
    download: (fileName: string, content: string) => downloads.push({ fileName, content }),
    randomBytes: (length: number) => new Uint8Array(randomBytes(length)),
    reportError: () => undefined,
    now: () => new Date('2026-11-26T02:00:00.000Z'),
  } satisfies WebBridgeEnvironment;
  return { env, items, printed, downloads, urls };
}

const DEMO_ADDRESS = '#hub=http://127.0.0.1:8787/&token=tbd_demo&site=DX&device=dev-1&counter=2&mode=kiosk&lang=en';

describe('createWebBridge', () => {
  it('implements every key of the bridge', () => {
    const bridge = createWebBridge(browser().env);
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_KEYS].sort());
  });

  it('takes the hub connection from the address once, stores it, and removes the token from the address bar', async () => {
    const { env, urls, items } = browser(DEMO_ADDRESS);
    const bridge = createWebBridge(env);
    expect(urls).toEqual(['/index.html']);
    expect(JSON.parse(items.get(WEB_CONNECTION_KEY)!)).toMatchObject({ token: 'tbd_demo', counterNumber: 2 });
    expect(await bridge.getHubConnection()).toEqual({
      baseUrl: 'http://127.0.0.1:8787',
      token: 'tbd_demo',
      siteCode: 'DX',
      deviceId: 'dev-1',
    });
    expect(await bridge.getSiteConfig()).toMatchObject({
      siteCode: 'DX',
      mode: 'kiosk',
      language: 'en',
      counterNumber: 2,
    });
  });

  it('has no configuration before it is given a hub, and refuses an address with a bad site code', async () => {
    expect(await createWebBridge(browser().env).getSiteConfig()).toBeNull();
    expect(await createWebBridge(browser('#hub=http://h&token=t&site=dongxiang').env).getSiteConfig()).toBeNull();
  });

  it('keeps one database key per browser profile', async () => {
    const { env } = browser();
    const key = await createWebBridge(env).getDatabaseKey();
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await createWebBridge(env).getDatabaseKey()).toBe(key);
  });

  it('provisions through the hub only after the technician PIN, like the desktop app', async () => {
    const { env } = browser();
    const bridge = createWebBridge(env);
    const request = {
      hubUrl: 'http://127.0.0.1:8787',
      enrolmentCode: 'ABCDE-FGHJK',
      mode: 'counter',
      counterNumber: 2,
      language: 'zh-CN',
    } as const;
    expect(await bridge.provision(request)).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    expect(await bridge.setTechnicianPin('24681357')).toEqual({ ok: true, value: undefined });
    expect(await bridge.provision(request)).toMatchObject({
      ok: true,
      value: { siteCode: 'NH', deviceId: 'dev-web1' },
    });
    expect(await bridge.getHubConnection()).toMatchObject({ token: 'tbd_web', siteCode: 'NH' });
    expect(await createWebBridge(env).unlockTechnician('00000000')).toMatchObject({
      error: { code: 'technician-pin-wrong' },
    });
  });

  it('prints through the browser, and a failed print can be retried', async () => {
    const { env, printed } = browser();
    let fail = true;
    const bridge = createWebBridge({
      ...env,
      printHtml: (html) => {
        if (fail) throw new Error('print blocked');
        printed.push(html);
      },
    });
    const result = await bridge.print({ kind: 'ticket', title: 'A012', html: '<p>A012</p>' });
    expect(result).toMatchObject({ ok: false, retryable: true, error: { code: 'print-failed' } });
    fail = false;
    expect(await bridge.retryPrint(result.jobId)).toMatchObject({ ok: true, printer: null });
    expect(printed).toEqual(['<p>A012</p>']);
  });

  it('plays the sample ID cards to subscribers until they unsubscribe', async () => {
    const bridge = createWebBridge(browser().env);
    const reads: IdCardRead[] = [];
    const stop = bridge.onIdCardRead((card) => reads.push(card));
    await bridge.simulateIdCardRead();
    stop();
    await bridge.simulateIdCardRead();
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ name: '林晓梅', driver: 'simulated' });
  });

  it('exports diagnostics as a download without the token', async () => {
    const { env, downloads } = browser(DEMO_ADDRESS);
    const bridge = createWebBridge(env);
    expect(await bridge.exportDiagnostics({ syncStatus: { online: true } })).toEqual({
      ok: true,
      value: { path: 'tongban-diagnostics-DX-20261126T020000.json' },
    });
    expect(downloads[0]?.content).not.toContain('tbd_demo');
    expect(JSON.parse(downloads[0]!.content)).toMatchObject({ sync: { online: true }, config: { siteCode: 'DX' } });
  });

  it('offers no demo hub and no quitting in a browser, and says what to do instead', async () => {
    const bridge = createWebBridge(browser().env);
    expect(await bridge.startDemo()).toMatchObject({ ok: false, error: { code: 'demo-unavailable' } });
    expect(await bridge.quitApp()).toMatchObject({ ok: false });
    expect(await bridge.listPrinters()).toEqual([]);
  });
});

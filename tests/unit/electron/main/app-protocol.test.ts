import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  printDocumentUrl,
} from '../../../../electron/main/app-protocol.ts';
import { contentSecurityPolicy } from '../../../../electron/main/csp.ts';

let rendererDir = '';
const proxied: string[] = [];
const handler = () =>
  createAppProtocolHandler({
    rendererDir,
    contentSecurityPolicy: () => contentSecurityPolicy(),
    hubProxy: async (request) => {
      proxied.push(request.url);
      return new Response('proxied');
    },
    printDocument: (jobId) => (jobId === 'receipt-1' ? '<p>收据</p>' : undefined),
    maintenancePage: () => '<h1>本机暂停服务</h1>',
  });

beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tongban-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="connect-src *" /></head><body></body></html>',
  );
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body {}');
  await writeFile(path.join(root, 'secret.txt'), 'outside the bundle');
});

describe('APP_SCHEME_PRIVILEGES', () => {
  it('makes app:// a standard secure origin that fetch and streams work on, without bypassing the CSP or CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    });
  });
});

describe('createAppProtocolHandler', () => {
  it('serves index.html with the shell CSP in the header and in place of the page meta tag', async () => {
    const response = await handler()(new Request('app://tongban/index.html'));
    const body = await response.text();
    const policy = contentSecurityPolicy();
    expect(response.headers.get('content-security-policy')).toBe(policy);
    expect(body).toContain(`content="${policy}"`);
    expect(body).not.toContain('connect-src *');
    expect(await (await handler()(new Request('app://tongban/'))).text()).toBe(body);
  });

  it('serves bundle files with their content type', async () => {
    const response = await handler()(new Request('app://tongban/assets/app.js'));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it("gives scripts a worker's policy: the app's scripts and no network (the field sealer's worker takes it)", async () => {
    const response = await handler()(new Request('app://tongban/assets/app.js'));
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'");
    const css = await handler()(new Request('app://tongban/assets/app.css'));
    expect(css.headers.get('content-security-policy')).toBeNull();
  });

  it('never serves a file outside the bundle, however the path is written', async () => {
    for (const url of [
      'app://tongban/../secret.txt',
      'app://tongban/%2e%2e/secret.txt',
      'app://tongban/assets/..%2f..%2fsecret.txt',
    ]) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
    }
  });

  it('answers only its own host, and only GET for files', async () => {
    expect((await handler()(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler()(new Request('app://tongban/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('hands everything under /hub to the hub proxy, whatever the method', async () => {
    const response = await handler()(new Request('app://tongban/hub/sync/cases/push', { method: 'POST', body: '[]' }));
    expect(await response.text()).toBe('proxied');
    expect(proxied.at(-1)).toBe('app://tongban/hub/sync/cases/push');
  });

  it('serves a print document under a policy that allows no script and no network', async () => {
    const response = await handler()(new Request(printDocumentUrl('receipt-1')));
    expect(await response.text()).toBe('<p>收据</p>');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('script-src');
    expect((await handler()(new Request(printDocumentUrl('gone')))).status).toBe(404);
  });

  it('serves the maintenance page without any script', async () => {
    const response = await handler()(new Request('app://tongban/__shell/maintenance'));
    expect(await response.text()).toContain('本机暂停服务');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });
});

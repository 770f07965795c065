import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, ProtocolPort } from './ports.ts';
import { PRINT_DOCUMENT_CSP, WORKER_SCRIPT_CSP, withCspMeta } from './csp.ts';
import { HUB_PROXY_PATH } from '../../shared/ipc/bridge.ts';

/**
 * The renderer is served from `app://tongban/`, not `file://`: a `file://` page may read any file the user can, and
 * every `file://` page shares one origin. A standard, secure scheme gives the page its own origin, so IndexedDB, the
 * CSP's 'self' and the IPC sender check all mean "our bundle".
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tongban';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard + secure: a real origin with IndexedDB and secure-context APIs (crypto.subtle); supportFetchAPI and
  // stream: the hub proxy's server-sent events arrive through fetch as a stream. No corsEnabled: no other origin
  // may read from it. No bypassCSP.
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
};

export const appUrl = (pathname: string): string => `${APP_ORIGIN}/${pathname.replace(/^\/+/, '')}`;
export const isAppUrl = (url: string): boolean => {
  try {
    // Not `origin`: a URL parser that does not know `app:` is a standard scheme (Node's) reports its origin as "null".
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
};

export const PAGES = {
  app: appUrl('index.html'),
  provisioning: appUrl('provisioning.html'),
  maintenance: appUrl('__shell/maintenance'),
} as const;

const PRINT_PREFIX = '/__print/';
export const printDocumentUrl = (jobId: string): string => appUrl(`${PRINT_PREFIX.slice(1)}${jobId}`);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppProtocolOptions {
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** The policy for the app's pages, computed per request so a re-provisioned hub applies at once. */
  contentSecurityPolicy: () => string;
  /** Requests under `/hub/`, forwarded to the configured hub with the device token. */
  hubProxy: (request: Request) => Promise<Response>;
  /** Documents waiting to be printed, by job id (printing.ts). */
  printDocument: (jobId: string) => string | undefined;
  maintenancePage: () => string;
  readFile?: (file: string) => Promise<Buffer>;
}

const notFound = () => new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const read = options.readFile ?? ((file: string) => readFile(file));
  const root = path.resolve(options.rendererDir);
  const html = (body: string, policy: string) =>
    new Response(body, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': policy,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    });

  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return notFound();
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    if (pathname === HUB_PROXY_PATH || pathname.startsWith(`${HUB_PROXY_PATH}/`)) return options.hubProxy(request);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405 });

    if (pathname.startsWith(PRINT_PREFIX)) {
      const document = options.printDocument(pathname.slice(PRINT_PREFIX.length));
      return document === undefined ? notFound() : html(document, PRINT_DOCUMENT_CSP);
    }
    if (pathname === new URL(PAGES.maintenance).pathname) {
      return html(options.maintenancePage(), "default-src 'none'; style-src 'unsafe-inline'");
    }

    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    // `..` segments, encoded or not, must never reach outside the bundle.
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    let body: Buffer;
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
    const extension = path.extname(file).toLowerCase();
    if (extension === '.html') {
      const policy = options.contentSecurityPolicy();
      return html(withCspMeta(body.toString('utf8'), policy), policy);
    }
    const contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': contentType,
        'x-content-type-options': 'nosniff',
        // Any script may be a worker's main script; the page's own scripts are not bound by it.
        ...(contentType.startsWith('text/javascript') ? { 'content-security-policy': WORKER_SCRIPT_CSP } : {}),
      },
    });
  };
}

/** Must run before the app is ready: Chromium reads scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<ProtocolPort, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

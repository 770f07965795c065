import { HUB_PROXY_PATH } from '../../shared/ipc/bridge.ts';
import { REPLICA_HEADER } from '../../shared/sync/protocol.ts';
import type { Logger } from './logging.ts';

/**
 * The renderer's sync client talks to `app://tongban/hub/…`; this forwards each request to the configured hub and
 * adds the device token, so the token stays in the main process (DESIGN: the renderer owns replication; the issue:
 * the token is never in the renderer). Responses stream through unbuffered, so the hub's server-sent events reach
 * the page as they come, and cancelling the page's fetch cancels the upstream request.
 */
export interface HubTarget {
  hubUrl: string;
  token: string;
}

export interface HubProxyOptions {
  /** The hub and token now in force, or null before provisioning. */
  target: () => Promise<HubTarget | null>;
  fetch: typeof fetch;
  log: Logger;
}

// What the page may tell the hub. Authorization is never taken from the page; cookies are not used. The replica
// header names the page's local database, so that the hub leaves out what that database pushed itself.
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'content-encoding',
  'last-event-id',
  'cache-control',
  REPLICA_HEADER,
];
// The upstream fetch has already decoded the body, so its encoding and length no longer describe what we pass on.
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'set-cookie',
]);

export function createHubProxy(options: HubProxyOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const target = await options.target();
    if (!target) {
      return Response.json(
        { error: 'not-provisioned', details: 'this machine is not enrolled with a hub yet' },
        { status: 503 },
      );
    }
    const incoming = new URL(request.url);
    const upstream = new URL(target.hubUrl.replace(/\/+$/, '') + incoming.pathname.slice(HUB_PROXY_PATH.length));
    upstream.search = incoming.search;

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set('authorization', `Bearer ${target.token}`);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';

    let response: Response;
    try {
      response = await options.fetch(upstream, {
        method: request.method,
        headers,
        ...(hasBody ? { body: await request.arrayBuffer() } : {}),
        signal: request.signal,
        redirect: 'error',
      });
    } catch (error) {
      // Rethrown so the page's fetch rejects like any unreachable server: its sync client reports "offline".
      options.log.warn(`hub proxy: ${request.method} ${upstream.pathname} failed: ${(error as Error).message}`);
      throw error;
    }
    const responseHeaders = new Headers();
    response.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders.set(name, value);
    });
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: responseHeaders,
    });
  };
}

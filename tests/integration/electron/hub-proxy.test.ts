import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { createHubProxy, type HubTarget } from '../../../electron/main/hub-proxy.ts';
import { HUB_PROXY_BASE_URL, HUB_PROXY_TOKEN } from '../../../shared/ipc/bridge.ts';
import { HubClient } from '../../../renderer/sync/hub-client.ts';
import { REPLICA_HEADER } from '../../../shared/sync/protocol.ts';
import { RecordingLogger } from '../../helpers/fake-electron.ts';

let hub: Hub;
let url = '';
let token = '';
const seen: Array<{ path: string; authorization: string | undefined }> = [];
const replicas: Array<string | string[] | undefined> = [];

beforeAll(async () => {
  hub = await buildHub({ heartbeatSeconds: 1 });
  hub.app.addHook('onRequest', async (request) => {
    seen.push({ path: request.url, authorization: request.headers.authorization });
    replicas.push(request.headers[REPLICA_HEADER]);
  });
  url = await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { code } = await hub.devices.createEnrolmentCode('DX', '东庠 1号窗口');
  token = (await hub.devices.enrol(code)).token;
});
afterAll(() => hub.app.close());

const proxy = (target: HubTarget | null = { hubUrl: url, token }) =>
  createHubProxy({ target: async () => target, fetch: globalThis.fetch, log: new RecordingLogger() });

/** What the renderer's fetch does in the app: a request to app://tongban/hub/… lands in the protocol handler. */
const rendererFetch =
  (handler: (request: Request) => Promise<Response>): typeof fetch =>
  (input, init) =>
    handler(new Request(input instanceof Request ? input : String(input), init));

describe('createHubProxy', () => {
  it('adds the device token and drops whatever Authorization the page sent', async () => {
    const response = await proxy()(
      new Request(`${HUB_PROXY_BASE_URL}/api/devices/me`, { headers: { authorization: 'Bearer stolen-or-forged' } }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ siteCode: 'DX', name: '东庠 1号窗口' });
    expect(seen.at(-1)).toEqual({ path: '/api/devices/me', authorization: `Bearer ${token}` });
  });

  it('carries the renderer sync client unchanged: pull, gzip push and the SSE stream', async () => {
    const client = new HubClient({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      fetch: rendererFetch(proxy()),
    });
    const pulled = await client.pull('sites', undefined, 50);
    expect(pulled.documents.map((d) => d.code)).toContain('DX');
    // Over 512 bytes, so the client gzips it; the hub refuses the malformed ticket and reports it to this device.
    const ticket = { id: '0190e0a0-0000-7000-8000-000000000001', siteCode: 'DX', note: '补'.repeat(400) };
    expect(await client.push('tickets', [{ newDocumentState: ticket as never }])).toEqual([]);
    expect((await client.refused()).map((r) => r.docId)).toEqual([ticket.id]);

    const events: unknown[] = [];
    const controller = new AbortController();
    const streaming = client.stream(
      'sites',
      (event) => {
        events.push(event);
        controller.abort();
      },
      () => undefined,
      controller.signal,
    );
    await streaming;
    expect(events[0]).toBe('RESYNC');
  });

  it("forwards the page's replica name, so the hub leaves its own writes out of its pulls", async () => {
    const client = new HubClient({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      fetch: rendererFetch(proxy()),
      replica: Promise.resolve('proxyreplica1'),
    });
    replicas.length = 0;
    await client.pull('sites', undefined, 5);
    expect(replicas).toEqual(['proxyreplica1']);
  });

  it('passes the hub refusal through with its status, so the sync client reports it', async () => {
    const client = new HubClient({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      fetch: rendererFetch(proxy({ hubUrl: url, token: 'tbd_revoked' })),
    });
    await expect(client.pull('sites', undefined, 10)).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('answers 503 before the machine is provisioned', async () => {
    const response = await proxy(null)(new Request(`${HUB_PROXY_BASE_URL}/health`));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: 'not-provisioned',
      details: 'this machine is not enrolled with a hub yet',
    });
  });

  it('fails the page request like a network error when the hub cannot be reached', async () => {
    const client = new HubClient({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      fetch: rendererFetch(proxy({ hubUrl: 'http://127.0.0.1:9', token })),
    });
    await expect(client.health()).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

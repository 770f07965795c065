import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { DeviceClient, HUB_START_TIMEOUT_MS, enrolDevice, inserts, startHub } from '../../helpers/hub.ts';
import { ticket } from '../../helpers/documents.ts';

/** Small enough that an oversize body is cheap to make, large enough for ordinary pushes. */
const BODY_LIMIT = 256 * 1024;

let hub: Hub;
let token: string;
let counter: DeviceClient;

beforeAll(async () => {
  hub = await startHub({ bodyLimit: BODY_LIMIT });
  token = (await enrolDevice(hub, 'DX')).token;
  counter = new DeviceClient(hub.app, token);
}, HUB_START_TIMEOUT_MS);

afterAll(async () => {
  await hub?.app.close();
});

const push = (payload: string | Buffer, headers: Record<string, string> = {}) =>
  hub.app.inject({
    method: 'POST',
    url: '/sync/tickets/push',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    payload,
  });

/** Every error the hub answers has the shape `{ error, details }` (STYLE.md, "The hub"). */
function expectErrorShape(body: string, label = ''): void {
  const parsed = JSON.parse(body) as { error?: unknown; details?: unknown };
  expect(typeof parsed.error, `${label} ${body}`).toBe('string');
  expect(Object.hasOwn(parsed, 'details'), `${label} ${body}`).toBe(true);
}

describe('malformed requests', () => {
  it('answers 400 to a body that is not JSON', async () => {
    const response = await push('[{"newDocumentState": {');

    expect(response.statusCode).toBe(400);
    expectErrorShape(response.body);
  });

  it.each([
    ['an object instead of a list of rows', { newDocumentState: {} }],
    ['a row that is not an object', ['row']],
    ['a row without newDocumentState', [{ assumedMasterState: null }]],
    ['a newDocumentState that is text', [{ newDocumentState: 'ticket' }]],
    ['a newDocumentState that is a list', [{ newDocumentState: [] }]],
    ['an assumedMasterState that is a number', [{ newDocumentState: { id: 'x' }, assumedMasterState: 7 }]],
    ['an id that is a number', [{ newDocumentState: { id: 12 } }]],
    ['an id that is a huge number', [{ newDocumentState: { id: 1e308 } }]],
  ])('answers 400 to %s', async (_what, payload) => {
    const response = await push(JSON.stringify(payload));

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'bad-request' });
  });

  it('answers 400, not 500, to a document nested thousands of levels deep', async () => {
    for (const depth of [40, 5_000, 30_000]) {
      const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const body = `[{"newDocumentState":{"id":"${ticket('DX').id}","siteCode":"DX","notes":${deep}}}]`;

      const response = await push(body);

      expect(response.statusCode, `depth ${depth}`).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({
        error: 'bad-request',
        details: expect.stringContaining('nested deeper'),
      });
    }
  });

  it('answers 400 to a JSON body that tries to set __proto__', async () => {
    const response = await push('[{"newDocumentState":{"id":"x","__proto__":{"admin":true}}}]');

    expect(response.statusCode).toBe(400);
  });

  it('answers 415 to a body in a format the hub does not read', async () => {
    const response = await push('<rows/>', { 'content-type': 'application/xml' });

    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'unsupported-media-type' });
  });

  it('answers 400 to rows sent as text/plain: they are read as text, which is not a list of rows', async () => {
    const response = await push(JSON.stringify(inserts([ticket('DX')])), { 'content-type': 'text/plain' });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'bad-request' });
  });

  it('answers 404 with { error, details } to an unknown route', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/sync/cases/everything?x=1' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not-found', details: 'no route GET /sync/cases/everything' });
  });

  it('answers 404 unknown-collection to a push to a collection that does not exist', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/sync/passwords/push',
      headers: { authorization: `Bearer ${token}` },
      payload: [],
    });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not-found', details: 'unknown-collection: passwords' });
  });

  it('answers 413 to a body larger than the limit', async () => {
    const rows = inserts(Array.from({ length: 2000 }, () => ticket('DX')));
    const body = JSON.stringify(rows);
    expect(body.length).toBeGreaterThan(BODY_LIMIT);

    const response = await push(body);

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload-too-large' });
  });
});

describe('compression', () => {
  it('accepts a gzip-compressed push (Content-Encoding: gzip)', async () => {
    const doc = ticket('DX');

    const response = await push(gzipSync(JSON.stringify(inserts([doc]))), { 'content-encoding': 'gzip' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    expect((await hub.documents.get('tickets', [doc.id])).size).toBe(1);
  });

  it('answers 413 to a small gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.from(`[${' '.repeat(BODY_LIMIT * 4)}]`));
    expect(bomb.length).toBeLessThan(BODY_LIMIT / 10);

    const response = await push(bomb, { 'content-encoding': 'gzip' });

    expect(response.statusCode).toBe(413);
  });

  it('answers 400 to a body that claims gzip but is not', async () => {
    const response = await push('[]', { 'content-encoding': 'gzip' });

    expect(response.statusCode).toBe(400);
    expectErrorShape(response.body);
  });

  it('answers 415 to a content encoding the hub does not speak', async () => {
    const response = await push('[]', { 'content-encoding': 'compress' });

    expect(response.statusCode).toBe(415);
    expectErrorShape(response.body);
  });

  it('compresses responses for a client that accepts gzip', async () => {
    const response = await hub.app.inject({
      method: 'GET',
      url: '/sync/services/pull?limit=50',
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as { documents: unknown[] };
    expect(body.documents).toHaveLength(50);
  });

  it('answers uncompressed to a client that does not ask for compression', async () => {
    const response = await hub.app.inject({
      method: 'GET',
      url: '/sync/services/pull?limit=50',
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' },
    });

    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.json<{ documents: unknown[] }>().documents).toHaveLength(50);
  });
});

describe('GET /health and GET /metrics', () => {
  it('reports the hub healthy and its storage engine, without a token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', engine: 'pglite' });
  });

  it('exposes Prometheus metrics that count pushed documents by outcome', async () => {
    const a = ticket('DX');
    await counter.push('tickets', inserts([a, ticket('DX')]));
    await counter.push('tickets', inserts([a]));
    await counter.pull('tickets');

    const response = await hub.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(
      metric(text, 'tongban_pushed_documents_total{collection="tickets",outcome="written"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(
      metric(text, 'tongban_pushed_documents_total{collection="tickets",outcome="unchanged"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'tongban_pulled_documents_total{collection="tickets"}')).toBeGreaterThanOrEqual(2);
    expect(text).toContain('# TYPE tongban_sync_request_seconds histogram');
    expect(text).toContain('# TYPE tongban_open_streams gauge');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

function metric(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no series ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe('no malformed request makes the hub fail', () => {
  /** Requests a broken or hostile client might send; each must get a 4xx with `{ error, details }`, never a 500. */
  const handmade: Array<{ method: 'GET' | 'POST'; url: string; contentType?: string; body?: string }> = [
    ...['-1', 'abc', '1e9999', '1e3', '99999999999999999999', '%00', '[]', '{}', 'null', '0.5'].map((checkpoint) => ({
      method: 'GET' as const,
      url: `/sync/cases/pull?checkpoint=${checkpoint}`,
    })),
    ...['0', '5000', '-1', '1e9999', 'NaN', 'Infinity', '1001', ''].map((limit) => ({
      method: 'GET' as const,
      url: `/sync/tickets/pull?limit=${limit}`,
    })),
    { method: 'GET', url: '/sync/tickets/pull?checkpoint=1&checkpoint=2' },
    { method: 'GET', url: '/sync/tickets/pull?limit=1&limit=2' },
    { method: 'GET', url: '/api/devices/me/refused?after=-5' },
    { method: 'GET', url: '/api/devices/me/refused?after=1e9999' },
    { method: 'GET', url: '/api/devices/me/refused?after=1e20' },
    { method: 'GET', url: '/api/devices/me/refused?after=Infinity' },
    { method: 'POST', url: '/sync/tickets/push', body: '[{"newDocumentState":{"id":"1","sequence":1e9999}}]' },
    {
      method: 'POST',
      url: '/sync/tickets/push',
      body: '[{"newDocumentState":{"id":"1","siteCode":"DX","sequence":-0}}]',
    },
    { method: 'POST', url: '/sync/tickets/push', body: '[{"newDocumentState":{"id":"","siteCode":"DX"}}]' },
    { method: 'POST', url: '/sync/tickets/push', body: '[{"newDocumentState":{"id":"\\u0000","siteCode":"DX"}}]' },
    {
      method: 'POST',
      url: '/sync/tickets/push',
      body: '[{"newDocumentState":{"id":"x","siteCode":"DX","status":"\\ud800"}}]',
    },
    {
      method: 'POST',
      url: '/sync/tickets/push',
      body: `[{"newDocumentState":{"id":"${'i'.repeat(100_000)}","siteCode":"DX"}}]`,
    },
    { method: 'POST', url: '/sync/tickets/push', body: 'null' },
    { method: 'POST', url: '/sync/tickets/push', body: '' },
    { method: 'POST', url: '/sync/tickets/push', body: '"[]"' },
    { method: 'POST', url: '/sync/tickets/push', body: '[null]' },
    { method: 'POST', url: '/sync/tickets/push', body: '[[[[[]]]]]' },
    { method: 'POST', url: '/sync/tickets/push', body: '{"0":{"newDocumentState":{}},"length":1}' },
    { method: 'POST', url: '/sync/tickets/push', contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2' },
    { method: 'POST', url: '/sync/tickets/push', contentType: 'multipart/form-data; boundary=x', body: '--x--' },
    { method: 'POST', url: '/sync/tickets/push', contentType: 'application/json; charset=utf-16', body: '[]' },
    { method: 'POST', url: '/sync/tickets/pull', body: '[]' },
    { method: 'POST', url: '/api/devices/enroll', body: '{"code":{"$gt":""}}' },
    { method: 'POST', url: '/api/devices/enroll', body: '{"code":"' + 'A'.repeat(10_000) + '"}' },
  ];

  it('answers every handmade malformed request without a 5xx: a 4xx with { error, details }, or a refusal', async () => {
    expect(handmade.length).toBeGreaterThanOrEqual(40);
    for (const request of handmade) {
      const response = await hub.app.inject({
        method: request.method,
        url: request.url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
        },
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      const label = `${request.method} ${request.url.slice(0, 80)} ${request.body?.slice(0, 80) ?? ''}`;
      expect(response.statusCode, label).toBeLessThan(500);
      // A well-formed push of an invalid document is not an HTTP error: the document is refused and reported.
      if (response.statusCode === 200) expect(response.json(), label).toEqual([]);
      else expectErrorShape(response.body, label);
    }
  });

  it('answers 4xx to URLs the router rejects: broken percent-encoding, a 5000-character path parameter', async () => {
    for (const [url, status] of [
      ['/sync/%E0%A4%A/pull', 400],
      [`/sync/${'x'.repeat(5000)}/pull`, 414],
    ] as const) {
      const response = await hub.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

      // Fastify rejects these before routing; the factory's `frameworkErrors` keeps our `{ error, details }` shape.
      expect(response.statusCode, url.slice(0, 40)).toBe(status);
      expect(Object.keys(response.json()).sort()).toEqual(['details', 'error']);
    }
  });

  it('answers random request shapes without a 5xx', async () => {
    const routes = [
      '/sync/cases/push',
      '/sync/tickets/push',
      '/sync/officers/push',
      '/sync/cases/pull',
      '/api/devices/enroll',
      '/sync/x/push',
    ];
    const contentTypes = [
      'application/json',
      'text/plain',
      'application/octet-stream',
      'application/json; charset=utf-8',
    ];
    const row = fc.record(
      {
        newDocumentState: fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom('id', 'siteCode', 'status', '_deleted', 'events'), fc.jsonValue()),
        ),
        assumedMasterState: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.json(),
      fc.array(row, { maxLength: 5 }).map((rows) => JSON.stringify(rows)),
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...contentTypes),
        body,
        fc.constantFrom(`Bearer ${token}`, 'Bearer nonsense', undefined),
        async (url, contentType, payload, authorization) => {
          const options: InjectOptions = {
            method: 'POST',
            url,
            headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
            payload,
          };
          const response = await hub.app.inject(options);
          if (response.statusCode >= 500)
            throw new Error(`${response.statusCode} for ${url} ${payload.slice(0, 200)}: ${response.body}`);
          if (response.statusCode >= 400) expectErrorShape(response.body);
        },
      ),
      { numRuns: 60 },
    );
  });
});

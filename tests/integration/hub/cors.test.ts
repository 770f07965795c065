import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { openPGlite, type SqlDriver } from '../../../hub/storage/driver.ts';

const ORIGIN = 'http://127.0.0.1:5173';

describe('CORS for web mode served from another origin', () => {
  let driver: SqlDriver;
  let withCors: Hub;
  let withoutCors: Hub;
  let url: string;
  let token: string;

  beforeAll(async () => {
    driver = await openPGlite(undefined);
    withCors = await buildHub({ driver, corsOrigins: [ORIGIN], heartbeatSeconds: 1 });
    withoutCors = await buildHub({ driver, seed: false });
    const address = await withCors.app.listen({ host: '127.0.0.1', port: 0 });
    url = address;
    const { code } = await withCors.ops.createEnrolmentCode('DX', 'DX cors test');
    const enrolled = await withCors.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });
    token = enrolled.json<{ token: string }>().token;
  }, 120_000);

  afterAll(async () => {
    await withCors?.app.close();
    await withoutCors?.app.close();
    await driver?.close();
  });

  it('answers a preflight from a configured origin, allowing the Authorization header', async () => {
    const response = await withCors.app.inject({
      method: 'OPTIONS',
      url: '/sync/cases/push',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,content-encoding,x-tongban-replica',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    const allowed = String(response.headers['access-control-allow-headers']).split(/,\s*/);
    // The replica name lets the hub leave the page's own writes out of its pulls (web mode pushes too).
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'x-tongban-replica']));
  });

  it('does not allow an origin that was not configured', async () => {
    const response = await withCors.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'http://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const response = await withoutCors.app.inject({ method: 'GET', url: '/health', headers: { origin: ORIGIN } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps the CORS headers on the server-sent-event stream', async () => {
    const aborter = new AbortController();
    const response = await fetch(`${url}/sync/tickets/stream`, {
      headers: { authorization: `Bearer ${token}`, origin: ORIGIN },
      signal: aborter.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    aborter.abort();
  });
});

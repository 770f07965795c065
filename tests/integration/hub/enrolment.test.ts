import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { DeviceStore, EnrolmentError } from '../../../hub/storage/devices.ts';
import { DeviceClient, HUB_START_TIMEOUT_MS, enrolDevice, startHub } from '../../helpers/hub.ts';
import { officer } from '../../helpers/documents.ts';

const ADMIN_TOKEN = 'admin-token-for-the-cli-0123456789';
let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ adminToken: ADMIN_TOKEN });
}, HUB_START_TIMEOUT_MS);

afterAll(async () => {
  await hub?.app.close();
});

const enrol = (code: unknown) => hub.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });

describe('POST /api/devices/enroll', () => {
  it('trades an enrolment code for a device token of the code’s site', async () => {
    const { code, expiresAt } = await hub.ops.createEnrolmentCode('DX', '东庠 1号窗口');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    const response = await enrol(code);

    expect(response.statusCode).toBe(200);
    const body = response.json<{ deviceId: string; siteCode: string; name: string; token: string }>();
    expect(body).toMatchObject({ siteCode: 'DX', name: '东庠 1号窗口' });
    expect(body.token).toMatch(/^tbd_/);
    const me = await hub.app.inject({
      method: 'GET',
      url: '/api/devices/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: body.deviceId, siteCode: 'DX', name: '东庠 1号窗口', revokedAt: null });
  });

  it('accepts the code as a technician types it: lower case, without the dash, with spaces', async () => {
    const { code } = await hub.ops.createEnrolmentCode('NH', '南海 2号窗口');
    const typed = ` ${code
      .replace('-', '')
      .toLowerCase()
      .replace(/(.{5})/, '$1 ')} `;

    const response = await enrol(typed);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ siteCode: 'NH' });
  });

  it('refuses a second use of the same code with 410 enrolment-code-used', async () => {
    const { code } = await hub.ops.createEnrolmentCode('DX', '东庠 自助终端 1');
    expect((await enrol(code)).statusCode).toBe(200);

    const again = await enrol(code);

    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ error: 'enrolment-code-used' });
  });

  it('answers 404 enrolment-code-unknown for a code the hub never issued', async () => {
    const response = await enrol('ABCDE-FGHJK');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'enrolment-code-unknown' });
  });

  it('answers 410 enrolment-code-expired for a code past its expiry', async () => {
    const { code } = await hub.ops.createEnrolmentCode('DX', '东庠 2号窗口 (expired)');
    await hub.db.query(`UPDATE enrolment_codes SET expires_at = now() - interval '1 minute' WHERE name = $1`, [
      '东庠 2号窗口 (expired)',
    ]);

    const response = await enrol(code);

    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ error: 'enrolment-code-expired' });
  });

  it('answers 400 for a request without a code, with a code too short, or with a code that is not text', async () => {
    for (const payload of [
      {},
      { code: 'AB' },
      { code: { value: 'ABCDE-FGHJK' } },
      { code: null },
      ['ABCDE-FGHJK'],
      'ABCDE-FGHJK',
    ]) {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/devices/enroll',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({ error: 'bad-request' });
    }
  });

  it('refuses to create a code for an unknown site or without a device name', async () => {
    await expect(hub.ops.createEnrolmentCode('ZZ', 'nowhere')).rejects.toMatchObject({ statusCode: 400 });
    await expect(hub.ops.createEnrolmentCode('dx', 'lower case')).rejects.toMatchObject({ statusCode: 400 });
    await expect(hub.ops.createEnrolmentCode('DX', '   ')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses a device name longer than a counter can keep, before a code is spent', async () => {
    await expect(hub.ops.createEnrolmentCode('DX', '东'.repeat(81))).rejects.toMatchObject({
      statusCode: 400,
      details: expect.stringContaining('80'),
    });
    await expect(hub.ops.createEnrolmentCode('DX', '东'.repeat(80))).resolves.toMatchObject({
      code: expect.any(String),
    });
  });
});

describe('DeviceStore enrolment clock', () => {
  it('lets a code be used until its expiry and refuses it after', async () => {
    let now = new Date('2026-11-26T08:00:00.000Z');
    const store = new DeviceStore(hub.db, () => now);
    const first = await store.createEnrolmentCode('YT', '屿头 1号窗口');
    const second = await store.createEnrolmentCode('YT', '屿头 2号窗口');

    now = new Date(Date.parse(first.expiresAt) - 1);
    await expect(store.enrol(first.code)).resolves.toMatchObject({ device: { siteCode: 'YT' } });

    now = new Date(Date.parse(second.expiresAt) + 1);
    const refusal = await store.enrol(second.code).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EnrolmentError);
    expect(refusal).toMatchObject({ code: 'enrolment-code-expired' });
  });
});

describe('revoked devices', () => {
  it('answers 401 to every request of a revoked device', async () => {
    const device = await enrolDevice(hub, 'DX');
    const client = new DeviceClient(hub.app, device.token);
    expect((await client.request('GET', '/sync/cases/pull')).status).toBe(200);

    await hub.ops.revokeDevice(device.deviceId);

    for (const [method, url] of [
      ['GET', '/sync/cases/pull'],
      ['POST', '/sync/cases/push'],
      ['GET', '/api/devices/me'],
      ['GET', '/api/devices/me/refused'],
    ] as const) {
      const response = await client.request(method, url, method === 'POST' ? [] : undefined);
      expect(response.status, url).toBe(401);
      expect(response.body).toMatchObject({ error: 'unauthorized', details: 'invalid-or-revoked-token' });
    }
    expect((await hub.ops.listDevices()).find((d) => d.id === device.deviceId)?.revokedAt).not.toBeNull();
  });

  it('refuses to revoke a device twice', async () => {
    const device = await enrolDevice(hub, 'NH');
    await hub.ops.revokeDevice(device.deviceId);

    await expect(hub.ops.revokeDevice(device.deviceId)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('admin routes for the CLI', () => {
  const admin = (
    method: 'GET' | 'POST',
    url: string,
    options: { payload?: unknown; token?: string; remoteAddress?: string } = {},
  ) =>
    hub.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${options.token ?? ADMIN_TOKEN}` },
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });

  it('creates an enrolment code that a device can trade, given the admin token on loopback', async () => {
    const response = await admin('POST', '/admin/enrolment-codes', {
      payload: { siteCode: 'JJ', name: '金井 3号窗口' },
    });

    expect(response.statusCode).toBe(200);
    expect((await enrol(response.json<{ code: string }>().code)).json()).toMatchObject({
      siteCode: 'JJ',
      name: '金井 3号窗口',
    });
  });

  it('answers 401 without the admin token and 403 from an address other than loopback', async () => {
    expect((await admin('GET', '/admin/devices', { token: 'guess' })).statusCode).toBe(401);
    expect((await admin('GET', '/admin/devices', { remoteAddress: '10.20.30.40' })).statusCode).toBe(403);
    const deviceToken = (await enrolDevice(hub, 'DX')).token;
    expect((await admin('GET', '/admin/devices', { token: deviceToken })).statusCode).toBe(401);
  });

  it('answers 400, not 500, to an enrolment-code request without a body', async () => {
    const response = await admin('POST', '/admin/enrolment-codes');

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad-request' });
  });

  it('answers 400 or 404, not 500, to text the database cannot store (a NUL character)', async () => {
    const code = await admin('POST', '/admin/enrolment-codes', { payload: { siteCode: 'DX', name: '东庠\u00001号' } });
    const revoke = await admin('POST', '/admin/devices/a%00b/revoke');
    const officerResponse = await hub.app.inject({
      method: 'PUT',
      url: '/admin/officers',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { ...officer('nul-officer', ['DX']), name: '林\u0000海' },
    });

    expect([code.statusCode, code.json()]).toEqual([
      400,
      { error: 'bad-request', details: expect.stringContaining('NUL') },
    ]);
    expect(revoke.statusCode).toBe(404);
    expect([officerResponse.statusCode, officerResponse.json()]).toMatchObject([400, { error: 'bad-request' }]);
  });

  it('lists and revokes devices', async () => {
    const device = await enrolDevice(hub, 'SP');

    const listed = await admin('GET', '/admin/devices');
    const revoked = await admin('POST', `/admin/devices/${device.deviceId}/revoke`);

    expect(listed.json<{ devices: Array<{ id: string }> }>().devices.map((d) => d.id)).toContain(device.deviceId);
    expect(revoked.json()).toEqual({ revoked: true });
    expect((await admin('POST', `/admin/devices/${device.deviceId}/revoke`)).statusCode).toBe(404);
  });
});

import { fail, ok, type BridgeResult } from './bridge.ts';

export interface Enrolment {
  deviceId: string;
  siteCode: string;
  name: string;
  token: string;
}

/** Trades a one-time enrolment code for a device token at the hub (`POST /api/devices/enroll`). */
export async function enrolDevice(
  fetchImpl: typeof fetch,
  hubUrl: string,
  code: string,
  timeoutMs = 15_000,
): Promise<BridgeResult<Enrolment>> {
  let response: Response;
  try {
    response = await fetchImpl(`${hubUrl.replace(/\/+$/, '')}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim() }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return fail('hub-unreachable', {
      zh: `无法连接主岛服务器 ${hubUrl}，请检查地址和网络（${(error as Error).message}）`,
      en: `Cannot reach the hub at ${hubUrl}; check the address and the network (${(error as Error).message})`,
    });
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON: not our hub, or a proxy's error page. The status below says enough.
  }
  if (response.ok && typeof body.token === 'string' && typeof body.deviceId === 'string') {
    return ok({
      deviceId: body.deviceId,
      siteCode: String(body.siteCode),
      name: String(body.name),
      token: body.token,
    });
  }
  switch (body.error) {
    case 'enrolment-code-unknown':
      return fail('enrolment-code-unknown', {
        zh: '登记码不存在，请核对后重新输入',
        en: 'The enrolment code does not exist; check it and type it again',
      });
    case 'enrolment-code-used':
      return fail('enrolment-code-used', {
        zh: '登记码已被使用，请在主岛服务器上生成新的登记码',
        en: 'The enrolment code was already used; create a new one at the hub',
      });
    case 'enrolment-code-expired':
      return fail('enrolment-code-expired', {
        zh: '登记码已过期（有效期 24 小时），请生成新的登记码',
        en: 'The enrolment code has expired (codes last 24 hours); create a new one',
      });
    default:
      return fail('enrolment-failed', {
        zh: `主岛服务器拒绝登记（HTTP ${response.status}）。请确认地址指向通办主岛服务器`,
        en: `The hub refused the enrolment (HTTP ${response.status}). Check that the address is a Tongban hub`,
      });
  }
}

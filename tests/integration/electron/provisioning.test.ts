import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { setAsidePendingDatabase } from '../../../electron/main/set-aside.ts';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { Provisioning } from '../../../electron/main/provisioning.ts';
import { enrolDevice } from '../../../shared/ipc/enrolment.ts';
import { SiteConfigStore } from '../../../electron/main/config-store.ts';
import { SecretStore } from '../../../electron/main/secrets.ts';
import { TechnicianGate } from '../../../electron/main/technician.ts';
import type { DemoHubStarter } from '../../../electron/main/embedded-hub.ts';
import type { SiteConfig } from '../../../shared/ipc/site-config.ts';
import { FakeSafeStorage, RecordingLogger } from '../../helpers/fake-electron.ts';
import { VALID_CONFIG } from '../../helpers/site-config.ts';

let hub: Hub;
let hubUrl = '';

beforeAll(async () => {
  hub = await buildHub({});
  hubUrl = await hub.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => hub.app.close());

const code = async () => (await hub.devices.createEnrolmentCode('NH', '南海 自助终端')).code;

async function machine(
  demo?: DemoHubStarter,
  before?: (userData: string, secrets: SecretStore) => Promise<void>,
  onReset?: () => void,
) {
  const userData = await mkdtemp(path.join(os.tmpdir(), 'tongban-provisioning-'));
  const secrets = SecretStore.inFolder(userData, new FakeSafeStorage());
  await before?.(userData, secrets);
  const configStore = SiteConfigStore.inFolder(userData);
  await configStore.load();
  const gate = new TechnicianGate({ secrets });
  const provisioned: SiteConfig[] = [];
  const provisioning = new Provisioning({
    configStore,
    secrets,
    gate,
    fetch: globalThis.fetch,
    log: new RecordingLogger(),
    now: () => new Date('2026-11-26T08:00:00.000Z'),
    ...(demo ? { demo } : {}),
    onProvisioned: (config) => provisioned.push(config),
    ...(onReset ? { onReset } : {}),
  });
  return { userData, configStore, secrets, gate, provisioning, provisioned };
}

const request = (enrolmentCode: string) =>
  ({ hubUrl, enrolmentCode, mode: 'kiosk', counterNumber: 3, language: 'zh-CN' }) as const;

describe('enrolDevice', () => {
  it('trades an enrolment code for a device token at the hub', async () => {
    const result = await enrolDevice(globalThis.fetch, hubUrl, await code());
    expect(result).toMatchObject({ ok: true, value: { siteCode: 'NH', name: '南海 自助终端' } });
    if (result.ok) expect(await hub.devices.authenticate(result.value.token)).toMatchObject({ siteCode: 'NH' });
  });

  it('explains an unknown, a used and an unreachable enrolment in Chinese and English', async () => {
    expect(await enrolDevice(globalThis.fetch, hubUrl, 'ZZZZZ-ZZZZZ')).toMatchObject({
      ok: false,
      error: { code: 'enrolment-code-unknown', message: { zh: '登记码不存在，请核对后重新输入' } },
    });
    const used = await code();
    await enrolDevice(globalThis.fetch, hubUrl, used);
    expect(await enrolDevice(globalThis.fetch, hubUrl, used)).toMatchObject({
      ok: false,
      error: { code: 'enrolment-code-used' },
    });
    const unreachable = await enrolDevice(globalThis.fetch, 'http://127.0.0.1:9', 'ABCDE-FGHJK');
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'hub-unreachable' } });
    if (!unreachable.ok) expect(unreachable.error.message.zh).toContain('无法连接主岛服务器 http://127.0.0.1:9');
  });
});

describe('Provisioning', () => {
  it('refuses to provision until a technician has unlocked with the PIN', async () => {
    const { provisioning, gate } = await machine();
    expect(await provisioning.provision(request(await code()))).toMatchObject({
      ok: false,
      error: { code: 'technician-locked' },
    });
    await gate.setPin('24681357');
    gate.lock();
    await gate.unlock('24681357');
    expect(await provisioning.provision(request(await code()))).toMatchObject({ ok: true });
  });

  it('writes config.json without the token, keeps the token in safeStorage, and reopens the window', async () => {
    const { provisioning, gate, configStore, secrets, provisioned } = await machine();
    await gate.setPin('24681357');
    const result = await provisioning.provision(request(await code()));
    expect(result).toMatchObject({
      ok: true,
      value: {
        siteCode: 'NH',
        mode: 'kiosk',
        counterNumber: 3,
        hubUrl,
        deviceName: '南海 自助终端',
        printer: null,
        idCardReader: { driver: 'none' },
        kioskIdleTimeoutSeconds: 90,
        provisionedAt: '2026-11-26T08:00:00.000Z',
      },
    });
    const onDisk = await readFile(configStore.file, 'utf8');
    const token = await secrets.get('deviceToken');
    expect(token).toMatch(/^tbd_/);
    expect(onDisk).not.toContain(token!);
    expect(await hub.devices.authenticate(token!)).toMatchObject({ siteCode: 'NH' });
    expect(provisioned).toHaveLength(1);
  });

  it('reports the status a first-run screen needs', async () => {
    const { provisioning, gate } = await machine();
    expect(await provisioning.status()).toEqual({
      provisioned: false,
      previouslyEnrolled: false,
      technicianPinSet: false,
      technicianUnlockedUntil: null,
      configProblems: [],
      secretsProblem: null,
      demoAvailable: false,
    });
    await gate.setPin('24681357');
    expect(await provisioning.status()).toMatchObject({
      technicianPinSet: true,
      technicianUnlockedUntil: expect.any(String),
    });
  });

  it('changes printer and timeout only for an unlocked technician, and the language for anyone', async () => {
    const { provisioning, gate, configStore } = await machine();
    await gate.setPin('24681357');
    await provisioning.provision(request(await code()));
    gate.lock();
    expect(await provisioning.updateSettings({ kioskIdleTimeoutSeconds: 120 })).toMatchObject({
      error: { code: 'technician-locked' },
    });
    await gate.unlock('24681357');
    expect(
      await provisioning.updateSettings({
        kioskIdleTimeoutSeconds: 120,
        printer: { name: 'TM-T82', paperWidthMm: 80 },
      }),
    ).toMatchObject({ ok: true, value: { kioskIdleTimeoutSeconds: 120, printer: { name: 'TM-T82' } } });
    gate.lock();
    expect(await provisioning.setLanguage('en')).toEqual({ ok: true, value: undefined });
    expect(configStore.current?.language).toBe('en');
  });

  it('keeps both of an officer’s language and a technician’s printer when they are changed at the same moment', async () => {
    const { provisioning, gate, configStore } = await machine();
    await configStore.save({ ...VALID_CONFIG, printer: null, language: 'zh-CN' });
    await gate.setPin('24681357');
    for (let round = 0; round < 5; round++) {
      const language = round % 2 ? 'zh-CN' : 'en';
      const results = await Promise.all([
        provisioning.updateSettings({ printer: { name: `TM-T82 #${round}`, paperWidthMm: 80 } }),
        provisioning.setLanguage(language),
        provisioning.setLanguage(language),
      ]);
      expect(results.every((result) => result.ok)).toBe(true);
      const reloaded = SiteConfigStore.inFolder(path.dirname(configStore.file));
      expect(await reloaded.load()).toMatchObject({
        state: 'ok',
        config: { printer: { name: `TM-T82 #${round}` }, language },
      });
    }
  });

  it('provisions a demo machine against the embedded hub without a PIN, with the demo officers', async () => {
    const demo: DemoHubStarter = {
      start: async () => ({
        url: hubUrl,
        siteCode: 'DX',
        officers: [{ id: 'lin-hai', name: '林海', pin: '246810', role: 'officer' }],
        device: { deviceId: 'dev-demo', token: 'tbd_demo', counter: 1, name: '东庠 1号窗口（演示）' },
      }),
      stop: async () => undefined,
    };
    const { provisioning, configStore, provisioned } = await machine(demo);
    expect(await provisioning.startDemo()).toEqual({
      ok: true,
      value: { siteCode: 'DX', officers: [{ id: 'lin-hai', name: '林海', pin: '246810' }] },
    });
    expect(configStore.current).toMatchObject({
      mode: 'counter',
      siteCode: 'DX',
      idCardReader: { driver: 'simulated' },
      demo: { officers: [{ id: 'lin-hai' }] },
    });
    expect(provisioned).toHaveLength(1);
  });

  it('does not offer or start the demo on an enrolled kiosk whose config.json broke, and keeps its token', async () => {
    const demo: DemoHubStarter = {
      start: async () => ({
        url: hubUrl,
        siteCode: 'DX',
        officers: [{ id: 'lin-hai', name: '林海', pin: '246810', role: 'officer' }],
        device: { deviceId: 'dev-demo', token: 'tbd_demo', counter: 1, name: '东庠 1号窗口（演示）' },
      }),
      stop: async () => undefined,
    };
    const brokenKiosk = JSON.stringify({ ...VALID_CONFIG, mode: 'kiosk', fieldOfANewerVersion: true });
    const { provisioning, secrets, configStore, provisioned } = await machine(demo, async (userData, secrets) => {
      await secrets.set('deviceToken', 'tbd_real_enrolment');
      await writeFile(path.join(userData, 'config.json'), brokenKiosk);
    });
    expect(await provisioning.status()).toMatchObject({
      provisioned: false,
      previouslyEnrolled: true,
      demoAvailable: false,
      configProblems: [expect.objectContaining({ zh: 'config.json 含有未知字段 fieldOfANewerVersion' })],
    });
    const refused = await provisioning.startDemo();
    expect(refused).toMatchObject({ ok: false, error: { code: 'previously-enrolled' } });
    if (!refused.ok) expect(refused.error.message.zh).toMatch(/^本机曾登记到主岛服务器.*请技术人员输入 PIN 解锁后/);
    expect(await secrets.get('deviceToken')).toBe('tbd_real_enrolment');
    expect(await readFile(configStore.file, 'utf8')).toBe(brokenKiosk);
    expect(provisioned).toHaveLength(0);

    // The same with config.json gone but the token still there.
    const { provisioning: withoutConfig } = await machine(demo, (_userData, secrets) =>
      secrets.set('deviceToken', 'tbd_real_enrolment'),
    );
    expect(await withoutConfig.status()).toMatchObject({ previouslyEnrolled: true, demoAvailable: false });
    expect(await withoutConfig.startDemo()).toMatchObject({ ok: false, error: { code: 'previously-enrolled' } });

    // A machine never set up still gets the demo.
    expect(await (await machine(demo)).provisioning.status()).toMatchObject({
      previouslyEnrolled: false,
      demoAvailable: true,
    });
  });

  it('lets an unlocked technician enrol a machine with a broken config.json again, replacing the token', async () => {
    const { provisioning, gate, secrets, configStore } = await machine(undefined, async (userData, secrets) => {
      await secrets.set('deviceToken', 'tbd_real_enrolment');
      await writeFile(path.join(userData, 'config.json'), '{"mode": "kiosk", ');
    });
    await gate.setPin('24681357');
    expect(await provisioning.provision(request(await code()))).toMatchObject({ ok: true, value: { mode: 'kiosk' } });
    expect(await secrets.get('deviceToken')).toMatch(/^tbd_/);
    expect(await secrets.get('deviceToken')).not.toBe('tbd_real_enrolment');
    expect(await secrets.get('enrolledMode')).toBe('kiosk');
    expect(configStore.state.state).toBe('ok');
  });

  it('shows unreadable secrets to the technician and resets them only then, keeping every old file aside', async () => {
    const demo: DemoHubStarter = { start: async () => Promise.reject(new Error('not started')), stop: async () => {} };
    const restarts: string[] = [];
    const machineWithBrokenSecrets = await machine(
      demo,
      async (userData) => {
        await writeFile(path.join(userData, 'secrets.json'), '{"deviceToken": "dj');
        await writeFile(path.join(userData, 'config.json'), JSON.stringify(VALID_CONFIG));
        await mkdir(path.join(userData, 'IndexedDB', 'app_tongban_0.indexeddb.leveldb'), { recursive: true });
      },
      () => restarts.push('restart'),
    );
    const { provisioning: withReset, userData, gate } = machineWithBrokenSecrets;
    const status = await withReset.status();
    expect(status).toMatchObject({ technicianPinSet: false, demoAvailable: false });
    expect(status.secretsProblem?.zh).toMatch(/^本机的凭据文件 secrets\.json 已损坏/);
    expect(await gate.setPin('24681357')).toMatchObject({ ok: false, error: { code: 'secrets-unreadable' } });
    expect(await withReset.startDemo()).toMatchObject({ ok: false, error: { code: 'secrets-unreadable' } });

    const reset = await withReset.resetSecrets();
    expect(reset).toMatchObject({ ok: true });
    if (!reset.ok) return;
    expect(restarts).toEqual(['restart']);
    expect(await readFile(path.join(reset.value.folder, 'secrets.json'), 'utf8')).toBe('{"deviceToken": "dj');
    expect(JSON.parse(await readFile(path.join(reset.value.folder, 'config.json'), 'utf8'))).toEqual(VALID_CONFIG);
    // At the restart, before any page: the database follows.
    await setAsidePendingDatabase(userData, new RecordingLogger());
    expect(await readdir(path.join(reset.value.folder, 'IndexedDB'))).toEqual(['app_tongban_0.indexeddb.leveldb']);
    expect((await readdir(userData)).sort()).toEqual(['set-aside']);

    // A machine to provision again: a new PIN can be chosen, and still no demo.
    const again = await withReset.status();
    expect(again).toMatchObject({ secretsProblem: null, provisioned: false, demoAvailable: false });
    expect(await gate.setPin('24681357')).toEqual({ ok: true, value: undefined });
    // Nothing left to reset.
    expect(await withReset.resetSecrets()).toMatchObject({ ok: false, error: { code: 'secrets-readable' } });
  });

  it('stores nothing and says why in Chinese and English when the hub’s device name is too long to keep', async () => {
    const { gate, secrets, configStore } = await machine();
    await gate.setPin('24681357');
    // A hub that let a long name through (hubs from now on refuse it when the code is made).
    const name = `东庠 1号窗口 ${'户政、身份证、出入境证件受理'.repeat(6)}`;
    const hubAnswer = (async () =>
      Response.json({ deviceId: 'dev-1', siteCode: 'NH', name, token: 'tbd_burnt' })) as typeof fetch;
    const provisioning = new Provisioning({
      configStore,
      secrets,
      gate,
      fetch: hubAnswer,
      log: new RecordingLogger(),
      onProvisioned: () => undefined,
    });
    const result = await provisioning.provision(request('ABCDE-FGHJK'));
    expect(result).toMatchObject({ ok: false, error: { code: 'enrolment-unusable' } });
    if (!result.ok) {
      expect(result.error.message.zh).toMatch(
        /^主岛服务器返回的登记信息无法保存：config\.json 中设备名称（deviceName）无效：应为 1 至 80 个字符/,
      );
      expect(result.error.message.en).toContain('must be 1 to 80 characters long');
    }
    expect(await secrets.has('deviceToken')).toBe(false);
    expect(configStore.state.state).toBe('missing');
  });

  it('says the demo failed, with the reason, when the embedded hub does not start', async () => {
    const { provisioning } = await machine({
      start: async () => {
        throw new Error('EADDRINUSE');
      },
      stop: async () => undefined,
    });
    expect(await provisioning.startDemo()).toMatchObject({
      ok: false,
      error: { code: 'demo-failed', message: { en: 'The demo hub did not start: EADDRINUSE' } },
    });
  });
});

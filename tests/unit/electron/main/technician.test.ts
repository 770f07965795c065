import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStore } from '../../../../electron/main/secrets.ts';
import { TechnicianGate } from '../../../../electron/main/technician.ts';
import { FakeSafeStorage } from '../../../helpers/fake-electron.ts';

const setup = async () => {
  const clock = { now: 1_000_000 };
  const secrets = SecretStore.inFolder(await mkdtemp(path.join(os.tmpdir(), 'tongban-gate-')), new FakeSafeStorage());
  const gate = new TechnicianGate({
    secrets,
    now: () => clock.now,
    unlockMs: 60_000,
    maxAttempts: 3,
    lockoutMs: 300_000,
  });
  return { clock, gate, secrets };
};

describe('TechnicianGate', () => {
  it('lets a new machine choose a PIN once, and keeps only its hash', async () => {
    const { gate, secrets } = await setup();
    expect(await gate.isPinSet()).toBe(false);
    expect(await gate.setPin('24681357')).toEqual({ ok: true, value: undefined });
    expect(await secrets.get('technicianPinHash')).not.toContain('24681357');
    expect(await gate.setPin('11112222')).toMatchObject({ ok: false, error: { code: 'technician-pin-exists' } });
  });

  it('refuses a PIN that is not 6 to 12 digits', async () => {
    const { gate } = await setup();
    expect(await gate.setPin('1234')).toMatchObject({
      ok: false,
      error: { code: 'technician-pin-invalid', message: { zh: 'PIN 应为 6 至 12 位数字' } },
    });
  });

  it('unlocks for a while with the right PIN, then locks again', async () => {
    const { gate, clock } = await setup();
    await gate.setPin('24681357');
    gate.lock();
    expect(gate.isUnlocked()).toBe(false);
    expect(await gate.unlock('24681357')).toEqual({ ok: true, value: { until: new Date(1_060_000).toISOString() } });
    expect(gate.isUnlocked()).toBe(true);
    clock.now += 60_000;
    expect(gate.isUnlocked()).toBe(false);
  });

  it('locks out after repeated wrong PINs, even against the right one, until the lockout passes', async () => {
    const { gate, clock } = await setup();
    await gate.setPin('24681357');
    gate.lock();
    for (let i = 0; i < 3; i++)
      expect(await gate.unlock('00000000')).toMatchObject({ error: { code: 'technician-pin-wrong' } });
    expect(await gate.unlock('24681357')).toMatchObject({
      ok: false,
      error: { code: 'technician-locked', message: { zh: 'PIN 错误次数过多，请 5 分钟后再试' } },
    });
    clock.now += 300_000;
    expect(await gate.unlock('24681357')).toMatchObject({ ok: true });
  });

  it('answers in Chinese and English, rather than failing, when the secrets cannot be read', async () => {
    const { gate, secrets } = await setup();
    await writeFile(secrets.file, '');
    for (const result of [await gate.setPin('24681357'), await gate.unlock('24681357')]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'secrets-unreadable' } });
      if (!result.ok) expect(result.error.message.zh).toMatch(/^本机的凭据文件 secrets\.json 已损坏/);
    }
    expect(gate.isUnlocked()).toBe(false);
  });

  it('counts attempts sent all at once one by one, so the lockout holds against a burst of guesses', async () => {
    const { gate } = await setup();
    await gate.setPin('24681357');
    gate.lock();
    const guesses = Array.from({ length: 40 }, (_, i) => String(10000000 + i));
    const results = await Promise.all([...guesses, '24681357'].map((pin) => gate.unlock(pin)));
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results.filter((r) => !r.ok && r.error.code === 'technician-pin-wrong')).toHaveLength(3);
    expect(results.at(-1)).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    expect(gate.isUnlocked()).toBe(false);
  });
});

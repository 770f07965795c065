import { beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../../../../shared/domain/pin.ts';
import type { PinHash } from '../../../../../shared/schemas/index.ts';
import {
  MAX_WRONG_PINS,
  PIN_LOCKOUT_MS,
  checkOfficerPin,
  pinLockedUntil,
} from '../../../../../renderer/features/sign-in/pin-attempts.ts';
import { MemoryStorage } from '../../../../helpers/memory-storage.ts';

describe('checkOfficerPin', () => {
  let pinHash: PinHash;
  const officer = () => ({ id: 'lin-hai', pinHash, active: true });
  const at = (iso: string) => () => new Date(iso);

  beforeAll(async () => {
    pinHash = await hashPin('246810');
  });

  it('accepts the PIN whose hash the officer record carries', async () => {
    expect(await checkOfficerPin(officer(), '246810', at('2026-11-26T01:00:00.000Z'), new MemoryStorage())).toEqual({
      ok: true,
    });
  });

  it('refuses a wrong PIN and counts down the tries left', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    expect(await checkOfficerPin(officer(), '111111', now, storage)).toEqual({
      ok: false,
      reason: 'wrong-pin',
      triesLeft: 4,
    });
    expect(await checkOfficerPin(officer(), '111112', now, storage)).toMatchObject({ triesLeft: 3 });
  });

  it('locks the officer for 15 minutes at the fifth wrong PIN, and refuses even the right PIN meanwhile', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    for (let i = 1; i < MAX_WRONG_PINS; i++) await checkOfficerPin(officer(), '111111', now, storage);
    const locked = await checkOfficerPin(officer(), '111111', now, storage);
    expect(locked).toEqual({
      ok: false,
      reason: 'locked-out',
      until: new Date(Date.parse('2026-11-26T01:00:00.000Z') + PIN_LOCKOUT_MS).toISOString(),
    });
    expect(await checkOfficerPin(officer(), '246810', at('2026-11-26T01:14:59.000Z'), storage)).toMatchObject({
      reason: 'locked-out',
    });
    expect(pinLockedUntil('lin-hai', new Date('2026-11-26T01:10:00.000Z'), storage)).toBe('2026-11-26T01:15:00.000Z');
  });

  it('lets the officer in again once the 15 minutes are over, with a fresh count', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    for (let i = 0; i < MAX_WRONG_PINS; i++) await checkOfficerPin(officer(), '111111', now, storage);
    const later = at('2026-11-26T01:15:00.000Z');
    expect(pinLockedUntil('lin-hai', later(), storage)).toBeNull();
    expect(await checkOfficerPin(officer(), '111111', later, storage)).toMatchObject({ triesLeft: 4 });
    expect(await checkOfficerPin(officer(), '246810', later, storage)).toEqual({ ok: true });
  });

  it('starts the count again after a right PIN', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    for (let i = 0; i < MAX_WRONG_PINS - 1; i++) await checkOfficerPin(officer(), '111111', now, storage);
    await checkOfficerPin(officer(), '246810', now, storage);
    expect(await checkOfficerPin(officer(), '111111', now, storage)).toMatchObject({ triesLeft: 4 });
  });

  it('keeps one count per officer', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    for (let i = 0; i < MAX_WRONG_PINS; i++) await checkOfficerPin(officer(), '111111', now, storage);
    const other = { id: 'chen-lan', pinHash, active: true };
    expect(await checkOfficerPin(other, '246810', now, storage)).toEqual({ ok: true });
  });

  it('refuses a PIN that is not 6 to 12 digits without counting it', async () => {
    const storage = new MemoryStorage();
    const now = at('2026-11-26T01:00:00.000Z');
    expect(await checkOfficerPin(officer(), '12ab', now, storage)).toEqual({ ok: false, reason: 'format' });
    expect(await checkOfficerPin(officer(), '111111', now, storage)).toMatchObject({ triesLeft: 4 });
  });

  it('refuses an officer whose account is disabled, whatever the PIN', async () => {
    expect(
      await checkOfficerPin(
        { ...officer(), active: false },
        '246810',
        at('2026-11-26T01:00:00.000Z'),
        new MemoryStorage(),
      ),
    ).toEqual({ ok: false, reason: 'inactive' });
  });
});

import { pinProblem, verifyPin } from '../../../shared/domain/pin.ts';
import type { Officer } from '../../../shared/schemas/index.ts';

/**
 * PIN checks on this machine, offline, against the officer's replicated hash. Five wrong PINs in a row lock that
 * officer on this machine for 15 minutes; the count is kept in localStorage so a reload does not reset it. Used by
 * sign-in, by unlocking the screen, and by any supervisor override.
 */

export const MAX_WRONG_PINS = 5;
export const PIN_LOCKOUT_MS = 15 * 60_000;
export const PIN_ATTEMPTS_KEY_PREFIX = 'tongban.pinAttempts.';

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'format' }
  | { ok: false; reason: 'inactive' }
  | { ok: false; reason: 'wrong-pin'; triesLeft: number }
  | { ok: false; reason: 'locked-out'; until: string };

interface AttemptRecord {
  failures: number;
  lockedUntil: string | null;
}

type AttemptStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyOf = (officerId: string) => `${PIN_ATTEMPTS_KEY_PREFIX}${officerId}`;

function readRecord(storage: AttemptStorage, officerId: string): AttemptRecord {
  try {
    const value = JSON.parse(storage.getItem(keyOf(officerId)) ?? 'null') as Partial<AttemptRecord> | null;
    return {
      failures: typeof value?.failures === 'number' ? value.failures : 0,
      lockedUntil: typeof value?.lockedUntil === 'string' ? value.lockedUntil : null,
    };
  } catch {
    return { failures: 0, lockedUntil: null };
  }
}

function writeRecord(storage: AttemptStorage, officerId: string, record: AttemptRecord): void {
  try {
    if (record.failures === 0 && record.lockedUntil === null) storage.removeItem(keyOf(officerId));
    else storage.setItem(keyOf(officerId), JSON.stringify(record));
  } catch {
    // Storage full: the lockout then holds only until a reload, which is better than refusing every sign-in.
  }
}

/** When the officer's lockout ends, or null when they may try. */
export function pinLockedUntil(
  officerId: string,
  now: Date = new Date(),
  storage: AttemptStorage = localStorage,
): string | null {
  const { lockedUntil } = readRecord(storage, officerId);
  return lockedUntil && Date.parse(lockedUntil) > now.getTime() ? lockedUntil : null;
}

export async function checkOfficerPin(
  officer: Pick<Officer, 'id' | 'pinHash' | 'active'>,
  pin: string,
  now: () => Date = () => new Date(),
  storage: AttemptStorage = localStorage,
): Promise<PinCheck> {
  if (!officer.active) return { ok: false, reason: 'inactive' };
  const before = readRecord(storage, officer.id);
  if (before.lockedUntil) {
    if (Date.parse(before.lockedUntil) > now().getTime())
      return { ok: false, reason: 'locked-out', until: before.lockedUntil };
    // The lockout has run out: a fresh count of five.
    before.failures = 0;
    before.lockedUntil = null;
  }
  if (pinProblem(pin)) return { ok: false, reason: 'format' };
  const matches = await verifyPin(pin, officer.pinHash);
  // Read again: another check may have finished while scrypt ran.
  const record = readRecord(storage, officer.id);
  if (record.lockedUntil && Date.parse(record.lockedUntil) <= now().getTime()) {
    record.failures = 0;
    record.lockedUntil = null;
  }
  if (matches) {
    writeRecord(storage, officer.id, { failures: 0, lockedUntil: null });
    return { ok: true };
  }
  const failures = record.failures + 1;
  if (failures >= MAX_WRONG_PINS) {
    const until = new Date(now().getTime() + PIN_LOCKOUT_MS).toISOString();
    writeRecord(storage, officer.id, { failures, lockedUntil: until });
    return { ok: false, reason: 'locked-out', until };
  }
  writeRecord(storage, officer.id, { failures, lockedUntil: null });
  return { ok: false, reason: 'wrong-pin', triesLeft: MAX_WRONG_PINS - failures };
}

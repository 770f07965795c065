import { hashPin, pinProblem, verifyPin } from '../../shared/domain/pin.ts';
import { fail, ok, okVoid, type BridgeResult } from '../../shared/ipc/bridge.ts';
import type { PinHash } from '../../shared/schemas/index.ts';
import { SecretsUnreadableError, type SecretStore } from './secrets.ts';

export interface TechnicianGateOptions {
  secrets: SecretStore;
  now?: () => number;
  /** How long one correct PIN allows technician actions. */
  unlockMs?: number;
  /** Wrong PINs in a row before the gate locks, and for how long. */
  maxAttempts?: number;
  lockoutMs?: number;
}

/**
 * The technician PIN in front of provisioning, settings and quitting a kiosk. Its scrypt hash is kept with the other
 * secrets. A few wrong guesses lock the gate for a while: a 6-digit PIN at a public kiosk must not be guessable by
 * trying.
 */
export class TechnicianGate {
  private unlockedUntil = 0;
  private failures = 0;
  private lockedUntil = 0;
  // One PIN check at a time: attempts sent together would otherwise all pass the lockout check before any counted.
  private attempts: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: TechnicianGateOptions) {
    this.now = options.now ?? Date.now;
  }

  isPinSet(): Promise<boolean> {
    return this.options.secrets.has('technicianPinHash');
  }

  isUnlocked(): boolean {
    return this.now() < this.unlockedUntil;
  }

  unlockedUntilIso(): string | null {
    return this.isUnlocked() ? new Date(this.unlockedUntil).toISOString() : null;
  }

  lock(): void {
    this.unlockedUntil = 0;
  }

  /** Sets the first PIN; a PIN that exists can only be replaced by provisioning the machine again from scratch. */
  async setPin(pin: string): Promise<BridgeResult> {
    try {
      return await this.setFirstPin(pin);
    } catch (error) {
      if (error instanceof SecretsUnreadableError) return fail('secrets-unreadable', error.text);
      throw error;
    }
  }

  private async setFirstPin(pin: string): Promise<BridgeResult> {
    if (await this.isPinSet()) {
      return fail('technician-pin-exists', {
        zh: '技术人员 PIN 已设置，不能在此更改',
        en: 'A technician PIN is already set and cannot be changed here',
      });
    }
    const problem = pinProblem(pin);
    if (problem) return fail('technician-pin-invalid', problem);
    await this.options.secrets.set('technicianPinHash', JSON.stringify(await hashPin(pin)));
    this.unlockedUntil = this.now() + (this.options.unlockMs ?? 5 * 60_000);
    return okVoid;
  }

  unlock(pin: string): Promise<BridgeResult<{ until: string }>> {
    const next = this.attempts.then(() => this.check(pin));
    this.attempts = next.catch(() => undefined);
    return next;
  }

  private async check(pin: string): Promise<BridgeResult<{ until: string }>> {
    const now = this.now();
    if (now < this.lockedUntil) {
      const minutes = Math.ceil((this.lockedUntil - now) / 60_000);
      return fail('technician-locked', {
        zh: `PIN 错误次数过多，请 ${minutes} 分钟后再试`,
        en: `Too many wrong PINs; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      });
    }
    let stored: string | null;
    try {
      stored = await this.options.secrets.get('technicianPinHash');
    } catch (error) {
      if (error instanceof SecretsUnreadableError) return fail('secrets-unreadable', error.text);
      throw error;
    }
    if (!stored) {
      return fail('technician-pin-not-set', {
        zh: '尚未设置技术人员 PIN',
        en: 'No technician PIN has been set yet',
      });
    }
    if (!(await verifyPin(pin, JSON.parse(stored) as PinHash))) {
      this.failures++;
      const maxAttempts = this.options.maxAttempts ?? 5;
      if (this.failures >= maxAttempts) {
        this.failures = 0;
        this.lockedUntil = now + (this.options.lockoutMs ?? 5 * 60_000);
      }
      return fail('technician-pin-wrong', { zh: 'PIN 不正确', en: 'Wrong PIN' });
    }
    this.failures = 0;
    this.unlockedUntil = now + (this.options.unlockMs ?? 5 * 60_000);
    return ok({ until: new Date(this.unlockedUntil).toISOString() });
  }
}

export const TECHNICIAN_LOCKED = {
  zh: '此操作需要技术人员 PIN，请先解锁',
  en: 'This needs the technician PIN; unlock first',
};

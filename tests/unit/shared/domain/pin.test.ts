import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../../shared/domain/pin.ts';
import { pinHashSchema } from '../../../../shared/schemas/index.ts';

describe('officer PIN hashing', () => {
  it('accepts the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('246810');
    expect(pinHashSchema.parse(stored)).toEqual(stored);
    expect(await verifyPin('246810', stored)).toBe(true);
    expect(await verifyPin('246811', stored)).toBe(false);
  });

  it('salts each hash, so two officers with the same PIN have different hashes', async () => {
    const a = await hashPin('135790');
    const b = await hashPin('135790');
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).not.toContain('135790');
  });

  it('refuses PINs that are not 6 to 12 digits', async () => {
    await expect(hashPin('1234')).rejects.toThrow(/6 to 12 digits/);
    await expect(hashPin('12345a')).rejects.toThrow(/6 to 12 digits/);
  });
});

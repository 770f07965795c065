import { scryptAsync } from '@noble/hashes/scrypt.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { PinHash } from '../schemas/index.ts';

/**
 * Officer PINs are hashed at the hub with scrypt and a per-officer salt; counters verify them offline against the
 * replicated hash. The same code runs in Node (hub) and in the renderer, so both agree byte for byte.
 */
export const PIN_SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export const pinProblem = (pin: string): { zh: string; en: string } | null =>
  /^\d{6,12}$/.test(pin) ? null : { zh: 'PIN 应为 6 至 12 位数字', en: 'The PIN must be 6 to 12 digits' };

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function hashPin(pin: string, salt: Uint8Array = randomBytes(16)): Promise<PinHash> {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem.en);
  const hash = await scryptAsync(utf8ToBytes(pin), salt, { ...PIN_SCRYPT, dkLen: KEY_LENGTH });
  return { algorithm: 'scrypt', salt: toBase64(salt), hash: toBase64(hash), ...PIN_SCRYPT };
}

/**
 * The PIN hash of an officer record a site receives once the officer no longer works there (a tombstone): the
 * schema wants one, the hash the hub holds is not for that site. No PIN verifies against it: `verifyPin` refuses it
 * before hashing (its all-zero key is in any case not an scrypt output anyone can aim for).
 */
export const NO_PIN_HASH: PinHash = Object.freeze({
  algorithm: 'scrypt',
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  N: 1024,
  r: 1,
  p: 1,
});

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (stored.hash === NO_PIN_HASH.hash && stored.salt === NO_PIN_HASH.salt) return false;
  const expected = fromBase64(stored.hash);
  const actual = await scryptAsync(utf8ToBytes(pin), fromBase64(stored.salt), {
    N: stored.N,
    r: stored.r,
    p: stored.p,
    dkLen: expected.length,
  });
  // Constant-time comparison: the time taken must not reveal how many leading bytes matched.
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

// Generators of valid numbers for the property tests. The check character is computed here with the recursive form of
// ISO 7064 MOD 11-2, not the weight table the code under test uses, so the two cannot share a mistake.
import fc from 'fast-check';

/** The bureau's date the property tests treat as today. */
export const TODAY = '2026-05-01';

export function referenceCheckCharacter(first17Digits: string): string {
  let remainder = 0;
  for (const digit of first17Digits) remainder = ((remainder + Number(digit)) * 2) % 11;
  const value = (12 - remainder) % 11;
  return value === 10 ? 'X' : String(value);
}

export function withCheckCharacter(first17Digits: string): string {
  return first17Digits + referenceCheckCharacter(first17Digits);
}

export const birthDateUpToToday = fc
  .date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const sequenceNumber = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));

// Any six digits a mainland resident could carry, current or long abolished, but not the permit codes.
const mainlandAddressCode = fc
  .integer({ min: 100_000, max: 899_999 })
  .map(String)
  .filter((code) => !['810000', '820000', '830000'].includes(code));

export interface GeneratedIdNumber {
  number: string;
  addressCode: string;
  birthDate: string;
  sequence: string;
}

function personalIdNumber(addressCode: fc.Arbitrary<string>): fc.Arbitrary<GeneratedIdNumber> {
  return fc.record({ addressCode, birthDate: birthDateUpToToday, sequence: sequenceNumber }).map((parts) => ({
    ...parts,
    number: withCheckCharacter(parts.addressCode + parts.birthDate.replaceAll('-', '') + parts.sequence),
  }));
}

export const residentIdNumber = personalIdNumber(mainlandAddressCode);

export const hmtResidencePermitNumber = personalIdNumber(fc.constantFrom('810000', '820000', '830000'));

export const foreignPermanentResidence2023Number = fc
  .string({ unit: fc.constantFrom(...'0123456789'), minLength: 16, maxLength: 16 })
  .map((digits) => withCheckCharacter(`9${digits}`));

/** The number with one character replaced by a different one that could stand in that position. */
export function withOneCharacterChanged(number: string): fc.Arbitrary<string> {
  return fc
    .record({ position: fc.integer({ min: 0, max: number.length - 1 }), shift: fc.nat() })
    .map(({ position, shift }) => {
      const alphabet = position === 17 ? '0123456789X' : '0123456789';
      const original = alphabet.indexOf(number.charAt(position));
      const replacement = alphabet.charAt((original + 1 + (shift % (alphabet.length - 1))) % alphabet.length);
      return number.slice(0, position) + replacement + number.slice(position + 1);
    });
}

/** The number with two neighbouring, different characters swapped, or undefined when all neighbours are equal. */
export function withNeighboursSwapped(number: string): fc.Arbitrary<string | undefined> {
  const swappable = Array.from({ length: number.length - 1 }, (_, i) => i).filter(
    (i) => number.charAt(i) !== number.charAt(i + 1),
  );
  if (swappable.length === 0) return fc.constant(undefined);
  return fc
    .constantFrom(...swappable)
    .map((i) => number.slice(0, i) + number.charAt(i + 1) + number.charAt(i) + number.slice(i + 2));
}

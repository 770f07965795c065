import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gb11643CheckCharacter } from '../../../../../shared/domain/identity/check-character.ts';
import { referenceCheckCharacter } from './id-number-arbitraries.ts';

describe('gb11643CheckCharacter', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('gives the worked example %s its check character %s', (first17, expected) => {
    expect(gb11643CheckCharacter(first17)).toBe(expected);
  });

  it('agrees with the recursive form of ISO 7064 MOD 11-2 for any 17 digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 }), (digits) => {
        expect(gb11643CheckCharacter(digits)).toBe(referenceCheckCharacter(digits));
      }),
    );
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A'])('throws for %s', (input) => {
    expect(() => gb11643CheckCharacter(input)).toThrow(RangeError);
  });
});

// GB 11643-1999 weights, 2^(17-i) mod 11 for positions 1–17 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Index is S mod 11; the character makes the weighted sum of all 18 positions ≡ 1 (mod 11), X standing for 10.
const CHECK_CHARACTERS = '10X98765432';

/** The 18th character of a resident ID number (and of the numbers that share its scheme) for its first 17 digits. */
export function gb11643CheckCharacter(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) {
    throw new RangeError(`the check character is computed from 17 digits, got "${first17Digits}"`);
  }
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * (first17Digits.charCodeAt(i) - 48), 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

import { describe, expect, it } from 'vitest';
import { describeLengths, normaliseScannedText } from '../../../../../shared/domain/identity/characters.ts';

describe('normaliseScannedText', () => {
  it.each([
    ['full-width digits', '０１２３４５６７８９', '0123456789'],
    ['full-width letters in both cases', 'Ｘｘ Ｅａ', 'XXEA'],
    ['a full-width plus sign', '＋86', '+86'],
    ['an ideographic space', '110105　1949', '1101051949'],
    ['the Enter and Tab a scanner types', '\tE12345678\r\n', 'E12345678'],
    ['zero-width characters and a byte-order mark', '\uFEFFE1234\u200B5678', 'E12345678'],
    ['lower-case letters', 'ea1234567', 'EA1234567'],
  ])('folds %s', (_, raw, expected) => {
    expect(normaliseScannedText(raw)).toBe(expected);
  });

  it('leaves Chinese characters alone', () => {
    expect(normaliseScannedText('闽k 12345')).toBe('闽K12345');
  });
});

describe('describeLengths', () => {
  it.each([
    [[18], { zh: '18', en: '18' }],
    [[11, 9], { zh: '9 或 11', en: '9 or 11' }],
    [[8, 10, 11, 12], { zh: '8 或 10–12', en: '8 or 10–12' }],
    [[5, 6, 7, 8], { zh: '5–8', en: '5–8' }],
  ])('describes %j', (lengths, expected) => {
    expect(describeLengths(lengths)).toEqual(expected);
  });
});

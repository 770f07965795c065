import { describe, expect, it } from 'vitest';
import {
  validateEepHkMacau,
  validateForeignPassport,
  validateHomeReturnPermit,
  validateMainlandTaiwanPermit,
  validatePassport,
  validateTaiwanCompatriotPermit,
} from '../../../../../shared/domain/identity/travel-documents.ts';

describe('validateEepHkMacau', () => {
  it.each([
    ['C12345678', 'C12345678'],
    ['CA0000001', 'CA0000001'],
    ['cz1234567\n', 'CZ1234567'],
    ['Ｃ１２３４５６７８', 'C12345678'],
  ])('accepts %j as %s', (raw, value) => {
    expect(validateEepHkMacau(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['CI1234567', '往来港澳通行证号码第 2 位应为字母（不含 I、O）或数字，实际为“I”'],
    ['CO1234567', '往来港澳通行证号码第 2 位应为字母（不含 I、O）或数字，实际为“O”'],
    ['D12345678', '往来港澳通行证号码第 1 位应为 C，实际为“D”'],
    ['CA123456B', '往来港澳通行证号码第 9 位应为数字，实际为“B”'],
  ])('refuses %s and says which character is wrong', (raw, zh) => {
    expect(validateEepHkMacau(raw)).toMatchObject({ ok: false, code: 'document-format', message: { zh } });
  });

  it('refuses a number of 8 characters and counts them', () => {
    expect(validateEepHkMacau('C1234567')).toEqual({
      ok: false,
      code: 'document-length',
      message: {
        zh: '往来港澳通行证号码应为 9 位，实际 8 位',
        en: 'the exit-entry permit to Hong Kong and Macau number should have 9 characters, got 8',
      },
    });
  });

  it('refuses an empty entry', () => {
    expect(validateEepHkMacau('  ')).toMatchObject({
      code: 'document-empty',
      message: { zh: '请输入往来港澳通行证号码' },
    });
  });
});

describe('validateHomeReturnPermit', () => {
  it('accepts H and 8 digits as a Hong Kong permit', () => {
    expect(validateHomeReturnPermit('H12345678')).toEqual({
      ok: true,
      value: 'H12345678',
      region: 'hong-kong',
      lifetimeNumber: 'H12345678',
    });
  });

  it('accepts M, 8 digits and an issue count as a Macau permit and keeps the lifetime number apart', () => {
    expect(validateHomeReturnPermit('m1234567801')).toEqual({
      ok: true,
      value: 'M1234567801',
      region: 'macau',
      lifetimeNumber: 'M12345678',
    });
  });

  it('refuses a letter other than H or M', () => {
    expect(validateHomeReturnPermit('K12345678')).toMatchObject({
      code: 'document-format',
      message: { zh: '港澳居民来往内地通行证号码第 1 位应为 H（香港）或 M（澳门），实际为“K”' },
    });
  });

  it('refuses 10 characters and names both allowed lengths', () => {
    expect(validateHomeReturnPermit('H123456789')).toMatchObject({
      code: 'document-length',
      message: { zh: '港澳居民来往内地通行证号码应为 9 或 11 位，实际 10 位' },
    });
  });
});

describe('validateTaiwanCompatriotPermit', () => {
  it.each(['12345678', 'AB12345678', 'AB123456789', 'AB1234567890'])(
    'accepts %s with a caution to compare it with the card',
    (raw) => {
      expect(validateTaiwanCompatriotPermit(raw)).toMatchObject({
        ok: true,
        value: raw,
        caution: { zh: expect.any(String) },
      });
    },
  );

  it('refuses a letter in an 8-character number', () => {
    expect(validateTaiwanCompatriotPermit('1234567A')).toMatchObject({
      code: 'document-format',
      message: { zh: '台湾居民来往大陆通行证号码第 8 位应为数字，实际为“A”' },
    });
  });

  it.each([
    ['1234567', 7],
    ['123456789', 9],
    ['AB12345678901', 13],
  ])('refuses %s with %i characters', (raw, length) => {
    expect(validateTaiwanCompatriotPermit(raw)).toMatchObject({
      code: 'document-length',
      message: { zh: `台湾居民来往大陆通行证号码应为 8 或 10–12 位，实际 ${length} 位` },
    });
  });
});

describe('validateMainlandTaiwanPermit', () => {
  it.each(['L12345678', '12345678', 'T123456789'])('accepts %s with a caution to compare it with the card', (raw) => {
    expect(validateMainlandTaiwanPermit(raw)).toMatchObject({
      ok: true,
      value: raw,
      caution: { en: expect.any(String) },
    });
  });

  it.each(['L123456', 'L1234567890'])('refuses %s for its length', (raw) => {
    expect(validateMainlandTaiwanPermit(raw)).toMatchObject({ code: 'document-length' });
  });

  it('refuses a character that is neither letter nor digit', () => {
    expect(validateMainlandTaiwanPermit('L1234-678')).toMatchObject({
      code: 'document-format',
      message: { zh: '大陆居民往来台湾通行证号码第 6 位应为字母或数字，实际为“-”' },
    });
  });
});

describe('validatePassport', () => {
  it.each([
    ['G12345678', 'ordinary'],
    ['E12345678', 'ordinary'],
    ['EA1234567', 'ordinary'],
    ['DE1234567', 'diplomatic'],
    ['SE1234567', 'service'],
    ['PE1234567', 'public-affairs'],
  ])('accepts %s as a passport of kind %s', (raw, passportKind) => {
    expect(validatePassport(raw)).toEqual({ ok: true, value: raw, passportKind });
  });

  it('upper-cases a number typed in lower case', () => {
    expect(validatePassport('ea1234567')).toMatchObject({ ok: true, value: 'EA1234567' });
  });

  it.each([
    ['EI1234567', '护照号码第 2 位应为数字或字母（不含 I、O），实际为“I”'],
    ['EO1234567', '护照号码第 2 位应为数字或字母（不含 I、O），实际为“O”'],
    ['X12345678', '护照号码第 1 位应为 G、E、D、S 或 P，实际为“X”'],
    ['DF1234567', '护照号码第 2 位应为 E，实际为“F”'],
    ['G1234567A', '护照号码第 9 位应为数字，实际为“A”'],
  ])('refuses %s and says which character is wrong', (raw, zh) => {
    expect(validatePassport(raw)).toMatchObject({ ok: false, code: 'document-format', message: { zh } });
  });

  it('gives the English message too', () => {
    expect(validatePassport('X12345678')).toMatchObject({
      message: { en: 'in the passport number, character 1 should be G, E, D, S or P, got "X"' },
    });
  });

  it.each(['G1234567', 'E123456789'])('refuses %s for its length', (raw) => {
    expect(validatePassport(raw)).toMatchObject({ code: 'document-length' });
  });
});

describe('validateForeignPassport', () => {
  it.each([
    ['AB1234567', 'AB1234567'],
    ['x1234', 'X1234'],
    ['123456789 ABCDEFGHIJK', '123456789ABCDEFGHIJK'],
  ])('accepts %j as %s', (raw, value) => {
    expect(validateForeignPassport(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['AB12', 4],
    ['123456789ABCDEFGHIJKL', 21],
  ])('refuses %s and says 5–20 characters are needed', (raw, length) => {
    expect(validateForeignPassport(raw)).toMatchObject({
      code: 'document-length',
      message: { zh: `外国护照号码应为 5–20 位，实际 ${length} 位` },
    });
  });

  it.each([
    ['AB-12345', '外国护照号码第 3 位应为字母或数字，实际为“-”'],
    ['护照12345', '外国护照号码第 1 位应为字母或数字，实际为“护”'],
  ])('refuses %s', (raw, zh) => {
    expect(validateForeignPassport(raw)).toMatchObject({ code: 'document-format', message: { zh } });
  });
});

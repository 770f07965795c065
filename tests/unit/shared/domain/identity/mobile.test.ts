import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMainlandMobile } from '../../../../../shared/domain/identity/mobile.ts';

describe('validateMainlandMobile', () => {
  it.each([
    ['13812345678'],
    ['+8613812345678'],
    ['+86 138 1234 5678'],
    ['0086-138-1234-5678'],
    ['(+86) 138-1234-5678'],
    ['１３８１２３４５６７８'],
    ['13812345678\n'],
    ['138 1234 5678'],
  ])('accepts %j as 13812345678', (raw) => {
    expect(validateMainlandMobile(raw)).toEqual({ ok: true, value: '13812345678' });
  });

  it.each(['14512345678', '17012345678', '19912345678', '16612345678'])(
    'accepts %s from a data-only, virtual-operator or newer range',
    (raw) => {
      expect(validateMainlandMobile(raw)).toMatchObject({ ok: true, value: raw });
    },
  );

  it.each([
    ['12812345678', '12'],
    ['23812345678', '23'],
    ['10012345678', '10'],
  ])('refuses %s and names its first two digits', (raw, start) => {
    expect(validateMainlandMobile(raw)).toEqual({
      ok: false,
      code: 'mobile-prefix',
      message: {
        zh: `手机号码应以 13–19 开头，实际以 ${start} 开头`,
        en: `the mobile number should start with 13–19, got ${start}`,
      },
    });
  });

  it.each([
    ['1381234567', 10],
    ['138123456789', 12],
    ['+86 1381234567', 10],
  ])('refuses %j and counts its %i digits', (raw, length) => {
    expect(validateMainlandMobile(raw)).toMatchObject({
      code: 'mobile-length',
      message: { zh: `手机号码应为 11 位，实际 ${length} 位` },
    });
  });

  it.each(['+852 9123 4567', '+1 415 555 0100', '00852 9123 4567'])('refuses the foreign number %j', (raw) => {
    expect(validateMainlandMobile(raw)).toMatchObject({ code: 'mobile-country-code' });
  });

  it('refuses a letter and names it', () => {
    expect(validateMainlandMobile('138a2345678')).toMatchObject({
      code: 'mobile-format',
      message: { zh: '手机号码只能包含数字，实际含有“A”' },
    });
  });

  it.each(['', ' - '])('refuses %j as empty', (raw) => {
    expect(validateMainlandMobile(raw)).toMatchObject({ code: 'mobile-empty' });
  });

  it('accepts every 11-digit number from 13x to 19x however it is written', () => {
    const mobile = fc
      .tuple(
        fc.integer({ min: 3, max: 9 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }),
      )
      .map(([second, rest]) => `1${second}${rest}`);
    fc.assert(
      fc.property(mobile, fc.constantFrom('', '+86', '+86 ', '0086', '0086-'), (number, countryCode) => {
        const grouped = `${number.slice(0, 3)} ${number.slice(3, 7)}-${number.slice(7)}`;
        expect(validateMainlandMobile(countryCode + grouped)).toEqual({ ok: true, value: number });
      }),
    );
  });
});

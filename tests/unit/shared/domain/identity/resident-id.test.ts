import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upgradeLegacyId15, validateResidentId } from '../../../../../shared/domain/identity/resident-id.ts';
import {
  TODAY,
  foreignPermanentResidence2023Number,
  hmtResidencePermitNumber,
  residentIdNumber,
  withCheckCharacter,
  withNeighboursSwapped,
  withOneCharacterChanged,
} from './id-number-arbitraries.ts';

describe('validateResidentId', () => {
  it('accepts the first worked example of GB 11643 and reads a woman born on 1949-12-31', () => {
    expect(validateResidentId('11010519491231002X', { today: TODAY })).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      addressCode: '110105',
    });
  });

  it('accepts the second worked example of GB 11643 and reads a man born on 1880-01-01', () => {
    expect(validateResidentId('440524188001010014', { today: TODAY })).toEqual({
      ok: true,
      value: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'male',
      addressCode: '440524',
    });
  });

  it('normalises a lower-case x to X', () => {
    const result = validateResidentId('11010519491231002x', { today: TODAY });
    expect(result).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    ['grouping spaces', '110105 19491231 002X'],
    ['a trailing newline from a scanner', '11010519491231002X\n'],
    ['a trailing carriage return and newline', '11010519491231002X\r\n'],
    ['a trailing tab', '11010519491231002X\t'],
    ['full-width digits and X', '１１０１０５１９４９１２３１００２Ｘ'],
    ['a full-width lower-case x and ideographic spaces', '　１１０１０５１９４９１２３１００２ｘ　'],
  ])('strips and folds %s', (_, raw) => {
    expect(validateResidentId(raw, { today: TODAY })).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it.each([
    ['2000-02-29, a leap day of a year divisible by 400', '11010520000229001'],
    ['2024-02-29, a leap day of a year divisible by 4', '11010520240229001'],
    ['1904-02-29, a leap day in the 1900s', '11010519040229001'],
  ])('accepts %s', (_, first17) => {
    expect(validateResidentId(withCheckCharacter(first17), { today: TODAY }).ok).toBe(true);
  });

  it.each([
    ['1900-02-29: 1900 is divisible by 100 but not 400', '11010519000229001', '出生日期 1900-02-29 不存在'],
    ['2023-02-29: 2023 is no leap year', '11010520230229001', '出生日期 2023-02-29 不存在'],
    ['2023-04-31: April has 30 days', '11010520230431001', '出生日期 2023-04-31 不存在'],
    ['month 13', '11010520231301001', '出生日期 2023-13-01 不存在'],
    ['month 00', '11010520230010001', '出生日期 2023-00-10 不存在'],
    ['day 00', '11010520230100001', '出生日期 2023-01-00 不存在'],
    ['year 1799', '11010517991231001', '出生年份 1799 不在 1800–2099 之间'],
  ])('refuses the birth date %s', (_, first17, zh) => {
    const result = validateResidentId(withCheckCharacter(first17), { today: TODAY });
    expect(result).toMatchObject({ ok: false, code: 'id-birth-date-invalid', message: { zh } });
  });

  it('names the impossible date in English too', () => {
    const result = validateResidentId(withCheckCharacter('11010520230229001'), { today: TODAY });
    expect(result).toMatchObject({ message: { en: 'birth date 2023-02-29 does not exist' } });
  });

  it('accepts a child born today', () => {
    expect(validateResidentId(withCheckCharacter('35012820260501002'), { today: '2026-05-01' }).ok).toBe(true);
  });

  it('refuses a birth date after today and names both dates', () => {
    const result = validateResidentId(withCheckCharacter('35012820260502002'), { today: '2026-05-01' });
    expect(result).toEqual({
      ok: false,
      code: 'id-birth-date-future',
      message: {
        zh: '出生日期 2026-05-02 晚于今天（2026-05-01）',
        en: 'birth date 2026-05-02 is after today (2026-05-01)',
      },
    });
  });

  it('refuses a future birth date by the real clock when no today is given', () => {
    expect(validateResidentId(withCheckCharacter('35012820991231002'))).toMatchObject({
      code: 'id-birth-date-future',
    });
  });

  it('throws when the today it is given is not a date', () => {
    expect(() => validateResidentId('11010519491231002X', { today: '2026-5-1' })).toThrow(RangeError);
  });

  it('reports the expected check character so the UI can show it', () => {
    expect(validateResidentId('110105194912310023', { today: TODAY })).toEqual({
      ok: false,
      code: 'id-check-digit',
      message: { zh: '校验位应为 X，实际为 3', en: 'check digit should be X, got 3' },
      expectedCheckCharacter: 'X',
      actualCheckCharacter: '3',
    });
  });

  it('reports a digit where X belongs as a check-digit error', () => {
    expect(validateResidentId('44052418800101001X', { today: TODAY })).toMatchObject({
      code: 'id-check-digit',
      expectedCheckCharacter: '4',
      actualCheckCharacter: 'X',
    });
  });

  it.each([
    ['', 'id-empty'],
    [' \n\t', 'id-empty'],
  ])('refuses %j as empty', (raw, code) => {
    expect(validateResidentId(raw, { today: TODAY })).toMatchObject({
      ok: false,
      code,
      message: { zh: '请输入居民身份证号码', en: 'enter the resident ID card number' },
    });
  });

  it.each([
    ['11010519491231002', 17],
    ['11010519491231002X1', 19],
    ['1101051949123100', 16],
    ['1101051949', 10],
    ['11010519491231002XX', 19],
  ])('refuses %s and counts its %i characters', (raw, length) => {
    expect(validateResidentId(raw, { today: TODAY })).toEqual({
      ok: false,
      code: 'id-length',
      message: {
        zh: `居民身份证号码应为 18 位，实际 ${length} 位`,
        en: `the resident ID card number should have 18 characters, got ${length}`,
      },
    });
  });

  it.each([
    ['a letter among the digits', '1101051949123A002X', '居民身份证号码第 14 位应为数字，实际为“A”'],
    ['an X before the last position', '11010519491231X021', '居民身份证号码第 15 位应为数字，实际为“X”'],
    ['a leading zero', '01010519491231002X', '居民身份证号码第 1 位应为数字 1–9，实际为“0”'],
    ['a letter other than X at the end', '11010519491231002Y', '居民身份证号码第 18 位应为数字或 X，实际为“Y”'],
    ['a dash', '110105-1949123100X', '居民身份证号码第 7 位应为数字，实际为“-”'],
  ])('refuses %s and says which character is wrong', (_, raw, zh) => {
    expect(validateResidentId(raw, { today: TODAY })).toMatchObject({ ok: false, code: 'id-format', message: { zh } });
  });

  it.each([
    ['350128', "Pingtan's county code, kept through the 2021 township changes"],
    ['110103', 'the code of Beijing 崇文区, abolished in 2010'],
    ['110104', 'the code of Beijing 宣武区, abolished in 2010'],
  ])('accepts address code %s (%s)', (addressCode) => {
    const result = validateResidentId(withCheckCharacter(`${addressCode}19800101001`), { today: TODAY });
    expect(result).toMatchObject({ ok: true, addressCode });
  });

  it('suggests the residence-permit type for a valid number of a Hong Kong resident', () => {
    const number = withCheckCharacter('81000019900101001');
    expect(validateResidentId(number, { today: TODAY })).toMatchObject({
      ok: false,
      code: 'id-other-document',
      suggestedType: 'hmt-residence-permit',
      message: { zh: `${number} 是港澳台居民居住证号码，请选择该证件类型` },
    });
  });

  it('suggests the foreign permanent-residence type for a valid number starting with 9', () => {
    expect(validateResidentId(withCheckCharacter('93515619800101001'), { today: TODAY })).toMatchObject({
      code: 'id-other-document',
      suggestedType: 'foreign-permanent-residence',
    });
  });

  it('reports a typo rather than another document type when a number starting with 9 fails its check', () => {
    const valid = withCheckCharacter('93515619800101001');
    const mistyped = valid.slice(0, 17) + (valid.endsWith('1') ? '2' : '1');
    expect(validateResidentId(mistyped, { today: TODAY })).toMatchObject({ code: 'id-check-digit' });
  });

  describe('legacy 15-digit numbers', () => {
    it('refuses one by default and gives its 18-digit form', () => {
      expect(validateResidentId('110105491231002', { today: TODAY })).toEqual({
        ok: false,
        code: 'id-legacy-15',
        message: {
          zh: '这是 15 位旧身份证号码，对应的 18 位号码为 11010519491231002X',
          en: 'this is a legacy 15-digit ID number; its 18-digit form is 11010519491231002X',
        },
        upgradedNumber: '11010519491231002X',
      });
    });

    it('accepts one for historical look-ups and returns the 18-digit form', () => {
      expect(validateResidentId('110105491231002', { today: TODAY, acceptLegacy15: true })).toEqual({
        ok: true,
        value: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
        addressCode: '110105',
        upgradedFrom: '110105491231002',
      });
    });

    it('refuses one whose birth date does not exist', () => {
      expect(validateResidentId('110105490229002', { today: TODAY, acceptLegacy15: true })).toMatchObject({
        code: 'id-birth-date-invalid',
        message: { zh: '出生日期 1949-02-29 不存在' },
      });
    });

    it('refuses one with a leading zero', () => {
      expect(validateResidentId('010105491231002', { today: TODAY, acceptLegacy15: true })).toMatchObject({
        code: 'id-format',
      });
    });
  });

  describe('properties', () => {
    it('accepts every generated number and reads its parts back', () => {
      fc.assert(
        fc.property(residentIdNumber, ({ number, addressCode, birthDate, sequence }) => {
          expect(validateResidentId(number, { today: TODAY })).toEqual({
            ok: true,
            value: number,
            addressCode,
            birthDate,
            sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
          });
        }),
      );
    });

    it('accepts every generated number written with a lower-case x, spaces or full-width characters', () => {
      const toFullWidth = (text: string) =>
        text.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      fc.assert(
        fc.property(residentIdNumber, fc.nat(17), ({ number }, gap) => {
          const spaced = `${number.slice(0, gap)} ${number.slice(gap)}`;
          for (const written of [number.toLowerCase(), spaced, toFullWidth(number), `${number}\n`]) {
            expect(validateResidentId(written, { today: TODAY })).toMatchObject({ ok: true, value: number });
          }
        }),
      );
    });

    it('refuses every generated number with any single character changed', () => {
      fc.assert(
        fc.property(
          residentIdNumber.chain(({ number }) => withOneCharacterChanged(number)),
          (changed) => {
            expect(validateResidentId(changed, { today: TODAY }).ok).toBe(false);
          },
        ),
      );
    });

    it('refuses every generated number with two neighbouring characters swapped', () => {
      fc.assert(
        fc.property(
          residentIdNumber.chain(({ number }) => withNeighboursSwapped(number)),
          (swapped) => {
            fc.pre(swapped !== undefined);
            expect(validateResidentId(swapped ?? '', { today: TODAY }).ok).toBe(false);
          },
        ),
      );
    });

    it('upgrades the 15-digit form of every generated number born in the 1900s back to the number', () => {
      const bornIn1900s = residentIdNumber.filter(({ birthDate }) => birthDate.startsWith('19'));
      fc.assert(
        fc.property(bornIn1900s, ({ number }) => {
          const legacy = number.slice(0, 6) + number.slice(8, 17);
          expect(upgradeLegacyId15(legacy)).toBe(number);
        }),
      );
    });

    it('never accepts a residence-permit number as a resident ID', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            hmtResidencePermitNumber.map((p) => p.number),
            foreignPermanentResidence2023Number,
          ),
          (n) => {
            expect(validateResidentId(n, { today: TODAY })).toMatchObject({ ok: false, code: 'id-other-document' });
          },
        ),
      );
    });
  });
});

describe('upgradeLegacyId15', () => {
  it('inserts 19 before the year and appends the check character', () => {
    expect(upgradeLegacyId15('110105491231002')).toBe('11010519491231002X');
  });

  it('accepts the full-width digits and stray spaces a scanner may produce', () => {
    expect(upgradeLegacyId15('１１０１０５ ４９１２３１ ００２\n')).toBe('11010519491231002X');
  });

  it.each(['11010549123100', '1101054912310021', '11010549123100A', ''])('throws for %j', (raw) => {
    expect(() => upgradeLegacyId15(raw)).toThrow(RangeError);
  });
});

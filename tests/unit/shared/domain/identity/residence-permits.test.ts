import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  validateForeignPermanentResidence,
  validateHmtResidencePermit,
} from '../../../../../shared/domain/identity/residence-permits.ts';
import {
  TODAY,
  foreignPermanentResidence2023Number,
  hmtResidencePermitNumber,
  withCheckCharacter,
  withNeighboursSwapped,
  withOneCharacterChanged,
} from './id-number-arbitraries.ts';

describe('validateHmtResidencePermit', () => {
  it.each([
    ['810000', 'hong-kong'],
    ['820000', 'macau'],
    ['830000', 'taiwan'],
  ])('accepts a number with address code %s and reads the region %s', (addressCode, region) => {
    const number = withCheckCharacter(`${addressCode}19900101002`);
    expect(validateHmtResidencePermit(number, { today: TODAY })).toEqual({
      ok: true,
      value: number,
      addressCode,
      birthDate: '1990-01-01',
      sex: 'female',
      region,
    });
  });

  it('normalises a lower-case x and the full-width digits of a scan', () => {
    const number = withCheckCharacter('81000019800101003');
    expect(validateHmtResidencePermit(`${number.toLowerCase()}\t`, { today: TODAY })).toMatchObject({ ok: true });
  });

  it('refuses a number with another address code and names it', () => {
    const number = `${withCheckCharacter('35012819800101003').slice(0, 17)}0`;
    const result = validateHmtResidencePermit(number, { today: TODAY });
    expect(result).toMatchObject({
      ok: false,
      code: 'id-prefix',
      message: {
        zh: '港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，实际为 350128',
      },
    });
  });

  it('suggests the resident-ID type for a valid resident ID number', () => {
    expect(validateHmtResidencePermit('11010519491231002X', { today: TODAY })).toMatchObject({
      code: 'id-other-document',
      suggestedType: 'resident-id',
    });
  });

  it('reports the expected check character', () => {
    const number = withCheckCharacter('82000019751111005');
    const wrong = number.endsWith('0') ? '1' : '0';
    expect(validateHmtResidencePermit(number.slice(0, 17) + wrong, { today: TODAY })).toMatchObject({
      code: 'id-check-digit',
      expectedCheckCharacter: number.charAt(17),
      actualCheckCharacter: wrong,
    });
  });

  it('refuses an impossible birth date', () => {
    expect(validateHmtResidencePermit(withCheckCharacter('83000019990229001'), { today: TODAY })).toMatchObject({
      code: 'id-birth-date-invalid',
      message: { zh: '出生日期 1999-02-29 不存在' },
    });
  });

  it('refuses a birth date after today', () => {
    expect(validateHmtResidencePermit(withCheckCharacter('83000020260502001'), { today: TODAY })).toMatchObject({
      code: 'id-birth-date-future',
    });
  });

  it('refuses a number of the wrong length', () => {
    expect(validateHmtResidencePermit('8100001990010100', { today: TODAY })).toMatchObject({
      code: 'id-length',
      message: { zh: '港澳台居民居住证号码应为 18 位，实际 16 位' },
    });
  });

  it('refuses an empty entry', () => {
    expect(validateHmtResidencePermit('', { today: TODAY })).toMatchObject({ code: 'id-empty' });
  });

  it('accepts every generated permit number and reads its parts back', () => {
    fc.assert(
      fc.property(hmtResidencePermitNumber, ({ number, addressCode, birthDate }) => {
        expect(validateHmtResidencePermit(number, { today: TODAY })).toMatchObject({
          ok: true,
          value: number,
          addressCode,
          birthDate,
        });
      }),
    );
  });

  it('refuses every generated permit number with any single character changed', () => {
    fc.assert(
      fc.property(
        hmtResidencePermitNumber.chain(({ number }) => withOneCharacterChanged(number)),
        (changed) => {
          expect(validateHmtResidencePermit(changed, { today: TODAY }).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses every generated permit number with two neighbouring characters swapped', () => {
    fc.assert(
      fc.property(
        hmtResidencePermitNumber.chain(({ number }) => withNeighboursSwapped(number)),
        (swapped) => {
          fc.pre(swapped !== undefined);
          expect(validateHmtResidencePermit(swapped ?? '', { today: TODAY }).ok).toBe(false);
        },
      ),
    );
  });
});

describe('validateForeignPermanentResidence', () => {
  it('accepts a 2023 card number starting with 9 and carrying the resident-ID check character', () => {
    const number = withCheckCharacter('93515619800101001');
    expect(validateForeignPermanentResidence(number, { today: TODAY })).toEqual({
      ok: true,
      value: number,
      version: 2023,
    });
  });

  it('accepts a 2017 card number of 3 letters and 12 digits, upper-casing the letters', () => {
    expect(validateForeignPermanentResidence('usa350680010101', { today: TODAY })).toEqual({
      ok: true,
      value: 'USA350680010101',
      version: 2017,
    });
  });

  it('refuses a 2017 card number with a digit among the letters', () => {
    expect(validateForeignPermanentResidence('U5A350680010101', { today: TODAY })).toMatchObject({
      code: 'id-format',
      message: { zh: '外国人永久居留身份证号码第 2 位应为字母，实际为“5”' },
    });
  });

  it('reports the expected check character of a 2023 card number', () => {
    const number = withCheckCharacter('93515619800101001');
    const wrong = number.endsWith('0') ? '1' : '0';
    expect(validateForeignPermanentResidence(number.slice(0, 17) + wrong, { today: TODAY })).toMatchObject({
      code: 'id-check-digit',
      expectedCheckCharacter: number.charAt(17),
    });
  });

  it('refuses an 18-digit number not starting with 9 and says so', () => {
    const number = `${withCheckCharacter('35012819800101003').slice(0, 17)}0`;
    expect(validateForeignPermanentResidence(number, { today: TODAY })).toMatchObject({
      code: 'id-prefix',
      message: { zh: '2023 版外国人永久居留身份证号码第 1 位应为 9，实际为 3' },
    });
  });

  it('suggests the resident-ID type for a valid resident ID number', () => {
    expect(validateForeignPermanentResidence('440524188001010014', { today: TODAY })).toMatchObject({
      code: 'id-other-document',
      suggestedType: 'resident-id',
    });
  });

  it('names both card versions when the length fits neither', () => {
    expect(validateForeignPermanentResidence('9351561980010100', { today: TODAY })).toMatchObject({
      code: 'id-length',
      message: { zh: '外国人永久居留身份证号码应为 18 位（2023 版）或 15 位（2017 版），实际 16 位' },
    });
  });

  it('accepts every generated 2023 card number', () => {
    fc.assert(
      fc.property(foreignPermanentResidence2023Number, (number) => {
        expect(validateForeignPermanentResidence(number, { today: TODAY })).toEqual({
          ok: true,
          value: number,
          version: 2023,
        });
      }),
    );
  });

  it('refuses every generated 2023 card number with any single character changed', () => {
    fc.assert(
      fc.property(foreignPermanentResidence2023Number.chain(withOneCharacterChanged), (changed) => {
        expect(validateForeignPermanentResidence(changed, { today: TODAY }).ok).toBe(false);
      }),
    );
  });
});

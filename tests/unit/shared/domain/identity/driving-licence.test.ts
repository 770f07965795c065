import { describe, expect, it } from 'vitest';
import {
  validateDrivingLicenceFileNumber,
  validateDrivingLicenceNumber,
} from '../../../../../shared/domain/identity/driving-licence.ts';

describe('validateDrivingLicenceNumber', () => {
  it('accepts the holder’s resident ID number', () => {
    expect(validateDrivingLicenceNumber('11010519491231002x', { today: '2026-05-01' })).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('refuses a number with a wrong check character as a resident ID would', () => {
    expect(validateDrivingLicenceNumber('110105194912310023', { today: '2026-05-01' })).toMatchObject({
      code: 'id-check-digit',
      expectedCheckCharacter: 'X',
    });
  });
});

describe('validateDrivingLicenceFileNumber', () => {
  it.each([
    ['350100123456', '350100123456'],
    [' 3501 0012 3456\n', '350100123456'],
    ['３５０１００１２３４５６', '350100123456'],
  ])('accepts %j as %s', (raw, value) => {
    expect(validateDrivingLicenceFileNumber(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['35010012345', 11],
    ['3501001234567', 13],
  ])('refuses %s and counts its %i digits', (raw, length) => {
    expect(validateDrivingLicenceFileNumber(raw)).toEqual({
      ok: false,
      code: 'licence-file-length',
      message: {
        zh: `档案编号应为 12 位，实际 ${length} 位`,
        en: `the licence file number should have 12 digits, got ${length}`,
      },
    });
  });

  it('refuses a letter and says where it is', () => {
    expect(validateDrivingLicenceFileNumber('35010012345A')).toMatchObject({
      code: 'licence-file-format',
      message: { zh: '档案编号第 12 位应为数字，实际为“A”' },
    });
  });

  it('refuses an empty entry', () => {
    expect(validateDrivingLicenceFileNumber('')).toMatchObject({ code: 'licence-file-empty' });
  });
});

import { describe, expect, it } from 'vitest';
import { PINGTAN_PLATE_PREFIX, validateVehiclePlate } from '../../../../../shared/domain/identity/vehicle-plate.ts';

const PROVINCES = Array.from('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼');

describe('validateVehiclePlate', () => {
  it.each([
    ['闽K12345', 'ordinary', '闽K'],
    ['闽A12345', 'ordinary', '闽A'],
    ['闽J8A8B8', 'ordinary', '闽J'],
    ['京A12345', 'ordinary', '京A'],
    ['粤Z1234港', 'ordinary', '粤Z'],
    ['粤Z1234澳', 'ordinary', '粤Z'],
    ['闽K1234学', 'ordinary', '闽K'],
    ['闽K1234挂', 'ordinary', '闽K'],
    ['闽K1234警', 'ordinary', '闽K'],
    ['闽KD12345', 'new-energy-small', '闽K'],
    ['闽KFA1234', 'new-energy-small', '闽K'],
    ['闽K12345D', 'new-energy-large', '闽K'],
    ['京A12345F', 'new-energy-large', '京A'],
  ])('accepts %s as a plate of kind %s with prefix %s', (raw, kind, prefix) => {
    expect(validateVehiclePlate(raw)).toEqual({ ok: true, value: raw, kind, prefix });
  });

  it.each([
    ['闽k·12345', '闽K12345'],
    ['闽K-12345', '闽K12345'],
    [' 闽K 12345\n', '闽K12345'],
    ['闽ｋ１２３４５', '闽K12345'],
    ['闽kd12345', '闽KD12345'],
  ])('normalises %j to %s', (raw, value) => {
    expect(validateVehiclePlate(raw)).toMatchObject({ ok: true, value });
  });

  it('offers 闽K as the Pingtan default', () => {
    expect(PINGTAN_PLATE_PREFIX).toBe('闽K');
  });

  it.each(PROVINCES)('accepts new-energy plates of %s, not only the Pingtan default', (province) => {
    expect(validateVehiclePlate(`${province}AD12345`)).toMatchObject({ ok: true, kind: 'new-energy-small' });
    expect(validateVehiclePlate(`${province}A12345F`)).toMatchObject({ ok: true, kind: 'new-energy-large' });
  });

  it.each([
    ['AK12345', 'plate-province', '号牌第 1 位应为省份简称（如 闽），实际为“A”'],
    ['港A12345', 'plate-province', '号牌第 1 位应为省份简称（如 闽），实际为“港”'],
    ['闽112345', 'plate-office', '号牌第 2 位应为发牌机关字母（不含 I、O），实际为“1”'],
    ['闽I12345', 'plate-office', '号牌第 2 位应为发牌机关字母（不含 I、O），实际为“I”'],
    ['闽KI2345', 'plate-serial', '号牌第 3 位应为字母（不含 I、O）或数字，实际为“I”'],
    ['闽K1234O', 'plate-serial', '号牌第 7 位应为字母（不含 I、O）、数字或挂、学、警、港、澳，实际为“O”'],
    ['闽KD1234A', 'plate-serial', '号牌第 8 位应为数字，实际为“A”'],
    ['闽K12345G', 'plate-serial', '号牌第 8 位应为 D（纯电动）/F（其他新能源），实际为“G”'],
    ['闽KA12345', 'plate-serial', '号牌第 3 位应为 D（纯电动）/F（其他新能源）或数字，实际为“A”'],
  ])('refuses %s with %s', (raw, code, zh) => {
    expect(validateVehiclePlate(raw)).toMatchObject({ ok: false, code, message: { zh } });
  });

  it.each([
    ['闽K1234', 6],
    ['闽K1234567', 9],
  ])('refuses %s and counts its %i characters', (raw, length) => {
    expect(validateVehiclePlate(raw)).toEqual({
      ok: false,
      code: 'plate-length',
      message: {
        zh: `号牌号码应为 7 位（普通）或 8 位（新能源），实际 ${length} 位`,
        en: `the plate number should have 7 characters (ordinary) or 8 (new energy), got ${length}`,
      },
    });
  });

  it('refuses an empty entry', () => {
    expect(validateVehiclePlate(' · ')).toMatchObject({ code: 'plate-empty' });
  });
});

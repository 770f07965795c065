import {
  DIGIT,
  LETTER_OR_DIGIT_WITHOUT_I_O,
  describeMismatch,
  findMismatch,
  fitsShape,
  normaliseScannedText,
  oneOf,
  repeat,
  type CharacterClass,
  type NumberShape,
} from './characters.ts';
import { fail, type ValidationFailure, type ValidationResult } from './result.ts';

export const VEHICLE_PLATE_ERROR_CODES = [
  'plate-empty',
  'plate-length',
  'plate-province',
  'plate-office',
  'plate-serial',
] as const;
export type VehiclePlateErrorCode = (typeof VEHICLE_PLATE_ERROR_CODES)[number];

export type VehiclePlateKind = 'ordinary' | 'new-energy-small' | 'new-energy-large';

export interface VehiclePlateDetails {
  kind: VehiclePlateKind;
  /** Province character and issuing-office letter, e.g. 闽K. */
  prefix: string;
}

export type VehiclePlateValidation = ValidationResult<VehiclePlateDetails, ValidationFailure<VehiclePlateErrorCode>>;

/**
 * The prefix to offer first for Pingtan-registered vehicles (R10). It is a default only: 闽A from before the
 * experimental zone and every out-of-area plate are just as valid. Confirm with 平潭交警 before go-live.
 */
export const PINGTAN_PLATE_PREFIX = '闽K';

const PROVINCE = oneOf(Array.from('京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'), {
  zh: '省份简称（如 闽）',
  en: 'a province abbreviation such as 闽',
});
const ISSUING_OFFICE = oneOf(Array.from('ABCDEFGHJKLMNPQRSTUVWXYZ'), {
  zh: '发牌机关字母（不含 I、O）',
  en: 'an issuing-office letter other than I and O',
});
const ORDINARY_LAST: CharacterClass = oneOf(Array.from('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789挂学警港澳'), {
  zh: '字母（不含 I、O）、数字或挂、学、警、港、澳',
  en: 'a digit, a letter other than I and O, or one of 挂 学 警 港 澳',
});
const NEW_ENERGY_TYPE = oneOf(['D', 'F'], {
  zh: 'D（纯电动）/F（其他新能源）',
  en: 'D (electric)/F (other new energy)',
});

const PLATE_SHAPES: Record<VehiclePlateKind, NumberShape> = {
  ordinary: [PROVINCE, ISSUING_OFFICE, ...repeat(LETTER_OR_DIGIT_WITHOUT_I_O, 4), ORDINARY_LAST],
  'new-energy-small': [PROVINCE, ISSUING_OFFICE, NEW_ENERGY_TYPE, LETTER_OR_DIGIT_WITHOUT_I_O, ...repeat(DIGIT, 4)],
  'new-energy-large': [PROVINCE, ISSUING_OFFICE, ...repeat(DIGIT, 5), NEW_ENERGY_TYPE],
};
const PLATE_KINDS = Object.keys(PLATE_SHAPES) as VehiclePlateKind[];

// Plates are printed and often written with a middle dot or dash after the issuing office (闽K·12345).
const SEPARATORS = /[·•・.-]/gu;

/** 机动车号牌 (R10): ordinary plates with a 5-character serial, new-energy plates with a 6-character one. */
export function validateVehiclePlate(raw: string): VehiclePlateValidation {
  const value = normaliseScannedText(raw).replace(SEPARATORS, '');
  const characters = Array.from(value);
  if (characters.length === 0) return fail('plate-empty', '请输入号牌号码', 'enter the plate number');
  if (characters.length !== 7 && characters.length !== 8) {
    return fail(
      'plate-length',
      `号牌号码应为 7 位（普通）或 8 位（新能源），实际 ${characters.length} 位`,
      `the plate number should have 7 characters (ordinary) or 8 (new energy), got ${characters.length}`,
    );
  }
  const mismatch = findMismatch(
    characters,
    PLATE_KINDS.map((kind) => PLATE_SHAPES[kind]),
  );
  if (mismatch) {
    const code = mismatch.position === 1 ? 'plate-province' : mismatch.position === 2 ? 'plate-office' : 'plate-serial';
    const { zh, en } = describeMismatch(mismatch);
    return fail(code, `号牌${zh}`, `in the plate number, ${en}`);
  }
  const kind = PLATE_KINDS.find((candidate) => fitsShape(characters, PLATE_SHAPES[candidate])) ?? 'ordinary';
  return { ok: true, value, kind, prefix: characters.slice(0, 2).join('') };
}

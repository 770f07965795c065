import { normaliseScannedText } from './characters.ts';
import { fail, type ValidationFailure, type ValidationResult } from './result.ts';

export const MOBILE_ERROR_CODES = [
  'mobile-empty',
  'mobile-country-code',
  'mobile-format',
  'mobile-length',
  'mobile-prefix',
] as const;
export type MobileErrorCode = (typeof MOBILE_ERROR_CODES)[number];
export type MobileValidation = ValidationResult<unknown, ValidationFailure<MobileErrorCode>>;

// People write numbers as 138-1234-5678 or (+86) 138 1234 5678; the separators carry nothing.
const SEPARATORS = /[-‐‑‒–—().]/gu;
const MAINLAND_COUNTRY_CODE = /^(\+86|0086)/;

/**
 * 中国大陆手机号码 (R9): 11 digits from 13x to 19x, stored without the country code. Data-only and virtual-operator
 * ranges (some 14x, 17x) are real numbers and pass.
 */
export function validateMainlandMobile(raw: string): MobileValidation {
  const written = normaliseScannedText(raw).replace(SEPARATORS, '');
  if (written.length === 0) return fail('mobile-empty', '请输入手机号码', 'enter the mobile number');
  const value = written.replace(MAINLAND_COUNTRY_CODE, '');
  if (value.startsWith('+') || (value.startsWith('00') && value.length > 11)) {
    return fail(
      'mobile-country-code',
      '只能登记中国大陆手机号码（+86）',
      'only mainland China mobile numbers (+86) are accepted',
    );
  }
  const nonDigit = Array.from(value).find((character) => !/[0-9]/.test(character));
  if (nonDigit !== undefined) {
    return fail(
      'mobile-format',
      `手机号码只能包含数字，实际含有“${nonDigit}”`,
      `a mobile number has digits only, got "${nonDigit}"`,
    );
  }
  if (value.length !== 11) {
    return fail(
      'mobile-length',
      `手机号码应为 11 位，实际 ${value.length} 位`,
      `the mobile number should have 11 digits, got ${value.length}`,
    );
  }
  if (!/^1[3-9]/.test(value)) {
    return fail(
      'mobile-prefix',
      `手机号码应以 13–19 开头，实际以 ${value.slice(0, 2)} 开头`,
      `the mobile number should start with 13–19, got ${value.slice(0, 2)}`,
    );
  }
  return { ok: true, value };
}

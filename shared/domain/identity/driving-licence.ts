import { describeMismatch, DIGIT, findMismatch, normaliseScannedText, repeat } from './characters.ts';
import type { IdNumberOptions } from './gb11643.ts';
import { validateResidentId, type ResidentIdValidation } from './resident-id.ts';
import { fail, type ValidationFailure, type ValidationResult } from './result.ts';

/** For a Chinese citizen the driving-licence number is the resident ID number (R11). */
export function validateDrivingLicenceNumber(raw: string, options: IdNumberOptions = {}): ResidentIdValidation {
  return validateResidentId(raw, options);
}

export const LICENCE_FILE_NUMBER_ERROR_CODES = [
  'licence-file-empty',
  'licence-file-length',
  'licence-file-format',
] as const;
export type LicenceFileNumberErrorCode = (typeof LICENCE_FILE_NUMBER_ERROR_CODES)[number];
export type LicenceFileNumberValidation = ValidationResult<unknown, ValidationFailure<LicenceFileNumberErrorCode>>;

// Sources disagree on the inner structure (4+8, 6+6, 2+2+8), so only the 12 digits are checked (R11).
const FILE_NUMBER_SHAPE = repeat(DIGIT, 12);

/** 驾驶证档案编号. */
export function validateDrivingLicenceFileNumber(raw: string): LicenceFileNumberValidation {
  const value = normaliseScannedText(raw);
  const characters = Array.from(value);
  if (characters.length === 0) return fail('licence-file-empty', '请输入档案编号', 'enter the licence file number');
  if (characters.length !== 12) {
    return fail(
      'licence-file-length',
      `档案编号应为 12 位，实际 ${characters.length} 位`,
      `the licence file number should have 12 digits, got ${characters.length}`,
    );
  }
  const mismatch = findMismatch(characters, [FILE_NUMBER_SHAPE]);
  if (mismatch) {
    const { zh, en } = describeMismatch(mismatch);
    return fail('licence-file-format', `档案编号${zh}`, `in the licence file number, ${en}`);
  }
  return { ok: true, value };
}

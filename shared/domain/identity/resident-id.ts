import type { LocalDate } from './calendar.ts';
import { gb11643CheckCharacter } from './check-character.ts';
import { DIGIT, NONZERO_DIGIT, findMismatch, normaliseScannedText, repeat } from './characters.ts';
import { ID_DOCUMENT_NAMES } from './document-names.ts';
import {
  GB11643_SHAPE,
  checkPersonalIdNumber,
  emptyFailure,
  failureAsIssued,
  formatFailure,
  gb11643DocumentOf,
  isFailure,
  lengthFailure,
  otherDocumentFailure,
  todayFrom,
  type IdNumberFailure,
  type IdNumberOptions,
  type PersonalIdDetails,
} from './gb11643.ts';
import type { ValidationResult } from './result.ts';

export interface ResidentIdOptions extends IdNumberOptions {
  /** Accept a legacy 15-digit number and return its 18-digit form. Only for look-ups in historical records (R3). */
  acceptLegacy15?: boolean;
}

export interface ResidentIdDetails extends PersonalIdDetails {
  /** The 15-digit number as entered, when the value is its upgrade. */
  upgradedFrom?: string;
}

export type ResidentIdValidation = ValidationResult<ResidentIdDetails, IdNumberFailure>;

const NAME = ID_DOCUMENT_NAMES['resident-id'];
const LEGACY_15_SHAPE = [NONZERO_DIGIT, ...repeat(DIGIT, 14)];

/** 居民身份证号码 (GB 11643-1999, R1). */
export function validateResidentId(raw: string, options: ResidentIdOptions = {}): ResidentIdValidation {
  const value = normaliseScannedText(raw);
  const characters = Array.from(value);
  const today = todayFrom(options);
  if (characters.length === 0) return emptyFailure(NAME);
  if (/^\d{15}$/.test(value)) return validateLegacy15(value, characters, today, options);
  if (characters.length !== 18) return lengthFailure(NAME, characters.length, [18]);
  const mismatch = findMismatch(characters, [GB11643_SHAPE]);
  if (mismatch) return formatFailure(NAME, mismatch);

  const issuedAs = gb11643DocumentOf(value);
  if (issuedAs !== 'resident-id') {
    // A typo is likelier than a wrong document type, so the type is suggested only for a number that checks out.
    return failureAsIssued(value, today) ?? otherDocumentFailure(value, issuedAs);
  }
  const result = checkPersonalIdNumber(value, today);
  return isFailure(result) ? result : { ok: true, value, ...result };
}

function validateLegacy15(
  value: string,
  characters: string[],
  today: LocalDate,
  options: ResidentIdOptions,
): ResidentIdValidation {
  const mismatch = findMismatch(characters, [LEGACY_15_SHAPE]);
  if (mismatch) return formatFailure(NAME, mismatch);
  const upgraded = upgradeLegacyId15(value);
  const result = checkPersonalIdNumber(upgraded, today);
  if (isFailure(result)) return result;
  if (!options.acceptLegacy15) {
    return {
      ok: false,
      code: 'id-legacy-15',
      message: {
        zh: `这是 15 位旧身份证号码，对应的 18 位号码为 ${upgraded}`,
        en: `this is a legacy 15-digit ID number; its 18-digit form is ${upgraded}`,
      },
      upgradedNumber: upgraded,
    };
  }
  return { ok: true, value: upgraded, ...result, upgradedFrom: value };
}

/**
 * The 18-digit form of a legacy 15-digit number (R3): "19" goes before the two-digit year and the check character is
 * appended. Throws on anything but 15 digits; use `validateResidentId(raw, { acceptLegacy15: true })` for input.
 */
export function upgradeLegacyId15(legacyNumber: string): string {
  const digits = normaliseScannedText(legacyNumber);
  if (!/^\d{15}$/.test(digits)) throw new RangeError(`a legacy ID number has 15 digits, got "${legacyNumber}"`);
  const first17 = `${digits.slice(0, 6)}19${digits.slice(6)}`;
  return first17 + gb11643CheckCharacter(first17);
}

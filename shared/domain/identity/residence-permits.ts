import { DIGIT, LETTER, findMismatch, normaliseScannedText, repeat, type NumberShape } from './characters.ts';
import { ID_DOCUMENT_NAMES } from './document-names.ts';
import {
  GB11643_SHAPE,
  checkCharacterFailure,
  checkPersonalIdNumber,
  emptyFailure,
  failureAsIssued,
  formatFailure,
  gb11643DocumentOf,
  hmtRegionOf,
  isFailure,
  lengthFailure,
  otherDocumentFailure,
  todayFrom,
  type HmtRegion,
  type IdNumberFailure,
  type IdNumberOptions,
  type PersonalIdDetails,
} from './gb11643.ts';
import { fail, type ValidationResult } from './result.ts';

export type HmtResidencePermitValidation = ValidationResult<PersonalIdDetails & { region: HmtRegion }, IdNumberFailure>;

const HMT_NAME = ID_DOCUMENT_NAMES['hmt-residence-permit'];

/** 港澳台居民居住证: a resident ID number whose address code is 810000, 820000 or 830000 (R2). */
export function validateHmtResidencePermit(raw: string, options: IdNumberOptions = {}): HmtResidencePermitValidation {
  const value = normaliseScannedText(raw);
  const characters = Array.from(value);
  const today = todayFrom(options);
  if (characters.length === 0) return emptyFailure(HMT_NAME);
  if (characters.length !== 18) return lengthFailure(HMT_NAME, characters.length, [18]);
  const mismatch = findMismatch(characters, [GB11643_SHAPE]);
  if (mismatch) return formatFailure(HMT_NAME, mismatch);

  const region = hmtRegionOf(value.slice(0, 6));
  if (region === undefined) {
    const issuedAs = gb11643DocumentOf(value);
    if (failureAsIssued(value, today) === undefined) return otherDocumentFailure(value, issuedAs);
    return fail(
      'id-prefix',
      `${HMT_NAME.zh}号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，实际为 ${value.slice(0, 6)}`,
      `the ${HMT_NAME.en} number should start with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan), got ${value.slice(0, 6)}`,
    );
  }
  const result = checkPersonalIdNumber(value, today);
  return isFailure(result) ? result : { ok: true, value, ...result, region };
}

export type ForeignPermanentResidenceValidation = ValidationResult<{ version: 2017 | 2023 }, IdNumberFailure>;

const FOREIGN_NAME = ID_DOCUMENT_NAMES['foreign-permanent-residence'];
const FOREIGN_2017_SHAPE: NumberShape = [...repeat(LETTER, 3), ...repeat(DIGIT, 12)];

/**
 * 外国人永久居留身份证 (R2). The 2023 card (issued from 2023-12-01) has 18 characters, a leading 9 and the resident-ID
 * check character; the 2017 card has 3 letters and 12 digits. Holders may show either, so both are accepted.
 */
export function validateForeignPermanentResidence(
  raw: string,
  options: IdNumberOptions = {},
): ForeignPermanentResidenceValidation {
  const value = normaliseScannedText(raw);
  const characters = Array.from(value);
  const today = todayFrom(options);
  if (characters.length === 0) return emptyFailure(FOREIGN_NAME);
  if (characters.length === 15) {
    const mismatch = findMismatch(characters, [FOREIGN_2017_SHAPE]);
    return mismatch ? formatFailure(FOREIGN_NAME, mismatch) : { ok: true, value, version: 2017 };
  }
  if (characters.length !== 18) {
    return fail(
      'id-length',
      `${FOREIGN_NAME.zh}号码应为 18 位（2023 版）或 15 位（2017 版），实际 ${characters.length} 位`,
      `the ${FOREIGN_NAME.en} number should have 18 characters (2023 card) or 15 (2017 card), got ${characters.length}`,
    );
  }
  const mismatch = findMismatch(characters, [GB11643_SHAPE]);
  if (mismatch) return formatFailure(FOREIGN_NAME, mismatch);
  if (!value.startsWith('9')) {
    const issuedAs = gb11643DocumentOf(value);
    if (failureAsIssued(value, today) === undefined) return otherDocumentFailure(value, issuedAs);
    return fail(
      'id-prefix',
      `2023 版${FOREIGN_NAME.zh}号码第 1 位应为 9，实际为 ${value.charAt(0)}`,
      `character 1 of a 2023 ${FOREIGN_NAME.en} number should be 9, got ${value.charAt(0)}`,
    );
  }
  return checkCharacterFailure(value) ?? { ok: true, value, version: 2023 };
}

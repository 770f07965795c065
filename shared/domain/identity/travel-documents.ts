// Travel documents whose numbers carry no check character: only their layout can be checked (R4–R8).
import type { IdDocumentType } from '../../schemas/common.ts';
import {
  DIGIT,
  LETTER_OR_DIGIT,
  LETTER_OR_DIGIT_WITHOUT_I_O,
  LETTER_WITHOUT_I_O,
  describeLengths,
  describeMismatch,
  exactly,
  findMismatch,
  normaliseScannedText,
  oneOf,
  repeat,
  type NumberShape,
} from './characters.ts';
import { ID_DOCUMENT_NAMES } from './document-names.ts';
import { fail, type LocalizedText, type ValidationFailure, type ValidationResult } from './result.ts';

export const DOCUMENT_NUMBER_ERROR_CODES = ['document-empty', 'document-length', 'document-format'] as const;
export type DocumentNumberErrorCode = (typeof DOCUMENT_NUMBER_ERROR_CODES)[number];
export type DocumentNumberFailure = ValidationFailure<DocumentNumberErrorCode>;
export type DocumentNumberValidation<Details = unknown> = ValidationResult<Details, DocumentNumberFailure>;

/** Shown with an accepted number whose format rests on no official source, so the officer compares it with the card. */
export interface UnconfirmedFormat {
  caution: LocalizedText;
}

const UNCONFIRMED_FORMAT: UnconfirmedFormat = {
  caution: {
    zh: '该证件号码格式尚无官方依据，请与证件逐位核对',
    en: 'the number format of this document has no official source; compare it character by character with the card',
  },
};

function checkShapes(type: IdDocumentType, raw: string, shapes: readonly NumberShape[]): DocumentNumberValidation {
  const name = ID_DOCUMENT_NAMES[type];
  const value = normaliseScannedText(raw);
  const characters = Array.from(value);
  if (characters.length === 0) return fail('document-empty', `请输入${name.zh}号码`, `enter the ${name.en} number`);
  const lengths = shapes.map((shape) => shape.length);
  if (!lengths.includes(characters.length)) {
    const allowed = describeLengths(lengths);
    return fail(
      'document-length',
      `${name.zh}号码应为 ${allowed.zh} 位，实际 ${characters.length} 位`,
      `the ${name.en} number should have ${allowed.en} characters, got ${characters.length}`,
    );
  }
  const mismatch = findMismatch(characters, shapes);
  if (mismatch) {
    const { zh, en } = describeMismatch(mismatch);
    return fail('document-format', `${name.zh}号码${zh}`, `in the ${name.en} number, ${en}`);
  }
  return { ok: true, value };
}

function lengthsBetween(min: number, max: number, each: (length: number) => NumberShape): NumberShape[] {
  return Array.from({ length: max - min + 1 }, (_, i) => each(min + i));
}

// C + 8 digits, and since that range ran out C + a letter other than I and O + 7 digits (R4).
const EEP_HK_MACAU_SHAPES: NumberShape[] = [[exactly('C'), LETTER_OR_DIGIT_WITHOUT_I_O, ...repeat(DIGIT, 7)]];

/** 往来港澳通行证 (2014 e-card, R4). */
export function validateEepHkMacau(raw: string): DocumentNumberValidation {
  return checkShapes('eep-hk-macau', raw, EEP_HK_MACAU_SHAPES);
}

const HOME_RETURN_LETTER = oneOf(['H', 'M'], { zh: 'H（香港）或 M（澳门）', en: 'H (Hong Kong) or M (Macau)' });
// Cards show the lifetime number alone, or followed by two digits counting the issues (R5).
const HOME_RETURN_SHAPES: NumberShape[] = [
  [HOME_RETURN_LETTER, ...repeat(DIGIT, 8)],
  [HOME_RETURN_LETTER, ...repeat(DIGIT, 10)],
];

export interface HomeReturnPermitDetails {
  region: 'hong-kong' | 'macau';
  /** The letter and 8 digits that stay the same when the permit is reissued. */
  lifetimeNumber: string;
}

/** 港澳居民来往内地通行证 (R5). */
export function validateHomeReturnPermit(raw: string): DocumentNumberValidation<HomeReturnPermitDetails> {
  const result = checkShapes('home-return-permit', raw, HOME_RETURN_SHAPES);
  if (!result.ok) return result;
  return {
    ...result,
    region: result.value.startsWith('H') ? 'hong-kong' : 'macau',
    lifetimeNumber: result.value.slice(0, 9),
  };
}

// The 5-year card has 8 digits, one-time permits 10–12 letters or digits; only open-source validators say so (R6).
const TAIWAN_COMPATRIOT_SHAPES: NumberShape[] = [
  repeat(DIGIT, 8),
  ...lengthsBetween(10, 12, (length) => repeat(LETTER_OR_DIGIT, length)),
];

/** 台湾居民来往大陆通行证 (R6); accepted numbers carry a caution because the format is not officially sourced. */
export function validateTaiwanCompatriotPermit(raw: string): DocumentNumberValidation<UnconfirmedFormat> {
  const result = checkShapes('taiwan-compatriot-permit', raw, TAIWAN_COMPATRIOT_SHAPES);
  return result.ok ? { ...result, ...UNCONFIRMED_FORMAT } : result;
}

// No source gives this number's format, so anything plausible passes (R7).
const MAINLAND_TAIWAN_SHAPES = lengthsBetween(8, 10, (length) => repeat(LETTER_OR_DIGIT, length));

/** 大陆居民往来台湾通行证 (R7); accepted numbers carry a caution because the format is unknown. */
export function validateMainlandTaiwanPermit(raw: string): DocumentNumberValidation<UnconfirmedFormat> {
  const result = checkShapes('mainland-taiwan-permit', raw, MAINLAND_TAIWAN_SHAPES);
  return result.ok ? { ...result, ...UNCONFIRMED_FORMAT } : result;
}

/** Ordinary (因私) passports, and the official ones: diplomatic 外交 DE, service 公务 SE, public affairs 公务普通 PE. */
export type PassportKind = 'ordinary' | 'diplomatic' | 'service' | 'public-affairs';

const PASSPORT_SHAPES: NumberShape[] = [
  [exactly('G'), ...repeat(DIGIT, 8)], // before 2012
  [exactly('E'), ...repeat(DIGIT, 8)], // e-passports from 2012
  [exactly('E'), LETTER_WITHOUT_I_O, ...repeat(DIGIT, 7)], // once E + 8 digits ran out
  [exactly('D'), exactly('E'), ...repeat(DIGIT, 7)],
  [exactly('S'), exactly('E'), ...repeat(DIGIT, 7)],
  [exactly('P'), exactly('E'), ...repeat(DIGIT, 7)],
];

const OFFICIAL_PASSPORT_KINDS: Record<string, PassportKind> = { DE: 'diplomatic', SE: 'service', PE: 'public-affairs' };

/** 中国护照 (R8). The numbers are assigned at random, so only the layout is checked. */
export function validatePassport(raw: string): DocumentNumberValidation<{ passportKind: PassportKind }> {
  const result = checkShapes('passport', raw, PASSPORT_SHAPES);
  if (!result.ok) return result;
  return { ...result, passportKind: OFFICIAL_PASSPORT_KINDS[result.value.slice(0, 2)] ?? 'ordinary' };
}

// Foreign passports follow their issuing state's rules; the counter only keeps out what cannot be a number (R8).
const FOREIGN_PASSPORT_SHAPES = lengthsBetween(5, 20, (length) => repeat(LETTER_OR_DIGIT, length));

/** 外国护照: free text of 5–20 letters and digits. */
export function validateForeignPassport(raw: string): DocumentNumberValidation {
  return checkShapes('foreign-passport', raw, FOREIGN_PASSPORT_SHAPES);
}

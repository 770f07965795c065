// The scheme shared by resident ID numbers and the 18-character numbers modelled on them (R1, R2): the parts the
// three documents have in common, and how to tell which of them a number belongs to.
import type { IdDocumentType } from '../../schemas/common.ts';
import { assertLocalDate, bureauToday, isRealCalendarDate, type LocalDate } from './calendar.ts';
import { gb11643CheckCharacter } from './check-character.ts';
import {
  DIGIT,
  DIGIT_OR_X,
  NONZERO_DIGIT,
  describeLengths,
  describeMismatch,
  repeat,
  type Mismatch,
  type NumberShape,
} from './characters.ts';
import { ID_DOCUMENT_NAMES } from './document-names.ts';
import {
  fail,
  type CheckDigitFailure,
  type Legacy15Failure,
  type LocalizedText,
  type OtherDocumentFailure,
  type ValidationFailure,
} from './result.ts';

export const ID_NUMBER_ERROR_CODES = [
  'id-empty',
  'id-length',
  'id-format',
  'id-prefix',
  'id-birth-date-invalid',
  'id-birth-date-future',
  'id-check-digit',
  'id-legacy-15',
  'id-other-document',
] as const;
export type IdNumberErrorCode = (typeof ID_NUMBER_ERROR_CODES)[number];

export type IdNumberFailure =
  | ValidationFailure<Exclude<IdNumberErrorCode, 'id-check-digit' | 'id-other-document' | 'id-legacy-15'>>
  | CheckDigitFailure
  | OtherDocumentFailure
  | Legacy15Failure;

export interface IdNumberOptions {
  /** The bureau's date today; later birth dates are refused. Defaults to the current date in Asia/Shanghai. */
  today?: LocalDate;
}

export type Sex = 'male' | 'female';

/** What an 18-digit number with a birth date tells about its holder. */
export interface PersonalIdDetails {
  birthDate: LocalDate;
  /** From the parity of the sequence number: odd for men, even for women. */
  sex: Sex;
  /** The GB/T 2260 code in force when the number was issued; it may no longer be current, and that is fine. */
  addressCode: string;
}

export const GB11643_SHAPE: NumberShape = [NONZERO_DIGIT, ...repeat(DIGIT, 16), DIGIT_OR_X];

/** Address codes that mark residence permits of Hong Kong, Macau and Taiwan residents (国办发〔2018〕81号). */
export const HMT_ADDRESS_CODES = { '810000': 'hong-kong', '820000': 'macau', '830000': 'taiwan' } as const;
export type HmtRegion = (typeof HMT_ADDRESS_CODES)[keyof typeof HMT_ADDRESS_CODES];

export function hmtRegionOf(addressCode: string): HmtRegion | undefined {
  return Object.hasOwn(HMT_ADDRESS_CODES, addressCode)
    ? HMT_ADDRESS_CODES[addressCode as keyof typeof HMT_ADDRESS_CODES]
    : undefined;
}

/** The document an 18-character number of this scheme was issued as, read from its leading digits. */
export type Gb11643Document = Extract<
  IdDocumentType,
  'resident-id' | 'hmt-residence-permit' | 'foreign-permanent-residence'
>;

export function gb11643DocumentOf(value: string): Gb11643Document {
  if (value.startsWith('9')) return 'foreign-permanent-residence';
  if (hmtRegionOf(value.slice(0, 6)) !== undefined) return 'hmt-residence-permit';
  return 'resident-id';
}

export function todayFrom(options: IdNumberOptions): LocalDate {
  if (options.today === undefined) return bureauToday();
  assertLocalDate(options.today);
  return options.today;
}

/**
 * Checks the birth date, then the check character, of a number that carries a birth date, and reads the holder's
 * details. The date goes first: when it is impossible, the typo is there, which tells the officer more than a wrong
 * check character would.
 */
export function checkPersonalIdNumber(value: string, today: LocalDate): IdNumberFailure | PersonalIdDetails {
  const birthDate = checkBirthDate(value.slice(6, 14), today);
  if (typeof birthDate !== 'string') return birthDate;
  return (
    checkCharacterFailure(value) ?? {
      birthDate,
      sex: sexFromSequence(value.slice(14, 17)),
      addressCode: value.slice(0, 6),
    }
  );
}

export function isFailure(result: IdNumberFailure | PersonalIdDetails): result is IdNumberFailure {
  return 'ok' in result;
}

/** Why `value` is not a valid number of the document its leading digits say it is, or undefined when it is. */
export function failureAsIssued(value: string, today: LocalDate): IdNumberFailure | undefined {
  // R2 gives the foreign card no layout beyond the leading 9 and the check character, so nothing else is checked.
  if (gb11643DocumentOf(value) === 'foreign-permanent-residence') return checkCharacterFailure(value);
  const result = checkPersonalIdNumber(value, today);
  return isFailure(result) ? result : undefined;
}

/** Returns the date as YYYY-MM-DD, or why it cannot be a birth date. */
export function checkBirthDate(yyyymmdd: string, today: LocalDate): LocalDate | IdNumberFailure {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (year < 1800 || year > 2099) {
    return fail(
      'id-birth-date-invalid',
      `出生年份 ${year} 不在 1800–2099 之间`,
      `birth year ${year} is outside 1800–2099`,
    );
  }
  if (!isRealCalendarDate(year, month, day)) {
    return fail('id-birth-date-invalid', `出生日期 ${date} 不存在`, `birth date ${date} does not exist`);
  }
  if (date > today) {
    return fail(
      'id-birth-date-future',
      `出生日期 ${date} 晚于今天（${today}）`,
      `birth date ${date} is after today (${today})`,
    );
  }
  return date;
}

export function checkCharacterFailure(value: string): CheckDigitFailure | undefined {
  const expected = gb11643CheckCharacter(value.slice(0, 17));
  const actual = value.charAt(17);
  if (expected === actual) return undefined;
  return {
    ...fail(
      'id-check-digit',
      `校验位应为 ${expected}，实际为 ${actual}`,
      `check digit should be ${expected}, got ${actual}`,
    ),
    expectedCheckCharacter: expected,
    actualCheckCharacter: actual,
  };
}

function sexFromSequence(sequence: string): Sex {
  return Number(sequence) % 2 === 1 ? 'male' : 'female';
}

export function otherDocumentFailure(value: string, suggestedType: Gb11643Document): OtherDocumentFailure {
  const name = ID_DOCUMENT_NAMES[suggestedType];
  return {
    ...fail(
      'id-other-document',
      `${value} 是${name.zh}号码，请选择该证件类型`,
      `${value} is a ${name.en} number; choose that document type`,
    ),
    suggestedType,
  };
}

export function emptyFailure(name: LocalizedText): ValidationFailure<'id-empty'> {
  return fail('id-empty', `请输入${name.zh}号码`, `enter the ${name.en} number`);
}

export function lengthFailure(
  name: LocalizedText,
  actualLength: number,
  allowedLengths: readonly number[],
): ValidationFailure<'id-length'> {
  const allowed = describeLengths(allowedLengths);
  return fail(
    'id-length',
    `${name.zh}号码应为 ${allowed.zh} 位，实际 ${actualLength} 位`,
    `the ${name.en} number should have ${allowed.en} characters, got ${actualLength}`,
  );
}

export function formatFailure(name: LocalizedText, mismatch: Mismatch): ValidationFailure<'id-format'> {
  const { zh, en } = describeMismatch(mismatch);
  return fail('id-format', `${name.zh}号码${zh}`, `in the ${name.en} number, ${en}`);
}

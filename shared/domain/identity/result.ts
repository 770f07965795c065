import type { IdDocumentType } from '../../schemas/common.ts';

/** Text shown to people: Chinese first, English second. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** A number that passed its checks, in the normalised form to store (upper case, no spaces, half-width). */
export type Validated<Details = unknown> = { ok: true; value: string } & Details;

/** Why a number was refused: a code for programs and a message that names the exact problem for people. */
export interface ValidationFailure<Code extends string> {
  ok: false;
  code: Code;
  message: LocalizedText;
}

export type ValidationResult<Details, Failure extends ValidationFailure<string>> = Validated<Details> | Failure;

export function fail<Code extends string>(code: Code, zh: string, en: string): ValidationFailure<Code> {
  return { ok: false, code, message: { zh, en } };
}

/** Failures that carry data the UI can act on (show the right check character, switch the document type). */
export interface CheckDigitFailure extends ValidationFailure<'id-check-digit'> {
  expectedCheckCharacter: string;
  actualCheckCharacter: string;
}

export interface OtherDocumentFailure extends ValidationFailure<'id-other-document'> {
  suggestedType: IdDocumentType;
}

export interface Legacy15Failure extends ValidationFailure<'id-legacy-15'> {
  /** The same person's 18-digit number, for a look-up in older records. */
  upgradedNumber: string;
}

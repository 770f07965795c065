import type { LocalizedName } from '../../schemas/common.ts';

export const CASE_ERROR_CODES = [
  // appendEvent and the commands built on it
  'invalid-event',
  'illegal-transition',
  'back-office-items-need-approval',
  'role-not-permitted',
  'duplicate-event-id',
  'event-out-of-order',
  'event-log-full',
  'unknown-material',
  'invalid-correction',
  'payment-exceeds-balance',
  'nothing-owed',
  'payment-zero',
  // supervisor overrides (override.ts), checked on the counter and again at the hub
  'override-not-at-acceptance',
  'invalid-override',
  'override-supervisor-unknown',
  'override-not-supervisor',
  'override-supervisor-not-authorised',
  'override-by-accepting-officer',
  // acceptCase
  'invalid-case',
  'case-number-mismatch',
  // projectCase and mergeCases
  'missing-accepted-event',
  'case-identity-mismatch',
  // case numbers
  'invalid-case-number',
  'invalid-case-number-part',
  'sequence-exhausted',
] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

/**
 * Thrown when a case operation is refused. `code` is for programs (and for the hub's error shape); the localized
 * message is what an officer reads, Chinese first. Nothing is appended or changed when this is thrown.
 */
export class CaseDomainError extends Error {
  override readonly name = 'CaseDomainError';
  readonly code: CaseErrorCode;
  readonly localizedMessage: LocalizedName;

  constructor(code: CaseErrorCode, localizedMessage: LocalizedName) {
    super(`${localizedMessage.zh} / ${localizedMessage.en}`);
    this.code = code;
    this.localizedMessage = localizedMessage;
  }
}

export function caseError(code: CaseErrorCode, zh: string, en: string): CaseDomainError {
  return new CaseDomainError(code, { zh, en });
}

import type { IdDocumentType } from '../../schemas/common.ts';
import {
  validateForeignPermanentResidence,
  validateHmtResidencePermit,
  type ForeignPermanentResidenceValidation,
  type HmtResidencePermitValidation,
} from './residence-permits.ts';
import { validateResidentId, type ResidentIdOptions, type ResidentIdValidation } from './resident-id.ts';
import {
  validateEepHkMacau,
  validateForeignPassport,
  validateHomeReturnPermit,
  validateMainlandTaiwanPermit,
  validatePassport,
  validateTaiwanCompatriotPermit,
  type DocumentNumberValidation,
  type HomeReturnPermitDetails,
  type PassportKind,
  type UnconfirmedFormat,
} from './travel-documents.ts';

/** Today for birth-date checks, and whether legacy 15-digit resident IDs are accepted. */
export type IdDocumentOptions = ResidentIdOptions;

export type IdDocumentValidation =
  | ResidentIdValidation
  | HmtResidencePermitValidation
  | ForeignPermanentResidenceValidation
  | DocumentNumberValidation
  | DocumentNumberValidation<HomeReturnPermitDetails>
  | DocumentNumberValidation<UnconfirmedFormat>
  | DocumentNumberValidation<{ passportKind: PassportKind }>;

/** Checks the number of whichever identity document the applicant presented. */
export function validateIdDocument(
  type: IdDocumentType,
  raw: string,
  options: IdDocumentOptions = {},
): IdDocumentValidation {
  switch (type) {
    case 'resident-id':
      return validateResidentId(raw, options);
    case 'hmt-residence-permit':
      return validateHmtResidencePermit(raw, options);
    case 'foreign-permanent-residence':
      return validateForeignPermanentResidence(raw, options);
    case 'eep-hk-macau':
      return validateEepHkMacau(raw);
    case 'home-return-permit':
      return validateHomeReturnPermit(raw);
    case 'taiwan-compatriot-permit':
      return validateTaiwanCompatriotPermit(raw);
    case 'mainland-taiwan-permit':
      return validateMainlandTaiwanPermit(raw);
    case 'passport':
      return validatePassport(raw);
    case 'foreign-passport':
      return validateForeignPassport(raw);
    default: {
      // A new document type in ID_DOCUMENT_TYPES makes `type` not `never` here, and this stops compiling.
      const unhandled: never = type;
      throw new RangeError(`no validator for document type "${String(unhandled)}"`);
    }
  }
}

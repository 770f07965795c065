export { bureauToday, isLeapYear, isRealCalendarDate, type LocalDate } from './calendar.ts';
export { normaliseScannedText } from './characters.ts';
export { gb11643CheckCharacter } from './check-character.ts';
export { ID_DOCUMENT_NAMES } from './document-names.ts';
export {
  validateDrivingLicenceFileNumber,
  validateDrivingLicenceNumber,
  LICENCE_FILE_NUMBER_ERROR_CODES,
  type LicenceFileNumberErrorCode,
  type LicenceFileNumberValidation,
} from './driving-licence.ts';
export {
  HMT_ADDRESS_CODES,
  ID_NUMBER_ERROR_CODES,
  type HmtRegion,
  type IdNumberErrorCode,
  type IdNumberFailure,
  type IdNumberOptions,
  type PersonalIdDetails,
  type Sex,
} from './gb11643.ts';
export { validateIdDocument, type IdDocumentOptions, type IdDocumentValidation } from './id-document.ts';
export { validateMainlandMobile, MOBILE_ERROR_CODES, type MobileErrorCode, type MobileValidation } from './mobile.ts';
export {
  validateForeignPermanentResidence,
  validateHmtResidencePermit,
  type ForeignPermanentResidenceValidation,
  type HmtResidencePermitValidation,
} from './residence-permits.ts';
export {
  upgradeLegacyId15,
  validateResidentId,
  type ResidentIdDetails,
  type ResidentIdOptions,
  type ResidentIdValidation,
} from './resident-id.ts';
export type {
  CheckDigitFailure,
  Legacy15Failure,
  LocalizedText,
  OtherDocumentFailure,
  Validated,
  ValidationFailure,
  ValidationResult,
} from './result.ts';
export {
  DOCUMENT_NUMBER_ERROR_CODES,
  validateEepHkMacau,
  validateForeignPassport,
  validateHomeReturnPermit,
  validateMainlandTaiwanPermit,
  validatePassport,
  validateTaiwanCompatriotPermit,
  type DocumentNumberErrorCode,
  type DocumentNumberFailure,
  type DocumentNumberValidation,
  type HomeReturnPermitDetails,
  type PassportKind,
  type UnconfirmedFormat,
} from './travel-documents.ts';
export {
  PINGTAN_PLATE_PREFIX,
  VEHICLE_PLATE_ERROR_CODES,
  validateVehiclePlate,
  type VehiclePlateDetails,
  type VehiclePlateErrorCode,
  type VehiclePlateKind,
  type VehiclePlateValidation,
} from './vehicle-plate.ts';

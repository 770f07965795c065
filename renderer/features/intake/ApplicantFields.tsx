import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_DOCUMENT_NAMES, type LocalizedText } from '../../../shared/domain/identity/index.ts';
import { ID_DOCUMENT_TYPES, type IdDocumentType } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import {
  INCOMPLETE_NUMBER_CODES,
  checkAddress,
  checkIdNumber,
  checkMobile,
  checkName,
  type DraftApplicant,
  type FieldId,
} from './intake-model.ts';

/** The DOM id of a form field, so the error summary can take the officer to it. */
export const fieldDomId = (field: FieldId): string => `intake-${field}`;

/**
 * A barcode or ID scanner types like a fast keyboard and ends with Enter (or Tab, which the browser handles). Enter in
 * a number field moves on to the next field instead of submitting the form.
 */
function focusOnEnter(nextField: FieldId) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    document.getElementById(fieldDomId(nextField))?.focus();
  };
}

function FieldError({ id, message }: { id: string; message: LocalizedText | null }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert" data-testid={id}>
      <Bilingual message={message} />
    </p>
  );
}

interface ApplicantFieldsProps {
  applicant: DraftApplicant;
  today: string;
  /** After a save attempt every error shows, not only those of fields already left. */
  showAllErrors: boolean;
  onChange(patch: Partial<DraftApplicant>): void;
  onReadCard(): void;
  readCardProblem: LocalizedText | null;
}

export function ApplicantFields({
  applicant,
  today,
  showAllErrors,
  onChange,
  onReadCard,
  readCardProblem,
}: ApplicantFieldsProps) {
  const { t, i18n } = useTranslation();
  const [left, setLeft] = useState<ReadonlySet<FieldId>>(new Set());
  const [focused, setFocused] = useState<FieldId | null>(null);
  const leave = (field: FieldId) => {
    setFocused(null);
    setLeft((previous) => new Set(previous).add(field));
  };
  const touched = (field: FieldId) => showAllErrors || left.has(field);

  // As typed: a wrong character, birth date or check digit shows at once; "not finished yet" (empty, too short)
  // waits until the officer leaves the field or tries to save.
  const settled = (field: FieldId) => showAllErrors || (left.has(field) && focused !== field);
  const id = checkIdNumber(applicant, today);
  const idError = id.ok || (INCOMPLETE_NUMBER_CODES.has(id.code) && !settled('idNumber')) ? null : id;
  const mobile = checkMobile(applicant.mobile);
  const mobileError =
    !mobile || mobile.ok || (mobile.code === 'mobile-length' && !settled('mobile')) ? null : mobile.message;
  const nameError = touched('name') ? checkName(applicant.name) : null;
  const addressError = checkAddress(applicant.address);
  const documentName = (type: IdDocumentType) =>
    i18n.language === 'en' ? ID_DOCUMENT_NAMES[type].en : ID_DOCUMENT_NAMES[type].zh;

  return (
    <fieldset className="intake-section applicant" data-testid="applicant">
      <legend>{t('intake.applicant.title')}</legend>
      <div className="intake-row">
        <div className="field">
          <label htmlFor="intake-idType">{t('intake.applicant.idType')}</label>
          <select
            id="intake-idType"
            value={applicant.idType}
            onChange={(event) => onChange({ idType: event.target.value as IdDocumentType, fromCard: false })}
          >
            {ID_DOCUMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {documentName(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={fieldDomId('idNumber')}>{t('intake.applicant.idNumber')}</label>
          <input
            id={fieldDomId('idNumber')}
            className="id-number"
            autoComplete="off"
            spellCheck={false}
            value={applicant.idNumber}
            aria-invalid={idError ? 'true' : 'false'}
            aria-describedby="intake-idNumber-error intake-idNumber-hint"
            onChange={(event) => onChange({ idNumber: event.target.value, fromCard: false })}
            onFocus={() => setFocused('idNumber')}
            onBlur={() => leave('idNumber')}
            onKeyDown={focusOnEnter('name')}
          />
          <small id="intake-idNumber-hint" className="muted">
            {applicant.fromCard ? t('intake.applicant.cardFilled') : t('intake.applicant.idNumberHint')}
            {id.ok && 'birthDate' in id && 'sex' in id && (
              <span className="id-details" data-testid="id-details">
                {' · '}
                {t('intake.applicant.details', {
                  date: id.birthDate,
                  sex: id.sex === 'male' ? t('intake.applicant.male') : t('intake.applicant.female'),
                })}
              </span>
            )}
          </small>
          <FieldError id="intake-idNumber-error" message={idError?.message ?? null} />
          {idError && 'upgradedNumber' in idError && (
            <button type="button" className="link" onClick={() => onChange({ idNumber: idError.upgradedNumber })}>
              {t('intake.applicant.useUpgraded')} {idError.upgradedNumber}
            </button>
          )}
          {idError && 'suggestedType' in idError && (
            <button type="button" className="link" onClick={() => onChange({ idType: idError.suggestedType })}>
              {t('intake.applicant.switchType', { type: documentName(idError.suggestedType) })}
            </button>
          )}
        </div>
        <div className="field">
          <span className="label-spacer" aria-hidden="true">
            &nbsp;
          </span>
          <button type="button" onClick={onReadCard} data-testid="read-card">
            {t('intake.applicant.readCard')}
          </button>
        </div>
      </div>
      {readCardProblem && <FieldError id="intake-read-card-error" message={readCardProblem} />}
      <div className="intake-row">
        <div className="field">
          <label htmlFor={fieldDomId('name')}>{t('intake.applicant.name')}</label>
          <input
            id={fieldDomId('name')}
            autoComplete="off"
            value={applicant.name}
            aria-invalid={nameError ? 'true' : 'false'}
            aria-describedby="intake-name-error"
            onChange={(event) => onChange({ name: event.target.value })}
            onBlur={() => leave('name')}
            onKeyDown={focusOnEnter('mobile')}
          />
          <FieldError id="intake-name-error" message={nameError} />
        </div>
        <div className="field">
          <label htmlFor={fieldDomId('mobile')}>{t('intake.applicant.mobile')}</label>
          <input
            id={fieldDomId('mobile')}
            inputMode="tel"
            autoComplete="off"
            value={applicant.mobile}
            aria-invalid={mobileError ? 'true' : 'false'}
            aria-describedby="intake-mobile-error intake-mobile-hint"
            onChange={(event) => onChange({ mobile: event.target.value })}
            onFocus={() => setFocused('mobile')}
            onBlur={() => leave('mobile')}
            onKeyDown={focusOnEnter('address')}
          />
          <small id="intake-mobile-hint" className="muted">
            {t('intake.applicant.mobileHint')}
          </small>
          <FieldError id="intake-mobile-error" message={mobileError} />
        </div>
        <div className="field grow">
          <label htmlFor={fieldDomId('address')}>{t('intake.applicant.address')}</label>
          <input
            id={fieldDomId('address')}
            autoComplete="off"
            value={applicant.address}
            aria-invalid={addressError ? 'true' : 'false'}
            aria-describedby="intake-address-error"
            onChange={(event) => onChange({ address: event.target.value })}
            onKeyDown={focusOnEnter('items')}
          />
          <FieldError id="intake-address-error" message={addressError} />
        </div>
      </div>
    </fieldset>
  );
}

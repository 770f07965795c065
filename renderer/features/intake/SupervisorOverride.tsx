import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPE_NAMES, type BusinessType, type Officer } from '../../../shared/schemas/index.ts';
import { checkOfficerPin, type PinCheck } from '../sign-in/pin-attempts.ts';
import { PinField, usePinCheckMessage } from '../sign-in/PinField.tsx';
import type { AuthorisationOverride } from './intake-model.ts';

interface SupervisorOverrideProps {
  businessType: BusinessType;
  /** The signed-in officer, who cannot authorise themselves. */
  officerId: string;
  officerName: string;
  /** The active officers of this site (replicated; their PIN hashes are checked offline). */
  officers: readonly Officer[];
  now?: () => Date;
  onGranted(override: AuthorisationOverride): void;
  onCancel(): void;
}

/**
 * A supervisor authorises, at this counter, the acceptance of a business type the signed-in officer holds no
 * authorisation for: they pick their name and type their PIN, checked offline against the replicated hash with the
 * same five-tries lockout as sign-in (pin-attempts.ts). Only supervisors who hold the authorisation themselves are
 * offered.
 */
export function SupervisorOverride({
  businessType,
  officerId,
  officerName,
  officers,
  now = () => new Date(),
  onGranted,
  onCancel,
}: SupervisorOverrideProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const supervisors = officers.filter(
    (officer) =>
      officer.active &&
      officer.role === 'supervisor' &&
      officer.id !== officerId &&
      officer.authorisedBusinessTypes.includes(businessType),
  );
  const [supervisorId, setSupervisorId] = useState<string | null>(supervisors.length === 1 ? supervisors[0]!.id : null);
  const [pin, setPin] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<PinCheck | null>(null);
  const [needSupervisor, setNeedSupervisor] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const message = usePinCheckMessage(result);
  const typeName = i18n.language === 'en' ? BUSINESS_TYPE_NAMES[businessType].en : BUSINESS_TYPE_NAMES[businessType].zh;

  useEffect(() => {
    pinRef.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (checking) return;
    const supervisor = supervisors.find((candidate) => candidate.id === supervisorId);
    if (!supervisor) {
      setNeedSupervisor(true);
      return;
    }
    setChecking(true);
    try {
      const check = await checkOfficerPin(supervisor, pin);
      setResult(check);
      setPin('');
      if (check.ok) {
        onGranted({
          businessType,
          supervisorId: supervisor.id,
          supervisorName: supervisor.name,
          at: now().toISOString(),
        });
      } else {
        pinRef.current?.focus();
      }
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onSubmit={submit}
        noValidate
        data-testid="supervisor-override"
      >
        <h2 id={titleId}>{t('intake.override.title', { type: typeName })}</h2>
        <p>{t('intake.override.intro', { officer: officerName })}</p>
        {supervisors.length === 0 ? (
          <p className="field-error" role="alert">
            {t('intake.override.noSupervisor')}
          </p>
        ) : (
          <fieldset className="officer-picker">
            <legend>{t('intake.override.supervisor')}</legend>
            {supervisors.map((supervisor) => (
              <label key={supervisor.id} className="officer-option" data-testid={`supervisor-${supervisor.id}`}>
                <input
                  type="radio"
                  name="supervisor"
                  value={supervisor.id}
                  checked={supervisorId === supervisor.id}
                  onChange={() => {
                    setSupervisorId(supervisor.id);
                    setNeedSupervisor(false);
                    setResult(null);
                    pinRef.current?.focus();
                  }}
                />
                <span className="officer-name">{supervisor.name}</span>
                <span className="officer-meta">
                  {t(`roles.${supervisor.role}`)} · {supervisor.badge}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {needSupervisor && (
          <p className="field-error" role="alert">
            {t('intake.override.chooseSupervisor')}
          </p>
        )}
        <PinField ref={pinRef} value={pin} onChange={setPin} disabled={checking || supervisors.length === 0} />
        {message && (
          <p className="field-error" role="alert" data-testid="override-pin-error">
            {message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={checking || supervisors.length === 0}>
            {t('intake.override.confirm')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('intake.override.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

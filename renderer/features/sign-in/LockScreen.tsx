import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Officer } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';
import { formatDuration } from '../../app/format.ts';
import { useAppStore } from '../../store/index.ts';
import { checkOfficerPin, type PinCheck } from './pin-attempts.ts';
import { PinField, usePinCheckMessage } from './PinField.tsx';

/**
 * Covers the screen while the session is locked; what is under it (a half-typed intake) stays as it was. The same
 * officer unlocks with their PIN (same five-tries rule), or someone else signs in, which ends the session.
 */
export function LockScreen() {
  const { t } = useTranslation();
  const officer = useAppStore((s) => s.session.officer);
  const lock = useAppStore((s) => s.session.lock);
  const idleSeconds = useAppStore((s) => s.settings.idleLockSeconds);
  const unlock = useAppStore((s) => s.session.unlock);
  const signOut = useAppStore((s) => s.session.signOut);
  const { documents } = useLiveQuery<Officer>(
    (db) => (officer ? db.officers.find({ selector: { id: officer.id } }) : null),
    [officer?.id],
  );
  const [pin, setPin] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<PinCheck | null>(null);
  const message = usePinCheckMessage(result);
  const pinRef = useRef<HTMLInputElement>(null);
  const titleId = useId();

  useEffect(() => pinRef.current?.focus(), []);

  if (!officer || !lock) return null;
  const record = documents[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking || !record) return;
    setChecking(true);
    try {
      const check = await checkOfficerPin(record, pin);
      setResult(check);
      setPin('');
      if (check.ok) unlock();
      else pinRef.current?.focus();
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="lock-screen">
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <h1 id={titleId}>{t('lock.title')}</h1>
        <p>
          {lock.reason === 'idle' ? t('lock.reason', { time: formatDuration(idleSeconds, t) }) : t('lock.reasonManual')}
        </p>
        <p>{t('lock.officer', { name: officer.name })}</p>
        <PinField ref={pinRef} value={pin} onChange={setPin} disabled={checking} />
        {message && (
          <p className="field-error" role="alert" data-testid="pin-error">
            {message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={checking || !record}>
            {t('lock.unlock')}
          </button>
          <button type="button" onClick={signOut}>
            {t('lock.switchOfficer')}
          </button>
        </div>
      </form>
    </div>
  );
}

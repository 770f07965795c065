import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Officer } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';
import { useSiteName } from '../../app/use-site-name.ts';
import { useAppStore, type SessionOfficer } from '../../store/index.ts';
import { checkOfficerPin, pinLockedUntil, type PinCheck } from './pin-attempts.ts';
import { PinField, usePinCheckMessage } from './PinField.tsx';

export const toSessionOfficer = (officer: Officer): SessionOfficer => ({
  id: officer.id,
  name: officer.name,
  badge: officer.badge,
  role: officer.role,
  authorisedBusinessTypes: [...officer.authorisedBusinessTypes],
});

/** The officers of this site, from the replicated officers collection, by name. */
export function useSiteOfficers(siteCode: string | undefined): { officers: Officer[]; loading: boolean } {
  const { documents, loading } = useLiveQuery<Officer>(
    (db) => (siteCode ? db.officers.find({ selector: { active: true } }) : null),
    [siteCode],
  );
  const officers = useMemo(
    () =>
      documents
        .filter((o) => siteCode && o.siteCodes.includes(siteCode))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [documents, siteCode],
  );
  return { officers, loading };
}

/** Sign-in: pick your name, type your PIN. Checked offline against the replicated hash. */
export function SignInScreen() {
  const { t } = useTranslation();
  const device = useAppStore((s) => s.device.current);
  const signIn = useAppStore((s) => s.session.signIn);
  const language = useAppStore((s) => s.settings.language);
  const siteName = useSiteName(device?.siteCode, language);
  const { officers, loading } = useSiteOfficers(device?.siteCode);
  const [officerId, setOfficerId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<PinCheck | null>(null);
  const [needOfficer, setNeedOfficer] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const message = usePinCheckMessage(result);
  const chosen = officers.find((o) => o.id === officerId) ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking) return;
    if (!chosen) {
      setNeedOfficer(true);
      return;
    }
    setChecking(true);
    try {
      const check = await checkOfficerPin(chosen, pin);
      setResult(check);
      setPin('');
      if (check.ok) signIn(toSessionOfficer(chosen));
      else pinRef.current?.focus();
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="sign-in" aria-labelledby={titleId}>
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <h1 id={titleId}>{t('signIn.title')}</h1>
        {device && <p className="muted">{t('signIn.site', { site: siteName, counter: device.counterNumber })}</p>}
        <fieldset className="officer-picker">
          <legend>{t('signIn.officer')}</legend>
          {!loading && officers.length === 0 && <p role="status">{t('signIn.noOfficers')}</p>}
          {officers.map((officer) => (
            <label key={officer.id} className="officer-option" data-testid={`officer-${officer.id}`}>
              <input
                type="radio"
                name="officer"
                value={officer.id}
                checked={officerId === officer.id}
                onChange={() => {
                  setOfficerId(officer.id);
                  setNeedOfficer(false);
                  const until = pinLockedUntil(officer.id);
                  setResult(until ? { ok: false, reason: 'locked-out', until } : null);
                  pinRef.current?.focus();
                }}
              />
              <span className="officer-name">{officer.name}</span>
              <span className="officer-meta">
                {t(`roles.${officer.role}`)} · {officer.badge}
              </span>
            </label>
          ))}
          {needOfficer && (
            <p className="field-error" role="alert">
              {t('signIn.chooseOfficer')}
            </p>
          )}
        </fieldset>
        <PinField ref={pinRef} value={pin} onChange={setPin} disabled={checking} />
        {message && (
          <p className="field-error" role="alert" data-testid="pin-error">
            {message}
          </p>
        )}
        <button type="submit" className="primary" disabled={checking}>
          {checking ? t('signIn.checking') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}

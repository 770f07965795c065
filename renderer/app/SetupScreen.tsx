import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { enrolBrowser } from './platform.ts';

interface FieldErrors {
  hubUrl?: string;
  code?: string;
  counter?: string;
  form?: string;
}

/** Web mode on a browser that was never enrolled: the hub's address and a technician's one-time enrolment code. */
export function SetupScreen({ onEnrolled }: { onEnrolled(): void }) {
  const { t } = useTranslation();
  const [hubUrl, setHubUrl] = useState('http://127.0.0.1:8787');
  const [code, setCode] = useState('');
  const [counter, setCounter] = useState('1');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const ids = { hub: useId(), code: useId(), counter: useId() };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!/^https?:\/\/[^\s/]+/.test(hubUrl.trim())) next.hubUrl = t('setup.errors.hubUrl');
    if (code.trim().length < 5) next.code = t('setup.errors.enrolmentCode');
    const counterNumber = Number(counter);
    if (!Number.isInteger(counterNumber) || counterNumber < 1 || counterNumber > 99)
      next.counter = t('setup.errors.counterNumber');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    const outcome = await enrolBrowser(hubUrl.trim(), code, counterNumber);
    setBusy(false);
    if (outcome.ok) onEnrolled();
    else if (outcome.problem)
      setErrors({
        form:
          outcome.problem.kind === 'unreachable'
            ? t('setup.errors.unreachable', { reason: outcome.problem.reason })
            : t('setup.errors.refused', { reason: outcome.problem.reason }),
      });
  };

  const error = (message: string | undefined, id: string) =>
    message && (
      <p className="field-error" id={`${id}-error`} role="alert">
        {message}
      </p>
    );

  return (
    <section className="sign-in">
      <form className="sign-in-card" onSubmit={submit} noValidate>
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <div className="field">
          <label htmlFor={ids.hub}>{t('setup.hubUrl')}</label>
          <input
            id={ids.hub}
            value={hubUrl}
            onChange={(e) => setHubUrl(e.target.value)}
            aria-invalid={!!errors.hubUrl}
          />
          {error(errors.hubUrl, ids.hub)}
        </div>
        <div className="field">
          <label htmlFor={ids.code}>{t('setup.enrolmentCode')}</label>
          <input
            id={ids.code}
            value={code}
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={!!errors.code}
          />
          {error(errors.code, ids.code)}
        </div>
        <div className="field">
          <label htmlFor={ids.counter}>{t('setup.counterNumber')}</label>
          <input
            id={ids.counter}
            inputMode="numeric"
            value={counter}
            onChange={(e) => setCounter(e.target.value)}
            aria-invalid={!!errors.counter}
          />
          {error(errors.counter, ids.counter)}
        </div>
        {errors.form && (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, isUiLanguage } from '../../i18n/index.ts';
import { useAppStore } from '../../store/index.ts';

/** The officer-facing settings of this machine: language and the idle lock. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.settings.language);
  const idleLockSeconds = useAppStore((s) => s.settings.idleLockSeconds);
  const setLanguage = useAppStore((s) => s.settings.setLanguage);
  const setIdleLockSeconds = useAppStore((s) => s.settings.setIdleLockSeconds);
  const [minutes, setMinutes] = useState(String(Math.max(1, Math.round(idleLockSeconds / 60))));
  const [error, setError] = useState(false);
  const [saved, setSaved] = useState(false);
  const languageId = useId();
  const idleId = useId();

  const save = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(minutes.trim());
    if (!Number.isInteger(value) || value < 1 || value > 60) {
      setError(true);
      setSaved(false);
      return;
    }
    setError(false);
    setIdleLockSeconds(value * 60);
    setSaved(true);
  };

  return (
    <section className="page settings">
      <h1>{t('settings.title')}</h1>
      <div className="field">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          value={language}
          onChange={(e) => {
            if (isUiLanguage(e.target.value)) setLanguage(e.target.value);
          }}
        >
          {UI_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={idleId}>{t('settings.idleLock')}</label>
          <input
            id={idleId}
            inputMode="numeric"
            value={minutes}
            aria-invalid={error}
            aria-describedby={`${idleId}-hint`}
            onChange={(e) => {
              setMinutes(e.target.value);
              setSaved(false);
            }}
          />
          <small id={`${idleId}-hint`} className="muted">
            {t('settings.idleLockHint')}
          </small>
          {error && (
            <p className="field-error" role="alert">
              {t('settings.idleLockInvalid')}
            </p>
          )}
        </div>
        <button type="submit" className="primary">
          {t('settings.save')}
        </button>{' '}
        {saved && <span role="status">{t('settings.saved')}</span>}
      </form>
    </section>
  );
}

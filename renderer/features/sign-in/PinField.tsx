import { forwardRef, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../app/format.ts';
import type { PinCheck } from './pin-attempts.ts';

interface PinFieldProps {
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  autoFocus?: boolean;
}

/** A PIN input: digits only (full-width digits from a Chinese input method are turned into ASCII), never echoed. */
export const PinField = forwardRef<HTMLInputElement, PinFieldProps>(function PinField(
  { value, onChange, disabled, autoFocus },
  ref,
) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('signIn.pin')}</label>
      <input
        ref={ref}
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        value={value}
        disabled={disabled}
        autoFocus={autoFocus}
        aria-describedby={`${id}-hint`}
        onChange={(event) =>
          onChange(
            event.target.value
              .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
              .replace(/\D/g, ''),
          )
        }
      />
      <small id={`${id}-hint`} className="muted">
        {t('signIn.pinHint')}
      </small>
    </div>
  );
});

/** What to tell the officer after a PIN check, or null when there is nothing to say. */
export function usePinCheckMessage(result: PinCheck | null): string | null {
  const { t, i18n } = useTranslation();
  if (!result || result.ok) return null;
  switch (result.reason) {
    case 'format':
      return t('signIn.pinFormat');
    case 'inactive':
      return t('signIn.inactive');
    case 'wrong-pin':
      return t('signIn.wrongPin', { count: result.triesLeft });
    case 'locked-out':
      return t('signIn.lockedOut', {
        time: formatClock(result.until, i18n.language),
        minutes: Math.max(1, Math.ceil((Date.parse(result.until) - Date.now()) / 60_000)),
      });
  }
}

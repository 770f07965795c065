import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/index.ts';
import { SignInScreen } from '../features/sign-in/SignInScreen.tsx';
import { LockScreen } from '../features/sign-in/LockScreen.tsx';
import { SyncBar } from '../features/sync/SyncBar.tsx';
import { SCREENS, screenById } from './screens.tsx';
import { useIdleLock } from './use-idle-lock.ts';
import { useShortcuts } from './use-shortcuts.ts';
import { useSiteName } from './use-site-name.ts';

/** The counter app's frame: header with the menu, the current screen, the sync bar; the lock over it all. */
export function CounterShell() {
  const { t } = useTranslation();
  const officer = useAppStore((s) => s.session.officer);
  const locked = useAppStore((s) => s.session.lock !== null);
  const screen = useAppStore((s) => s.navigation.screen);
  const device = useAppStore((s) => s.device.current);
  const go = useAppStore((s) => s.navigation.go);
  const lockScreen = useAppStore((s) => s.session.lockScreen);
  const signOut = useAppStore((s) => s.session.signOut);
  const language = useAppStore((s) => s.settings.language);
  const setLanguage = useAppStore((s) => s.settings.setLanguage);
  const mainRef = useRef<HTMLElement>(null);
  const siteName = useSiteName(device?.siteCode, language);
  useIdleLock();
  useShortcuts();

  // Moving to another screen puts the keyboard at its start, as a page load would.
  useEffect(() => {
    mainRef.current?.focus();
  }, [screen]);

  const languageToggle = (
    <button
      type="button"
      className="link"
      lang={language === 'zh-CN' ? 'en' : 'zh-CN'}
      onClick={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      {language === 'zh-CN' ? t('languages.en') : t('languages.zh-CN')}
    </button>
  );

  if (!officer) {
    return (
      <div className="shell">
        <header className="shell-header">
          <span className="brand">
            {t('app.title')} <small>{t('app.subtitle')}</small>
          </span>
          <span className="spacer" />
          {languageToggle}
        </header>
        <main className="shell-main">
          <SignInScreen />
        </main>
        <SyncBar />
      </div>
    );
  }

  const Current = screenById(screen).component;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header" inert={locked}>
        <span className="brand">
          {t('app.title')}
          {device && <small>{t('signIn.site', { site: siteName, counter: device.counterNumber })}</small>}
        </span>
        <nav aria-label={t('nav.label')}>
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              className={s.id === screen ? 'nav-item current' : 'nav-item'}
              aria-current={s.id === screen ? 'page' : undefined}
              onClick={() => go(s.id)}
              title={s.shortcut ? t('nav.shortcut', { key: s.shortcut }) : undefined}
            >
              {t(s.titleKey)}
              {s.shortcut && <kbd>{s.shortcut}</kbd>}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <span className="officer" data-testid="signed-in-officer">
          {officer.name} <small>{t(`roles.${officer.role}`)}</small>
        </span>
        {languageToggle}
        <button type="button" onClick={() => lockScreen('manual')} title="Ctrl+Shift+L">
          {t('nav.lock')}
        </button>
        <button type="button" onClick={signOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" className="shell-main" ref={mainRef} tabIndex={-1} inert={locked}>
        <Current />
      </main>
      <SyncBar />
      {locked && <LockScreen />}
    </div>
  );
}

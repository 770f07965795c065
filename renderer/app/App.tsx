import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/index.ts';
import { changeLanguage } from '../i18n/index.ts';
import { getBridge } from '../platform/bridge.ts';
import type { CounterPlatform } from './platform.ts';
import { bootCounter, forgetBoot, type CounterServices } from './services.ts';
import { ServicesProvider } from './services-context.tsx';
import { SetupScreen } from './SetupScreen.tsx';
import { CounterShell } from './CounterShell.tsx';
import { StartingScreen } from './StartingScreen.tsx';

type Boot =
  | { phase: 'starting' }
  | { phase: 'needs-setup'; platform: CounterPlatform }
  | { phase: 'ready'; services: CounterServices }
  | { phase: 'failed'; message: string };

/**
 * Boots the counter app: platform pieces from the bridge, then the local database and sync (outside React), then
 * the shell. A browser that was never enrolled gets the enrolment form instead.
 */
export function App() {
  const { t } = useTranslation();
  const [boot, setBoot] = useState<Boot>({ phase: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const language = useAppStore((s) => s.settings.language);

  const firstLanguage = useRef(true);
  useEffect(() => {
    void changeLanguage(language);
    // Kept in the site configuration too, so the desktop shell's own pages follow the officer's choice.
    if (!firstLanguage.current) void getBridge().setLanguage(language);
    firstLanguage.current = false;
  }, [language]);

  useEffect(() => {
    let cancelled = false;
    bootCounter().then(
      (result) => {
        if (cancelled) return;
        setBoot(
          result.services
            ? { phase: 'ready', services: result.services }
            : { phase: 'needs-setup', platform: result.platform },
        );
      },
      (error: unknown) => {
        if (!cancelled) setBoot({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const retry = useCallback(() => {
    forgetBoot();
    setBoot({ phase: 'starting' });
    setAttempt((n) => n + 1);
  }, []);

  switch (boot.phase) {
    case 'starting':
      return <StartingScreen />;
    case 'needs-setup':
      return <SetupScreen />;
    case 'failed':
      return (
        <section className="boot" role="alert">
          <h1>{t('boot.failed')}</h1>
          <pre>{boot.message}</pre>
          <button type="button" onClick={retry}>
            {t('boot.retry')}
          </button>
        </section>
      );
    case 'ready':
      return (
        <ServicesProvider services={boot.services}>
          <CounterShell />
        </ServicesProvider>
      );
  }
}

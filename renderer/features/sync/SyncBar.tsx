import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatClock } from '../../app/format.ts';
import { CatchUpBar } from './CatchUpBar.tsx';

/**
 * On every screen: online or offline, documents waiting to reach the hub, the last sync time, and the last error in
 * words. During a first sync or a long catch-up, a progress bar above it.
 */
export function SyncBar() {
  const { t, i18n } = useTranslation();
  const status = useAppStore((s) => s.sync.status);
  const go = useAppStore((s) => s.navigation.go);
  const signedIn = useAppStore((s) => s.session.officer !== null);
  const online = status?.online ?? false;
  const pending = status?.pending ?? 0;
  return (
    <footer className="sync-bar" data-testid="sync-bar" aria-label={t('nav.sync')}>
      <CatchUpBar />
      <div className="sync-bar-row">
        <span
          className={`sync-state ${online ? 'online' : 'offline'}`}
          data-testid="sync-state"
          data-online={online ? 'true' : 'false'}
          role="status"
        >
          <span className="dot" aria-hidden="true" />
          {online ? t('sync.online') : t('sync.offline')}
        </span>
        <span className="sync-pending" data-testid="sync-pending" data-count={pending}>
          {t('sync.pending', { count: pending })}
        </span>
        <span className="sync-last" data-testid="sync-last">
          {status?.lastSyncAt
            ? t('sync.lastSync', { time: formatClock(status.lastSyncAt, i18n.language) })
            : t('sync.never')}
        </span>
        {status?.deviceRevoked && (
          <strong className="sync-error" role="alert">
            {t('sync.revoked')}
          </strong>
        )}
        {status?.lastError && (
          <span className="sync-error" data-testid="sync-error" title={formatClock(status.lastError.at, i18n.language)}>
            <Bilingual message={status.lastError} />
          </span>
        )}
        {signedIn && (
          <button type="button" className="link" onClick={() => go('sync')}>
            {t('sync.page.title')} (F9)
          </button>
        )}
      </div>
    </footer>
  );
}

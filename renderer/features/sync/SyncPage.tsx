import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLLECTION_NAMES } from '../../../shared/schemas/index.ts';
import { useAppStore } from '../../store/index.ts';
import { useServices } from '../../app/services-context.tsx';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatClock, formatDateTime } from '../../app/format.ts';
import { CatchUpBar } from './CatchUpBar.tsx';

/** Per-collection detail, the documents the hub refused with its reasons, and "sync now". */
export function SyncPage() {
  const { t, i18n } = useTranslation();
  const { sync, catchUp } = useServices();
  const status = useAppStore((s) => s.sync.status);
  const device = useAppStore((s) => s.device.current);
  const [syncing, setSyncing] = useState(false);

  const syncNow = async () => {
    setSyncing(true);
    try {
      await sync.syncNow();
      await catchUp.check();
    } finally {
      setSyncing(false);
    }
  };

  return (
    <section className="page sync-page">
      <header className="page-header">
        <h1>{t('sync.page.title')}</h1>
        <button type="button" className="primary" onClick={syncNow} disabled={syncing}>
          {syncing ? t('sync.page.syncing') : t('sync.page.syncNow')}
        </button>
      </header>
      {device && (
        <p className="muted">
          {t('sync.page.device', { device: device.deviceId, site: device.siteCode, counter: device.counterNumber })} ·{' '}
          {t('sync.page.hub', { url: device.hubUrl })}
          {status?.lastContactAt &&
            ` · ${t('sync.page.lastContact', { time: formatClock(status.lastContactAt, i18n.language) })}`}
        </p>
      )}
      <CatchUpBar />
      <table className="grid" data-testid="sync-collections">
        <thead>
          <tr>
            <th scope="col">{t('sync.page.collection')}</th>
            <th scope="col">{t('sync.page.pending')}</th>
            <th scope="col">{t('sync.page.lastSync')}</th>
            <th scope="col">{t('sync.page.error')}</th>
          </tr>
        </thead>
        <tbody>
          {COLLECTION_NAMES.map((name) => {
            const detail = status?.collections[name];
            return (
              <tr key={name} data-collection={name}>
                <th scope="row">{t(`sync.collections.${name}`)}</th>
                <td>{detail?.pending ?? 0}</td>
                <td>{detail?.lastSyncAt ? formatClock(detail.lastSyncAt, i18n.language) : t('sync.never')}</td>
                <td>{detail?.error ? <Bilingual message={detail.error} /> : t('sync.page.none')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('sync.page.refusedTitle')}</h2>
      {!status || status.refused.length === 0 ? (
        <p>{t('sync.page.refusedNone')}</p>
      ) : (
        <table className="grid" data-testid="sync-refused">
          <thead>
            <tr>
              <th scope="col">{t('sync.page.refusedDoc')}</th>
              <th scope="col">{t('sync.page.refusedReason')}</th>
              <th scope="col">{t('sync.page.refusedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {status.refused.map((refusal) => (
              <tr key={refusal.id}>
                <td>
                  {t(`sync.collections.${refusal.collection as (typeof COLLECTION_NAMES)[number]}`, {
                    defaultValue: refusal.collection,
                  })}{' '}
                  <code>{refusal.docId}</code>
                </td>
                <td>
                  <code>{refusal.code}</code> {refusal.reason}
                </td>
                <td>{formatDateTime(refusal.at, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

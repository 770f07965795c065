import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { formatDuration } from '../../app/format.ts';

/** Documents done of total and the time left, while a first sync or a long catch-up runs; the counter stays usable. */
export function CatchUpBar() {
  const { t } = useTranslation();
  const progress = useAppStore((s) => s.sync.catchUp);
  if (!progress) return null;
  return (
    <div className="catch-up" data-testid="catch-up">
      <progress
        max={progress.total}
        value={progress.done}
        aria-label={t('sync.catchUp', { done: progress.done, total: progress.total })}
      />
      <span>
        {t('sync.catchUp', { done: progress.done, total: progress.total })} ·{' '}
        {progress.etaSeconds === null
          ? t('sync.etaUnknown')
          : t('sync.eta', { time: formatDuration(progress.etaSeconds, t) })}{' '}
        · {t('sync.usable')}
      </span>
    </div>
  );
}

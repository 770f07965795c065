import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CollectionName } from '../../shared/schemas/index.ts';
import type { MigrationProgress } from '../db/create-database.ts';
import type { UiLanguage } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { Bilingual } from './Bilingual.tsx';

/**
 * The start screen while the local database opens. The first start of a release that changed a schema upgrades the
 * stored data first (about a minute for 50,000 cases): then it shows how far that is, in both languages, so nobody
 * takes the wait for a hang and switches the machine off.
 */
export function StartingScreen() {
  const { t, i18n } = useTranslation();
  const migration = useAppStore((s) => s.startup.migration);
  if (!migration) {
    return (
      <p className="boot" role="status">
        {t('boot.starting')}
      </p>
    );
  }
  return (
    <section className="boot">
      <p role="status">
        <Bilingual
          message={{ zh: upgradeMessage(i18n, migration, 'zh-CN'), en: upgradeMessage(i18n, migration, 'en') }}
        />
      </p>
      <progress
        className="boot-progress"
        max={migration.total}
        value={migration.handled}
        aria-label={t('boot.upgradeProgress')}
        aria-valuetext={`${percentOf(migration)}%`}
      />
    </section>
  );
}

/** Whole percent, rounded down: 100% only once everything is copied. */
function percentOf({ handled, total }: MigrationProgress): number {
  return total === 0 ? 100 : Math.floor((handled / total) * 100);
}

function upgradeMessage(i18n: I18n, migration: MigrationProgress, language: UiLanguage): string {
  const t = i18n.getFixedT(language);
  return t('boot.upgrading', {
    collection: t(`sync.collections.${migration.collection as CollectionName}`, { defaultValue: migration.collection }),
    handled: migration.handled,
    total: migration.total,
    percent: percentOf(migration),
  });
}

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { CaseList } from './CaseList.tsx';
import { CaseDetail } from './CaseDetail.tsx';
import { NeedsAttention } from './NeedsAttention.tsx';
import { useCaseReferenceData } from './use-case-data.ts';
import './cases.css';

type Tab = 'list' | 'attention';

/**
 * Cases (F3): the list with filters and search, "needs attention", and a case's detail. Open a case from anywhere
 * with `navigation.go('cases', { caseId })`, the needs-attention view with `{ view: 'attention' }`. The list stays
 * mounted under the detail, so going back keeps its filters and page.
 */
export function CasesScreen() {
  const { t } = useTranslation();
  const params = useAppStore((s) => s.navigation.params);
  const go = useAppStore((s) => s.navigation.go);
  const caseId = params.caseId ?? null;
  const [tab, setTab] = useState<Tab>(params.view === 'attention' ? 'attention' : 'list');
  const reference = useCaseReferenceData();
  const titleId = useId();

  useEffect(() => {
    if (params.view === 'attention' || params.view === 'list') setTab(params.view);
  }, [params.view]);

  return (
    <section className="page cases-page" aria-labelledby={titleId}>
      <div hidden={caseId !== null}>
        <header className="page-header">
          <h1 id={titleId}>{t('nav.cases')}</h1>
          <div className="tabs" role="tablist" aria-label={t('cases.tabs.label')}>
            {(['list', 'attention'] as const).map((id) => (
              <button
                key={id}
                type="button"
                role="tab"
                aria-selected={tab === id}
                className={tab === id ? 'tab current' : 'tab'}
                onClick={() => setTab(id)}
                data-testid={`cases-tab-${id}`}
              >
                {t(`cases.tabs.${id}`)}
              </button>
            ))}
          </div>
        </header>
        {tab === 'list' ? <CaseList reference={reference} /> : <NeedsAttention />}
      </div>
      {caseId !== null && (
        <CaseDetail
          caseId={caseId}
          reference={reference}
          onBack={() => go('cases', tab === 'list' ? {} : { view: tab })}
        />
      )}
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { throttle, timer } from 'rxjs';
import type { CollectionName } from '../../../shared/schemas/index.ts';
import { useDatabase } from '../../app/services-context.tsx';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAppStore } from '../../store/index.ts';
import { useBureauToday } from '../queue/use-queue.ts';
import { NO_FILTERS, loadCasePage, type CaseCursor, type CasePage } from './case-query.ts';
import { splitBilingual } from './use-case-data.ts';

/**
 * What an officer or supervisor must look at: documents the hub refused (the sync status keeps them, with the hub's
 * code and reason), and cases whose merged replicas contradict each other or hold an action the state machine does
 * not allow (`case.attention`). Each links to its case when this machine has it.
 */
export function NeedsAttention() {
  const { t, i18n } = useTranslation();
  const db = useDatabase();
  const go = useAppStore((s) => s.navigation.go);
  const refused = useAppStore((s) => s.sync.status?.refused ?? []);
  const today = useBureauToday();
  const [cursor, setCursor] = useState<CaseCursor | null>(null);
  const [pages, setPages] = useState<CasePage[]>([]);
  const [loading, setLoading] = useState(true);
  const [changes, setChanges] = useState(0);
  const [localCaseIds, setLocalCaseIds] = useState<ReadonlySet<string>>(new Set());

  // With few flagged cases the search walks back through every case (seconds at 50,000): re-run it after changes
  // no more often than every 3 s, nor than four times as long as it took.
  const lastLoadMs = useRef(0);
  useEffect(() => {
    const subscription = db.cases.$.pipe(
      throttle(() => timer(Math.max(3_000, lastLoadMs.current * 4)), { leading: false, trailing: true }),
    ).subscribe(() => {
      setCursor(null);
      setChanges((n) => n + 1);
    });
    return () => subscription.unsubscribe();
  }, [db]);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const started = performance.now();
    loadCasePage(db.cases, { ...NO_FILTERS, needsAttention: true }, cursor, { today }).then(
      (page) => {
        lastLoadMs.current = performance.now() - started;
        if (cancelled) return;
        setPages((previous) => (cursor === null ? [page] : [...previous, page]));
        setLoading(false);
      },
      () => !cancelled && setLoading(false),
    );
    return () => {
      cancelled = true;
    };
  }, [db, cursor, today, changes]);

  const refusedCaseIds = refused.filter((r) => r.collection === 'cases').map((r) => r.docId);
  const refusedKey = refusedCaseIds.join(',');
  useEffect(() => {
    if (refusedCaseIds.length === 0) return;
    void db.cases
      .findByIds(refusedCaseIds)
      .exec()
      .then((found) => setLocalCaseIds(new Set(found.keys())));
    // refusedKey stands for the list of ids.
  }, [db, refusedKey]);

  const flagged = pages.flatMap((page) => page.cases);
  const last = pages.at(-1);

  return (
    <div className="needs-attention" data-testid="needs-attention">
      <section>
        <h2>{t('cases.attention.casesTitle')}</h2>
        <p className="muted">{t('cases.attention.casesHint')}</p>
        {flagged.length === 0 && loading && <p role="status">{t('cases.attention.loading')}</p>}
        {flagged.length === 0 && !loading && <p data-testid="attention-cases-none">{t('cases.attention.casesNone')}</p>}
        {flagged.length > 0 && (
          <ul className="attention-list" data-testid="attention-cases">
            {flagged.flatMap((c) =>
              c.attention.map((entry, index) => (
                <li key={`${c.id}-${index}`} data-case-number={c.caseNumber} data-code={entry.code}>
                  <button type="button" className="link case-link" onClick={() => go('cases', { caseId: c.id })}>
                    {c.caseNumber}
                  </button>{' '}
                  <strong>{t(`cases.attention.codes.${entry.code}`)}</strong>
                  <br />
                  <Bilingual message={splitBilingual(entry.message)} />
                </li>
              )),
            )}
          </ul>
        )}
        {last?.next && (
          <button type="button" onClick={() => setCursor(last.next)} disabled={loading}>
            {t('cases.attention.more')}
          </button>
        )}
      </section>

      <section>
        <h2>{t('cases.attention.refusedTitle')}</h2>
        {refused.length === 0 ? (
          <p data-testid="attention-refused-none">{t('cases.attention.refusedNone')}</p>
        ) : (
          <>
            <p className="muted">{t('cases.attention.refusedHint')}</p>
            <table className="grid" data-testid="attention-refused">
              <thead>
                <tr>
                  <th scope="col">{t('cases.attention.collection')}</th>
                  <th scope="col">{t('cases.attention.document')}</th>
                  <th scope="col">{t('cases.attention.code')}</th>
                  <th scope="col">{t('cases.attention.reason')}</th>
                  <th scope="col">{t('cases.attention.at')}</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((refusal) => (
                  <tr key={refusal.id} data-doc-id={refusal.docId}>
                    <td>
                      {t(`sync.collections.${refusal.collection as CollectionName}`, {
                        defaultValue: refusal.collection,
                      })}
                    </td>
                    <td>
                      {refusal.collection === 'cases' && localCaseIds.has(refusal.docId) ? (
                        <button
                          type="button"
                          className="link case-link"
                          onClick={() => go('cases', { caseId: refusal.docId })}
                        >
                          {t('cases.attention.open')}
                        </button>
                      ) : (
                        <code>{refusal.docId}</code>
                      )}
                    </td>
                    <td>
                      <code>{refusal.code}</code>
                    </td>
                    <td>{refusal.reason}</td>
                    <td>{formatDateTime(refusal.at, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}

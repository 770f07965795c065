import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { throttle, throttleTime, timer } from 'rxjs';
import { CASE_STATUS_NAMES } from '../../../shared/domain/case/index.ts';
import { isOverdue, localDateOf, toDayNumber } from '../../../shared/domain/calendar/index.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import { BUSINESS_TYPES, BUSINESS_TYPE_NAMES, CASE_STATUSES, type Case } from '../../../shared/schemas/index.ts';
import type { BusinessType, CaseStatus } from '../../../shared/schemas/index.ts';
import { useDatabase } from '../../app/services-context.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAppStore } from '../../store/index.ts';
import { useBureauToday } from '../queue/use-queue.ts';
import {
  NO_FILTERS,
  OVERDUE_STATUSES,
  loadCasePage,
  type CaseCursor,
  type CaseFilters,
  type CasePage,
} from './case-query.ts';
import { inLanguage, maskIdNumber, type CaseReferenceData } from './use-case-data.ts';

/** How a case stands against its due date, for the list and the detail. */
export function DueState({ current, today }: { current: Pick<Case, 'dueDate' | 'status'>; today: string }) {
  const { t } = useTranslation();
  if (current.dueDate === '') return <span className="muted">{t('cases.due.none')}</span>;
  const open = OVERDUE_STATUSES.includes(current.status);
  const days = toDayNumber(today) - toDayNumber(current.dueDate);
  return (
    <span className="due">
      {current.dueDate}
      {open && isOverdue(current.dueDate, today) && (
        <strong className="overdue" data-testid="overdue">
          {' '}
          {t('cases.due.overdue', { count: days })}
        </strong>
      )}
      {open && days === 0 && <span className="due-today"> {t('cases.due.today')}</span>}
      {open && days < 0 && <span className="muted"> {t('cases.due.dueIn', { count: -days })}</span>}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { i18n } = useTranslation();
  return (
    <span className={`status status-${status}`} data-status={status}>
      {inLanguage(CASE_STATUS_NAMES[status], i18n.language)}
    </span>
  );
}

/** Re-reads the page at most this often while cases change (a first sync writes thousands). */
const REFRESH_MS = 1_500;
const TOTAL_DELAY_MS = 1_500;
const TOTAL_REFRESH_MS = 10_000;

/**
 * The case list: filters, search, and pages of 50 newest first, read through indexes (case-query.ts) so that a
 * counter with 50,000 cases shows its first page at once. Changes to the cases, local or pulled, refresh the page.
 */
export function CaseList({ reference }: { reference: CaseReferenceData }) {
  const { t, i18n } = useTranslation();
  const db = useDatabase();
  const go = useAppStore((s) => s.navigation.go);
  const today = useBureauToday();
  const [filters, setFilters] = useState<CaseFilters>(NO_FILTERS);
  const [searchText, setSearchText] = useState('');
  const [cursors, setCursors] = useState<Array<CaseCursor | null>>([null]);
  const [page, setPage] = useState<CasePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [changes, setChanges] = useState(0);
  const cursor = cursors[cursors.length - 1] ?? null;

  const serviceCodes = useMemo(
    () =>
      filters.businessType
        ? [...reference.services.values()].filter((s) => s.businessType === filters.businessType).map((s) => s.code)
        : undefined,
    [filters.businessType, reference.services],
  );
  const serviceKey = serviceCodes?.join(',') ?? '';

  // A page that took long to read (a filter that matches little walks back through the history) is re-read less
  // often, so that a first sync writing thousands of cases does not keep IndexedDB busy with it.
  const lastLoadMs = useRef(0);
  useEffect(() => {
    const subscription = db.cases.$.pipe(
      throttle(() => timer(Math.max(REFRESH_MS, lastLoadMs.current * 4)), { leading: false, trailing: true }),
    ).subscribe(() => setChanges((n) => n + 1));
    return () => subscription.unsubscribe();
  }, [db]);

  // Counting every case walks the whole index (half a second at 50,000): never while the first page loads, and at
  // most every ten seconds while cases change.
  useEffect(() => {
    const count = () =>
      void db.cases
        .count()
        .exec()
        .then(setTotal, () => undefined);
    const timer = setTimeout(count, TOTAL_DELAY_MS);
    const subscription = db.cases.$.pipe(
      throttleTime(TOTAL_REFRESH_MS, undefined, { leading: false, trailing: true }),
    ).subscribe(count);
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [db]);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const started = performance.now();
    loadCasePage(db.cases, filters, cursor, { today, ...(serviceCodes ? { serviceCodes } : {}) }).then(
      (loaded) => {
        lastLoadMs.current = performance.now() - started;
        if (cancelled) return;
        setPage(loaded);
        setFailure(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (cancelled) return;
        setFailure(error instanceof Error ? error.message : String(error));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // serviceKey stands for serviceCodes, whose identity changes with every catalogue emission.
  }, [db, filters, cursor, today, serviceKey, changes]);

  const apply = (change: Partial<CaseFilters>) => {
    setFilters((previous) => ({ ...previous, ...change }));
    setCursors([null]);
  };
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    apply({ search: searchText.trim() });
  };
  const clear = () => {
    setSearchText('');
    setFilters(NO_FILTERS);
    setCursors([null]);
  };

  const serviceName = (code: string) => {
    const service = reference.services.get(code);
    return service ? inLanguage(service.name, i18n.language) : code;
  };

  return (
    <div className="case-list-view">
      <form className="case-filters" aria-label={t('cases.filters.label')} onSubmit={onSearch}>
        <label>
          {t('cases.filters.status')}{' '}
          <select
            value={filters.statuses[0] ?? ''}
            onChange={(e) => apply({ statuses: e.target.value ? [e.target.value as CaseStatus] : [] })}
            data-testid="filter-status"
          >
            <option value="">{t('cases.filters.anyStatus')}</option>
            {CASE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {inLanguage(CASE_STATUS_NAMES[status], i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cases.filters.from')}{' '}
          <input
            type="date"
            value={filters.from ?? ''}
            max={filters.to ?? undefined}
            onChange={(e) => apply({ from: e.target.value || null })}
            data-testid="filter-from"
          />
        </label>
        <label>
          {t('cases.filters.to')}{' '}
          <input
            type="date"
            value={filters.to ?? ''}
            min={filters.from ?? undefined}
            onChange={(e) => apply({ to: e.target.value || null })}
            data-testid="filter-to"
          />
        </label>
        <label>
          {t('cases.filters.business')}{' '}
          <select
            value={filters.businessType ?? ''}
            onChange={(e) => apply({ businessType: (e.target.value || null) as BusinessType | null })}
            data-testid="filter-business"
          >
            <option value="">{t('cases.filters.anyBusiness')}</option>
            {BUSINESS_TYPES.map((type) => (
              <option key={type} value={type}>
                {inLanguage(BUSINESS_TYPE_NAMES[type], i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => apply({ overdue: e.target.checked })}
            data-testid="filter-overdue"
          />{' '}
          {t('cases.filters.overdue')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.needsAttention}
            onChange={(e) => apply({ needsAttention: e.target.checked })}
            data-testid="filter-attention"
          />{' '}
          {t('cases.filters.attention')}
        </label>
        <span className="case-search">
          <input
            type="search"
            aria-label={t('cases.filters.search')}
            placeholder={t('cases.filters.searchPlaceholder')}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            data-testid="case-search"
          />
          <button type="submit">{t('cases.filters.searchButton')}</button>
          <button type="button" className="link" onClick={clear}>
            {t('cases.filters.clear')}
          </button>
        </span>
      </form>
      <p className="muted case-list-meta">
        {total !== null && <span data-testid="case-total">{t('cases.localTotal', { count: total })}</span>}{' '}
        {filters.search !== '' && <span>{t('cases.filters.searchHint')}</span>}
      </p>
      {failure && (
        <p className="field-error" role="alert">
          {t('cases.list.failed', { message: failure })}
        </p>
      )}
      <table
        className="grid case-list"
        data-testid="case-list"
        aria-busy={loading}
        data-ready={page !== null && !loading ? 'true' : 'false'}
      >
        <thead>
          <tr>
            <th scope="col">{t('cases.list.caseNumber')}</th>
            <th scope="col">{t('cases.list.applicant')}</th>
            <th scope="col">{t('cases.list.idNumber')}</th>
            <th scope="col">{t('cases.list.items')}</th>
            <th scope="col">{t('cases.list.status')}</th>
            <th scope="col">{t('cases.list.acceptedAt')}</th>
            <th scope="col">{t('cases.list.due')}</th>
            <th scope="col">{t('cases.list.fee')}</th>
          </tr>
        </thead>
        <tbody>
          {page?.cases.map((c) => (
            <tr key={c.id} data-testid="case-row" data-case-number={c.caseNumber} data-status={c.status}>
              <th scope="row">
                <button type="button" className="link case-link" onClick={() => go('cases', { caseId: c.id })}>
                  {c.caseNumber}
                </button>
                {c.attention.length > 0 && (
                  <span className="badge" title={t('cases.list.attentionFlag')}>
                    {t('cases.list.attentionFlag')}
                  </span>
                )}
              </th>
              <td>{c.applicant.name}</td>
              <td className="mono">{maskIdNumber(c.applicant.idNumber)}</td>
              <td>
                {serviceName(c.items[0]!.serviceCode)}
                {c.items.length > 1 && (
                  <span className="muted"> {t('cases.list.moreItems', { count: c.items.length - 1 })}</span>
                )}
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>{formatDateTime(c.acceptedAt, i18n.language)}</td>
              <td>
                <DueState current={c} today={today} />
              </td>
              <td>
                {formatYuanWithSign(c.paidFen)} / {formatYuanWithSign(c.totalFeeFen)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && page.cases.length === 0 && !page.partial && <p data-testid="case-list-empty">{t('cases.list.empty')}</p>}
      {loading && page === null && <p role="status">{t('cases.list.loading')}</p>}
      <nav className="pager" aria-label={t('cases.list.page', { page: cursors.length })}>
        <button
          type="button"
          onClick={() => setCursors((c) => c.slice(0, -1))}
          disabled={cursors.length <= 1 || loading}
        >
          {t('cases.list.previous')}
        </button>
        <span data-testid="case-page">{t('cases.list.page', { page: cursors.length })}</span>
        {page?.partial && page.searchedBackTo && (
          <span className="muted" data-testid="searched-back-to">
            {t('cases.list.searchedBackTo', { date: localDateOf(page.searchedBackTo) })}
          </span>
        )}
        <button
          type="button"
          onClick={() => page?.next && setCursors((c) => [...c, page.next])}
          disabled={!page?.next || loading}
          data-testid="case-next"
        >
          {page?.partial ? t('cases.list.searchFurther') : t('cases.list.next')}
        </button>
      </nav>
    </div>
  );
}

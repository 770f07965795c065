import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_EVENT_NAMES, outstandingFen, outstandingMaterialRequests } from '../../../shared/domain/case/index.ts';
import { ID_DOCUMENT_NAMES } from '../../../shared/domain/identity/index.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import { BUSINESS_TYPE_NAMES, type Case, type CaseEvent } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useBureauToday } from '../queue/use-queue.ts';
import { CaseOverrideNotes } from '../intake/CaseOverrideNotes.tsx';
import { CaseActions } from './CaseActions.tsx';
import { DueState, StatusBadge } from './CaseList.tsx';
import {
  inLanguage,
  maskIdNumber,
  maskMobile,
  materialNamer,
  splitBilingual,
  type CaseReferenceData,
} from './use-case-data.ts';

/**
 * One case: applicant, items and materials, fees and payments, due date, the full event history (who, when, where,
 * what), what a supervisor must decide, and the actions the state machine and the officer's role allow.
 */
export function CaseDetail({
  caseId,
  reference,
  onBack,
}: {
  caseId: string;
  reference: CaseReferenceData;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const today = useBureauToday();
  const [reveal, setReveal] = useState(false);
  const { documents, loading } = useLiveQuery<Case>((db) => db.cases.find({ selector: { id: caseId } }), [caseId]);
  const current = documents[0];

  const back = (
    <button type="button" onClick={onBack} data-testid="case-back">
      ← {t('cases.detail.back')}
    </button>
  );
  if (!current)
    return (
      <section className="case-detail">
        {back}
        <p role="status">{loading ? t('cases.detail.loading') : t('cases.detail.notFound')}</p>
      </section>
    );

  const language = i18n.language;
  const siteName = (code: string) => {
    const site = reference.sites.get(code);
    return site ? `${inLanguage(site.name, language)} (${code})` : code;
  };
  const officerName = (id: string) => {
    const officer = reference.officers.get(id);
    return officer ? `${officer.name} (${id})` : id;
  };
  const materialName = materialNamer(current, reference, language);
  const outstanding = outstandingMaterialRequests(current);
  const payments = current.events.filter(
    (e): e is Extract<CaseEvent, { type: 'payment-recorded' }> => e.type === 'payment-recorded',
  );
  const { applicant } = current;

  return (
    <section className="case-detail" data-testid="case-detail" data-case-number={current.caseNumber}>
      <header className="page-header">
        <h1>
          {current.caseNumber} <StatusBadge status={current.status} />
        </h1>
        {back}
      </header>

      {current.attention.length > 0 && (
        <section className="case-attention" role="alert" data-testid="case-attention">
          <h2>{t('cases.detail.attention')}</h2>
          <ul>
            {current.attention.map((entry, index) => (
              <li key={index} data-code={entry.code}>
                <strong>{t(`cases.attention.codes.${entry.code}`)}</strong> —{' '}
                <Bilingual message={splitBilingual(entry.message)} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <CaseOverrideNotes current={current} officers={reference.officers} />

      <div className="case-columns">
        <section className="case-box">
          <h2>
            {t('cases.detail.applicant')}{' '}
            <button type="button" className="link" onClick={() => setReveal((r) => !r)} data-testid="reveal-personal">
              {reveal ? t('cases.detail.hide') : t('cases.detail.show')}
            </button>
          </h2>
          <dl className="facts">
            <dt>{t('cases.detail.name')}</dt>
            <dd data-testid="applicant-name">{applicant.name}</dd>
            <dt>{t('cases.detail.idType')}</dt>
            <dd>{inLanguage(ID_DOCUMENT_NAMES[applicant.idType], language)}</dd>
            <dt>{t('cases.detail.idNumber')}</dt>
            <dd className="mono">{reveal ? applicant.idNumber : maskIdNumber(applicant.idNumber)}</dd>
            <dt>{t('cases.detail.mobile')}</dt>
            <dd className="mono">{(reveal ? applicant.mobile : maskMobile(applicant.mobile)) || '—'}</dd>
            <dt>{t('cases.detail.address')}</dt>
            <dd>{reveal ? applicant.address || '—' : '••••'}</dd>
          </dl>
        </section>
        <section className="case-box">
          <h2>{t('cases.detail.case')}</h2>
          <dl className="facts">
            <dt>{t('cases.detail.site')}</dt>
            <dd>
              {siteName(current.siteCode)} · {t('cases.detail.counter', { counter: current.counter })}
            </dd>
            <dt>{t('cases.detail.acceptedAt')}</dt>
            <dd>{formatDateTime(current.acceptedAt, language)}</dd>
            <dt>{t('cases.detail.dueDate')}</dt>
            <dd data-testid="case-due">
              <DueState current={current} today={today} />
            </dd>
            <dt>{t('cases.detail.sharedWith')}</dt>
            <dd>{current.sharedWithSites.length ? current.sharedWithSites.map(siteName).join('、') : '—'}</dd>
          </dl>
        </section>
        <section className="case-box">
          <h2>{t('cases.detail.fees')}</h2>
          <dl className="facts">
            <dt>{t('cases.detail.total')}</dt>
            <dd>{formatYuanWithSign(current.totalFeeFen)}</dd>
            <dt>{t('cases.detail.paid')}</dt>
            <dd data-testid="case-paid">{formatYuanWithSign(current.paidFen)}</dd>
            <dt>{t('cases.detail.owed')}</dt>
            <dd data-testid="case-owed">{formatYuanWithSign(outstandingFen(current))}</dd>
          </dl>
          <h3>{t('cases.detail.payments')}</h3>
          {payments.length === 0 ? (
            <p className="muted">{t('cases.detail.noPayments')}</p>
          ) : (
            <ul className="payments" data-testid="case-payments">
              {payments.map((p) => (
                <li key={p.id}>
                  {formatDateTime(p.at, language)} · {formatYuanWithSign(p.amountFen)} ·{' '}
                  {t(`cases.paymentMethods.${p.method}`)}
                  {p.receiptNumber && ` · ${t('cases.eventDetail.receipt', { number: p.receiptNumber })}`} ·{' '}
                  {officerName(p.officerId)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section>
        <h2>{t('cases.detail.items')}</h2>
        <table className="grid" data-testid="case-items">
          <thead>
            <tr>
              <th scope="col">{t('cases.detail.service')}</th>
              <th scope="col">{t('cases.detail.route')}</th>
              <th scope="col">{t('cases.detail.fee')}</th>
              <th scope="col">{t('cases.detail.itemDue')}</th>
              <th scope="col">{t('cases.detail.materials')}</th>
            </tr>
          </thead>
          <tbody>
            {current.items.map((item, index) => {
              const service = reference.services.get(item.serviceCode);
              return (
                <tr key={`${item.serviceCode}-${index}`}>
                  <td>
                    {service ? inLanguage(service.name, language) : item.serviceCode}{' '}
                    <span className="muted mono">{item.serviceCode}</span>
                  </td>
                  <td>{t(`cases.routes.${item.route}`)}</td>
                  <td>{formatYuanWithSign(item.feeFen)}</td>
                  <td>{item.dueDate ?? '—'}</td>
                  <td>
                    <ul className="materials">
                      {item.materials.map((m) => (
                        <li key={m.code} className={m.received ? 'received' : 'missing'} data-received={m.received}>
                          {m.received ? '✓' : '✗'} {materialName(m.code)}{' '}
                          <span className="muted">
                            ({m.received ? t('cases.detail.received') : t('cases.detail.missing')})
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p>
          <strong>{t('cases.detail.outstanding')}</strong>
          <span data-testid="case-outstanding">
            {outstanding.length ? outstanding.map(materialName).join('、') : t('cases.detail.none')}
          </span>
        </p>
      </section>

      <CaseActions current={current} reference={reference} />

      <section>
        <h2>{t('cases.detail.history')}</h2>
        <table className="grid case-history" data-testid="case-history">
          <thead>
            <tr>
              <th scope="col">{t('cases.detail.when')}</th>
              <th scope="col">{t('cases.detail.what')}</th>
              <th scope="col">{t('cases.detail.who')}</th>
              <th scope="col">{t('cases.detail.where')}</th>
              <th scope="col">{t('cases.detail.details')}</th>
            </tr>
          </thead>
          <tbody>
            {current.events.map((event) => (
              <tr key={event.id} data-event={event.type}>
                <td>{formatDateTime(event.at, language)}</td>
                <td>
                  <span lang="zh-CN">{CASE_EVENT_NAMES[event.type].zh}</span>{' '}
                  <span lang="en" className="muted">
                    {CASE_EVENT_NAMES[event.type].en}
                  </span>
                </td>
                <td>{officerName(event.officerId)}</td>
                <td>{siteName(event.siteCode)}</td>
                <td>
                  <EventDetails
                    event={event}
                    siteName={siteName}
                    officerName={officerName}
                    materialName={materialName}
                    reveal={reveal}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function EventDetails({
  event,
  siteName,
  officerName,
  materialName,
  reveal,
}: {
  event: CaseEvent;
  siteName: (code: string) => string;
  officerName: (id: string) => string;
  materialName: (code: string) => string;
  /** Personal values in corrections are masked like the applicant's details above. */
  reveal: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const note = (text: string) => (text ? t('cases.eventDetail.note', { note: text }) : '');
  switch (event.type) {
    case 'accepted':
      return (
        <>
          {t('cases.eventDetail.accepted', { counter: event.counter, count: event.items.length })}
          {event.ticketId && (
            <span className="muted"> · {t('cases.eventDetail.ticket', { number: event.ticketId.slice(-6) })}</span>
          )}
        </>
      );
    case 'materials-requested':
      return (
        <>
          {t('cases.eventDetail.materials', { materials: event.materialCodes.map(materialName).join('、') })}{' '}
          {note(event.note)}
        </>
      );
    case 'materials-received':
      return <>{t('cases.eventDetail.materials', { materials: event.materialCodes.map(materialName).join('、') })}</>;
    case 'forwarded':
      return (
        <>
          {t('cases.eventDetail.to', { site: siteName(event.toSiteCode) })} {note(event.note)}
        </>
      );
    case 'approved':
      return <>{note(event.note)}</>;
    case 'rejected':
    case 'cancelled':
      return <>{t('cases.eventDetail.reason', { reason: event.reason })}</>;
    case 'ready-for-pickup':
      return <>{t('cases.eventDetail.pickup', { site: siteName(event.pickupSiteCode) })}</>;
    case 'completed':
      return null;
    case 'field-corrected':
      return (
        <>
          {t('cases.eventDetail.corrected', {
            field: t(`cases.fields.${event.field}`),
            value: reveal
              ? event.value
              : event.field === 'applicant.idNumber'
                ? maskIdNumber(event.value)
                : event.field === 'applicant.mobile'
                  ? maskMobile(event.value)
                  : event.field === 'applicant.address'
                    ? '••••'
                    : event.value,
          })}{' '}
          {t('cases.eventDetail.reason', { reason: event.reason })}
        </>
      );
    case 'authorisation-overridden':
      return (
        <>
          {t('cases.eventDetail.overridden', {
            supervisor: officerName(event.supervisorId),
            type: inLanguage(BUSINESS_TYPE_NAMES[event.businessType], language),
            services: event.serviceCodes.join(language === 'en' ? ', ' : '、'),
            time: formatDateTime(event.authorisedAt, language),
          })}
        </>
      );
    case 'payment-recorded':
      return (
        <>
          {t('cases.eventDetail.payment', {
            amount: formatYuanWithSign(event.amountFen),
            method: t(`cases.paymentMethods.${event.method}`),
          })}
          {event.receiptNumber && ` · ${t('cases.eventDetail.receipt', { number: event.receiptNumber })}`}
        </>
      );
  }
}

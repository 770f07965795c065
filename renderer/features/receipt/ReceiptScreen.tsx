import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../shared/domain/identity/index.ts';
import type { PrintResult } from '../../../shared/ipc/bridge.ts';
import { overridesOf } from '../../../shared/domain/case/index.ts';
import type { Case, Officer, ServiceItem, Site, Ticket } from '../../../shared/schemas/index.ts';
import { Bilingual } from '../../app/Bilingual.tsx';
import { map } from 'rxjs';
import { useLiveQuery, useLiveResult, useServices } from '../../app/services-context.tsx';
import { getBridge } from '../../platform/bridge.ts';
import { useAppStore } from '../../store/index.ts';
import { dropHandedOverCase, handedOverCase } from './handed-over.ts';
import { buildReceipt, type ReceiptDocument } from './receipt-document.ts';
import { receiptHtml } from './receipt-html.ts';
import { receiptPdf } from './receipt-pdf.ts';
import { qrMatrix, qrSvg } from './qr.ts';
import '../intake/intake.css';

/**
 * The receipt's content for a saved case, from the local database; null while it loads or when it is not here. Right
 * after a save, the intake form's hand-over (handed-over.ts) stands in for each source until its query answers.
 */
export function useReceipt(caseId: string): { receipt: ReceiptDocument | null; loading: boolean } {
  const handed = useMemo(() => handedOverCase(caseId), [caseId]);
  const { documents: cases, loading } = useLiveQuery<Case>(
    (db) => db.cases.find({ selector: { id: caseId } }),
    [caseId],
  );
  useEffect(() => {
    if (!loading) dropHandedOverCase(caseId);
  }, [loading, caseId]);
  const saved = cases[0] ?? (loading ? (handed?.saved ?? null) : null);
  const codes = saved?.items.map((item) => item.serviceCode) ?? [];
  const { documents: services, loading: servicesLoading } = useLiveQuery<ServiceItem>(
    (db) => (codes.length > 0 ? db.services.find({ selector: { code: { $in: codes } } }) : null),
    [codes.join(',')],
  );
  const { documents: sites, loading: sitesLoading } = useLiveQuery<Site>(
    (db) => (saved ? db.sites.find({ selector: { code: saved.siteCode } }) : null),
    [saved?.siteCode],
  );
  const accepted = saved?.events.find((event) => event.type === 'accepted');
  // The accepting officer and the supervisors of the case's overrides, named on the receipt. The receipt waits for
  // the answer about exactly these ids, so a receipt printed the moment the case is saved never shows ids for names.
  const officerIds = [
    ...new Set([
      ...(accepted ? [accepted.officerId] : []),
      ...overridesOf(saved?.events ?? []).map((event) => event.supervisorId),
    ]),
  ].sort();
  const officerKey = officerIds.join(',');
  const { result: officersAnswer } = useLiveResult<{ key: string; officers: Officer[] } | null>(
    (db) =>
      officerIds.length > 0
        ? db.officers
            .find({ selector: { id: { $in: officerIds } } })
            .$.pipe(map((docs) => ({ key: officerKey, officers: docs.map((doc) => doc.toJSON() as Officer) })))
        : null,
    [officerKey],
    null,
  );
  const officers = officersAnswer?.key === officerKey ? officersAnswer.officers : null;
  const ticketId = accepted?.type === 'accepted' ? accepted.ticketId : undefined;
  const { documents: tickets, loading: ticketsLoading } = useLiveQuery<Ticket>(
    (db) => (ticketId ? db.tickets.find({ selector: { id: ticketId } }) : null),
    [ticketId],
  );
  const receipt = useMemo(() => {
    if (!saved) return null;
    const stand = (waiting: boolean) => (waiting && handed?.saved.id === saved.id ? handed : null);
    const officerNames =
      officers !== null ? new Map(officers.map((officer) => [officer.id, officer.name])) : stand(true)?.officerNames;
    // Never a receipt with ids for names: wait for the officers' answer unless the form handed the names over.
    if (!officerNames) return null;
    return buildReceipt({
      saved,
      services: stand(servicesLoading)?.services ?? new Map(services.map((service) => [service.code, service])),
      site: stand(sitesLoading)?.site ?? sites[0] ?? null,
      officerName: (accepted && officerNames.get(accepted.officerId)) ?? accepted?.officerId ?? '',
      officerNames,
      ticketNumber: stand(ticketsLoading)?.ticketNumber ?? tickets[0]?.displayNumber ?? null,
    });
  }, [saved, handed, services, servicesLoading, sites, sitesLoading, officers, accepted, tickets, ticketsLoading]);
  return { receipt, loading: loading || (saved !== null && receipt === null) };
}

function ReceiptSheet({ receipt }: { receipt: ReceiptDocument }) {
  const qr = useMemo(() => qrSvg(qrMatrix(receipt.qrPayload)), [receipt.qrPayload]);
  return (
    <article className="receipt-sheet" data-testid="receipt" aria-labelledby="receipt-title">
      <div className="receipt-top">
        <div>
          <h1 id="receipt-title">
            受理回执 <small lang="en">Acceptance receipt</small>
          </h1>
          <p>
            案件编号 <small lang="en">Case number</small>
          </p>
          <p className="receipt-number" data-testid="receipt-case-number">
            {receipt.caseNumber}
          </p>
          <p>
            受理时间 <small lang="en">Accepted</small>：{receipt.acceptedAt}
          </p>
          <p>
            受理地点 <small lang="en">Where</small>：{receipt.site.zh} {receipt.counter} 号窗口{' '}
            <small lang="en">
              {receipt.site.en}, counter {receipt.counter}
            </small>
          </p>
          <p>
            受理民警 <small lang="en">Officer</small>：{receipt.officer}
            {receipt.ticket && ` · 排队号 Ticket ${receipt.ticket}`}
          </p>
        </div>
        <figure className="receipt-qr" data-testid="receipt-qr" data-payload={receipt.qrPayload}>
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`} alt={receipt.qrPayload} />
          <figcaption>
            扫码查询办理进度 <small lang="en">Scan to check progress</small>
            <br />
            查询码 <small lang="en">Check code</small> <strong data-testid="receipt-check">{receipt.checkCode}</strong>
          </figcaption>
        </figure>
      </div>
      <p>
        申请人 <small lang="en">Applicant</small>：{receipt.applicant.name} · {receipt.applicant.document.zh}{' '}
        {receipt.applicant.maskedNumber}
        {receipt.applicant.mobile && ` · ${receipt.applicant.mobile}`}
      </p>
      <table className="grid receipt-items">
        <thead>
          <tr>
            <th>#</th>
            <th>
              事项 <small lang="en">Item</small>
            </th>
            <th>
              办理方式 <small lang="en">Route</small>
            </th>
            <th>
              到期日 <small lang="en">Due</small>
            </th>
            <th>
              费用 <small lang="en">Fee</small>
            </th>
          </tr>
        </thead>
        <tbody>
          {receipt.items.map((item, index) => (
            <tr key={item.serviceCode} data-testid={`receipt-item-${item.serviceCode}`}>
              <td>{index + 1}</td>
              <td>
                {item.name.zh} <small lang="en">{item.name.en}</small>
                {item.feeOption && (
                  <div>
                    <Bilingual message={item.feeOption} />
                  </div>
                )}
                <div className="muted" data-testid={`received-${item.serviceCode}`}>
                  已收材料 Received：{item.received.length === 0 ? '—' : item.received.map((m) => m.zh).join('、')}
                </div>
                <div className="muted" data-testid={`missing-${item.serviceCode}`}>
                  缺少材料 Missing：
                  {item.missing.length === 0
                    ? '—'
                    : item.missing.map((m) => m.zh + (m.optional ? '（视情况）' : '')).join('、')}
                </div>
              </td>
              <td>
                <Bilingual message={item.route} />
              </td>
              <td>{item.due ?? '—'}</td>
              <td>{item.fee}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="receipt-total">
        费用合计 <small lang="en">Total</small>：{receipt.total} · <Bilingual message={receipt.paid} />
      </p>
      {receipt.dueDate && (
        <p>
          办结期限 <small lang="en">Due by</small>：{receipt.dueDate}
        </p>
      )}
      <div data-testid="receipt-collect">
        领取 <small lang="en">Where to collect</small>
        <ul>
          {receipt.collect.map((text) => (
            <li key={text.zh}>
              <Bilingual message={text} />
            </li>
          ))}
        </ul>
      </div>
      {receipt.overrides.length > 0 && (
        <div data-testid="receipt-overrides">
          授权记录 <small lang="en">Authorisation</small>
          <ul>
            {receipt.overrides.map((text) => (
              <li key={text.zh}>
                <Bilingual message={text} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

function downloadPdf(receipt: ReceiptDocument): string {
  const bytes = receiptPdf(receipt);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  const fileName = `受理回执-${receipt.caseNumber}.pdf`;
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return fileName;
}

type PrintState =
  | { phase: 'idle' }
  | { phase: 'printing' }
  | { phase: 'done'; result: PrintResult }
  | { phase: 'error'; message: LocalizedText };

/** The receipt of a saved case: shown, printed through the bridge, kept as PDF. */
export function ReceiptScreen({ caseId, warnings }: { caseId: string; warnings: LocalizedText[] }) {
  const { t } = useTranslation();
  const { platform } = useServices();
  const go = useAppStore((s) => s.navigation.go);
  const { receipt, loading } = useReceipt(caseId);
  const [print, setPrint] = useState<PrintState>({ phase: 'idle' });
  const [pdfSaved, setPdfSaved] = useState<string | null>(null);
  const autoPrinted = useRef(false);

  const printReceipt = useCallback(
    async (retryJobId?: string) => {
      if (!receipt) return;
      setPrint({ phase: 'printing' });
      try {
        const bridge = getBridge();
        const result = retryJobId
          ? await bridge.retryPrint(retryJobId)
          : await bridge.print({ kind: 'receipt', html: receiptHtml(receipt), title: receipt.caseNumber });
        setPrint({ phase: 'done', result });
        if (result.pdfCopy) setPdfSaved(result.pdfCopy);
      } catch (error) {
        setPrint({
          phase: 'error',
          message: { zh: `打印失败：${(error as Error).message}`, en: `Printing failed: ${(error as Error).message}` },
        });
      }
    },
    [receipt],
  );

  // The desktop app prints silently (and keeps a PDF copy) as soon as the case is saved; a browser would open its
  // print dialog every time, so there the officer presses the button.
  useEffect(() => {
    if (!receipt || autoPrinted.current || platform.shell !== 'electron') return;
    autoPrinted.current = true;
    void printReceipt();
  }, [receipt, platform.shell, printReceipt]);

  if (!receipt) {
    return (
      <section className="page">
        <h1>{t('receipt.title')}</h1>
        <p role="status">{loading ? '…' : t('receipt.notFound')}</p>
      </section>
    );
  }

  const result = print.phase === 'done' ? print.result : null;
  return (
    <section className="page receipt-page" aria-label={t('receipt.title')}>
      <ReceiptSheet receipt={receipt} />
      <aside className="receipt-actions">
        <p className="notice" role="status" data-testid="receipt-saved">
          {t('receipt.saved')} {receipt.caseNumber}
        </p>
        {warnings.length > 0 && (
          <div className="warning" role="alert">
            {t('receipt.warnings')}
            {warnings.map((warning) => (
              <p key={warning.zh}>
                <Bilingual message={warning} />
              </p>
            ))}
          </div>
        )}
        <button
          type="button"
          className="primary"
          onClick={() => void printReceipt()}
          disabled={print.phase === 'printing'}
          data-testid="print-receipt"
        >
          {print.phase === 'printing' ? t('receipt.printing') : t('receipt.print')}
        </button>
        {result?.ok && (
          <p className="status" role="status">
            {result.printer ? t('receipt.printed', { printer: result.printer }) : t('receipt.printedBrowser')}
          </p>
        )}
        {result && !result.ok && (
          <div className="field-error" role="alert" data-testid="print-error">
            {t('receipt.printFailed')}: <Bilingual message={result.error.message} />
            {result.retryable && (
              <button type="button" onClick={() => void printReceipt(result.jobId)}>
                {t('receipt.retry')}
              </button>
            )}
          </div>
        )}
        {print.phase === 'error' && (
          <p className="field-error" role="alert">
            <Bilingual message={print.message} />
          </p>
        )}
        {platform.shell === 'web' && (
          <button type="button" onClick={() => setPdfSaved(downloadPdf(receipt))} data-testid="save-pdf">
            {t('receipt.savePdf')}
          </button>
        )}
        {pdfSaved && (
          <p className="status" data-testid="pdf-saved">
            {t('receipt.pdfSaved', { path: pdfSaved })}
          </p>
        )}
        <button type="button" onClick={() => go('intake')} data-testid="next-intake">
          {t('receipt.next')}
        </button>
      </aside>
    </section>
  );
}

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPES, BUSINESS_TYPE_NAMES, type BusinessType, type Ticket } from '../../../shared/schemas/index.ts';
import { useServices } from '../../app/services-context.tsx';
import { Bilingual } from '../../app/Bilingual.tsx';
import { formatClock } from '../../app/format.ts';
import { useAppStore } from '../../store/index.ts';
import {
  callNext,
  finishTicket,
  issueWalkInTicket,
  recallTicket,
  requeueTicket,
  skipTicket,
  startServingTicket,
  transferTicket,
} from './ticket-actions.ts';
import { callCandidates, currentTicketAt, isTransferredTo, minutesWaited, orderQueue } from './ticket-queue.ts';
import { useBureauToday, useOtherCounters, useTodaysTickets } from './use-queue.ts';
import './queue.css';

type Message = { zh: string; en: string };

const asMessage = (error: unknown): Message =>
  error && typeof error === 'object' && 'localizedMessage' in error
    ? (error as { localizedMessage: Message }).localizedMessage
    : {
        zh: `操作未完成（${String(error)}），请重试；如仍失败，请联系技术人员`,
        en: `The action did not complete (${String(error)}); try again, and if it fails again call the technician.`,
      };

/** Reads the call out where the machine can speak (Electron and Chromium can; a silent machine just shows it). */
function speak(text: string, language: string) {
  try {
    if (typeof speechSynthesis === 'undefined') return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language;
    speechSynthesis.speak(utterance);
  } catch {
    // No voice on this machine: the banner still shows the call.
  }
}

/**
 * The counter's queue (F4): today's tickets of the site, call next, recall, skip, transfer, start serving, and
 * issuing a ticket at the counter. The rules are in ticket-queue.ts and ticket-actions.ts; why calls cannot collide
 * (and when, offline, they can) is in this folder's README.
 */
export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const { db, sync } = useServices();
  const device = useAppStore((s) => s.device.current);
  const online = useAppStore((s) => s.sync.status?.online ?? false);
  const storedTicketId = useAppStore((s) => s.queue.currentTicketId);
  const lastAnnouncement = useAppStore((s) => s.queue.lastAnnouncement);
  const recalls = useAppStore((s) => s.queue.recalls);
  const { setCurrentTicket, clearCurrentTicket, announce } = useAppStore((s) => s.queue);
  const go = useAppStore((s) => s.navigation.go);
  const today = useBureauToday();
  const siteCode = device?.siteCode;
  const counter = device?.counterNumber ?? 0;
  const { tickets, loading } = useTodaysTickets(siteCode, today);
  const otherCounters = useOtherCounters(siteCode, counter);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [taken, setTaken] = useState<Ticket | null>(null);
  const [transferTarget, setTransferTarget] = useState<number | ''>('');
  const [walkInType, setWalkInType] = useState<BusinessType | ''>('');
  const [confirmedCall, setConfirmedCall] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const titleId = useId();
  const callNextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const ordered = useMemo(() => orderQueue(tickets, counter), [tickets, counter]);
  const current = useMemo(() => currentTicketAt(tickets, counter) ?? null, [tickets, counter]);
  const candidates = useMemo(() => callCandidates(tickets, counter), [tickets, counter]);
  const waitingCount = tickets.filter((ticket) => ticket.status === 'waiting').length;
  // Intake links the case to the ticket (caseId); the visit is then over, and calling the next ticket finishes it.
  const caseTaken = current?.caseId !== undefined;

  // The store points at the ticket this counter holds, for intake. When the database says the ticket is now with
  // another counter and nobody here sent it there, the hub's state won (another counter's call got there first, or
  // that counter already served or finished the citizen): say so, whatever that counter did with it.
  const transferredFromHere = useRef(new Set<string>());
  useEffect(() => {
    if (loading) return;
    if (current) {
      if (storedTicketId !== current.id) setCurrentTicket(current.id);
      return;
    }
    if (!storedTicketId) return;
    const lost = tickets.find((ticket) => ticket.id === storedTicketId);
    if (lost && lost.counter !== undefined && lost.counter !== counter && !transferredFromHere.current.has(lost.id))
      setTaken(lost);
    clearCurrentTicket();
  }, [loading, current, storedTicketId, tickets, counter, setCurrentTicket, clearCurrentTicket]);

  // A call is exclusive once the hub has taken it: RxDB's replication reports the document pushed without conflict.
  const callKey = current?.status === 'called' ? `${current.id}@${current.calledAt}` : null;
  useEffect(() => {
    if (!callKey || !current) return;
    let cancelled = false;
    const replication = sync.replications.tickets;
    void db.tickets
      .findOne(current.id)
      .exec()
      .then((doc) => (doc && replication ? replication.awaitDocumentPushed(doc as never) : undefined))
      .then(() => {
        if (!cancelled && replication) setConfirmedCall(callKey);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // `current` changes identity on every emission; the key says when it is another call.
  }, [callKey, db, sync]);

  if (!device) return null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (failure) {
      setError(asMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const announceCall = (ticket: Ticket, kind: 'call' | 'recall') => {
    announce({ ticketId: ticket.id, displayNumber: ticket.displayNumber, counter, kind, at: new Date().toISOString() });
    const words = t(kind === 'call' ? 'queue.announce' : 'queue.announceRecall', {
      number: ticket.displayNumber,
      counter,
    });
    speak(words, i18n.language);
  };

  const onCallNext = () =>
    run(async () => {
      setTaken(null);
      if (current?.caseId) await finishTicket(db.tickets, current.id, counter, { caseId: current.caseId });
      const called = await callNext(db.tickets, { siteCode: device.siteCode, counter, date: today });
      if (!called) {
        setNotice(t('queue.nobodyWaiting'));
        return;
      }
      setCurrentTicket(called.id);
      announceCall(called, 'call');
    });

  const onRecall = (ticket: Ticket) =>
    run(async () => {
      const recalled = await recallTicket(db.tickets, ticket.id, counter);
      announceCall(recalled, 'recall');
    });

  const onSkip = (ticket: Ticket) =>
    run(async () => {
      await skipTicket(db.tickets, ticket.id, counter);
      clearCurrentTicket();
      callNextRef.current?.focus();
    });

  const onTransfer = (ticket: Ticket) =>
    run(async () => {
      if (transferTarget === '') return;
      transferredFromHere.current.add(ticket.id);
      await transferTicket(db.tickets, ticket.id, counter, transferTarget);
      clearCurrentTicket();
      setNotice(t('queue.transferred', { number: ticket.displayNumber, counter: transferTarget }));
      setTransferTarget('');
    });

  const onStartServing = (ticket: Ticket) =>
    run(async () => {
      if (ticket.status === 'called') await startServingTicket(db.tickets, ticket.id, counter);
      setCurrentTicket(ticket.id);
      go('intake', { ticketId: ticket.id });
    });

  const onFinish = (ticket: Ticket) =>
    run(async () => {
      await finishTicket(db.tickets, ticket.id, counter, ticket.caseId ? { caseId: ticket.caseId } : {});
      clearCurrentTicket();
    });

  const onRequeue = (ticket: Ticket) => run(async () => void (await requeueTicket(db.tickets, ticket.id)));

  const onIssue = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const issued = await issueWalkInTicket(db.tickets, {
        siteCode: device.siteCode,
        counter,
        deviceId: device.deviceId,
        date: today,
        ...(walkInType === '' ? {} : { businessType: walkInType }),
      });
      setNotice(t('queue.issue.issued', { number: issued.displayNumber }));
    });
  };

  const businessName = (type: BusinessType | undefined) =>
    type ? (i18n.language === 'en' ? BUSINESS_TYPE_NAMES[type].en : BUSINESS_TYPE_NAMES[type].zh) : '—';
  const confirmation =
    current?.status !== 'called' ? null : confirmedCall === callKey ? 'confirmed' : online ? 'pending' : 'offline';

  return (
    <section className="page queue-page" aria-labelledby={titleId}>
      <header className="page-header">
        <h1 id={titleId}>
          {t('nav.queue')} <small className="muted">{t('queue.counter', { counter })}</small>
        </h1>
        <span className="queue-waiting" data-testid="queue-waiting" data-count={waitingCount}>
          {t('queue.waitingCount', { count: waitingCount })}
        </span>
      </header>

      <p className="queue-announcement" aria-live="assertive" data-testid="queue-announcement">
        {lastAnnouncement &&
          t(lastAnnouncement.kind === 'call' ? 'queue.announce' : 'queue.announceRecall', {
            number: lastAnnouncement.displayNumber,
            counter: lastAnnouncement.counter,
          })}
      </p>
      {taken && (
        <p className="queue-alert" role="alert" data-testid="queue-taken">
          {taken.status === 'called'
            ? t('queue.taken', { number: taken.displayNumber, counter: taken.counter ?? '?' })
            : t('queue.takenAndHandled', {
                number: taken.displayNumber,
                counter: taken.counter ?? '?',
                status: t(`queue.status.${taken.status}`),
              })}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="queue-error">
          <Bilingual message={error} />
        </p>
      )}
      {notice && (
        <p role="status" data-testid="queue-notice">
          {notice}
        </p>
      )}

      <div className="queue-layout">
        <section className="queue-current" data-testid="queue-current">
          {current ? (
            <>
              <p className="ticket-number" data-testid="current-ticket" data-status={current.status}>
                {current.displayNumber}
              </p>
              <p>
                <strong>{t(`queue.status.${current.status}`)}</strong>
                {current.calledAt && (
                  <> · {t('queue.calledAt', { time: formatClock(current.calledAt, i18n.language) })}</>
                )}
                {(recalls[current.id] ?? 0) > 0 && (
                  <>
                    {' '}
                    · <span data-testid="recall-count">{t('queue.recalled', { count: recalls[current.id] ?? 0 })}</span>
                  </>
                )}
              </p>
              {confirmation && (
                <p
                  className={`queue-confirmation ${confirmation}`}
                  data-testid="call-confirmation"
                  data-state={confirmation}
                >
                  {confirmation === 'confirmed'
                    ? t('queue.hubConfirmed')
                    : confirmation === 'pending'
                      ? t('queue.hubPending')
                      : t('queue.hubPendingOffline')}
                </p>
              )}
              {caseTaken && (
                <p className="queue-case-taken" data-testid="ticket-case-taken">
                  {t('queue.caseTaken')}
                </p>
              )}
              <div className="actions queue-actions">
                {caseTaken && (
                  <button type="button" className="primary" onClick={() => onFinish(current)} disabled={busy}>
                    {t('queue.done')}
                  </button>
                )}
                {current.status === 'called' && !caseTaken && (
                  <button type="button" onClick={() => onRecall(current)} disabled={busy}>
                    {t('queue.recall')}
                  </button>
                )}
                {!caseTaken && (
                  <button type="button" className="primary" onClick={() => onStartServing(current)} disabled={busy}>
                    {current.status === 'serving' ? t('queue.continueIntake') : t('queue.startServing')}
                  </button>
                )}
                {current.status === 'called' && !caseTaken && (
                  <button type="button" onClick={() => onSkip(current)} disabled={busy}>
                    {t('queue.skip')}
                  </button>
                )}
                {current.status === 'serving' && !caseTaken && (
                  <button type="button" onClick={() => onFinish(current)} disabled={busy}>
                    {t('queue.finish')}
                  </button>
                )}
              </div>
              {!caseTaken && (
                <div className="actions queue-transfer">
                  <label>
                    {t('queue.transferTo')}{' '}
                    <select
                      value={transferTarget}
                      onChange={(e) => setTransferTarget(e.target.value === '' ? '' : Number(e.target.value))}
                      disabled={busy || otherCounters.length === 0}
                      data-testid="transfer-target"
                    >
                      <option value="">{otherCounters.length === 0 ? t('queue.noOtherCounters') : '—'}</option>
                      {otherCounters.map((c) => (
                        <option key={c.number} value={c.number}>
                          {i18n.language === 'en' ? c.name.en : c.name.zh}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="button" onClick={() => onTransfer(current)} disabled={busy || transferTarget === ''}>
                    {t('queue.transfer')}
                  </button>
                </div>
              )}
            </>
          ) : (
            <p className="queue-idle">{t('queue.idle')}</p>
          )}
          <button
            ref={callNextRef}
            type="button"
            className="primary call-next"
            onClick={onCallNext}
            disabled={busy || (current !== null && !caseTaken) || candidates.length === 0}
            data-testid="call-next"
          >
            {busy ? t('queue.calling') : t('queue.callNext')}
          </button>
          {current && !caseTaken && <p className="muted">{t('queue.finishFirst')}</p>}
          {!current && candidates.length === 0 && !loading && <p className="muted">{t('queue.nobodyWaiting')}</p>}

          <form className="queue-issue" onSubmit={onIssue}>
            <h2>{t('queue.issue.title')}</h2>
            <p className="muted">{t('queue.issue.hint')}</p>
            <div className="actions">
              <label>
                {t('queue.issue.businessType')}{' '}
                <select
                  value={walkInType}
                  onChange={(e) => setWalkInType(e.target.value as BusinessType | '')}
                  data-testid="walk-in-business-type"
                >
                  <option value="">{t('queue.issue.any')}</option>
                  {BUSINESS_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {businessName(type)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={busy} data-testid="issue-ticket">
                {t('queue.issue.submit')}
              </button>
            </div>
          </form>
        </section>

        <section className="queue-list">
          <h2>{t('queue.list.title')}</h2>
          {!loading && ordered.length === 0 ? (
            <p>{t('queue.list.empty')}</p>
          ) : (
            <table className="grid" data-testid="queue-list">
              <thead>
                <tr>
                  <th scope="col">{t('queue.list.number')}</th>
                  <th scope="col">{t('queue.list.business')}</th>
                  <th scope="col">{t('queue.list.issuedAt')}</th>
                  <th scope="col">{t('queue.list.status')}</th>
                  <th scope="col">{t('queue.list.counter')}</th>
                  <th scope="col">{t('queue.list.waited')}</th>
                  <th scope="col">{t('queue.list.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {ordered.map((ticket) => {
                  const here = isTransferredTo(ticket, counter);
                  return (
                    <tr
                      key={ticket.id}
                      className={`ticket-row status-${ticket.status}${here ? ' transferred-here' : ''}`}
                      data-testid={`ticket-${ticket.displayNumber}`}
                      data-status={ticket.status}
                      data-counter={ticket.counter ?? ''}
                    >
                      <th scope="row">{ticket.displayNumber}</th>
                      <td>{businessName(ticket.businessType)}</td>
                      <td>{formatClock(ticket.issuedAt, i18n.language)}</td>
                      <td>
                        {here ? <strong>{t('queue.transferredHere')}</strong> : t(`queue.status.${ticket.status}`)}
                      </td>
                      <td>{ticket.counter === undefined ? '—' : t('queue.counter', { counter: ticket.counter })}</td>
                      <td>
                        {ticket.status === 'waiting' || here
                          ? t('queue.list.minutes', { count: minutesWaited(ticket, now) })
                          : ''}
                      </td>
                      <td>
                        {(ticket.status === 'skipped' || ticket.status === 'transferred') && (
                          <button type="button" className="link" onClick={() => onRequeue(ticket)} disabled={busy}>
                            {t('queue.requeue')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </section>
  );
}

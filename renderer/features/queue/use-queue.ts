import { useEffect, useState } from 'react';
import { localDateOf } from '../../../shared/domain/calendar/index.ts';
import type { Site, Ticket } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';
import { useAppStore } from '../../store/index.ts';
import { todaysTicketsQuery } from './ticket-actions.ts';
import { isAtCounter } from './ticket-queue.ts';

/** The bureau's date (Asia/Shanghai) now, moving on at midnight while the screen stays open. */
export function useBureauToday(): string {
  const [today, setToday] = useState(() => localDateOf(new Date().toISOString()));
  useEffect(() => {
    const timer = setInterval(() => {
      const now = localDateOf(new Date().toISOString());
      setToday((previous) => (previous === now ? previous : now));
    }, 30_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}

/** Today's tickets of this site, by sequence, kept current (local changes and those pulled from the hub). */
export function useTodaysTickets(siteCode: string | undefined, date: string): { tickets: Ticket[]; loading: boolean } {
  const { documents, loading } = useLiveQuery<Ticket>(
    (db) => (siteCode ? todaysTicketsQuery(db.tickets, siteCode, date) : null),
    [siteCode, date],
  );
  return { tickets: documents, loading };
}

/**
 * The ticket this counter has called or is serving, as the queue slice points at it, read live from the database.
 * For intake: `const ticket = useCurrentTicket();` then `ticketId: ticket?.id` on the accepted event. Null once the
 * ticket is no longer at this counter (the hub's state gave it to another counter, or it was finished or skipped),
 * so intake never shows a ticket the counter has lost.
 */
export function useCurrentTicket(): Ticket | null {
  const ticketId = useAppStore((s) => s.queue.currentTicketId);
  const counter = useAppStore((s) => s.device.current?.counterNumber);
  const { documents } = useLiveQuery<Ticket>(
    (db) => (ticketId ? db.tickets.find({ selector: { id: ticketId } }) : null),
    [ticketId],
  );
  const ticket = documents[0];
  return ticket && counter !== undefined && isAtCounter(ticket, counter) ? ticket : null;
}

/** The other counters of a site (not kiosks), from the replicated site list, to transfer a citizen to. */
export function useOtherCounters(siteCode: string | undefined, counter: number | undefined): Site['counters'] {
  const { documents } = useLiveQuery<Site>(
    (db) => (siteCode ? db.sites.find({ selector: { code: siteCode } }) : null),
    [siteCode],
  );
  const site = documents[0];
  return (site?.counters ?? []).filter((c) => c.kind === 'counter' && c.number !== counter);
}

import type { MangoQuery } from 'rxdb';
import type { Ticket } from '../../../shared/schemas/index.ts';
import type { TongbanDatabase } from '../../db/create-database.ts';

/**
 * The ticket this counter has called and not yet taken a case for: the citizen standing at the window. Read from the
 * replicated tickets collection (the queue screen writes the call there), so intake needs nothing from the queue
 * screen's state: whichever way the ticket was called (this screen, another tab, a kiosk test), the case links to it.
 */
export function calledTicketQuery(siteCode: string, counter: number, today: string): MangoQuery<Ticket> {
  return {
    selector: { siteCode, date: today, counter, status: { $in: ['called', 'serving'] } },
  };
}

/** Of the tickets the query found, the one called last that has no case yet. */
export function pickCalledTicket(tickets: readonly Ticket[]): Ticket | null {
  let latest: Ticket | null = null;
  for (const ticket of tickets) {
    if (ticket.caseId) continue;
    if (!latest || (ticket.calledAt ?? ticket.updatedAt) > (latest.calledAt ?? latest.updatedAt)) latest = ticket;
  }
  return latest;
}

export async function findCalledTicket(
  db: TongbanDatabase,
  siteCode: string,
  counter: number,
  today: string,
): Promise<Ticket | null> {
  const found = await db.tickets.find(calledTicketQuery(siteCode, counter, today)).exec();
  return pickCalledTicket(found.map((doc) => doc.toJSON() as Ticket));
}

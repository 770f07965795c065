import type { Ticket } from '../../../shared/schemas/index.ts';

/**
 * The queue's rules, as pure functions over today's tickets of one site: the order the counter shows, which ticket
 * "call next" takes, and the numbers of tickets issued at a counter. No clock, no database: callers pass them in.
 */

/** Statuses in which a ticket is with a counter (its `counter` field says which). */
export const AT_COUNTER_STATUSES = ['called', 'serving'] as const satisfies readonly Ticket['status'][];

/** The queue's own order: by the site's daily sequence; equal sequences (see walk-ins) by issue time, then id. */
export function compareBySequence(a: Ticket, b: Ticket): number {
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const isTransferredTo = (ticket: Ticket, counter: number): boolean =>
  ticket.status === 'transferred' && ticket.counter === counter;

export const isAtCounter = (ticket: Ticket, counter: number): boolean =>
  (ticket.status === 'called' || ticket.status === 'serving') && ticket.counter === counter;

/** Transfers are served in the order they were made. */
const byTransferTime = (a: Ticket, b: Ticket): number =>
  a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? -1 : 1) : compareBySequence(a, b);

/**
 * The list a counter shows: tickets transferred to this counter first (a colleague sent the citizen here, so they
 * are next), then every ticket of the day by sequence.
 */
export function orderQueue(tickets: readonly Ticket[], counter: number): Ticket[] {
  const transferred = tickets.filter((t) => isTransferredTo(t, counter)).sort(byTransferTime);
  const rest = tickets.filter((t) => !isTransferredTo(t, counter)).sort(compareBySequence);
  return [...transferred, ...rest];
}

/** The tickets "call next" would take, best first: transfers to this counter, then waiting tickets by sequence. */
export function callCandidates(tickets: readonly Ticket[], counter: number): Ticket[] {
  const transferred = tickets.filter((t) => isTransferredTo(t, counter)).sort(byTransferTime);
  const waiting = tickets.filter((t) => t.status === 'waiting').sort(compareBySequence);
  return [...transferred, ...waiting];
}

export function nextTicketToCall(tickets: readonly Ticket[], counter: number): Ticket | undefined {
  return callCandidates(tickets, counter)[0];
}

/** Whether this counter may call `ticket` now, judged on the ticket as it stands (the write re-checks it). */
export function isCallableBy(ticket: Ticket, counter: number): boolean {
  return ticket.status === 'waiting' || isTransferredTo(ticket, counter);
}

/** The ticket this counter has called or is serving; the most recently called if, after a merge, there are two. */
export function currentTicketAt(tickets: readonly Ticket[], counter: number): Ticket | undefined {
  return tickets
    .filter((t) => isAtCounter(t, counter))
    .sort((a, b) =>
      (a.calledAt ?? '') < (b.calledAt ?? '') ? 1 : (a.calledAt ?? '') > (b.calledAt ?? '') ? -1 : 0,
    )[0];
}

/**
 * Tickets issued at a counter (取号 for a walk-in without the kiosk) need per-site, per-day unique numbers without
 * asking the hub. Kiosk tickets use a letter per business type and three digits (A012); counter tickets use the letter
 * W, the counter's two digits and a two-digit number: W0203 is the third ticket issued at counter 2 today. Counters
 * are unique within a site, so two counters never make the same number, online or not.
 */
export const WALK_IN_LETTER = 'W';
export const MAX_WALK_IN_TICKETS_PER_COUNTER = 99;

export class WalkInNumbersExhaustedError extends Error {
  readonly localizedMessage: { zh: string; en: string };
  constructor(counter: number) {
    const localizedMessage = {
      zh: `${counter}号窗口今天已发出 ${MAX_WALK_IN_TICKETS_PER_COUNTER} 张窗口号，请使用自助取号机`,
      en: `Counter ${counter} has issued ${MAX_WALK_IN_TICKETS_PER_COUNTER} counter tickets today; use the kiosk.`,
    };
    super(localizedMessage.en);
    this.localizedMessage = localizedMessage;
  }
}

export const walkInPrefix = (counter: number): string => `${WALK_IN_LETTER}${String(counter).padStart(2, '0')}`;

/**
 * The display number and sequence of the next ticket issued at `counter`, given the site's tickets of that day as this
 * machine has them. The number counts on from the highest this counter has issued (so a machine whose database was
 * rebuilt continues after what it pulled back from the hub). The sequence is one past the highest known: two
 * machines issuing offline may pick the same sequence, which only means their tickets sort by issue time.
 */
export function nextWalkInTicket(
  tickets: readonly Ticket[],
  counter: number,
): { displayNumber: string; sequence: number } {
  if (!Number.isInteger(counter) || counter < 1 || counter > 99) throw new RangeError(`counter ${counter} is not 1–99`);
  const prefix = walkInPrefix(counter);
  const issued = tickets
    .filter((t) => t.displayNumber.startsWith(prefix) && t.displayNumber.length === prefix.length + 2)
    .map((t) => Number(t.displayNumber.slice(prefix.length)))
    .filter((n) => Number.isInteger(n));
  const number = Math.max(0, ...issued) + 1;
  if (number > MAX_WALK_IN_TICKETS_PER_COUNTER) throw new WalkInNumbersExhaustedError(counter);
  const sequence = Math.min(100_000, Math.max(0, ...tickets.map((t) => t.sequence)) + 1);
  return { displayNumber: `${prefix}${String(number).padStart(2, '0')}`, sequence };
}

/** Minutes a ticket has waited since it was issued (whole minutes, never negative). */
export function minutesWaited(ticket: Pick<Ticket, 'issuedAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(ticket.issuedAt)) / 60_000));
}

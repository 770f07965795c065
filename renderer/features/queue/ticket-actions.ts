import { v7 as uuidV7 } from 'uuid';
import type { RxCollection, RxDocument } from 'rxdb';
import type { BusinessType, Site, Ticket } from '../../../shared/schemas/index.ts';
import { callCandidates, isAtCounter, isCallableBy, nextWalkInTicket } from './ticket-queue.ts';

/**
 * What a counter does to tickets, written to the local database. Each change is a conditional update: RxDB's
 * `incrementalModify` runs the modifier on the newest local state (retrying after a concurrent local write), and the
 * modifier refuses when the ticket is no longer in the state the officer acted on — say the hub's copy arrived
 * meanwhile, showing another counter called it. Between counters the hub decides: a push made against a state the
 * hub has moved past is a conflict, the hub's state comes back, and `resolveTicketConflict` (renderer/db) keeps it
 * unless this counter is already serving the citizen. See README.md in this folder for what offline means here.
 */

export type TicketCollection = RxCollection<Ticket>;

export type TicketActionErrorCode = 'not-found' | 'taken' | 'not-at-counter' | 'not-skipped' | 'no-such-counter';

/** A queue action refused because the ticket is not where the officer thought; Chinese first, then English. */
export class TicketActionError extends Error {
  constructor(
    readonly code: TicketActionErrorCode,
    readonly localizedMessage: { zh: string; en: string },
  ) {
    super(`${localizedMessage.zh} / ${localizedMessage.en}`);
  }
}

const counterWord = (ticket: Ticket) =>
  ticket.counter === undefined
    ? { zh: '其他窗口', en: 'another counter' }
    : { zh: `${ticket.counter}号窗口`, en: `counter ${ticket.counter}` };

function notAtCounter(ticket: Ticket, counter: number): TicketActionError {
  const where = counterWord(ticket);
  return new TicketActionError('not-at-counter', {
    zh: `${ticket.displayNumber} 号不在本窗口（${counter}号窗口），当前由${where.zh}处理；本窗口不能再对此号操作，请叫下一位`,
    en: `Ticket ${ticket.displayNumber} is not at this counter (${counter}); it is with ${where.en}. This counter can no longer act on it; call the next ticket.`,
  });
}

function notFound(id: string): TicketActionError {
  return new TicketActionError('not-found', {
    zh: `本机找不到此排队号（${id}），可能尚未同步；请等排队列表更新后再试`,
    en: `Ticket ${id} is not on this machine (perhaps not synced yet); wait for the queue list to update and try again.`,
  });
}

export interface CounterContext {
  siteCode: string;
  counter: number;
  /** The machine, recorded on tickets it issues. */
  deviceId?: string;
}

type Modifier = (ticket: Ticket) => Ticket;

/** Applies `modify` to the newest local state of a ticket; `modify` throws a TicketActionError to refuse. */
async function modifyTicket(tickets: TicketCollection, id: string, modify: Modifier): Promise<Ticket> {
  const doc = await tickets.findOne(id).exec();
  if (!doc) throw notFound(id);
  // Checked once before writing: a refused modifier inside incrementalModify still costs a (no-op) write.
  modify(doc.getLatest().toMutableJSON() as Ticket);
  const written = await doc.incrementalModify((data) => {
    const { _deleted, ...ticket } = data as Ticket & { _deleted?: boolean };
    return { ...modify(ticket as Ticket), ...(_deleted === undefined ? {} : { _deleted }) } as typeof data;
  });
  return written.toMutableJSON() as Ticket;
}

/** Drops optional fields from a ticket (a value of undefined would not survive JSON and would break equality). */
function without<K extends keyof Ticket>(ticket: Ticket, ...keys: K[]): Ticket {
  const copy = { ...ticket };
  for (const key of keys) delete copy[key];
  return copy;
}

export function todaysTicketsQuery(tickets: TicketCollection, siteCode: string, date: string) {
  return tickets.find({ selector: { date, siteCode }, sort: [{ sequence: 'asc' }] });
}

/**
 * Calls the next ticket to this counter: a ticket transferred here, else the first waiting one. Tries the candidates
 * in order until one is still callable when written (a pulled change may have taken the first). Returns null when
 * nobody is waiting.
 */
export async function callNext(
  tickets: TicketCollection,
  at: CounterContext & { date: string },
  now: Date = new Date(),
): Promise<Ticket | null> {
  const docs: RxDocument<Ticket>[] = await todaysTicketsQuery(tickets, at.siteCode, at.date).exec();
  const stamp = now.toISOString();
  for (const candidate of callCandidates(
    docs.map((d) => d.toMutableJSON() as Ticket),
    at.counter,
  )) {
    try {
      return await modifyTicket(tickets, candidate.id, (ticket) => {
        if (!isCallableBy(ticket, at.counter)) {
          const where = counterWord(ticket);
          throw new TicketActionError('taken', {
            zh: `${ticket.displayNumber} 号已由${where.zh}叫号`,
            en: `Ticket ${ticket.displayNumber} was already called by ${where.en}.`,
          });
        }
        return { ...ticket, status: 'called', counter: at.counter, calledAt: stamp, updatedAt: stamp };
      });
    } catch (error) {
      if (error instanceof TicketActionError && error.code === 'taken') continue;
      throw error;
    }
  }
  return null;
}

/** Calls the ticket again (the citizen did not come yet): a new call time, announced again. */
export function recallTicket(tickets: TicketCollection, id: string, counter: number, now = new Date()) {
  const stamp = now.toISOString();
  return modifyTicket(tickets, id, (ticket) => {
    if (ticket.status !== 'called' || ticket.counter !== counter) throw notAtCounter(ticket, counter);
    return { ...ticket, calledAt: stamp, updatedAt: stamp };
  });
}

/** The citizen did not come: the ticket is passed over (过号). */
export function skipTicket(tickets: TicketCollection, id: string, counter: number, now = new Date()) {
  return modifyTicket(tickets, id, (ticket) => {
    if (!isAtCounter(ticket, counter)) throw notAtCounter(ticket, counter);
    return { ...ticket, status: 'skipped', updatedAt: now.toISOString() };
  });
}

/**
 * Back into the queue at the ticket's own place: a skipped citizen turned up after all, or a citizen transferred to a
 * counter that is not calling (closed, or its officer away) should not wait for that counter for ever.
 */
export function requeueTicket(tickets: TicketCollection, id: string, now = new Date()) {
  return modifyTicket(tickets, id, (ticket) => {
    if (ticket.status !== 'skipped' && ticket.status !== 'transferred')
      throw new TicketActionError('not-skipped', {
        zh: `${ticket.displayNumber} 号不是过号或转窗口状态，不能重新排队`,
        en: `Ticket ${ticket.displayNumber} was neither skipped nor transferred, so it cannot be put back in the queue.`,
      });
    return { ...without(ticket, 'counter', 'calledAt'), status: 'waiting', updatedAt: now.toISOString() };
  });
}

/**
 * Sends the citizen to another counter of the site; it sees the ticket at the top of its list. Only a counter of the
 * ticket's site (in the replicated site list, not a kiosk, not this counter) can take the ticket: a ticket sent
 * anywhere else would wait for a call that never comes. Where the database has no site list (a queue-only test
 * database), only the number is checked.
 */
export async function transferTicket(
  tickets: TicketCollection,
  id: string,
  from: number,
  to: number,
  now = new Date(),
): Promise<Ticket> {
  const refuse = (reason: { zh: string; en: string }) =>
    new TicketActionError('no-such-counter', {
      zh: `不能转到${reason.zh}，请选择本站点的其他窗口`,
      en: `Cannot transfer to ${reason.en}; choose another counter of this site.`,
    });
  if (to === from) throw refuse({ zh: '本窗口', en: 'this counter' });
  if (!Number.isInteger(to) || to < 1 || to > 99) throw refuse({ zh: `“${to}”号窗口`, en: `counter "${to}"` });
  const doc = await tickets.findOne(id).exec();
  if (!doc) throw notFound(id);
  const sites = (tickets.database.collections as Partial<Record<string, RxCollection<Site>>>).sites;
  if (sites) {
    const siteCode = doc.getLatest().siteCode;
    const site = (await sites.findOne(siteCode).exec())?.toJSON() as Site | undefined;
    const target = site?.counters.find((c) => c.number === to);
    if (target?.kind !== 'counter')
      throw refuse(
        target?.kind === 'kiosk'
          ? { zh: `${to}号自助终端（不能叫号）`, en: `kiosk ${to}, which cannot call tickets` }
          : { zh: `${to}号窗口（本站点没有此窗口）`, en: `counter ${to}: site ${siteCode} has no such counter` },
      );
  }
  return modifyTicket(tickets, id, (ticket) => {
    if (!isAtCounter(ticket, from)) throw notAtCounter(ticket, from);
    return { ...ticket, status: 'transferred', counter: to, updatedAt: now.toISOString() };
  });
}

/** The citizen is at the counter: the officer starts the case (intake links it to this ticket). */
export function startServingTicket(tickets: TicketCollection, id: string, counter: number, now = new Date()) {
  return modifyTicket(tickets, id, (ticket) => {
    if (!isAtCounter(ticket, counter)) throw notAtCounter(ticket, counter);
    return { ...ticket, status: 'serving', updatedAt: now.toISOString() };
  });
}

/**
 * The visit is over: the ticket is done, linked to the case taken for it when there is one. Intake calls this after
 * saving the case whose accepted event carries `ticketId`; the queue calls it without a case (an enquiry).
 */
export function finishTicket(
  tickets: TicketCollection,
  id: string,
  counter: number,
  options: { caseId?: string; now?: Date } = {},
): Promise<Ticket> {
  const stamp = (options.now ?? new Date()).toISOString();
  return modifyTicket(tickets, id, (ticket) => {
    if (!isAtCounter(ticket, counter)) throw notAtCounter(ticket, counter);
    return {
      ...ticket,
      status: 'done',
      ...(options.caseId === undefined ? {} : { caseId: options.caseId }),
      updatedAt: stamp,
    };
  });
}

/** Issues a ticket at the counter (取号 for a walk-in without the kiosk); numbering in `nextWalkInTicket`. */
export async function issueWalkInTicket(
  tickets: TicketCollection,
  at: CounterContext & { date: string; businessType?: BusinessType },
  now: Date = new Date(),
): Promise<Ticket> {
  const today = (await todaysTicketsQuery(tickets, at.siteCode, at.date).exec()).map(
    (d) => d.toMutableJSON() as Ticket,
  );
  const { displayNumber, sequence } = nextWalkInTicket(today, at.counter);
  const stamp = now.toISOString();
  const ticket: Ticket = {
    id: uuidV7({ msecs: now.getTime() }),
    siteCode: at.siteCode,
    date: at.date,
    displayNumber,
    sequence,
    ...(at.businessType === undefined ? {} : { businessType: at.businessType }),
    status: 'waiting',
    issuedAt: stamp,
    issuedBy: (at.deviceId ?? `counter-${at.counter}`).slice(0, 60),
    updatedAt: stamp,
  };
  const doc = await tickets.insert(ticket);
  return doc.toMutableJSON() as Ticket;
}

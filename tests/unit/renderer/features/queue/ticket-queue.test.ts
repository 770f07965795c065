import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../../shared/schemas/index.ts';
import { ticketSchema } from '../../../../../shared/schemas/index.ts';
import {
  WalkInNumbersExhaustedError,
  callCandidates,
  currentTicketAt,
  minutesWaited,
  nextTicketToCall,
  nextWalkInTicket,
  orderQueue,
} from '../../../../../renderer/features/queue/ticket-queue.ts';

let idCounter = 0;
function ticket(sequence: number, change: Partial<Ticket> = {}): Ticket {
  idCounter++;
  return {
    id: `0190a000-0000-7000-8000-${String(idCounter).padStart(12, '0')}`,
    siteCode: 'DX',
    date: '2026-11-26',
    displayNumber: `A${String(sequence).padStart(3, '0')}`,
    sequence,
    status: 'waiting',
    issuedAt: `2026-11-26T01:${String(sequence).padStart(2, '0')}:00.000Z`,
    issuedBy: 'kiosk-1',
    updatedAt: `2026-11-26T01:${String(sequence).padStart(2, '0')}:00.000Z`,
    ...change,
  };
}

describe('the queue order', () => {
  it('lists tickets by sequence, with tickets transferred to this counter first', () => {
    const tickets = [
      ticket(3),
      ticket(1, { status: 'done', counter: 1 }),
      ticket(4, { status: 'transferred', counter: 2, updatedAt: '2026-11-26T02:00:00.000Z' }),
      ticket(2, { status: 'transferred', counter: 1 }),
    ];
    expect(orderQueue(tickets, 2).map((t) => t.sequence)).toEqual([4, 1, 2, 3]);
    expect(orderQueue(tickets, 1).map((t) => t.sequence)).toEqual([2, 1, 3, 4]);
    expect(orderQueue(tickets, 3).map((t) => t.sequence)).toEqual([1, 2, 3, 4]);
  });

  it('orders equal sequences by issue time, then by id', () => {
    const late = ticket(5, { issuedAt: '2026-11-26T03:00:00.000Z' });
    const early = ticket(5, { issuedAt: '2026-11-26T02:00:00.000Z' });
    expect(orderQueue([late, early], 1)).toEqual([early, late]);
  });
});

describe('call next', () => {
  it('takes a ticket transferred to this counter before the first waiting one', () => {
    const transferred = ticket(9, { status: 'transferred', counter: 2 });
    const tickets = [ticket(2), ticket(1, { status: 'called', counter: 1 }), transferred, ticket(3)];
    expect(nextTicketToCall(tickets, 2)).toBe(transferred);
    expect(nextTicketToCall(tickets, 3)?.sequence).toBe(2);
  });

  it('serves transfers to one counter in the order they were made', () => {
    const later = ticket(1, { status: 'transferred', counter: 2, updatedAt: '2026-11-26T05:00:00.000Z' });
    const earlier = ticket(2, { status: 'transferred', counter: 2, updatedAt: '2026-11-26T04:00:00.000Z' });
    expect(callCandidates([later, earlier], 2)).toEqual([earlier, later]);
  });

  it('finds nobody to call when no ticket is waiting or transferred here', () => {
    const tickets = [ticket(1, { status: 'skipped', counter: 1 }), ticket(2, { status: 'transferred', counter: 3 })];
    expect(nextTicketToCall(tickets, 1)).toBeUndefined();
  });

  it('knows the ticket a counter holds, the latest call if a merge left two', () => {
    const older = ticket(1, { status: 'called', counter: 1, calledAt: '2026-11-26T02:00:00.000Z' });
    const newer = ticket(2, { status: 'serving', counter: 1, calledAt: '2026-11-26T02:05:00.000Z' });
    expect(currentTicketAt([older, newer, ticket(3)], 1)).toBe(newer);
    expect(currentTicketAt([older, newer], 2)).toBeUndefined();
  });
});

describe('tickets issued at a counter', () => {
  it('numbers them W, the counter, and a count per counter, one past the highest sequence', () => {
    const tickets = [ticket(1), ticket(7)];
    const first = nextWalkInTicket(tickets, 2);
    expect(first).toEqual({ displayNumber: 'W0201', sequence: 8 });
    const issued = ticket(8, { displayNumber: first.displayNumber });
    expect(nextWalkInTicket([...tickets, issued], 2)).toEqual({ displayNumber: 'W0202', sequence: 9 });
    // Another counter's numbers never collide, whatever it has seen.
    expect(nextWalkInTicket([...tickets, issued], 12).displayNumber).toBe('W1201');
  });

  it('makes numbers the ticket schema accepts', () => {
    const { displayNumber, sequence } = nextWalkInTicket([], 99);
    expect(ticketSchema.safeParse(ticket(sequence, { displayNumber })).success).toBe(true);
  });

  it('counts on after the highest number pulled back from the hub, not after how many it sees', () => {
    expect(nextWalkInTicket([ticket(3, { displayNumber: 'W0107' })], 1).displayNumber).toBe('W0108');
  });

  it('refuses a hundredth ticket at one counter in a day, in Chinese and English', () => {
    const full = [ticket(1, { displayNumber: 'W0399' })];
    expect(() => nextWalkInTicket(full, 3)).toThrow(WalkInNumbersExhaustedError);
    try {
      nextWalkInTicket(full, 3);
    } catch (error) {
      expect((error as WalkInNumbersExhaustedError).localizedMessage.zh).toContain('3号窗口');
    }
  });

  it('refuses a counter number outside 1–99', () => {
    expect(() => nextWalkInTicket([], 0)).toThrow(RangeError);
    expect(() => nextWalkInTicket([], 100)).toThrow(RangeError);
  });
});

describe('waiting time', () => {
  it('counts whole minutes since the ticket was issued, never below zero', () => {
    const t = ticket(1, { issuedAt: '2026-11-26T01:00:00.000Z' });
    expect(minutesWaited(t, new Date('2026-11-26T01:07:59.000Z'))).toBe(7);
    expect(minutesWaited(t, new Date('2026-11-26T00:59:00.000Z'))).toBe(0);
  });
});

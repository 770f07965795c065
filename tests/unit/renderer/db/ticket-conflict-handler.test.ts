import { describe, expect, it } from 'vitest';
import { resolveTicketConflict } from '../../../../renderer/db/ticket-conflict-handler.ts';
import type { Ticket } from '../../../../shared/schemas/index.ts';

const base: Ticket = {
  id: '0190a000-0000-7000-8000-000000000001',
  siteCode: 'DX',
  date: '2026-11-26',
  displayNumber: 'A001',
  sequence: 1,
  status: 'waiting',
  issuedAt: '2026-11-26T01:00:00.000Z',
  issuedBy: 'kiosk',
  updatedAt: '2026-11-26T01:00:00.000Z',
};
const state = (status: Ticket['status'], counter: number): Ticket => ({
  ...base,
  status,
  counter,
  calledAt: '2026-11-26T02:00:00.000Z',
  updatedAt: `2026-11-26T02:0${counter}:00.000Z`,
});

describe('resolveTicketConflict', () => {
  it('keeps the hub’s call when two counters called the same ticket', () => {
    const master = state('called', 1);
    expect(resolveTicketConflict(master, state('called', 2))).toBe(master);
  });

  it('keeps this counter’s state when it is already serving the citizen another counter called', () => {
    const local = state('serving', 2);
    expect(resolveTicketConflict(state('called', 1), local)).toBe(local);
    expect(resolveTicketConflict(state('skipped', 1), local)).toBe(local);
  });

  it('never hands back a finished ticket, and never overrides one finished at the hub', () => {
    const localDone = state('done', 2);
    expect(resolveTicketConflict(state('serving', 1), localDone)).toBe(localDone);
    const masterDone = state('done', 1);
    expect(resolveTicketConflict(masterDone, state('done', 2))).toBe(masterDone);
    expect(resolveTicketConflict(masterDone, state('serving', 2))).toBe(masterDone);
  });

  it('keeps this counter’s call when the hub only says another counter skipped the ticket or put it back', () => {
    // Both counters called A001 (one offline). The citizen went to counter 2, so counter 1 skipped the ticket; when
    // counter 2's link returns, its call must stand, or the officer with the citizen in front of them loses it.
    const local = state('called', 2);
    expect(resolveTicketConflict(state('skipped', 1), local)).toBe(local);
    const requeued: Ticket = { ...base, updatedAt: '2026-11-26T02:05:00.000Z' };
    expect(resolveTicketConflict(requeued, local)).toBe(local);
    // A skip made here does not undo the other counter's call at the hub.
    const master = state('called', 1);
    expect(resolveTicketConflict(master, state('skipped', 2))).toBe(master);
  });

  it('keeps the hub’s state when both counters were serving', () => {
    const master = state('serving', 1);
    expect(resolveTicketConflict(master, state('serving', 2))).toBe(master);
  });
});

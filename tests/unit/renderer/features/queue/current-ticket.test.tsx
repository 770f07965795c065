// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { localDateOf } from '../../../../../shared/domain/calendar/index.ts';
import type { Ticket } from '../../../../../shared/schemas/index.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { useAppStore } from '../../../../../renderer/store/index.ts';
import { counterDatabase, renderIntake, resetIntakeEnvironment } from '../intake/harness.tsx';

const WAIT = { timeout: 10_000 };

/** The intake screen at 东庠 counter 1 reads the ticket the counter holds through `useCurrentTicket`. */
describe('the ticket intake says this counter is serving', () => {
  let db: TongbanDatabase;
  let ticket: Ticket;

  beforeEach(async () => {
    db = await counterDatabase();
    const now = new Date().toISOString();
    ticket = {
      id: '0190a000-0000-7000-8000-000000000001',
      siteCode: 'DX',
      date: localDateOf(now),
      displayNumber: 'A001',
      sequence: 1,
      status: 'serving',
      counter: 1,
      issuedAt: now,
      issuedBy: 'demo-kiosk',
      calledAt: now,
      updatedAt: now,
    };
    await db.tickets.insert(ticket);
  });
  afterEach(async () => {
    cleanup();
    resetIntakeEnvironment();
    await db.remove();
  });

  it('stops showing a ticket that the hub gave to another counter while the officer was taking the case', async () => {
    await renderIntake(db);
    act(() => useAppStore.getState().queue.setCurrentTicket(ticket.id));
    await waitFor(() => expect(screen.getByTestId('intake-ticket').dataset.ticketId).toBe(ticket.id), WAIT);

    // Replication writes the hub's state: counter 2 was already serving A001.
    await act(async () => {
      const doc = await db.tickets.findOne(ticket.id).exec();
      await doc!.incrementalPatch({ counter: 2, updatedAt: new Date().toISOString() });
    });
    await waitFor(() => expect(screen.getByTestId('intake-ticket').dataset.ticketId).toBe(''), WAIT);
    expect(screen.getByTestId('intake-ticket').textContent).not.toContain('A001');
  });
});

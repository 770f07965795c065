// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { localDateOf } from '../../../../../shared/domain/calendar/index.ts';
import type { Ticket } from '../../../../../shared/schemas/index.ts';
import { ServicesProvider } from '../../../../../renderer/app/services-context.tsx';
import type { CounterServices } from '../../../../../renderer/app/services.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { QueueScreen } from '../../../../../renderer/features/queue/QueueScreen.tsx';
import { initI18n } from '../../../../../renderer/i18n/index.ts';
import { resetAppStore, useAppStore } from '../../../../../renderer/store/index.ts';
import { counterDatabase } from '../intake/harness.tsx';

const WAIT = { timeout: 10_000 };

/** The queue screen at 东庠 counter 1, on a counter database (seed sites) with three kiosk tickets waiting today. */
async function renderQueue(db: TongbanDatabase) {
  await initI18n('zh-CN');
  useAppStore.getState().device.setDevice({
    shell: 'web',
    siteCode: 'DX',
    counterNumber: 1,
    deviceId: 'dev-test',
    hubUrl: 'http://hub',
  });
  const services = { db, sync: { replications: {} } } as unknown as CounterServices;
  return render(
    <ServicesProvider services={services}>
      <QueueScreen />
    </ServicesProvider>,
  );
}

function waiting(sequence: number, date: string): Ticket {
  const issuedAt = new Date(Date.now() - (10 - sequence) * 60_000).toISOString();
  return {
    id: `0190a000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    siteCode: 'DX',
    date,
    displayNumber: `A${String(sequence).padStart(3, '0')}`,
    sequence,
    status: 'waiting',
    issuedAt,
    issuedBy: 'demo-kiosk',
    updatedAt: issuedAt,
  };
}

describe('the queue screen at a counter', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    db = await counterDatabase();
    const today = localDateOf(new Date().toISOString());
    await db.tickets.bulkInsert([waiting(1, today), waiting(2, today), waiting(3, today)]);
  });
  afterEach(async () => {
    cleanup();
    resetAppStore();
    await db.remove();
  });

  it('tells the officer when the hub hands the ticket they called to another counter that already finished it', async () => {
    const user = userEvent.setup();
    await renderQueue(db);
    const callNext = await screen.findByTestId('call-next', {}, WAIT);
    await waitFor(() => expect((callNext as HTMLButtonElement).disabled).toBe(false), WAIT);
    await user.click(callNext);
    await waitFor(() => expect(screen.getByTestId('current-ticket').textContent).toBe('A001'), WAIT);

    // What replication writes when the hub's state wins: counter 2 (offline) served A001 and finished the visit.
    await act(async () => {
      const doc = await db.tickets.findOne(waiting(1, '2026-01-01').id).exec();
      await doc!.incrementalPatch({ status: 'done', counter: 2, updatedAt: new Date().toISOString() });
    });
    await waitFor(() => expect(screen.queryByTestId('current-ticket')).toBeNull(), WAIT);
    const alert = await screen.findByTestId('queue-taken', {}, WAIT);
    expect(alert.textContent).toContain('A001');
    expect(alert.textContent).toContain('2号窗口');
    expect(alert.textContent).toContain('请叫下一位');
  });

  it('says nothing when this counter transferred the ticket itself', async () => {
    const user = userEvent.setup();
    await renderQueue(db);
    const callNext = await screen.findByTestId('call-next', {}, WAIT);
    await waitFor(() => expect((callNext as HTMLButtonElement).disabled).toBe(false), WAIT);
    await user.click(callNext);
    await waitFor(() => expect(screen.getByTestId('current-ticket').textContent).toBe('A001'), WAIT);
    // The call is on screen before its write has finished, and until it has, the transfer's controls are disabled:
    // a choice or a click made then does nothing (a loaded CI machine was slower than the test).
    const target = screen.getByTestId('transfer-target') as HTMLSelectElement;
    await waitFor(() => expect(target.disabled).toBe(false), WAIT);
    await user.selectOptions(target, '2');
    const transfer = screen.getByRole('button', { name: '转窗口' }) as HTMLButtonElement;
    await waitFor(() => expect(transfer.disabled).toBe(false), WAIT);
    await user.click(transfer);
    await waitFor(() => expect(screen.getByTestId('queue-notice').textContent).toContain('已转到 2号窗口'), WAIT);
    expect(screen.queryByTestId('current-ticket')).toBeNull();
    expect(screen.queryByTestId('queue-taken')).toBeNull();
  });

  it('calls one ticket when “call next” is pressed again and again (key repeat, double clicks)', async () => {
    await renderQueue(db);
    const callNext = await screen.findByTestId('call-next', {}, WAIT);
    await waitFor(() => expect((callNext as HTMLButtonElement).disabled).toBe(false), WAIT);
    // Key repeat sends a press every ~30 ms for as long as the key is down; press whenever the button takes one.
    let presses = 0;
    for (let i = 0; i < 300; i++) {
      if (!(callNext as HTMLButtonElement).disabled) {
        presses++;
        act(() => callNext.click());
      }
      await act(() => new Promise((resolve) => setTimeout(resolve, 1)));
    }
    expect(presses).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('current-ticket').textContent).toBe('A001'), WAIT);
    const called = (await db.tickets.find().exec()).filter((d) => d.status !== 'waiting').map((d) => d.displayNumber);
    expect(called).toEqual(['A001']);
  });
});

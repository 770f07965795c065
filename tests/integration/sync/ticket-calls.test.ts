import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callNext,
  finishTicket,
  skipTicket,
  startServingTicket,
  todaysTicketsQuery,
} from '../../../renderer/features/queue/ticket-actions.ts';
import { currentTicketAt } from '../../../renderer/features/queue/ticket-queue.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';
import { openSite, startTestHub, waitFor, type TestHub, type TestSite } from '../../helpers/sync-harness.ts';

let run = 0;
/** Each test has its own day, so tickets left from an earlier test are not in its queue. */
let DATE = '';

/** Two counters of 东庠 against one hub: the machines of an island reach each other only through the hub. */
describe('two counters calling tickets through the hub (PGlite)', () => {
  let hub: TestHub;
  let counters: [TestSite, TestSite];
  let ids: string[];

  beforeAll(async () => {
    hub = await startTestHub();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  beforeEach(async () => {
    run++;
    DATE = `2026-11-1${run}`;
    ids = [1, 2, 3].map((n) => `0190a000-0000-7000-8${String(run).padStart(3, '0')}-${String(n).padStart(12, '0')}`);
    await hub.hub.documents.putAsHub(
      'tickets',
      ids.map((id, index) => {
        const issuedAt = `${DATE}T01:0${index}:00.000Z`;
        const doc: Ticket = {
          id,
          siteCode: 'DX',
          date: DATE,
          displayNumber: `B${run}0${index + 1}`,
          sequence: run * 10 + index + 1,
          status: 'waiting',
          issuedAt,
          issuedBy: 'kiosk',
          updatedAt: issuedAt,
        };
        return { id, doc: { ...doc }, readers: ['DX'] };
      }),
    );
    counters = [
      await openSite(hub, 'DX', { collections: ['tickets'] }),
      await openSite(hub, 'DX', { collections: ['tickets'] }),
    ];
    await waitFor('both counters have the queue', async () => {
      for (const c of counters)
        if ((await todaysTicketsQuery(c.db.tickets, 'DX', DATE).exec()).filter((t) => ids.includes(t.id)).length < 3)
          return false;
      return true;
    });
  });
  afterEach(async () => {
    for (const c of counters) await c.close();
  });

  const held = async (site: TestSite, counter: number) =>
    currentTicketAt(
      (await todaysTicketsQuery(site.db.tickets, 'DX', DATE).exec()).map((d) => d.toMutableJSON() as Ticket),
      counter,
    );
  const atHub = async (id: string) => (await hub.hub.documents.get('tickets', [id])).get(id)?.doc as Ticket | undefined;
  const settled = () =>
    waitFor('both outboxes are empty', () => counters.every((c) => c.sync.getStatus().pending === 0));

  it('never leaves two counters holding the same ticket once the hub has answered, when both call at once', async () => {
    const [one, two] = counters;
    await Promise.all([
      callNext(one.db.tickets, { siteCode: 'DX', counter: 1, date: DATE }),
      callNext(two.db.tickets, { siteCode: 'DX', counter: 2, date: DATE }),
    ]);
    await settled();
    await waitFor('the counters agree with the hub', async () => {
      const [a, b] = [await held(one, 1), await held(two, 2)];
      if (a && b) return a.id !== b.id;
      const winner = a ?? b;
      return winner !== undefined && (await atHub(winner.id))?.counter === (a ? 1 : 2);
    });
    const [a, b] = [await held(one, 1), await held(two, 2)];
    expect(a?.id === undefined || a.id !== b?.id).toBe(true);
  });

  it('lets two offline counters call the same ticket, and keeps the call that reaches the hub first', async () => {
    const [one, two] = counters;
    one.link.cut();
    two.link.cut();
    const first = await callNext(one.db.tickets, { siteCode: 'DX', counter: 1, date: DATE });
    const second = await callNext(two.db.tickets, { siteCode: 'DX', counter: 2, date: DATE });
    // The documented limitation: apart from the hub, neither counter can know about the other.
    expect(first?.id).toBe(ids[0]);
    expect(second?.id).toBe(ids[0]);

    one.link.restore();
    await waitFor('counter 1’s call reaches the hub', async () => (await atHub(ids[0]!))?.counter === 1);
    two.link.restore();
    await waitFor('counter 2 learns that counter 1 called the ticket', async () => (await held(two, 2)) === undefined);
    const onTwo = (await two.db.tickets.findOne(ids[0]!).exec())!.toMutableJSON() as Ticket;
    expect(onTwo).toMatchObject({ status: 'called', counter: 1 });
    expect((await held(one, 1))?.id).toBe(ids[0]);
  });

  it('keeps the ticket with the counter that served the citizen offline, though another call reached the hub first', async () => {
    const [one, two] = counters;
    one.link.cut();
    two.link.cut();
    await callNext(one.db.tickets, { siteCode: 'DX', counter: 1, date: DATE });
    const called = (await callNext(two.db.tickets, { siteCode: 'DX', counter: 2, date: DATE }))!;
    await startServingTicket(two.db.tickets, called.id, 2);

    one.link.restore();
    await waitFor('counter 1’s call reaches the hub', async () => (await atHub(ids[0]!))?.counter === 1);
    two.link.restore();
    await waitFor('the hub has counter 2 serving', async () => (await atHub(ids[0]!))?.status === 'serving');
    expect((await atHub(ids[0]!))?.counter).toBe(2);
    await waitFor('counter 1 no longer holds the ticket', async () => (await held(one, 1)) === undefined);
  });

  it('keeps the call of the counter the citizen went to, when the other counter that called them skipped the ticket', async () => {
    const [one, two] = counters;
    two.link.cut();
    const first = (await callNext(one.db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))!;
    await waitFor('counter 1’s call reaches the hub', async () => (await atHub(first.id))?.counter === 1);
    // Counter 2, offline, calls the same number; the citizen goes there, so counter 1 skips the ticket.
    expect((await callNext(two.db.tickets, { siteCode: 'DX', counter: 2, date: DATE }))?.id).toBe(first.id);
    await skipTicket(one.db.tickets, first.id, 1);
    await waitFor('the skip reaches the hub', async () => (await atHub(first.id))?.status === 'skipped');

    two.link.restore();
    await waitFor('counter 2’s call reaches the hub', async () => (await atHub(first.id))?.status === 'called');
    expect(await atHub(first.id)).toMatchObject({ status: 'called', counter: 2 });
    expect((await held(two, 2))?.id).toBe(first.id);
    await waitFor('counter 1 sees the ticket at counter 2', async () => {
      const onOne = (await one.db.tickets.findOne(first.id).exec())?.toMutableJSON() as Ticket | undefined;
      return onOne?.status === 'called' && onOne.counter === 2;
    });
  });

  it('never takes a finished ticket back to “called” when a stale offline call reaches the hub first', async () => {
    const [one, two] = counters;
    one.link.cut();
    two.link.cut();
    const called = (await callNext(one.db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))!;
    expect((await callNext(two.db.tickets, { siteCode: 'DX', counter: 2, date: DATE }))?.id).toBe(called.id);
    await startServingTicket(one.db.tickets, called.id, 1);
    await finishTicket(one.db.tickets, called.id, 1);

    two.link.restore();
    await waitFor('counter 2’s call reaches the hub', async () => (await atHub(called.id))?.counter === 2);
    one.link.restore();
    await waitFor('the visit finished at counter 1 stands at the hub', async () => {
      const doc = await atHub(called.id);
      return doc?.status === 'done' && doc.counter === 1;
    });
    await settled();
    await waitFor('counter 2 sees the ticket done', async () => {
      const onTwo = (await two.db.tickets.findOne(called.id).exec())?.toMutableJSON() as Ticket | undefined;
      return onTwo?.status === 'done';
    });
    expect(await held(two, 2)).toBeUndefined();
    expect((await one.db.tickets.findOne(called.id).exec())?.status).toBe('done');
    expect((await atHub(called.id))?.status).toBe('done');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase, type TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import {
  TicketActionError,
  callNext,
  finishTicket,
  issueWalkInTicket,
  recallTicket,
  requeueTicket,
  skipTicket,
  startServingTicket,
  transferTicket,
} from '../../../../../renderer/features/queue/ticket-actions.ts';
import { seedSites } from '../../../../../shared/catalogue/seed/index.ts';
import { ticketSchema, type Ticket } from '../../../../../shared/schemas/index.ts';

const DATE = '2026-11-26';
const at = (minute: number) => new Date(`2026-11-26T02:${String(minute).padStart(2, '0')}:00.000Z`);

function waiting(sequence: number): Ticket {
  const issuedAt = `2026-11-26T01:${String(sequence).padStart(2, '0')}:00.000Z`;
  return {
    id: `0190a000-0000-7000-8000-${String(sequence).padStart(12, '0')}`,
    siteCode: 'DX',
    date: DATE,
    displayNumber: `A${String(sequence).padStart(3, '0')}`,
    sequence,
    businessType: 'exit-entry',
    status: 'waiting',
    issuedAt,
    issuedBy: 'demo-kiosk',
    updatedAt: issuedAt,
  };
}

async function read(db: TongbanDatabase, id: string): Promise<Ticket> {
  return (await db.tickets.findOne(id).exec())!.toMutableJSON() as Ticket;
}

describe('queue actions on the local database', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: 'queue-actions',
      encryptionKey: 'counter-key-from-the-os-keychain',
      collections: ['tickets'],
    });
    await db.tickets.bulkInsert([waiting(1), waiting(2), waiting(3), { ...waiting(4), siteCode: 'NH' }]);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('calls the first waiting ticket of the site and day to this counter, stamping the call time', async () => {
    const called = await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(5));
    expect(called).toMatchObject({ displayNumber: 'A001', status: 'called', counter: 2 });
    expect(called?.calledAt).toBe(at(5).toISOString());
    expect(ticketSchema.safeParse(await read(db, called!.id)).success).toBe(true);
    const next = await callNext(db.tickets, { siteCode: 'DX', counter: 3, date: DATE }, at(6));
    expect(next?.displayNumber).toBe('A002');
  });

  it('skips over a ticket another counter took since the list was read', async () => {
    // The hub's copy arrives just before this counter writes: A001 is already called at counter 1.
    const first = await db.tickets.findOne(waiting(1).id).exec();
    await first!.incrementalPatch({ status: 'called', counter: 1, calledAt: at(1).toISOString() });
    const called = await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(2));
    expect(called?.displayNumber).toBe('A002');
  });

  it('calls nobody when nobody is waiting', async () => {
    for (let i = 0; i < 3; i++) await callNext(db.tickets, { siteCode: 'DX', counter: i + 1, date: DATE });
    expect(await callNext(db.tickets, { siteCode: 'DX', counter: 4, date: DATE })).toBeNull();
  });

  it('recalls with a new call time, and refuses to recall a ticket held by another counter', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(5)))!;
    const recalled = await recallTicket(db.tickets, called.id, 2, at(7));
    expect(recalled).toMatchObject({ status: 'called', counter: 2, calledAt: at(7).toISOString() });
    await expect(recallTicket(db.tickets, called.id, 3)).rejects.toBeInstanceOf(TicketActionError);
  });

  it('skips a called ticket, and puts it back in the queue at its own place when the citizen turns up', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(5)))!;
    expect(await skipTicket(db.tickets, called.id, 2, at(8))).toMatchObject({ status: 'skipped', counter: 2 });
    const back = await requeueTicket(db.tickets, called.id, at(9));
    expect(back.status).toBe('waiting');
    expect(back).not.toHaveProperty('counter');
    expect(back).not.toHaveProperty('calledAt');
    expect((await callNext(db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))?.id).toBe(called.id);
  });

  it('transfers a ticket to another counter, which then calls it before anyone waiting', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(5)))!;
    const moved = await transferTicket(db.tickets, called.id, 2, 3, at(6));
    expect(moved).toMatchObject({ status: 'transferred', counter: 3 });
    // Counter 1 does not take it; counter 3 does, ahead of A002.
    expect((await callNext(db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))?.displayNumber).toBe('A002');
    expect((await callNext(db.tickets, { siteCode: 'DX', counter: 3, date: DATE }))?.id).toBe(called.id);
  });

  it('puts a transferred ticket back in the queue when the counter it was sent to does not call it', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(5)))!;
    await transferTicket(db.tickets, called.id, 2, 3, at(6));
    // Counter 3 has closed; the citizen is still waiting. Any counter can put the ticket back at its own place.
    const back = await requeueTicket(db.tickets, called.id, at(20));
    expect(back).toMatchObject({ status: 'waiting' });
    expect(back).not.toHaveProperty('counter');
    expect((await callNext(db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))?.id).toBe(called.id);
  });

  it('refuses a transfer to the same counter, saying so in Chinese and English', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }))!;
    const error = await transferTicket(db.tickets, called.id, 2, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketActionError);
    expect((error as TicketActionError).localizedMessage.zh).toContain('本窗口');
    expect((error as TicketActionError).localizedMessage.en).toContain('this counter');
    expect(await read(db, called.id)).toMatchObject({ status: 'called', counter: 2 });
  });

  it('serves a called ticket and finishes it linked to the case taken for it', async () => {
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }))!;
    expect((await startServingTicket(db.tickets, called.id, 2)).status).toBe('serving');
    const caseId = '0190a000-0000-7000-9000-000000000001';
    const done = await finishTicket(db.tickets, called.id, 2, { caseId, now: at(20) });
    expect(done).toMatchObject({ status: 'done', caseId, updatedAt: at(20).toISOString() });
    expect(ticketSchema.safeParse(done).success).toBe(true);
  });

  it('refuses to finish a ticket the counter does not hold, with the reason and what to do in Chinese and English', async () => {
    const error = await finishTicket(db.tickets, waiting(3).id, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketActionError);
    expect((error as TicketActionError).localizedMessage.zh).toContain('A003');
    expect((error as TicketActionError).localizedMessage.en).toContain('not at this counter');
    // And what to do about it.
    expect((error as TicketActionError).localizedMessage.zh).toContain('请叫下一位');
    expect((error as TicketActionError).localizedMessage.en).toContain('call the next ticket');
  });

  it('issues walk-in tickets with counter numbers that the schema accepts and the queue orders last', async () => {
    const first = await issueWalkInTicket(
      db.tickets,
      { siteCode: 'DX', counter: 2, deviceId: 'dev-2', date: DATE, businessType: 'household' },
      at(30),
    );
    const second = await issueWalkInTicket(db.tickets, { siteCode: 'DX', counter: 2, date: DATE }, at(31));
    expect([first.displayNumber, second.displayNumber]).toEqual(['W0201', 'W0202']);
    expect([first.sequence, second.sequence]).toEqual([4, 5]);
    expect(first).toMatchObject({ status: 'waiting', issuedBy: 'dev-2', businessType: 'household' });
    expect(ticketSchema.safeParse(second).success).toBe(true);
  });
});

describe('transferring within the site list', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: 'queue-transfer',
      encryptionKey: 'counter-key-from-the-os-keychain',
      collections: ['tickets', 'sites'],
    });
    await db.sites.bulkInsert(seedSites.map((site) => structuredClone(site)));
    await db.tickets.bulkInsert([waiting(1), waiting(2)]);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('refuses a counter the site does not have, or its kiosk, so the ticket is not left where nobody calls it', async () => {
    // 东庠 has counters 1 and 2 and kiosk 3.
    const called = (await callNext(db.tickets, { siteCode: 'DX', counter: 1, date: DATE }))!;
    for (const [to, zh] of [
      [7, '本站点没有此窗口'],
      [3, '自助终端'],
    ] as const) {
      const error = await transferTicket(db.tickets, called.id, 1, to).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TicketActionError);
      expect((error as TicketActionError).localizedMessage.zh).toContain(zh);
      expect((error as TicketActionError).localizedMessage.en).toContain('choose another counter');
    }
    expect(await read(db, called.id)).toMatchObject({ status: 'called', counter: 1 });
    expect(await transferTicket(db.tickets, called.id, 1, 2)).toMatchObject({ status: 'transferred', counter: 2 });
  });
});

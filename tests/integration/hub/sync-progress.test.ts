import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidV7 } from 'uuid';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { seedCatalogue } from '../../../shared/catalogue/seed/index.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';

async function enrol(hub: Hub, siteCode: string): Promise<string> {
  const { code } = await hub.ops.createEnrolmentCode(siteCode, `${siteCode} progress test`);
  const response = await hub.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });
  return response.json<{ token: string }>().token;
}

function ticket(siteCode: string, sequence: number): Ticket {
  const at = new Date().toISOString();
  return {
    id: uuidV7(),
    siteCode,
    date: at.slice(0, 10),
    displayNumber: `A${String(sequence).padStart(3, '0')}`,
    sequence,
    status: 'waiting',
    issuedAt: at,
    issuedBy: 'test',
    updatedAt: at,
  };
}

async function putTickets(hub: Hub, tickets: Ticket[]): Promise<void> {
  await hub.documents.putAsHub(
    'tickets',
    tickets.map((t) => ({ id: t.id, doc: { ...t }, readers: [t.siteCode] })),
  );
}

describe('GET /sync/:collection/pending', () => {
  let hub: Hub;
  let dx: string;
  let nh: string;

  const pending = (token: string, collection: string, checkpoint?: number | string) =>
    hub.app.inject({
      method: 'GET',
      url: `/sync/${collection}/pending${checkpoint === undefined ? '' : `?checkpoint=${checkpoint}`}`,
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    hub = await buildHub();
    dx = await enrol(hub, 'DX');
    nh = await enrol(hub, 'NH');
  }, 120_000);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('counts the whole catalogue for a device that has pulled nothing', async () => {
    const response = await pending(dx, 'services');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ remaining: seedCatalogue.items.length });
  });

  it('counts only what the device may read, as the pull would return it', async () => {
    const before = await hub.documents.maxSeq('tickets');
    await putTickets(hub, [ticket('DX', 1), ticket('DX', 2), ticket('NH', 1)]);
    expect((await pending(dx, 'tickets', before)).json()).toEqual({ remaining: 2 });
    expect((await pending(nh, 'tickets', before)).json()).toEqual({ remaining: 1 });
    const pulled = await hub.app.inject({
      method: 'GET',
      url: `/sync/tickets/pull?checkpoint=${before}&limit=100`,
      headers: { authorization: `Bearer ${dx}` },
    });
    expect(pulled.json<{ documents: unknown[] }>().documents).toHaveLength(2);
  });

  it('falls to zero at the checkpoint of the last pull and rises with the next write', async () => {
    const pulled = await hub.app.inject({
      method: 'GET',
      url: '/sync/tickets/pull?checkpoint=0&limit=1000',
      headers: { authorization: `Bearer ${dx}` },
    });
    const { checkpoint } = pulled.json<{ checkpoint: { seq: number } }>();
    expect((await pending(dx, 'tickets', checkpoint.seq)).json()).toEqual({ remaining: 0 });
    await putTickets(hub, [ticket('DX', 3)]);
    expect((await pending(dx, 'tickets', checkpoint.seq)).json()).toEqual({ remaining: 1 });
  });

  it('answers 401 without a device token', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/sync/services/pending' });
    expect(response.statusCode).toBe(401);
  });

  it('answers 404 for a collection that does not exist', async () => {
    const response = await pending(dx, 'passwords');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not-found' });
  });

  it('answers 400 for a checkpoint that is not a sequence number', async () => {
    const response = await pending(dx, 'services', '-1');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad-request' });
  });
});

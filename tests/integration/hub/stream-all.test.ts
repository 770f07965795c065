import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidV7 } from 'uuid';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { HubClient, HubRequestError, type CollectionStreamEvent } from '../../../renderer/sync/hub-client.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';

function ticket(siteCode: string, sequence: number): Ticket {
  const at = new Date().toISOString();
  return {
    id: uuidV7(),
    siteCode,
    date: at.slice(0, 10),
    displayNumber: `B${String(sequence).padStart(3, '0')}`,
    sequence,
    status: 'waiting',
    issuedAt: at,
    issuedBy: 'test',
    updatedAt: at,
  };
}

/** Collects a stream's messages; `waitFor` resolves once a message matching `match` has arrived. */
class Recorder {
  readonly messages: CollectionStreamEvent[] = [];
  private waiters: Array<() => void> = [];
  push = (message: CollectionStreamEvent) => {
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  };
  async waitFor(match: (m: CollectionStreamEvent) => boolean): Promise<CollectionStreamEvent> {
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

describe('GET /sync/stream (several collections over one connection)', () => {
  let hub: Hub;
  let url: string;
  let dxToken: string;

  beforeAll(async () => {
    hub = await buildHub({ heartbeatSeconds: 1 });
    url = await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const { code } = await hub.ops.createEnrolmentCode('DX', 'DX stream test');
    const enrolled = await hub.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });
    dxToken = enrolled.json<{ token: string }>().token;
  }, 120_000);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('opens with RESYNC for every collection asked for, then carries each change tagged with its collection', async () => {
    const client = new HubClient({ baseUrl: url, token: dxToken });
    const recorder = new Recorder();
    const aborter = new AbortController();
    const done = client.streamAll(['tickets', 'officers'], recorder.push, () => undefined, aborter.signal);
    await recorder.waitFor((m) => m.collection === 'tickets' && m.event === 'RESYNC');
    await recorder.waitFor((m) => m.collection === 'officers' && m.event === 'RESYNC');

    // Another site's ticket first: it must not reach DX, so the first data event is DX's own ticket.
    const nh = ticket('NH', 1);
    const dx = ticket('DX', 1);
    await hub.documents.putAsHub('tickets', [{ id: nh.id, doc: { ...nh }, readers: ['NH'] }]);
    await hub.documents.putAsHub('tickets', [{ id: dx.id, doc: { ...dx }, readers: ['DX'] }]);
    const change = await recorder.waitFor((m) => m.event !== 'RESYNC');
    expect(change.collection).toBe('tickets');
    expect(change.event !== 'RESYNC' && change.event.documents.map((d) => d.id)).toEqual([dx.id]);

    aborter.abort();
    await done;
  });

  it('refuses an unknown collection with 400', async () => {
    const client = new HubClient({ baseUrl: url, token: dxToken });
    const failure = await client
      .streamAll(
        ['passwords' as never],
        () => undefined,
        () => undefined,
        new AbortController().signal,
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HubRequestError);
    expect((failure as HubRequestError).status).toBe(400);
  });

  it('refuses a request without a device token with 401', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/sync/stream' });
    expect(response.statusCode).toBe(401);
  });
});

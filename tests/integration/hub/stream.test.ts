import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import {
  DeviceClient,
  HUB_START_TIMEOUT_MS,
  enrolDevice,
  ids,
  inserts,
  pushCaseAsItsSites,
  startHub,
  wire,
} from '../../helpers/hub.ts';
import { EventStreamClient } from '../../helpers/sse.ts';
import { acceptedCase, caseReadyForPickupAt, ticket } from '../../helpers/documents.ts';

let hub: Hub;
let baseUrl: string;
let dxToken: string;
/** Another counter of the same site, and one of another site, that push while the stream is open. */
let dxOther: DeviceClient;
let nh: DeviceClient;
/** The main island's back office, which approves forwarded cases. */
let ht: DeviceClient;
const streams: EventStreamClient[] = [];

beforeAll(async () => {
  hub = await startHub({ heartbeatSeconds: 1 });
  baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  dxToken = (await enrolDevice(hub, 'DX')).token;
  dxOther = new DeviceClient(baseUrl, (await enrolDevice(hub, 'DX')).token);
  nh = new DeviceClient(baseUrl, (await enrolDevice(hub, 'NH')).token);
  ht = new DeviceClient(baseUrl, (await enrolDevice(hub, 'HT')).token);
}, HUB_START_TIMEOUT_MS);

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

afterAll(async () => {
  await hub?.app.close();
});

async function openStream(collection: string, token = dxToken): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(`${baseUrl}/sync/${collection}/stream`, token);
  streams.push(stream);
  return stream;
}

interface StreamPage {
  documents: Array<Record<string, unknown>>;
  checkpoint: { seq: number };
}

describe('GET /sync/:collection/stream', () => {
  it('opens an event stream whose first event is RESYNC', async () => {
    const stream = await openStream('cases');

    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(await stream.nextData()).toBe('RESYNC');
  });

  it('sends a change pushed by another counter of the same site as { documents, checkpoint }', async () => {
    const stream = await openStream('cases');
    expect(await stream.nextData()).toBe('RESYNC');
    const newCase = acceptedCase('DX');

    await dxOther.push('cases', inserts([newCase]));

    const page = (await stream.nextData()) as StreamPage;
    expect(page.documents).toEqual([wire(newCase)]);
    expect(page.checkpoint.seq).toBe(await hub.documents.maxSeq('cases'));
  });

  it('does not send another site’s changes, but does send a case another site shares with it', async () => {
    const stream = await openStream('cases');
    expect(await stream.nextData()).toBe('RESYNC');
    const nanhaiOnly = acceptedCase('NH');
    const sharedWithDx = caseReadyForPickupAt('NH', 'DX');
    const dxOwn = acceptedCase('DX');

    // In this order, the stream handles each push's notice before the next: had NH's own case leaked, it would
    // arrive before DX's, in an event of its own or together with it.
    await nh.push('cases', inserts([nanhaiOnly]));
    await pushCaseAsItsSites((site) => (site === 'HT' ? ht : nh), sharedWithDx);
    await dxOther.push('cases', inserts([dxOwn]));

    const received: string[] = [];
    while (!received.includes(dxOwn.id)) received.push(...ids(((await stream.nextData()) as StreamPage).documents));
    expect(received).toEqual([sharedWithDx.id, dxOwn.id]);
  });

  it('does not send changes of other collections', async () => {
    const stream = await openStream('tickets');
    expect(await stream.nextData()).toBe('RESYNC');
    const dxTicket = ticket('DX');

    await dxOther.push('cases', inserts([acceptedCase('DX')]));
    await dxOther.push('tickets', inserts([dxTicket]));

    expect(((await stream.nextData()) as StreamPage).documents).toEqual([wire(dxTicket)]);
  });

  it('sends heartbeat comment lines while nothing changes', async () => {
    const stream = await openStream('appointments');

    const first = await stream.nextHeartbeat();
    const second = await stream.nextHeartbeat();

    expect(first.dataBefore).toEqual(['RESYNC']);
    expect(first.comment).toMatch(/^heartbeat \d+$/);
    expect(second.dataBefore).toEqual([]);
  });

  it('answers 401 instead of a stream to a device without a valid token', async () => {
    const stream = await openStream('cases', 'tbd_wrong');

    expect(stream.status).toBe(401);
  });

  it('counts open streams in the metrics and forgets a stream when its client disconnects', async () => {
    const openStreams = async () => {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      return Number(/^tongban_open_streams (\d+)$/m.exec(text)?.[1]);
    };
    const stream = await openStream('tickets');
    expect(await stream.nextData()).toBe('RESYNC');
    const withStream = await openStreams();
    expect(withStream).toBeGreaterThanOrEqual(1);

    stream.close();

    await expect.poll(openStreams, { timeout: 10_000 }).toBe(withStream - 1);
  });
});

describe('closing the hub', () => {
  it(
    'ends open streams, so the hub can shut down while counters are connected',
    async () => {
      const second = await startHub({ heartbeatSeconds: 1 });
      const url = await second.app.listen({ host: '127.0.0.1', port: 0 });
      const { token } = await enrolDevice(second, 'DX');
      const stream = await EventStreamClient.open(`${url}/sync/cases/stream`, token);
      streams.push(stream);
      expect(await stream.nextData()).toBe('RESYNC');

      await second.app.close();

      expect(await stream.nextData()).toBeNull();
    },
    HUB_START_TIMEOUT_MS,
  );
});

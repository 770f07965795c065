import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { makeCase } from '../../helpers/cases.ts';
import { HUB_START_TIMEOUT_MS, enrolDevice } from '../../helpers/hub.ts';

/** Opens GET /sync/stream over raw HTTP, so the test sees the bytes as sent, and reads its text as it arrives. */
async function openStream(url: string, token: string, acceptEncoding: string | null) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${url}/sync/stream?collections=cases`, {
      headers: { authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
    });
    req.once('response', resolve).once('error', reject).end();
  });
  let raw = 0;
  response.on('data', (chunk: Buffer) => (raw += chunk.length));
  const body = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
  let text = '';
  const waiters: Array<() => void> = [];
  body.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  body.on('error', () => undefined);
  return {
    response,
    rawBytes: () => raw,
    async waitFor(needle: string, times = 1): Promise<string> {
      while (text.split(needle).length <= times) await new Promise<void>((resolve) => waiters.push(resolve));
      return text;
    },
    close: () => response.destroy(),
  };
}

describe('GET /sync/stream compression', () => {
  let hub: Hub;
  let url: string;

  beforeAll(async () => {
    hub = await buildHub({ heartbeatSeconds: 1 });
    url = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  }, HUB_START_TIMEOUT_MS);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('gzips the stream for a client that accepts it, every event arriving as it is sent, at a fraction of the bytes', async () => {
    const { token } = await enrolDevice(hub, 'DX');
    const plain = await openStream(url, token, null);
    const gzipped = await openStream(url, token, 'gzip, deflate');
    expect(plain.response.headers['content-encoding']).toBeUndefined();
    expect(gzipped.response.headers['content-encoding']).toBe('gzip');
    expect(gzipped.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await plain.waitFor('RESYNC');
    await gzipped.waitFor('RESYNC');

    const cases = Array.from({ length: 50 }, (_, i) => makeCase({ siteCode: 'DX', counter: 71, sequence: i + 1 }));
    await hub.documents.putAsHub(
      'cases',
      cases.map((c) => ({ id: c.id, doc: { ...c }, readers: ['DX'] })),
    );
    const last = cases.at(-1)!.id;
    const [plainText, gzippedText] = [await plain.waitFor(last), await gzipped.waitFor(last)];
    // Same events, whatever the heartbeats between them.
    const events = (text: string) => text.split('\n\n').filter((block) => block.startsWith('data:'));
    expect(events(gzippedText)).toEqual(events(plainText));
    expect(gzipped.rawBytes()).toBeLessThan(plain.rawBytes() / 5);

    // Heartbeats are flushed too: the client tells from them that the hub is there.
    const beats = gzippedText.split(': heartbeat').length - 1;
    await gzipped.waitFor(': heartbeat', beats + 2);
    plain.close();
    gzipped.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { HubClient, type CollectionStreamEvent } from '../../../renderer/sync/hub-client.ts';
import { makeCase } from '../../helpers/cases.ts';
import { HUB_START_TIMEOUT_MS, enrolDevice } from '../../helpers/hub.ts';

/** Collects a stream's messages; `waitFor` resolves once a message matching `match` has arrived. */
class Recorder {
  readonly messages: CollectionStreamEvent[] = [];
  private waiters: Array<() => void> = [];
  push = (message: CollectionStreamEvent) => {
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  };
  ids(): string[] {
    return this.messages.flatMap((m) => (m.event === 'RESYNC' ? [] : m.event.documents.map((d) => d.id as string)));
  }
  async waitFor(match: (m: CollectionStreamEvent) => boolean): Promise<void> {
    while (!this.messages.some(match)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

const row = (doc: object) => ({ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null });

describe("a device's change stream leaves out the device's own writes", () => {
  let hub: Hub;
  let url: string;

  beforeAll(async () => {
    hub = await buildHub({ heartbeatSeconds: 1 });
    url = await hub.app.listen({ host: '127.0.0.1', port: 0 });
  }, HUB_START_TIMEOUT_MS);

  afterAll(async () => {
    await hub?.app.close();
  });

  it('sends a pushed case to the other counters of the site, not back to the one that pushed it; a pull still returns it', async () => {
    const [a, b] = [await enrolDevice(hub, 'DX'), await enrolDevice(hub, 'DX')];
    const clientA = new HubClient({ baseUrl: url, token: a.token });
    const clientB = new HubClient({ baseUrl: url, token: b.token });
    const [streamA, streamB] = [new Recorder(), new Recorder()];
    const aborter = new AbortController();
    const done = [
      clientA.streamAll(['cases'], streamA.push, () => undefined, aborter.signal),
      clientB.streamAll(['cases'], streamB.push, () => undefined, aborter.signal),
    ];
    await streamA.waitFor((m) => m.event === 'RESYNC');
    await streamB.waitFor((m) => m.event === 'RESYNC');

    const fromA = makeCase({ siteCode: 'DX', counter: 61, sequence: 1 });
    expect(await clientA.push('cases', [row(fromA)])).toEqual([]);
    await streamB.waitFor((m) => m.event !== 'RESYNC' && m.event.documents.some((d) => d.id === fromA.id));

    // B's case reaches A; by then A's stream has passed A's own case, without carrying it.
    const fromB = makeCase({ siteCode: 'DX', counter: 62, sequence: 1 });
    expect(await clientB.push('cases', [row(fromB)])).toEqual([]);
    await streamA.waitFor((m) => m.event !== 'RESYNC' && m.event.documents.some((d) => d.id === fromB.id));
    expect(streamA.ids()).toEqual([fromB.id]);
    expect(streamB.ids()).toEqual([fromA.id]);
    const lastA = streamA.messages.at(-1)!.event;
    expect(lastA !== 'RESYNC' && lastA.checkpoint.seq).toBe(
      (await hub.documents.pull('cases', 0, 10, 'DX')).checkpoint.seq,
    );

    // A counter that lost its local data pulls its own cases back.
    const pulled = await clientA.pull('cases', undefined, 100);
    expect(pulled.documents.map((d) => d.id)).toEqual([fromA.id, fromB.id]);

    aborter.abort();
    await Promise.all(done);
  });
});

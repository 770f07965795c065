import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient, type CollectionStreamEvent, type PullResult } from '../../../renderer/sync/hub-client.ts';
import { REPLICA_HEADER } from '../../../shared/sync/protocol.ts';
import type { Case } from '../../../shared/schemas/index.ts';
import { cancelCase } from '../../../shared/domain/case/index.ts';
import { makeCase } from '../../helpers/cases.ts';
import { enrolDevice } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { startTestHub, type TestHub } from '../../helpers/sync-harness.ts';

const row = (doc: Case) => ({ newDocumentState: { ...doc, _deleted: false }, assumedMasterState: null });

/** Pulls the way RxDB does: page after page until one comes back shorter than the batch size. */
async function pullAll(client: HubClient, from: number, batchSize: number) {
  const pages: PullResult[] = [];
  let checkpoint = { seq: from };
  for (;;) {
    const page = await client.pull('cases', checkpoint, batchSize);
    pages.push(page);
    checkpoint = page.checkpoint;
    if (page.documents.length < batchSize) break;
  }
  return { pages, ids: pages.flatMap((p) => p.documents.map((d) => d.id as string)), checkpoint };
}

let sequence = 0;
const casesOf = (siteCode: string, counter: number, count: number) =>
  Array.from({ length: count }, () => makeCase({ siteCode, counter, sequence: ++sequence }));

describe.each(['pglite', 'postgres'] as const)('a pull that names its replica (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;
  let a: { token: string };
  let b: { token: string };
  let nh: { token: string };
  const client = (token: string, replica?: string) =>
    new HubClient({ baseUrl: hub.url, token, ...(replica ? { replica } : {}) });

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('replica_own_writes');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
    [a, b, nh] = [await enrolDevice(hub.hub, 'DX'), await enrolDevice(hub.hub, 'DX'), await enrolDevice(hub.hub, 'NH')];
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await scratch?.drop();
  });

  it("leaves out the replica's own writes over several pages and skips none of the others'", async () => {
    const start = await hub.hub.documents.maxSeq('cases');
    const own = client(a.token, 'counterA1');
    const other = client(b.token, 'counterB1');
    const expected: string[] = [];
    for (let round = 0; round < 10; round++) {
      expect(await own.push('cases', casesOf('DX', 71, 7).map(row))).toEqual([]);
      const theirs = casesOf('DX', 72, 5);
      expect(await other.push('cases', theirs.map(row))).toEqual([]);
      expected.push(...theirs.map((c) => c.id));
      // Another site's cases are not DX's to read, whoever wrote them.
      await client(nh.token).push('cases', casesOf('NH', 73, 2).map(row));
    }
    // The last write is the replica's own: the pull must still end past it.
    await own.push('cases', casesOf('DX', 71, 3).map(row));

    const { pages, ids, checkpoint } = await pullAll(own, start, 20);
    expect(ids).toEqual(expected);
    expect(pages.map((p) => p.documents.length)).toEqual([20, 20, 10]);
    expect(checkpoint.seq).toBe(await hub.hub.documents.maxSeq('cases'));
    expect(await own.pending('cases', { seq: start })).toBe(expected.length);
    expect(await own.pending('cases', checkpoint)).toBe(0);
  });

  it('carries only the newest of its own writes when nothing else lies after the checkpoint, then nothing', async () => {
    const start = await hub.hub.documents.maxSeq('cases');
    const own = client(a.token, 'counterA1');
    const mine = casesOf('DX', 74, 45);
    for (let k = 0; k < mine.length; k += 15) await own.push('cases', mine.slice(k, k + 15).map(row));

    const first = await own.pull('cases', { seq: start }, 20);
    // Not an empty page: RxDB stores a pulled checkpoint only with a document. One, so RxDB knows it is done.
    expect(first.documents.map((d) => d.id)).toEqual([mine.at(-1)!.id]);
    expect(first.checkpoint.seq).toBe(await hub.hub.documents.maxSeq('cases'));
    const second = await own.pull('cases', first.checkpoint, 20);
    expect(second).toEqual({ documents: [], checkpoint: first.checkpoint });
    expect(await own.pending('cases', { seq: start })).toBe(0);
  });

  it('gives everything back to another replica of the same device and to a client that names none', async () => {
    const start = await hub.hub.documents.maxSeq('cases');
    const mine = casesOf('DX', 75, 12);
    await client(a.token, 'counterA1').push('cases', mine.map(row));
    // A wiped or reinstalled counter: same device token, a new local database.
    const wiped = await pullAll(client(a.token, 'counterA2'), start, 5);
    expect(wiped.ids).toEqual(mine.map((c) => c.id));
    const unnamed = await pullAll(client(a.token), start, 5);
    expect(unnamed.ids).toEqual(mine.map((c) => c.id));
    expect(await client(a.token, 'counterA2').pending('cases', { seq: start })).toBe(mine.length);
  });

  it("sends another replica's write of the same case to the replica that wrote it before", async () => {
    const own = client(a.token, 'counterA1');
    const [shared] = casesOf('DX', 76, 1);
    await own.push('cases', [row(shared!)]);
    const start = await hub.hub.documents.maxSeq('cases');
    const edited = cancelCase(shared!, { officerId: 'officer-dx', siteCode: 'DX' }, '申请人撤回');
    expect(
      await client(b.token, 'counterB1').push('cases', [
        { newDocumentState: { ...edited, _deleted: false }, assumedMasterState: { ...shared!, _deleted: false } },
      ]),
    ).toEqual([]);
    const pulled = await own.pull('cases', { seq: start }, 20);
    expect(pulled.documents).toEqual([JSON.parse(JSON.stringify({ ...edited, _deleted: false }))]);
  });

  it("streams another replica's writes of the same device, not its own", async () => {
    const listener = client(a.token, 'counterA1');
    const messages: CollectionStreamEvent[] = [];
    const aborter = new AbortController();
    let wake = () => undefined as void;
    const streaming = listener.streamAll(
      ['cases'],
      (message) => {
        messages.push(message);
        wake();
      },
      () => undefined,
      aborter.signal,
    );
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise<void>((resolve) => (wake = resolve));
    };
    await until(() => messages.length > 0);
    const [own] = casesOf('DX', 77, 1);
    const [sameDevice] = casesOf('DX', 77, 1);
    await listener.push('cases', [row(own!)]);
    await client(a.token, 'counterA2').push('cases', [row(sameDevice!)]);
    await until(() => messages.some((m) => m.event !== 'RESYNC'));
    aborter.abort();
    await streaming;
    const streamed = messages.flatMap((m) => (m.event === 'RESYNC' ? [] : m.event.documents.map((d) => d.id)));
    expect(streamed).toEqual([sameDevice!.id]);
  });

  it('refuses a malformed replica name with a 400 that names the header', async () => {
    const response = await fetch(`${hub.url}/sync/cases/pull?checkpoint=0&limit=5`, {
      headers: { authorization: `Bearer ${a.token}`, [REPLICA_HEADER]: 'not a token!' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'bad-request',
      details: expect.stringContaining(REPLICA_HEADER),
    });
  });
});

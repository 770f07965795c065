import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Officer } from '../../../shared/schemas/index.ts';
import { officer } from '../../helpers/documents.ts';
import { DeviceClient, enrolDevice, type PullResult } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import { startTestHub, type TestHub } from '../../helpers/sync-harness.ts';

describe.each(['pglite', 'postgres'] as const)('officer records and the sites they went to (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('officer_readers');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await scratch?.drop();
  });

  const pull = async (siteCode: string, id: string) => {
    const client = new DeviceClient(hub.url, (await enrolDevice(hub.hub, siteCode)).token);
    const response = await client.request<PullResult>('GET', '/sync/officers/pull');
    return response.body.documents.find((d) => d.id === id) ?? null;
  };

  it('two technicians moving one officer at the same time: both changes land, and every site involved hears of them', async () => {
    await hub.hub.ops.putOfficer(officer('off-zhou', ['DX']));
    const toNh: Officer = { ...officer('off-zhou', ['NH']), name: '周敏' };
    const toHt: Officer = { ...officer('off-zhou', ['HT']), name: '周敏敏' };
    await Promise.all([hub.hub.ops.putOfficer(toNh), hub.hub.ops.putOfficer(toHt)]);

    const stored = (await hub.hub.documents.get('officers', ['off-zhou'])).get('off-zhou')!;
    expect(stored.readers).toEqual(['DX', 'HT', 'NH']);
    const winner = stored.doc.siteCodes as string[];
    const loser = winner[0] === 'NH' ? 'HT' : 'NH';
    expect(winner.length === 1 && ['NH', 'HT'].includes(winner[0]!)).toBe(true);
    // The site holding the officer gets the record; the two it was taken from get a tombstone.
    expect(await pull(winner[0]!, 'off-zhou')).toMatchObject({ _deleted: false, active: true });
    for (const site of ['DX', loser]) expect(await pull(site, 'off-zhou')).toMatchObject({ _deleted: true });
    // A site the officer never worked at gets nothing.
    expect(await pull('YT', 'off-zhou')).toBeNull();
  });
});

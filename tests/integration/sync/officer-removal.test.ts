import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin, NO_PIN_HASH, verifyPin } from '../../../shared/domain/pin.ts';
import { officerSchema, type Officer, type PinHash } from '../../../shared/schemas/index.ts';
import { officer } from '../../helpers/documents.ts';
import { DeviceClient, type PullResult } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';

/** A site's link that keeps the text of every response the hub sent it (pull answers and change streams). */
function recordingLink(): IslandLink & { received(): string } {
  const link = new IslandLink();
  const passOn = link.fetch;
  const chunks: string[] = [];
  const record = async (response: Response) => {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read())
        chunks.push(decoder.decode(next.value, { stream: true }));
    } catch {
      // A stream cut when the site closes: what arrived is recorded.
    }
  };
  const recording: typeof fetch = async (input, init) => {
    const response = await passOn(input, init);
    void record(response.clone());
    return response;
  };
  return Object.assign(link, { fetch: recording, received: () => chunks.join('') });
}

/** The record of `id` in the site's database, deleted or not (null when it never arrived). */
async function storedOfficer(site: TestSite, id: string): Promise<(Officer & { _deleted: boolean }) | null> {
  const [doc] = await site.db.officers.storageInstance.findDocumentsById([id], true);
  return doc ? (doc as unknown as Officer & { _deleted: boolean }) : null;
}

/** The officers the sign-in screen lists at the site: its query (active ones) and its filter (this site's). */
async function signInChoices(site: TestSite): Promise<string[]> {
  const docs = await site.db.officers.find({ selector: { active: true } }).exec();
  return docs
    .map((d) => d.toJSON() as Officer)
    .filter((o) => o.siteCodes.includes(site.siteCode))
    .map((o) => o.id)
    .sort();
}

const livePinHash = async (site: TestSite, id: string): Promise<PinHash | null> => {
  const doc = await site.db.officers.findOne(id).exec();
  return doc ? (doc.toJSON() as Officer).pinHash : null;
};

describe.each(['pglite', 'postgres'] as const)('an officer taken off a site (%s)', (engine) => {
  let scratch: ScratchDatabase | undefined;
  let hub: TestHub;
  let dx: TestSite;
  let nh: TestSite;
  const dxLink = recordingLink();
  const nhLink = recordingLink();

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await createScratchDatabase('officer_removal');
    hub = await startTestHub(scratch ? { databaseUrl: scratch.url } : {});
    dx = await openSite(hub, 'DX', { collections: ['officers'], link: dxLink });
    nh = await openSite(hub, 'NH', { collections: ['officers'], link: nhLink });
  }, 120_000);

  afterAll(async () => {
    for (const site of [dx, nh]) await site?.close();
    await hub?.close();
    await scratch?.drop();
  });

  it('is no longer offered at that site after its sync, never reaches it with a new PIN, and comes back when added back', async () => {
    const firstPin = await hashPin('135790');
    await hub.hub.ops.putOfficer({ ...officer('off-lin', ['DX', 'NH']), pinHash: firstPin });
    for (const site of [dx, nh])
      await waitFor(`${site.siteCode} holds the officer`, async () => (await livePinHash(site, 'off-lin')) !== null);
    expect(await signInChoices(dx)).toEqual(['off-lin']);
    expect(await livePinHash(dx, 'off-lin')).toEqual(firstPin);

    // Taken off 东庠, with a new PIN set at the same time.
    const secondPin = await hashPin('246802');
    await hub.hub.ops.putOfficer({ ...officer('off-lin', ['NH']), pinHash: secondPin });
    await waitFor('南海 gets the new PIN', async () => (await livePinHash(nh, 'off-lin'))?.hash === secondPin.hash);
    await waitFor(
      '东庠 no longer holds the officer as a live record',
      async () => !(await dx.db.officers.findOne('off-lin').exec()),
    );
    expect(await signInChoices(dx)).toEqual([]);
    expect(await signInChoices(nh)).toEqual(['off-lin']);
    // 东庠 keeps a tombstone, without any PIN that verifies, and the new PIN hash never went over its link.
    const tombstone = (await storedOfficer(dx, 'off-lin'))!;
    expect(tombstone).toMatchObject({ _deleted: true, active: false, pinHash: NO_PIN_HASH });
    expect(await verifyPin('246802', tombstone.pinHash)).toBe(false);
    expect(dxLink.received()).toContain(firstPin.hash);
    expect(dxLink.received()).not.toContain(secondPin.hash);
    expect(nhLink.received()).toContain(secondPin.hash);

    // A pull from the start, as a new counter of 东庠 makes it: the tombstone, no PIN hash of the officer's.
    const pulled = await new DeviceClient(hub.url, dx.token).request('GET', '/sync/officers/pull');
    expect(pulled.status).toBe(200);
    expect(pulled.text).toContain('"_deleted":true');
    expect(pulled.text).not.toContain(secondPin.hash);
    expect(pulled.text).not.toContain(firstPin.hash);
    // A valid officer document, less `_deleted`, as the counter's schema (made from the same zod schema) wants.
    const pulledTombstone = (pulled.body as PullResult).documents.find((d) => d.id === 'off-lin')!;
    const { _deleted, ...fields } = pulledTombstone;
    expect(_deleted).toBe(true);
    expect(officerSchema.safeParse(fields).success).toBe(true);

    // A PIN changed while the officer works only at 南海 does not reach 东庠 either.
    const thirdPin = await hashPin('357913');
    await hub.hub.ops.putOfficer({ ...officer('off-lin', ['NH']), pinHash: thirdPin });
    await waitFor('南海 gets the third PIN', async () => (await livePinHash(nh, 'off-lin'))?.hash === thirdPin.hash);
    const marker = { ...officer('marker', ['DX']), pinHash: firstPin };
    await hub.hub.ops.putOfficer(marker);
    await waitFor('东庠 has synced past the change', async () => (await livePinHash(dx, 'marker')) !== null);
    expect(dxLink.received()).not.toContain(thirdPin.hash);
    expect(await dx.db.officers.findOne('off-lin').exec()).toBeNull();

    // Added back to 东庠: the live record again, with the PIN of now.
    const fourthPin = await hashPin('468024');
    await hub.hub.ops.putOfficer({ ...officer('off-lin', ['NH', 'DX']), pinHash: fourthPin });
    await waitFor(
      '东庠 holds the officer again',
      async () => (await livePinHash(dx, 'off-lin'))?.hash === fourthPin.hash,
    );
    expect(await signInChoices(dx)).toEqual(['marker', 'off-lin']);
    expect(await verifyPin('468024', (await livePinHash(dx, 'off-lin'))!)).toBe(true);
  });

  it('moved to another site and deactivated: gone from the site it left, inactive at the new one', async () => {
    const before = await hashPin('112358');
    await hub.hub.ops.putOfficer({ ...officer('off-wu', ['DX']), pinHash: before });
    await waitFor('东庠 holds the officer', async () => (await livePinHash(dx, 'off-wu')) !== null);
    expect(await signInChoices(dx)).toContain('off-wu');

    const after = await hashPin('132134');
    await hub.hub.ops.putOfficer({ ...officer('off-wu', ['NH']), pinHash: after, active: false });
    await waitFor('南海 gets the inactive record', async () => (await livePinHash(nh, 'off-wu'))?.hash === after.hash);
    await waitFor(
      '东庠 no longer holds the officer as a live record',
      async () => !(await dx.db.officers.findOne('off-wu').exec()),
    );
    expect(await signInChoices(dx)).not.toContain('off-wu');
    expect(await signInChoices(nh)).not.toContain('off-wu');
    expect(await storedOfficer(dx, 'off-wu')).toMatchObject({ _deleted: true, active: false, pinHash: NO_PIN_HASH });
    expect(dxLink.received()).toContain(before.hash);
    expect(dxLink.received()).not.toContain(after.hash);

    // A new counter of 东庠, with an empty database: its first sync brings the tombstone and no PIN hash of the officer.
    const newLink = recordingLink();
    const fresh = await openSite(hub, 'DX', { collections: ['officers'], link: newLink });
    try {
      await waitFor(
        'the new counter has the officer’s record',
        async () => (await storedOfficer(fresh, 'off-wu')) !== null,
      );
      expect(await storedOfficer(fresh, 'off-wu')).toMatchObject({ _deleted: true, pinHash: NO_PIN_HASH });
      expect(await fresh.db.officers.findOne('off-wu').exec()).toBeNull();
      expect(newLink.received()).not.toContain(after.hash);
      expect(newLink.received()).not.toContain(before.hash);
    } finally {
      await fresh.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../../shared/catalogue/seed/index.ts';
import { makeCase } from '../../helpers/cases.ts';
import { openSite, startTestHub, waitFor, type TestHub, type TestSite } from '../../helpers/sync-harness.ts';

describe('island sites working through an outage (PGlite hub)', () => {
  let hub: TestHub;
  const sites: Record<string, TestSite> = {};

  beforeAll(async () => {
    hub = await startTestHub();
    for (const code of ['DX', 'NH', 'YT', 'HT']) sites[code] = await openSite(hub, code);
  }, 120_000);

  afterAll(async () => {
    for (const site of Object.values(sites)) await site.close();
    await hub?.close();
  });

  it('gives every site the whole catalogue', async () => {
    for (const site of Object.values(sites))
      await waitFor(
        `${site.siteCode} has the catalogue`,
        async () => (await site.db.services.count().exec()) === seedCatalogue.items.length,
      );
    expect(await sites.DX!.db.categories.count().exec()).toBe(seedCatalogue.categories.length);
  });

  it('converges after reconnection: cases created at three islands during an outage all reach the hub, none lost or duplicated', async () => {
    await hub.stop();
    const perSite = 25;
    for (const code of ['DX', 'NH', 'YT']) {
      const site = sites[code]!;
      await site.db.cases.bulkInsert(
        Array.from({ length: perSite }, (_, i) => makeCase({ siteCode: code, counter: 2, sequence: i + 1 })),
      );
    }
    await waitFor('islands see they are offline with work pending', () =>
      ['DX', 'NH', 'YT'].every(
        (c) => !sites[c]!.sync.getStatus().online && sites[c]!.sync.getStatus().pending === perSite,
      ),
    );

    await hub.start();
    await waitFor(
      'every outbox is empty',
      () => ['DX', 'NH', 'YT'].every((c) => sites[c]!.sync.getStatus().pending === 0),
      30_000,
    );
    await waitFor(
      'the hub holds every case',
      async () => (await hub.hub.documents.count('cases')) === 3 * perSite,
      30_000,
    );

    const { documents } = await hub.hub.documents.pull('cases', 0, 1000, null);
    const numbers = documents.map((d) => d.caseNumber as string);
    expect(new Set(numbers).size).toBe(3 * perSite);
    for (const code of ['DX', 'NH', 'YT'])
      expect(numbers.filter((n) => n.startsWith(`${code}-`))).toHaveLength(perSite);
    for (const code of ['DX', 'NH', 'YT']) {
      const local = await sites[code]!.db.cases.find().exec();
      expect(local.map((d) => d.siteCode)).toEqual(Array(perSite).fill(code));
    }
    expect(await sites.HT!.db.cases.count().exec()).toBe(0);
    expect(sites.DX!.sync.getStatus().online).toBe(true);
  }, 90_000);
});

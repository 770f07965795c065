import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidV7 } from 'uuid';
import {
  IslandLink,
  openSite,
  startTestHub,
  waitFor,
  type TestHub,
  type TestSite,
} from '../../helpers/sync-harness.ts';
import { HubClient } from '../../../renderer/sync/hub-client.ts';
import { trackCatchUp, type CatchUpProgress } from '../../../renderer/sync/catch-up.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';

const TICKETS = 600;

function tickets(siteCode: string, count: number): Ticket[] {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: uuidV7(),
    siteCode,
    date: at.slice(0, 10),
    displayNumber: `A${String(i + 1).padStart(4, '0')}`,
    sequence: i + 1,
    status: 'done',
    issuedAt: at,
    issuedBy: 'test',
    updatedAt: at,
  }));
}

/** A link that holds every pull until `openGate()`: the catch-up is measured before it starts, whatever the speed. */
function gatedLink(): { link: IslandLink; openGate(): void } {
  const link = new IslandLink();
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const passThrough = link.fetch;
  const gated: typeof fetch = async (input, init) => {
    if (String(input).includes('/pull')) await gate;
    return passThrough(input, init);
  };
  Object.assign(link, { fetch: gated });
  return { link, openGate };
}

describe('catch-up progress (real hub, RxDB on fake-indexeddb)', () => {
  let hub: TestHub;
  let site: TestSite;
  const reports: Array<CatchUpProgress | null> = [];

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.hub.documents.putAsHub(
      'tickets',
      tickets('DX', TICKETS).map((t) => ({ id: t.id, doc: { ...t }, readers: ['DX'] })),
    );
    await hub.hub.documents.putAsHub(
      'tickets',
      tickets('NH', 50).map((t) => ({ id: t.id, doc: { ...t }, readers: ['NH'] })),
    );
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    await hub?.close();
  });

  it('shows documents done of the total the hub holds for the site, then clears when the counter is in step', async () => {
    const { link, openGate } = gatedLink();
    site = await openSite(hub, 'DX', { collections: ['tickets'], link, sync: { pullBatchSize: 25 } });
    const client = new HubClient({ baseUrl: hub.url, token: site.token, fetch: link.fetch });
    const tracker = trackCatchUp({
      hub: client,
      sync: site.sync,
      pollMs: 20,
      onProgress: (progress) => {
        reports.push(progress);
        openGate();
      },
    });
    try {
      await waitFor('the catch-up has finished', () => reports.length > 1 && reports[reports.length - 1] === null);
    } finally {
      tracker.stop();
    }
    expect(await site.db.tickets.count().exec()).toBe(TICKETS);
    const progress = reports.filter((r): r is CatchUpProgress => r !== null);
    // Only this site's tickets count: NH's never travel to DX.
    expect(progress[0]).toMatchObject({ done: 0, total: TICKETS });
    for (const [index, report] of progress.entries()) {
      expect(report.total).toBe(TICKETS);
      expect(report.done).toBeLessThan(TICKETS);
      if (index > 0) expect(report.done).toBeGreaterThanOrEqual(progress[index - 1]!.done);
    }
  });

  it('shows nothing for a counter that is already in step', async () => {
    const quiet: Array<CatchUpProgress | null> = [];
    const client = new HubClient({ baseUrl: hub.url, token: site.token });
    const tracker = trackCatchUp({ hub: client, sync: site.sync, onProgress: (p) => quiet.push(p) });
    await tracker.check();
    tracker.stop();
    expect(quiet).toEqual([]);
  });
});

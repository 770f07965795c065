import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { seedCatalogue, seedSites } from '../../../shared/catalogue/seed/index.ts';
import { COLLECTION_NAMES, type CollectionName } from '../../../shared/schemas/index.ts';
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
import { acceptedCase, caseReadyForPickupAt, completedAt, officer, ticket } from '../../helpers/documents.ts';
import { approveCase, forwardToBackOffice } from '../../../shared/domain/case/index.ts';

let hub: Hub;
let dx: DeviceClient;
let nh: DeviceClient;
/** The main island's back office, which approves forwarded cases. */
let ht: DeviceClient;
const deviceOf = (siteCode: string): DeviceClient => ({ DX: dx, NH: nh, HT: ht })[siteCode]!;

beforeAll(async () => {
  hub = await startHub();
  dx = new DeviceClient(hub.app, (await enrolDevice(hub, 'DX')).token);
  nh = new DeviceClient(hub.app, (await enrolDevice(hub, 'NH')).token);
  ht = new DeviceClient(hub.app, (await enrolDevice(hub, 'HT')).token);
}, HUB_START_TIMEOUT_MS);

afterAll(async () => {
  await hub?.app.close();
});

const deviceRoutes = [
  ['GET', '/sync/cases/pull'],
  ['POST', '/sync/cases/push'],
  ['GET', '/sync/cases/stream'],
  ['GET', '/api/devices/me'],
  ['GET', '/api/devices/me/refused'],
] as const;

describe('bearer authentication', () => {
  it('answers 401 missing-token to a request without a token, on every device route', async () => {
    for (const [method, url] of deviceRoutes) {
      const response = await hub.app.inject({ method, url, ...(method === 'POST' ? { payload: [] } : {}) });
      expect(response.statusCode, url).toBe(401);
      expect(response.json(), url).toEqual({ error: 'unauthorized', details: 'missing-token' });
    }
  });

  it('answers 401 to a token the hub never issued, on every device route', async () => {
    for (const [method, url] of deviceRoutes) {
      const response = await new DeviceClient(hub.app, 'tbd_not-a-real-token').request(
        method,
        url,
        method === 'POST' ? [] : undefined,
      );
      expect(response.status, url).toBe(401);
      expect(response.body, url).toEqual({ error: 'unauthorized', details: 'invalid-or-revoked-token' });
    }
  });

  it('answers 401 to a request without a token before looking at its query or body', async () => {
    const requests = [
      { method: 'GET' as const, url: '/sync/tickets/pull?limit=abc' },
      { method: 'GET' as const, url: '/sync/no-such-collection/pull' },
      { method: 'POST' as const, url: '/sync/tickets/push', payload: { not: 'an array' } },
      {
        method: 'POST' as const,
        url: '/sync/tickets/push',
        payload: gzipSync(JSON.stringify(Array.from({ length: 5_000 }, () => ({ newDocumentState: {} })))),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      },
    ];
    for (const request of requests) {
      const response = await hub.app.inject(request);
      expect(response.statusCode, request.url).toBe(401);
      expect(response.json(), request.url).toEqual({ error: 'unauthorized', details: 'missing-token' });
    }
  });

  it('answers 401 to an Authorization header that is not a bearer token', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens', 'tbd_token-without-scheme']) {
      const response = await hub.app.inject({ method: 'GET', url: '/sync/cases/pull', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      expect(response.json()).toMatchObject({ error: 'unauthorized' });
    }
  });
});

describe('POST /sync/:collection/push permissions', () => {
  it('answers 403 when a device pushes a case of another site, and writes nothing of that push', async () => {
    const own = acceptedCase('DX');
    const foreign = acceptedCase('NH');

    const response = await dx.request('POST', '/sync/cases/push', inserts([own, foreign]));

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      error: 'forbidden',
      details: { reason: 'other-site', documents: [{ id: foreign.id, reason: 'other-site' }] },
    });
    const stored = await hub.documents.get('cases', [own.id, foreign.id]);
    expect(stored.size).toBe(0);
  });

  it.each(['categories', 'services', 'sites', 'officers'] satisfies CollectionName[])(
    'answers 403 collection-read-only when a device pushes to %s, which the hub masters',
    async (collection) => {
      const documents: Record<string, object> = {
        categories: seedCatalogue.categories[0]!,
        services: { ...seedCatalogue.items[0]!, name: { zh: '改名', en: 'Renamed' } },
        sites: { ...seedSites.find((s) => s.code === 'DX')!, address: 'moved' },
        officers: officer('rogue-officer', ['DX']),
      };
      const before = await hub.documents.maxSeq(collection);

      const response = await dx.request(
        'POST',
        `/sync/${collection}/push`,
        inserts([{ ...documents[collection], siteCode: 'DX' }]),
      );

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: 'forbidden', details: { reason: 'collection-read-only' } });
      expect(await hub.documents.maxSeq(collection)).toBe(before);
    },
  );

  it('answers 403 when a device changes a case of another site that was not shared with it', async () => {
    const nhCase = acceptedCase('NH');
    await nh.push('cases', inserts([nhCase]));
    const edited = { ...nhCase, applicant: { ...nhCase.applicant, mobile: '13900000000' } };

    const response = await dx.request('POST', '/sync/cases/push', [
      { newDocumentState: wire(edited), assumedMasterState: wire(nhCase) },
    ]);

    expect(response.status).toBe(403);
    expect((await hub.documents.get('cases', [nhCase.id])).get(nhCase.id)?.doc).toEqual(wire(nhCase));
  });

  it('lets the pick-up site write to a case another site shared with it', async () => {
    const shared = caseReadyForPickupAt('NH', 'DX');
    await pushCaseAsItsSites(deviceOf, shared);
    const completedAtDx = completedAt(shared, 'DX');

    const conflicts = await dx.push('cases', [
      { newDocumentState: wire(completedAtDx), assumedMasterState: wire(shared) },
    ]);

    expect(conflicts).toEqual([]);
    expect((await hub.documents.get('cases', [shared.id])).get(shared.id)?.doc).toMatchObject({ status: 'completed' });
  });

  it('sets aside a case in which a device records another site’s act, and takes it from that site', async () => {
    const accepted = acceptedCase('NH');
    const island = { officerId: 'officer-nh', siteCode: 'NH' };
    const forwarded = forwardToBackOffice(accepted, island, { toSiteCode: 'HT', note: '' });
    await pushCaseAsItsSites(deviceOf, forwarded);
    // The back office's approval, as only the main island may give it, pushed by the island that forwarded the case.
    const approved = approveCase(forwarded, { officerId: 'officer-ht', siteCode: 'HT', role: 'back-office' }, '');
    const seenBefore = (await nh.refused()).at(-1)?.id ?? 0;

    expect(await nh.push('cases', [{ newDocumentState: wire(approved), assumedMasterState: wire(forwarded) }])).toEqual(
      [],
    );
    expect((await hub.documents.get('cases', [accepted.id])).get(accepted.id)?.doc).toEqual(wire(forwarded));
    expect(await nh.refused(seenBefore)).toMatchObject([
      { docId: accepted.id, code: 'event-other-site', reason: expect.stringContaining('HT') },
    ]);

    expect(await ht.push('cases', [{ newDocumentState: wire(approved), assumedMasterState: wire(forwarded) }])).toEqual(
      [],
    );
    expect((await hub.documents.get('cases', [accepted.id])).get(accepted.id)?.doc).toEqual(wire(approved));
  });

  it('answers 403 when a device pushes a ticket or an appointment for another site', async () => {
    const response = await dx.request('POST', '/sync/tickets/push', inserts([ticket('NH')]));

    expect(response.status).toBe(403);
  });
});

describe('GET /sync/:collection/pull scope', () => {
  it('gives a site its own cases and the cases shared with it, never another site’s', async () => {
    const dxCase = acceptedCase('DX');
    const nhOnly = acceptedCase('NH');
    const nhSharedWithDx = caseReadyForPickupAt('NH', 'DX');
    const nhSharedWithHtOnly = caseReadyForPickupAt('NH', 'NH');
    await dx.push('cases', inserts([dxCase]));
    await nh.push('cases', inserts([nhOnly]));
    for (const shared of [nhSharedWithDx, nhSharedWithHtOnly]) await pushCaseAsItsSites(deviceOf, shared);

    const dxSees = ids((await dx.pullAll('cases')).documents);
    const nhSees = ids((await nh.pullAll('cases')).documents);

    expect(dxSees).toContain(dxCase.id);
    expect(dxSees).toContain(nhSharedWithDx.id);
    expect(dxSees).not.toContain(nhOnly.id);
    expect(dxSees).not.toContain(nhSharedWithHtOnly.id);
    expect(nhSees).toEqual(expect.arrayContaining([nhOnly.id, nhSharedWithDx.id, nhSharedWithHtOnly.id]));
    expect(nhSees).not.toContain(dxCase.id);
  });

  it('replicates an officer only to the sites the officer works at', async () => {
    await hub.ops.putOfficer(officer('wang-dx', ['DX']));
    await hub.ops.putOfficer(officer('chen-nh', ['NH']));
    await hub.ops.putOfficer(officer('lin-dx-nh', ['NH', 'DX']));

    const dxOfficers = ids((await dx.pullAll('officers')).documents);
    const nhOfficers = ids((await nh.pullAll('officers')).documents);

    expect(dxOfficers).toEqual(['lin-dx-nh', 'wang-dx']);
    expect(nhOfficers).toEqual(['chen-nh', 'lin-dx-nh']);
  });

  it('gives every site the whole catalogue and site list', async () => {
    for (const client of [dx, nh]) {
      expect((await client.pullAll('services', 0, 1000)).documents).toHaveLength(seedCatalogue.items.length);
      expect((await client.pullAll('categories', 0, 1000)).documents).toHaveLength(seedCatalogue.categories.length);
      expect(ids((await client.pullAll('sites')).documents)).toEqual(seedSites.map((s) => s.code).sort());
    }
  });

  it('keeps tickets and appointments within their site', async () => {
    const dxTicket = ticket('DX');
    const nhTicket = ticket('NH');
    await dx.push('tickets', inserts([dxTicket]));
    await nh.push('tickets', inserts([nhTicket]));

    expect(ids((await dx.pullAll('tickets')).documents)).toEqual([dxTicket.id]);
    expect(ids((await nh.pullAll('tickets')).documents)).toEqual([nhTicket.id]);
  });

  it('answers 404 unknown-collection for a collection that does not exist', async () => {
    for (const name of ['users', 'documents', '__proto__', 'constructor', 'hasOwnProperty']) {
      const response = await dx.request('GET', `/sync/${name}/pull`);
      expect(response.status, name).toBe(404);
      expect(response.body).toMatchObject({ error: 'not-found' });
    }
    expect(COLLECTION_NAMES).not.toContain('users');
  });
});

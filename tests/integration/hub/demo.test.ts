import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../../hub/app.ts';
import { DEMO_SITE_CODE, seedDemo, type DemoData } from '../../../hub/demo.ts';
import { verifyPin } from '../../../shared/domain/pin.ts';
import { bureauToday } from '../../../shared/domain/identity/index.ts';
import { officerSchema, ticketSchema, type Officer, type Ticket } from '../../../shared/schemas/index.ts';

describe('seedDemo', () => {
  let hub: Hub;
  let dir: string;
  let stateFile: string;
  let first: DemoData;

  const pull = async <T>(token: string, collection: string): Promise<T[]> => {
    const response = await hub.app.inject({
      method: 'GET',
      url: `/sync/${collection}/pull?checkpoint=0&limit=1000`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ documents: T[] }>().documents;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tongban-demo-'));
    stateFile = path.join(dir, 'demo.json');
    hub = await buildHub();
    first = await seedDemo(hub, { stateFile });
  }, 120_000);

  afterAll(async () => {
    await hub?.app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the demo counter device the site’s two officers, whose PIN hashes match the printed PINs', async () => {
    expect(first.siteCode).toBe('DX');
    const officers = await pull<Officer>(first.devices[0]!.token, 'officers');
    expect(officers.map((o) => o.id).sort()).toEqual(['chen-lan', 'lin-hai']);
    for (const demo of first.officers) {
      const officer = officerSchema.parse(
        Object.fromEntries(Object.entries(officers.find((o) => o.id === demo.id)!).filter(([k]) => k !== '_deleted')),
      );
      expect(officer.siteCodes).toEqual([DEMO_SITE_CODE]);
      expect(officer.role).toBe(demo.role);
      expect(await verifyPin(demo.pin, officer.pinHash)).toBe(true);
      expect(await verifyPin('000000', officer.pinHash)).toBe(false);
    }
  });

  it('authorises the officer for exit-entry and household and the supervisor for all four business types', async () => {
    const officers = await pull<Officer>(first.devices[0]!.token, 'officers');
    expect(officers.find((o) => o.id === 'lin-hai')!.authorisedBusinessTypes).toEqual(['exit-entry', 'household']);
    expect(officers.find((o) => o.id === 'chen-lan')!.authorisedBusinessTypes).toHaveLength(4);
  });

  it('puts valid waiting tickets for today in the DX queue, visible to DX devices only', async () => {
    const tickets = await pull<Ticket>(first.devices[0]!.token, 'tickets');
    expect(tickets.length).toBeGreaterThanOrEqual(3);
    for (const { _deleted, ...ticket } of tickets as Array<Ticket & { _deleted?: boolean }>) {
      expect(_deleted).toBe(false);
      expect(ticketSchema.parse(ticket)).toMatchObject({ siteCode: 'DX', status: 'waiting', date: bureauToday() });
    }
    expect(new Set(tickets.map((t) => t.sequence)).size).toBe(tickets.length);

    const { code } = await hub.ops.createEnrolmentCode('NH', 'NH demo test');
    const enrolled = await hub.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code } });
    expect(await pull(enrolled.json<{ token: string }>().token, 'tickets')).toEqual([]);
  });

  it('enrols a device for each of two DX counters', async () => {
    expect(first.devices.map((d) => d.counter)).toEqual([1, 2]);
    for (const device of first.devices) {
      const me = await hub.app.inject({
        method: 'GET',
        url: '/api/devices/me',
        headers: { authorization: `Bearer ${device.token}` },
      });
      expect(me.json()).toMatchObject({ id: device.deviceId, siteCode: 'DX' });
    }
  });

  it('changes nothing when run again on a hub that has the demo data', async () => {
    const seqs = {
      officers: await hub.documents.maxSeq('officers'),
      tickets: await hub.documents.maxSeq('tickets'),
    };
    const devices = (await hub.ops.listDevices()).length;
    const again = await seedDemo(hub, { stateFile });
    expect(again).toEqual(first);
    expect(await hub.documents.maxSeq('officers')).toBe(seqs.officers);
    expect(await hub.documents.maxSeq('tickets')).toBe(seqs.tickets);
    expect((await hub.ops.listDevices()).length).toBe(devices);
  });

  it('enrols a fresh device when the saved token was revoked', async () => {
    await hub.ops.revokeDevice(first.devices[0]!.deviceId);
    const again = await seedDemo(hub, { stateFile });
    expect(again.devices[0]!.deviceId).not.toBe(first.devices[0]!.deviceId);
    expect(again.devices[1]).toEqual(first.devices[1]);
    expect(await hub.devices.authenticate(again.devices[0]!.token)).not.toBeNull();
  });
});

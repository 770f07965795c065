import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidV7 } from 'uuid';
import type { Hub } from './app.ts';
import { hashPin, verifyPin } from '../shared/domain/pin.ts';
import { bureauToday } from '../shared/domain/identity/index.ts';
import type { BusinessType, Officer, OfficerRole, Ticket } from '../shared/schemas/index.ts';

/**
 * Demo data for `npm run demo:web` and the desktop demo: two officers at 东庠 (DX), enrolled counter devices and a
 * few tickets waiting today. The site itself comes from the seed site list. Safe to run on every start: what is
 * there already is kept.
 */

export const DEMO_SITE_CODE = 'DX';

export interface DemoOfficer {
  id: string;
  name: string;
  pin: string;
  role: OfficerRole;
  authorisedBusinessTypes: BusinessType[];
}

export const DEMO_OFFICERS: readonly DemoOfficer[] = [
  { id: 'lin-hai', name: '林海', pin: '246810', role: 'officer', authorisedBusinessTypes: ['exit-entry', 'household'] },
  {
    id: 'chen-lan',
    name: '陈岚',
    pin: '135790',
    role: 'supervisor',
    authorisedBusinessTypes: ['exit-entry', 'household', 'public-order', 'traffic'],
  },
];

/** The counters the demo enrols a device for; the first is the one the printed URL opens. */
export const DEMO_COUNTERS = [1, 2] as const;

/** Queue letters per business type, as the demo's tickets use them (A012 = the 12th exit-entry ticket). */
export const TICKET_LETTERS: Record<BusinessType, string> = {
  'exit-entry': 'A',
  household: 'B',
  'public-order': 'C',
  traffic: 'D',
};

const DEMO_TICKETS: readonly BusinessType[] = ['exit-entry', 'household', 'traffic', 'exit-entry', 'public-order'];

export interface DemoDevice {
  deviceId: string;
  token: string;
  counter: number;
  name: string;
}

export interface DemoData {
  siteCode: string;
  /** The counter the demo opens first. */
  counter: number;
  officers: Array<Pick<DemoOfficer, 'id' | 'name' | 'pin' | 'role'>>;
  devices: DemoDevice[];
}

export interface SeedDemoOptions {
  /**
   * Where the demo devices' tokens are kept between runs (the hub stores only their hashes). Without it, every run
   * enrols new devices.
   */
  stateFile?: string;
  now?: () => Date;
}

interface DemoState {
  devices: DemoDevice[];
}

export async function seedDemo(hub: Hub, options: SeedDemoOptions = {}): Promise<DemoData> {
  const now = options.now ?? (() => new Date());
  await seedOfficers(hub);
  const devices = await enrolDevices(hub, options.stateFile);
  await seedTickets(hub, now());
  return {
    siteCode: DEMO_SITE_CODE,
    counter: DEMO_COUNTERS[0],
    officers: DEMO_OFFICERS.map(({ id, name, pin, role }) => ({ id, name, pin, role })),
    devices,
  };
}

/** Writes an officer only when missing or when the stored hash no longer matches the demo PIN. */
async function seedOfficers(hub: Hub): Promise<void> {
  const existing = await hub.documents.get(
    'officers',
    DEMO_OFFICERS.map((o) => o.id),
  );
  for (const [index, demo] of DEMO_OFFICERS.entries()) {
    const current = existing.get(demo.id);
    if (current && !current.doc._deleted) {
      const stored = current.doc as unknown as Officer;
      if (stored.active && (await verifyPin(demo.pin, stored.pinHash))) continue;
    }
    await hub.ops.putOfficer({
      id: demo.id,
      name: demo.name,
      badge: `3501280${index + 1}`,
      siteCodes: [DEMO_SITE_CODE],
      role: demo.role,
      authorisedBusinessTypes: [...demo.authorisedBusinessTypes],
      pinHash: await hashPin(demo.pin),
      active: true,
    });
  }
}

async function enrolDevices(hub: Hub, stateFile: string | undefined): Promise<DemoDevice[]> {
  const saved = stateFile && existsSync(stateFile) ? await readState(stateFile) : { devices: [] };
  const devices: DemoDevice[] = [];
  for (const counter of DEMO_COUNTERS) {
    const previous = saved.devices.find((d) => d.counter === counter);
    if (previous && (await hub.devices.authenticate(previous.token))) {
      devices.push(previous);
      continue;
    }
    const name = `东庠 ${counter}号窗口（演示）`;
    const { code } = await hub.devices.createEnrolmentCode(DEMO_SITE_CODE, name);
    const { device, token } = await hub.devices.enrol(code);
    devices.push({ deviceId: device.id, token, counter, name });
  }
  if (stateFile) {
    await mkdir(path.dirname(stateFile), { recursive: true });
    await writeFile(stateFile, JSON.stringify({ devices } satisfies DemoState, null, 2), { mode: 0o600 });
  }
  return devices;
}

async function readState(file: string): Promise<DemoState> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoState>;
    return { devices: Array.isArray(state.devices) ? state.devices : [] };
  } catch {
    // A damaged state file only costs new demo devices.
    return { devices: [] };
  }
}

/** A short queue for today, unless today's tickets are there already. */
async function seedTickets(hub: Hub, now: Date): Promise<void> {
  const date = bureauToday(now);
  const { rows } = await hub.db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM documents
      WHERE collection = 'tickets' AND doc->>'siteCode' = $1 AND doc->>'date' = $2`,
    [DEMO_SITE_CODE, date],
  );
  if (Number(rows[0]?.n ?? 0) > 0) return;
  const perLetter = new Map<string, number>();
  const tickets: Ticket[] = DEMO_TICKETS.map((businessType, index) => {
    const letter = TICKET_LETTERS[businessType];
    const number = (perLetter.get(letter) ?? 0) + 1;
    perLetter.set(letter, number);
    // Issued a few minutes apart over the last half hour, oldest first.
    const issuedAt = new Date(now.getTime() - (DEMO_TICKETS.length - index) * 4 * 60_000).toISOString();
    return {
      id: uuidV7({ msecs: Date.parse(issuedAt) }),
      siteCode: DEMO_SITE_CODE,
      date,
      displayNumber: `${letter}${String(number).padStart(3, '0')}`,
      sequence: index + 1,
      businessType,
      status: 'waiting',
      issuedAt,
      issuedBy: 'demo-kiosk',
      updatedAt: issuedAt,
    };
  });
  await hub.documents.putAsHub(
    'tickets',
    tickets.map((ticket) => ({ id: ticket.id, doc: { ...ticket }, readers: [DEMO_SITE_CODE] })),
  );
}

import type { Applicant, CaseEvent, CaseItem } from '../../../../../shared/schemas/case.ts';
import {
  acceptCase,
  type AcceptanceOverride,
  type Actor,
  type CommandClock,
  type OverrideSupervisor,
} from '../../../../../shared/domain/case/index.ts';

export const applicant: Applicant = {
  idType: 'resident-id',
  idNumber: '350128199001011234',
  name: '林海燕',
  mobile: '13800000000',
  address: '平潭县东庠乡',
};

export const passportItem: CaseItem = {
  serviceCode: 'EE-PASSPORT-FIRST',
  feeFen: 12_000,
  route: 'back-office',
  dueDate: '2026-12-03',
  materials: [
    { code: 'id-card', received: true },
    { code: 'photo', received: false },
  ],
};

export const residenceCertificateItem: CaseItem = {
  serviceCode: 'HH-RESIDENCE-CERT',
  feeFen: 0,
  route: 'on-the-spot',
  materials: [{ code: 'id-card', received: true }],
};

export const idCardItem: CaseItem = {
  serviceCode: 'HH-ID-CARD-RENEW',
  feeFen: 2_000,
  route: 'usually-on-the-spot',
  dueDate: '2026-12-20',
  materials: [{ code: 'household-register', received: false }],
};

export const islandOfficer: Actor = { officerId: 'dx-lin', siteCode: 'DX' };
export const backOffice: Actor = { officerId: 'ht-chen', siteCode: 'HT', role: 'back-office' };

/** An RFC-4122-shaped id from a number, so tests can name events and predict their order. */
export function testId(n: number): string {
  return `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Ids 1, 2, 3 … and a clock that moves one minute per call from 2026-11-26 09:00 Beijing time. */
export function testClock(start = '2026-11-26T01:00:00.000Z', stepMs = 60_000): Required<CommandClock> {
  let nextId = 1;
  let time = Date.parse(start);
  return {
    newId: () => testId(nextId++),
    now: () => {
      const now = new Date(time);
      time += stepMs;
      return now;
    },
  };
}

/** The supervisor of 东庠 (DX), who holds every business type, and officers who may not authorise every override. */
export const dxSupervisor: OverrideSupervisor = {
  id: 'dx-chen',
  role: 'supervisor',
  authorisedBusinessTypes: ['exit-entry', 'household', 'public-order', 'traffic'],
};
export const dxOfficers: ReadonlyMap<string, OverrideSupervisor> = new Map([
  [dxSupervisor.id, dxSupervisor],
  ['dx-lin', { id: 'dx-lin', role: 'officer', authorisedBusinessTypes: ['household'] }],
  ['dx-wu', { id: 'dx-wu', role: 'supervisor', authorisedBusinessTypes: ['household'] }],
  ['dx-zhao', { id: 'dx-zhao', role: 'officer', authorisedBusinessTypes: ['exit-entry'] }],
]);

export function acceptSample(
  items: CaseItem[] = [passportItem, idCardItem],
  clock = testClock(),
  overrides: AcceptanceOverride[] = [],
) {
  return acceptCase(
    {
      caseNumber: 'DX-20261126-02-0007',
      siteCode: 'DX',
      counter: 2,
      officerId: 'dx-lin',
      applicant,
      items,
      ...(overrides.length > 0 ? { overrides, officers: dxOfficers } : {}),
    },
    clock,
  );
}

/** A raw event, for logs the commands would refuse (merged from replicas that decided differently). */
export function rawEvent<T extends CaseEvent['type']>(
  type: T,
  n: number,
  at: string,
  fields: Omit<Extract<CaseEvent, { type: T }>, 'id' | 'at' | 'officerId' | 'siteCode' | 'type'>,
  siteCode = 'DX',
): CaseEvent {
  return { id: testId(n), type, at, officerId: 'someone', siteCode, ...fields } as CaseEvent;
}

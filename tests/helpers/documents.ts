import { randomUUID } from 'node:crypto';
import {
  acceptCase,
  approveCase,
  completeCase,
  forwardToBackOffice,
  markReadyForPickup,
} from '../../shared/domain/case/index.ts';
import { gb11643CheckCharacter } from '../../shared/domain/identity/index.ts';
import { seedCatalogue } from '../../shared/catalogue/seed/index.ts';
import type { Case, CaseItem, Officer, Ticket } from '../../shared/schemas/index.ts';

let caseSequence = 0;

/** A valid resident ID number (address code 350128, 平潭) whose check digit the hub verifies. */
export function residentIdNumber(n: number): string {
  const first17 = `3501281990${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckCharacter(first17);
}

/** A first ID-card application as an island counter accepts it, through the case domain's own `acceptCase`. */
export function acceptedCase(siteCode: string, options: { counter?: number; applicantName?: string } = {}): Case {
  const counter = options.counter ?? 1;
  const service = seedCatalogue.items.find((i) => i.code === 'HR-IDCARD-FIRST');
  if (!service) throw new Error('the seed catalogue has no HR-IDCARD-FIRST');
  const item: CaseItem = {
    serviceCode: service.code,
    feeFen: service.fee.amountFen,
    route: service.route,
    materials: service.materials.map((m) => ({ code: m.code, received: m.required })),
  };
  caseSequence += 1;
  return acceptCase({
    caseNumber: `${siteCode}-20261126-${String(counter).padStart(2, '0')}-${String(caseSequence).padStart(4, '0')}`,
    siteCode,
    counter,
    officerId: `officer-${siteCode.toLowerCase()}`,
    applicant: {
      idType: 'resident-id',
      idNumber: residentIdNumber(caseSequence),
      name: options.applicantName ?? '林小平',
      mobile: '13800000000',
      address: '平潭县东庠乡',
    },
    items: [item],
  });
}

/**
 * A case accepted at `siteCode`, processed by the main island's back office (HT) and ready for pick-up at
 * `pickupSiteCode`: the case is then shared with HT and the pick-up site.
 */
export function caseReadyForPickupAt(siteCode: string, pickupSiteCode: string): Case {
  const island = { officerId: `officer-${siteCode.toLowerCase()}`, siteCode };
  const backOffice = { officerId: 'officer-ht', siteCode: 'HT', role: 'back-office' as const };
  const forwarded = forwardToBackOffice(acceptedCase(siteCode), island, { toSiteCode: 'HT', note: '' });
  return markReadyForPickup(approveCase(forwarded, backOffice, ''), backOffice, pickupSiteCode);
}

/** The case completed by an officer of `siteCode` (the pick-up site hands the result over). */
export function completedAt(current: Case, siteCode: string): Case {
  return completeCase(current, { officerId: `officer-${siteCode.toLowerCase()}`, siteCode });
}

let ticketSequence = 0;

/** A queue ticket issued at a site's kiosk. */
export function ticket(siteCode: string, overrides: Partial<Ticket> = {}): Ticket {
  ticketSequence += 1;
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    siteCode,
    date: '2026-11-26',
    displayNumber: `A${String(ticketSequence % 1000).padStart(3, '0')}`,
    sequence: ticketSequence % 100_000,
    status: 'waiting',
    issuedAt: now,
    issuedBy: `${siteCode}-kiosk-3`,
    updatedAt: now,
    ...overrides,
  };
}

/** An officer record as the hub stores it (the PIN hash is a well-formed stand-in; no PIN is ever checked here). */
export function officer(id: string, siteCodes: string[]): Officer {
  return {
    id,
    name: '张伟',
    badge: '350128',
    siteCodes,
    role: 'officer',
    authorisedBusinessTypes: ['household'],
    pinHash: {
      algorithm: 'scrypt',
      salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
      hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=',
      N: 16384,
      r: 8,
      p: 1,
    },
    active: true,
  };
}

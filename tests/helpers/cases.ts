// Realistic case documents for tests: valid resident ID numbers, real service codes, case numbers per counter.
import { acceptCase, formatCaseNumber } from '../../shared/domain/case/index.ts';
import { gb11643CheckCharacter } from '../../shared/domain/identity/index.ts';
import type { Case } from '../../shared/schemas/index.ts';

/** A valid 18-digit resident ID for a Pingtan-registered person (address code 350128). */
export function residentId(n: number): string {
  const year = 1950 + (n % 50);
  const month = String((n % 12) + 1).padStart(2, '0');
  const day = String((n % 28) + 1).padStart(2, '0');
  const first17 = `350128${year}${month}${day}${String(n % 1000).padStart(3, '0')}`;
  return first17 + gb11643CheckCharacter(first17);
}

export interface MakeCaseOptions {
  siteCode: string;
  counter?: number;
  sequence: number;
  date?: string;
  officerId?: string;
  at?: string;
  serviceCode?: string;
}

export function makeCase(o: MakeCaseOptions): Case {
  const counter = o.counter ?? 1;
  const date = o.date ?? '2026-11-26';
  return acceptCase({
    caseNumber: formatCaseNumber({ siteCode: o.siteCode, date, counter, sequence: o.sequence }),
    siteCode: o.siteCode,
    counter,
    officerId: o.officerId ?? `officer-${o.siteCode.toLowerCase()}`,
    at: o.at ?? `${date}T02:${String(o.sequence % 60).padStart(2, '0')}:00.000Z`,
    applicant: {
      idType: 'resident-id',
      idNumber: residentId(o.sequence + counter * 7919),
      name: `林${['海', '岚', '澳', '潭', '庠'][o.sequence % 5]}${o.sequence}`,
      mobile: `139${String(50_000_000 + o.sequence).padStart(8, '0')}`,
      address: `平潭县${o.siteCode === 'DX' ? '东庠乡' : o.siteCode === 'NH' ? '南海乡' : o.siteCode === 'YT' ? '屿头乡' : '海坛街道'}${o.sequence}号`,
    },
    items: [
      {
        serviceCode: o.serviceCode ?? 'EE-PASSPORT-RENEW',
        feeFen: 12000,
        route: 'back-office',
        dueDate: '2026-12-07',
        materials: [{ code: 'id-card', received: true }],
      },
    ],
  });
}

import { BUSINESS_TYPES, type BusinessType } from '../../../shared/schemas/index.ts';

/**
 * The log of supervisor overrides (越权受理授权): which supervisor, with their PIN at this counter, let which officer
 * accept items of a business type the officer holds no authorisation for, in which case.
 *
 * Why a local record and not an event in the case: the case event log is a strict, shared schema (hub validation,
 * the RxDB schema with key compression and encryption); a new event type or field there means a cases schema version,
 * a migration on every counter and a coordinated hub release. Until that change is made, the record lives on the
 * machine where the override happened, is appended to and never edited, holds nothing personal (ids, codes and times
 * only), and is shown on the case's receipt and by `useCaseOverrides` wherever the case is shown on this counter.
 */

export const OVERRIDE_AUDIT_KEY = 'tongban.overrideAudit';
/** A counter takes a few hundred cases a day; the oldest entries go once the log is this long. */
export const MAX_AUDIT_ENTRIES = 5000;

export interface OverrideAuditEntry {
  caseId: string;
  caseNumber: string;
  siteCode: string;
  counter: number;
  /** The officer who accepted the case. */
  officerId: string;
  supervisorId: string;
  supervisorName: string;
  businessType: BusinessType;
  /** The items of that business type in the case. */
  serviceCodes: string[];
  /** When the supervisor entered their PIN. */
  authorisedAt: string;
  /** When the case was saved. */
  recordedAt: string;
}

type AuditStorage = Pick<Storage, 'getItem' | 'setItem'>;

const isEntry = (value: unknown): value is OverrideAuditEntry => {
  const entry = value as Partial<OverrideAuditEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.caseId === 'string' &&
    typeof entry.supervisorId === 'string' &&
    (BUSINESS_TYPES as readonly string[]).includes(entry.businessType as string)
  );
};

export function readOverrideAudit(storage: AuditStorage = localStorage): OverrideAuditEntry[] {
  try {
    const parsed = JSON.parse(storage.getItem(OVERRIDE_AUDIT_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

/** Appends entries; throws when storage is full (the caller reports it: the case itself is already saved). */
export function appendOverrideAudit(
  entries: readonly OverrideAuditEntry[],
  storage: AuditStorage = localStorage,
): void {
  if (entries.length === 0) return;
  const log = [...readOverrideAudit(storage), ...entries].slice(-MAX_AUDIT_ENTRIES);
  storage.setItem(OVERRIDE_AUDIT_KEY, JSON.stringify(log));
  window.dispatchEvent(new Event(OVERRIDE_AUDIT_EVENT));
}

/** Dispatched on window after an append, so a screen showing a case can refresh its override notes. */
export const OVERRIDE_AUDIT_EVENT = 'tongban:override-audit';

export function overridesForCase(caseId: string, storage: AuditStorage = localStorage): OverrideAuditEntry[] {
  return readOverrideAudit(storage).filter((entry) => entry.caseId === caseId);
}

import {
  CaseDomainError,
  acceptCase,
  allocateCaseNumber,
  recordPayment,
  type AcceptanceOverride,
  type CaseNumberSequenceStore,
} from '../../../shared/domain/case/index.ts';
import { localDateOf, type HolidayCalendar } from '../../../shared/domain/calendar/index.ts';
import type { LocalizedText } from '../../../shared/domain/identity/index.ts';
import type { Case, Officer, ServiceItem, Ticket } from '../../../shared/schemas/index.ts';
import type { TongbanDatabase } from '../../db/create-database.ts';
import type { DeviceContext, SessionOfficer } from '../../store/index.ts';
import { finishTicket } from '../queue/ticket-actions.ts';
import { isAtCounter } from '../queue/ticket-queue.ts';
import { findCalledTicket } from './called-ticket.ts';
import {
  checkDraft,
  overridesInUse,
  toCaseItems,
  totalFeeFen,
  type FieldError,
  type IntakeDraft,
} from './intake-model.ts';

/**
 * Saving an intake: everything happens on this machine, so it is instant and works offline. The case number is
 * allocated per counter and day (case-number-store.ts), the case is made by the shared domain (`acceptCase`, then
 * `recordPayment` when the fee is collected now), inserted into the local database — the sync client pushes it when
 * the hub is reachable — and linked to the ticket this counter has called.
 *
 * Supervisor overrides given in the form go into the case's own log, in the same insert as the acceptance (one
 * `authorisation-overridden` event per business type), checked against this counter's replicated officers; the hub
 * checks them again against its own. They travel with the case wherever it goes.
 */

export interface SaveIntakeInput {
  db: TongbanDatabase;
  sequences: CaseNumberSequenceStore;
  draft: IntakeDraft;
  services: ReadonlyMap<string, ServiceItem>;
  officer: SessionOfficer;
  device: Pick<DeviceContext, 'siteCode' | 'counterNumber'>;
  calendar: HolidayCalendar;
  /** The ticket the queue screen says this counter holds (`queue.currentTicketId`); looked up when absent. */
  currentTicketId?: string | null;
  now?: () => Date;
}

export type SaveIntakeResult =
  | {
      ok: true;
      saved: Case;
      /** The ticket the case was linked to, if any. */
      ticketId: string | null;
      /** Problems after the case was stored (the ticket link): reported, the case stands. */
      warnings: LocalizedText[];
    }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  | { ok: false; reason: 'storage-full' | 'failed'; message: LocalizedText };

/** True for the errors a browser or Dexie raises when the disk or the origin's quota is full. */
export function isQuotaError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    const named = current as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
    if (named.name === 'QuotaExceededError') return true;
    if (typeof named.message === 'string' && /quota|disk is full|no space/i.test(named.message)) return true;
    current = named.inner ?? named.cause ?? (current as { parameters?: { error?: unknown } }).parameters?.error ?? null;
  }
  return false;
}

export const STORAGE_FULL_MESSAGE: LocalizedText = {
  zh: '本机存储空间已满，案件未保存。已填写的内容仍保留在表单中；请联系技术人员清理磁盘后再点“保存”。',
  en: 'This machine’s storage is full, so the case was not saved. Everything you typed is still in the form; ask a technician to free space, then save again.',
};

/**
 * The ticket of the citizen at the window: the one the queue screen holds for this counter, when it is still here and
 * has no case yet; otherwise the ticket called last at this counter today (after a reload the store is empty).
 */
async function ticketToLink(
  db: TongbanDatabase,
  currentTicketId: string | null,
  device: Pick<DeviceContext, 'siteCode' | 'counterNumber'>,
  today: string,
): Promise<Ticket | null> {
  if (currentTicketId) {
    const held = (await db.tickets.findOne(currentTicketId).exec())?.toJSON() as Ticket | undefined;
    if (held && isAtCounter(held, device.counterNumber) && !held.caseId) return held;
  }
  return findCalledTicket(db, device.siteCode, device.counterNumber, today);
}

export async function saveIntake(input: SaveIntakeInput): Promise<SaveIntakeResult> {
  const now = (input.now ?? (() => new Date()))();
  const at = now.toISOString();
  const today = localDateOf(at);
  const { draft, services, officer, device, db } = input;

  const check = checkDraft(draft, services, officer, today);
  if (check.errors.length > 0 || !check.applicant) return { ok: false, reason: 'invalid', errors: check.errors };

  let saved: Case;
  let ticketId: string | undefined;
  try {
    ticketId = (await ticketToLink(db, input.currentTicketId ?? null, device, today))?.id;
    const caseNumber = await allocateCaseNumber(input.sequences, {
      siteCode: device.siteCode,
      date: today,
      counter: device.counterNumber,
    });
    const overrides = acceptanceOverrides(draft, services);
    saved = acceptCase({
      caseNumber,
      siteCode: device.siteCode,
      counter: device.counterNumber,
      officerId: officer.id,
      at,
      applicant: check.applicant,
      items: toCaseItems(draft, services, today, input.calendar),
      ...(ticketId ? { ticketId } : {}),
      ...(overrides.length > 0 ? { overrides, officers: await supervisorsOf(db, overrides) } : {}),
    });
    const total = totalFeeFen(draft, services);
    if (draft.payment.collected && total > 0) {
      saved = recordPayment(
        saved,
        { officerId: officer.id, siteCode: device.siteCode, role: officer.role },
        { amountFen: total, method: draft.payment.method },
        { now: () => now },
      );
    }
    await db.cases.insert(saved);
  } catch (error) {
    if (isQuotaError(error)) return { ok: false, reason: 'storage-full', message: STORAGE_FULL_MESSAGE };
    if (error instanceof CaseDomainError) return { ok: false, reason: 'failed', message: error.localizedMessage };
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'failed',
      message: {
        zh: `案件未能保存：${detail}。已填写的内容仍保留在表单中，可以再试一次。`,
        en: `The case could not be saved: ${detail}. Everything you typed is still in the form; try again.`,
      },
    };
  }

  const warnings: LocalizedText[] = [];
  if (ticketId) {
    try {
      // The visit is over: the ticket is done and points at its case (queue/README.md "For intake").
      await finishTicket(db.tickets, ticketId, device.counterNumber, {
        caseId: saved.id,
        now: new Date(Math.max(Date.now(), now.getTime())),
      });
    } catch (error) {
      warnings.push({
        zh: `案件已保存，但未能关联到排队号：${(error as Error).message}`,
        en: `The case is saved, but could not be linked to its queue ticket: ${(error as Error).message}`,
      });
    }
  }

  return { ok: true, saved, ticketId: ticketId ?? null, warnings };
}

/** The draft's overrides still needed by an item, as the case records them: with the items of each business type. */
function acceptanceOverrides(draft: IntakeDraft, services: ReadonlyMap<string, ServiceItem>): AcceptanceOverride[] {
  return overridesInUse(draft, services).map((override) => ({
    supervisorId: override.supervisorId,
    businessType: override.businessType,
    serviceCodes: draft.items
      .filter((item) => services.get(item.serviceCode)?.businessType === override.businessType)
      .map((item) => item.serviceCode),
    authorisedAt: override.at,
  }));
}

/** The overrides' supervisors as this counter holds them (replicated from the hub); absent ones are unknown here. */
async function supervisorsOf(
  db: TongbanDatabase,
  overrides: readonly AcceptanceOverride[],
): Promise<Map<string, Officer>> {
  const found = await db.officers.findByIds([...new Set(overrides.map((override) => override.supervisorId))]).exec();
  return new Map([...found].map(([id, doc]) => [id, doc.toJSON() as Officer]));
}

import { v7 as uuidV7 } from 'uuid';
import {
  caseEventSchema,
  caseSchema,
  type Applicant,
  type Case,
  type CaseEvent,
  type CaseItem,
} from '../../schemas/case.ts';
import { BUSINESS_TYPE_NAMES, type BusinessType, type LocalizedName } from '../../schemas/common.ts';
import type { OfficerRole } from '../../schemas/officer.ts';
import { formatYuanWithSign } from '../money.ts';
import { parseCaseNumber } from './case-number.ts';
import { caseError } from './errors.ts';
import { compareEventTime, identityOf, outstandingFen, projectCase, refusalFor, replayCase } from './project.ts';
import { supervisorOverrideRefusal, type OverrideSupervisor } from './override.ts';
import { CASE_EVENT_NAMES, EVENT_ROLES, roleMayRecord } from './state-machine.ts';

/** Where new ids and times come from; tests pass fixed ones, the app takes the defaults. */
export interface CommandClock {
  /** Defaults to UUID v7, which sorts by creation time and needs no hub. */
  newId?: () => string;
  now?: () => Date;
}

export interface AppendOptions {
  /** The recording officer's role; when given, events reserved to other roles are refused. */
  role?: OfficerRole;
}

export type CommandOptions = CommandClock & AppendOptions;

/** Who records an event: the signed-in officer at their site. */
export interface Actor {
  officerId: string;
  siteCode: string;
  role?: OfficerRole;
}

const MAX_EVENTS = 500;

function idFrom(clock: CommandClock | undefined): string {
  return (clock?.newId ?? uuidV7)();
}

/**
 * Removes keys whose value is undefined. Such keys vanish when the document is stored or sent as JSON, so a replica
 * that kept them would hold a document that no longer equals the one it sends, and merges would not converge.
 */
function dropUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((entry: unknown) => dropUndefined(entry)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, dropUndefined(entry)]),
    ) as T;
  }
  return value;
}

function describeZodError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const [issue] = error.issues;
  if (issue === undefined) return 'invalid';
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

export interface AcceptCaseInput {
  /** The case id; a fresh UUID v7 when omitted. */
  id?: string;
  caseNumber: string;
  siteCode: string;
  counter: number;
  officerId: string;
  /** ISO instant of acceptance; the clock's `now` when omitted. */
  at?: string;
  applicant: Applicant;
  items: CaseItem[];
  ticketId?: string;
  /** Supervisor overrides given for this acceptance, one per business type (override.ts). */
  overrides?: readonly AcceptanceOverride[];
  /**
   * The officers this machine knows, by id, for checking the overrides' supervisors (the counter's replicated
   * officers). Required when there are overrides: a supervisor not found here is refused.
   */
  officers?: ReadonlyMap<string, OverrideSupervisor>;
}

/** A supervisor's authorisation, as the counter took it, to record with the acceptance. */
export interface AcceptanceOverride {
  supervisorId: string;
  businessType: BusinessType;
  /** The case's items of that business type. */
  serviceCodes: string[];
  /** When the supervisor entered their PIN. */
  authorisedAt: string;
}

/**
 * Starts a case: one `accepted` event, and an `authorisation-overridden` event per supervisor override, projected.
 * The case number must name the accepting site and counter. The overrides take the acceptance's time, so they are
 * part of it whatever happens next; a supervisor who may not give one (override.ts) refuses the whole acceptance.
 */
export function acceptCase(input: AcceptCaseInput, clock?: CommandClock): Case {
  const parts = parseCaseNumber(input.caseNumber);
  if (parts.siteCode !== input.siteCode || parts.counter !== input.counter) {
    throw caseError(
      'case-number-mismatch',
      `案件编号 ${input.caseNumber} 与受理窗口（${input.siteCode} ${input.counter} 号窗口）不符`,
      `Case number ${input.caseNumber} does not belong to counter ${input.counter} of site ${input.siteCode}.`,
    );
  }
  const caseId = input.id ?? idFrom(clock);
  const candidate = {
    id: idFrom(clock),
    type: 'accepted',
    at: input.at ?? (clock?.now ?? (() => new Date()))().toISOString(),
    officerId: input.officerId,
    siteCode: input.siteCode,
    counter: input.counter,
    applicant: input.applicant,
    items: input.items,
    ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
  };
  const event = caseEventSchema.safeParse(dropUndefined(candidate));
  if (!event.success) {
    throw caseError(
      'invalid-event',
      `受理信息不完整或有误：${describeZodError(event.error)}`,
      `The acceptance is not valid: ${describeZodError(event.error)}`,
    );
  }
  const overrides = acceptanceOverrideEvents(event.data, input, clock);
  const identity = {
    id: caseId,
    caseNumber: input.caseNumber,
    siteCode: input.siteCode,
    counter: input.counter,
  };
  const [refused] = replayCase(input.siteCode, [event.data, ...overrides]).refused;
  if (refused) throw caseError(refused.refusal.code, refused.refusal.message.zh, refused.refusal.message.en);
  const created = caseSchema.safeParse(projectCase(identity, [event.data, ...overrides]));
  if (!created.success) {
    throw caseError(
      'invalid-case',
      `案件无效：${describeZodError(created.error)}`,
      `The case is not valid: ${describeZodError(created.error)}`,
    );
  }
  return created.data;
}

function acceptanceOverrideEvents(
  accepted: CaseEvent,
  input: AcceptCaseInput,
  clock: CommandClock | undefined,
): CaseEvent[] {
  const seen = new Set<string>();
  return (input.overrides ?? []).map((override) => {
    if (seen.has(override.businessType)) {
      throw caseError(
        'invalid-override',
        `「${BUSINESS_TYPE_NAMES[override.businessType].zh}」的值班领导授权重复`,
        `The supervisor override for ${BUSINESS_TYPE_NAMES[override.businessType].en.toLowerCase()} is given twice.`,
      );
    }
    seen.add(override.businessType);
    const parsed = caseEventSchema.safeParse({
      id: idFrom(clock),
      type: 'authorisation-overridden',
      at: accepted.at,
      officerId: accepted.officerId,
      siteCode: accepted.siteCode,
      supervisorId: override.supervisorId,
      businessType: override.businessType,
      serviceCodes: override.serviceCodes,
      authorisedAt: override.authorisedAt,
    });
    if (!parsed.success) {
      throw caseError(
        'invalid-override',
        `值班领导授权记录有误：${describeZodError(parsed.error)}`,
        `The supervisor override is not valid: ${describeZodError(parsed.error)}`,
      );
    }
    const refusal = supervisorOverrideRefusal(
      { ...override, officerId: accepted.officerId },
      input.officers?.get(override.supervisorId),
    );
    if (refusal) throw caseError(refusal.code, refusal.message.zh, refusal.message.en);
    return parsed.data;
  });
}

/**
 * Appends one event, or throws a `CaseDomainError` and appends nothing. Beyond the state machine it refuses what a
 * replay would quietly ignore (unknown materials, overpayment), and an event that would not sort last: an event
 * placed before ones already in the log would be replayed against a state its officer never saw.
 */
export function appendEvent(current: Case, input: CaseEvent, options?: AppendOptions): Case {
  const parsed = caseEventSchema.safeParse(dropUndefined(input));
  if (!parsed.success) {
    throw caseError(
      'invalid-event',
      `事件无效：${describeZodError(parsed.error)}`,
      `The event is not valid: ${describeZodError(parsed.error)}`,
    );
  }
  const event = parsed.data;
  if (current.events.some((existing) => existing.id === event.id)) {
    throw caseError(
      'duplicate-event-id',
      `事件编号 ${event.id} 已在案件日志中`,
      `Event ${event.id} is already in the case log.`,
    );
  }
  if (current.events.length >= MAX_EVENTS) {
    throw caseError(
      'event-log-full',
      `案件日志已达 ${MAX_EVENTS} 条上限，请联系主管`,
      `The case log holds the maximum of ${MAX_EVENTS} events; ask a supervisor.`,
    );
  }
  if (current.events.some((existing) => compareEventTime(existing, event) >= 0)) {
    throw caseError(
      'event-out-of-order',
      `事件时间 ${event.at} 早于案件中已有的事件，请检查本机时钟`,
      `The event time ${event.at} is not after the events already in the case; check this machine's clock.`,
    );
  }
  if (!roleMayRecord(event.type, options?.role)) {
    const roles = (EVENT_ROLES[event.type] ?? []).join(', ');
    throw caseError(
      'role-not-permitted',
      `当前岗位（${options?.role}）不能「${CASE_EVENT_NAMES[event.type].zh}」，须由 ${roles} 办理`,
      `An officer with role ${options?.role} cannot record "${CASE_EVENT_NAMES[event.type].en}"; it needs ${roles}.`,
    );
  }
  const { state } = replayCase(current.siteCode, current.events);
  const refusal = refusalFor(state, event);
  if (refusal) throw caseError(refusal.code, refusal.message.zh, refusal.message.en);
  if (event.type === 'materials-received') {
    const known = new Set([
      ...state.outstandingRequests,
      ...state.items.flatMap((item) => item.materials.map((material) => material.code)),
    ]);
    const unknown = event.materialCodes.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      throw caseError(
        'unknown-material',
        `材料 ${unknown.join('、')} 既不在事项材料清单中，也未被要求补正`,
        `Material ${unknown.join(', ')} is neither listed by an item nor requested.`,
      );
    }
  }
  if (event.type === 'payment-recorded') {
    // A payment, waived ones included, records an amount that is no longer owed (projectCase's `paidFen`): one of
    // nothing changes nothing and would stay in the log and on cash reconciliation forever, so a case that owes nothing
    // (settled, or fee-free) takes no payment, and a payment is never of ¥0.00.
    const totalFeeFen = totalFee(state.items);
    const owed = outstandingFen({ totalFeeFen, paidFen: state.paidFen });
    if (owed === 0) {
      const message = nothingOwedMessage({ totalFeeFen, paidFen: state.paidFen });
      throw caseError('nothing-owed', message.zh, message.en);
    }
    if (event.amountFen === 0) {
      throw caseError(
        'payment-zero',
        `收费金额须大于 ${formatYuanWithSign(0)}`,
        `The amount of a payment must be more than ${formatYuanWithSign(0)}.`,
      );
    }
    if (event.amountFen > owed) {
      throw caseError(
        'payment-exceeds-balance',
        `收费 ${formatYuanWithSign(event.amountFen)} 超过应收余额 ${formatYuanWithSign(owed)}`,
        `The payment of ${formatYuanWithSign(event.amountFen)} exceeds the ${formatYuanWithSign(owed)} still owed.`,
      );
    }
  }
  return projectCase(identityOf(current), [...current.events, event]);
}

/** Why a case that owes nothing (settled, or fee-free) takes no payment: what the payment form and the refusal say. */
export function nothingOwedMessage(current: Pick<Case, 'totalFeeFen' | 'paidFen'>): LocalizedName {
  const fees = formatYuanWithSign(current.totalFeeFen);
  const paid = formatYuanWithSign(current.paidFen);
  return {
    zh: `本案无应收余额（应收 ${fees}，已收 ${paid}），无需登记收费`,
    en: `Nothing is owed on this case (fees ${fees}, paid ${paid}); there is no payment to record.`,
  };
}

function totalFee(items: readonly CaseItem[]): number {
  return items.reduce((sum, item) => sum + item.feeFen, 0);
}

/**
 * The time for a new event: now, or one millisecond after the latest event when this machine's clock is behind.
 * Clocks on islands and at the hub drift; without this a back-office approval stamped before the island's
 * forwarding would replay as an illegal transition, although the officer saw the case forwarded.
 */
export function nextEventTime(current: Pick<Case, 'events'>, now: Date): string {
  const latest = current.events.reduce((max, event) => (event.at > max ? event.at : max), '');
  const candidate = now.toISOString();
  if (latest === '' || candidate > latest) return candidate;
  return new Date(Date.parse(latest) + 1).toISOString();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as a command describes it; id, time, officer and site are filled in when it is recorded. */
export type CaseEventDraft = DistributiveOmit<
  Exclude<CaseEvent, { type: 'accepted' }>,
  'id' | 'at' | 'officerId' | 'siteCode'
>;

/** Records an event made now by `actor` on `current`; every named command below is this with a fixed type. */
export function recordEvent(current: Case, actor: Actor, draft: CaseEventDraft, options?: CommandClock): Case {
  const event = {
    ...draft,
    id: idFrom(options),
    at: nextEventTime(current, (options?.now ?? (() => new Date()))()),
    officerId: actor.officerId,
    siteCode: actor.siteCode,
  } as CaseEvent;
  return appendEvent(current, event, actor.role === undefined ? {} : { role: actor.role });
}

export function requestMaterials(
  current: Case,
  actor: Actor,
  request: { materialCodes: string[]; note: string },
  options?: CommandClock,
): Case {
  return recordEvent(current, actor, { type: 'materials-requested', ...request }, options);
}

export function receiveMaterials(current: Case, actor: Actor, materialCodes: string[], options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'materials-received', materialCodes }, options);
}

export function forwardToBackOffice(
  current: Case,
  actor: Actor,
  forward: { toSiteCode: string; note: string },
  options?: CommandClock,
): Case {
  return recordEvent(current, actor, { type: 'forwarded', ...forward }, options);
}

export function approveCase(current: Case, actor: Actor, note: string, options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'approved', note }, options);
}

export function rejectCase(current: Case, actor: Actor, reason: string, options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'rejected', reason }, options);
}

export function markReadyForPickup(current: Case, actor: Actor, pickupSiteCode: string, options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'ready-for-pickup', pickupSiteCode }, options);
}

export function completeCase(current: Case, actor: Actor, options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'completed' }, options);
}

export function cancelCase(current: Case, actor: Actor, reason: string, options?: CommandClock): Case {
  return recordEvent(current, actor, { type: 'cancelled', reason }, options);
}

export function correctField(
  current: Case,
  actor: Actor,
  correction: Pick<Extract<CaseEvent, { type: 'field-corrected' }>, 'field' | 'value' | 'reason'>,
  options?: CommandClock,
): Case {
  return recordEvent(current, actor, { type: 'field-corrected', ...correction }, options);
}

export function recordPayment(
  current: Case,
  actor: Actor,
  payment: Pick<Extract<CaseEvent, { type: 'payment-recorded' }>, 'amountFen' | 'method' | 'receiptNumber'>,
  options?: CommandClock,
): Case {
  return recordEvent(current, actor, { type: 'payment-recorded', ...payment }, options);
}

import type { LocalizedName } from '../../schemas/common.ts';
import type { CaseEventType, CaseItem, CaseStatus } from '../../schemas/case.ts';
import type { OfficerRole } from '../../schemas/officer.ts';

/**
 * The case life cycle as data. Both the projection (replaying a log, possibly merged from several replicas) and the
 * commands (refusing an illegal event before it is recorded) read this one table, so what the UI offers, what a
 * counter may record and what a merged log means can never disagree.
 */

export const TERMINAL_STATUSES = ['completed', 'rejected', 'cancelled'] as const satisfies readonly CaseStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export const NON_TERMINAL_STATUSES = [
  'accepted',
  'awaiting-materials',
  'forwarded',
  'approved',
  'ready-for-pickup',
] as const satisfies readonly CaseStatus[];

/**
 * Where a transition leads. `resume-when-requests-met` leaves `awaiting-materials` for the status the case had when
 * the materials were requested (accepted or forwarded) once every requested material is in, and stays otherwise.
 * Returning a back-office request to `forwarded` rather than `accepted` keeps the case in the back office's queue and
 * keeps the island from completing on the spot a case the main island has not approved.
 */
export type TransitionTarget = CaseStatus | 'resume-when-requests-met';

/**
 * `no-back-office-items`: a case may be completed straight from `accepted` only when none of its items must go to
 * the main island (on-the-spot and usually-on-the-spot items are done at the counter).
 */
export type TransitionGuard = 'no-back-office-items';

/**
 * Events that belong to the acceptance itself rather than to the case's life cycle: `accepted` starts a log, and a
 * supervisor's `authorisation-overridden` is recorded with it (in the same save, or right after it, before anything
 * else happens to the case; `refusalFor` in project.ts). Neither moves the case between statuses, so neither is in
 * the transition table nor ever offered as an action.
 */
export const ACCEPTANCE_EVENT_TYPES = [
  'accepted',
  'authorisation-overridden',
] as const satisfies readonly CaseEventType[];
export type AcceptanceEventType = (typeof ACCEPTANCE_EVENT_TYPES)[number];

/** Every event that moves a case through its life cycle: all but the acceptance events. */
export type TransitionEventType = Exclude<CaseEventType, AcceptanceEventType>;

export interface CaseTransition {
  readonly from: CaseStatus;
  readonly event: TransitionEventType;
  readonly to: TransitionTarget;
  readonly guard?: TransitionGuard;
}

/** Events any open case accepts: withdrawal, corrections of the applicant's details, and fees. */
const OPEN_CASE_TRANSITIONS: readonly CaseTransition[] = NON_TERMINAL_STATUSES.flatMap((from) => [
  { from, event: 'cancelled', to: 'cancelled' },
  { from, event: 'field-corrected', to: from },
  { from, event: 'payment-recorded', to: from },
]);

export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  { from: 'accepted', event: 'materials-requested', to: 'awaiting-materials' },
  { from: 'accepted', event: 'materials-received', to: 'accepted' },
  { from: 'accepted', event: 'forwarded', to: 'forwarded' },
  { from: 'accepted', event: 'completed', to: 'completed', guard: 'no-back-office-items' },
  { from: 'awaiting-materials', event: 'materials-requested', to: 'awaiting-materials' },
  { from: 'awaiting-materials', event: 'materials-received', to: 'resume-when-requests-met' },
  { from: 'forwarded', event: 'materials-requested', to: 'awaiting-materials' },
  { from: 'forwarded', event: 'materials-received', to: 'forwarded' },
  { from: 'forwarded', event: 'approved', to: 'approved' },
  { from: 'forwarded', event: 'rejected', to: 'rejected' },
  { from: 'approved', event: 'ready-for-pickup', to: 'ready-for-pickup' },
  { from: 'ready-for-pickup', event: 'completed', to: 'completed' },
  ...OPEN_CASE_TRANSITIONS,
];

/**
 * Event types only some roles may record; absent types are open to every signed-in officer. Approval and rejection
 * are decisions of the main island's back office (or a supervisor). Marking a result ready for pick-up is open to all
 * because the island itself may record that a produced card has arrived.
 *
 * Roles are checked when an event is made, never when a log is replayed: an officer's role can change later, and a
 * recorded log must replay the same way forever.
 */
export const EVENT_ROLES: Partial<Record<CaseEventType, readonly OfficerRole[]>> = {
  approved: ['back-office', 'supervisor'],
  rejected: ['back-office', 'supervisor'],
};

export function isTerminal(status: CaseStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly CaseStatus[]).includes(status);
}

/** Without a role nothing is checked, so callers that do not know the officer yet still get the status rules. */
export function roleMayRecord(eventType: CaseEventType, role?: OfficerRole): boolean {
  if (role === undefined) return true;
  const roles = EVENT_ROLES[eventType];
  return roles === undefined || roles.includes(role);
}

export function guardHolds(guard: TransitionGuard | undefined, items: readonly CaseItem[]): boolean {
  switch (guard) {
    case undefined:
      return true;
    case 'no-back-office-items':
      return items.every((item) => item.route !== 'back-office');
  }
}

/** The rows for a status and event, whatever their guards. */
export function transitionsFrom(status: CaseStatus, eventType: CaseEventType): CaseTransition[] {
  return CASE_TRANSITIONS.filter((row) => row.from === status && row.event === eventType);
}

/** The row that applies to a case with these items, or undefined when the event is illegal there. */
export function transitionFor(
  status: CaseStatus,
  eventType: CaseEventType,
  items: readonly CaseItem[],
): CaseTransition | undefined {
  return transitionsFrom(status, eventType).find((row) => guardHolds(row.guard, items));
}

/**
 * Event types the table lists for a status (and the role, when given), in table order. Guards that depend on the
 * case's items are not applied here; use `canApply` or `legalEvents` with the case.
 */
export function allowedEvents(status: CaseStatus, role?: OfficerRole): TransitionEventType[] {
  const types = CASE_TRANSITIONS.filter((row) => row.from === status).map((row) => row.event);
  return [...new Set(types)].filter((type) => roleMayRecord(type, role));
}

/** Whether the case, as it stands, accepts an event of this type from an officer of this role. */
export function canApply(
  current: { status: CaseStatus; items: readonly CaseItem[] },
  eventType: CaseEventType,
  role?: OfficerRole,
): boolean {
  return roleMayRecord(eventType, role) && transitionFor(current.status, eventType, current.items) !== undefined;
}

/** The event types the UI may offer for this case: `allowedEvents` with the guards applied. */
export function legalEvents(
  current: { status: CaseStatus; items: readonly CaseItem[] },
  role?: OfficerRole,
): TransitionEventType[] {
  return allowedEvents(current.status, role).filter((type) => canApply(current, type, role));
}

export const CASE_STATUS_NAMES: Record<CaseStatus, LocalizedName> = {
  accepted: { zh: '已受理', en: 'Accepted' },
  'awaiting-materials': { zh: '待补正材料', en: 'Awaiting materials' },
  forwarded: { zh: '已转后台办理', en: 'Forwarded to the back office' },
  approved: { zh: '已核准', en: 'Approved' },
  rejected: { zh: '不予批准', en: 'Rejected' },
  'ready-for-pickup': { zh: '待领取', en: 'Ready for pick-up' },
  completed: { zh: '已办结', en: 'Completed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const CASE_EVENT_NAMES: Record<CaseEventType, LocalizedName> = {
  accepted: { zh: '受理', en: 'accepted' },
  'materials-requested': { zh: '要求补正材料', en: 'materials requested' },
  'materials-received': { zh: '收到材料', en: 'materials received' },
  forwarded: { zh: '转后台办理', en: 'forwarded' },
  approved: { zh: '核准', en: 'approved' },
  rejected: { zh: '不予批准', en: 'rejected' },
  'ready-for-pickup': { zh: '通知领取', en: 'ready for pick-up' },
  completed: { zh: '办结', en: 'completed' },
  cancelled: { zh: '撤销', en: 'cancelled' },
  'field-corrected': { zh: '更正信息', en: 'field corrected' },
  'payment-recorded': { zh: '登记收费', en: 'payment recorded' },
  'authorisation-overridden': { zh: '值班领导授权受理', en: 'supervisor override' },
};

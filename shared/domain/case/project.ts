import type { LocalizedName } from '../../schemas/common.ts';
import {
  applicantSchema,
  type Applicant,
  type Case,
  type CaseAttention,
  type CaseEvent,
  type CaseEventType,
  type CaseItem,
  type CaseStatus,
} from '../../schemas/case.ts';
import { caseError, type CaseErrorCode } from './errors.ts';
import { CASE_EVENT_NAMES, CASE_STATUS_NAMES, transitionFor, transitionsFrom } from './state-machine.ts';

/** The fields that name a case and never change; everything else in a `Case` is projected from its events. */
export type CaseIdentity = Pick<Case, 'id' | 'caseNumber' | 'siteCode' | 'counter'>;

export function identityOf(current: CaseIdentity): CaseIdentity {
  return { id: current.id, caseNumber: current.caseNumber, siteCode: current.siteCode, counter: current.counter };
}

/** Limits of `caseSchema`; the projection stays within them so that every projected document validates. */
const MAX_ATTENTION = 20;
const MAX_ATTENTION_EVENT_IDS = 50;
const MAX_SHARED_SITES = 10;
const MAX_FEN = 100_000_000;

/** Outcome events: the decisions a case ends with, or (approval) that fix which way it ends. */
export const OUTCOME_EVENT_TYPES = [
  'approved',
  'rejected',
  'completed',
  'cancelled',
] as const satisfies readonly CaseEventType[];
type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[number];

/**
 * Outcomes that cannot both be true of one case. A log made on one replica can never hold such a pair (the state
 * machine refuses the second), so a pair in a log means replicas decided differently while apart, and a person must
 * choose. Approval followed by cancellation is not listed: a citizen may withdraw an approved application.
 */
export const CONTRADICTORY_OUTCOMES: readonly (readonly [OutcomeEventType, OutcomeEventType])[] = [
  ['completed', 'rejected'],
  ['completed', 'cancelled'],
  ['rejected', 'cancelled'],
  ['approved', 'rejected'],
];

function isOutcome(type: CaseEventType): type is OutcomeEventType {
  return (OUTCOME_EVENT_TYPES as readonly CaseEventType[]).includes(type);
}

/** Time order, with the id breaking ties so that every replica sorts the same log the same way. */
export function compareEventTime(a: Pick<CaseEvent, 'at' | 'id'>, b: Pick<CaseEvent, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The canonical order of a log: the first acceptance, then everything else by time and id. The acceptance goes first
 * whatever its clock said because every other event was made on a replica that already held it; a back-office
 * machine whose clock runs behind the island's must not make its events "precede" the case.
 */
export function sortCaseEvents(events: readonly CaseEvent[]): CaseEvent[] {
  const sorted = [...events].sort(compareEventTime);
  const genesisIndex = sorted.findIndex((event) => event.type === 'accepted');
  if (genesisIndex < 0) {
    throw caseError(
      'missing-accepted-event',
      '案件日志缺少受理事件，无法确定申请人和事项',
      'The case log has no accepted event, so its applicant and items are unknown.',
    );
  }
  const [genesis] = sorted.splice(genesisIndex, 1);
  return [genesis as CaseEvent, ...sorted];
}

/** Why an event is not applied where it stands in the log. */
export interface EventRefusal {
  code: Extract<
    CaseErrorCode,
    | 'illegal-transition'
    | 'back-office-items-need-approval'
    | 'invalid-correction'
    | 'override-not-at-acceptance'
    | 'invalid-override'
  >;
  message: LocalizedName;
}

/** The case as the events so far leave it. */
export interface CaseReplayState {
  status: CaseStatus;
  /** The status to return to once every requested material is received. */
  resumeStatus: CaseStatus;
  /** Requested material codes not yet received, in the order they were requested. */
  outstandingRequests: string[];
  applicant: Applicant;
  items: CaseItem[];
  paidFen: number;
  sharedWithSites: string[];
  appliedOutcomes: OutcomeEventType[];
  /** Who accepted the case, where: a supervisor override names this officer. */
  acceptedBy: { officerId: string; siteCode: string };
  /**
   * True until the first event after the acceptance is applied. Supervisor overrides belong to the acceptance and are
   * refused once anything else has happened to the case: an authorisation given afterwards would authorise nothing.
   */
  acceptanceOpen: boolean;
}

export interface CaseReplay {
  /** The log in canonical order. */
  events: CaseEvent[];
  state: CaseReplayState;
  /** Events not applied, with the reason, in log order. Duplicated outcomes are not listed (see `replayCase`). */
  refused: { event: CaseEvent; refusal: EventRefusal }[];
}

/** Whether `event` may be applied to a case in `state`; the one rule the projection and the commands share. */
export function refusalFor(state: CaseReplayState, event: CaseEvent): EventRefusal | undefined {
  const eventName = CASE_EVENT_NAMES[event.type];
  const statusName = CASE_STATUS_NAMES[state.status];
  if (event.type === 'accepted') {
    return {
      code: 'illegal-transition',
      message: {
        zh: `案件已受理，重复的受理事件（${event.id}）不予采用`,
        en: `The case is already accepted; the repeated accepted event (${event.id}) is not applied.`,
      },
    };
  }
  if (event.type === 'authorisation-overridden') return overrideRefusal(state, event);
  const row = transitionFor(state.status, event.type, state.items);
  if (row === undefined) {
    if (transitionsFrom(state.status, event.type).some((candidate) => candidate.guard === 'no-back-office-items')) {
      return {
        code: 'back-office-items-need-approval',
        message: {
          zh: `案件含需后台审批的事项，不能当场办结（事件 ${event.id}）`,
          en: `The case has items that need back-office approval, so it cannot be completed on the spot (event ${event.id}).`,
        },
      };
    }
    return {
      code: 'illegal-transition',
      message: {
        zh: `「${statusName.zh}」状态下不能「${eventName.zh}」（事件 ${event.id}）`,
        en: `A case that is ${statusName.en.toLowerCase()} cannot be ${eventName.en} (event ${event.id}).`,
      },
    };
  }
  if (event.type === 'field-corrected') {
    const corrected = applicantSchema.safeParse(correctApplicant(state.applicant, event));
    if (!corrected.success) {
      return {
        code: 'invalid-correction',
        message: {
          zh: `更正「${event.field}」的值无效（事件 ${event.id}）`,
          en: `The corrected value of ${event.field} is not valid (event ${event.id}).`,
        },
      };
    }
  }
  return undefined;
}

/**
 * What the log alone can tell about a supervisor override: it comes with the acceptance, names the accepting officer
 * at the accepting site, and lists items the case has. Whether the supervisor may give it needs the officers
 * (`supervisorOverrideRefusal` in override.ts), which the counter and the hub have and a replay does not.
 */
function overrideRefusal(
  state: CaseReplayState,
  event: Extract<CaseEvent, { type: 'authorisation-overridden' }>,
): EventRefusal | undefined {
  if (!state.acceptanceOpen) {
    return {
      code: 'override-not-at-acceptance',
      message: {
        zh: `值班领导授权只能随受理一并记录，此案件受理后已有其他办理记录（事件 ${event.id}）`,
        en: `A supervisor override is recorded only with the acceptance, and this case already has later events (event ${event.id}).`,
      },
    };
  }
  const { officerId, siteCode } = state.acceptedBy;
  if (event.officerId !== officerId || event.siteCode !== siteCode) {
    return {
      code: 'invalid-override',
      message: {
        zh: `值班领导授权须记在受理民警 ${officerId}（${siteCode}）名下，而非 ${event.officerId}（${event.siteCode}）（事件 ${event.id}）`,
        en: `A supervisor override must name the accepting officer ${officerId} at ${siteCode}, not ${event.officerId} at ${event.siteCode} (event ${event.id}).`,
      },
    };
  }
  const codes = new Set(state.items.map((item) => item.serviceCode));
  const strangers = event.serviceCodes.filter((code) => !codes.has(code));
  if (strangers.length > 0) {
    return {
      code: 'invalid-override',
      message: {
        zh: `值班领导授权的事项 ${strangers.join('、')} 不在此案件中（事件 ${event.id}）`,
        en: `The supervisor override names ${strangers.join(', ')}, which this case does not have (event ${event.id}).`,
      },
    };
  }
  return undefined;
}

function correctApplicant(applicant: Applicant, event: Extract<CaseEvent, { type: 'field-corrected' }>): unknown {
  const key = event.field.slice('applicant.'.length) as keyof Applicant;
  return { ...applicant, [key]: event.value };
}

function setReceived(items: CaseItem[], codes: readonly string[], received: boolean): CaseItem[] {
  return items.map((item) =>
    item.materials.some((material) => codes.includes(material.code))
      ? {
          ...item,
          materials: item.materials.map((material) =>
            codes.includes(material.code) ? { ...material, received } : material,
          ),
        }
      : item,
  );
}

function applyEvent(state: CaseReplayState, event: CaseEvent, siteCode: string): CaseReplayState {
  // An override changes nothing in the case's state; it is the record of who allowed the acceptance.
  if (event.type === 'authorisation-overridden') return state;
  const row = transitionFor(state.status, event.type, state.items);
  if (row === undefined) return state;
  const next: CaseReplayState = { ...state, acceptanceOpen: false };
  switch (event.type) {
    case 'materials-requested':
      if (state.status !== 'awaiting-materials') next.resumeStatus = state.status;
      next.outstandingRequests = [...new Set([...state.outstandingRequests, ...event.materialCodes])];
      next.items = setReceived(state.items, event.materialCodes, false);
      break;
    case 'materials-received':
      next.outstandingRequests = state.outstandingRequests.filter((code) => !event.materialCodes.includes(code));
      next.items = setReceived(state.items, event.materialCodes, true);
      break;
    case 'forwarded':
      next.sharedWithSites = addSite(state.sharedWithSites, event.toSiteCode, siteCode);
      break;
    case 'ready-for-pickup':
      next.sharedWithSites = addSite(state.sharedWithSites, event.pickupSiteCode, siteCode);
      break;
    case 'field-corrected':
      next.applicant = correctApplicant(state.applicant, event) as Applicant;
      break;
    case 'payment-recorded':
      next.paidFen = Math.min(MAX_FEN, state.paidFen + event.amountFen);
      break;
    default:
      break;
  }
  if (isOutcome(event.type)) next.appliedOutcomes = [...state.appliedOutcomes, event.type];
  if (row.to === 'resume-when-requests-met') {
    next.status = next.outstandingRequests.length === 0 ? state.resumeStatus : 'awaiting-materials';
  } else {
    next.status = row.to;
  }
  return next;
}

function addSite(sites: readonly string[], site: string, ownSite: string): string[] {
  if (site === ownSite || sites.includes(site)) return [...sites];
  return [...sites, site].sort();
}

/**
 * Replays a log. Each event is applied if the state machine allows it where it stands in the canonical order;
 * otherwise it is refused and later reported as attention. An outcome the case has already reached (a second
 * `completed`, two back-office officers both approving) is skipped without a report: the replicas agree, and there is
 * nothing for a supervisor to decide.
 */
export function replayCase(siteCode: string, events: readonly CaseEvent[]): CaseReplay {
  const ordered = sortCaseEvents(events);
  const [genesis, ...rest] = ordered as [Extract<CaseEvent, { type: 'accepted' }>, ...CaseEvent[]];
  let state: CaseReplayState = {
    status: 'accepted',
    resumeStatus: 'accepted',
    outstandingRequests: [],
    applicant: { ...genesis.applicant },
    items: genesis.items.map((item) => ({ ...item, materials: item.materials.map((m) => ({ ...m })) })),
    paidFen: 0,
    sharedWithSites: [],
    appliedOutcomes: [],
    acceptedBy: { officerId: genesis.officerId, siteCode: genesis.siteCode },
    acceptanceOpen: true,
  };
  const refused: CaseReplay['refused'] = [];
  for (const event of rest) {
    if (isOutcome(event.type) && state.appliedOutcomes.includes(event.type)) continue;
    const refusal = refusalFor(state, event);
    if (refusal) refused.push({ event, refusal });
    else state = applyEvent(state, event, siteCode);
  }
  return { events: ordered, state, refused };
}

function contradictionAttention(events: readonly CaseEvent[], status: CaseStatus): CaseAttention[] {
  const statusName = CASE_STATUS_NAMES[status];
  return CONTRADICTORY_OUTCOMES.flatMap(([first, second]) => {
    const firsts = events.filter((event) => event.type === first);
    const seconds = events.filter((event) => event.type === second);
    const [a] = firsts;
    const [b] = seconds;
    if (a === undefined || b === undefined) return [];
    const [earlier, later] = compareEventTime(a, b) <= 0 ? [a, b] : [b, a];
    const earlierName = CASE_EVENT_NAMES[earlier.type];
    const laterName = CASE_EVENT_NAMES[later.type];
    const eventIds = events
      .filter((event) => event.type === first || event.type === second)
      .map((event) => event.id)
      .slice(0, MAX_ATTENTION_EVENT_IDS);
    return [
      {
        code: 'contradictory-outcome' as const,
        eventIds,
        message:
          `结果冲突：「${earlierName.zh}」（${earlier.id}）与「${laterName.zh}」（${later.id}）不能同时成立，` +
          `状态暂显示为「${statusName.zh}」，请主管裁定。 / ` +
          `Contradictory outcomes: ${earlierName.en} (${earlier.id}) and ${laterName.en} (${later.id}); ` +
          `the status shows ${statusName.en.toLowerCase()} until a supervisor decides.`,
      },
    ];
  });
}

/**
 * Contradictions first, so that the cap on attention entries never hides one; then events the state machine refused,
 * except those a contradiction already names (one decision, one entry).
 */
function attentionFor(replay: CaseReplay): CaseAttention[] {
  const contradictions = contradictionAttention(replay.events, replay.state.status);
  const named = new Set(contradictions.flatMap((entry) => entry.eventIds));
  const refusals = replay.refused
    .filter(({ event }) => !named.has(event.id))
    .map(({ event, refusal }) => ({
      code: 'illegal-transition' as const,
      eventIds: [event.id],
      message: `${refusal.message.zh} / ${refusal.message.en}`,
    }));
  return [...contradictions, ...refusals].slice(0, MAX_ATTENTION);
}

/**
 * The case document for a log. A pure function of the identity and the set of events (their order in the input does
 * not matter), which is what makes merging by union commutative, associative and idempotent.
 *
 * `paidFen` sums every recorded payment, `waived` included: it is the amount no longer owed, so a case is settled when
 * `paidFen >= totalFeeFen`. Cash reconciliation reads the payment events by method, not this total.
 */
export function projectCase(identity: CaseIdentity, events: readonly CaseEvent[]): Case {
  const replay = replayCase(identity.siteCode, events);
  const { state } = replay;
  const [genesis] = replay.events as [CaseEvent, ...CaseEvent[]];
  const dueDates = state.items.flatMap((item) => (item.dueDate === undefined ? [] : [item.dueDate])).sort();
  return {
    ...identityOf(identity),
    sharedWithSites: state.sharedWithSites.slice(0, MAX_SHARED_SITES),
    status: state.status,
    applicant: state.applicant,
    items: state.items,
    totalFeeFen: Math.min(
      MAX_FEN,
      state.items.reduce((sum, item) => sum + item.feeFen, 0),
    ),
    paidFen: state.paidFen,
    dueDate: dueDates.at(-1) ?? '',
    acceptedAt: genesis.at,
    updatedAt: replay.events.reduce((latest, event) => (event.at > latest ? event.at : latest), genesis.at),
    attention: attentionFor(replay),
    events: replay.events,
  };
}

/** What the citizen still owes; never negative. */
export function outstandingFen(current: Pick<Case, 'totalFeeFen' | 'paidFen'>): number {
  return Math.max(0, current.totalFeeFen - current.paidFen);
}

/** Requested materials not yet received, including ones no item lists (the back office may ask for anything). */
export function outstandingMaterialRequests(current: Pick<Case, 'siteCode' | 'events'>): string[] {
  return replayCase(current.siteCode, current.events).state.outstandingRequests;
}

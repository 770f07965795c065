import type { CaseEvent } from '../../schemas/case.ts';
import { BUSINESS_TYPE_NAMES, type LocalizedName } from '../../schemas/common.ts';
import type { Officer } from '../../schemas/officer.ts';
import type { CaseErrorCode } from './errors.ts';

/**
 * Supervisor overrides (越权受理授权): an officer may accept items of a business type they hold no authorisation
 * for only when a supervisor who holds it authorises that, with their PIN, at the counter. The case records it as an
 * `authorisation-overridden` event, one per business type, with the acceptance.
 *
 * Two kinds of rule apply. What the log alone shows (the override comes with the acceptance, names the accepting
 * officer and the case's items) is checked by the replay (`refusalFor` in project.ts), so every replica reads a log
 * the same way. Who may give an override needs the officers: the counter checks it against its replicated officers
 * when the case is saved (`acceptCase`), and the hub against its own when the case is first pushed
 * (hub/sync/validate.ts), both with this function.
 */

export type AuthorisationOverriddenEvent = Extract<CaseEvent, { type: 'authorisation-overridden' }>;

/** What the rule needs to know of the supervisor named by an override. */
export type OverrideSupervisor = Pick<Officer, 'id' | 'role' | 'authorisedBusinessTypes'>;

export interface OverrideRefusal {
  code: Extract<
    CaseErrorCode,
    | 'override-supervisor-unknown'
    | 'override-not-supervisor'
    | 'override-supervisor-not-authorised'
    | 'override-by-accepting-officer'
  >;
  message: LocalizedName;
}

/**
 * Why `supervisor` may not give this override, or undefined when they may. `supervisor` is the officer the override
 * names (`supervisorId`), undefined when no such officer is known.
 */
export function supervisorOverrideRefusal(
  override: Pick<AuthorisationOverriddenEvent, 'supervisorId' | 'officerId' | 'businessType'>,
  supervisor: OverrideSupervisor | undefined,
): OverrideRefusal | undefined {
  const type = BUSINESS_TYPE_NAMES[override.businessType];
  if (supervisor === undefined || supervisor.id !== override.supervisorId) {
    return {
      code: 'override-supervisor-unknown',
      message: {
        zh: `授权的值班领导 ${override.supervisorId} 不在民警名单中`,
        en: `The authorising supervisor ${override.supervisorId} is not a known officer.`,
      },
    };
  }
  if (supervisor.id === override.officerId) {
    return {
      code: 'override-by-accepting-officer',
      message: {
        zh: `受理民警 ${override.officerId} 不能为自己授权`,
        en: `The accepting officer ${override.officerId} cannot authorise their own acceptance.`,
      },
    };
  }
  if (supervisor.role !== 'supervisor') {
    return {
      code: 'override-not-supervisor',
      message: {
        zh: `${supervisor.id} 不是值班领导，不能授权越权受理`,
        en: `${supervisor.id} is not a supervisor and cannot authorise an override.`,
      },
    };
  }
  if (!supervisor.authorisedBusinessTypes.includes(override.businessType)) {
    return {
      code: 'override-supervisor-not-authorised',
      message: {
        zh: `值班领导 ${supervisor.id} 本人没有「${type.zh}」业务授权，不能授权受理`,
        en: `Supervisor ${supervisor.id} holds no authorisation for ${type.en.toLowerCase()} and cannot authorise it.`,
      },
    };
  }
  return undefined;
}

/** The override events of a log, in log order. */
export function overridesOf(events: readonly CaseEvent[]): AuthorisationOverriddenEvent[] {
  return events.filter((event): event is AuthorisationOverriddenEvent => event.type === 'authorisation-overridden');
}

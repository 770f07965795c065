import { COLLECTIONS, type Case, type CollectionName, type Officer } from '../../shared/schemas/index.ts';
import {
  identityOf,
  overridesOf,
  projectCase,
  replayCase,
  supervisorOverrideRefusal,
} from '../../shared/domain/case/index.ts';
import { validateIdDocument } from '../../shared/domain/identity/index.ts';
import { sameJson } from '../../shared/sync/stable-json.ts';

export type Verdict = { ok: true } | { ok: false; code: string; reason: string };

export interface ValidationContext {
  /** Codes of the services in the hub's catalogue. */
  serviceCodes: ReadonlySet<string>;
  /** The master state the write replaces, if any. */
  current: Record<string, unknown> | undefined;
  /**
   * The officers the hub knows among those a pushed case's supervisor overrides name (`supervisorIdsOf`); an id
   * absent here is an unknown officer. Only needed for cases.
   */
  officers?: ReadonlyMap<string, Officer>;
  /**
   * The pushing device's site. A case's events new to the hub must have been recorded there: a device may add its own
   * site's acts to a case shared with it, not another site's (an approval that only the back office may give, say).
   */
  siteCode?: string;
}

const refuse = (code: string, reason: string): Verdict => ({ ok: false, code, reason });

/**
 * Checks a pushed document against the shared schema and the domain rules. A document that fails is set aside with
 * the reason and reported to its device; it never blocks the rest of the push.
 */
export function validatePushedDocument(
  collection: CollectionName,
  doc: Record<string, unknown>,
  deleted: boolean,
  ctx: ValidationContext,
): Verdict {
  const parsed = COLLECTIONS[collection].zod.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse('schema', `${issue.path.join('.') || '(document)'}: ${issue.message}`);
  }
  if (ctx.current && ctx.current.siteCode !== undefined && ctx.current.siteCode !== doc.siteCode)
    return refuse('identity-changed', 'siteCode cannot change once a document exists');
  if (collection === 'cases')
    return deleted
      ? refuse('case-delete', 'cases are never deleted; cancel them instead')
      : checkCase(parsed.data as Case, ctx);
  if (collection === 'appointments' || collection === 'tickets') return checkServiceCode(doc.serviceCode, ctx);
  return { ok: true };
}

function checkServiceCode(code: unknown, ctx: ValidationContext): Verdict {
  if (typeof code === 'string' && !ctx.serviceCodes.has(code))
    return refuse('unknown-service', `service ${code} is not in the hub's catalogue`);
  return { ok: true };
}

function checkCase(doc: Case, ctx: ValidationContext): Verdict {
  const id = validateIdDocument(doc.applicant.idType, doc.applicant.idNumber);
  if (!id.ok) return refuse(`applicant-${id.code}`, `applicant.idNumber: ${id.message.zh} / ${id.message.en}`);
  if (id.value !== doc.applicant.idNumber)
    return refuse('applicant-id-not-normalised', `applicant.idNumber must be stored as ${id.value}`);
  for (const [index, item] of doc.items.entries()) {
    const verdict = checkServiceCode(item.serviceCode, ctx);
    if (!verdict.ok) return refuse(verdict.code, `items[${index}].serviceCode: ${verdict.reason}`);
  }
  // Every derived field must be what the shared state machine derives from the events: a client that stored
  // something else is out of step with the domain rules, and the hub would spread its mistake to other sites.
  let projected: Case;
  try {
    projected = projectCase(identityOf(doc), doc.events);
  } catch (error) {
    const e = error as { code?: string; message: string };
    return refuse(e.code ?? 'invalid-case', e.message);
  }
  if (!sameJson(projected, doc))
    return refuse('projection-mismatch', 'the case fields do not match what its event log derives');

  const current = ctx.current as Case | undefined;
  if (ctx.siteCode !== undefined) {
    const held = new Set((current?.events ?? []).map((event) => event.id));
    const foreign = doc.events.find((event) => !held.has(event.id) && event.siteCode !== ctx.siteCode);
    if (foreign)
      return refuse(
        'event-other-site',
        `event ${foreign.id} (${foreign.type}) is recorded at ${foreign.siteCode}, but this device is at ` +
          `${ctx.siteCode}: a device adds only its own site's acts to a case`,
      );
  }
  const overrideVerdict = checkNewOverrides(projected, current, ctx);
  if (!overrideVerdict.ok) return overrideVerdict;
  if (current) {
    // The log is append-only: a replica may add events, never drop one the hub already has.
    const have = new Set(doc.events.map((e) => e.id));
    const dropped = current.events.filter((e) => !have.has(e.id));
    if (dropped.length > 0)
      return refuse(
        'events-removed',
        `the push drops ${dropped.length} event(s) the hub holds, e.g. ${dropped[0]!.id}`,
      );
  } else if (projected.attention.some((a) => a.code === 'illegal-transition')) {
    // A brand-new case with an impossible history is bad data. On an existing case the same flag can be the honest
    // result of merging replicas edited apart, and is left for a supervisor.
    const first = projected.attention.find((a) => a.code === 'illegal-transition')!;
    return refuse('illegal-event-sequence', first.message);
  }
  return { ok: true };
}

/**
 * Supervisor overrides the hub has not seen before must come with the acceptance and name a supervisor the hub knows,
 * with the supervisor role and the business type (shared/domain/case/override.ts). Overrides already held are not
 * checked again: who may authorise is judged when the authorisation is given, and a supervisor's role or
 * authorisations changing later must not make the case's next push (a payment, a forwarding) fail.
 */
function checkNewOverrides(doc: Case, current: Case | undefined, ctx: ValidationContext): Verdict {
  const held = new Set((current?.events ?? []).map((event) => event.id));
  const fresh = overridesOf(doc.events).filter((event) => !held.has(event.id));
  if (fresh.length === 0) return { ok: true };
  const refusedIds = new Map(replayCase(doc.siteCode, doc.events).refused.map((r) => [r.event.id, r.refusal]));
  for (const event of fresh) {
    const placement = refusedIds.get(event.id);
    if (placement) return refuse(placement.code, `${placement.message.zh} / ${placement.message.en}`);
    const refusal = supervisorOverrideRefusal(event, ctx.officers?.get(event.supervisorId));
    if (refusal) return refuse(refusal.code, `${refusal.message.zh} / ${refusal.message.en}`);
  }
  return { ok: true };
}

/** The supervisors named by the overrides in pushed case documents, for looking them up before validating. */
export function supervisorIdsOf(docs: readonly Record<string, unknown>[]): string[] {
  const ids = new Set<string>();
  for (const doc of docs) {
    if (!Array.isArray(doc.events)) continue;
    for (const event of doc.events as unknown[]) {
      const candidate = event as { type?: unknown; supervisorId?: unknown } | null;
      if (candidate?.type === 'authorisation-overridden' && typeof candidate.supervisorId === 'string')
        ids.add(candidate.supervisorId);
    }
  }
  return [...ids];
}

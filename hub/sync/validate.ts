import { COLLECTIONS, type CollectionName } from '../../shared/schemas/index.ts';

export type Verdict = { ok: true } | { ok: false; code: string; reason: string };

export interface ValidationContext {
  /** Codes of the services in the hub's catalogue. */
  serviceCodes: ReadonlySet<string>;
  /** The master state the write replaces, if any. */
  current: Record<string, unknown> | undefined;
}

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
    return { ok: false, code: 'schema', reason: `${issue.path.join('.') || '(document)'}: ${issue.message}` };
  }
  if (ctx.current && ctx.current.siteCode !== undefined && ctx.current.siteCode !== doc.siteCode)
    return { ok: false, code: 'identity-changed', reason: 'siteCode cannot change once a document exists' };
  if (deleted && collection === 'cases')
    return { ok: false, code: 'case-delete', reason: 'cases are never deleted; cancel them instead' };
  return domainRules[collection]?.(doc, ctx) ?? { ok: true };
}

type Rule = (doc: Record<string, unknown>, ctx: ValidationContext) => Verdict;

const domainRules: Partial<Record<CollectionName, Rule>> = {};

/** Registers the domain checks of a collection (ID numbers, known services, a legal event sequence …). */
export function registerDomainRule(collection: CollectionName, rule: Rule): void {
  domainRules[collection] = rule;
}

import type { Case, CaseEvent } from '../../schemas/case.ts';
import { stableStringify } from '../../sync/stable-json.ts';
import { caseError } from './errors.ts';
import { identityOf, projectCase, type CaseIdentity } from './project.ts';

const IDENTITY_FIELDS = ['id', 'caseNumber', 'siteCode', 'counter'] as const satisfies readonly (keyof CaseIdentity)[];

/**
 * The union of logs by event id. Ids are UUID v7 made where the event happened, so one id is one event. Should two
 * copies of an id ever differ (a corrupted replica), the one whose canonical JSON sorts first is kept, so that the
 * choice does not depend on which replica is merged into which.
 */
export function unionEvents(...logs: readonly (readonly CaseEvent[])[]): CaseEvent[] {
  const byId = new Map<string, { event: CaseEvent; json: string }>();
  for (const event of logs.flat()) {
    const json = stableStringify(event);
    const kept = byId.get(event.id);
    if (kept === undefined || json < kept.json) byId.set(event.id, { event, json });
  }
  return [...byId.values()].map(({ event }) => event);
}

/**
 * Merges two replicas of one case: the union of their events, projected again. Because the projection depends only
 * on the set of events, merging is commutative, associative and idempotent, and replicas converge whatever the order
 * in which they meet. Contradictory outcomes are not resolved here; the projection flags them in `attention`.
 */
export function mergeCases(a: Case, b: Case): Case {
  const differing = IDENTITY_FIELDS.filter((field) => a[field] !== b[field]);
  if (differing.length > 0) {
    const detail = differing.map((field) => `${field}: ${String(a[field])} ≠ ${String(b[field])}`).join('; ');
    throw caseError(
      'case-identity-mismatch',
      `不是同一个案件，不能合并（${detail}）`,
      `These are not replicas of one case and cannot be merged (${detail}).`,
    );
  }
  return projectCase(identityOf(a), unionEvents(a.events, b.events));
}

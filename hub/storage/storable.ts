/**
 * What PostgreSQL can store, checked before a write: text and jsonb hold no NUL and no lone UTF-16 surrogate, and
 * deeply nested input overflows the stack. Input that breaks these is the sender's mistake (a 400 or a refusal), never
 * a failed insert (a 500).
 */

/**
 * No document of ours is more than a handful of levels deep (a case: events → items → materials). Deeper input is
 * garbage, and let through it would overflow the stack in JSON.stringify and PostgreSQL's jsonb parser (a 500).
 */
export const MAX_DOCUMENT_DEPTH = 32;

/** Text PostgreSQL cannot store in text or jsonb: NUL, and UTF-16 surrogates that are not half of a pair. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
export const UNSTORABLE_TEXT = /[\u0000\p{Cs}]/gu;
export const hasUnstorableText = (text: string): boolean => text.search(UNSTORABLE_TEXT) >= 0;

/** Walked without recursion, so that the check itself cannot overflow the stack. */
export function inspectDocument(document: unknown): { tooDeep: boolean; unstorableText: boolean } {
  let unstorableText = false;
  const pending: Array<[unknown, number]> = [[document, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === 'string') unstorableText ||= hasUnstorableText(value);
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DOCUMENT_DEPTH) return { tooDeep: true, unstorableText };
    for (const [key, child] of Object.entries(value)) {
      unstorableText ||= hasUnstorableText(key);
      pending.push([child, depth + 1]);
    }
  }
  return { tooDeep: false, unstorableText };
}

/** A copy that can be stored, for the record of a refused document (its depth is already checked). */
export function storableCopy(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE_TEXT, '\ufffd');
  if (Array.isArray(value)) return value.map(storableCopy);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableCopy(k), storableCopy(v)]));
}

/** Throws the error `problem` makes when `value` holds text PostgreSQL cannot store or is nested too deep. */
export function assertStorable(value: unknown, problem: (message: string) => Error): void {
  const state = inspectDocument(value);
  if (state.tooDeep) throw problem(`nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
  if (state.unstorableText) throw problem('a text contains a NUL character or a lone UTF-16 surrogate');
}

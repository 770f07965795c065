/**
 * JSON with object keys sorted, so two documents that differ only in key order compare equal. PostgreSQL's jsonb
 * reorders keys, and the hub must still recognise a re-sent document as the one it already holds.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

const isPlain = (value: unknown): boolean => value === null || typeof value !== 'object';
const hasHole = (array: readonly unknown[]): boolean => {
  for (let i = 0; i < array.length; i++) if (!(i in array)) return true;
  return false;
};
/** The value of an own enumerable key (those Object.entries lists), else undefined. */
const defined = (value: object, key: string): unknown =>
  Object.prototype.propertyIsEnumerable.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;

/**
 * `stableStringify(a) === stableStringify(b)`, without building either text: it stops at the first difference and,
 * on JSON values, allocates nothing. The hub compares every pushed case with what its events derive, and building the
 * two texts was the larger part of that check.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isPlain(a) || isPlain(b)) {
    // Two plain values can still write the same text (NaN and null, say); a plain value never writes an object's.
    return isPlain(a) && isPlain(b) && (JSON.stringify(a) ?? 'null') === (JSON.stringify(b) ?? 'null');
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    // A hole writes nothing (map skips it, join leaves it empty): [] and [,] write the same. JSON never has holes.
    if (hasHole(a) || hasHole(b)) return stableStringify(a) === stableStringify(b);
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++)
      if (!sameJson(a[i] === undefined ? null : a[i], b[i] === undefined ? null : b[i])) return false;
    return true;
  }
  // Keys holding undefined are left out of the text, so they do not count.
  let keys = 0;
  for (const key of Object.keys(a as object)) {
    const x = (a as Record<string, unknown>)[key];
    if (x === undefined) continue;
    keys++;
    const y = defined(b as object, key);
    if (y === undefined || !sameJson(x, y)) return false;
  }
  for (const key of Object.keys(b as object)) if ((b as Record<string, unknown>)[key] !== undefined) keys--;
  return keys === 0;
}

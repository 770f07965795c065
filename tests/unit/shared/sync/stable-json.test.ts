import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameJson, stableStringify } from '../../../../shared/sync/stable-json.ts';
import { makeCase } from '../../../helpers/cases.ts';

/** A copy with every object's keys in reverse order, as PostgreSQL's jsonb may hand a stored document back. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reordered(v)]),
  );
}

// Few leaves and few keys, so that two values drawn apart are often the same, and the values the text writes alike
// (NaN, Infinity and null; 0 and -0; undefined in an array and null) are met.
const leaf = fc.constantFrom<unknown>(0, -0, 1, 1.5, NaN, Infinity, null, undefined, true, false, '', 'a', 'b', '东庠');
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.sparseArray(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
  ),
}));

describe('sameJson', () => {
  it('finds a re-sent case the same whatever its key order, and a case one event field apart different', () => {
    const sent = makeCase({ siteCode: 'DX', sequence: 1 });
    expect(sameJson(sent, reordered(sent))).toBe(true);
    expect(sameJson(sent, { ...sent, unset: undefined })).toBe(true);

    const changed = structuredClone(sent);
    changed.events[0]!.at = '2026-01-01T00:00:00.000Z';
    expect(sameJson(sent, changed)).toBe(false);
    expect(sameJson(sent, { ...sent, events: sent.events.slice(1) })).toBe(false);
    expect(sameJson(sent, { ...sent, extra: null })).toBe(false);
    // A key the text leaves out (not enumerable) does not make a match.
    const hidden = Object.defineProperty({ note: 'a' }, 'other', { value: 'b', enumerable: false });
    expect(sameJson({ other: 'b' }, hidden)).toBe(false);
    expect(sameJson(hidden, { note: 'a' })).toBe(true);
  });

  it('agrees with comparing the stable texts, for any two values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(stableStringify(a) === stableStringify(b));
        expect(sameJson(a, reordered(a))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});

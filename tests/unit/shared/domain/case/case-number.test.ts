import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseNumberSchema } from '../../../../../shared/schemas/case.ts';
import {
  CaseDomainError,
  InMemoryCaseNumberSequenceStore,
  allocateCaseNumber,
  caseNumberSequenceKey,
  formatCaseNumber,
  localDateOf,
  parseCaseNumber,
  type CaseNumberSequenceStore,
} from '../../../../../shared/domain/case/index.ts';

const SITES = ['DX', 'NH', 'YT', 'DL', 'HT', 'JS', 'JJ'];
const COUNTERS = [1, 2, 3, 4, 5, 6];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof CaseDomainError ? error.code : 'not-a-case-error';
  }
  return undefined;
}

/** A store that answers late and in random order, as a disk-backed one would. */
class SlowStore implements CaseNumberSequenceStore {
  readonly inner = new InMemoryCaseNumberSequenceStore();
  async next(key: string): Promise<number> {
    const sequence = await this.inner.next(key);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
    return sequence;
  }
}

describe('case numbers', () => {
  it('formats site, date, counter and a zero-padded sequence', () => {
    expect(formatCaseNumber({ siteCode: 'DX', date: '2026-11-26', counter: 2, sequence: 7 })).toBe(
      'DX-20261126-02-0007',
    );
    expect(formatCaseNumber({ siteCode: 'HT', date: '2026-01-05', counter: 0, sequence: 123_456 })).toBe(
      'HT-20260105-00-123456',
    );
  });

  it('parses what it formats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SITES),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 999_999 }),
        (siteCode, date, counter, sequence) => {
          const parts = { siteCode, date: date.toISOString().slice(0, 10), counter, sequence };
          const caseNumber = formatCaseNumber(parts);
          expect(caseNumberSchema.safeParse(caseNumber).success).toBe(true);
          expect(parseCaseNumber(caseNumber)).toEqual(parts);
        },
      ),
    );
  });

  it('refuses parts it cannot write', () => {
    const good = { siteCode: 'DX', date: '2026-11-26', counter: 2, sequence: 7 };
    expect(codeOf(() => formatCaseNumber({ ...good, siteCode: 'dx' }))).toBe('invalid-case-number-part');
    expect(codeOf(() => formatCaseNumber({ ...good, date: '2026-02-29' }))).toBe('invalid-case-number-part');
    expect(codeOf(() => formatCaseNumber({ ...good, counter: 100 }))).toBe('invalid-case-number-part');
    expect(codeOf(() => formatCaseNumber({ ...good, sequence: 0 }))).toBe('invalid-case-number-part');
    expect(codeOf(() => formatCaseNumber({ ...good, sequence: 1_000_000 }))).toBe('invalid-case-number-part');
    expect(codeOf(() => formatCaseNumber({ ...good, date: '2028-02-29' }))).toBeUndefined();
  });

  it('refuses to parse numbers it would not have written', () => {
    for (const text of [
      'DX-20261126-02-0000',
      'DX-20260230-02-0001',
      'DX-20261126-02-00123',
      'dx-20261126-02-0001',
      'DX-20261126-2-0001',
      '',
    ]) {
      expect(
        codeOf(() => parseCaseNumber(text)),
        text,
      ).toBe('invalid-case-number');
    }
  });

  it('keys sequences by site, day and counter', () => {
    expect(caseNumberSequenceKey({ siteCode: 'DX', date: '2026-11-26', counter: 2 })).toBe('DX-20261126-02');
  });

  it('numbers a counter 1, 2, 3 and starts again the next day', async () => {
    const store = new InMemoryCaseNumberSequenceStore();
    const today = { siteCode: 'DX', date: '2026-11-26', counter: 2 };
    expect(await allocateCaseNumber(store, today)).toBe('DX-20261126-02-0001');
    expect(await allocateCaseNumber(store, today)).toBe('DX-20261126-02-0002');
    expect(await allocateCaseNumber(store, { ...today, counter: 3 })).toBe('DX-20261126-03-0001');
    expect(await allocateCaseNumber(store, { ...today, date: '2026-11-27' })).toBe('DX-20261127-02-0001');
    expect(await allocateCaseNumber(store, today)).toBe('DX-20261126-02-0003');
  });

  it('continues from a persisted last sequence', async () => {
    const store = new InMemoryCaseNumberSequenceStore({ 'NH-20261126-01': 41 });
    expect(await allocateCaseNumber(store, { siteCode: 'NH', date: '2026-11-26', counter: 1 })).toBe(
      'NH-20261126-01-0042',
    );
    expect(store.last('NH-20261126-01')).toBe(42);
  });

  it('refuses to hand out a number past the last sequence of the day', async () => {
    const store = new InMemoryCaseNumberSequenceStore({ 'NH-20261126-01': 999_999 });
    await expect(allocateCaseNumber(store, { siteCode: 'NH', date: '2026-11-26', counter: 1 })).rejects.toMatchObject({
      code: 'sequence-exhausted',
    });
  });

  it('gives thousands of concurrent allocations across 7 sites and 6 counters distinct, valid numbers', async () => {
    const store = new SlowStore();
    const requests = SITES.flatMap((siteCode) =>
      COUNTERS.flatMap((counter) =>
        ['2026-11-26', '2026-11-27'].flatMap((date) => Array.from({ length: 60 }, () => ({ siteCode, counter, date }))),
      ),
    );
    const shuffled =
      fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length }), { numRuns: 1, seed: 7 })[0] ?? [];
    expect(shuffled).toHaveLength(5_040);
    const numbers = await Promise.all(shuffled.map((parts) => allocateCaseNumber(store, parts)));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const caseNumber of numbers) expect(caseNumberSchema.safeParse(caseNumber).success).toBe(true);
    for (const siteCode of SITES) {
      for (const counter of COUNTERS) {
        const mine = numbers
          .filter((n) => n.startsWith(`${siteCode}-20261126-0${counter}-`))
          .map((n) => parseCaseNumber(n).sequence);
        expect(mine.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      }
    }
  });

  it('dates a case number by Beijing time, not by the machine zone', () => {
    expect(localDateOf(new Date('2026-11-26T15:59:59.999Z'))).toBe('2026-11-26');
    expect(localDateOf(new Date('2026-11-26T16:00:00.000Z'))).toBe('2026-11-27');
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFieldPath, validateCatalogue, type CatalogueProblem } from '../../../../shared/catalogue/validate.ts';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import type { Catalogue, ServiceItem } from '../../../../shared/schemas/index.ts';

const passportRenewal = (): ServiceItem => ({
  code: 'EE-PASSPORT-RENEW',
  businessType: 'exit-entry',
  categoryCode: 'EE-PASSPORT',
  name: { zh: '普通护照换发', en: 'Passport renewal' },
  keywords: ['护照到期'],
  materials: [
    { code: 'id-card', name: { zh: '居民身份证', en: 'Resident ID card' }, required: true },
    { code: 'old-passport', name: { zh: '原护照', en: 'Current passport' }, required: true },
  ],
  fee: { amountFen: 12_000, options: [], verified: true },
  timeLimits: [
    { kind: 'statutory', value: 15, unit: '日', verified: true },
    { kind: 'promised', value: 7, unit: '工作日', verified: true },
  ],
  route: 'back-office',
  biometrics: { photo: true, fingerprint: true, idCardRead: true },
  islandAccepted: true,
  verified: true,
  sources: ['S29'],
  active: true,
  order: 0,
});

const idCardRenewal = (): ServiceItem => ({
  ...passportRenewal(),
  code: 'HR-IDCARD-RENEW',
  businessType: 'household',
  categoryCode: 'HR-IDCARD',
  name: { zh: '居民身份证到期换领', en: 'ID card renewal' },
  fee: {
    amountFen: 2000,
    options: [{ code: 'lost', name: { zh: '丢失补领', en: 'Lost card' }, amountFen: 4000 }],
    verified: true,
  },
  order: 1,
});

const validCatalogue = (): Catalogue => ({
  version: 'test-1',
  categories: [
    { code: 'EE-PASSPORT', businessType: 'exit-entry', name: { zh: '普通护照', en: 'Ordinary passports' }, order: 0 },
    {
      code: 'HR-IDCARD',
      businessType: 'household',
      name: { zh: '居民身份证', en: 'Resident identity cards' },
      order: 0,
    },
  ],
  items: [passportRenewal(), idCardRenewal()],
});

const DELETE = Symbol('delete');

/**
 * A valid catalogue with some values replaced (or deleted with DELETE), addressed by the same paths the problems use:
 * `{ 'items[1].fee.amountFen': -100 }`. Untyped on purpose: the point is to put wrong values anywhere.
 */
function broken(edits: Record<string, unknown>): unknown {
  const copy: unknown = structuredClone(validCatalogue());
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== '');
    const last = keys.pop();
    let target = copy as Record<string, unknown>;
    for (const key of keys) target = target[key] as Record<string, unknown>;
    if (last === undefined) throw new Error(`empty path ${path}`);
    if (value === DELETE) delete target[last];
    else target[last] = value;
  }
  return copy;
}

function problemsOf(input: unknown): CatalogueProblem[] {
  const result = validateCatalogue(input);
  if (result.ok) throw new Error('expected the catalogue to be rejected');
  return result.problems;
}

describe('validateCatalogue', () => {
  it('accepts a valid catalogue and counts its items, categories and business types', () => {
    const result = validateCatalogue(validCatalogue());
    expect(result).toEqual({
      ok: true,
      catalogue: validCatalogue(),
      summary: { items: 2, categories: 2, businessTypes: 2 },
    });
  });

  it('accepts the seed catalogue', () => {
    const result = validateCatalogue(seedCatalogue);
    if (!result.ok) expect(result.problems.map((p) => p.message.en)).toEqual([]);
    expect(result.ok && result.summary).toEqual({
      items: seedCatalogue.items.length,
      categories: seedCatalogue.categories.length,
      businessTypes: new Set(seedCatalogue.categories.map((c) => c.businessType)).size,
    });
  });

  it('reports a duplicate item code with the item code and field', () => {
    const problems = problemsOf(
      broken({
        'items[1].code': 'EE-PASSPORT-RENEW',
        'items[1].businessType': 'exit-entry',
        'items[1].categoryCode': 'EE-PASSPORT',
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        itemCode: 'EE-PASSPORT-RENEW',
        itemIndex: 1,
        field: 'code',
        code: 'duplicate-item-code',
      }),
    ]);
    expect(problems[0]?.message.zh).toContain('EE-PASSPORT-RENEW');
    expect(problems[0]?.message.en).toContain('duplicate item code');
  });

  it('reports a duplicate category code', () => {
    const problems = problemsOf(broken({ 'categories[2]': { ...validCatalogue().categories[0], order: 5 } }));
    expect(problems).toEqual([
      expect.objectContaining({
        categoryCode: 'EE-PASSPORT',
        categoryIndex: 2,
        field: 'code',
        code: 'duplicate-category-code',
      }),
    ]);
  });

  it('reports an item whose category does not exist', () => {
    const problems = problemsOf(broken({ 'items[0].categoryCode': 'EE-NOWHERE' }));
    expect(problems).toEqual([
      expect.objectContaining({ itemCode: 'EE-PASSPORT-RENEW', field: 'categoryCode', code: 'unknown-category' }),
    ]);
    expect(problems[0]?.message.en).toContain('EE-NOWHERE');
  });

  it("reports an item whose business type differs from its category's", () => {
    const problems = problemsOf(broken({ 'items[0].businessType': 'traffic' }));
    expect(problems).toEqual([
      expect.objectContaining({ itemCode: 'EE-PASSPORT-RENEW', field: 'businessType', code: 'business-type-mismatch' }),
    ]);
    expect(problems[0]?.message.zh).toContain('交管');
    expect(problems[0]?.message.zh).toContain('出入境');
  });

  it('reports negative fees, default and optional, once each', () => {
    const problems = problemsOf(broken({ 'items[0].fee.amountFen': -100, 'items[1].fee.options[0].amountFen': -1 }));
    expect(problems.map((p) => [p.itemCode, p.field, p.code])).toEqual([
      ['EE-PASSPORT-RENEW', 'fee.amountFen', 'negative-fee'],
      ['HR-IDCARD-RENEW', 'fee.options[0].amountFen', 'negative-fee'],
    ]);
  });

  it('reports missing, empty and blank names of items, categories and materials', () => {
    const problems = problemsOf(
      broken({
        'items[0].name.zh': '',
        'items[1].name': DELETE,
        'categories[0].name.en': '   ',
        'items[0].materials[1].name': { zh: '原护照' },
      }),
    );
    expect(problems.map((p) => [p.itemCode ?? p.categoryCode, p.field, p.code])).toEqual([
      ['EE-PASSPORT', 'name.en', 'missing-name'],
      ['EE-PASSPORT-RENEW', 'name.zh', 'missing-name'],
      ['EE-PASSPORT-RENEW', 'materials[1].name.en', 'missing-name'],
      ['HR-IDCARD-RENEW', 'name', 'missing-name'],
    ]);
  });

  it('reports time-limit units other than 日 and 工作日, and unknown kinds', () => {
    const problems = problemsOf(
      broken({
        'items[0].timeLimits[1].unit': '天',
        'items[1].timeLimits[0].unit': 'days',
        'items[1].timeLimits[1].kind': 'typical',
      }),
    );
    expect(problems.map((p) => [p.itemCode, p.field, p.code])).toEqual([
      ['EE-PASSPORT-RENEW', 'timeLimits[1].unit', 'bad-time-limit-unit'],
      ['HR-IDCARD-RENEW', 'timeLimits[0].unit', 'bad-time-limit-unit'],
      ['HR-IDCARD-RENEW', 'timeLimits[1].kind', 'bad-time-limit-kind'],
    ]);
    expect(problems[0]?.message.zh).toContain('"天"');
  });

  it('maps every schema issue to the item and the field path inside it', () => {
    const problems = problemsOf(
      broken({
        'items[0].route': 'walk-in',
        'items[0].materials[0].code': 'ID Card',
        'items[1].biometrics.iris': true,
        'items[1].order': 1.5,
      }),
    );
    expect(problems.map((p) => [p.itemCode, p.field, p.code])).toEqual([
      ['EE-PASSPORT-RENEW', 'materials[0].code', 'schema:invalid_format'],
      ['EE-PASSPORT-RENEW', 'route', 'schema:invalid_value'],
      ['HR-IDCARD-RENEW', 'biometrics.iris', 'schema:unrecognized_keys'],
      ['HR-IDCARD-RENEW', 'order', 'schema:invalid_type'],
    ]);
  });

  it('names an item by its position when its code is unusable', () => {
    const problems = problemsOf(broken({ 'items[1].code': DELETE }));
    expect(problems).toEqual([expect.objectContaining({ itemIndex: 1, field: 'code', code: 'schema:invalid_type' })]);
    expect(problems[0]?.itemCode).toBeUndefined();
    expect(problems[0]?.message.en).toBe('item #2, code: missing (expected string)');
  });

  it('reports top-level problems against the catalogue', () => {
    const problems = problemsOf({ categories: 'none', items: [] });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['version', 'schema:invalid_type'],
      ['categories', 'schema:invalid_type'],
    ]);
    expect(problemsOf(null).map((p) => p.field)).toEqual(['(whole entry)']);
  });

  it('collects the problems of every item instead of stopping at the first', () => {
    const problems = problemsOf(
      broken({
        items: Array.from({ length: 300 }, (_, i) => ({
          ...passportRenewal(),
          code: `EE-ITEM-${i}`,
          fee: { amountFen: -i - 1, options: [], verified: true },
          order: i,
        })),
      }),
    );
    expect(problems).toHaveLength(300);
    expect(new Set(problems.map((p) => p.itemCode)).size).toBe(300);
  });

  it('puts the item code and the field into both languages of every message, Chinese first', () => {
    const problems = problemsOf(
      broken({
        'items[0].fee.amountFen': -5,
        'items[0].timeLimits[0].unit': 'week',
        'items[1].name.en': '',
        'items[1].categoryCode': 'HR-NOWHERE',
        'items[1].keywords': [''],
      }),
    );
    expect(problems.length).toBe(5);
    for (const problem of problems) {
      for (const text of [problem.message.zh, problem.message.en]) {
        expect(text).toContain(problem.itemCode);
        expect(text).toContain(problem.field);
      }
      expect(problem.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('leaves valid catalogues valid under any reordering of items', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(validCatalogue().items, { minLength: 0 }), (items) => {
        const result = validateCatalogue({ ...validCatalogue(), items });
        expect(result.ok && result.summary.items).toBe(items.length);
      }),
    );
  });
});

describe('formatFieldPath', () => {
  it('writes array indexes in brackets and keys with dots', () => {
    expect(formatFieldPath(['timeLimits', 1, 'unit'])).toBe('timeLimits[1].unit');
    expect(formatFieldPath(['fee', 'options', 0, 'amountFen'])).toBe('fee.options[0].amountFen');
    expect(formatFieldPath([])).toBe('');
  });
});

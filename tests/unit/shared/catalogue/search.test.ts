import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import {
  createCatalogueSearch,
  FIELD_BONUS,
  normalizeQuery,
  TIER_SCORE,
  type CatalogueSearch,
  type SearchHit,
} from '../../../../shared/catalogue/search.ts';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import { serviceItemSchema, type ServiceItem } from '../../../../shared/schemas/catalogue.ts';
import type { BusinessType } from '../../../../shared/schemas/common.ts';

const BUSINESS_TYPE_OF_PREFIX: Record<string, BusinessType> = {
  EE: 'exit-entry',
  HR: 'household',
  PO: 'public-order',
  TR: 'traffic',
};

interface ItemSpec {
  code: string;
  categoryCode: string;
  zh: string;
  en: string;
  order: number;
  keywords?: string[];
  active?: boolean;
  islandAccepted?: boolean;
}

/** A schema-valid item; only what search reads varies. */
function serviceItem(spec: ItemSpec): ServiceItem {
  return serviceItemSchema.parse({
    code: spec.code,
    businessType: BUSINESS_TYPE_OF_PREFIX[spec.code.slice(0, 2)],
    categoryCode: spec.categoryCode,
    name: { zh: spec.zh, en: spec.en },
    keywords: spec.keywords ?? [],
    materials: [],
    fee: { amountFen: 0, options: [], verified: true },
    timeLimits: [],
    route: 'on-the-spot',
    biometrics: { photo: false, fingerprint: false, idCardRead: true },
    islandAccepted: spec.islandAccepted ?? true,
    verified: true,
    sources: [],
    active: spec.active ?? true,
    order: spec.order,
  });
}

// Listed out of catalogue order on purpose: the index must sort by `order`, not trust the array.
const fixture: ServiceItem[] = [
  serviceItem({
    code: 'TR-VEH-TRANSFER',
    categoryCode: 'TR-VEH-REG',
    zh: '机动车转移登记',
    en: 'Change of vehicle owner',
    keywords: ['过户', '二手车过户'],
    order: 61,
  }),
  serviceItem({
    code: 'EE-PASSPORT-FIRST',
    categoryCode: 'EE-PASSPORT',
    zh: '普通护照首次申领',
    en: 'Ordinary passport, first issue',
    keywords: ['办护照', '护照'],
    order: 10,
  }),
  serviceItem({
    code: 'EE-PASSPORT-RENEW',
    categoryCode: 'EE-PASSPORT',
    zh: '护照换发',
    en: 'Passport renewal',
    keywords: ['换护照', '护照到期'],
    order: 11,
  }),
  serviceItem({
    code: 'EE-PASSPORT-REPLACE',
    categoryCode: 'EE-PASSPORT',
    zh: '护照补发（遗失或被盗）',
    en: 'Passport replacement (lost or stolen)',
    keywords: ['补护照'],
    islandAccepted: false,
    order: 12,
  }),
  serviceItem({
    code: 'EE-PASSPORT-OBS-OLD',
    categoryCode: 'EE-PASSPORT',
    zh: '护照加注（旧版）',
    en: 'Passport observation (old form)',
    active: false,
    order: 13,
  }),
  serviceItem({
    code: 'EE-EEP-FIRST',
    categoryCode: 'EE-HKMO-PERMIT',
    zh: '往来港澳通行证首次申领',
    en: 'Exit-entry permit for Hong Kong and Macau, first issue',
    keywords: ['港澳通行证', '港澳证'],
    order: 20,
  }),
  serviceItem({
    code: 'HR-IDCARD-RENEW',
    categoryCode: 'HR-IDCARD',
    zh: '居民身份证有效期满换领',
    en: 'Resident ID card renewal on expiry',
    keywords: ['身份证到期', '换身份证'],
    order: 30,
  }),
  serviceItem({
    code: 'HR-IDCARD-LOST',
    categoryCode: 'HR-IDCARD',
    zh: '居民身份证丢失补领',
    en: 'Resident ID card replacement after loss',
    keywords: ['身份证丢了'],
    islandAccepted: false,
    order: 31,
  }),
  serviceItem({
    code: 'HR-NEWBORN',
    categoryCode: 'HR-BIRTH-DEATH',
    zh: '新生儿入户',
    en: 'Household registration of a newborn',
    keywords: ['报户口', '出生登记'],
    order: 32,
  }),
  serviceItem({
    code: 'HR-IDNUMBER-CORRECT',
    categoryCode: 'HR-ITEM-CHANGE',
    zh: '公民身份号码重号更正',
    en: 'Correction of a duplicated citizen ID number',
    order: 33,
  }),
  serviceItem({
    code: 'PO-HOTEL-LICENCE',
    categoryCode: 'PO-HOTEL',
    zh: '旅馆业特种行业许可证核发',
    en: 'Hotel special-trade licence, first issue',
    keywords: ['旅馆', '宾馆'],
    order: 40,
  }),
  serviceItem({
    code: 'PO-PRECURSOR-2-PURCHASE',
    categoryCode: 'PO-HAZARDOUS',
    zh: '第二类易制毒化学品购买备案证明',
    en: 'Category-2 precursor chemical purchase filing',
    order: 41,
  }),
  serviceItem({
    code: 'TR-DL-RENEW',
    categoryCode: 'TR-DL-CHANGE',
    zh: '驾驶证期满换证',
    en: 'Driving-licence renewal on expiry',
    keywords: ['驾照到期', '换驾照'],
    order: 50,
  }),
  serviceItem({
    code: 'TR-DL-FIRST-CAR',
    categoryCode: 'TR-DL-NEW',
    zh: '初次申领驾驶证（小型汽车 C1/C2）',
    en: 'First driving licence for cars (C1/C2)',
    keywords: ['考驾照'],
    order: 51,
  }),
  serviceItem({
    code: 'TR-VL-REPLACE',
    categoryCode: 'TR-VEH-DOCS',
    zh: '补领机动车行驶证',
    en: 'Vehicle licence replacement',
    keywords: ['补证'],
    order: 60,
  }),
];

const catalogue = createCatalogueSearch(fixture);
const codes = (hits: SearchHit[]): string[] => hits.map((hit) => hit.item.code);
const searchCodes = (query: string, search: CatalogueSearch = catalogue): string[] => codes(search.search(query));
const hitFor = (hits: SearchHit[], code: string): SearchHit | undefined => hits.find((hit) => hit.item.code === code);

describe('createCatalogueSearch', () => {
  describe('matching', () => {
    it('finds Chinese substrings of names', () => {
      expect(searchCodes('护照')).toEqual(
        expect.arrayContaining(['EE-PASSPORT-FIRST', 'EE-PASSPORT-RENEW', 'EE-PASSPORT-REPLACE']),
      );
      const hits = catalogue.search('换证');
      expect(codes(hits)).toEqual(['TR-DL-RENEW']);
      expect(hits[0]).toMatchObject({ tier: 'substring', matchedOn: 'name', matchedText: '驾驶证期满换证' });
    });

    it('finds full pinyin typed with or without spaces, tones ignored', () => {
      expect(searchCodes('huzhaohuanfa')[0]).toBe('EE-PASSPORT-RENEW');
      expect(catalogue.search('huzhaohuanfa')[0]).toMatchObject({ tier: 'exact', matchedOn: 'pinyin' });
      expect(searchCodes('hu zhao')).toEqual(searchCodes('huzhao'));
      expect(searchCodes('huzhao')).toEqual(
        expect.arrayContaining(['EE-PASSPORT-FIRST', 'EE-PASSPORT-RENEW', 'EE-PASSPORT-REPLACE']),
      );
      expect(hitFor(catalogue.search('huanzheng'), 'TR-DL-RENEW')).toMatchObject({
        tier: 'substring',
        matchedOn: 'pinyin',
      });
    });

    it('finds pinyin initials', () => {
      expect(searchCodes('hz').slice(0, 2)).toEqual(['EE-PASSPORT-RENEW', 'EE-PASSPORT-REPLACE']);
      expect(catalogue.search('hz')[0]).toMatchObject({ tier: 'prefix', matchedOn: 'initials' });
      expect(searchCodes('sfz')).toEqual(['HR-IDCARD-RENEW', 'HR-IDCARD-LOST']);
      expect(searchCodes('jsz')).toEqual(['TR-DL-RENEW', 'TR-DL-FIRST-CAR']);
      expect(hitFor(catalogue.search('jsz'), 'TR-DL-FIRST-CAR')).toMatchObject({ tier: 'initials' });
    });

    it('finds polyphonic characters by any of their readings', () => {
      // 行 is xing in 行驶证 (and hang in 银行); 重 is chong in 重号 although pinyin-pro's context reading is zhong.
      expect(searchCodes('xsz')).toEqual(['TR-VL-REPLACE']);
      expect(searchCodes('xingshizheng')).toEqual(['TR-VL-REPLACE']);
      expect(searchCodes('chonghao')).toEqual(['HR-IDNUMBER-CORRECT']);
      expect(searchCodes('zhonghao')).toEqual(['HR-IDNUMBER-CORRECT']);
    });

    it('accepts ü typed as v or u', () => {
      expect(searchCodes('lvguan')[0]).toBe('PO-HOTEL-LICENCE');
      expect(searchCodes('luguan')[0]).toBe('PO-HOTEL-LICENCE');
      expect(searchCodes('lüguan')[0]).toBe('PO-HOTEL-LICENCE');
    });

    it('finds a partly typed last syllable and pinyin mixed with characters', () => {
      expect(searchCodes('huzh')[0]).toBe('EE-PASSPORT-RENEW');
      expect(searchCodes('hzhuanf')[0]).toBe('EE-PASSPORT-RENEW');
      expect(searchCodes('护zhao')[0]).toBe('EE-PASSPORT-RENEW');
      expect(catalogue.search('护zhao')[0]).toMatchObject({ tier: 'prefix', matchedOn: 'name' });
    });

    it('finds English names by case-insensitive word prefixes in any order', () => {
      expect(searchCodes('PASSPORT').slice(0, 2)).toEqual(['EE-PASSPORT-RENEW', 'EE-PASSPORT-REPLACE']);
      expect(searchCodes('passport')).toContain('EE-PASSPORT-FIRST');
      const drivingLic = catalogue.search('driving lic');
      expect(codes(drivingLic)).toEqual(['TR-DL-RENEW', 'TR-DL-FIRST-CAR']);
      expect(drivingLic[0]).toMatchObject({ tier: 'prefix', matchedOn: 'english' });
      expect(drivingLic[1]).toMatchObject({ tier: 'substring', matchedOn: 'english' });
      expect(searchCodes('licence driv')).toEqual(['TR-DL-RENEW', 'TR-DL-FIRST-CAR']);
      expect(searchCodes('assport')).toEqual([]);
    });

    it('finds item codes whole, by prefix and by segment', () => {
      expect(catalogue.search('EE-PASSPORT-RENEW')[0]).toMatchObject({
        item: { code: 'EE-PASSPORT-RENEW' },
        tier: 'exact',
        matchedOn: 'code',
      });
      expect(searchCodes('EE-PASS')).toEqual(['EE-PASSPORT-FIRST', 'EE-PASSPORT-RENEW', 'EE-PASSPORT-REPLACE']);
      const transfer = catalogue.search('transfer');
      expect(codes(transfer)).toEqual(['TR-VEH-TRANSFER']);
      expect(transfer[0]).toMatchObject({ tier: 'substring', matchedOn: 'code', matchedText: 'TR-VEH-TRANSFER' });
    });

    it('finds keywords as characters, pinyin and initials', () => {
      for (const query of ['过户', 'guohu']) {
        expect(catalogue.search(query)[0]).toMatchObject({
          item: { code: 'TR-VEH-TRANSFER' },
          tier: 'exact',
          matchedOn: 'keyword',
          matchedText: '过户',
        });
      }
      expect(catalogue.search('esc')[0]).toMatchObject({
        item: { code: 'TR-VEH-TRANSFER' },
        tier: 'prefix',
        matchedOn: 'keyword',
        matchedText: '二手车过户',
      });
    });

    it('finds letters and digits inside Chinese names', () => {
      expect(searchCodes('c1')).toEqual(['TR-DL-FIRST-CAR']);
      expect(searchCodes('驾驶证c1')).toEqual([]);
      expect(searchCodes('小型汽车c1')).toEqual(['TR-DL-FIRST-CAR']);
    });

    it('returns nothing for a query that matches nothing', () => {
      expect(catalogue.search('zzzz')).toEqual([]);
      expect(catalogue.search('签证')).toEqual([]);
      expect(catalogue.search('hao zhao')).toEqual([]);
    });
  });

  describe('ranking', () => {
    it('ranks an exact name above a name prefix above a substring, whatever the catalogue order', () => {
      const search = createCatalogueSearch([
        serviceItem({
          code: 'EE-PASSPORT-FIRST',
          categoryCode: 'EE-PASSPORT',
          zh: '普通护照首次申领',
          en: 'Ordinary passport',
          order: 0,
        }),
        serviceItem({
          code: 'EE-PASSPORT-RENEW',
          categoryCode: 'EE-PASSPORT',
          zh: '护照换发',
          en: 'Passport renewal',
          order: 1,
        }),
        serviceItem({ code: 'EE-PASSPORT', categoryCode: 'EE-PASSPORT', zh: '护照', en: 'Passports', order: 2 }),
      ]);
      const hits = search.search('护照');
      expect(codes(hits)).toEqual(['EE-PASSPORT', 'EE-PASSPORT-RENEW', 'EE-PASSPORT-FIRST']);
      expect(hits.map((hit) => hit.tier)).toEqual(['exact', 'prefix', 'substring']);
    });

    it('ranks a name prefix in initials above initials further in', () => {
      const search = createCatalogueSearch([
        serviceItem({
          code: 'EE-PASSPORT-FIRST',
          categoryCode: 'EE-PASSPORT',
          zh: '普通护照首次申领',
          en: 'Ordinary passport',
          order: 0,
        }),
        serviceItem({
          code: 'EE-PASSPORT-RENEW',
          categoryCode: 'EE-PASSPORT',
          zh: '护照换发',
          en: 'Passport renewal',
          order: 1,
        }),
      ]);
      const hits = search.search('hz');
      expect(codes(hits)).toEqual(['EE-PASSPORT-RENEW', 'EE-PASSPORT-FIRST']);
      expect(hits.map((hit) => hit.tier)).toEqual(['prefix', 'initials']);
    });

    it('ranks initials further in above pinyin further in', () => {
      // er: 儿 入 are initials e r in 新生儿入户; in 第二类 it is the full syllable 二.
      const search = createCatalogueSearch([
        serviceItem({
          code: 'PO-PRECURSOR-2-PURCHASE',
          categoryCode: 'PO-HAZARDOUS',
          zh: '第二类易制毒化学品购买备案证明',
          en: 'Category-2 precursor chemical purchase filing',
          order: 0,
        }),
        serviceItem({ code: 'HR-NEWBORN', categoryCode: 'HR-BIRTH-DEATH', zh: '新生儿入户', en: 'Newborn', order: 1 }),
      ]);
      const hits = search.search('er');
      expect(codes(hits)).toEqual(['HR-NEWBORN', 'PO-PRECURSOR-2-PURCHASE']);
      expect(hits.map((hit) => [hit.tier, hit.matchedOn])).toEqual([
        ['initials', 'initials'],
        ['substring', 'pinyin'],
      ]);
    });

    it('ranks a match on the name above the same kind of match on a keyword', () => {
      const search = createCatalogueSearch([
        serviceItem({
          code: 'EE-PASSPORT-FIRST',
          categoryCode: 'EE-PASSPORT',
          zh: '普通护照首次申领',
          en: 'Ordinary passport',
          keywords: ['护照首次申领'],
          order: 0,
        }),
        serviceItem({
          code: 'EE-PASSPORT-RENEW',
          categoryCode: 'EE-PASSPORT',
          zh: '护照换发',
          en: 'Renewal',
          order: 1,
        }),
      ]);
      const hits = search.search('护照');
      expect(codes(hits)).toEqual(['EE-PASSPORT-RENEW', 'EE-PASSPORT-FIRST']);
      expect(hits.map((hit) => [hit.tier, hit.matchedOn])).toEqual([
        ['prefix', 'name'],
        ['prefix', 'keyword'],
      ]);
      expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
    });

    it('breaks ties by order, then by code, whatever order the items were given in', () => {
      const items = [
        serviceItem({
          code: 'EE-PASSPORT-RENEW',
          categoryCode: 'EE-PASSPORT',
          zh: '护照换发',
          en: 'Renewal',
          order: 5,
        }),
        serviceItem({
          code: 'EE-PASSPORT-REPLACE',
          categoryCode: 'EE-PASSPORT',
          zh: '护照补发',
          en: 'Replacement',
          order: 2,
        }),
        serviceItem({
          code: 'EE-PASSPORT-ENDORSE',
          categoryCode: 'EE-PASSPORT',
          zh: '护照加注',
          en: 'Observation',
          order: 5,
        }),
      ];
      const expected = ['EE-PASSPORT-REPLACE', 'EE-PASSPORT-ENDORSE', 'EE-PASSPORT-RENEW'];
      expect(searchCodes('护照', createCatalogueSearch(items))).toEqual(expected);
      expect(searchCodes('护照', createCatalogueSearch([...items].reverse()))).toEqual(expected);
      expect(
        new Set(
          createCatalogueSearch(items)
            .search('hz')
            .map((hit) => hit.score),
        ).size,
      ).toBe(1);
    });

    it('keeps ties in catalogue order when a longer catalogue is cut at the limit', () => {
      const variants = Array.from({ length: 30 }, (_, i) =>
        serviceItem({
          code: `EE-PASSPORT-V${String(i).padStart(2, '0')}`,
          categoryCode: 'EE-PASSPORT',
          zh: `护照换发（第${i + 1}类）`,
          en: `Passport renewal, variant ${i + 1}`,
          order: 29 - i,
        }),
      );
      const search = createCatalogueSearch(variants);
      const byOrder = [...variants].sort((a, b) => a.order - b.order).map((item) => item.code);
      expect(searchCodes('hzhf', search)).toEqual(byOrder.slice(0, 20));
      expect(codes(search.search('hzhf', { limit: Infinity }))).toEqual(byOrder);
    });

    it('applies the limit to the ranked hits, so a better match late in the catalogue is not cut off', () => {
      const keywordMatches = Array.from({ length: 3 }, (_, i) =>
        serviceItem({
          code: `EE-PASSPORT-K${i}`,
          categoryCode: 'EE-PASSPORT',
          zh: `普通护照第${i + 1}项`,
          en: `Passport item ${i + 1}`,
          keywords: ['护照到期'],
          order: i,
        }),
      );
      const nameMatch = serviceItem({
        code: 'EE-PASSPORT-RENEW',
        categoryCode: 'EE-PASSPORT',
        zh: '护照换发',
        en: 'Renewal',
        order: 3,
      });
      expect(searchCodes('护照', createCatalogueSearch([...keywordMatches, nameMatch])).slice(0, 1)).toEqual([
        'EE-PASSPORT-RENEW',
      ]);
      expect(codes(createCatalogueSearch([...keywordMatches, nameMatch]).search('护照', { limit: 1 }))).toEqual([
        'EE-PASSPORT-RENEW',
      ]);

      const pinyinMatches = Array.from({ length: 3 }, (_, i) =>
        serviceItem({
          code: `PO-PRECURSOR-2-V${i}`,
          categoryCode: 'PO-HAZARDOUS',
          zh: `第二类易制毒化学品（第${i + 1}种）`,
          en: `Category-2 precursor ${i + 1}`,
          order: i,
        }),
      );
      const initialsMatch = serviceItem({
        code: 'HR-NEWBORN',
        categoryCode: 'HR-BIRTH-DEATH',
        zh: '新生儿入户',
        en: 'Newborn',
        order: 3,
      });
      expect(codes(createCatalogueSearch([...pinyinMatches, initialsMatch]).search('er', { limit: 1 }))).toEqual([
        'HR-NEWBORN',
      ]);
    });

    it('scores every hit as its tier plus its field bonus, best first, ties in catalogue order', () => {
      const sortedFixture = [...fixture].sort((a, b) => a.order - b.order);
      const rank = new Map(sortedFixture.map((item, i) => [item.code, i]));
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...'hzsfjxabceinou 护照证驾驶身份换-1'.split('')), { maxLength: 6 }),
          (chars) => {
            const hits = catalogue.search(chars.join(''), { limit: Infinity });
            hits.forEach((hit, i) => {
              expect(hit.score).toBe(TIER_SCORE[hit.tier] + FIELD_BONUS[hit.matchedOn]);
              expect(hit.item.active).toBe(true);
              const previous = hits[i - 1];
              if (previous) {
                const inOrder =
                  previous.score > hit.score ||
                  (previous.score === hit.score &&
                    (rank.get(previous.item.code) ?? 0) < (rank.get(hit.item.code) ?? 0));
                expect(inOrder).toBe(true);
              }
            });
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('filters', () => {
    it('hides inactive items unless asked for them', () => {
      expect(searchCodes('护照加注')).toEqual([]);
      expect(searchCodes('EE-PASSPORT-OBS-OLD')).toEqual([]);
      expect(codes(catalogue.search('护照加注', { includeInactive: true }))).toEqual(['EE-PASSPORT-OBS-OLD']);
      expect(codes(catalogue.search('hz', { includeInactive: true, limit: Infinity }))).toContain(
        'EE-PASSPORT-OBS-OLD',
      );
    });

    it('filters by business type and category', () => {
      const traffic = catalogue.search('证', { businessType: 'traffic', limit: Infinity });
      expect(codes(traffic)).toEqual(['TR-DL-RENEW', 'TR-DL-FIRST-CAR', 'TR-VL-REPLACE']);
      const household = catalogue.search('sfz', { categoryCode: 'HR-IDCARD' });
      expect(codes(household)).toEqual(['HR-IDCARD-RENEW', 'HR-IDCARD-LOST']);
      expect(catalogue.search('sfz', { categoryCode: 'EE-PASSPORT' })).toEqual([]);
    });

    it('keeps only items the island sub-centres accept when islandOnly is set', () => {
      expect(searchCodes('护照')).toContain('EE-PASSPORT-REPLACE');
      const island = codes(catalogue.search('护照', { islandOnly: true }));
      expect(island).toEqual(['EE-PASSPORT-FIRST', 'EE-PASSPORT-RENEW']);
      expect(codes(catalogue.search('sfz', { islandOnly: true }))).toEqual(['HR-IDCARD-RENEW']);
    });

    it('returns at most 20 hits by default, and the limit asked for', () => {
      const many = createCatalogueSearch(
        Array.from({ length: 25 }, (_, i) =>
          serviceItem({
            code: `TR-DL-V${i}`,
            categoryCode: 'TR-DL-CHANGE',
            zh: `驾驶证换证（第${i + 1}类）`,
            en: 'Driving-licence renewal',
            order: i,
          }),
        ),
      );
      expect(many.search('jsz')).toHaveLength(20);
      expect(many.search('jsz', { limit: 3 })).toHaveLength(3);
      expect(many.search('jsz', { limit: Infinity })).toHaveLength(25);
      expect(many.search('jsz', { limit: 0 })).toEqual([]);
    });
  });

  describe('query normalisation', () => {
    it('treats full-width letters, upper case and extra spaces like what they stand for', () => {
      expect(searchCodes('ｈｚ')).toEqual(searchCodes('hz'));
      expect(searchCodes('HZ')).toEqual(searchCodes('hz'));
      expect(searchCodes('  Hu   ZHAO  ')).toEqual(searchCodes('huzhao'));
      expect(searchCodes('ＥＥ－ＰＡＳＳ')).toEqual(searchCodes('EE-PASS'));
      expect(catalogue.search('护照　换发')[0]).toMatchObject({ item: { code: 'EE-PASSPORT-RENEW' }, tier: 'exact' });
    });

    it("ignores a scanner's trailing newline", () => {
      for (const query of ['EE-PASSPORT-RENEW\n', 'EE-PASSPORT-RENEW\r\n', 'ee-passport-renew\t\n']) {
        expect(catalogue.search(query)[0]).toMatchObject({ item: { code: 'EE-PASSPORT-RENEW' }, tier: 'exact' });
      }
    });

    it('returns nothing for an empty query or one without letters, digits or Chinese characters', () => {
      for (const query of ['', '   ', '\n', '　', '——', '-', '（）']) expect(catalogue.search(query)).toEqual([]);
    });

    it('normalises a query string on its own', () => {
      expect(normalizeQuery('  ＨＵ　Zhao\r\n')).toBe('hu zhao');
      expect(normalizeQuery('Lü  GUAN')).toBe('lv guan');
      expect(normalizeQuery('ＥＥ－ＰＡＳＳ')).toBe('ee-pass');
    });
  });
});

/**
 * Facts that hold for any realistic catalogue containing the items they talk about. Each says whether it applies,
 * i.e. whether the catalogue has the item it needs; a fact that applies is then checked against that item, so no
 * check passes for want of data.
 */
interface CatalogueFact {
  title: string;
  applies: boolean;
  check: () => void;
}

function catalogueFacts(items: readonly ServiceItem[]): CatalogueFact[] {
  let built: CatalogueSearch | undefined;
  const search = (query: string, opts?: Parameters<CatalogueSearch['search']>[1]): SearchHit[] => {
    built ??= createCatalogueSearch(items);
    return built.search(query, opts);
  };
  const all = { limit: Infinity };
  const active = items.filter((item) => item.active);
  const inactive = items.filter((item) => !item.active);
  const mentions = (item: ServiceItem, text: string): boolean =>
    item.name.zh.includes(text) || item.keywords.some((keyword) => keyword.includes(text));
  const named = (text: string): ServiceItem[] => active.filter((item) => item.name.zh.includes(text));
  const expectFound = (query: string, expected: readonly ServiceItem[]): void => {
    const found = codes(search(query, all));
    for (const item of expected) expect(found, `${query} finds ${item.name.zh}`).toContain(item.code);
  };
  const expectFirstMentions = (query: string, text: string): void => {
    const first = search(query)[0];
    expect(first, `${query} finds something`).toBeDefined();
    if (first) expect(mentions(first.item, text), `${query} first finds ${first.item.name.zh}`).toBe(true);
  };
  const initialsOf4 = (zh: string): string | null => {
    const head = zh.slice(0, 4);
    if (!/^[\u4e00-\u9fff]{4}$/.test(head)) return null;
    // The reading pinyin-pro gives in context, as an officer would read the name.
    return pinyin(head, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
  };
  const startingWithFourCharacters = active.filter((item) => initialsOf4(item.name.zh) !== null);
  const englishWith = (pattern: RegExp): ServiceItem[] => active.filter((item) => pattern.test(item.name.en));

  return [
    {
      title: "'hz' finds a passport item first, and every item whose name starts with 护照 from the start",
      applies: active.some((item) => item.name.zh.startsWith('护照')),
      check: () => {
        expectFirstMentions('hz', '护照');
        const hits = search('hz', all);
        for (const item of active.filter((i) => i.name.zh.startsWith('护照'))) {
          expect(hitFor(hits, item.code)?.tier, item.name.zh).toBe('prefix');
        }
      },
    },
    {
      title: "'huzhao', 'hu zhao' and '护照' find every item whose name contains 护照, a passport item first",
      applies: named('护照').length > 0,
      check: () => {
        for (const query of ['huzhao', 'hu zhao', '护照']) {
          expectFirstMentions(query, '护照');
          expectFound(query, named('护照'));
        }
      },
    },
    {
      title: "'sfz' and '身份证' find every item whose name contains 身份证, an ID-card item first",
      applies: named('身份证').length > 0,
      check: () => {
        for (const query of ['sfz', '身份证']) {
          expectFirstMentions(query, '身份证');
          expectFound(query, named('身份证'));
        }
      },
    },
    {
      title: "'jsz' finds every item whose name contains 驾驶证, a driving-licence item first",
      applies: named('驾驶证').length > 0,
      check: () => {
        expectFirstMentions('jsz', '驾驶证');
        expectFound('jsz', named('驾驶证'));
      },
    },
    {
      title: "'xsz' and 'xingshizheng' find every item whose name contains 行驶证",
      applies: named('行驶证').length > 0,
      check: () => {
        expectFound('xsz', named('行驶证'));
        expectFound('xingshizheng', named('行驶证'));
      },
    },
    {
      title: "'chonghao' finds every item that mentions 重号",
      applies: active.some((item) => mentions(item, '重号')),
      check: () =>
        expectFound(
          'chonghao',
          active.filter((item) => mentions(item, '重号')),
        ),
    },
    {
      title: "'换证' finds every item whose name contains 换证",
      applies: named('换证').length > 0,
      check: () => expectFound('换证', named('换证')),
    },
    {
      title: "'passport' finds every item whose English name has the word, one of them first",
      applies: englishWith(/\bpassport/i).length > 0,
      check: () => {
        expectFound('passport', englishWith(/\bpassport/i));
        const first = search('passport')[0];
        expect(first && /passport/i.test(`${first.item.name.en} ${first.item.keywords.join(' ')}`)).toBe(true);
      },
    },
    {
      title: "'driving lic' finds every item whose English name says driving licence",
      applies: englishWith(/\bdriving[\s-]+lic/i).length > 0,
      check: () => expectFound('driving lic', englishWith(/\bdriving[\s-]+lic/i)),
    },
    {
      title: 'every active item comes first for its own code, as an exact code match',
      applies: active.length > 0,
      check: () => {
        for (const item of active) {
          expect(search(item.code)[0], item.code).toMatchObject({
            item: { code: item.code },
            tier: 'exact',
            matchedOn: 'code',
          });
        }
      },
    },
    {
      title: 'every active item is an exact hit for its own Chinese and English names',
      applies: active.length > 0,
      check: () => {
        for (const item of active) {
          for (const name of [item.name.zh, item.name.en]) {
            expect(hitFor(search(name, all), item.code)?.tier, `${item.code} by ${name}`).toBe('exact');
          }
        }
      },
    },
    {
      title: 'every active item whose name starts with four characters is found from the start by their initials',
      applies: startingWithFourCharacters.length > 0,
      check: () => {
        for (const item of startingWithFourCharacters) {
          const initials = initialsOf4(item.name.zh) ?? '';
          expect(['prefix', 'exact'], `${item.name.zh} by ${initials}`).toContain(
            hitFor(search(initials, all), item.code)?.tier,
          );
        }
      },
    },
    {
      title: 'filters keep only the business type asked for and still find its items',
      applies: active.length > 0,
      check: () => {
        for (const item of active) {
          const hits = search(item.name.zh, { businessType: item.businessType, limit: Infinity });
          expect(codes(hits)).toContain(item.code);
          expect(hits.every((hit) => hit.item.businessType === item.businessType)).toBe(true);
        }
      },
    },
    {
      title: 'inactive items are found by their code only when asked for',
      applies: inactive.length > 0,
      check: () => {
        for (const item of inactive) {
          expect(codes(search(item.code))).not.toContain(item.code);
          expect(codes(search(item.code, { includeInactive: true }))).toContain(item.code);
        }
      },
    },
  ];
}

describe('catalogue facts', () => {
  describe('on the fixture', () => {
    const facts = catalogueFacts(fixture);
    it('has the items every fact needs', () => {
      expect(facts.filter((fact) => !fact.applies).map((fact) => fact.title)).toEqual([]);
    });
    for (const fact of facts) it(fact.title, fact.check);
  });

  describe('on the seed catalogue', () => {
    it('indexes every seed item', () => {
      expect(createCatalogueSearch(seedCatalogue.items).size).toBe(seedCatalogue.items.length);
    });
    // The seed is being filled in; a fact is checked as soon as the seed has the item it talks about.
    for (const fact of catalogueFacts(seedCatalogue.items)) if (fact.applies) it(fact.title, fact.check);
  });
});

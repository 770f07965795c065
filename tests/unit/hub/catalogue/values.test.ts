import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  codeFromName,
  parseBiometrics,
  parseBusinessType,
  parseFeeOptions,
  parseMaterials,
  parseRoute,
  parseTimeLimit,
  parseYesNo,
  parseYuanToFen,
  splitKeywords,
  splitSources,
  type Parsed,
} from '../../../../hub/catalogue/values.ts';

const value = <T>(result: Parsed<T>): T => {
  if (!result.ok) throw new Error(`expected a value, got: ${result.reason.en}`);
  return result.value;
};
const reason = <T>(result: Parsed<T>): string => {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return `${result.reason.zh} / ${result.reason.en}`;
};

describe('parseYuanToFen', () => {
  it.each([
    ['120', 12_000],
    ['12.50', 1250],
    ['12.5', 1250],
    ['0.05', 5],
    ['0', 0],
    ['007', 700],
    ['¥12.5元', 1250],
    ['１２．５０', 1250],
    ['1000000', 100_000_000],
  ])('reads %s yuan as %i fen', (text, fen) => {
    expect(value(parseYuanToFen(text))).toBe(fen);
  });

  it.each([
    ['十元', 'not an amount "十元"'],
    ['', 'not an amount'],
    ['1,200', 'not an amount'],
    ['1e3', 'not an amount'],
    ['.5', 'not an amount'],
    ['-1', 'must not be negative'],
    ['-0.5', 'must not be negative'],
    ['1.234', 'more than 2 decimals'],
    ['1000000.01', 'too large'],
  ])('rejects %s', (text, message) => {
    expect(reason(parseYuanToFen(text))).toContain(message);
  });

  it('gives back every amount written as yuan with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (fen) => {
        const text = `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(value(parseYuanToFen(text))).toBe(fen);
      }),
    );
  });
});

describe('parseTimeLimit', () => {
  it('reads calendar and working days, notes, the unverified mark and same-day limits', () => {
    expect(value(parseTimeLimit('15日'))).toEqual({ value: 15, unit: '日', verified: true });
    expect(value(parseTimeLimit('20 工作日'))).toEqual({ value: 20, unit: '工作日', verified: true });
    expect(value(parseTimeLimit('7个工作日？'))).toEqual({ value: 7, unit: '工作日', verified: false });
    expect(value(parseTimeLimit('3天'))).toEqual({ value: 3, unit: '日', verified: true });
    expect(value(parseTimeLimit('15日（跨省 20日）'))).toEqual({
      value: 15,
      unit: '日',
      note: '跨省 20日',
      verified: true,
    });
    expect(value(parseTimeLimit('当日'))).toEqual({ value: 0, unit: '日', verified: true });
    expect(value(parseTimeLimit('  '))).toBeUndefined();
  });

  it('rejects other units and limits beyond a year', () => {
    expect(reason(parseTimeLimit('2周'))).toContain('not a time limit "2周"');
    expect(reason(parseTimeLimit('15 days'))).toContain('not a time limit');
    expect(reason(parseTimeLimit('400日'))).toContain('over 365 days');
  });
});

describe('cell words', () => {
  it('reads business types in Chinese or as ids', () => {
    expect(['出入境', '户籍', '治安', '交管', 'traffic'].map((t) => value(parseBusinessType(t)))).toEqual([
      'exit-entry',
      'household',
      'public-order',
      'traffic',
      'traffic',
    ]);
    expect(reason(parseBusinessType('消防'))).toContain('not a business type "消防"');
  });

  it('reads routes', () => {
    expect(['即办', '当场', 'Y', '通常即办', '即办*', 'Y*', '后台', 'N'].map((t) => value(parseRoute(t)))).toEqual([
      'on-the-spot',
      'on-the-spot',
      'on-the-spot',
      'usually-on-the-spot',
      'usually-on-the-spot',
      'usually-on-the-spot',
      'back-office',
      'back-office',
    ]);
    expect(reason(parseRoute('网办'))).toContain('not a route');
  });

  it('reads biometrics in Chinese, as letters, or as none', () => {
    expect(value(parseBiometrics('照片 指纹 读证'))).toEqual({ photo: true, fingerprint: true, idCardRead: true });
    expect(value(parseBiometrics('P R'))).toEqual({ photo: true, fingerprint: false, idCardRead: true });
    expect(value(parseBiometrics('PF'))).toEqual({ photo: true, fingerprint: true, idCardRead: false });
    expect(value(parseBiometrics('无'))).toEqual({ photo: false, fingerprint: false, idCardRead: false });
    expect(reason(parseBiometrics('照片 虹膜'))).toContain('unknown biometric "虹膜"');
  });

  it('reads yes and no, with a default for an empty cell', () => {
    expect([value(parseYesNo('是', false)), value(parseYesNo('否', true)), value(parseYesNo('', true))]).toEqual([
      true,
      false,
      true,
    ]);
    expect(reason(parseYesNo('可能', true))).toContain('expected 是 (yes) or 否 (no)');
  });

  it('splits keywords and source tags', () => {
    expect(splitKeywords('护照；换护照;护照到期\n出国')).toEqual(['护照', '换护照', '护照到期', '出国']);
    expect(splitSources('[S28] S29、S30，S31')).toEqual(['S28', 'S29', 'S30', 'S31']);
  });
});

describe('parseMaterials', () => {
  it('reads one material per line or per ；, optional marks, English names and numbering', () => {
    expect(value(parseMaterials('1、居民身份证 | Resident ID card\n［可选］户口簿；(optional) 1寸照片'))).toEqual([
      { zh: '居民身份证', en: 'Resident ID card', required: true },
      { zh: '户口簿', required: false },
      { zh: '1寸照片', required: false },
    ]);
    expect(value(parseMaterials(''))).toEqual([]);
  });

  it('keeps the bureau’s own brackets in names', () => {
    expect(value(parseMaterials('照片（现场采集）'))).toEqual([{ zh: '照片（现场采集）', required: true }]);
  });

  it('rejects a material that has only an English name', () => {
    expect(reason(parseMaterials('| ID card'))).toContain('material without a Chinese name');
  });
});

describe('parseFeeOptions', () => {
  it('reads "name amount" pairs with optional English names', () => {
    expect(value(parseFeeOptions('一次有效 15；二次有效 | Double entry 30元\n1-2年多次：120.50'))).toEqual([
      { zh: '一次有效', en: '一次有效', amountFen: 1500 },
      { zh: '二次有效', en: 'Double entry', amountFen: 3000 },
      { zh: '1-2年多次', en: '1-2年多次', amountFen: 12_050 },
    ]);
  });

  it('rejects options without a name or with a bad amount', () => {
    expect(reason(parseFeeOptions('15'))).toContain('fee option must be "name amount"');
    expect(reason(parseFeeOptions('单次 -5'))).toContain('must not be negative');
    expect(reason(parseFeeOptions('单次 1.234'))).toContain('more than 2 decimals');
  });
});

describe('codeFromName', () => {
  it('spells the Chinese name in toneless pinyin, a dash per syllable', () => {
    expect(codeFromName('居民身份证', 50)).toBe('ju-min-shen-fen-zheng');
    expect(codeFromName('1寸照片', 50)).toBe('1-cun-zhao-pian');
    expect(codeFromName('旅馆业', 50)).toBe('lv-guan-ye');
  });

  it('cuts long names and keeps two long names with the same start apart', () => {
    const a = codeFromName('所在单位同意出境意见（登记备案的国家工作人员）', 32);
    const b = codeFromName('所在单位同意出境意见（登记备案的其他人员）', 32);
    expect(a.length).toBeLessThanOrEqual(32);
    expect(a).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(a).not.toBe(b);
  });

  it('is stable: the same name always gives the same code', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        expect(codeFromName(name, 50)).toBe(codeFromName(name, 50));
        expect(codeFromName(name, 50)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
    );
  });
});

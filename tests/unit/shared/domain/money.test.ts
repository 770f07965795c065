import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SAFE_FEN,
  YuanParseError,
  type YuanParseErrorCode,
  formatYuan,
  formatYuanWithSign,
  parseYuan,
  safeParseYuan,
  sumFen,
} from '../../../../shared/domain/money.ts';

function parseErrorOf(text: string, maxFen?: number): YuanParseError {
  const result = safeParseYuan(text, maxFen === undefined ? {} : { maxFen });
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${result.fen}`);
  return result.error;
}

describe('formatYuan', () => {
  it('writes fen as yuan with exactly two decimals', () => {
    expect(formatYuan(12000)).toBe('120.00');
    expect(formatYuan(12050)).toBe('120.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(100_000_000)).toBe('1000000.00');
  });

  it('is exact up to the largest safe integer', () => {
    expect(formatYuan(MAX_SAFE_FEN)).toBe('90071992547409.91');
  });

  it('keeps the sign of a negative amount', () => {
    expect(formatYuan(-50)).toBe('-0.50');
    expect(formatYuan(-12345)).toBe('-123.45');
  });

  it('refuses amounts that are not integer fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
    expect(() => formatYuan(MAX_SAFE_FEN + 1)).toThrow(RangeError);
  });
});

describe('formatYuanWithSign', () => {
  it('puts the yuan sign before the amount and the minus before the sign', () => {
    expect(formatYuanWithSign(12000)).toBe('¥120.00');
    expect(formatYuanWithSign(0)).toBe('¥0.00');
    expect(formatYuanWithSign(-50)).toBe('-¥0.50');
  });
});

describe('parseYuan', () => {
  it('reads whole yuan, one decimal and two decimals', () => {
    expect(parseYuan('120')).toBe(12000);
    expect(parseYuan('120.5')).toBe(12050);
    expect(parseYuan('120.50')).toBe(12050);
    expect(parseYuan('0.05')).toBe(5);
    expect(parseYuan('007.10')).toBe(710);
  });

  it('gets amounts right that binary floating point gets wrong', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.15 * 100 === 114.99999999999999 in floating point.
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('1.15')).toBe(115);
    expect(parseYuan('4.35')).toBe(435);
  });

  it('accepts surrounding spaces, a leading yuan sign and full-width input-method characters', () => {
    expect(parseYuan('  120.5 ')).toBe(12050);
    expect(parseYuan('¥120')).toBe(12000);
    expect(parseYuan('￥ 80')).toBe(8000);
    expect(parseYuan('１２０．５')).toBe(12050);
  });

  it('reads minus zero as zero', () => {
    expect(parseYuan('-0.00')).toBe(0);
  });

  const refusals: [string, YuanParseErrorCode][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['¥', 'empty'],
    ['abc', 'not-a-number'],
    ['12a', 'not-a-number'],
    ['1,200', 'not-a-number'],
    ['1e3', 'not-a-number'],
    ['1.', 'not-a-number'],
    ['.5', 'not-a-number'],
    ['+5', 'not-a-number'],
    ['1.2.3', 'not-a-number'],
    ['Infinity', 'not-a-number'],
    ['-5', 'negative'],
    ['-0.01', 'negative'],
    ['－３', 'negative'],
    ['1.234', 'too-many-decimals'],
    ['0.001', 'too-many-decimals'],
    ['90071992547409.92', 'overflow'],
    ['99999999999999999999', 'overflow'],
  ];
  it.each(refusals)('refuses %j with code %s', (text, code) => {
    expect(parseErrorOf(text).code).toBe(code);
  });

  it('throws a YuanParseError carrying the code and a Chinese and an English message', () => {
    let caught: unknown;
    try {
      parseYuan('-5');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(YuanParseError);
    const error = caught as YuanParseError;
    expect(error.code).toBe('negative');
    expect(error.input).toBe('-5');
    expect(error.localizedMessage).toEqual({ zh: '金额不能为负数', en: 'The amount cannot be negative.' });
  });

  it('names the limit in the overflow message when the caller sets one', () => {
    expect(parseYuan('1000000', { maxFen: 100_000_000 })).toBe(100_000_000);
    const error = parseErrorOf('1000000.01', 100_000_000);
    expect(error.code).toBe('overflow');
    expect(error.localizedMessage.zh).toContain('1000000.00');
    expect(error.localizedMessage.en).toContain('1000000.00');
  });

  it('refuses a limit that is not a non-negative safe integer', () => {
    expect(() => parseYuan('1', { maxFen: -1 })).toThrow(RangeError);
    expect(() => parseYuan('1', { maxFen: 0.5 })).toThrow(RangeError);
  });

  it('gives back every amount formatYuan writes, for all safe amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SAFE_FEN }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
        expect(parseYuan(formatYuanWithSign(fen))).toBe(fen);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with integer arithmetic on yuan and fen typed separately', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 99 }), (yuan, fen) => {
        expect(parseYuan(`${yuan}.${String(fen).padStart(2, '0')}`)).toBe(yuan * 100 + fen);
        if (fen % 10 === 0) expect(parseYuan(`${yuan}.${fen / 10}`)).toBe(yuan * 100 + fen);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but a YuanParseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = safeParseYuan(text);
        if (result.ok) expect(Number.isSafeInteger(result.fen) && result.fen >= 0).toBe(true);
        else expect(result.error).toBeInstanceOf(YuanParseError);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sumFen', () => {
  it('adds integer fen', () => {
    expect(sumFen([12000, 2050, 5])).toBe(14055);
    expect(sumFen([])).toBe(0);
  });

  it('throws on an amount that is not integer fen and says which item', () => {
    expect(() => sumFen([100, 0.1, 200])).toThrow(/item 1/);
    expect(() => sumFen([Number.NaN])).toThrow(RangeError);
    expect(() => sumFen([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('throws when the total would lose precision', () => {
    expect(() => sumFen([MAX_SAFE_FEN, 1])).toThrow(RangeError);
  });

  it('equals the sum of the parsed amounts, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 100_000_000 }), { maxLength: 50 }), (amounts) => {
        const reversed = [...amounts].reverse();
        expect(sumFen(amounts)).toBe(sumFen(reversed));
        expect(sumFen(amounts.map((fen) => parseYuan(formatYuan(fen))))).toBe(
          amounts.reduce((total, fen) => total + fen, 0),
        );
      }),
    );
  });
});

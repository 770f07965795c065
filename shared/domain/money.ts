import type { LocalizedName } from '../schemas/common.ts';

/**
 * Money is integer fen (1 yuan = 100 fen). Nothing here multiplies or divides a float: parsing works on the digits
 * of the text and formatting on the digits of the integer, so 0.1 + 0.2 style errors cannot reach a receipt.
 */

export const YUAN_SIGN = '¥';

/** The largest amount every function here handles exactly (about 90 trillion yuan). */
export const MAX_SAFE_FEN = Number.MAX_SAFE_INTEGER;

export const YUAN_PARSE_ERROR_CODES = ['empty', 'not-a-number', 'negative', 'too-many-decimals', 'overflow'] as const;
export type YuanParseErrorCode = (typeof YUAN_PARSE_ERROR_CODES)[number];

/** Thrown by `parseYuan`; `code` is for programs, `localizedMessage` is what an officer reads next to the field. */
export class YuanParseError extends Error {
  override readonly name = 'YuanParseError';
  readonly code: YuanParseErrorCode;
  readonly localizedMessage: LocalizedName;
  readonly input: string;

  constructor(code: YuanParseErrorCode, input: string, maxFen: number) {
    const localizedMessage = yuanParseMessage(code, maxFen);
    super(`${localizedMessage.en} (input: ${JSON.stringify(input)})`);
    this.code = code;
    this.localizedMessage = localizedMessage;
    this.input = input;
  }
}

function yuanParseMessage(code: YuanParseErrorCode, maxFen: number): LocalizedName {
  switch (code) {
    case 'empty':
      return { zh: '请输入金额', en: 'Enter an amount.' };
    case 'not-a-number':
      return {
        zh: '金额格式不正确，请输入如 120 或 120.50 的数字',
        en: 'Not an amount: enter a number such as 120 or 120.50.',
      };
    case 'negative':
      return { zh: '金额不能为负数', en: 'The amount cannot be negative.' };
    case 'too-many-decimals':
      return { zh: '金额最多保留两位小数（精确到分）', en: 'Use at most two decimals (the smallest unit is one fen).' };
    case 'overflow':
      return {
        zh: `金额不能超过 ${formatYuan(maxFen)} 元`,
        en: `The amount cannot exceed ${formatYuan(maxFen)} yuan.`,
      };
  }
}

export interface ParseYuanOptions {
  /** Upper bound in fen, inclusive; defaults to `MAX_SAFE_FEN`. Pass the form's own limit for a precise message. */
  maxFen?: number;
}

export type ParseYuanResult = { ok: true; fen: number } | { ok: false; error: YuanParseError };

/**
 * Reads an amount in yuan as typed at a counter: `'120'`, `'120.5'`, `'120.50'`, `' ¥120 '`. Full-width digits and
 * the full-width point from a Chinese input method are accepted because officers type with one. Thousands
 * separators, exponents and signs are refused rather than guessed at.
 */
export function parseYuan(text: string, options: ParseYuanOptions = {}): number {
  const result = safeParseYuan(text, options);
  if (!result.ok) throw result.error;
  return result.fen;
}

/** `parseYuan` for form validation: returns the error instead of throwing it. */
export function safeParseYuan(text: string, options: ParseYuanOptions = {}): ParseYuanResult {
  const maxFen = options.maxFen ?? MAX_SAFE_FEN;
  if (!Number.isSafeInteger(maxFen) || maxFen < 0) {
    throw new RangeError(`maxFen must be a non-negative safe integer, got ${maxFen}`);
  }
  const fail = (code: YuanParseErrorCode): ParseYuanResult => ({
    ok: false,
    error: new YuanParseError(code, text, maxFen),
  });

  const normalized = toHalfWidth(text)
    .trim()
    .replace(/^[¥￥]\s*/, '');
  if (normalized === '') return fail('empty');

  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(normalized);
  if (!match) return fail('not-a-number');
  const [, minus, integerDigits = '', fractionDigits = ''] = match;
  if (minus !== undefined && /[1-9]/.test(integerDigits + fractionDigits)) return fail('negative');
  if (fractionDigits.length > 2) return fail('too-many-decimals');

  const fenDigits = (integerDigits + fractionDigits.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (compareDigitStrings(fenDigits, String(maxFen)) > 0) return fail('overflow');
  // Exact: an integer string no larger than MAX_SAFE_INTEGER converts without rounding.
  return { ok: true, fen: Number(fenDigits) };
}

/** `120_00` → `'120.00'`; negative amounts (a balance still owed) keep their sign: `-50` → `'-0.50'`. */
export function formatYuan(fen: number): string {
  assertSafeFen(fen, 'formatYuan');
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${fen < 0 ? '-' : ''}${yuan}.${cents}`;
}

/** `120_00` → `'¥120.00'`, `-50` → `'-¥0.50'` (the sign goes before the currency symbol, as on Chinese receipts). */
export function formatYuanWithSign(fen: number): string {
  const plain = formatYuan(fen);
  return plain.startsWith('-') ? `-${YUAN_SIGN}${plain.slice(1)}` : `${YUAN_SIGN}${plain}`;
}

/** Adds amounts in fen; throws rather than return a total that is not exact. */
export function sumFen(amounts: readonly number[]): number {
  let total = 0;
  amounts.forEach((fen, index) => {
    assertSafeFen(fen, `sumFen (item ${index})`);
    total += fen;
    if (!Number.isSafeInteger(total)) {
      throw new RangeError(`sumFen: the total passes ${MAX_SAFE_FEN} fen at item ${index} and would lose precision`);
    }
  });
  return total;
}

function assertSafeFen(fen: number, where: string): void {
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`${where}: amounts are integer fen, got ${fen}`);
  }
}

function toHalfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E\uFF0D]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

/** Compares two strings of digits without leading zeros as the numbers they spell. */
function compareDigitStrings(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

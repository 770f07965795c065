// Parsers for single sheet cells. Each returns the value or a bilingual reason; the importer adds row and column.
import { pinyin } from 'pinyin-pro';
import {
  BUSINESS_TYPES,
  type Biometrics,
  type BusinessType,
  type LocalizedName,
  type ServiceRoute,
  type TimeLimitUnit,
} from '../../shared/schemas/index.ts';
import { safeParseYuan } from '../../shared/domain/money.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: LocalizedName };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (zh: string, en: string): Parsed<never> => ({ ok: false, reason: { zh, en } });

/** Full-width digits, letters and punctuation (common when typing with a Chinese IME) become ASCII. */
const halfWidth = (text: string): string => text.normalize('NFKC').trim();

const MAX_FEE_FEN = 100_000_000;

/**
 * Yuan to integer fen with the counter's parser (shared/domain/money.ts), which works on the digits of the text so
 * 0.1 + 0.2 style float errors cannot creep in: "12.50" → 1250, "¥120元" → 12000. Negative amounts and more than two
 * decimals are rejected, not rounded; the reason quotes the cell so the importer's row/column message is exact.
 */
export function parseYuanToFen(cell: string): Parsed<number> {
  const result = safeParseYuan(halfWidth(cell).replace(/\s*元$/, ''), { maxFen: MAX_FEE_FEN });
  if (result.ok) return ok(result.fen);
  switch (result.error.code) {
    case 'negative':
      return fail(`金额不能为负数 "${cell}"`, `amount must not be negative "${cell}"`);
    case 'too-many-decimals':
      return fail(`金额最多两位小数（到分）"${cell}"`, `amount has more than 2 decimals (fen) "${cell}"`);
    case 'overflow':
      return fail(
        `金额过大 "${cell}"（上限 ${MAX_FEE_FEN / 100} 元）`,
        `amount too large "${cell}" (at most ${MAX_FEE_FEN / 100} yuan)`,
      );
    case 'empty':
    case 'not-a-number':
      return fail(`不是金额 "${cell}"`, `not an amount "${cell}"`);
  }
}

export interface ParsedTimeLimit {
  value: number;
  unit: TimeLimitUnit;
  note?: string;
  verified: boolean;
}

const SAME_DAY = new Set(['当日', '当天', '当场', '即办', '即时', '立即']);

/** "15日", "20工作日", "15日（跨省 20日）", "7工作日?" (unverified), "当日" (0 days); empty means no limit. */
export function parseTimeLimit(cell: string): Parsed<ParsedTimeLimit | undefined> {
  let text = cell.trim();
  if (text === '') return ok(undefined);
  let verified = true;
  if (/[?？]$/.test(text)) {
    verified = false;
    text = text.slice(0, -1).trim();
  }
  // The note keeps the bureau's own spelling; only the limit itself is normalised.
  let note: string | undefined;
  const noted = /^(.*?)\s*[(（](.*)[)）]$/.exec(text);
  if (noted) {
    text = noted[1] ?? '';
    note = (noted[2] ?? '').trim() || undefined;
  }
  text = halfWidth(text);
  const withNote = (limit: Omit<ParsedTimeLimit, 'note'>): ParsedTimeLimit => (note ? { ...limit, note } : limit);
  if (SAME_DAY.has(text)) return ok(withNote({ value: 0, unit: '日', verified }));
  const match = /^(\d+)\s*个?\s*(工作日|日|天)$/.exec(text);
  if (!match) {
    return fail(
      `不是时限 "${cell}"（应写成「15日」或「20工作日」）`,
      `not a time limit "${cell}" (write 15日 or 20工作日)`,
    );
  }
  const value = Number(match[1]);
  if (value > 365) return fail(`时限超过 365 天 "${cell}"`, `time limit over 365 days "${cell}"`);
  const unit: TimeLimitUnit = match[2] === '工作日' ? '工作日' : '日';
  return ok(withNote({ value, unit, verified }));
}

const BUSINESS_TYPE_WORDS: Record<string, BusinessType> = {
  出入境: 'exit-entry',
  户籍: 'household',
  户政: 'household',
  治安: 'public-order',
  交管: 'traffic',
  交通管理: 'traffic',
  ...Object.fromEntries(BUSINESS_TYPES.map((type) => [type, type])),
};

export function parseBusinessType(cell: string): Parsed<BusinessType> {
  const type = BUSINESS_TYPE_WORDS[halfWidth(cell).toLowerCase()];
  return type
    ? ok(type)
    : fail(
        `不是业务类型 "${cell}"（出入境 / 户籍 / 治安 / 交管）`,
        `not a business type "${cell}" (exit-entry / household / public-order / traffic)`,
      );
}

const ROUTE_WORDS: Record<string, ServiceRoute> = {
  即办: 'on-the-spot',
  即办件: 'on-the-spot',
  当场: 'on-the-spot',
  当场办结: 'on-the-spot',
  y: 'on-the-spot',
  'on-the-spot': 'on-the-spot',
  通常即办: 'usually-on-the-spot',
  一般即办: 'usually-on-the-spot',
  '即办*': 'usually-on-the-spot',
  'y*': 'usually-on-the-spot',
  'usually-on-the-spot': 'usually-on-the-spot',
  后台: 'back-office',
  后台审批: 'back-office',
  后台办理: 'back-office',
  承诺件: 'back-office',
  n: 'back-office',
  'back-office': 'back-office',
};

export function parseRoute(cell: string): Parsed<ServiceRoute> {
  const route = ROUTE_WORDS[halfWidth(cell).replace(/\s+/g, '').toLowerCase()];
  return route
    ? ok(route)
    : fail(
        `不是办理方式 "${cell}"（即办 / 通常即办 / 后台）`,
        `not a route "${cell}" (即办 on the spot / 通常即办 usually / 后台 back office)`,
      );
}

const BIOMETRIC_WORDS: Record<string, keyof Biometrics> = {
  照片: 'photo',
  拍照: 'photo',
  人像: 'photo',
  p: 'photo',
  photo: 'photo',
  指纹: 'fingerprint',
  f: 'fingerprint',
  fingerprint: 'fingerprint',
  读证: 'idCardRead',
  读卡: 'idCardRead',
  r: 'idCardRead',
  'id-card': 'idCardRead',
};

const NOTHING = new Set(['', '无', '-', '–', '—', '/', 'none']);

export function parseBiometrics(cell: string): Parsed<Biometrics> {
  const biometrics: Biometrics = { photo: false, fingerprint: false, idCardRead: false };
  const text = halfWidth(cell).toLowerCase();
  if (NOTHING.has(text)) return ok(biometrics);
  for (const token of text.split(/[\s,、;+/]+/).filter(Boolean)) {
    // "PFR" written without spaces is how the fact sheet sometimes abbreviates it.
    const parts = /^[pfr]+$/.test(token) ? [...token] : [token];
    for (const part of parts) {
      const key = BIOMETRIC_WORDS[part];
      if (!key)
        return fail(
          `不认识的采集项 "${token}"（照片 / 指纹 / 读证）`,
          `unknown biometric "${token}" (照片 P / 指纹 F / 读证 R)`,
        );
      biometrics[key] = true;
    }
  }
  return ok(biometrics);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗']);

export function parseYesNo(cell: string, whenEmpty: boolean): Parsed<boolean> {
  const text = halfWidth(cell).toLowerCase();
  if (text === '') return ok(whenEmpty);
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`应为 是 或 否 "${cell}"`, `expected 是 (yes) or 否 (no) "${cell}"`);
}

/** Keywords: separated by ；, ; or line breaks. */
export const splitKeywords = (cell: string): string[] =>
  cell
    .split(/[；;\r\n]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** Source tags "[S28] S29、S30" → ["S28", "S29", "S30"]. */
export const splitSources = (cell: string): string[] =>
  halfWidth(cell)
    .split(/[\s,、;]+/)
    .map((part) => part.replace(/^\[|\]$/g, '').trim())
    .filter(Boolean);

/** FNV-1a, 32 bit: a short stable tag that keeps two long names apart after their slugs are cut. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0').slice(0, 6);
}

/**
 * A code from a Chinese name: its toneless pinyin, one syllable per dash ("居民身份证" → "ju-min-shen-fen-zheng").
 * Names longer than `maxLength` are cut at a dash and given a hash of the full name. Codes depend only on the Chinese
 * name, so adding or editing the English name keeps them, while renaming a material gives it a new code.
 */
export function codeFromName(zh: string, maxLength: number): string {
  const syllables = pinyin(zh, { toneType: 'none', type: 'array', v: true });
  const slug =
    syllables
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x';
  if (slug.length <= maxLength) return slug;
  const head = slug.slice(0, maxLength - 7);
  const cut = head.includes('-') ? head.slice(0, head.lastIndexOf('-')) : head;
  return `${cut}-${shortHash(zh)}`;
}

export interface ParsedMaterial {
  zh: string;
  /** Absent when the sheet gives only the Chinese name. */
  en?: string;
  required: boolean;
}

// Both widths are spelled out (not NFKC-normalised) so that the names keep the bureau's own brackets.
const OPTIONAL_MARK = /^[[［(（【]\s*(可选|选填|optional)\s*[\]］)）】]\s*/i;
// Bureau lists often number their materials ("1、身份证"); "1寸照片" has no separator and is left alone.
const NUMBERING = /^([0-9０-９]{1,2}\s*[.．、)）]|[①-⑳])\s*/;
const NAME_SEPARATOR = /[|｜]/;

/** One material per line or per ；. "［可选］户口簿 | Household register" → optional, with its English name. */
export function parseMaterials(cell: string): Parsed<ParsedMaterial[]> {
  const materials: ParsedMaterial[] = [];
  for (const raw of cell.split(/\r?\n|[；;]/)) {
    let text = raw.trim().replace(NUMBERING, '');
    if (text === '') continue;
    let required = true;
    const mark = OPTIONAL_MARK.exec(text);
    if (mark) {
      required = false;
      text = text.slice(mark[0].length);
    }
    const [zhPart, ...enParts] = text.split(NAME_SEPARATOR);
    const zh = (zhPart ?? '').trim();
    const en = enParts.join('|').trim();
    if (zh === '') return fail(`材料缺少中文名称 "${raw.trim()}"`, `material without a Chinese name "${raw.trim()}"`);
    materials.push({ zh, ...(en ? { en } : {}), required });
  }
  return ok(materials);
}

export interface ParsedFeeOption {
  zh: string;
  en: string;
  amountFen: number;
}

/** "一次有效 15；二次有效 | Double entry 30元" — the trailing number of each part is its price in yuan. */
export function parseFeeOptions(cell: string): Parsed<ParsedFeeOption[]> {
  const options: ParsedFeeOption[] = [];
  for (const raw of cell.split(/\r?\n|[；;]/)) {
    const text = raw.trim();
    if (text === '') continue;
    const match = /^(.*?)[\s:：=＝]*(-?[¥￥]?\s*[0-9０-９.．]+\s*元?)$/.exec(text);
    if (!match || (match[1] ?? '').trim() === '') {
      return fail(`收费选项应写成「名称 金额」"${text}"`, `fee option must be "name amount" "${text}"`);
    }
    const amount = parseYuanToFen(match[2] ?? '');
    if (!amount.ok) return amount;
    const [zhPart, ...enParts] = (match[1] ?? '').split(NAME_SEPARATOR);
    const zh = (zhPart ?? '').trim();
    const en = enParts.join('|').trim();
    options.push({ zh, en: en || zh, amountFen: amount.value });
  }
  return ok(options);
}

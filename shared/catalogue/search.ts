// Catalogue search for the counter: the officer types a few letters or characters and expects the right service
// item at once, so everything that depends only on the catalogue (pinyin, initials, lower-case forms, posting lists,
// exact-match tables) is computed when the index is built, and a keystroke only walks precomputed arrays.
//
// What a query can match, per item:
//   - the Chinese name and Chinese keywords: characters (护照, 换证), full pinyin without tones, with or without
//     spaces (huzhao, hu zhao), initials (hz, sfz), any mix of the three (护zhao, hzhuanfa), a partly typed last
//     syllable (huzh). Pinyin matches start at a syllable. Every reading of a polyphone counts (行 xing/hang,
//     重 zhong/chong); pinyin-pro's reading from context comes first.
//   - the English name and ASCII keywords: case-insensitive word prefixes, in any order (driving lic).
//   - the item code: the whole code or the start of one of its dash-separated segments (EE-PASS, passport).
//
// Ranking, best first (SearchHit.tier):
//   exact      the query is the whole Chinese name or keyword (as characters, or in full pinyin when it has at
//              most 12 syllables), the whole English name or ASCII keyword, or the whole code; mixed input such
//              as 护zhao is never exact;
//   prefix     the query matches from the start of one of those texts (characters, pinyin, initials, words, code);
//   initials   letters only, one per character, matching initials inside a Chinese text (sfz in 居民身份证);
//   substring  anything else: characters or pinyin from a later syllable, English words anywhere, a code segment.
// Inside a tier the item's own name beats a keyword, which beats the code (FIELD_BONUS). Equal scores keep
// catalogue order (item.order, then code), so the list does not reshuffle between keystrokes.
//
// An empty query, or one with no letter, digit or Chinese character, returns []: the counter shows its category
// browser then, which lists items in catalogue order on its own.
import { pinyin, polyphonic } from 'pinyin-pro';
import type { BusinessType } from '../schemas/common.ts';
import type { ServiceItem } from '../schemas/catalogue.ts';

/** How well the query matched, best first. */
export type MatchTier = 'exact' | 'prefix' | 'initials' | 'substring';

/**
 * Which text matched: `name` the Chinese name's characters, `pinyin` / `initials` the Chinese name typed in pinyin
 * or initials, `english` the English name, `keyword` one of the item's keywords (in any of those ways), `code`.
 */
export type MatchedOn = 'name' | 'pinyin' | 'initials' | 'english' | 'keyword' | 'code';

export interface SearchHit {
  item: ServiceItem;
  /** TIER_SCORE[tier] + FIELD_BONUS[matchedOn]. Higher is better. */
  score: number;
  tier: MatchTier;
  matchedOn: MatchedOn;
  /** The text that matched as written in the catalogue (name, keyword or code), for highlighting. */
  matchedText: string;
}

export interface SearchOptions {
  businessType?: BusinessType;
  categoryCode?: string;
  /** Only items island sub-centres accept. */
  islandOnly?: boolean;
  /** Retired items are hidden unless this is true (a case screen looking up an old item's name). */
  includeInactive?: boolean;
  /** Defaults to DEFAULT_SEARCH_LIMIT; pass Infinity for every hit. */
  limit?: number;
}

export interface CatalogueSearch {
  search(query: string, opts?: SearchOptions): SearchHit[];
  /** Number of items indexed, inactive ones included. */
  readonly size: number;
}

export const DEFAULT_SEARCH_LIMIT = 20;

export const TIER_SCORE: Readonly<Record<MatchTier, number>> = {
  exact: 400,
  prefix: 300,
  initials: 200,
  substring: 100,
};

export const FIELD_BONUS: Readonly<Record<MatchedOn, number>> = {
  name: 2,
  pinyin: 2,
  initials: 2,
  english: 2,
  keyword: 1,
  code: 0,
};

/**
 * Trim, lower-case, full-width → half-width (scanners and Chinese IMEs in full-width mode send ｈｚ and ＥＥ－),
 * ü → v as pinyin IMEs type it, whitespace runs → one space. A scanner's trailing newline goes with the trim.
 */
export function normalizeQuery(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x3000) out += ' ';
    else if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else out += ch;
  }
  return out.toLowerCase().replace(/ü/g, 'v').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Index

/** One searchable position of a Chinese text: a Chinese character with its readings, or an ASCII letter/digit. */
interface Unit {
  /** The character itself, lower-cased and half-width. */
  char: string;
  /** Toneless readings, the contextual one first; empty for ASCII units. */
  readings: string[];
  /** Bit n set when a reading starts with the n-th letter; for an ASCII letter, its own bit. */
  initialsMask: number;
}

/** What the index knows of one Chinese string; shared by every item that has the same name or keyword. */
interface Spelled {
  /** Units joined: the text without punctuation or spaces, so 注销、恢复 is found by 注销恢复. */
  plain: string;
  units: Unit[];
  /** Union of the units' initials masks: rejects the text at once when no syllable starts with the letter. */
  initialsUnion: number;
  /** Symbol pairs a matching query can contain (see pairsOf), as posting-list ids … */
  pairIds: number[];
  /** … and as a 256-bit Bloom filter, so a keystroke rejects most texts of a candidate item in a few bit tests. */
  pairFilter: Int32Array;
  /** Full-pinyin spellings, the all-contextual one first (xingshizheng, hangshizheng …); empty without Chinese. */
  fullSpellings: string[];
}

interface ChineseText {
  source: 'name' | 'keyword';
  original: string;
  spelled: Spelled;
}

interface WordText {
  source: 'english' | 'keyword';
  original: string;
  /** Words joined by one space, for exact and prefix matches that span words (driving lic). */
  joined: string;
  words: string[];
}

interface IndexedItem {
  item: ServiceItem;
  chinese: ChineseText[];
  wordTexts: WordText[];
  code: string;
  /** Offsets in `code` where a dash-separated segment starts (0 included). */
  codeSegmentStarts: number[];
}

interface ExactEntry {
  position: number;
  matchedOn: MatchedOn;
  matchedText: string;
}

const isCjk = (cp: number): boolean =>
  (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);

const isAsciiAlnum = (cp: number): boolean => (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39);

/** Letters, digits and Chinese characters are what searches compare; everything else separates words. */
function isSymbol(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return isAsciiAlnum(cp) || isCjk(cp);
}

function hasCjk(s: string): boolean {
  for (const ch of s) if (isCjk(ch.codePointAt(0) ?? 0)) return true;
  return false;
}

function letterBit(ch: string | undefined): number {
  if (ch === undefined) return 0;
  const i = ch.charCodeAt(0) - 97;
  return i >= 0 && i < 26 ? 1 << i : 0;
}

/** Words of an already-normalised string: runs of letters, digits and Chinese characters. */
function wordsOf(normalized: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of normalized) {
    if (isSymbol(ch)) current += ch;
    else if (current) {
      words.push(current);
      current = '';
    }
  }
  if (current) words.push(current);
  return words;
}

// A character's readings never change, so they are shared by every index built in this process.
const readingsCache = new Map<string, string[]>();

/** Every toneless reading of one character, ü written v and, because people type both, also u (lv → lu). */
function readingsOf(char: string): string[] {
  let cached = readingsCache.get(char);
  if (!cached) {
    const raw = polyphonic(char, { toneType: 'none', type: 'array', v: true })[0] ?? [];
    const set = new Set<string>();
    for (const r of raw) {
      const lower = r.toLowerCase();
      if (!/^[a-z]+$/.test(lower)) continue;
      set.add(lower);
      if (lower.includes('v')) set.add(lower.replace(/v/g, 'u'));
    }
    cached = [...set];
    readingsCache.set(char, cached);
  }
  return cached;
}

/** normalizeQuery for one character, without the regular expressions: the build calls it for every character. */
function normalizeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const half = cp >= 0xff01 && cp <= 0xff5e ? String.fromCodePoint(cp - 0xfee0) : ch;
  return half === 'ü' || half === 'Ü' ? 'v' : half.toLowerCase();
}

function unitsOf(text: string): Unit[] {
  // The whole text goes to pinyin-pro at once so it can pick readings from context (银行 hang, 行驶 xing). The
  // 'array' output is several times cheaper than 'all' and, with non-Chinese characters spaced, has one entry per
  // character; should that ever not hold, fall back to 'all', which says per entry what it is.
  const chars = Array.from(text);
  const contextual = pinyin(text, { toneType: 'none', type: 'array', v: true });
  const entries =
    contextual.length === chars.length
      ? chars.map((origin, i) => ({ origin, reading: contextual[i] ?? '' }))
      : pinyin(text, { toneType: 'none', type: 'all', v: true }).map((e) => ({
          origin: e.origin,
          reading: e.isZh ? e.pinyin : '',
        }));
  const units: Unit[] = [];
  for (const { origin, reading } of entries) {
    const char = normalizeChar(origin);
    if (!isSymbol(char)) continue;
    const first = reading.toLowerCase();
    if (isCjk(char.codePointAt(0) ?? 0) && /^[a-z]+$/.test(first)) {
      const readings = [first, ...readingsOf(origin).filter((r) => r !== first)];
      let initialsMask = 0;
      for (const r of readings) initialsMask |= letterBit(r[0]);
      units.push({ char, readings, initialsMask });
    } else {
      // Digits, letters (C1 in 准驾车型C1) and characters pinyin-pro does not know match only themselves.
      for (const ch of char) units.push({ char: ch, readings: [], initialsMask: letterBit(ch) });
    }
  }
  return units;
}

/** Which of the 256 filter bits a symbol pair sets. */
function pairBit(a: number, b: number): number {
  return Math.imul((a << 16) ^ b, 0x9e3779b1) >>> 24;
}

/**
 * Symbol pairs that can appear next to each other in a query typed over these units: pairs inside a reading, and
 * across two units any way of typing the first (its character, a reading, a reading's first letter) followed by
 * any way of starting the second.
 */
function pairsOf(units: readonly Unit[]): Set<string> {
  const pairs = new Set<string>();
  let previousEnds: string[] = [];
  for (const unit of units) {
    const unitStarts = [unit.char];
    const unitEnds = [unit.char];
    for (const r of unit.readings) {
      const first = r[0];
      const last = r[r.length - 1];
      if (first !== undefined) {
        unitStarts.push(first);
        unitEnds.push(first);
      }
      if (last !== undefined) unitEnds.push(last);
      for (let i = 0; i + 1 < r.length; i++) pairs.add(r.slice(i, i + 2));
    }
    for (const end of previousEnds) for (const start of unitStarts) pairs.add(end + start);
    previousEnds = unitEnds;
  }
  return pairs;
}

/** Polyphones multiply spellings; nobody types a long name out whole, so spellings stop at these limits. */
const MAX_FULL_SPELLING_UNITS = 12;
const MAX_FULL_SPELLINGS = 16;

function fullPinyinSpellings(units: readonly Unit[]): string[] {
  if (units.length > MAX_FULL_SPELLING_UNITS || !units.some((unit) => unit.readings.length > 0)) return [];
  const out: string[] = [];
  const walk = (index: number, prefix: string): void => {
    if (out.length >= MAX_FULL_SPELLINGS) return;
    const unit = units[index];
    if (unit === undefined) {
      out.push(prefix);
      return;
    }
    if (unit.readings.length === 0) walk(index + 1, prefix + unit.char);
    else for (const r of unit.readings) walk(index + 1, prefix + r);
  };
  walk(0, '');
  return [...new Set(out)];
}

function spell(text: string, pairPostings: PostingsBuilder): Spelled {
  const units = unitsOf(text);
  let initialsUnion = 0;
  for (const unit of units) initialsUnion |= unit.initialsMask;
  const pairIds: number[] = [];
  const pairFilter = new Int32Array(8);
  for (const pair of pairsOf(units)) {
    pairIds.push(pairPostings.idOf(pair));
    const bit = pairBit(pair.charCodeAt(0), pair.charCodeAt(1));
    pairFilter[bit >>> 5] = (pairFilter[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }
  const plain = units.map((u) => u.char).join('');
  return { plain, units, initialsUnion, pairIds, pairFilter, fullSpellings: fullPinyinSpellings(units) };
}

function wordText(source: WordText['source'], original: string): WordText {
  const words = wordsOf(normalizeQuery(original));
  return { source, original, joined: words.join(' '), words };
}

function indexItem(item: ServiceItem, spellCached: (text: string) => Spelled): IndexedItem {
  const chineseText = (source: ChineseText['source'], original: string): ChineseText => ({
    source,
    original,
    spelled: spellCached(original),
  });
  const chinese: ChineseText[] = [chineseText('name', item.name.zh)];
  const wordTexts: WordText[] = [wordText('english', item.name.en)];
  for (const keyword of item.keywords) {
    if (keyword === item.name.zh || keyword === item.name.en) continue;
    if (hasCjk(keyword)) chinese.push(chineseText('keyword', keyword));
    else wordTexts.push(wordText('keyword', keyword));
  }
  const code = item.code.toLowerCase();
  const codeSegmentStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '-') codeSegmentStarts.push(i + 1);
  return { item, chinese, wordTexts, code, codeSegmentStarts };
}

/**
 * Posting lists (key → ascending item positions) filled item by item. Keys get integer ids so that a name or
 * keyword shared by many items resolves its keys once (Spelled.pairIds), and repeats within an item are dropped by
 * remembering the last position added.
 */
class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly lists: number[][] = [];
  private readonly lastPosition: number[] = [];

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.lists.length;
      this.ids.set(key, id);
      this.lists.push([]);
      this.lastPosition.push(-1);
    }
    return id;
  }

  addId(id: number, position: number): void {
    if (this.lastPosition[id] === position) return;
    this.lastPosition[id] = position;
    this.lists[id]?.push(position);
  }

  add(key: string, position: number): void {
    this.addId(this.idOf(key), position);
  }

  build(): Map<string, Int32Array> {
    const out = new Map<string, Int32Array>();
    for (const [key, id] of this.ids) out.set(key, Int32Array.from(this.lists[id] ?? []));
    return out;
  }
}

/**
 * Adds the item to the posting lists of the symbol pairs a matching query can contain, of the symbols a match can
 * start with, and of the symbols a match from the start of a text (prefix or exact) can start with. A query whose
 * pairs are not all in an item's lists cannot match it, so a keystroke only looks at the items in the
 * intersection of a few lists.
 */
function post(
  indexed: IndexedItem,
  position: number,
  postings: { pairs: PostingsBuilder; starts: PostingsBuilder; textStarts: PostingsBuilder },
): void {
  for (const { spelled } of indexed.chinese) {
    for (const id of spelled.pairIds) postings.pairs.addId(id, position);
    spelled.units.forEach((unit, index) => {
      postings.starts.add(unit.char, position);
      if (index === 0) postings.textStarts.add(unit.char, position);
      for (const r of unit.readings) {
        const first = r[0] ?? unit.char;
        postings.starts.add(first, position);
        if (index === 0) postings.textStarts.add(first, position);
      }
    });
  }
  const words = [...indexed.wordTexts.flatMap((text) => text.words), ...indexed.code.split('-')];
  for (const word of words) {
    if (word[0] !== undefined) postings.starts.add(word[0], position);
    for (let i = 0; i + 1 < word.length; i++) postings.pairs.add(word.slice(i, i + 2), position);
  }
  for (const text of indexed.wordTexts)
    if (text.joined[0] !== undefined) postings.textStarts.add(text.joined[0], position);
  if (indexed.code[0] !== undefined) postings.textStarts.add(indexed.code[0], position);
}

// ---------------------------------------------------------------------------------------------------------------
// Query

interface PreparedQuery {
  /** Letters, digits and Chinese characters only: what Chinese texts and pinyin are compared with. */
  symbols: string;
  /** The first symbol, and its letter bit (0 for a digit or a Chinese character). */
  first: string;
  firstBit: number;
  words: string[];
  /** Words joined by one space: what English names are compared with. */
  joined: string;
  /** Normalised with spaces removed: what codes are compared with (EE-PASS keeps its dash). */
  compact: string;
  cjkOnly: boolean;
  anyCjk: boolean;
  /** One letter bit per symbol when the query is letters only (a candidate for initials), else null. */
  letterBits: number[] | null;
  /** The symbol pairs inside each word, distinct: posting-list keys, and bits to test in a text's pairFilter. */
  pairs: string[];
  pairBits: number[];
}

function prepare(raw: string): PreparedQuery | null {
  const text = normalizeQuery(raw);
  const words = wordsOf(text);
  const symbols = words.join('');
  const chars = [...symbols];
  const first = chars[0];
  if (first === undefined) return null;
  const pairs = new Set<string>();
  for (const word of words) {
    const wordChars = [...word];
    for (let i = 0; i + 1 < wordChars.length; i++) pairs.add(`${wordChars[i]}${wordChars[i + 1]}`);
  }
  let cjkCount = 0;
  let lettersOnly = true;
  const bits: number[] = [];
  for (const ch of chars) {
    if (isCjk(ch.codePointAt(0) ?? 0)) cjkCount++;
    const bit = letterBit(ch);
    if (bit === 0) lettersOnly = false;
    bits.push(bit);
  }
  return {
    symbols,
    first,
    firstBit: letterBit(first),
    words,
    joined: words.join(' '),
    compact: text.replace(/ /g, ''),
    cjkOnly: cjkCount === chars.length,
    anyCjk: cjkCount > 0,
    letterBits: lettersOnly ? bits : null,
    pairs: [...pairs],
    pairBits: [...pairs].map((pair) => pairBit(pair.charCodeAt(0), pair.charCodeAt(1))),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Matching. These run for every candidate at every keystroke, so they return small integers and write the best
// match into one object per search instead of allocating per text. Exact matches are looked up in tables instead.

/** Is q[qi..] a prefix of `reading`? (Without slicing: this runs inside the per-keystroke loop.) */
function isTailPrefixOf(q: string, qi: number, reading: string): boolean {
  for (let i = qi; i < q.length; i++) if (q.charCodeAt(i) !== reading.charCodeAt(i - qi)) return false;
  return true;
}

/**
 * Can the query, from `qi`, be typed over the units from `ui` on? Each unit takes its character, a full reading or
 * the first letter of a reading; the last unit reached may take just the beginning of a reading (huzh → 护照).
 */
function matchesFrom(q: string, qi: number, units: readonly Unit[], ui: number): boolean {
  if (qi === q.length) return true;
  const unit = units[ui];
  const c = q[qi];
  if (unit === undefined || c === undefined) return false;
  if (c === unit.char) return matchesFrom(q, qi + 1, units, ui + 1);
  if ((unit.initialsMask & letterBit(c)) === 0) return false;
  const remaining = q.length - qi;
  for (const r of unit.readings) {
    if (r[0] !== c) continue;
    if (r.length > 1 && q.startsWith(r, qi) && matchesFrom(q, qi + r.length, units, ui + 1)) return true;
    if (remaining < r.length && isTailPrefixOf(q, qi, r)) return true;
  }
  return matchesFrom(q, qi + 1, units, ui + 1);
}

/** Do the query's letters, one per unit, match the units' initials from `start`? */
function initialsAt(bits: readonly number[], units: readonly Unit[], start: number): boolean {
  for (let j = 0; j < bits.length; j++) {
    const unit = units[start + j];
    if (unit === undefined || (unit.initialsMask & (bits[j] ?? 0)) === 0) return false;
  }
  return true;
}

const NO_MATCH = 0;
/** Tier ranks; exact (4) only ever comes from the exact tables. */
const RANK_PREFIX = 3;
const RANK_INITIALS = 2;
const RANK_SUBSTRING = 1;
const TIER_OF_RANK: readonly MatchTier[] = ['substring', 'substring', 'initials', 'prefix', 'exact'];

/** How a Chinese text matched, second part of matchChinese's result. */
const BY_CHARS = 0;
const BY_PINYIN = 1;
const BY_INITIALS = 2;
const CHINESE_KIND: readonly MatchedOn[] = ['name', 'pinyin', 'initials'];

/** NO_MATCH, or rank × 3 + BY_…. */
function matchChinese(text: Spelled, q: PreparedQuery): number {
  const s = q.symbols;
  const filter = text.pairFilter;
  for (const bit of q.pairBits) if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return NO_MATCH;
  if (q.cjkOnly) {
    if (text.plain.startsWith(s)) return RANK_PREFIX * 3 + BY_CHARS;
    return text.plain.includes(s) ? RANK_SUBSTRING * 3 + BY_CHARS : NO_MATCH;
  }
  const firstBit = q.firstBit;
  if (firstBit !== 0 && (text.initialsUnion & firstBit) === 0) return NO_MATCH;
  const how = q.anyCjk ? BY_CHARS : BY_PINYIN;
  const units = text.units;
  const bits = q.letterBits;
  const first = q.first;
  const unit0 = units[0];
  if (unit0 !== undefined && (unit0.char === first || (unit0.initialsMask & firstBit) !== 0)) {
    if (bits && initialsAt(bits, units, 0)) return RANK_PREFIX * 3 + BY_INITIALS;
    if (matchesFrom(s, 0, units, 0)) return RANK_PREFIX * 3 + how;
  }
  let substring = false;
  for (let start = 1; start < units.length; start++) {
    const unit = units[start];
    if (unit === undefined || (unit.char !== first && (unit.initialsMask & firstBit) === 0)) continue;
    if (bits && start + bits.length <= units.length && initialsAt(bits, units, start)) {
      return RANK_INITIALS * 3 + BY_INITIALS;
    }
    if (!substring && matchesFrom(s, 0, units, start)) {
      // An initials match later in the text would rank higher, so only a non-letter query can stop here.
      if (!bits) return RANK_SUBSTRING * 3 + how;
      substring = true;
    }
  }
  return substring ? RANK_SUBSTRING * 3 + how : NO_MATCH;
}

function hasWordStartingWith(words: readonly string[], prefix: string): boolean {
  for (const word of words) if (word.startsWith(prefix)) return true;
  return false;
}

function matchWords(text: WordText, q: PreparedQuery): number {
  if (text.joined.startsWith(q.joined)) return RANK_PREFIX;
  for (const queryWord of q.words) if (!hasWordStartingWith(text.words, queryWord)) return NO_MATCH;
  return RANK_SUBSTRING;
}

function matchCode(indexed: IndexedItem, q: PreparedQuery): number {
  const code = indexed.code;
  if (code.startsWith(q.compact)) return RANK_PREFIX;
  for (const start of indexed.codeSegmentStarts) {
    if (start > 0 && code.startsWith(q.compact, start)) return RANK_SUBSTRING;
  }
  return NO_MATCH;
}

interface BestMatch {
  score: number;
  tier: MatchTier;
  matchedOn: MatchedOn;
  matchedText: string;
}

function offer(best: BestMatch, rank: number, matchedOn: MatchedOn, matchedText: string): void {
  const tier = TIER_OF_RANK[rank] ?? 'substring';
  const score = TIER_SCORE[tier] + FIELD_BONUS[matchedOn];
  if (score > best.score) {
    best.score = score;
    best.tier = tier;
    best.matchedOn = matchedOn;
    best.matchedText = matchedText;
  }
}

/** The best non-exact score an item can get: its name matched from the start. */
const BEST_NON_EXACT = TIER_SCORE.prefix + FIELD_BONUS.name;
/** The best score an item can get without any text matched from the start. */
const BEST_BELOW_PREFIX = TIER_SCORE.initials + FIELD_BONUS.name;

/** Writes the item's best non-exact match into `best` (score 0 when nothing matched). */
function findBestMatch(indexed: IndexedItem, q: PreparedQuery, best: BestMatch): void {
  best.score = 0;
  for (const text of indexed.chinese) {
    const result = matchChinese(text.spelled, q);
    if (result === NO_MATCH) continue;
    const kind = text.source === 'keyword' ? 'keyword' : (CHINESE_KIND[result % 3] ?? 'name');
    offer(best, Math.floor(result / 3), kind, text.original);
    if (best.score === BEST_NON_EXACT) return;
  }
  // English names can hold Chinese too (the kiosks of 澳前 port), so a Chinese query still looks at them.
  for (const text of indexed.wordTexts) {
    const rank = matchWords(text, q);
    if (rank !== NO_MATCH) offer(best, rank, text.source, text.original);
  }
  if (q.anyCjk) return;
  const rank = matchCode(indexed, q);
  if (rank !== NO_MATCH) offer(best, rank, 'code', indexed.item.code);
}

// ---------------------------------------------------------------------------------------------------------------
// Posting lists

const EMPTY = new Int32Array(0);

/** Sorted ascending item positions present in both lists. Binary search when one list is much shorter. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const out = new Int32Array(small.length);
  let n = 0;
  if (small.length * 8 < large.length) {
    let lo = 0;
    for (const x of small) {
      let hi = large.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((large[mid] ?? 0) < x) lo = mid + 1;
        else hi = mid;
      }
      if (large[lo] === x) out[n++] = x;
    }
  } else {
    let j = 0;
    for (const x of small) {
      while (j < large.length && (large[j] ?? 0) < x) j++;
      if (large[j] === x) out[n++] = x;
    }
  }
  return out.subarray(0, n);
}

function addTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function catalogueOrder(a: ServiceItem, b: ServiceItem): number {
  return a.order - b.order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Stable, so hits pushed in catalogue order stay in catalogue order within a score. */
function byScore(hits: SearchHit[]): SearchHit[] {
  return hits.sort((a, b) => b.score - a.score);
}

/** Builds the index once; reuse the returned object for every keystroke and rebuild when the catalogue changes. */
export function createCatalogueSearch(items: readonly ServiceItem[]): CatalogueSearch {
  // Positions in `indexed` are catalogue order, so walking candidates in ascending position already breaks ties.
  const postings = { pairs: new PostingsBuilder(), starts: new PostingsBuilder(), textStarts: new PostingsBuilder() };
  const spellings = new Map<string, Spelled>();
  const spellCached = (text: string): Spelled => {
    let spelled = spellings.get(text);
    if (!spelled) {
      spelled = spell(text, postings.pairs);
      spellings.set(text, spelled);
    }
    return spelled;
  };
  const indexed = [...items].sort(catalogueOrder).map((item) => indexItem(item, spellCached));
  // Exact matches are a table lookup, so the search knows them before walking candidates and can stop early.
  const chineseExact = new Map<string, ExactEntry[]>();
  const wordExact = new Map<string, ExactEntry[]>();
  const codeExact = new Map<string, ExactEntry[]>();
  indexed.forEach((entry, position) => {
    post(entry, position, postings);
    for (const { source, original, spelled } of entry.chinese) {
      const keyword = source === 'keyword';
      addTo(chineseExact, spelled.plain, { position, matchedOn: keyword ? 'keyword' : 'name', matchedText: original });
      for (const spelling of spelled.fullSpellings) {
        addTo(chineseExact, spelling, { position, matchedOn: keyword ? 'keyword' : 'pinyin', matchedText: original });
      }
    }
    for (const text of entry.wordTexts) {
      addTo(wordExact, text.joined, { position, matchedOn: text.source, matchedText: text.original });
    }
    addTo(codeExact, entry.code, { position, matchedOn: 'code', matchedText: entry.item.code });
  });
  const pairPostings = postings.pairs.build();
  const startPostings = postings.starts.build();
  const textStartPostings = postings.textStarts.build();

  function candidatesFor(q: PreparedQuery): Int32Array {
    const lists: Int32Array[] = [startPostings.get(q.first) ?? EMPTY];
    for (const pair of q.pairs) lists.push(pairPostings.get(pair) ?? EMPTY);
    lists.sort((a, b) => a.length - b.length);
    let result = lists[0] ?? EMPTY;
    for (let i = 1; i < lists.length && result.length > 0; i++) result = intersect(result, lists[i] ?? EMPTY);
    return result;
  }

  return {
    size: indexed.length,
    search(query: string, opts: SearchOptions = {}): SearchHit[] {
      const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
      if (!(limit > 0)) return [];
      const q = prepare(query);
      if (!q) return [];
      const accepts = (item: ServiceItem): boolean =>
        (item.active || opts.includeInactive === true) &&
        (opts.businessType === undefined || item.businessType === opts.businessType) &&
        (opts.categoryCode === undefined || item.categoryCode === opts.categoryCode) &&
        (!opts.islandOnly || item.islandAccepted);

      // 1. Exact matches, best field per item.
      const exactByPosition = new Map<number, SearchHit>();
      const exactEntries = [
        ...(chineseExact.get(q.symbols) ?? []),
        ...(wordExact.get(q.joined) ?? []),
        ...(q.anyCjk ? [] : (codeExact.get(q.compact) ?? [])),
      ];
      for (const { position, matchedOn, matchedText } of exactEntries) {
        const item = indexed[position]?.item;
        if (!item || !accepts(item)) continue;
        const score = TIER_SCORE.exact + FIELD_BONUS[matchedOn];
        const current = exactByPosition.get(position);
        if (!current || score > current.score) {
          exactByPosition.set(position, { item, score, tier: 'exact', matchedOn, matchedText });
        }
      }
      const exact = byScore([...exactByPosition.entries()].sort(([a], [b]) => a - b).map(([, hit]) => hit));
      if (exact.length >= limit) return exact.slice(0, limit);
      const wanted = limit - exact.length;

      const candidates = candidatesFor(q);
      const best: BestMatch = { score: 0, tier: 'substring', matchedOn: 'name', matchedText: '' };
      const evaluate = (position: number): SearchHit | null => {
        const entry = indexed[position];
        if (!entry || exactByPosition.has(position) || !accepts(entry.item)) return null;
        findBestMatch(entry, q, best);
        if (best.score === 0) return null;
        const { score, tier, matchedOn, matchedText } = best;
        return { item: entry.item, score, tier, matchedOn, matchedText };
      };

      // 2. Items with a text that starts with the query's first symbol: the only ones that can match from the
      // start. Stop once enough hits have the best possible non-exact score: later ones rank after them.
      const prefixable = intersect(candidates, textStartPostings.get(q.first) ?? EMPTY);
      const prefixableHits: Array<SearchHit | null> = [];
      let atPrefixTier = 0;
      let atBestNonExact = 0;
      for (const position of prefixable) {
        const hit = evaluate(position);
        prefixableHits.push(hit);
        if (!hit) continue;
        if (hit.score >= TIER_SCORE.prefix) atPrefixTier++;
        if (hit.score === BEST_NON_EXACT && ++atBestNonExact >= wanted) break;
      }
      const complete = prefixableHits.length === prefixable.length;
      const found = prefixableHits.filter((hit): hit is SearchHit => hit !== null);
      if (!complete || atPrefixTier >= wanted) return [...exact, ...byScore(found)].slice(0, limit);

      // 3. Every candidate, in catalogue order, for the initials and substring tiers; the prefix-tier hits are
      // all known now. Stop once enough hits have the best score this tier allows.
      const prefixTier = found.filter((hit) => hit.score >= TIER_SCORE.prefix);
      const lower: SearchHit[] = [];
      let atBestBelowPrefix = 0;
      let p = 0;
      for (const position of candidates) {
        let hit: SearchHit | null;
        if (prefixable[p] === position) hit = prefixableHits[p++] ?? null;
        else hit = evaluate(position);
        if (!hit || hit.score >= TIER_SCORE.prefix) continue;
        lower.push(hit);
        if (hit.score === BEST_BELOW_PREFIX && ++atBestBelowPrefix >= wanted - atPrefixTier) break;
      }
      return [...exact, ...byScore(prefixTier), ...byScore(lower)].slice(0, limit);
    },
  };
}

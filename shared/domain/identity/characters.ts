import type { LocalizedText } from './result.ts';

// Scanners that type like a keyboard end with Enter or Tab, people group digits with spaces (an IME may make them
// ideographic spaces), and text pasted from documents can carry zero-width characters or a byte-order mark.
const SPACES_AND_INVISIBLES = /[\s\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * Brings what was typed, scanned or pasted to the form numbers are checked and stored in. NFKC folds the full-width
 * forms a Chinese IME produces (０-９, Ｘ, ｘ, ＋) into ASCII; upper case because documents print their letters so.
 */
export function normaliseScannedText(raw: string): string {
  return raw.normalize('NFKC').replace(SPACES_AND_INVISIBLES, '').toUpperCase();
}

/** One position of a document number: what may stand there, described for the error message. */
export interface CharacterClass {
  matches(character: string): boolean;
  description: LocalizedText;
}

function characterClass(allowed: string, zh: string, en: string): CharacterClass {
  const characters = new Set(allowed);
  return { matches: (character) => characters.has(character), description: { zh, en } };
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Plate serials and some permit numbers leave out I and O because they read as 1 and 0.
const LETTERS_WITHOUT_I_O = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export const DIGIT = characterClass(DIGITS, '数字', 'a digit');
export const NONZERO_DIGIT = characterClass('123456789', '数字 1–9', 'a digit 1–9');
export const DIGIT_OR_X = characterClass(`${DIGITS}X`, '数字或 X', 'a digit or X');
export const LETTER = characterClass(LETTERS, '字母', 'a letter');
export const LETTER_WITHOUT_I_O = characterClass(
  LETTERS_WITHOUT_I_O,
  '字母（不含 I、O）',
  'a letter other than I and O',
);
export const LETTER_OR_DIGIT = characterClass(LETTERS + DIGITS, '字母或数字', 'a letter or a digit');
export const LETTER_OR_DIGIT_WITHOUT_I_O = characterClass(
  LETTERS_WITHOUT_I_O + DIGITS,
  '字母（不含 I、O）或数字',
  'a digit or a letter other than I and O',
);

export function exactly(character: string): CharacterClass {
  return characterClass(character, character, character);
}

export function oneOf(characters: readonly string[], description?: LocalizedText): CharacterClass {
  const { zh, en } = description ?? { zh: listZh(characters), en: listEn(characters) };
  return characterClass(characters.join(''), zh, en);
}

function listZh(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : joinZh([items.slice(0, -1).join('、'), '或', items.at(-1) ?? '']);
}

const HAN = /\p{Script=Han}/u;
const ASCII_ALPHANUMERIC = /[A-Za-z0-9]/;

/** Joins Chinese text the way it is typeset: a space between a Han character and a Latin letter or digit, no other. */
export function joinZh(parts: readonly string[]): string {
  return parts.reduce((joined, part) => {
    const left = joined.slice(-1);
    const right = part.charAt(0);
    const spaced =
      (HAN.test(left) && ASCII_ALPHANUMERIC.test(right)) || (ASCII_ALPHANUMERIC.test(left) && HAN.test(right));
    return spaced ? `${joined} ${part}` : joined + part;
  }, '');
}

function listEn(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** The layout of one kind of number, position by position; a document may accept several. */
export type NumberShape = readonly CharacterClass[];

export function repeat(characterClass: CharacterClass, count: number): CharacterClass[] {
  return Array.from({ length: count }, () => characterClass);
}

export function fitsShape(characters: readonly string[], shape: NumberShape): boolean {
  return characters.length === shape.length && shape.every((allowed, i) => allowed.matches(characters[i] ?? ''));
}

export interface Mismatch {
  /** 1-based, as people count characters on a card. */
  position: number;
  actual: string;
  expected: LocalizedText;
}

/**
 * Returns undefined when `characters` fits one of the shapes, otherwise where it departs from every shape of its
 * length. When several shapes share a prefix, the one that got furthest is the one the person most likely meant, and
 * the message lists what all of the furthest allow there.
 */
export function findMismatch(characters: readonly string[], shapes: readonly NumberShape[]): Mismatch | undefined {
  const candidates = shapes.filter((shape) => shape.length === characters.length);
  // Without a shape of this length "no mismatch" would read as "valid"; callers report the length first.
  if (candidates.length === 0) throw new RangeError(`no shape has ${characters.length} characters`);
  let furthest = -1;
  let expectedThere: CharacterClass[] = [];
  for (const shape of candidates) {
    const index = shape.findIndex((allowed, i) => !allowed.matches(characters[i] ?? ''));
    if (index === -1) return undefined;
    const allowed = shape[index];
    if (allowed === undefined) continue;
    if (index > furthest) {
      furthest = index;
      expectedThere = [allowed];
    } else if (index === furthest && !expectedThere.includes(allowed)) {
      expectedThere.push(allowed);
    }
  }
  if (furthest === -1) return undefined;
  const zh = unique(expectedThere.map((c) => c.description.zh));
  const en = unique(expectedThere.map((c) => c.description.en));
  return {
    position: furthest + 1,
    actual: characters[furthest] ?? '',
    expected: { zh: listZh(zh), en: listEn(en) },
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** "第 7 位应为数字，实际为“A”" / "character 7 should be a digit, got "A"". */
export function describeMismatch(mismatch: Mismatch): LocalizedText {
  return {
    zh: joinZh([`第 ${mismatch.position} 位应为`, mismatch.expected.zh, `，实际为“${mismatch.actual}”`]),
    en: `character ${mismatch.position} should be ${mismatch.expected.en}, got "${mismatch.actual}"`,
  };
}

/** "9 或 11" / "9 or 11", "8 或 10–12" / "8 or 10–12" for the allowed lengths of a document number. */
export function describeLengths(lengths: readonly number[]): LocalizedText {
  const sorted = [...new Set(lengths)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  let end = start;
  for (const length of [...sorted.slice(1), undefined]) {
    if (length !== undefined && end !== undefined && length === end + 1) {
      end = length;
      continue;
    }
    if (start !== undefined) ranges.push(start === end ? `${start}` : `${start}–${end}`);
    start = length;
    end = length;
  }
  return { zh: listZh(ranges), en: listEn(ranges) };
}

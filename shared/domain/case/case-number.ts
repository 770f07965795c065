import { localDateOf as calendarLocalDateOf } from '../calendar/local-date.ts';
import { caseError } from './errors.ts';

/**
 * Case numbers are made offline, so uniqueness comes from their parts, not from the hub: a site code, the local
 * date, the counter (unique within a site), and a sequence kept per counter and day. Two counters never share a key,
 * so they never need to agree on anything.
 */

export interface CaseNumberParts {
  siteCode: string;
  /** `YYYY-MM-DD`, the Asia/Shanghai date of acceptance. */
  date: string;
  counter: number;
  sequence: number;
}

/** caseNumberSchema allows 4 to 6 sequence digits; four are always written, so early numbers line up on receipts. */
export const MAX_CASE_SEQUENCE = 999_999;
const MAX_COUNTER = 99;

const CASE_NUMBER_PATTERN = /^([A-Z]{2})-(\d{4})(\d{2})(\d{2})-(\d{2})-(\d{4,6})$/;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !isLeap ? 28 : daysInMonth);
}

function invalidPart(zh: string, en: string): Error {
  return caseError('invalid-case-number-part', zh, en);
}

function checkParts(parts: Omit<CaseNumberParts, 'sequence'>): string {
  if (!/^[A-Z]{2}$/.test(parts.siteCode)) {
    throw invalidPart(
      `站点代码须为两个大写字母：${parts.siteCode}`,
      `A site code is two capital letters: ${parts.siteCode}`,
    );
  }
  const date = LOCAL_DATE_PATTERN.exec(parts.date);
  if (!date || !isCalendarDate(Number(date[1]), Number(date[2]), Number(date[3]))) {
    throw invalidPart(
      `日期须为有效的 YYYY-MM-DD：${parts.date}`,
      `The date must be a real YYYY-MM-DD date: ${parts.date}`,
    );
  }
  if (!Number.isInteger(parts.counter) || parts.counter < 0 || parts.counter > MAX_COUNTER) {
    throw invalidPart(
      `窗口号须为 0–99 的整数：${parts.counter}`,
      `The counter must be an integer from 0 to 99: ${parts.counter}`,
    );
  }
  return `${parts.siteCode}-${parts.date.replaceAll('-', '')}-${String(parts.counter).padStart(2, '0')}`;
}

/** The sequence key of a counter on a day, which is also the case number's prefix: `DX-20261126-02`. */
export function caseNumberSequenceKey(parts: Omit<CaseNumberParts, 'sequence'>): string {
  return checkParts(parts);
}

/** `{ siteCode: 'DX', date: '2026-11-26', counter: 2, sequence: 7 }` → `DX-20261126-02-0007`. */
export function formatCaseNumber(parts: CaseNumberParts): string {
  const prefix = checkParts(parts);
  if (!Number.isInteger(parts.sequence) || parts.sequence < 1 || parts.sequence > MAX_CASE_SEQUENCE) {
    throw caseError(
      'invalid-case-number-part',
      `流水号须为 1–${MAX_CASE_SEQUENCE} 的整数：${parts.sequence}`,
      `The sequence must be an integer from 1 to ${MAX_CASE_SEQUENCE}: ${parts.sequence}`,
    );
  }
  return `${prefix}-${String(parts.sequence).padStart(4, '0')}`;
}

/**
 * The parts of a case number; throws on anything `formatCaseNumber` would not have written (an impossible date,
 * sequence 0, a five-digit sequence with a leading zero), so a number read from a QR code is either ours or refused.
 */
export function parseCaseNumber(caseNumber: string): CaseNumberParts {
  const match = CASE_NUMBER_PATTERN.exec(caseNumber);
  const refuse = () =>
    caseError(
      'invalid-case-number',
      `案件编号格式不正确：${caseNumber}`,
      `Not a case number: ${JSON.stringify(caseNumber)}`,
    );
  if (!match) throw refuse();
  const [, siteCode, year, month, day, counter, sequence] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const parts: CaseNumberParts = {
    siteCode,
    date: `${year}-${month}-${day}`,
    counter: Number(counter),
    sequence: Number(sequence),
  };
  try {
    if (formatCaseNumber(parts) !== caseNumber) throw refuse();
  } catch {
    throw refuse();
  }
  return parts;
}

/**
 * Persisted "last sequence" per key. `next` must hand out last + 1 and persist it before resolving, atomically with
 * respect to other calls on the same machine; the allocator adds nothing but the formatting. A persistent store
 * should start a key from the highest sequence already among the counter's local cases, so that a reinstalled machine
 * does not hand out a number again.
 */
export interface CaseNumberSequenceStore {
  next(key: string): Promise<number>;
}

/** For tests and for the web mode's first run; the counter's real store lives next to its database. */
export class InMemoryCaseNumberSequenceStore implements CaseNumberSequenceStore {
  readonly #last = new Map<string, number>();

  constructor(lastSequences: Record<string, number> = {}) {
    for (const [key, last] of Object.entries(lastSequences)) this.#last.set(key, last);
  }

  // The increment happens before the first await, so concurrent callers can never read the same last value.
  next(key: string): Promise<number> {
    const sequence = (this.#last.get(key) ?? 0) + 1;
    this.#last.set(key, sequence);
    return Promise.resolve(sequence);
  }

  last(key: string): number {
    return this.#last.get(key) ?? 0;
  }
}

/** Allocates the next case number of a counter on a day. Sequences restart daily because the date is in the key. */
export async function allocateCaseNumber(
  store: CaseNumberSequenceStore,
  parts: Omit<CaseNumberParts, 'sequence'>,
): Promise<string> {
  const key = caseNumberSequenceKey(parts);
  const sequence = await store.next(key);
  if (Number.isInteger(sequence) && sequence > MAX_CASE_SEQUENCE) {
    throw caseError(
      'sequence-exhausted',
      `${key} 当日流水号已用尽（上限 ${MAX_CASE_SEQUENCE}）`,
      `Counter ${key} has used every sequence number for the day (${MAX_CASE_SEQUENCE}).`,
    );
  }
  return formatCaseNumber({ ...parts, sequence });
}

/** The Asia/Shanghai date of an instant, for the date part of a case number (the calendar's rule, for a Date). */
export function localDateOf(instant: Date): string {
  return calendarLocalDateOf(instant.toISOString());
}

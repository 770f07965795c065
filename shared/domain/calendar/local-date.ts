/**
 * Calendar dates in the bureau's time zone, written `YYYY-MM-DD`.
 *
 * Every computation goes through a day number (days since 1970-01-01) built from UTC date parts. A `Date` made from
 * local parts would shift by a day on a machine whose zone is not UTC+8 (a laptop set to UTC, a CI runner), so
 * nothing here reads the machine's zone.
 */

/** A `YYYY-MM-DD` date in Asia/Shanghai, as `localDateSchema` validates it. */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;

/**
 * China has kept UTC+8 all year since 1992 (summer time ran 1986–1991), so a fixed offset is exact for every
 * instant this app records and spares us an IANA time-zone database lookup.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  return parseParts(value) !== undefined;
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` date; throws on text that is not a real date such as `2025-02-29`. */
export function toDayNumber(date: LocalDate): number {
  const parts = parseParts(date);
  if (!parts) throw new RangeError(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  utc.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  return utc.getTime() / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): LocalDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  const date = new Date(dayNumber * MS_PER_DAY);
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`Date outside years 0001–9999: day ${dayNumber}`);
  return formatParts(year, date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Days must be an integer, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, as `Date.prototype.getUTCDay`. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  toDayNumber(date);
  return Number(date.slice(0, 4));
}

/**
 * The Asia/Shanghai calendar date of an instant: `'2025-09-30T16:00:00.000Z'` → `'2025-10-01'`.
 * The instant must carry `Z` or an explicit offset; without one JavaScript would read it in the machine's zone.
 */
export function localDateOf(isoInstant: string): LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(isoInstant)) {
    throw new RangeError(`Not an ISO 8601 instant with Z or an offset: ${JSON.stringify(isoInstant)}`);
  }
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${JSON.stringify(isoInstant)}`);
  const shifted = new Date(ms + SHANGHAI_OFFSET_MS);
  return formatParts(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

function parseParts(value: string): { year: number; month: number; day: number } | undefined {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatParts(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

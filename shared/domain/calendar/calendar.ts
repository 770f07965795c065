import type { LocalizedName } from '../../schemas/common.ts';
import { type LocalDate, dayOfWeek, isLocalDate, toDayNumber, yearOf } from './local-date.ts';

/** One holiday period of a notice, e.g. 春节 with its eight or nine dates. */
export interface HolidayPeriodData {
  name: LocalizedName;
  dates: readonly LocalDate[];
}

/** One year's State Council notice as transcribed. */
export interface YearArrangementData {
  notice: { title: string; url: string };
  holidays: readonly HolidayPeriodData[];
  /** Weekend days that are worked (调休上班). */
  makeUpWorkdays: readonly LocalDate[];
}

/** Keyed by the notice's year, `'2025'`. */
export type HolidayCalendarData = Readonly<Record<string, YearArrangementData>>;

/** The data indexed for lookups. Build it with `buildHolidayCalendar`, which also checks the data. */
export interface HolidayCalendar {
  readonly knownYears: ReadonlySet<number>;
  readonly holidays: ReadonlyMap<LocalDate, LocalizedName>;
  readonly makeUpWorkdays: ReadonlySet<LocalDate>;
}

export class HolidayCalendarDataError extends Error {
  override readonly name = 'HolidayCalendarDataError';
}

/**
 * Indexes the data and refuses mistakes an editor can make: an impossible date, a date far from its notice's year,
 * a date listed twice, a make-up workday on a weekday (it would change nothing, so it is a typo) or a date that is
 * both a holiday and a workday.
 */
export function buildHolidayCalendar(data: HolidayCalendarData): HolidayCalendar {
  const knownYears = new Set<number>();
  const holidays = new Map<LocalDate, LocalizedName>();
  const makeUpWorkdays = new Set<LocalDate>();

  for (const [yearKey, arrangement] of Object.entries(data)) {
    if (!/^\d{4}$/.test(yearKey)) throw new HolidayCalendarDataError(`Year key must be four digits: ${yearKey}`);
    const year = Number(yearKey);
    knownYears.add(year);
    const check = (date: LocalDate, what: string): void => {
      if (!isLocalDate(date)) throw new HolidayCalendarDataError(`${yearKey} ${what}: not a real date: ${date}`);
      // A notice reaches at most into the neighbouring year (a make-up Saturday in late December).
      if (Math.abs(yearOf(date) - year) > 1) {
        throw new HolidayCalendarDataError(`${yearKey} ${what}: ${date} is not near ${yearKey}`);
      }
      if (holidays.has(date) || makeUpWorkdays.has(date)) {
        throw new HolidayCalendarDataError(`${yearKey} ${what}: ${date} is listed more than once`);
      }
    };
    for (const period of arrangement.holidays) {
      for (const date of period.dates) {
        check(date, `holiday ${period.name.zh}`);
        holidays.set(date, period.name);
      }
    }
    for (const date of arrangement.makeUpWorkdays) {
      check(date, 'make-up workday');
      if (!isWeekend(date)) {
        throw new HolidayCalendarDataError(`${yearKey} make-up workday ${date} is not a Saturday or Sunday`);
      }
      makeUpWorkdays.add(date);
    }
  }
  return { knownYears, holidays, makeUpWorkdays };
}

/** Monday to Friday unless a public holiday, plus the weekend days worked under 调休. */
export function isWorkingDay(date: LocalDate, calendar: HolidayCalendar): boolean {
  toDayNumber(date);
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(date);
}

/** The name of the public holiday on this date, for showing "国庆节" next to a date; undefined on other days. */
export function holidayOn(date: LocalDate, calendar: HolidayCalendar): LocalizedName | undefined {
  toDayNumber(date);
  return calendar.holidays.get(date);
}

/**
 * Whether the State Council notice for this year is in the data. When it is not, the calendar still answers for
 * that year but treats only weekends as non-working, so the UI should say the date may move.
 */
export function isCalendarKnown(year: number, calendar: HolidayCalendar): boolean {
  return calendar.knownYears.has(year);
}

/** The years from `from` to `to` (inclusive, either order) whose notice is missing: what a due-date warning names. */
export function unknownCalendarYears(from: LocalDate, to: LocalDate, calendar: HolidayCalendar): number[] {
  const [first, last] = [yearOf(from), yearOf(to)].sort((a, b) => a - b) as [number, number];
  const unknown: number[] = [];
  for (let year = first; year <= last; year += 1) {
    if (!isCalendarKnown(year, calendar)) unknown.push(year);
  }
  return unknown;
}

function isWeekend(date: LocalDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

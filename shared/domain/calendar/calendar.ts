import type { LocalizedName } from '../../schemas/common.ts';
import { type LocalDate, dayOfWeek, isLocalDate, toDayNumber, yearOf } from './local-date.ts';

/** One holiday period of a notice, e.g. 春节 with its eight or nine dates. */
export interface HolidayPeriodData {
  name: LocalizedName;
  dates: readonly LocalDate[];
}

/** One year's State Council notice as transcribed: the whole arrangement, 调休 included. */
export interface OfficialYearData {
  status: 'official';
  notice: { title: string; url: string };
  holidays: readonly HolidayPeriodData[];
  /** Weekend days that are worked (调休上班). */
  makeUpWorkdays: readonly LocalDate[];
}

/**
 * A year whose notice is not out yet: only the statutory holiday days that 《全国年节及纪念日放假办法》 fixes by
 * itself. Bridging days, 补假 and make-up workdays come only with the notice, so there are none here.
 */
export interface StatutoryOnlyYearData {
  status: 'statutory-only';
  /** The law the dates were computed from. */
  law: { title: string };
  holidays: readonly HolidayPeriodData[];
  makeUpWorkdays: readonly [];
}

export type YearArrangementData = OfficialYearData | StatutoryOnlyYearData;

/** Keyed by the year, `'2025'`. */
export type HolidayCalendarData = Readonly<Record<string, YearArrangementData>>;

/**
 * How much of a year's calendar the data holds: `'official'` the State Council notice, so the answers are final;
 * `'statutory-only'` the statutory holidays without the notice's 调休, so a 工作日 deadline may still move;
 * `'unknown'` nothing, so only Saturdays and Sundays are off.
 */
export type CalendarStatus = 'official' | 'statutory-only' | 'unknown';

/** The data indexed for lookups. Build it with `buildHolidayCalendar`, which also checks the data. */
export interface HolidayCalendar {
  readonly yearStatus: ReadonlyMap<number, Exclude<CalendarStatus, 'unknown'>>;
  readonly holidays: ReadonlyMap<LocalDate, LocalizedName>;
  readonly makeUpWorkdays: ReadonlySet<LocalDate>;
}

export class HolidayCalendarDataError extends Error {
  override readonly name = 'HolidayCalendarDataError';
}

/**
 * Indexes the data and refuses mistakes an editor can make: an impossible date, a date far from its notice's year,
 * a date listed twice, a make-up workday on a weekday (it would change nothing, so it is a typo), a date that is
 * both a holiday and a workday, a status other than `'official'` or `'statutory-only'`, or a make-up workday in a
 * statutory-only year (only a notice can set one).
 */
export function buildHolidayCalendar(data: HolidayCalendarData): HolidayCalendar {
  const yearStatus = new Map<number, Exclude<CalendarStatus, 'unknown'>>();
  const holidays = new Map<LocalDate, LocalizedName>();
  const makeUpWorkdays = new Set<LocalDate>();

  for (const [yearKey, arrangement] of Object.entries(data)) {
    if (!/^\d{4}$/.test(yearKey)) throw new HolidayCalendarDataError(`Year key must be four digits: ${yearKey}`);
    const year = Number(yearKey);
    // Checked at run time too: a cast or a plain-JavaScript caller gets past the type.
    const status: unknown = arrangement.status;
    if (status !== 'official' && status !== 'statutory-only') {
      throw new HolidayCalendarDataError(
        `${yearKey}: status must be 'official' or 'statutory-only', got ${String(status)}`,
      );
    }
    if (status === 'statutory-only' && arrangement.makeUpWorkdays.length > 0) {
      throw new HolidayCalendarDataError(`${yearKey} is statutory-only and so cannot have make-up workdays`);
    }
    yearStatus.set(year, status);
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
  return { yearStatus, holidays, makeUpWorkdays };
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

/** Whether the data for this year comes from its State Council notice, holds only the statutory days, or is absent. */
export function calendarStatus(year: number, calendar: HolidayCalendar): CalendarStatus {
  return calendar.yearStatus.get(year) ?? 'unknown';
}

/**
 * Whether the State Council notice for this year is in the data (`calendarStatus` is `'official'`). When it is not,
 * the calendar still answers for that year, with the statutory holidays if it has them and weekends otherwise, but
 * the answer may move once the notice is added, so the UI should say so.
 */
export function isCalendarKnown(year: number, calendar: HolidayCalendar): boolean {
  return calendarStatus(year, calendar) === 'official';
}

/**
 * The years from `from` to `to` (inclusive, either order) whose notice is missing: what a due-date warning names.
 * A statutory-only year is listed as well as a year with no data at all, since in both a 工作日 deadline may still
 * move; call `calendarStatus` on a listed year to word the warning ("provisional" or "weekends only").
 */
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

/** `YYYY-MM-DD`, a calendar date in the bureau's time zone (Asia/Shanghai). */
export type LocalDate = string;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
// China has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the bureau's date exactly and
// does not depend on the time-zone data a small-ICU runtime may lack.
const BUREAU_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

export function bureauToday(now: Date = new Date()): LocalDate {
  return new Date(now.getTime() + BUREAU_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isRealCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertLocalDate(date: LocalDate): void {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  if (!LOCAL_DATE.test(date) || !isRealCalendarDate(year, month, day)) {
    throw new RangeError(`expected a date as YYYY-MM-DD, got "${date}"`);
  }
}

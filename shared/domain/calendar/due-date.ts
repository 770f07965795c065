import type { TimeLimit, TimeLimitKind } from '../../schemas/catalogue.ts';
import { type HolidayCalendar, isWorkingDay } from './calendar.ts';
import { type LocalDate, addDays, fromDayNumber, toDayNumber } from './local-date.ts';

/**
 * The date by which a case must be finished.
 *
 * - 日: calendar days, `acceptedOn + value`.
 * - 工作日: the `value`-th working day after the day of acceptance. The day of acceptance itself never counts (the
 *   application arrives part-way through it), weekends and public holidays are skipped and 调休 make-up days count.
 * - `value` 0: the same day, whatever the unit (即办).
 */
export function dueDate(
  acceptedOn: LocalDate,
  limit: Pick<TimeLimit, 'value' | 'unit'>,
  calendar: HolidayCalendar,
): LocalDate {
  const start = toDayNumber(acceptedOn);
  if (!Number.isSafeInteger(limit.value) || limit.value < 0) {
    throw new RangeError(`A time limit is a whole number of days, got ${limit.value}`);
  }
  if (limit.unit === '日') return addDays(acceptedOn, limit.value);

  let day = start;
  let remaining = limit.value;
  while (remaining > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day), calendar)) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days after `from` up to and including `to`, so `workingDaysBetween(a, dueDate(a, n 工作日)) === n`.
 * Negative when `to` is before `from` (a deadline already passed), so "days left" can show how late a case is.
 */
export function workingDaysBetween(from: LocalDate, to: LocalDate, calendar: HolidayCalendar): number {
  const fromDay = toDayNumber(from);
  const toDay = toDayNumber(to);
  const [low, high, sign] = fromDay <= toDay ? [fromDay, toDay, 1] : [toDay, fromDay, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (isWorkingDay(fromDayNumber(day), calendar)) count += 1;
  }
  // A backwards span without working days would otherwise give -0, which Object.is (and so React state and test
  // assertions) tells apart from 0.
  return count === 0 ? 0 : sign * count;
}

/** A case is overdue from the day after its due date; on the due date itself it is still in time. */
export function isOverdue(due: LocalDate, today: LocalDate): boolean {
  return toDayNumber(today) > toDayNumber(due);
}

/**
 * The time limit to compute a due date from. The bureau's 承诺时限 (promised) is what it publishes to applicants
 * and is usually shorter than the 法定时限 (statutory), so it is preferred by default; when the preferred kind is
 * missing the other kind is used. Among several limits of one kind the first, in catalogue order, wins. Returns
 * undefined for an item without time limits.
 */
export function pickTimeLimit<Limit extends Pick<TimeLimit, 'kind'>>(
  limits: readonly Limit[],
  preference: TimeLimitKind = 'promised',
): Limit | undefined {
  return limits.find((limit) => limit.kind === preference) ?? limits.find((limit) => limit.kind !== preference);
}

import { buildHolidayCalendar } from './calendar.ts';
import { HOLIDAY_DATA } from './holidays-data.ts';

export {
  type CalendarStatus,
  type HolidayCalendar,
  type HolidayCalendarData,
  type HolidayPeriodData,
  type OfficialYearData,
  type StatutoryOnlyYearData,
  type YearArrangementData,
  HolidayCalendarDataError,
  buildHolidayCalendar,
  calendarStatus,
  holidayOn,
  isCalendarKnown,
  isWorkingDay,
  unknownCalendarYears,
} from './calendar.ts';
export { dueDate, isOverdue, pickTimeLimit, workingDaysBetween } from './due-date.ts';
export { HOLIDAY_DATA } from './holidays-data.ts';
export {
  type LocalDate,
  addDays,
  dayOfWeek,
  fromDayNumber,
  isLocalDate,
  localDateOf,
  toDayNumber,
  yearOf,
} from './local-date.ts';

/**
 * The mainland calendar from `holidays-data.ts` (the State Council notices, and the statutory days of a year whose
 * notice is not out yet); checked when the module loads.
 */
export const officialHolidayCalendar = buildHolidayCalendar(HOLIDAY_DATA);

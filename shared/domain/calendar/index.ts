import { buildHolidayCalendar } from './calendar.ts';
import { HOLIDAY_DATA } from './holidays-data.ts';

export {
  type HolidayCalendar,
  type HolidayCalendarData,
  type HolidayPeriodData,
  type YearArrangementData,
  HolidayCalendarDataError,
  buildHolidayCalendar,
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

/** The mainland calendar from the State Council notices in `holidays-data.ts`; checked when the module loads. */
export const officialHolidayCalendar = buildHolidayCalendar(HOLIDAY_DATA);

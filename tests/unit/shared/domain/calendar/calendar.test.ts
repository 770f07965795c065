import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_DATA,
  HolidayCalendarDataError,
  type HolidayCalendarData,
  buildHolidayCalendar,
  holidayOn,
  isCalendarKnown,
  isWorkingDay,
  officialHolidayCalendar as calendar,
  unknownCalendarYears,
} from '../../../../../shared/domain/calendar/index.ts';

describe('isWorkingDay', () => {
  it('counts an ordinary Monday to Friday as working and a Saturday or Sunday as not', () => {
    expect(isWorkingDay('2025-09-22', calendar)).toBe(true);
    expect(isWorkingDay('2025-09-26', calendar)).toBe(true);
    expect(isWorkingDay('2025-09-27', calendar)).toBe(false);
    expect(isWorkingDay('2025-09-21', calendar)).toBe(false);
  });

  it('treats a public holiday on a weekday as not working', () => {
    expect(isWorkingDay('2025-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2025-10-08', calendar)).toBe(false);
    expect(isWorkingDay('2025-01-28', calendar)).toBe(false);
    expect(isWorkingDay('2026-02-23', calendar)).toBe(false);
    expect(isWorkingDay('2026-01-02', calendar)).toBe(false);
  });

  it('treats a 调休 make-up Saturday or Sunday as working', () => {
    expect(isWorkingDay('2025-09-28', calendar)).toBe(true);
    expect(isWorkingDay('2025-10-11', calendar)).toBe(true);
    expect(isWorkingDay('2025-01-26', calendar)).toBe(true);
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true);
    expect(isWorkingDay('2026-01-04', calendar)).toBe(true);
  });

  it('refuses a date that does not exist', () => {
    expect(() => isWorkingDay('2025-02-29', calendar)).toThrow(RangeError);
    expect(() => isWorkingDay('2025/10/01', calendar)).toThrow(RangeError);
  });

  it('falls back to weekends only in a year without a notice', () => {
    expect(isCalendarKnown(2027, calendar)).toBe(false);
    // 2027-01-01 is a Friday and will surely be a holiday, but no notice says so yet.
    expect(isWorkingDay('2027-01-01', calendar)).toBe(true);
    expect(isWorkingDay('2027-01-02', calendar)).toBe(false);
  });
});

describe('holidayOn', () => {
  it('names the holiday on a date in both languages', () => {
    expect(holidayOn('2025-10-06', calendar)).toEqual({
      zh: '国庆节、中秋节',
      en: 'National Day and Mid-Autumn Festival',
    });
    expect(holidayOn('2026-02-17', calendar)).toEqual({ zh: '春节', en: 'Spring Festival' });
    expect(holidayOn('2026-09-26', calendar)).toEqual({ zh: '中秋节', en: 'Mid-Autumn Festival' });
  });

  it('returns undefined on a working day or a plain weekend', () => {
    expect(holidayOn('2025-09-28', calendar)).toBeUndefined();
    expect(holidayOn('2025-09-27', calendar)).toBeUndefined();
  });
});

describe('isCalendarKnown and unknownCalendarYears', () => {
  it('knows 2025 and 2026 and not the years around them', () => {
    expect(isCalendarKnown(2025, calendar)).toBe(true);
    expect(isCalendarKnown(2026, calendar)).toBe(true);
    expect(isCalendarKnown(2024, calendar)).toBe(false);
    expect(isCalendarKnown(2027, calendar)).toBe(false);
  });

  it('lists the years of a span whose notice is missing, whichever date comes first', () => {
    expect(unknownCalendarYears('2025-03-01', '2026-12-31', calendar)).toEqual([]);
    expect(unknownCalendarYears('2026-12-20', '2027-01-10', calendar)).toEqual([2027]);
    expect(unknownCalendarYears('2028-01-10', '2024-12-31', calendar)).toEqual([2024, 2027, 2028]);
  });
});

describe('buildHolidayCalendar', () => {
  const name = { zh: '测试', en: 'Test' };
  const notice = { title: 'test', url: 'https://example.invalid/' };
  const build = (data: HolidayCalendarData) => () => buildHolidayCalendar(data);

  it('builds the official data without complaint', () => {
    expect(() => buildHolidayCalendar(HOLIDAY_DATA)).not.toThrow();
  });

  it('refuses an impossible date', () => {
    expect(build({ '2025': { notice, holidays: [{ name, dates: ['2025-02-30'] }], makeUpWorkdays: [] } })).toThrow(
      HolidayCalendarDataError,
    );
  });

  it('refuses a date far from the notice year', () => {
    expect(build({ '2025': { notice, holidays: [{ name, dates: ['2052-10-01'] }], makeUpWorkdays: [] } })).toThrow(
      /not near 2025/,
    );
  });

  it('accepts a make-up day in the December before the notice year', () => {
    const built = buildHolidayCalendar({ '2019': { notice, holidays: [], makeUpWorkdays: ['2018-12-29'] } });
    expect(isWorkingDay('2018-12-29', built)).toBe(true);
  });

  it('refuses a make-up workday that is not a Saturday or Sunday', () => {
    expect(build({ '2025': { notice, holidays: [], makeUpWorkdays: ['2025-09-29'] } })).toThrow(
      /not a Saturday or Sunday/,
    );
  });

  it('refuses a date that is both a holiday and a make-up workday, or listed twice', () => {
    expect(
      build({ '2025': { notice, holidays: [{ name, dates: ['2025-09-28'] }], makeUpWorkdays: ['2025-09-28'] } }),
    ).toThrow(/more than once/);
    expect(
      build({ '2025': { notice, holidays: [{ name, dates: ['2025-10-01', '2025-10-01'] }], makeUpWorkdays: [] } }),
    ).toThrow(/more than once/);
  });

  it('refuses a year key that is not four digits', () => {
    expect(build({ '25': { notice, holidays: [], makeUpWorkdays: [] } })).toThrow(HolidayCalendarDataError);
  });
});

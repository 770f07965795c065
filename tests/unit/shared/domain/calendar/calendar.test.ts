import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_DATA,
  HolidayCalendarDataError,
  type HolidayCalendarData,
  buildHolidayCalendar,
  calendarStatus,
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

  it('treats the statutory holidays of 2027 as not working although its notice is not out', () => {
    expect(isCalendarKnown(2027, calendar)).toBe(false);
    // The seven that fall on a weekday: 元旦 (Fri), 除夕 (Fri), 正月初三 (Mon), 清明 (Mon), 端午 (Wed), 中秋 (Wed) and
    // 1 October (Fri).
    const weekdayHolidays = ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15'];
    for (const date of [...weekdayHolidays, '2027-10-01']) expect(isWorkingDay(date, calendar), date).toBe(false);
    // No 调休 yet: the weekdays around the holidays still count as working.
    expect(isWorkingDay('2027-02-09', calendar)).toBe(true);
    expect(isWorkingDay('2027-10-04', calendar)).toBe(true);
  });

  it('falls back to weekends only in a year without any data', () => {
    expect(calendarStatus(2028, calendar)).toBe('unknown');
    // Mon 2 Oct 2028 will surely be a holiday, but neither a notice nor our data says so yet.
    expect(isWorkingDay('2028-10-02', calendar)).toBe(true);
    expect(isWorkingDay('2028-01-01', calendar)).toBe(false);
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

  it('names the statutory holidays of the provisional year 2027', () => {
    expect(holidayOn('2027-02-05', calendar)).toEqual({ zh: '春节', en: 'Spring Festival' });
    expect(holidayOn('2027-09-15', calendar)).toEqual({ zh: '中秋节', en: 'Mid-Autumn Festival' });
    expect(holidayOn('2027-10-04', calendar)).toBeUndefined();
  });

  it('returns undefined on a working day or a plain weekend', () => {
    expect(holidayOn('2025-09-28', calendar)).toBeUndefined();
    expect(holidayOn('2025-09-27', calendar)).toBeUndefined();
  });
});

describe('calendarStatus, isCalendarKnown and unknownCalendarYears', () => {
  it('reports 2025 and 2026 official, 2027 statutory-only and the years around them unknown', () => {
    expect(calendarStatus(2025, calendar)).toBe('official');
    expect(calendarStatus(2026, calendar)).toBe('official');
    expect(calendarStatus(2027, calendar)).toBe('statutory-only');
    expect(calendarStatus(2028, calendar)).toBe('unknown');
    expect(calendarStatus(2024, calendar)).toBe('unknown');
  });

  it('knows 2025 and 2026 and not the years around them, counting statutory-only 2027 as not known', () => {
    expect(isCalendarKnown(2025, calendar)).toBe(true);
    expect(isCalendarKnown(2026, calendar)).toBe(true);
    expect(isCalendarKnown(2024, calendar)).toBe(false);
    expect(isCalendarKnown(2027, calendar)).toBe(false);
    expect(isCalendarKnown(2028, calendar)).toBe(false);
  });

  it('lists the years of a span whose notice is missing, provisional ones included, whichever date comes first', () => {
    expect(unknownCalendarYears('2025-03-01', '2026-12-31', calendar)).toEqual([]);
    expect(unknownCalendarYears('2026-12-20', '2027-01-10', calendar)).toEqual([2027]);
    expect(unknownCalendarYears('2028-01-10', '2024-12-31', calendar)).toEqual([2024, 2027, 2028]);
  });
});

describe('buildHolidayCalendar', () => {
  const name = { zh: '测试', en: 'Test' };
  const official = { status: 'official', notice: { title: 'test', url: 'https://example.invalid/' } } as const;
  const build = (data: HolidayCalendarData) => () => buildHolidayCalendar(data);

  it('builds the official data without complaint', () => {
    expect(() => buildHolidayCalendar(HOLIDAY_DATA)).not.toThrow();
  });

  it('refuses an impossible date', () => {
    expect(build({ '2025': { ...official, holidays: [{ name, dates: ['2025-02-30'] }], makeUpWorkdays: [] } })).toThrow(
      HolidayCalendarDataError,
    );
  });

  it('refuses a date far from the notice year', () => {
    expect(build({ '2025': { ...official, holidays: [{ name, dates: ['2052-10-01'] }], makeUpWorkdays: [] } })).toThrow(
      /not near 2025/,
    );
  });

  it('accepts a make-up day in the December before the notice year', () => {
    const built = buildHolidayCalendar({ '2019': { ...official, holidays: [], makeUpWorkdays: ['2018-12-29'] } });
    expect(isWorkingDay('2018-12-29', built)).toBe(true);
  });

  it('refuses a make-up workday that is not a Saturday or Sunday', () => {
    expect(build({ '2025': { ...official, holidays: [], makeUpWorkdays: ['2025-09-29'] } })).toThrow(
      /not a Saturday or Sunday/,
    );
  });

  it('refuses a date that is both a holiday and a make-up workday, or listed twice', () => {
    expect(
      build({ '2025': { ...official, holidays: [{ name, dates: ['2025-09-28'] }], makeUpWorkdays: ['2025-09-28'] } }),
    ).toThrow(/more than once/);
    expect(
      build({ '2025': { ...official, holidays: [{ name, dates: ['2025-10-01', '2025-10-01'] }], makeUpWorkdays: [] } }),
    ).toThrow(/more than once/);
  });

  it('builds a statutory-only year and reports it as such', () => {
    const built = buildHolidayCalendar({
      '2030': {
        status: 'statutory-only',
        law: { title: 'test' },
        holidays: [{ name, dates: ['2030-01-01'] }],
        makeUpWorkdays: [],
      },
    });
    expect(calendarStatus(2030, built)).toBe('statutory-only');
    expect(isWorkingDay('2030-01-01', built)).toBe(false);
  });

  it('refuses a make-up workday in a statutory-only year, which only a notice can set', () => {
    const data = {
      '2030': { status: 'statutory-only', law: { title: 'test' }, holidays: [], makeUpWorkdays: ['2030-01-05'] },
    } as unknown as HolidayCalendarData;
    expect(build(data)).toThrow(/statutory-only and so cannot have make-up workdays/);
  });

  it('refuses a status it does not know', () => {
    const data = {
      '2030': { status: 'provisional', notice: official.notice, holidays: [], makeUpWorkdays: [] },
    } as unknown as HolidayCalendarData;
    expect(build(data)).toThrow(/status must be 'official' or 'statutory-only'/);
  });

  it('refuses a year key that is not four digits', () => {
    expect(build({ '25': { ...official, holidays: [], makeUpWorkdays: [] } })).toThrow(HolidayCalendarDataError);
  });
});

// Cross-checks our transcription of the State Council notices against the chinese-days package, a second,
// independently maintained transcription. chinese-days is a devDependency and is used here only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as ChineseDays from 'chinese-days';
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  HOLIDAY_DATA,
  addDays,
  dueDate,
  fromDayNumber,
  isCalendarKnown,
  isWorkingDay,
  officialHolidayCalendar as calendar,
  toDayNumber,
} from '../../../../../shared/domain/calendar/index.ts';

const theirHolidays = Object.keys(chineseDaysData.holidays);
const theirMakeUpWorkdays = Object.keys(chineseDaysData.workdays);
const yearsTheyCover = [...new Set(theirHolidays.map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);
const ourYears = Object.keys(HOLIDAY_DATA)
  .map(Number)
  .sort((a, b) => a - b);
const firstOurYear = ourYears[0] ?? Number.NaN;
const yearsBoth = ourYears.filter((year) => yearsTheyCover.includes(year));

/**
 * chinese-days builds its tables when it loads, from UTC dates read back in local parts, so west of Greenwich every
 * entry moves to the day before. It is therefore loaded and run with the process in Asia/Shanghai.
 */
let chineseDays: typeof ChineseDays;
const machineZone = process.env.TZ;
beforeAll(async () => {
  process.env.TZ = 'Asia/Shanghai';
  chineseDays = await import('chinese-days');
});
afterAll(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

const inYear = (year: number) => (date: string) => date.startsWith(`${year}-`);
const ourHolidayDates = Object.values(HOLIDAY_DATA).flatMap((arrangement) =>
  arrangement.holidays.flatMap((period) => period.dates),
);
const ourMakeUpDates = Object.values(HOLIDAY_DATA).flatMap((arrangement) => arrangement.makeUpWorkdays);

describe('holiday data', () => {
  it('covers 2025 and 2026, and not 2027 whose notice we do not have', () => {
    expect(ourYears).toEqual([2025, 2026]);
    expect(isCalendarKnown(2027, calendar)).toBe(false);
  });

  it('cites a State Council notice on gov.cn for every year', () => {
    for (const [year, arrangement] of Object.entries(HOLIDAY_DATA)) {
      expect(arrangement.notice.title).toContain(`${year}年部分节假日安排的通知`);
      expect(arrangement.notice.url).toMatch(/^https:\/\/www\.gov\.cn\//);
    }
  });

  it('lists each holiday period as consecutive dates', () => {
    for (const arrangement of Object.values(HOLIDAY_DATA)) {
      for (const period of arrangement.holidays) {
        const days = period.dates.map(toDayNumber);
        days.forEach((day, index) => {
          if (index > 0) expect(day, `${period.name.zh} ${period.dates[index]}`).toBe((days[index - 1] ?? 0) + 1);
        });
      }
    }
  });
});

describe('holiday data against chinese-days', () => {
  it('is compared for at least the years 2025 and 2026', () => {
    expect(yearsBoth).toEqual(expect.arrayContaining([2025, 2026]));
  });

  it('has every year chinese-days has from our first year on (fails when chinese-days publishes a new year)', () => {
    const missing = yearsTheyCover.filter((year) => year >= firstOurYear && !ourYears.includes(year));
    expect(missing).toEqual([]);
  });

  it.each(yearsBoth)('has the same holidays and make-up workdays as chinese-days in %i', (year) => {
    expect(ourHolidayDates.filter(inYear(year)).sort()).toEqual(theirHolidays.filter(inYear(year)).sort());
    expect(ourMakeUpDates.filter(inYear(year)).sort()).toEqual(theirMakeUpWorkdays.filter(inYear(year)).sort());
  });

  it.each(yearsBoth)('agrees with chinese-days on every day of %i', (year) => {
    const disagreements: string[] = [];
    for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
      if (isWorkingDay(date, calendar) !== chineseDays.isWorkday(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it('finds the same 工作日 due date as chinese-days findWorkday', () => {
    const first = toDayNumber(`${yearsBoth[0]}-01-01`);
    // Leaves room for 40 working days so the answer stays inside the years both sides know.
    const last = toDayNumber(`${yearsBoth[yearsBoth.length - 1]}-10-31`);
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: 1, max: 40 }), (dayNumber, value) => {
        const acceptedOn = fromDayNumber(dayNumber);
        expect(dueDate(acceptedOn, { value, unit: '工作日' }, calendar)).toBe(
          chineseDays.findWorkday(value, acceptedOn),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

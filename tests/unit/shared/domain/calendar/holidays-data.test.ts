// Cross-checks our transcription of the State Council notices against the chinese-days package, a second,
// independently maintained transcription, and checks every year from 2025 on against the statutory holidays of
// 《全国年节及纪念日放假办法》, computed here with chinese-days' lunar calendar and solar terms. chinese-days is a
// devDependency and is used here only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as ChineseDays from 'chinese-days';
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  HOLIDAY_DATA,
  type LocalDate,
  addDays,
  calendarStatus,
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
const yearsWithStatus = (status: 'official' | 'statutory-only') =>
  Object.entries(HOLIDAY_DATA)
    .filter(([, arrangement]) => arrangement.status === status)
    .map(([year]) => Number(year))
    .sort((a, b) => a - b);
const officialYears = yearsWithStatus('official');
const statutoryOnlyYears = yearsWithStatus('statutory-only');
const firstOurYear = officialYears[0] ?? Number.NaN;
// Only official years are compared: a statutory-only year lacks the notice's 调休 on purpose.
const yearsBoth = officialYears.filter((year) => yearsTheyCover.includes(year));

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
  it('covers 2025 and 2026 from their notices and 2027 provisionally, by its statutory days only', () => {
    expect(officialYears).toEqual([2025, 2026]);
    expect(statutoryOnlyYears).toEqual([2027]);
    expect(isCalendarKnown(2027, calendar)).toBe(false);
    expect(calendarStatus(2027, calendar)).toBe('statutory-only');
  });

  it('cites a State Council notice on gov.cn for every official year', () => {
    for (const [year, arrangement] of Object.entries(HOLIDAY_DATA)) {
      if (arrangement.status !== 'official') continue;
      expect(arrangement.notice.title).toContain(`${year}年部分节假日安排的通知`);
      expect(arrangement.notice.url).toMatch(/^https:\/\/www\.gov\.cn\//);
    }
  });

  it('cites the law and has no make-up workdays in every statutory-only year', () => {
    for (const arrangement of Object.values(HOLIDAY_DATA)) {
      if (arrangement.status !== 'statutory-only') continue;
      expect(arrangement.law.title).toContain('全国年节及纪念日放假办法');
      expect(arrangement.makeUpWorkdays).toEqual([]);
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

  it('has every year chinese-days has from our first year on, as an official year (fails when chinese-days publishes a new year, provisional 2027 included)', () => {
    const missing = yearsTheyCover.filter((year) => year >= firstOurYear && !officialYears.includes(year));
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

/**
 * The days article 2 of 《全国年节及纪念日放假办法》 (as revised on 10 November 2024, in force from 1 January 2025)
 * gives all citizens in `year`, by festival: 13 in all. Lunar dates come from chinese-days' lunar conversion, 清明
 * from its solar terms (which need the process in Asia/Shanghai, see above).
 */
function statutoryDays(year: number): Record<string, LocalDate[]> {
  const days: LocalDate[] = [];
  for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) days.push(date);
  const lunar = (month: number, day: number): LocalDate[] =>
    days.filter((date) => {
      const found = chineseDays.getLunarDate(date);
      return found.lunarMon === month && found.lunarDay === day && !found.isLeap;
    });
  const [firstOfFirstMonth] = lunar(1, 1);
  if (firstOfFirstMonth === undefined) throw new Error(`No 正月初一 found in ${year}`);
  return {
    元旦: [`${year}-01-01`],
    // 农历除夕 (the last day of the twelfth month, whether the 29th or the 30th) and 正月初一 to 初三.
    春节: [-1, 0, 1, 2].map((offset) => addDays(firstOfFirstMonth, offset)),
    清明节: chineseDays
      .getSolarTerms(`${year}-04-01`, `${year}-04-30`)
      .filter((term) => term.term === 'pure_brightness')
      .map((term) => term.date),
    劳动节: [`${year}-05-01`, `${year}-05-02`],
    端午节: lunar(5, 5),
    中秋节: lunar(8, 15),
    国庆节: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
  };
}

// The 2024 revision (春节 with 除夕, 劳动节 with 2 May) holds from 2025; earlier notices followed the older text.
const officialYearsUnderTheLaw = officialYears.filter((year) => year >= 2025);

describe('holiday data against 《全国年节及纪念日放假办法》', () => {
  it('computes 13 statutory days a year, with the lunar and solar-term dates falling where published', () => {
    for (const year of [2025, 2026, 2027]) {
      expect(Object.values(statutoryDays(year)).flat(), `${year}`).toHaveLength(13);
    }
    // 正月初一 of 2025 and 2026 as their notices show it, and of 2027 (the Year of the Goat begins on 6 February).
    expect(statutoryDays(2025)['春节']?.[1]).toBe('2025-01-29');
    expect(statutoryDays(2026)['春节']?.[1]).toBe('2026-02-17');
    expect(statutoryDays(2027)['春节']?.[1]).toBe('2027-02-06');
    const eve = chineseDays.getLunarDate('2027-02-05');
    expect([eve.lunarYear, eve.lunarMon, eve.isLeap]).toEqual([2026, 12, false]);
    expect(statutoryDays(2027)['清明节']).toEqual(['2027-04-05']);
  });

  it('is checked for every official year from 2025 on and every statutory-only year', () => {
    expect(officialYearsUnderTheLaw).toEqual([2025, 2026]);
    expect(statutoryOnlyYears).toEqual([2027]);
  });

  it.each(statutoryOnlyYears)(
    'lists exactly the statutory days of each festival in the statutory-only year %i',
    (year) => {
      const arrangement = HOLIDAY_DATA[String(year) as keyof typeof HOLIDAY_DATA];
      const listed = Object.fromEntries(arrangement.holidays.map((period) => [period.name.zh, [...period.dates]]));
      expect(listed).toEqual(statutoryDays(year));
    },
  );

  it.each(officialYearsUnderTheLaw)(
    'puts every statutory day of %i inside that festival’s holiday in the notice',
    (year) => {
      const arrangement = HOLIDAY_DATA[String(year) as keyof typeof HOLIDAY_DATA];
      const outside: string[] = [];
      for (const [festival, dates] of Object.entries(statutoryDays(year))) {
        for (const date of dates) {
          // 2025 merges 中秋节 into 国庆节、中秋节, so the period's name need only contain the festival's.
          const period = arrangement.holidays.find((candidate) => candidate.dates.includes(date));
          if (!period?.name.zh.includes(festival)) outside.push(`${festival} ${date}`);
        }
      }
      expect(outside).toEqual([]);
    },
  );
});

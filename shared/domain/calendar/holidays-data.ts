import type { HolidayCalendarData } from './calendar.ts';

/**
 * Mainland China public holidays (放假) and make-up working days (调休上班) — plain data the bureau edits.
 *
 * Each year is transcribed from the State Council General Office's notice on that year's holiday arrangements
 * (国务院办公厅关于XXXX年部分节假日安排的通知), cited in `notice`. The list is every date of each holiday period
 * the notice gives, weekends inside the period included; `makeUpWorkdays` are the weekend days the notice says are
 * worked ("上班"). `tests/unit/shared/domain/calendar/holidays-data.test.ts` cross-checks these against the
 * `chinese-days` package for every year it covers.
 *
 * 2027 IS NOT HERE. When this file was written the 2027 notice was not available to us (chinese-days 1.5.7 stops at
 * 2026; the notice usually appears in October–November of the year before), and dates are never guessed. Until it
 * is added, `isCalendarKnown(2027, …)` is false and 2027 counts only Saturdays and Sundays as non-working, so a
 * 工作日 deadline in 2027 may come out early around 元旦, 春节, 劳动节 and 国庆节; the UI should warn when
 * `unknownCalendarYears` is not empty. The cross-check test fails once an installed chinese-days knows a year that
 * is missing here.
 *
 * To add a year, copy a block below, key it by the year, and list the dates from the new notice. The notice may set
 * a make-up day in the previous December (the 2019 notice did); put it under the notice's year all the same.
 */
export const HOLIDAY_DATA = {
  '2025': {
    notice: {
      title: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
      url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    },
    holidays: [
      { name: { zh: '元旦', en: "New Year's Day" }, dates: ['2025-01-01'] },
      {
        name: { zh: '春节', en: 'Spring Festival' },
        dates: [
          '2025-01-28',
          '2025-01-29',
          '2025-01-30',
          '2025-01-31',
          '2025-02-01',
          '2025-02-02',
          '2025-02-03',
          '2025-02-04',
        ],
      },
      { name: { zh: '清明节', en: 'Qingming Festival' }, dates: ['2025-04-04', '2025-04-05', '2025-04-06'] },
      {
        name: { zh: '劳动节', en: 'Labour Day' },
        dates: ['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05'],
      },
      { name: { zh: '端午节', en: 'Dragon Boat Festival' }, dates: ['2025-05-31', '2025-06-01', '2025-06-02'] },
      {
        // The notice merges the two: Mid-Autumn (6 October) falls inside the National Day week.
        name: { zh: '国庆节、中秋节', en: 'National Day and Mid-Autumn Festival' },
        dates: [
          '2025-10-01',
          '2025-10-02',
          '2025-10-03',
          '2025-10-04',
          '2025-10-05',
          '2025-10-06',
          '2025-10-07',
          '2025-10-08',
        ],
      },
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  '2026': {
    notice: {
      title: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
      url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    },
    holidays: [
      { name: { zh: '元旦', en: "New Year's Day" }, dates: ['2026-01-01', '2026-01-02', '2026-01-03'] },
      {
        name: { zh: '春节', en: 'Spring Festival' },
        dates: [
          '2026-02-15',
          '2026-02-16',
          '2026-02-17',
          '2026-02-18',
          '2026-02-19',
          '2026-02-20',
          '2026-02-21',
          '2026-02-22',
          '2026-02-23',
        ],
      },
      { name: { zh: '清明节', en: 'Qingming Festival' }, dates: ['2026-04-04', '2026-04-05', '2026-04-06'] },
      {
        name: { zh: '劳动节', en: 'Labour Day' },
        dates: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
      },
      { name: { zh: '端午节', en: 'Dragon Boat Festival' }, dates: ['2026-06-19', '2026-06-20', '2026-06-21'] },
      { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, dates: ['2026-09-25', '2026-09-26', '2026-09-27'] },
      {
        name: { zh: '国庆节', en: 'National Day' },
        dates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
      },
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
} satisfies HolidayCalendarData;

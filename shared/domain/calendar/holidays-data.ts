import type { HolidayCalendarData } from './calendar.ts';

/**
 * Mainland China public holidays (放假) and make-up working days (调休上班) — plain data the bureau edits.
 *
 * An `'official'` year is transcribed from the State Council General Office's notice on that year's holiday
 * arrangements (国务院办公厅关于XXXX年部分节假日安排的通知), cited in `notice`. The list is every date of each
 * holiday period the notice gives, weekends inside the period included; `makeUpWorkdays` are the weekend days the
 * notice says are worked ("上班"). `tests/unit/shared/domain/calendar/holidays-data.test.ts` cross-checks the official
 * years against the `chinese-days` package for every year it covers, and checks that each official year from 2025
 * on gives at least the statutory days below.
 *
 * 2027 IS PROVISIONAL (`status: 'statutory-only'`). Its notice was not available to us when this was written
 * (chinese-days 1.5.7 stops at 2026; a notice usually appears in October–November of the year before), and dates
 * are never guessed. What is listed for 2027 is only what the law fixes by itself: the statutory holidays of
 * 《全国年节及纪念日放假办法》 as revised on 10 November 2024 (in force from 1 January 2025), article 2 — 元旦
 * 1 January; 春节 农历除夕 and 正月初一 to 初三; 清明节 the 清明 solar-term day; 劳动节 1 and 2 May; 端午节 农历五月初五;
 * 中秋节 农历八月十五; 国庆节 1 to 3 October — 13 days. The lunar and solar-term dates were computed with chinese-days
 * and are recomputed by the test. Not here, because only the notice sets them: the weekday off given for a statutory
 * day that falls on a Saturday or Sunday (补假; in 2027 that is 6–7 February, 1–2 May and 2–3 October), the
 * bridging days that make up the longer breaks, and the weekend make-up workdays. So a 工作日 deadline in 2027 may
 * still move: mostly later than computed now (补假 and bridging days are missing), above all around 春节, 劳动节 and
 * 国庆节, and earlier where the notice will make a weekend a workday. `isCalendarKnown(2027, …)` is false and
 * `unknownCalendarYears` lists 2027, so the UI keeps warning; `calendarStatus` tells it the year is provisional
 * rather than empty. The law is cited by title only: we could not check its gov.cn address, and addresses are not
 * guessed either.
 *
 * WHEN THE 2027 NOTICE IS PUBLISHED, replace the 2027 block with the notice's arrangement: `status: 'official'`, its
 * `notice` title and gov.cn address, every holiday date and every 调休 make-up workday. The cross-check test fails
 * once an installed chinese-days knows a year that is not official here.
 *
 * To add a year, copy an official block below, key it by the year, and list the dates from the new notice. The
 * notice may set a make-up day in the previous December (the 2019 notice did); put it under the notice's year all
 * the same.
 */
export const HOLIDAY_DATA = {
  '2025': {
    status: 'official',
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
    status: 'official',
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
  // Provisional: the statutory days only (see the note above). Replace with the 2027 notice when it is published.
  '2027': {
    status: 'statutory-only',
    law: { title: '《全国年节及纪念日放假办法》第二条（2024年11月10日修订，自2025年1月1日起施行）' },
    holidays: [
      { name: { zh: '元旦', en: "New Year's Day" }, dates: ['2027-01-01'] },
      // 除夕 (腊月廿九, 腊月 having 29 days this year), 正月初一 to 初三.
      { name: { zh: '春节', en: 'Spring Festival' }, dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
      { name: { zh: '清明节', en: 'Qingming Festival' }, dates: ['2027-04-05'] },
      { name: { zh: '劳动节', en: 'Labour Day' }, dates: ['2027-05-01', '2027-05-02'] },
      { name: { zh: '端午节', en: 'Dragon Boat Festival' }, dates: ['2027-06-09'] },
      { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, dates: ['2027-09-15'] },
      { name: { zh: '国庆节', en: 'National Day' }, dates: ['2027-10-01', '2027-10-02', '2027-10-03'] },
    ],
    makeUpWorkdays: [],
  },
} satisfies HolidayCalendarData;

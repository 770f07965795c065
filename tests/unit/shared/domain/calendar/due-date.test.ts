import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TimeLimit } from '../../../../../shared/schemas/catalogue.ts';
import {
  calendarStatus,
  dueDate,
  fromDayNumber,
  isOverdue,
  isWorkingDay,
  officialHolidayCalendar as calendar,
  pickTimeLimit,
  toDayNumber,
  unknownCalendarYears,
  workingDaysBetween,
} from '../../../../../shared/domain/calendar/index.ts';

const calendarDays = (value: number) => ({ value, unit: '日' as const });
const workingDays = (value: number) => ({ value, unit: '工作日' as const });

describe('dueDate in 日 (calendar days)', () => {
  it('adds the days to the date of acceptance', () => {
    expect(dueDate('2025-03-03', calendarDays(20), calendar)).toBe('2025-03-23');
  });

  it('crosses month ends and year ends', () => {
    expect(dueDate('2025-01-31', calendarDays(30), calendar)).toBe('2025-03-02');
    expect(dueDate('2025-12-25', calendarDays(10), calendar)).toBe('2026-01-04');
    expect(dueDate('2026-11-30', calendarDays(60), calendar)).toBe('2027-01-29');
  });

  it('counts 29 February in a leap year and skips it otherwise', () => {
    expect(dueDate('2024-02-28', calendarDays(1), calendar)).toBe('2024-02-29');
    expect(dueDate('2024-02-28', calendarDays(2), calendar)).toBe('2024-03-01');
    expect(dueDate('2025-02-28', calendarDays(1), calendar)).toBe('2025-03-01');
    expect(dueDate('2024-02-29', calendarDays(365), calendar)).toBe('2025-02-28');
    expect(dueDate('2028-02-01', calendarDays(28), calendar)).toBe('2028-02-29');
  });

  it('does not skip holidays or weekends', () => {
    expect(dueDate('2025-09-30', calendarDays(1), calendar)).toBe('2025-10-01');
    expect(dueDate('2025-09-26', calendarDays(7), calendar)).toBe('2025-10-03');
  });

  it('gives the same day for 0', () => {
    expect(dueDate('2025-10-01', calendarDays(0), calendar)).toBe('2025-10-01');
  });
});

describe('dueDate in 工作日 (working days)', () => {
  it('starts counting the day after acceptance', () => {
    expect(dueDate('2025-09-15', workingDays(1), calendar)).toBe('2025-09-16');
    expect(dueDate('2025-09-15', workingDays(5), calendar)).toBe('2025-09-22');
  });

  it('skips a plain weekend', () => {
    expect(dueDate('2025-09-19', workingDays(1), calendar)).toBe('2025-09-22');
  });

  it('lands after National Day 2025 for 7 工作日 accepted just before, counting both make-up days', () => {
    // Fri 26 Sep accepted: Sun 28 Sep (调休) 1, 29 and 30 Sep 2–3, 1–8 Oct off, 9 and 10 Oct 4–5,
    // Sat 11 Oct (调休) 6, Mon 13 Oct 7.
    expect(dueDate('2025-09-26', workingDays(7), calendar)).toBe('2025-10-13');
    expect(dueDate('2025-09-30', workingDays(1), calendar)).toBe('2025-10-09');
    expect(dueDate('2025-09-30', workingDays(3), calendar)).toBe('2025-10-11');
  });

  it('counts from the next working day when accepted during a holiday', () => {
    expect(dueDate('2025-10-03', workingDays(1), calendar)).toBe('2025-10-09');
  });

  it('jumps Spring Festival 2025 and counts its make-up Sunday and Saturday', () => {
    // Fri 24 Jan accepted: Sun 26 Jan (调休) 1, Mon 27 Jan 2, 28 Jan – 4 Feb off, Wed 5 Feb 3.
    expect(dueDate('2025-01-24', workingDays(3), calendar)).toBe('2025-02-05');
    expect(dueDate('2025-02-05', workingDays(3), calendar)).toBe('2025-02-08');
  });

  it('jumps Spring Festival 2026, its nine days off and its two make-up Saturdays', () => {
    expect(dueDate('2026-02-13', workingDays(1), calendar)).toBe('2026-02-14');
    expect(dueDate('2026-02-13', workingDays(2), calendar)).toBe('2026-02-24');
    // 24–27 Feb are 1–4, Sat 28 Feb (调休) is 5.
    expect(dueDate('2026-02-23', workingDays(5), calendar)).toBe('2026-02-28');
  });

  it('jumps National Day 2026 and counts the make-up days on either side', () => {
    expect(dueDate('2026-09-18', workingDays(1), calendar)).toBe('2026-09-20');
    expect(dueDate('2026-09-30', workingDays(3), calendar)).toBe('2026-10-10');
  });

  it('crosses from 2025 into 2026 over New Year 2026 and its make-up Sunday', () => {
    // 1–3 Jan 2026 off, Sun 4 Jan 2026 (调休) worked.
    expect(dueDate('2025-12-31', workingDays(1), calendar)).toBe('2026-01-04');
  });

  it('gives the same day for 0, even on a holiday', () => {
    expect(dueDate('2025-10-01', workingDays(0), calendar)).toBe('2025-10-01');
  });

  it('skips 元旦 2027 in the provisional year and says the year is not from a notice', () => {
    // Fri 1 Jan 2027 off, 2–3 Jan weekend; Mon 4 to Fri 8 Jan are 1–5.
    expect(dueDate('2026-12-31', workingDays(5), calendar)).toBe('2027-01-08');
    expect(unknownCalendarYears('2026-12-31', '2027-01-08', calendar)).toEqual([2027]);
    expect(calendarStatus(2027, calendar)).toBe('statutory-only');
  });

  it('jumps the four statutory days of Spring Festival 2027 (provisional, without 调休)', () => {
    // Thu 4 Feb accepted: Fri 5 Feb (除夕) off, 6–7 Feb (初一, 初二) weekend, Mon 8 Feb (初三) off, Tue 9 Feb 1.
    expect(dueDate('2027-02-04', workingDays(1), calendar)).toBe('2027-02-09');
    // Wed 3 Feb accepted: Thu 4 Feb 1, Tue 9 Feb 2, Wed 10 Feb 3.
    expect(dueDate('2027-02-03', workingDays(3), calendar)).toBe('2027-02-10');
    expect(workingDaysBetween('2027-02-04', '2027-02-09', calendar)).toBe(1);
  });

  it('jumps the three statutory days of National Day 2027 (provisional, without 调休)', () => {
    // Thu 30 Sep accepted: Fri 1 Oct off, 2–3 Oct weekend (and statutory), Mon 4 Oct 1. The notice will surely give
    // more days off; until it is added this is the earliest the due date can be.
    expect(dueDate('2027-09-30', workingDays(1), calendar)).toBe('2027-10-04');
    // Mid-Autumn, Wed 15 Sep, is skipped on the way: Mon 13 Sep accepted, 14, 16, 17, 20 Sep are 1–4.
    expect(dueDate('2027-09-13', workingDays(4), calendar)).toBe('2027-09-20');
  });

  it('counts only weekends as off in a year without any data, and says which year that is', () => {
    // Fri 29 Sep 2028 accepted: Mon 2 and Tue 3 Oct count, as nothing says 2028's National Day is off.
    expect(dueDate('2028-09-29', workingDays(2), calendar)).toBe('2028-10-03');
    expect(unknownCalendarYears('2028-09-29', '2028-10-03', calendar)).toEqual([2028]);
    expect(calendarStatus(2028, calendar)).toBe('unknown');
  });

  it('refuses a time limit that is not a whole non-negative number and a date that does not exist', () => {
    expect(() => dueDate('2025-10-01', workingDays(-1), calendar)).toThrow(RangeError);
    expect(() => dueDate('2025-10-01', calendarDays(1.5), calendar)).toThrow(RangeError);
    expect(() => dueDate('2025-02-29', calendarDays(1), calendar)).toThrow(RangeError);
  });

  const acceptedOn = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2026-12-31') }).map(fromDayNumber);

  it('always lands on a working day after acceptance', () => {
    fc.assert(
      fc.property(acceptedOn, fc.integer({ min: 1, max: 60 }), (date, value) => {
        const due = dueDate(date, workingDays(value), calendar);
        expect(isWorkingDay(due, calendar)).toBe(true);
        expect(toDayNumber(due)).toBeGreaterThan(toDayNumber(date));
      }),
    );
  });

  it('never comes before the same number of calendar days', () => {
    fc.assert(
      fc.property(acceptedOn, fc.integer({ min: 0, max: 365 }), (date, value) => {
        const byWorkingDays = toDayNumber(dueDate(date, workingDays(value), calendar));
        expect(byWorkingDays).toBeGreaterThanOrEqual(toDayNumber(dueDate(date, calendarDays(value), calendar)));
      }),
    );
  });

  it('is undone by workingDaysBetween', () => {
    fc.assert(
      fc.property(acceptedOn, fc.integer({ min: 0, max: 120 }), (date, value) => {
        expect(workingDaysBetween(date, dueDate(date, workingDays(value), calendar), calendar)).toBe(value);
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2025-09-22', '2025-09-26', calendar)).toBe(4);
    expect(workingDaysBetween('2025-09-26', '2025-10-13', calendar)).toBe(7);
    expect(workingDaysBetween('2025-10-01', '2025-10-01', calendar)).toBe(0);
    expect(workingDaysBetween('2025-09-30', '2025-10-08', calendar)).toBe(0);
  });

  it('is negative when the second date comes first, and plain 0 (never -0) when no working day lies between', () => {
    expect(workingDaysBetween('2025-10-13', '2025-09-26', calendar)).toBe(-7);
    expect(Object.is(workingDaysBetween('2025-10-08', '2025-09-30', calendar), 0)).toBe(true);
  });

  const anyDate = fc.integer({ min: toDayNumber('2024-11-01'), max: toDayNumber('2027-02-28') }).map(fromDayNumber);

  it('adds up over consecutive spans and changes sign when reversed', () => {
    fc.assert(
      fc.property(anyDate, anyDate, anyDate, (a, b, c) => {
        const ab = workingDaysBetween(a, b, calendar);
        expect(ab + workingDaysBetween(b, c, calendar)).toBe(workingDaysBetween(a, c, calendar));
        expect(workingDaysBetween(b, a, calendar) + ab).toBe(0);
      }),
    );
  });
});

describe('isOverdue', () => {
  it('is false up to and including the due date and true from the day after', () => {
    expect(isOverdue('2025-10-13', '2025-10-12')).toBe(false);
    expect(isOverdue('2025-10-13', '2025-10-13')).toBe(false);
    expect(isOverdue('2025-10-13', '2025-10-14')).toBe(true);
    expect(isOverdue('2025-12-31', '2026-01-01')).toBe(true);
  });

  it('refuses a date that does not exist', () => {
    expect(() => isOverdue('2025-02-30', '2025-03-01')).toThrow(RangeError);
  });
});

describe('pickTimeLimit', () => {
  const statutory: TimeLimit = { kind: 'statutory', value: 20, unit: '工作日', verified: true };
  const promised: TimeLimit = { kind: 'promised', value: 7, unit: '工作日', verified: true };
  const promisedCrossProvince: TimeLimit = {
    kind: 'promised',
    value: 20,
    unit: '日',
    note: 'cross-province',
    verified: false,
  };

  it('prefers the promised limit when there is one', () => {
    expect(pickTimeLimit([statutory, promised])).toBe(promised);
  });

  it('falls back to the statutory limit when nothing is promised', () => {
    expect(pickTimeLimit([statutory])).toBe(statutory);
  });

  it('takes the statutory limit first when asked to, and still falls back to a promised one', () => {
    expect(pickTimeLimit([promised, statutory], 'statutory')).toBe(statutory);
    expect(pickTimeLimit([promised], 'statutory')).toBe(promised);
  });

  it('takes the first of several limits of the preferred kind', () => {
    expect(pickTimeLimit([statutory, promised, promisedCrossProvince])).toBe(promised);
  });

  it('gives undefined for an item without time limits', () => {
    expect(pickTimeLimit([])).toBeUndefined();
  });
});

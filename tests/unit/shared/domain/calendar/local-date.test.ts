import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  dayOfWeek,
  fromDayNumber,
  isLocalDate,
  localDateOf,
  toDayNumber,
  yearOf,
} from '../../../../../shared/domain/calendar/index.ts';

describe('local dates', () => {
  it('numbers days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(toDayNumber('2025-10-01'))).toBe('2025-10-01');
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    expect(fromDayNumber(toDayNumber('0050-03-01'))).toBe('0050-03-01');
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-29',
      '2100-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '20250101',
      '',
    ]) {
      expect(isLocalDate(bad)).toBe(false);
      expect(() => toDayNumber(bad)).toThrow(RangeError);
    }
  });

  it('adds days across month ends, year ends and leap days', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2025-10-01')).toBe(3);
    expect(dayOfWeek('2025-09-28')).toBe(0);
    expect(dayOfWeek('2025-10-11')).toBe(6);
    expect(dayOfWeek('2026-02-14')).toBe(6);
  });

  it('reads the year of a date and refuses an impossible one', () => {
    expect(yearOf('2027-06-30')).toBe(2027);
    expect(() => yearOf('2027-06-31')).toThrow(RangeError);
  });

  it('round-trips every day number through its date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (dayNumber) => {
        const date = fromDayNumber(dayNumber);
        expect(isLocalDate(date)).toBe(true);
        expect(toDayNumber(date)).toBe(dayNumber);
        expect(addDays(date, 1)).toBe(fromDayNumber(dayNumber + 1));
      }),
    );
  });
});

describe('localDateOf', () => {
  it('turns to the next Shanghai day at 16:00 UTC', () => {
    expect(localDateOf('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(localDateOf('2025-09-30T16:00:00.000Z')).toBe('2025-10-01');
    expect(localDateOf('2025-12-31T16:00:00.000Z')).toBe('2026-01-01');
    expect(localDateOf('2024-02-28T16:00:00.000Z')).toBe('2024-02-29');
  });

  it('honours an explicit offset in the instant', () => {
    expect(localDateOf('2025-10-01T00:30:00+08:00')).toBe('2025-10-01');
    expect(localDateOf('2025-09-30T23:30:00-05:00')).toBe('2025-10-01');
    expect(localDateOf('2025-10-01T07:59:00+09:00')).toBe('2025-10-01');
  });

  it('refuses an instant without Z or an offset, which JavaScript would read in the machine zone', () => {
    expect(() => localDateOf('2025-10-01T00:30:00')).toThrow(RangeError);
    expect(() => localDateOf('2025-10-01')).toThrow(RangeError);
    expect(() => localDateOf('not a date')).toThrow(RangeError);
    expect(() => localDateOf('2025-13-01T00:00:00Z')).toThrow(RangeError);
  });

  it('agrees with the IANA Asia/Shanghai zone for instants since 1992', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const instant = new Date(ms);
        expect(localDateOf(instant.toISOString())).toBe(shanghai.format(instant));
      }),
      { numRuns: 2000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { bureauToday, isLeapYear, isRealCalendarDate } from '../../../../../shared/domain/identity/calendar.ts';

describe('isLeapYear', () => {
  it.each([
    [2000, true],
    [2024, true],
    [1904, true],
    [1900, false],
    [2100, false],
    [2023, false],
  ])('says %i is a leap year: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('isRealCalendarDate', () => {
  it.each([
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [2023, 2, 28, true],
    [2023, 4, 30, true],
    [2023, 4, 31, false],
    [2023, 12, 31, true],
    [2023, 13, 1, false],
    [2023, 0, 1, false],
    [2023, 1, 0, false],
  ])('says %i-%i-%i exists: %s', (year, month, day, exists) => {
    expect(isRealCalendarDate(year, month, day)).toBe(exists);
  });
});

describe('bureauToday', () => {
  it('is already the next day in Pingtan at 16:00 UTC', () => {
    expect(bureauToday(new Date('2026-04-30T16:00:00.000Z'))).toBe('2026-05-01');
  });

  it('is still the same day in Pingtan at 15:59 UTC', () => {
    expect(bureauToday(new Date('2026-04-30T15:59:59.999Z'))).toBe('2026-04-30');
  });
});

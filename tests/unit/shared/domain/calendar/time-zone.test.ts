import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  dueDate,
  isWorkingDay,
  localDateOf,
  officialHolidayCalendar as calendar,
  workingDaysBetween,
} from '../../../../../shared/domain/calendar/index.ts';

/** Everything the calendar computes over 2025–2026, as one comparable value. */
function computeEverything(): string[] {
  const lines: string[] = [];
  for (let date = '2025-01-01'; date < '2027-01-01'; date = addDays(date, 1)) {
    const shanghaiMidnight = `${addDays(date, -1)}T16:00:00.000Z`;
    const justBefore = `${addDays(date, -1)}T15:59:59.999Z`;
    const utcMidnight = `${date}T00:00:00.000Z`;
    lines.push(
      [
        date,
        dayOfWeek(date),
        isWorkingDay(date, calendar),
        dueDate(date, { value: 7, unit: '工作日' }, calendar),
        dueDate(date, { value: 30, unit: '日' }, calendar),
        workingDaysBetween(date, addDays(date, 45), calendar),
        localDateOf(shanghaiMidnight),
        localDateOf(justBefore),
        localDateOf(utcMidnight),
      ].join(' '),
    );
  }
  return lines;
}

const machineZone = process.env.TZ;
afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

describe('the calendar and the machine time zone', () => {
  const zones = ['Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata'];

  it('gives the same answers whatever process.env.TZ is', () => {
    process.env.TZ = 'UTC';
    const inUtc = computeEverything();
    const offsets = new Set<number>([new Date(2025, 0, 1).getTimezoneOffset()]);
    for (const zone of zones) {
      process.env.TZ = zone;
      offsets.add(new Date(2025, 0, 1).getTimezoneOffset());
      expect(computeEverything(), zone).toEqual(inUtc);
    }
    // Proves the zone really changed under the code; otherwise the comparison above would be empty.
    expect(offsets.size).toBe(zones.length + 1);
  });

  it.each(zones)('reads Shanghai dates correctly in %s', (zone) => {
    process.env.TZ = zone;
    expect(localDateOf('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(localDateOf('2025-09-30T16:00:00.000Z')).toBe('2025-10-01');
    expect(dayOfWeek('2025-09-28')).toBe(0);
    expect(isWorkingDay('2025-09-28', calendar)).toBe(true);
    expect(isWorkingDay('2025-10-01', calendar)).toBe(false);
    expect(dueDate('2025-09-26', { value: 7, unit: '工作日' }, calendar)).toBe('2025-10-13');
  });
});

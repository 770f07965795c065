import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, CASE_STATUSES } from '../../../../../shared/schemas/case.ts';
import { OFFICER_ROLES } from '../../../../../shared/schemas/officer.ts';
import {
  CASE_TRANSITIONS,
  EVENT_ROLES,
  TERMINAL_STATUSES,
  allowedEvents,
  canApply,
  isTerminal,
  legalEvents,
} from '../../../../../shared/domain/case/index.ts';
import { idCardItem, passportItem, residenceCertificateItem } from './fixtures.ts';

describe('case state machine', () => {
  it('offers nothing once a case is completed, rejected or cancelled', () => {
    for (const status of TERMINAL_STATUSES) {
      expect(allowedEvents(status)).toEqual([]);
      expect(isTerminal(status)).toBe(true);
    }
  });

  it('lets every open case be cancelled, corrected and paid for', () => {
    for (const status of CASE_STATUSES.filter((s) => !isTerminal(s))) {
      expect(allowedEvents(status)).toEqual(
        expect.arrayContaining(['cancelled', 'field-corrected', 'payment-recorded']),
      );
    }
  });

  it('lists the documented transitions out of each status', () => {
    expect(allowedEvents('accepted')).toEqual([
      'materials-requested',
      'materials-received',
      'forwarded',
      'completed',
      'cancelled',
      'field-corrected',
      'payment-recorded',
    ]);
    expect(allowedEvents('awaiting-materials')).toEqual([
      'materials-requested',
      'materials-received',
      'cancelled',
      'field-corrected',
      'payment-recorded',
    ]);
    expect(allowedEvents('forwarded')).toEqual([
      'materials-requested',
      'materials-received',
      'approved',
      'rejected',
      'cancelled',
      'field-corrected',
      'payment-recorded',
    ]);
    expect(allowedEvents('approved')).toEqual(['ready-for-pickup', 'cancelled', 'field-corrected', 'payment-recorded']);
    expect(allowedEvents('ready-for-pickup')).toEqual([
      'completed',
      'cancelled',
      'field-corrected',
      'payment-recorded',
    ]);
  });

  it('never lets a log be accepted twice', () => {
    for (const status of CASE_STATUSES) expect(canApply({ status, items: [passportItem] }, 'accepted')).toBe(false);
    expect(CASE_TRANSITIONS.some((row) => (row.event as string) === 'accepted')).toBe(false);
  });

  it('leaves status unchanged on corrections and payments', () => {
    const rows = CASE_TRANSITIONS.filter((row) => row.event === 'field-corrected' || row.event === 'payment-recorded');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.to).toBe(row.from);
  });

  it('names only known statuses and event types in the table', () => {
    for (const row of CASE_TRANSITIONS) {
      expect(CASE_STATUSES).toContain(row.from);
      expect(CASE_EVENT_TYPES).toContain(row.event);
      if (row.to !== 'resume-when-requests-met') expect(CASE_STATUSES).toContain(row.to);
    }
  });

  it('completes on the spot only when no item must go to the back office', () => {
    expect(canApply({ status: 'accepted', items: [residenceCertificateItem, idCardItem] }, 'completed')).toBe(true);
    expect(canApply({ status: 'accepted', items: [residenceCertificateItem, passportItem] }, 'completed')).toBe(false);
    expect(legalEvents({ status: 'accepted', items: [passportItem] })).not.toContain('completed');
    expect(legalEvents({ status: 'accepted', items: [residenceCertificateItem] })).toContain('completed');
  });

  it('reserves approval and rejection to the back office and supervisors', () => {
    expect(EVENT_ROLES.approved).toEqual(['back-office', 'supervisor']);
    expect(EVENT_ROLES.rejected).toEqual(['back-office', 'supervisor']);
    const forwarded = { status: 'forwarded' as const, items: [passportItem] };
    for (const role of OFFICER_ROLES) {
      const decides = role === 'back-office' || role === 'supervisor';
      expect(canApply(forwarded, 'approved', role)).toBe(decides);
      expect(canApply(forwarded, 'rejected', role)).toBe(decides);
      expect(allowedEvents('forwarded', role).includes('approved')).toBe(decides);
      expect(canApply(forwarded, 'materials-requested', role)).toBe(true);
    }
  });

  it('checks no role when none is given', () => {
    expect(canApply({ status: 'forwarded', items: [passportItem] }, 'approved')).toBe(true);
  });

  it('refuses what the table does not list, such as approving a completed case', () => {
    expect(canApply({ status: 'completed', items: [passportItem] }, 'approved', 'supervisor')).toBe(false);
    expect(canApply({ status: 'accepted', items: [passportItem] }, 'approved', 'back-office')).toBe(false);
    expect(canApply({ status: 'approved', items: [passportItem] }, 'completed')).toBe(false);
  });
});

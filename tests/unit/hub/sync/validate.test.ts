import { describe, expect, it } from 'vitest';
import { validatePushedDocument, type ValidationContext } from '../../../../hub/sync/validate.ts';
import {
  acceptCase,
  completeCase,
  identityOf,
  projectCase,
  recordPayment,
} from '../../../../shared/domain/case/index.ts';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import type { Case, Officer } from '../../../../shared/schemas/index.ts';
import { makeCase } from '../../../helpers/cases.ts';

const ctx = (current?: Case): ValidationContext => ({
  serviceCodes: new Set(seedCatalogue.items.map((i) => i.code)),
  current: current as Record<string, unknown> | undefined,
});
const asDoc = (c: Case) => c as unknown as Record<string, unknown>;
const officer = { officerId: 'officer-dx', siteCode: 'DX' };

describe('validatePushedDocument for cases', () => {
  const base = makeCase({ siteCode: 'DX', sequence: 1, serviceCode: 'TR-DL-RENEW' });
  const onTheSpot = {
    ...base,
    ...projectCase(identityOf(base), [
      { ...base.events[0]!, items: [{ ...base.items[0]!, route: 'on-the-spot' as const }] } as Case['events'][number],
    ]),
  };

  it('accepts a well-formed case', () => {
    expect(validatePushedDocument('cases', asDoc(base), false, ctx())).toEqual({ ok: true });
  });

  it('refuses an applicant ID number whose check digit is wrong, naming the expected digit', () => {
    const id = base.applicant.idNumber;
    const wrong = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    const accepted = {
      ...base.events[0]!,
      applicant: { ...base.applicant, idNumber: wrong },
    } as Case['events'][number];
    const doc = projectCase(identityOf(base), [accepted]);
    const verdict = validatePushedDocument('cases', asDoc(doc), false, ctx());
    expect(verdict).toMatchObject({ ok: false, code: 'applicant-id-check-digit' });
    expect(!verdict.ok && verdict.reason).toContain(id.slice(17));
  });

  it('refuses a service code the catalogue does not have', () => {
    const doc = makeCase({ siteCode: 'DX', sequence: 2, serviceCode: 'XX-NO-SUCH-SERVICE' });
    expect(validatePushedDocument('cases', asDoc(doc), false, ctx())).toMatchObject({
      ok: false,
      code: 'unknown-service',
    });
  });

  it('refuses a case whose stored status disagrees with its event log', () => {
    const doc = { ...base, status: 'completed' as const };
    expect(validatePushedDocument('cases', asDoc(doc), false, ctx())).toMatchObject({
      ok: false,
      code: 'projection-mismatch',
    });
  });

  it('refuses a push that drops events the hub already holds', () => {
    const completed = completeCase(onTheSpot, officer);
    expect(validatePushedDocument('cases', asDoc(onTheSpot), false, ctx(completed))).toMatchObject({
      ok: false,
      code: 'events-removed',
    });
  });

  it('refuses a new case whose history is impossible, but accepts the same flag on a merged existing case', () => {
    // Completing a back-office case straight after acceptance is not allowed by the state machine.
    const illegal = projectCase(identityOf(base), [
      ...base.events,
      {
        id: '0190a000-0000-7000-8000-000000000001',
        type: 'completed',
        at: '2026-11-26T09:00:00.000Z',
        officerId: 'officer-dx',
        siteCode: 'DX',
      },
    ]);
    expect(illegal.attention.map((a) => a.code)).toContain('illegal-transition');
    expect(validatePushedDocument('cases', asDoc(illegal), false, ctx())).toMatchObject({
      ok: false,
      code: 'illegal-event-sequence',
    });
    expect(validatePushedDocument('cases', asDoc(illegal), false, ctx(base))).toEqual({ ok: true });
  });

  it('refuses deleting a case and changing its site', () => {
    expect(validatePushedDocument('cases', asDoc(base), true, ctx())).toMatchObject({ ok: false, code: 'case-delete' });
    expect(validatePushedDocument('cases', asDoc(base), false, ctx({ ...base, siteCode: 'NH' }))).toMatchObject({
      ok: false,
      code: 'identity-changed',
    });
  });

  it('refuses a document that does not match the schema, naming the field', () => {
    const verdict = validatePushedDocument('cases', { ...asDoc(base), counter: 'two' }, false, ctx());
    expect(verdict).toMatchObject({ ok: false, code: 'schema' });
    expect(!verdict.ok && verdict.reason).toMatch(/^counter:/);
  });
});

describe('validatePushedDocument for supervisor overrides', () => {
  const pinHash = {
    algorithm: 'scrypt' as const,
    salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
    hash: 'aGFzaGhhc2hoYXNoaGFzaA==',
    N: 16384,
    r: 8,
    p: 1,
  };
  const hubOfficer = (id: string, role: Officer['role'], types: Officer['authorisedBusinessTypes']): Officer => ({
    id,
    name: id,
    badge: id.toUpperCase(),
    siteCodes: ['DX'],
    role,
    authorisedBusinessTypes: types,
    pinHash,
    active: true,
  });
  const hubOfficers = new Map(
    [
      hubOfficer('dx-chen', 'supervisor', ['exit-entry', 'household', 'traffic']),
      hubOfficer('dx-wu', 'supervisor', ['household']),
      hubOfficer('dx-zhao', 'officer', ['traffic']),
    ].map((o) => [o.id, o]),
  );
  const base = makeCase({ siteCode: 'DX', sequence: 31, serviceCode: 'TR-DL-RENEW' });
  const withOfficers = (current?: Case): ValidationContext => ({ ...ctx(current), officers: hubOfficers });
  const overridden = (supervisorId: string) =>
    acceptCase({
      caseNumber: 'DX-20261126-01-0031',
      siteCode: 'DX',
      counter: 1,
      officerId: 'officer-dx',
      at: '2026-11-26T02:31:00.000Z',
      applicant: base.applicant,
      items: base.items,
      overrides: [
        {
          supervisorId,
          businessType: 'traffic',
          serviceCodes: ['TR-DL-RENEW'],
          authorisedAt: '2026-11-26T02:30:40.000Z',
        },
      ],
      // The counter's own check is not what is tested here: every named officer passes it on this counter.
      officers: new Map([
        [supervisorId, { id: supervisorId, role: 'supervisor', authorisedBusinessTypes: ['traffic'] }],
      ]),
    });

  it('accepts a case whose override names a supervisor who holds the business type', () => {
    expect(validatePushedDocument('cases', asDoc(overridden('dx-chen')), false, withOfficers())).toEqual({ ok: true });
  });

  it.each([
    ['an officer the hub does not know', 'dx-ghost', 'override-supervisor-unknown', 'dx-ghost'],
    ['an officer who is not a supervisor', 'dx-zhao', 'override-not-supervisor', 'dx-zhao'],
    ['a supervisor without that business type', 'dx-wu', 'override-supervisor-not-authorised', '交管'],
  ])('refuses an override by %s, with the reason', (_what, supervisorId, code, named) => {
    const verdict = validatePushedDocument('cases', asDoc(overridden(supervisorId)), false, withOfficers());
    expect(verdict).toMatchObject({ ok: false, code });
    expect(!verdict.ok && verdict.reason).toContain(named);
  });

  it('does not judge an override again once the hub holds it (the supervisor may have changed since)', () => {
    const held = overridden('dx-wu');
    const paid = recordPayment(
      held,
      officer,
      { amountFen: 12000, method: 'cash' },
      { now: () => new Date('2026-11-26T02:40:00.000Z') },
    );
    expect(validatePushedDocument('cases', asDoc(paid), false, withOfficers(held))).toEqual({ ok: true });
  });

  it('refuses an override added to a case the hub holds once other events were recorded', () => {
    const paid = recordPayment(
      base,
      officer,
      { amountFen: 12000, method: 'cash' },
      { now: () => new Date('2026-11-26T03:00:00.000Z') },
    );
    const late = projectCase(identityOf(paid), [
      ...paid.events,
      {
        id: '0190a000-0000-7000-8000-0000000000ff',
        type: 'authorisation-overridden',
        at: '2026-11-26T03:10:00.000Z',
        officerId: 'officer-dx',
        siteCode: 'DX',
        supervisorId: 'dx-chen',
        businessType: 'traffic',
        serviceCodes: ['TR-DL-RENEW'],
        authorisedAt: '2026-11-26T03:09:00.000Z',
      },
    ]);
    expect(validatePushedDocument('cases', asDoc(late), false, withOfficers(paid))).toMatchObject({
      ok: false,
      code: 'override-not-at-acceptance',
    });
  });
});

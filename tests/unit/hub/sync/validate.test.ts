import { describe, expect, it } from 'vitest';
import { validatePushedDocument, type ValidationContext } from '../../../../hub/sync/validate.ts';
import { completeCase, projectCase, identityOf } from '../../../../shared/domain/case/index.ts';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import type { Case } from '../../../../shared/schemas/index.ts';
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

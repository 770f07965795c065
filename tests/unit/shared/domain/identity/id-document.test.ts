import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_NUMBER_ERROR_CODES,
  ID_NUMBER_ERROR_CODES,
  validateIdDocument,
} from '../../../../../shared/domain/identity/index.ts';
import { ID_DOCUMENT_TYPES, type IdDocumentType } from '../../../../../shared/schemas/common.ts';
import { TODAY } from './id-number-arbitraries.ts';

// A Record, so a new document type cannot be added without examples here.
const EXAMPLES: Record<IdDocumentType, { valid: string; invalid: string; code: string }> = {
  'resident-id': { valid: '11010519491231002X', invalid: '110105194912310023', code: 'id-check-digit' },
  'hmt-residence-permit': { valid: '810000199001010027', invalid: '11010519491231002X', code: 'id-other-document' },
  'foreign-permanent-residence': { valid: 'USA350680010101', invalid: 'US350680010101', code: 'id-length' },
  'eep-hk-macau': { valid: 'CA0000001', invalid: 'CI0000001', code: 'document-format' },
  'home-return-permit': { valid: 'H1234567801', invalid: 'H123456780', code: 'document-length' },
  'taiwan-compatriot-permit': { valid: '12345678', invalid: '1234567', code: 'document-length' },
  'mainland-taiwan-permit': { valid: 'L12345678', invalid: 'L1234_678', code: 'document-format' },
  passport: { valid: 'E12345678', invalid: 'EO1234567', code: 'document-format' },
  'foreign-passport': { valid: 'P1234567', invalid: 'P12', code: 'document-length' },
};

describe('validateIdDocument', () => {
  it.each(ID_DOCUMENT_TYPES)('accepts a valid %s number', (type) => {
    expect(validateIdDocument(type, EXAMPLES[type].valid, { today: TODAY })).toMatchObject({
      ok: true,
      value: EXAMPLES[type].valid,
    });
  });

  it.each(ID_DOCUMENT_TYPES)('refuses an invalid %s number with its precise code', (type) => {
    expect(validateIdDocument(type, EXAMPLES[type].invalid, { today: TODAY })).toMatchObject({
      ok: false,
      code: EXAMPLES[type].code,
    });
  });

  it('passes today on to the birth-date check', () => {
    const result = validateIdDocument('resident-id', '11010519491231002X', { today: '1949-12-30' });
    expect(result).toMatchObject({ code: 'id-birth-date-future' });
  });

  it('passes acceptance of legacy 15-digit numbers on', () => {
    expect(validateIdDocument('resident-id', '110105491231002', { today: TODAY })).toMatchObject({
      code: 'id-legacy-15',
    });
    expect(validateIdDocument('resident-id', '110105491231002', { today: TODAY, acceptLegacy15: true })).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('never throws, gives declared codes with both messages, and accepts its own normalised values again', () => {
    const codes: readonly string[] = [...ID_NUMBER_ERROR_CODES, ...DOCUMENT_NUMBER_ERROR_CODES];
    const typed = fc.string({ unit: fc.constantFrom(...'0123456789XxCEGHMDSP 9-\n１Ｘ'), maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom(...ID_DOCUMENT_TYPES), fc.oneof(typed, fc.string()), (type, raw) => {
        const result = validateIdDocument(type, raw, { today: TODAY });
        if (result.ok) {
          expect(validateIdDocument(type, result.value, { today: TODAY })).toMatchObject({
            ok: true,
            value: result.value,
          });
        } else {
          expect(codes).toContain(result.code);
          expect(result.message.zh).toMatch(/\p{Script=Han}/u);
          expect(result.message.en).toMatch(/^[\x20-\x7e–]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

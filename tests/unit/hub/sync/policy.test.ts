import { describe, expect, it } from 'vitest';
import { officerAsReadBy, officerReaders } from '../../../../hub/sync/policy.ts';
import { NO_PIN_HASH, verifyPin } from '../../../../shared/domain/pin.ts';
import { officerSchema } from '../../../../shared/schemas/index.ts';
import { officer } from '../../../helpers/documents.ts';

describe('which sites an officer record goes to, and in what form', () => {
  it('keeps every site the record went to before, beside the new ones', () => {
    expect(officerReaders(['DX', 'NH'], { siteCodes: ['HT'] })).toEqual(['DX', 'HT', 'NH']);
    expect(officerReaders(undefined, { siteCodes: ['NH', 'DX', 'NH'] })).toEqual(['DX', 'NH']);
  });

  it('gives a site the officer works at the record as it is', () => {
    const record = officer('off-1', ['DX', 'NH']);
    expect(officerAsReadBy('DX', record, false)).toEqual({ ...record, _deleted: false });
  });

  it('gives a site the officer left, and any site once the record is deleted, a tombstone with no usable PIN hash', async () => {
    const record = officer('off-1', ['NH']);
    for (const [site, deleted] of [
      ['DX', false],
      ['NH', true],
    ] as const) {
      const { _deleted, ...fields } = officerAsReadBy(site, record, deleted);
      expect(_deleted).toBe(true);
      expect(fields).toMatchObject({ active: false, pinHash: NO_PIN_HASH });
      expect(JSON.stringify(fields)).not.toContain(record.pinHash.hash);
      // Still a valid officer document, as the counter's schema wants even for a deleted one.
      expect(officerSchema.safeParse(fields).success).toBe(true);
    }
    expect(await verifyPin('000000', NO_PIN_HASH)).toBe(false);
  });
});

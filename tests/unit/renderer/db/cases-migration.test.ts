import { describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxJsonSchemaLike } from '../../../../shared/schemas/rx.ts';
import type { Case } from '../../../../shared/schemas/index.ts';
import type * as Collections from '../../../../shared/schemas/collections.ts';

/**
 * The counter's database as the previous release made it: `cases` at schema version 0. The app opens the database
 * through `createDatabase` with whatever storage stack it uses (encryption, key compression), so the old database is
 * made through the same function with the v0 schema swapped in, not by a copy of that stack that could drift from it.
 */
const oldSchema = vi.hoisted(() => ({ cases: null as RxJsonSchemaLike | null }));
vi.mock('../../../../shared/schemas/collections.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Collections>();
  const cases = real.COLLECTIONS.cases;
  return {
    ...real,
    COLLECTIONS: {
      ...real.COLLECTIONS,
      cases: {
        ...cases,
        get rxSchema() {
          return oldSchema.cases ?? cases.rxSchema;
        },
      },
    },
  };
});

const { createDatabase } = await import('../../../../renderer/db/create-database.ts');
const { COLLECTIONS } = await import('../../../../shared/schemas/index.ts');
const { acceptCase, forwardToBackOffice, recordPayment } = await import('../../../../shared/domain/case/index.ts');
const { makeCase } = await import('../../../helpers/cases.ts');

/**
 * Version 0 of the cases schema: version 1 without the authorisation-overridden event. (Checked once against the
 * schema of the commit before the bump: identical JSON.)
 */
function casesSchemaV0(): RxJsonSchemaLike {
  const schema = structuredClone(COLLECTIONS.cases.rxSchema) as RxJsonSchemaLike & {
    properties: { events: { items: { oneOf: Array<{ properties: { type: { const: string } } }> } } };
  };
  schema.version = 0;
  schema.properties.events.items.oneOf = schema.properties.events.items.oneOf.filter(
    (variant) => variant.properties.type.const !== 'authorisation-overridden',
  );
  return schema;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as Case;

describe('the cases collection, version 0 to 1', () => {
  it('opens a counter database written with version 0, with every case readable and unchanged', async () => {
    const indexedDB = new IDBFactory();
    const open = () =>
      createDatabase({
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name: 'counter-upgrade',
        encryptionKey: 'counter-key-from-the-os-keychain',
        collections: ['cases'],
      });
    const island = { officerId: 'officer-dx', siteCode: 'DX' };
    const accepted = makeCase({ siteCode: 'DX', sequence: 1 });
    const paid = recordPayment(makeCase({ siteCode: 'DX', sequence: 2 }), island, {
      amountFen: 12000,
      method: 'cash',
    });
    const forwarded = forwardToBackOffice(makeCase({ siteCode: 'DX', sequence: 3 }), island, {
      toSiteCode: 'HT',
      note: '请审批',
    });
    const before = [accepted, paid, forwarded];

    oldSchema.cases = casesSchemaV0();
    const v0 = await open();
    expect(v0.cases.schema.version).toBe(0);
    await v0.cases.bulkInsert(before);
    await v0.close();

    oldSchema.cases = null;
    const v1 = await open();
    expect(v1.cases.schema.version).toBe(1);
    const after = (await v1.cases.find().exec()).map((doc) => plain(doc.toJSON()));
    expect(after.sort((a, b) => a.caseNumber.localeCompare(b.caseNumber))).toEqual(before.map(plain));
    // The personal data is still readable, so the encryption key and the migrated documents match.
    expect((await v1.cases.findOne(paid.id).exec())?.applicant.idNumber).toBe(paid.applicant.idNumber);

    // And the new version stores what version 0 could not: a case with a supervisor's override.
    const overridden = acceptCase({
      caseNumber: 'DX-20261126-01-0004',
      siteCode: 'DX',
      counter: 1,
      officerId: 'officer-dx',
      at: '2026-11-26T03:00:00.000Z',
      applicant: accepted.applicant,
      items: accepted.items,
      overrides: [
        {
          supervisorId: 'dx-chen',
          businessType: 'exit-entry',
          serviceCodes: ['EE-PASSPORT-RENEW'],
          authorisedAt: '2026-11-26T02:59:40.000Z',
        },
      ],
      officers: new Map([['dx-chen', { id: 'dx-chen', role: 'supervisor', authorisedBusinessTypes: ['exit-entry'] }]]),
    });
    await v1.cases.insert(overridden);
    expect(plain((await v1.cases.findOne(overridden.id).exec())?.toJSON())).toEqual(plain(overridden));
    await v1.remove();
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RxJsonSchemaLike } from '../../../shared/schemas/rx.ts';
import type * as Collections from '../../../shared/schemas/collections.ts';
import type { Case } from '../../../shared/schemas/index.ts';

/**
 * A counter upgraded from a release whose `cases` schema was version 0 or 1, with a case taken offline and not yet
 * pushed. The old database is made by the app's own `createDatabase` with the v0 schema swapped in (see
 * tests/unit/renderer/db/cases-migration.test.ts), so it has the app's real storage stack and replication state.
 */
const oldSchema = vi.hoisted(() => ({ cases: null as RxJsonSchemaLike | null }));
vi.mock('../../../shared/schemas/collections.ts', async (importOriginal) =>
  (await import('../../helpers/cases-schemas.ts')).withCasesSchema(
    await importOriginal<typeof Collections>(),
    oldSchema,
  ),
);

const { COLLECTIONS } = await import('../../../shared/schemas/index.ts');
const { acceptCase, forwardToBackOffice, rejectCase } = await import('../../../shared/domain/case/index.ts');
const { makeCase } = await import('../../helpers/cases.ts');
const { openSite, startTestHub, waitFor } = await import('../../helpers/sync-harness.ts');
const { casesSchemaAt } = await import('../../helpers/cases-schemas.ts');
const { officer } = await import('../../helpers/documents.ts');
type TestHub = Awaited<ReturnType<typeof startTestHub>>;

async function hubCase(hub: TestHub, id: string): Promise<Case | null> {
  const found = (await hub.hub.documents.get('cases', [id])).get(id);
  if (!found) return null;
  const { _deleted: _d, ...doc } = found.doc;
  return doc as unknown as Case;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as Case;

/** The same counter (its database, device and token) started again by the current release. */
function reopenUpgraded(hub: TestHub, before: Awaited<ReturnType<typeof openSite>>, dbName: string) {
  oldSchema.cases = null;
  return openSite(hub, 'DX', { dbName, collections: ['cases'], token: before.token, deviceId: before.deviceId });
}

describe('a counter upgraded to cases schema version 2', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  it.each([0, 1] as const)(
    'from version %i, pushes the case it took offline before the upgrade, and then cases with overrides',
    async (version) => {
      const dbName = `upgrade-${version}-${process.pid}-${Date.now()}`;
      const counter = 4 + version;
      oldSchema.cases = casesSchemaAt(version, COLLECTIONS.cases.rxSchema);
      const before = await openSite(hub, 'DX', { dbName, collections: ['cases'] });
      expect(before.db.cases.schema.version).toBe(version);
      const synced = makeCase({ siteCode: 'DX', counter, sequence: 1 });
      await before.db.cases.insert(synced);
      await waitFor(
        'the hub holds the case synced before the upgrade',
        async () => (await hubCase(hub, synced.id)) !== null,
      );
      before.link.cut();
      const pending = makeCase({ siteCode: 'DX', counter, sequence: 2 });
      await before.db.cases.insert(pending);
      await before.close();
      expect(await hubCase(hub, pending.id)).toBeNull();

      const after = await reopenUpgraded(hub, before, dbName);
      try {
        expect(after.db.cases.schema.version).toBe(2);
        await waitFor('the case taken offline before the upgrade reaches the hub', async () => {
          return (await hubCase(hub, pending.id)) !== null;
        });
        expect(await hubCase(hub, pending.id)).toEqual(plain(pending));
        expect(await hubCase(hub, synced.id)).toEqual(plain(synced));

        const overridden = acceptCase({
          caseNumber: `DX-20261126-0${counter}-0003`,
          siteCode: 'DX',
          counter,
          officerId: 'officer-dx',
          at: '2026-11-26T04:00:00.000Z',
          applicant: synced.applicant,
          items: synced.items,
          overrides: [
            {
              supervisorId: 'dx-chen',
              businessType: 'exit-entry',
              serviceCodes: ['EE-PASSPORT-RENEW'],
              authorisedAt: '2026-11-26T03:59:30.000Z',
            },
          ],
          officers: new Map([
            ['dx-chen', { id: 'dx-chen', role: 'supervisor', authorisedBusinessTypes: ['exit-entry'] }],
          ]),
        });
        await hub.hub.ops.putOfficer({
          ...officer('dx-chen', ['DX']),
          name: '陈岚',
          badge: '35012802',
          role: 'supervisor',
          authorisedBusinessTypes: ['exit-entry'],
        });
        await after.db.cases.insert(overridden);
        await waitFor(
          'the hub holds the case with its override',
          async () => (await hubCase(hub, overridden.id)) !== null,
        );
        expect(await hubCase(hub, overridden.id)).toEqual(plain(overridden));
        expect(after.sync.getStatus().refused).toEqual([]);
      } finally {
        await after.close();
      }
    },
  );

  // RxDB keeps, per case, a copy of the hub's state it last saw; a new state from the hub is taken only while the
  // case still equals that copy. The upgrade must keep the copies equal to the cases, or every case the counter had
  // pushed would stop taking the back office's answers.
  it('from version 1, takes the back office’s answer to a case it had pushed before the upgrade', async () => {
    const dbName = `upgrade-answer-${process.pid}-${Date.now()}`;
    const dx = { officerId: 'officer-dx', siteCode: 'DX' };
    const backOffice = { officerId: 'officer-ht', siteCode: 'HT', role: 'back-office' as const };
    oldSchema.cases = casesSchemaAt(1, COLLECTIONS.cases.rxSchema);
    const before = await openSite(hub, 'DX', { dbName, collections: ['cases'] });
    const forwarded = forwardToBackOffice(makeCase({ siteCode: 'DX', counter: 7, sequence: 1 }), dx, {
      toSiteCode: 'HT',
      note: '请审批',
    });
    await before.db.cases.insert(forwarded);
    await waitFor('the hub holds the forwarded case', async () => (await hubCase(hub, forwarded.id)) !== null);
    await waitFor('the counter has recorded the push', async () => before.sync.getStatus().pending === 0);
    await before.close();

    const after = await reopenUpgraded(hub, before, dbName);
    const ht = await openSite(hub, 'HT', { collections: ['cases'] });
    try {
      await waitFor(
        'the back office has the case',
        async () => (await ht.db.cases.findOne(forwarded.id).exec()) !== null,
      );
      const there = plain((await ht.db.cases.findOne(forwarded.id).exec())!.toJSON());
      await ht.db.cases.upsert(rejectCase(there, backOffice, '材料不全'));
      await waitFor(
        'the counter shows the case rejected',
        async () => (await after.db.cases.findOne(forwarded.id).exec())?.status === 'rejected',
      );
    } finally {
      await after.close();
      await ht.close();
    }
  });
});

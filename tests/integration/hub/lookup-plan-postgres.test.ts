import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidV7 } from 'uuid';
import type { Hub } from '../../../hub/app.ts';
import { ticket } from '../../helpers/documents.ts';
import { HUB_START_TIMEOUT_MS, startHub } from '../../helpers/hub.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';

// PostgreSQL's autovacuum looks at a table about once a minute. A hub that took a load of documents before it came
// round planned with statistics from when the table held only the catalogue: it took the new collection for a handful
// of rows, and looked up a push's ids by reading the whole collection through the (collection, seq) index. At 50,000
// cases that was 0.2 s a lookup, twice a push and once under the collection's lock, so pushes queued for seconds.

const ROWS = 20_000;
const BATCH = 1_000;

let database: ScratchDatabase;
let hub: Hub;

beforeAll(async () => {
  database = await createScratchDatabase('lookup_plan');
  hub = await startHub({ databaseUrl: database.url });
  await hub.documents.statisticsSettled();
  // Statistics of the seeded hub, as autovacuum takes them soon after the start; then autovacuum does not come round
  // again during the load, as it would not within its minute.
  await database.admin.query('ANALYZE documents');
  await database.admin.query('ALTER TABLE documents SET (autovacuum_enabled = false)');
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const tickets = Array.from({ length: BATCH }, () => ticket('DX'));
    await hub.documents.putAsHub(
      'tickets',
      tickets.map((t) => ({ id: t.id, doc: { ...t }, readers: ['DX'] })),
    );
  }
  await hub.documents.statisticsSettled();
}, HUB_START_TIMEOUT_MS);

afterAll(async () => {
  await hub?.app.close();
  await database?.drop();
}, 60_000);

describe('looking up a push’s documents on PostgreSQL after a load, before autovacuum came round', () => {
  it('reads only the rows of the ids asked for, through the primary key', async () => {
    const asked = [...Array.from({ length: 99 }, () => uuidV7()), (await hub.documents.ids('tickets'))[ROWS / 2]!];
    // The store's lookup (DocumentStore.get, and the same under the lock), explained with its real row counts.
    const { rows } = await database.admin.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
       SELECT id, doc, deleted, seq FROM documents WHERE collection = $1 AND id = ANY($2::text[])`,
      ['tickets', asked],
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('documents_pkey');
    expect(plan).not.toContain('Rows Removed by Filter');
    expect([...(await hub.documents.get('tickets', asked)).keys()]).toEqual([asked[99]]);
  });
});

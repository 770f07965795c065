import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidV7 } from 'uuid';
import { buildHub, type Hub } from '../../../hub/app.ts';
import type { Ticket } from '../../../shared/schemas/index.ts';

const ROWS = 6_000;

function ticket(sequence: number): Ticket {
  const at = new Date().toISOString();
  return {
    id: uuidV7(),
    siteCode: 'DX',
    date: at.slice(0, 10),
    displayNumber: `A${String(sequence).padStart(4, '0')}`,
    sequence,
    status: 'waiting',
    issuedAt: at,
    issuedBy: 'test',
    updatedAt: at,
  };
}

/**
 * The embedded hub (PGlite) runs no autovacuum. Before it refreshed the planner's statistics itself, a pull after a
 * load read every later row and sorted them for each page, so a new counter's first sync took time growing with the
 * square of the documents (100,000 cases: 1 s a page on the hub).
 */
describe('pulls on the embedded hub after a load', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildHub();
    for (let offset = 0; offset < ROWS; offset += 1_000) {
      const tickets = Array.from({ length: 1_000 }, (_, i) => ticket(offset + i + 1));
      await hub.documents.putAsHub(
        'tickets',
        tickets.map((t) => ({ id: t.id, doc: { ...t }, readers: ['DX'] })),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.app.close();
  });

  it('reads a page in sequence order from the index and stops at its end, whatever the checkpoint', async () => {
    const first = Number((await hub.db.query<{ s: string }>('SELECT min(seq) AS s FROM documents')).rows[0]!.s);
    for (const checkpoint of [0, first + ROWS / 2]) {
      // The pull's statement (DocumentStore.pullText), explained with its real row counts.
      const { rows } = await hub.db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
         SELECT seq, doc::text AS doc, deleted FROM documents
          WHERE collection = $1 AND seq > $2
            AND ($3::text IS NULL OR readers IS NULL OR $3::text = ANY(readers))
          ORDER BY seq LIMIT $4`,
        ['tickets', checkpoint, 'DX', 100],
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('Index Scan using documents_collection_seq');
      expect(plan).not.toContain('Sort');
      // No node of the plan read more rows than the page holds.
      const counts = [...plan.matchAll(/rows=(\d+)/g)].map((m) => Number(m[1]));
      expect(Math.max(...counts)).toBe(100);
    }
    const page = await hub.documents.pull('tickets', first + ROWS / 2, 100, 'DX');
    expect(page.documents).toHaveLength(100);
  });
});

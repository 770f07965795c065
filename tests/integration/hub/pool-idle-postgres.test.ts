import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type SqlDriver } from '../../../hub/storage/driver.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../helpers/postgres.ts';

// node-postgres's pool closes a connection left idle for 10 s. The hub's pool then shrank after every busy spell,
// and the next burst of pushes waited for new logins (a fork and a SCRAM exchange each) and cold catalogue caches:
// in the push bench, the pushes of that moment took 0.1–0.6 s, where a push usually takes 20–40 ms.

const POOL = 4;
/** Longer than node-postgres's default idle timeout (10 s). */
const QUIET_MS = 11_000;

let database: ScratchDatabase;
let driver: SqlDriver;

beforeAll(async () => {
  database = await createScratchDatabase('pool_idle');
  driver = await openPostgres(database.url, POOL);
}, 60_000);

afterAll(async () => {
  await driver?.close();
  await database?.drop();
}, 60_000);

/** The backends that serve `POOL` transactions held open at once: each needs a connection of its own. */
async function burst(): Promise<Set<number>> {
  let open = 0;
  let release!: () => void;
  const allOpen = new Promise<void>((resolve) => (release = resolve));
  const pids = await Promise.all(
    Array.from({ length: POOL }, () =>
      driver.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        if (++open === POOL) release();
        await allOpen;
        return rows[0]!.pid;
      }),
    ),
  );
  return new Set(pids);
}

describe('the hub’s PostgreSQL connections', () => {
  it(
    'stay open through a quiet spell: the next burst of requests needs no new logins',
    async () => {
      const busy = await burst();
      expect(busy.size).toBe(POOL);

      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));

      const { rows } = await database.admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      expect(new Set(rows.map((r) => r.pid))).toEqual(busy);
      expect(await burst()).toEqual(busy);
    },
    QUIET_MS + 30_000,
  );
});

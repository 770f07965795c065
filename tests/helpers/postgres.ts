import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The PostgreSQL the tests use: TEST_DATABASE_URL, or the one the global setup started. Without one, the tests
 * that need it fail with this message rather than being skipped: a green run must mean PostgreSQL was tested.
 */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL || inject('testDatabaseUrl');
  if (!url)
    throw new Error(
      'These tests need PostgreSQL and TEST_DATABASE_URL is not set. Start one (as root on Debian; it installs the ' +
        'package if missing) with:\n  export TEST_DATABASE_URL="$(bash tests/helpers/postgres.sh)"\nthen run the tests again.',
    );
  return url;
}

export interface ScratchDatabase {
  url: string;
  name: string;
  /** An extra connection for the test's own SQL (inspecting rows, terminating the hub's connections …). */
  admin: pg.Client;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file, so files run in parallel without seeing each other's rows.
 * `drop` removes it, closing whatever connections are left.
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const base = new URL(testDatabaseUrl());
  const name = `tongban_test_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const server = new pg.Client({ connectionString: base.toString() });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${name}`);
  } finally {
    await server.end();
  }
  const scratch = new URL(base);
  scratch.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: scratch.toString() });
  // The tests terminate connections on purpose; the admin client's own error must not crash the run.
  admin.on('error', () => undefined);
  await admin.connect();
  return {
    url: scratch.toString(),
    name,
    admin,
    async drop() {
      await admin.end().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: base.toString() });
      await dropper.connect();
      try {
        for (let attempt = 1; ; attempt++) {
          // FORCE ends connections a test left open. It may not end an autovacuum worker busy in the database (that
          // is the superuser's: "must be a member of the role whose process is being terminated", seen in the sync
          // bench); a plain DROP has PostgreSQL stop that worker itself, waiting up to 5 s for other sessions.
          const forced = await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(
            () => null,
            (error: unknown) => error,
          );
          if (forced === null) return;
          if ((forced as { code?: string }).code !== '42501' || attempt >= 5) throw forced;
          const plain = await dropper.query(`DROP DATABASE IF EXISTS ${name}`).then(
            () => null,
            (error: unknown) => error,
          );
          if (plain === null) return;
          if ((plain as { code?: string }).code !== '55006') throw plain;
        }
      } finally {
        await dropper.end();
      }
    },
  };
}

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** The PostgreSQL the hub's tests use; '' when there is none (those tests then fail and say how to start one). */
    testDatabaseUrl: string;
  }
}

const script = path.join(import.meta.dirname, 'postgres.sh');

const postgresInstalled = (): boolean =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

/**
 * Vitest globalSetup: when TEST_DATABASE_URL is not set and this machine can run PostgreSQL (root, package
 * installed — what `.ci/run` prepares), start the test cluster with tests/helpers/postgres.sh, so that `npm test`
 * works the same locally and in CI. The cluster is left running for the next run (other test runs on the machine
 * may be using it); `bash tests/helpers/postgres.sh stop` stops it.
 */
export default async function startTestPostgres(project: TestProject): Promise<void> {
  let url = process.env.TEST_DATABASE_URL ?? '';
  if (!url && process.getuid?.() === 0 && postgresInstalled()) {
    try {
      const { stdout } = await promisify(execFile)('bash', [script, 'start'], { timeout: 120_000 });
      url = stdout.trim();
    } catch (error) {
      // Never break unrelated tests: the PostgreSQL tests fail on their own and explain how to start it.
      console.warn(
        `tests/helpers/postgres.sh could not start PostgreSQL:\n${(error as { stderr?: string }).stderr ?? String(error)}`,
      );
    }
  }
  project.provide('testDatabaseUrl', url);
}

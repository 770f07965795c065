/**
 * The two SQL engines the hub runs on, behind one small interface so that every query is written once.
 * PGlite is the embedded default (nothing to install); PostgreSQL (DATABASE_URL) is the production engine.
 */
export interface SqlClient {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlDriver extends SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolled back if it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export async function openPGlite(dataDir: string | undefined): Promise<SqlDriver> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    kind: 'pglite',
    query: async (text, params) => ({ rows: (await db.query(text, params as unknown[])).rows as never[] }),
    // PGlite has a single connection, so its transactions are already serialised with every other query.
    exec: async (text) => void (await db.exec(text)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (t, p) => ({ rows: (await tx.query(t, p)).rows as never[] }),
          exec: async (t) => void (await tx.exec(t)),
        }),
      ),
    listen: async (channel, onPayload) => {
      const unsubscribe = await db.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    close: () => db.close(),
  };
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<SqlDriver> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // Fail at start, with the reason, rather than on the first request.
  await pool.query('SELECT 1');
  const listeners: Array<InstanceType<typeof pg.Client>> = [];
  return {
    kind: 'postgres',
    query: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    exec: async (text) => void (await pool.query(text)),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (t, p) => ({ rows: (await client.query(t, p)).rows }),
          exec: async (t) => void (await client.query(t)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // LISTEN needs a connection of its own for as long as it listens; a pooled one would be handed to queries.
    listen: async (channel, onPayload) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      await client.query(`LISTEN ${quoteIdent(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

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

/**
 * TCP keepalive after 30 s of quiet on every connection to PostgreSQL, which may idle for long: it keeps a firewall or
 * load balancer in between from silently dropping it, after which a push would wait on it until TCP gave up, or the
 * LISTEN connection would hear nothing more.
 */
const KEEP_ALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 30_000 } as const;

export async function openPostgres(connectionString: string, poolSize = 10): Promise<SqlDriver> {
  const pg = (await import('pg')).default;
  // Connections stay open however long they idle. With the driver's default, the pool closed every connection idle
  // for 10 s, so each quiet spell after a busy one was followed by new logins (a fork and a SCRAM exchange, 20–40 ms
  // each on an idle machine) and cold catalogue caches at the next burst: in the push bench, the pushes of that moment
  // waited 0.1–0.6 s. A hub's pool is small (`poolSize`), so keeping it whole costs PostgreSQL little.
  const pool = new pg.Pool({ connectionString, ...KEEP_ALIVE, max: poolSize, idleTimeoutMillis: 0 });
  // An idle connection that PostgreSQL drops (restart, failover, pg_terminate_backend) is already discarded by the
  // pool, which then emits 'error'; unheard, that event would crash the hub. The next query opens a new connection.
  pool.on('error', () => undefined);
  // Fail at start, with the reason, rather than on the first request.
  await pool.query('SELECT 1');
  const listeners = new Set<{ stop(): Promise<void> }>();
  return {
    kind: 'postgres',
    query: async (text, params) => ({ rows: (await pool.query(text, params)).rows }),
    exec: async (text) => void (await pool.query(text)),
    transaction: async (fn) => {
      const client = await pool.connect();
      // A connection lost mid-transaction fails the awaited query; its 'error' event must not also crash the hub.
      const ignoreLostConnection = () => undefined;
      client.on('error', ignoreLostConnection);
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
        client.removeListener('error', ignoreLostConnection);
        client.release();
      }
    },
    // LISTEN needs a connection of its own for as long as it listens; a pooled one would be handed to queries.
    // When that connection is lost, listen again on a new one: otherwise this process's streams would go quiet for
    // good while their heartbeats carry on. A change committed in between reaches them with the next change.
    listen: async (channel, onPayload) => {
      let client: InstanceType<typeof pg.Client> | null = null;
      let stopped = false;
      const connect = async () => {
        const next = new pg.Client({ connectionString, ...KEEP_ALIVE });
        next.on('error', () => undefined);
        next.on('notification', (msg) => {
          if (msg.channel === channel) onPayload(msg.payload ?? '');
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${quoteIdent(channel)}`);
        } catch (error) {
          await next.end().catch(() => undefined);
          throw error;
        }
        next.once('end', () => {
          if (client === next) client = null;
          if (!stopped) reconnect();
        });
        client = next;
        if (stopped) await next.end().catch(() => undefined);
      };
      const reconnect = () => {
        setTimeout(() => {
          if (!stopped) connect().catch(reconnect);
        }, 500).unref();
      };
      await connect();
      const subscription = {
        stop: async () => {
          stopped = true;
          listeners.delete(subscription);
          await client?.end().catch(() => undefined);
        },
      };
      listeners.add(subscription);
      return subscription.stop;
    },
    close: async () => {
      await Promise.all([...listeners].map((l) => l.stop()));
      await pool.end();
    },
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

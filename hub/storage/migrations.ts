import type { SqlDriver } from './driver.ts';

/**
 * Schema migrations, applied in order at start. Never edit a released migration; add a new one.
 * They run under an advisory lock so that several hub processes starting against one PostgreSQL do not race.
 */
const MIGRATIONS: string[] = [
  `
  CREATE SEQUENCE document_seq;
  CREATE TABLE documents (
    collection text NOT NULL,
    id text NOT NULL,
    -- Server-side checkpoint, kept outside the document so the hub never rewrites a pushed field.
    seq bigint NOT NULL,
    -- Sites that may read the row; NULL means every site (the catalogue, the site list).
    readers text[],
    deleted boolean NOT NULL DEFAULT false,
    doc jsonb NOT NULL,
    written_by text NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, id)
  );
  CREATE UNIQUE INDEX documents_collection_seq ON documents (collection, seq);

  CREATE TABLE devices (
    id text PRIMARY KEY,
    site_code text NOT NULL,
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    revoked_at timestamptz
  );

  CREATE TABLE enrolment_codes (
    code_hash text PRIMARY KEY,
    site_code text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    device_id text
  );

  CREATE TABLE refused_documents (
    id bigserial PRIMARY KEY,
    device_id text NOT NULL,
    collection text NOT NULL,
    doc_id text NOT NULL,
    code text NOT NULL,
    reason text NOT NULL,
    doc jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX refused_documents_device ON refused_documents (device_id, id);
  `,
  // The local database (RxDB's storage token) that made the last write, beside the device that made it. A pull or
  // stream of that same replica leaves the row out: it holds that state already. NULL for the hub's own writes and
  // for pushes from clients that do not name their replica.
  `
  ALTER TABLE documents ADD COLUMN written_replica text;
  `,
  // The planner needs few statistics here: how the rows divide between collections, and seq's and id's spread. An
  // ANALYZE samples 300 rows per unit of the largest target: 3,000 rows at 10 rather than 30,000 at the default 100,
  // 0.06 s rather than 0.3 s at 100,000 cases, for the hub's own refreshes and autovacuum's alike. The documents'
  // bodies are never filtered on: none.
  `
  ALTER TABLE documents
    ALTER COLUMN collection SET STATISTICS 10,
    ALTER COLUMN id SET STATISTICS 10,
    ALTER COLUMN seq SET STATISTICS 10,
    ALTER COLUMN readers SET STATISTICS 10,
    ALTER COLUMN deleted SET STATISTICS 10,
    ALTER COLUMN written_by SET STATISTICS 10,
    ALTER COLUMN written_at SET STATISTICS 10,
    ALTER COLUMN written_replica SET STATISTICS 10,
    ALTER COLUMN doc SET STATISTICS 0;
  `,
];

const MIGRATION_LOCK = 7_314_001;

export async function migrate(db: SqlDriver): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = Number(rows[0]?.v ?? 0);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await tx.exec(MIGRATIONS[version - 1]!);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    return MIGRATIONS.length;
  });
}

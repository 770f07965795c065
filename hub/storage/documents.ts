import type { SqlClient, SqlDriver } from './driver.ts';
import { sameJson } from '../../shared/sync/stable-json.ts';
import { officerAsReadBy } from '../sync/policy.ts';

import type { PullResult, PushRow, WireDocument } from '../../shared/sync/protocol.ts';

export type { PushRow, WireDocument };

export interface PreparedWrite {
  id: string;
  row: PushRow;
  /** Sites allowed to read the document after the write; null = every site. */
  readers: string[] | null;
  /**
   * The master state the row was checked against (validation, permissions), which it may replace only if that is
   * still the master under the collection's lock: the stored document's seq (null: none was stored), or the index in
   * `writes` of an earlier row of the same document. Null: not checked (the route took it for a re-send or a
   * conflict); such a row is never written, only answered as unchanged or with the master.
   */
  basis: { seq: number | null } | { write: number } | null;
}

/** A document as the hub holds it. */
export interface StoredDocument {
  doc: WireDocument;
  /** Sites allowed to read it; null = every site. */
  readers: string[] | null;
  /** Its last write's sequence number. */
  seq: number;
}

export interface PushOutcome {
  /** Master states of the rows that conflicted, to hand back to the client. */
  conflicts: WireDocument[];
  written: number;
  unchanged: number;
  lastSeq: number | null;
}

export type PulledDocuments = PullResult;

/**
 * The requester of a pull or stream, whose own writes it leaves out: with `replica` (the local database named by the
 * client), only the writes of that replica of the device; without, every write of the device (stream only).
 */
export interface OwnWrites {
  device: string;
  replica: string | null;
}

/** A pull page whose documents are JSON texts of wire documents (see DocumentStore.pullText). */
export interface PulledText {
  documents: string[];
  checkpoint: PullResult['checkpoint'];
}

/** The JSON text of a `PullResult` made of a `PulledText`, by joining its texts. */
export const pullResultJson = (page: PulledText): string =>
  `{"documents":[${page.documents.join(',')}],"checkpoint":${JSON.stringify(page.checkpoint)}}`;

/** The notification channel that carries "collection X changed up to seq N" between hub processes. */
export const CHANGES_CHANNEL = 'tongban_changes';

const lockKey = (collection: string): number => {
  // A stable 31-bit hash: one advisory lock per collection.
  let h = 0;
  for (const ch of `tongban:${collection}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h & 0x7fffffff;
};

function toWire(doc: Record<string, unknown>, deleted: boolean): WireDocument {
  return { ...doc, _deleted: deleted };
}

/**
 * `toWire` on the text of a stored document (jsonb::text, an object): `_deleted` goes in before the closing brace.
 * Stored documents never hold `_deleted` (stripMeta takes it out), so the key is not doubled.
 */
function wireText(doc: string, deleted: boolean): string {
  if (doc[0] !== '{' || doc[doc.length - 1] !== '}')
    throw new Error(`a stored document is not an object: ${doc.slice(0, 40)}`);
  return doc === '{}' ? `{"_deleted":${deleted}}` : `${doc.slice(0, -1)},"_deleted":${deleted}}`;
}

/**
 * The wire text of a stored row as `readerSite` (null: the hub itself) receives it: the stored text with `_deleted`
 * spliced in, as it is, for every collection but officers. An officer record is rewritten for its reader: a site
 * the officer no longer works at gets a tombstone without the PIN hash (see officerAsReadBy). Officers are a few
 * hundred rows; the cases' pull path stays a string splice.
 */
function readerText(collection: string, readerSite: string | null, doc: string, deleted: boolean): string {
  if (collection !== 'officers' || readerSite === null) return wireText(doc, deleted);
  return JSON.stringify(officerAsReadBy(readerSite, JSON.parse(doc) as Record<string, unknown>, deleted));
}

/** `readerText` for a parsed stored document. */
function readerDocument(
  collection: string,
  readerSite: string,
  doc: Record<string, unknown>,
  deleted: boolean,
): WireDocument {
  return collection === 'officers' ? officerAsReadBy(readerSite, doc, deleted) : toWire(doc, deleted);
}

/** The document without replication metadata, as stored. */
export function stripMeta(doc: WireDocument): { body: Record<string, unknown>; deleted: boolean } {
  const { _deleted, _meta: _m, _rev: _r, _attachments: _a, ...body } = doc as Record<string, unknown>;
  return { body, deleted: _deleted === true };
}

/** Whether two wire documents hold the same state, whatever their key order and replication metadata. */
export const sameState = (a: WireDocument, b: WireDocument): boolean => {
  const x = stripMeta(a);
  const y = stripMeta(b);
  return x.deleted === y.deleted && sameJson(x.body, y.body);
};

export class DocumentStore {
  /** Rows written per collection since the planner's statistics were last refreshed by this process. */
  private readonly writtenSinceAnalyze = new Map<string, number>();
  /** Rows per collection this process had written when it last refreshed them: a collection's next refresh is due then. */
  private readonly writtenAtAnalyze = new Map<string, number>();
  /** The refresh under way, if any: one at a time. */
  private analyzing: Promise<void> | null = null;

  constructor(private readonly db: SqlDriver) {}

  /**
   * Keeps the planner's statistics in step with the documents' growth.
   *
   * With statistics taken when a collection held few rows, the planner takes it for a handful. PGlite runs no
   * autovacuum at all: it then answered every pull by reading all the rows after the checkpoint and sorting them,
   * 1 s a page at 100,000 cases. PostgreSQL's autovacuum looks at a table once a minute: until it came round after a
   * load of cases, every lookup of a push's 100 ids read all the cases through the (collection, seq) index, 0.2 s
   * each at 50,000 cases, twice a push, once under the collection's lock. Pushes then queued for seconds.
   *
   * So a refresh is due on this process's first write, then whenever a collection's rows written since reach as many
   * as it had written before (at least 1,000): a few ANALYZEs as a collection grows, each on a sample of fixed size
   * (3,000 rows, migration 5: 0.06 s at 100,000 cases). On PostgreSQL it runs beside the writes (ANALYZE blocks no
   * reads or writes), not in the way of the push that made it due. PGlite runs it on the hub's own thread, which it
   * holds for that time, as it did when the push waited for it.
   */
  private refreshStatistics(collection: string, written: number): void {
    if (written === 0) return;
    const since = (this.writtenSinceAnalyze.get(collection) ?? 0) + written;
    this.writtenSinceAnalyze.set(collection, since);
    // None recorded yet: this process has not refreshed them.
    const due =
      this.writtenAtAnalyze.size === 0 || since >= Math.max(1_000, this.writtenAtAnalyze.get(collection) ?? 0);
    if (!due || this.analyzing) return;
    for (const [name, rows] of this.writtenSinceAnalyze) {
      this.writtenAtAnalyze.set(name, (this.writtenAtAnalyze.get(name) ?? 0) + rows);
      this.writtenSinceAnalyze.set(name, 0);
    }
    this.analyzing = this.db
      .exec('ANALYZE documents')
      // Statistics are an optimisation: a refresh that fails (the hub closing, the database going away) must not fail
      // anything else; the next is due at the next threshold.
      .catch(() => undefined)
      .finally(() => {
        this.analyzing = null;
      });
  }

  /** Waits for a refresh of the planner's statistics under way (closing the hub; tests). */
  async statisticsSettled(): Promise<void> {
    await this.analyzing;
  }

  /**
   * Compare-and-swap writes of one collection in one transaction.
   *
   * Writers of a collection are serialised by an advisory lock taken before the sequence numbers are drawn, so
   * sequence order is commit order: a puller that has seen seq N can never later meet a commit with a seq below N.
   * Without the lock two concurrent transactions could commit out of order and a pull between them would skip one.
   */
  async push(
    collection: string,
    writes: PreparedWrite[],
    writer: string,
    replica: string | null = null,
  ): Promise<PushOutcome> {
    if (writes.length === 0) return { conflicts: [], written: 0, unchanged: 0, lastSeq: null };
    const outcome = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [lockKey(collection)]);
      const current = await this.currentRows(
        tx,
        collection,
        writes.map((w) => w.id),
      );
      const conflicts: WireDocument[] = [];
      const toWrite: PreparedWrite[] = [];
      let unchanged = 0;
      const seen = new Map<string, { doc: WireDocument; write: number }>();
      for (const [index, write] of writes.entries()) {
        const earlier = seen.get(write.id);
        const stored = current.get(write.id);
        const master = earlier?.doc ?? stored?.doc;
        const next = write.row.newDocumentState;
        const { basis } = write;
        // Written only over the very state it was checked against: a row checked against a master that has changed
        // since (another push committed in between), or not checked at all, is answered with the master instead, and
        // the client merges and pushes again, to be checked against the new master.
        const asChecked =
          basis !== null &&
          ('write' in basis
            ? earlier?.write === basis.write
            : earlier === undefined && (stored?.seq ?? null) === basis.seq);
        if (master !== undefined && sameState(master, next)) {
          // Re-sent after a crash or a timeout: already here, nothing changes (push is idempotent).
          unchanged++;
        } else if (asChecked) {
          toWrite.push(write);
          seen.set(write.id, { doc: next, write: index });
        } else if (master !== undefined) {
          conflicts.push(master);
        } else {
          // Documents are never removed, so a row checked against a stored document finds one.
          throw new Error(`push: ${collection}/${write.id} was checked against a document that is gone`);
        }
      }
      let lastSeq: number | null = null;
      if (toWrite.length > 0) {
        // A document written twice in one batch (the second against the first) keeps its last state; one row per
        // id, since one INSERT … ON CONFLICT cannot update a row twice.
        const last = new Map(toWrite.map((w) => [w.id, w]));
        // The documents go as one JSON array, parsed once by PostgreSQL (jsonb_array_elements hands on the parsed
        // values), rather than as a text array, whose every quote the driver escapes and PostgreSQL unescapes: a
        // large share of the hub's CPU per push. (jsonb_to_recordset would parse each document twice.)
        const ids: string[] = [];
        const readers: Array<string | null> = [];
        const deleted: boolean[] = [];
        const bodies: Array<Record<string, unknown>> = [];
        for (const [id, w] of last) {
          const { body, deleted: isDeleted } = stripMeta(w.row.newDocumentState);
          ids.push(id);
          readers.push(w.readers === null ? null : w.readers.join(','));
          deleted.push(isDeleted);
          bodies.push(body);
        }
        // Sequence numbers, the write and the notification in one statement: the lock is held for three round trips
        // (this read, this write, COMMIT) rather than five. The numbers are still drawn under the lock, so sequence
        // order stays commit order. The notification is delivered at commit, to this process and to every other hub
        // process on the same PostgreSQL.
        const { rows } = await tx.query<{ seq: string | number }>(
          `WITH written AS (
             INSERT INTO documents (collection, id, seq, readers, deleted, doc, written_by, written_replica)
             SELECT $1, id, nextval('document_seq'),
                    CASE WHEN readers IS NULL THEN NULL ELSE string_to_array(readers, ',') END, deleted, doc, $6, $7::text
               FROM ROWS FROM (unnest($2::text[]), unnest($3::text[]), unnest($4::boolean[]), jsonb_array_elements($5::jsonb))
                    AS t(id, readers, deleted, doc)
             ON CONFLICT (collection, id) DO UPDATE
                SET seq = EXCLUDED.seq, readers = EXCLUDED.readers, deleted = EXCLUDED.deleted, doc = EXCLUDED.doc,
                    written_by = EXCLUDED.written_by, written_replica = EXCLUDED.written_replica, written_at = now()
             RETURNING seq
           ), newest AS (SELECT max(seq) AS seq FROM written)
           SELECT seq, pg_notify($8, json_build_object('collection', $1::text, 'seq', seq)::text) FROM newest`,
          [collection, ids, readers, deleted, JSON.stringify(bodies), writer, replica, CHANGES_CHANNEL],
        );
        lastSeq = rows[0] ? Number(rows[0].seq) : null;
      }
      return { conflicts, written: toWrite.length, unchanged, lastSeq };
    });
    this.refreshStatistics(collection, outcome.written);
    return outcome;
  }

  private async currentRows(
    tx: SqlClient,
    collection: string,
    ids: string[],
  ): Promise<Map<string, { doc: WireDocument; seq: number }>> {
    const { rows } = await tx.query<{
      id: string;
      doc: Record<string, unknown>;
      deleted: boolean;
      seq: string | number;
    }>('SELECT id, doc, deleted, seq FROM documents WHERE collection = $1 AND id = ANY($2::text[])', [collection, ids]);
    return new Map(rows.map((r) => [r.id, { doc: toWire(r.doc, r.deleted), seq: Number(r.seq) }]));
  }

  /** The current master states of `ids` (absent ids are left out), with their readers and seq. */
  async get(collection: string, ids: string[]): Promise<Map<string, StoredDocument>> {
    const { rows } = await this.db.query<{
      id: string;
      doc: Record<string, unknown>;
      deleted: boolean;
      readers: string[] | null;
      seq: string | number;
    }>('SELECT id, doc, deleted, readers, seq FROM documents WHERE collection = $1 AND id = ANY($2::text[])', [
      collection,
      ids,
    ]);
    return new Map(rows.map((r) => [r.id, { doc: toWire(r.doc, r.deleted), readers: r.readers, seq: Number(r.seq) }]));
  }

  /**
   * Documents after `afterSeq` that `readerSite` may read (null: no site filter, for the hub's own use). With
   * `own.replica`, less the documents whose last write came from that replica (see pullForReplica).
   */
  async pull(
    collection: string,
    afterSeq: number,
    limit: number,
    readerSite: string | null,
    own: OwnWrites | null = null,
  ): Promise<PulledDocuments> {
    const page = await this.pullText(collection, afterSeq, limit, readerSite, own);
    return { documents: page.documents.map((text) => JSON.parse(text) as WireDocument), checkpoint: page.checkpoint };
  }

  /**
   * `pull`, with every document as the JSON text of its wire form, for the pull route to send as it is: the stored
   * jsonb's text with `_deleted` spliced in, never parsed into objects to be serialised again (that took most of the
   * hub's time in a counter's first sync). Officer records alone are rewritten for their reader (see readerText).
   */
  async pullText(
    collection: string,
    afterSeq: number,
    limit: number,
    readerSite: string | null,
    own: OwnWrites | null = null,
  ): Promise<PulledText> {
    if (own?.replica) return this.pullForReplica(collection, afterSeq, limit, readerSite, own.device, own.replica);
    const { rows } = await this.db.query<{ seq: string | number; doc: string; deleted: boolean }>(
      `SELECT seq, doc::text AS doc, deleted FROM documents
        WHERE collection = $1 AND seq > $2
          AND ($3::text IS NULL OR readers IS NULL OR $3::text = ANY(readers))
        ORDER BY seq LIMIT $4`,
      [collection, afterSeq, readerSite, limit],
    );
    const documents = rows.map((r) => readerText(collection, readerSite, r.doc, r.deleted));
    const last = rows[rows.length - 1];
    return { documents, checkpoint: { seq: last ? Number(last.seq) : afterSeq } };
  }

  /**
   * A pull for a replica that names itself: its own writes are left out, since it holds exactly that state (the hub
   * never rewrites a pushed field). Without this, a counter reloaded after pushing 50,000 cases pulled and decrypted
   * them all again, because its stored checkpoint had not moved past them: its stream leaves them out too, and RxDB
   * stores a downstream checkpoint only with a batch that has documents in it.
   *
   * So that RxDB stores the checkpoint past the left-out rows, and stops pulling exactly when nothing is left:
   * - `limit` documents of others found: they are the page; the checkpoint is the last of them, and RxDB, seeing a
   *   full batch, asks again from there.
   * - fewer: nothing else is there for this replica, and the checkpoint moves to the newest row the site may read,
   *   own or not. If no document of others is in the page, that newest row (the replica's own, then) is sent alone,
   *   so that the batch is not empty: RxDB ends its pull at a batch shorter than its size, but stores the checkpoint
   *   only when the batch holds a document. The replica finds it equal to what it has and writes only replication
   *   metadata (a local edit not yet pushed stays: RxDB keeps a fork state it has not pushed).
   * The page and the newest row come from one statement, so one snapshot: writers of a collection commit in
   * sequence order (see push), and no write can later commit below the checkpoint handed out.
   */
  private async pullForReplica(
    collection: string,
    afterSeq: number,
    limit: number,
    readerSite: string | null,
    device: string,
    replica: string,
  ): Promise<PulledText> {
    const { rows } = await this.db.query<{
      seq: string | number;
      doc: string;
      deleted: boolean;
      newest: boolean;
    }>(
      `WITH page AS (
         SELECT seq, doc::text AS doc, deleted FROM documents
          WHERE collection = $1 AND seq > $2
            AND ($3::text IS NULL OR readers IS NULL OR $3::text = ANY(readers))
            AND (written_by IS DISTINCT FROM $5 OR written_replica IS DISTINCT FROM $6::text)
          ORDER BY seq LIMIT $4::int
       )
       SELECT seq, doc, deleted, false AS newest FROM page
       UNION ALL
       (SELECT seq, doc::text, deleted, true FROM documents
         WHERE collection = $1 AND seq > $2
           AND ($3::text IS NULL OR readers IS NULL OR $3::text = ANY(readers))
           AND (SELECT count(*) FROM page) < $4::int
         ORDER BY seq DESC LIMIT 1)`,
      [collection, afterSeq, readerSite, limit, device, replica],
    );
    const page = rows.filter((r) => !r.newest).sort((a, b) => Number(a.seq) - Number(b.seq));
    if (page.length >= limit) {
      return {
        documents: page.map((r) => readerText(collection, readerSite, r.doc, r.deleted)),
        checkpoint: { seq: Number(page.at(-1)!.seq) },
      };
    }
    const newest = rows.find((r) => r.newest);
    const carried = page.length > 0 ? page : newest ? [newest] : [];
    return {
      documents: carried.map((r) => readerText(collection, readerSite, r.doc, r.deleted)),
      checkpoint: { seq: newest ? Number(newest.seq) : afterSeq },
    };
  }

  /**
   * A page of one device's change stream: `pull`, less the documents whose last write came from the requester
   * (`own`: that replica of the device, or without a replica the whole device), which holds them already (otherwise
   * every case a counter pushes comes straight back to it, in full, over its link). The checkpoint moves past the
   * rows left out too; `scanned` counts every row read, so the caller can tell whether another page follows. A page
   * with no document is not sent, so the client's stored checkpoint stays behind; its next pull moves it on (see
   * pullForReplica).
   */
  async streamPage(
    collection: string,
    afterSeq: number,
    limit: number,
    readerSite: string,
    own: OwnWrites,
  ): Promise<PulledDocuments & { scanned: number }> {
    const { rows } = await this.db.query<{
      seq: string | number;
      doc: Record<string, unknown>;
      deleted: boolean;
      own: boolean;
    }>(
      `SELECT seq, doc, deleted,
              written_by = $5 AND ($6::text IS NULL OR written_replica IS NOT DISTINCT FROM $6::text) AS own
         FROM documents
        WHERE collection = $1 AND seq > $2
          AND (readers IS NULL OR $3::text = ANY(readers))
        ORDER BY seq LIMIT $4`,
      [collection, afterSeq, readerSite, limit, own.device, own.replica],
    );
    const documents = rows.filter((r) => !r.own).map((r) => readerDocument(collection, readerSite, r.doc, r.deleted));
    const last = rows[rows.length - 1];
    return { documents, checkpoint: { seq: last ? Number(last.seq) : afterSeq }, scanned: rows.length };
  }

  /**
   * How many documents after `afterSeq` `readerSite` may read: what a pull from that checkpoint still has to bring
   * (less the replica's own writes, as the pull leaves them out). Lets a counter show progress during a first sync
   * or a long catch-up (the pull response carries no total).
   */
  async countAfter(
    collection: string,
    afterSeq: number,
    readerSite: string | null,
    own: OwnWrites | null = null,
  ): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM documents
        WHERE collection = $1 AND seq > $2
          AND ($3::text IS NULL OR readers IS NULL OR $3::text = ANY(readers))
          AND ($5::text IS NULL OR written_by IS DISTINCT FROM $4::text OR written_replica IS DISTINCT FROM $5::text)`,
      [collection, afterSeq, readerSite, own?.device ?? null, own?.replica ?? null],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async maxSeq(collection: string): Promise<number> {
    const { rows } = await this.db.query<{ s: string | number | null }>(
      'SELECT max(seq) AS s FROM documents WHERE collection = $1',
      [collection],
    );
    return Number(rows[0]?.s ?? 0);
  }

  /** Ids of the live (not deleted) documents of a collection. */
  async ids(collection: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      'SELECT id FROM documents WHERE collection = $1 AND NOT deleted',
      [collection],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Writes documents mastered at the hub (catalogue, sites, officers, back-office edits), replacing whatever is
   * there. Goes through the same sequence and notification path as device pushes.
   */
  async putAsHub(
    collection: string,
    docs: Array<{ id: string; doc: Record<string, unknown>; readers: string[] | null; deleted?: boolean }>,
  ): Promise<PushOutcome> {
    const current = await this.get(
      collection,
      docs.map((d) => d.id),
    );
    return this.push(
      collection,
      docs.map((d) => ({
        id: d.id,
        readers: d.readers,
        row: {
          newDocumentState: { ...d.doc, _deleted: d.deleted ?? false },
          assumedMasterState: current.get(d.id)?.doc ?? null,
        },
        basis: { seq: current.get(d.id)?.seq ?? null },
      })),
      'hub',
    );
  }

  async count(collection: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM documents WHERE collection = $1 AND NOT deleted',
      [collection],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/**
 * The hub's sync messages (DESIGN.md "Sync protocol"), declared once for the hub and the counter.
 * They follow RxDB's HTTP replication protocol; the checkpoint is the hub's sequence, kept outside the document.
 */

/** A document on the wire: the document's own fields plus `_deleted` (deletes are tombstones). */
export type WireDocument = Record<string, unknown> & { _deleted?: boolean };

/**
 * The request header naming the counter's local database: RxDB's `storageToken`, random when the database is
 * created and kept with it across restarts. The hub records it with every write it accepts, and a pull or stream
 * that names the same replica leaves out the documents whose last write came from it (that replica holds exactly
 * that state). A new or wiped local database has a new token and so gets everything back.
 */
export const REPLICA_HEADER = 'x-tongban-replica';
/** What the hub accepts as a replica name (RxDB's tokens are 10 characters of [a-z0-9]). */
export const REPLICA_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface HubCheckpoint {
  seq: number;
}

/** `GET /sync/:collection/pull?checkpoint=&limit=` answers this. */
export interface PullResult {
  documents: WireDocument[];
  checkpoint: HubCheckpoint;
}

/** `POST /sync/:collection/push` takes an array of these and answers the master states of the conflicting rows. */
export interface PushRow {
  newDocumentState: WireDocument;
  assumedMasterState?: WireDocument | null;
}

/** `GET /sync/:collection/stream` sends `RESYNC` first, then a `PullResult` for each change the device may read. */
export type StreamEvent = 'RESYNC' | PullResult;

/** A pushed document the hub set aside, as `GET /api/devices/me/refused` reports it to its device. */
export interface RefusedDocument {
  id: number;
  collection: string;
  docId: string;
  code: string;
  reason: string;
  at: string;
}

/** `GET /sync/:collection/pending?checkpoint=` answers this: documents the device may read after its checkpoint. */
export interface PendingResult {
  remaining: number;
}

/** `GET /sync/stream?collections=…` sends these: one collection's stream event, tagged with the collection. */
export interface CollectionStreamEvent {
  collection: string;
  event: StreamEvent;
}

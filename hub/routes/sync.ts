import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COLLECTIONS, type CollectionName, type Officer } from '../../shared/schemas/index.ts';
import type { DocumentStore, OwnWrites, PreparedWrite, PushRow, WireDocument } from '../storage/documents.ts';
import { pullResultJson, sameState, stripMeta } from '../storage/documents.ts';
import type { DeviceStore } from '../storage/devices.ts';
import type { ChangeFeed } from '../sync/changes.ts';
import type { HubMetrics } from '../metrics.ts';
import { readersOf, writeDenial } from '../sync/policy.ts';
import { supervisorIdsOf, validatePushedDocument } from '../sync/validate.ts';
import { ownWritesOf, replicaOf } from '../sync/replica.ts';
import { watchDevice } from '../sync/device-watch.ts';
import { badRequest, forbidden, notFound, unavailable } from '../errors.ts';
import { MAX_DOCUMENT_DEPTH, hasUnstorableText, inspectDocument, storableCopy } from '../storage/storable.ts';

export interface SyncRouteOptions {
  documents: DocumentStore;
  devices: DeviceStore;
  changes: ChangeFeed;
  metrics: HubMetrics;
  serviceCodes: () => Promise<ReadonlySet<string>>;
  /** Seconds between SSE heartbeats, which clients use to tell that the hub is reachable. */
  heartbeatSeconds: number;
}

export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 1000;
const collectionParam = {
  type: 'object',
  required: ['collection'],
  properties: { collection: { type: 'string', maxLength: 40 } },
} as const;

/** The officers the pushed cases' supervisor overrides name, as the hub holds them (deleted ones are unknown). */
async function knownOfficers(documents: DocumentStore, rows: readonly PushRow[]): Promise<Map<string, Officer>> {
  const ids = supervisorIdsOf(rows.map((row) => row.newDocumentState));
  if (ids.length === 0) return new Map();
  const found = await documents.get('officers', ids);
  const officers = new Map<string, Officer>();
  for (const [id, { doc }] of found) {
    const { body, deleted } = stripMeta(doc);
    if (!deleted) officers.set(id, body as unknown as Officer);
  }
  return officers;
}

function collectionOf(request: FastifyRequest): CollectionName {
  const name = (request.params as { collection: string }).collection;
  if (!Object.hasOwn(COLLECTIONS, name)) throw notFound(`unknown-collection: ${name}`);
  return name as CollectionName;
}

export async function syncRoutes(app: FastifyInstance, opts: SyncRouteOptions): Promise<void> {
  const { documents, devices, metrics } = opts;

  app.get(
    '/sync/:collection/pull',
    {
      onRequest: app.requireDevice,
      schema: {
        params: collectionParam,
        querystring: {
          type: 'object',
          properties: {
            checkpoint: { type: 'string', pattern: '^\\d{0,15}$' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PULL_LIMIT, default: 100 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const collection = collectionOf(request);
      const { checkpoint, limit } = request.query as { checkpoint?: string; limit: number };
      // The schema's coercion lets `limit=1e9999` through as Infinity, which SQL then rejects (a 500).
      if (!Number.isSafeInteger(limit)) throw badRequest(`querystring/limit must be <= ${MAX_PULL_LIMIT}`);
      const own = ownWritesOf(request);
      const end = metrics.requestSeconds.startTimer({ collection, operation: 'pull' });
      const result = await documents.pullText(
        collection,
        Number(checkpoint || 0),
        limit,
        request.device!.siteCode,
        own,
      );
      metrics.pulledDocuments.inc({ collection }, result.documents.length);
      end();
      // Bookkeeping only: a failure must not fail the pull, nor surface later as an unhandled rejection.
      devices
        .touch(request.device!.id)
        .catch((error: unknown) => request.log.warn({ err: error }, 'could not record last-seen'));
      // The stored documents' JSON texts, joined as they are: not parsed and serialised again.
      return reply.type('application/json; charset=utf-8').send(pullResultJson(result));
    },
  );

  app.post(
    '/sync/:collection/push',
    {
      onRequest: app.requireDevice,
      schema: {
        params: collectionParam,
        body: {
          type: 'array',
          maxItems: MAX_PUSH_ROWS,
          items: {
            type: 'object',
            required: ['newDocumentState'],
            properties: {
              newDocumentState: { type: 'object' },
              assumedMasterState: { anyOf: [{ type: 'object' }, { type: 'null' }] },
            },
          },
        },
      },
    },
    async (request) => {
      const collection = collectionOf(request);
      const device = request.device!;
      const replica = replicaOf(request);
      const rows = request.body as PushRow[];
      const end = metrics.requestSeconds.startTimer({ collection, operation: 'push' });
      const primaryKey = COLLECTIONS[collection].rxSchema.primaryKey;
      // Rows with text PostgreSQL cannot store (a card reader's NUL padding, say) are refused, not written: the
      // insert would fail the whole push.
      const unstorable = new Set<number>();
      const ids = rows.map((row, index) => {
        const state = inspectDocument(row.newDocumentState);
        if (state.tooDeep || inspectDocument(row.assumedMasterState).tooDeep)
          throw badRequest(`row ${index}: a document is nested deeper than ${MAX_DOCUMENT_DEPTH} levels`);
        const id = row.newDocumentState[primaryKey];
        if (typeof id !== 'string' || id.length === 0)
          throw badRequest(`row ${index}: newDocumentState.${primaryKey} must be a non-empty string`);
        if (hasUnstorableText(id))
          throw badRequest(`row ${index}: newDocumentState.${primaryKey} contains a NUL character or a lone surrogate`);
        if (state.unstorableText) unstorable.add(index);
        return id;
      });

      const current = await documents.get(collection, ids);
      const denied: Array<{ id: string; reason: string }> = [];
      for (const [index, row] of rows.entries()) {
        const { body } = stripMeta(row.newDocumentState);
        const reason = writeDenial(collection, device.siteCode, body, current.get(ids[index]!)?.readers);
        if (reason) denied.push({ id: ids[index]!, reason });
      }
      // Writing another site's records, or hub-mastered data, is a permission problem, not bad data: refuse it all.
      if (denied.length > 0) throw forbidden({ reason: denied[0]!.reason, documents: denied.slice(0, 20) });

      const serviceCodes = await opts.serviceCodes();
      // Rows set aside for their text are not looked into: their supervisor ids could not even be queried.
      const storable = rows.filter((_, index) => !unstorable.has(index));
      const officers = collection === 'cases' ? await knownOfficers(documents, storable) : undefined;
      const writes: PreparedWrite[] = [];
      /** The state each document is left in by the rows before, and the index in `writes` of the row that left it. */
      const pushed = new Map<string, { doc: WireDocument; write: number }>();
      let refused = 0;
      for (const [index, row] of rows.entries()) {
        const id = ids[index]!;
        if (unstorable.has(index)) {
          refused++;
          await devices.recordRefusal(
            device.id,
            collection,
            id,
            'unstorable-text',
            'a text contains a NUL character or a lone UTF-16 surrogate, which the hub cannot store',
            storableCopy(row.newDocumentState),
          );
          continue;
        }
        const { body, deleted } = stripMeta(row.newDocumentState);
        const earlier = pushed.get(id);
        const stored = current.get(id);
        const master = earlier?.doc ?? stored?.doc;
        // A re-sent row, or one written against a master it has not seen (a conflict, not bad data), is not checked:
        // the store answers it with the master under its lock, and the client merges and pushes again. Validating it
        // against the newer master would refuse the client's honest edit (its log lacks events it never received).
        if (
          master !== undefined &&
          (sameState(master, row.newDocumentState) ||
            !row.assumedMasterState ||
            !sameState(master, row.assumedMasterState))
        ) {
          writes.push({ id, row, readers: null, basis: null });
          continue;
        }
        const verdict = validatePushedDocument(collection, body, deleted, {
          serviceCodes,
          current: master ? stripMeta(master).body : undefined,
          siteCode: device.siteCode,
          ...(officers ? { officers } : {}),
        });
        if (!verdict.ok) {
          refused++;
          await devices.recordRefusal(device.id, collection, id, verdict.code, verdict.reason, row.newDocumentState);
          continue;
        }
        // Written only if what it was checked against is still the master when the store takes the lock.
        writes.push({
          id,
          row,
          readers: readersOf(collection, body),
          basis: earlier ? { write: earlier.write } : { seq: stored?.seq ?? null },
        });
        pushed.set(id, { doc: row.newDocumentState, write: writes.length - 1 });
      }
      const outcome = await documents.push(collection, writes, device.id, replica);
      metrics.pushedDocuments.inc({ collection, outcome: 'written' }, outcome.written);
      metrics.pushedDocuments.inc({ collection, outcome: 'unchanged' }, outcome.unchanged);
      metrics.pushedDocuments.inc({ collection, outcome: 'conflict' }, outcome.conflicts.length);
      metrics.pushedDocuments.inc({ collection, outcome: 'refused' }, refused);
      end();
      return outcome.conflicts;
    },
  );

  // Open streams would otherwise keep the server from closing: end them first, and clients reconnect elsewhere.
  const openStreams = new Map<FastifyReply['raw'], () => void>();
  // Once closing, a stream whose request was still being authenticated is refused rather than opened after the
  // others were ended, where it would keep the server from ever closing.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    for (const end of openStreams.values()) end();
  });
  app.get(
    '/sync/:collection/stream',
    { onRequest: app.requireDevice, schema: { params: collectionParam }, compress: false },
    (request, reply) => {
      // Checked before the response is taken over, so that a malformed replica name answers 400.
      const own = ownWritesOf(request);
      if (closing) throw unavailable('the hub is shutting down');
      // The client may have gone while its request was being authenticated (a link dropping during a reconnect):
      // the response's 'close' has then already fired, and what the stream sets up would never be released.
      if (reply.raw.destroyed) {
        reply.hijack();
        return;
      }
      const end = stream(request, reply, collectionOf(request), own, opts);
      openStreams.set(reply.raw, end);
      reply.raw.once('close', () => openStreams.delete(reply.raw));
    },
  );
}

/**
 * Server-sent events: `RESYNC` first (the client then pulls from its checkpoint, which covers whatever happened
 * while it was disconnected), then `{ documents, checkpoint }` for every change the device may read, and a comment
 * line as heartbeat. The stream ends when its device is revoked (the client reconnects and is refused).
 * Returns what ends it.
 */
function stream(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: CollectionName,
  own: OwnWrites,
  opts: SyncRouteOptions,
): () => void {
  const device = request.device!;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    // Headers hooks already set (CORS, for web mode served from another origin) would be lost with the hijack.
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Once ended (revoked, the hub closing), a send still queued must not write after the end.
  let ended = false;
  const write = (text: string) => {
    if (!ended && !res.writableEnded && !res.destroyed) res.write(text);
  };
  const end = () => {
    if (ended) return;
    ended = true;
    res.end();
  };
  const send = (data: unknown) => write(`data: ${JSON.stringify(data)}\n\n`);
  opts.metrics.openStreams.inc();
  const watch = watchDevice({
    deviceId: device.id,
    devices: opts.devices,
    changes: opts.changes,
    end,
    log: request.log,
  });

  let lastSeq = 0;
  const sendNewSince = async () => {
    for (;;) {
      // The requester's own writes are left out: it has them (see DocumentStore.streamPage).
      const { scanned, ...page } = await opts.documents.streamPage(
        collection,
        lastSeq,
        MAX_PULL_LIMIT,
        device.siteCode,
        own,
      );
      if (page.documents.length > 0) {
        // Read after the page: if the page holds a write committed after the device's revocation, this sees it.
        if (!(await watch.confirm())) return;
        send(page);
        opts.metrics.pulledDocuments.inc({ collection }, page.documents.length);
      }
      lastSeq = page.checkpoint.seq;
      if (scanned < MAX_PULL_LIMIT) return;
    }
  };
  // Start from the present: the RESYNC above makes the client pull everything before it. Changes that arrive
  // meanwhile queue behind this read, so none is missed.
  // RESYNC goes out only after the starting point is read: writes commit in sequence order, so everything up to it
  // is in the client's RESYNC pull and everything after it comes through this stream. The device is checked again
  // meanwhile, now that its revocation's notice would reach this stream: a revocation committed since the request was
  // authenticated ends the stream before its first event.
  let sending = Promise.all([opts.documents.maxSeq(collection), watch.confirm()])
    .then(([seq, active]) => {
      lastSeq = seq;
      if (active) send('RESYNC');
    })
    .catch((error: unknown) => {
      // Without its starting point the stream would miss changes: end it, and the client reconnects.
      request.log.warn({ error }, 'stream start failed');
      end();
    });
  const unsubscribe = opts.changes.onChange((notice) => {
    if (notice.collection !== collection) return;
    sending = sending.then(sendNewSince).catch((error: unknown) => request.log.warn({ error }, 'stream send failed'));
  });
  const heartbeat = setInterval(() => {
    write(`: heartbeat ${Date.now()}\n\n`);
    // In case the revocation's notice was lost; a failed check is retried at the next heartbeat.
    watch.confirm().catch((error: unknown) => request.log.warn({ error }, 'stream device check failed'));
  }, opts.heartbeatSeconds * 1000);
  res.once('close', () => {
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    watch.stop();
    opts.metrics.openStreams.dec();
  });
  return end;
}

export type { WireDocument };

import { constants as zlib, createGzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { COLLECTION_NAMES, type CollectionName } from '../../shared/schemas/index.ts';
import type { CollectionStreamEvent } from '../../shared/sync/protocol.ts';
import type { DocumentStore } from '../storage/documents.ts';
import type { DeviceStore } from '../storage/devices.ts';
import type { ChangeFeed } from '../sync/changes.ts';
import type { HubMetrics } from '../metrics.ts';
import { badRequest, unavailable } from '../errors.ts';
import { ownWritesOf } from '../sync/replica.ts';
import { watchDevice } from '../sync/device-watch.ts';
import { MAX_PULL_LIMIT } from './sync.ts';

export interface StreamAllRouteOptions {
  documents: DocumentStore;
  devices: DeviceStore;
  changes: ChangeFeed;
  metrics: HubMetrics;
  heartbeatSeconds: number;
}

/**
 * `GET /sync/stream?collections=cases,tickets,…` — the change streams of several collections over one connection:
 * server-sent events `{ collection, event }` where `event` is what `/sync/:collection/stream` would send (`RESYNC`
 * first, then `{ documents, checkpoint }`). A browser keeps at most six HTTP/1.1 connections per host; seven
 * collection streams would hold them all and starve every pull and push, so web mode needs this one. The stream
 * ends when its device is revoked (the client reconnects and is refused).
 */
export async function streamAllRoutes(app: FastifyInstance, opts: StreamAllRouteOptions): Promise<void> {
  const openStreams = new Map<FastifyReply['raw'], () => void>();
  // A stream whose request was still being authenticated when closing began would open after the others were ended
  // and keep the server from ever closing: once closing, streams are refused (the client reconnects elsewhere).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    for (const end of openStreams.values()) end();
  });

  app.get(
    '/sync/stream',
    {
      onRequest: app.requireDevice,
      compress: false,
      schema: {
        querystring: {
          type: 'object',
          properties: { collections: { type: 'string', maxLength: 200 } },
          additionalProperties: false,
        },
      },
    },
    (request, reply) => {
      const asked = (request.query as { collections?: string }).collections;
      const names = asked ? asked.split(',').filter((n) => n !== '') : COLLECTION_NAMES;
      const unknown = names.filter((n) => !(COLLECTION_NAMES as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0)
        throw badRequest(`collections must name known collections, got: ${unknown.join(', ') || 'none'}`);
      const collections = [...new Set(names)] as CollectionName[];
      const device = request.device!;
      const own = ownWritesOf(request);
      if (closing) throw unavailable('the hub is shutting down');

      reply.hijack();
      const res = reply.raw;
      // The client may have gone while its request was being authenticated (a link dropping during a reconnect):
      // the response's 'close' has then already fired, and what the stream sets up below would never be released.
      if (res.destroyed) return;
      // Compressed when the client accepts it, flushed after every write so that each event leaves at once. Later
      // events compress against earlier ones: a site's cases repeat most of their keys and values, and uncompressed
      // a case costs its other counters ~1 KB of the island link (about 60 bytes gzipped, like a pull).
      const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
        ? createGzip({ flush: zlib.Z_SYNC_FLUSH, windowBits: 13, memLevel: 6 })
        : null;
      res.writeHead(200, {
        // Headers hooks already set (CORS, for web mode served from another origin) would be lost with the hijack.
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
      });
      // A gzip that fails can no longer end the response through the pipe: drop the connection instead (the client
      // reconnects), or it would stay open and hold a closing hub for ever.
      gzip?.on('error', () => res.destroy()).pipe(res);
      // Ended by us (the hub closing, a failed start): a send still queued then (a RESYNC waiting on its starting
      // point, a page) must not write into the gzip after its end — that fails the gzip, which then never ends `res`.
      let ended = false;
      const write = (text: string) => {
        if (!ended && !res.writableEnded && !res.destroyed) (gzip ?? res).write(text);
      };
      const end = () => {
        if (ended) return;
        ended = true;
        if (gzip) gzip.end();
        else res.end();
      };
      openStreams.set(res, end);
      opts.metrics.openStreams.inc();
      const send = (message: CollectionStreamEvent) => write(`data: ${JSON.stringify(message)}\n\n`);
      const watch = watchDevice({
        deviceId: device.id,
        devices: opts.devices,
        changes: opts.changes,
        end,
        log: request.log,
      });

      // Per collection, as in the single-collection stream: RESYNC goes out only once the starting point is read.
      // Writes commit in sequence order, so everything up to it is in the client's RESYNC pull and everything after
      // it comes through this stream; changes that arrive meanwhile queue behind the read. The device is checked again
      // meanwhile, now that its revocation's notice would reach this stream: a revocation committed since the request
      // was authenticated ends the stream before its first event.
      const stillActive = watch.confirm();
      const lastSeq = new Map<CollectionName, number>();
      const sending = new Map<CollectionName, Promise<void>>();
      for (const collection of collections) {
        sending.set(
          collection,
          Promise.all([opts.documents.maxSeq(collection), stillActive])
            .then(([seq, active]) => {
              lastSeq.set(collection, seq);
              if (active) send({ collection, event: 'RESYNC' });
            })
            .catch((error: unknown) => {
              // Without its starting point the stream would miss changes: end it, and the client reconnects.
              request.log.warn({ error }, 'stream start failed');
              end();
            }),
        );
      }
      const sendNewSince = async (collection: CollectionName) => {
        for (;;) {
          // The requester's own writes are left out: it has them (see DocumentStore.streamPage).
          const { scanned, ...page } = await opts.documents.streamPage(
            collection,
            lastSeq.get(collection) ?? 0,
            MAX_PULL_LIMIT,
            device.siteCode,
            own,
          );
          if (page.documents.length > 0) {
            // Read after the page: if the page holds a write committed after the device's revocation, this sees it.
            if (!(await watch.confirm())) return;
            send({ collection, event: page });
            opts.metrics.pulledDocuments.inc({ collection }, page.documents.length);
          }
          lastSeq.set(collection, page.checkpoint.seq);
          if (scanned < MAX_PULL_LIMIT) return;
        }
      };
      const unsubscribe = opts.changes.onChange((notice) => {
        const collection = notice.collection as CollectionName;
        const queue = sending.get(collection);
        if (!queue) return;
        sending.set(
          collection,
          queue
            .then(() => sendNewSince(collection))
            .catch((error: unknown) => request.log.warn({ error }, 'stream send failed')),
        );
      });
      const heartbeat = setInterval(() => {
        write(`: heartbeat ${Date.now()}\n\n`);
        // In case the revocation's notice was lost; a failed check is retried at the next heartbeat.
        watch.confirm().catch((error: unknown) => request.log.warn({ error }, 'stream device check failed'));
      }, opts.heartbeatSeconds * 1000);
      res.once('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        watch.stop();
        gzip?.destroy();
        openStreams.delete(res);
        opts.metrics.openStreams.dec();
      });
    },
  );
}

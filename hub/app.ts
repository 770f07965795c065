import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import { openPGlite, openPostgres, type SqlDriver } from './storage/driver.ts';
import { migrate } from './storage/migrations.ts';
import { DocumentStore } from './storage/documents.ts';
import { DeviceStore } from './storage/devices.ts';
import { ChangeFeed } from './sync/changes.ts';
import { createMetrics } from './metrics.ts';
import { authPlugin } from './plugins/auth.ts';
import { syncRoutes } from './routes/sync.ts';
import { deviceRoutes } from './routes/devices.ts';
import { HubError } from './errors.ts';
import { seedHub } from './seed.ts';
import { hubOperations, type HubOperations } from './operations.ts';
import { adminRoutes } from './routes/admin.ts';
import { syncProgressRoutes } from './routes/sync-progress.ts';
import { streamAllRoutes } from './routes/sync-stream-all.ts';
import { REPLICA_HEADER } from '../shared/sync/protocol.ts';

export interface HubOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; when absent too, PGlite runs in memory (tests). */
  dataDir?: string;
  /** An already open driver (tests that share one database between hub instances). */
  driver?: SqlDriver;
  /** Load the seed catalogue and site list into an empty hub (default true). */
  seed?: boolean;
  logger?: FastifyServerOptions['logger'];
  heartbeatSeconds?: number;
  /** Largest accepted request body after decompression, in bytes. */
  bodyLimit?: number;
  /** Enables the loopback-only admin routes the CLI uses while the hub holds the embedded database. */
  adminToken?: string;
  /**
   * Web origins allowed to call the hub from a browser (web mode served from another origin, e.g. the demo's
   * renderer). None by default: the Electron app does not need CORS.
   */
  corsOrigins?: readonly string[];
}

export interface Hub {
  app: FastifyInstance;
  db: SqlDriver;
  documents: DocumentStore;
  devices: DeviceStore;
  ops: HubOperations;
}

/** Builds the hub: storage, migrations, routes. Only `server.ts` listens; tests call `app.inject` or `listen`. */
export async function buildHub(options: HubOptions = {}): Promise<Hub> {
  const db =
    options.driver ??
    (options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPGlite(options.dataDir));
  await migrate(db);
  const documents = new DocumentStore(db);
  const devices = new DeviceStore(db);
  if (options.seed !== false) await seedHub(documents);
  const changes = new ChangeFeed();
  await changes.start(db);
  const metrics = createMetrics();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    // Proxies on the island links cut idle connections; keep SSE heartbeats well under their timeouts.
    keepAliveTimeout: 65_000,
    // Requests Fastify refuses before routing (a malformed URL) still answer in our error shape.
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .code(status as never)
        .send({ error: status === 414 ? 'uri-too-long' : 'bad-request', details: error.message } as never);
    },
  });

  // Counters compress their pushes: the island link is slow and metered. Requests may be gzip or deflate.
  await app.register(compress, {
    global: true,
    threshold: 512,
    encodings: ['gzip', 'deflate'],
    requestEncodings: ['gzip', 'deflate'],
    onUnsupportedRequestEncoding: (encoding) =>
      new HubError(415, 'unsupported-media-type', `content-encoding ${encoding} is not supported`),
    onInvalidRequestPayload: (encoding) =>
      new HubError(400, 'bad-request', `the request body is not valid ${encoding}`),
  });
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'POST', 'HEAD'],
      allowedHeaders: ['authorization', 'content-type', 'content-encoding', 'accept-encoding', REPLICA_HEADER],
      maxAge: 600,
    });
  }
  await app.register(authPlugin, { devices });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HubError)
      return reply.code(error.statusCode).send({ error: error.error, details: error.details });
    const e = error as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (e.validation) return reply.code(400).send({ error: 'bad-request', details: e.message });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const name =
        e.statusCode === 413 ? 'payload-too-large' : e.statusCode === 415 ? 'unsupported-media-type' : 'bad-request';
      return reply.code(e.statusCode).send({ error: name, details: e.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', details: 'the hub failed to handle the request; see its log' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not-found', details: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  let serviceCodes: { seq: number; codes: ReadonlySet<string> } = { seq: -1, codes: new Set() };
  const currentServiceCodes = async () => {
    const seq = await documents.maxSeq('services');
    if (seq !== serviceCodes.seq) serviceCodes = { seq, codes: new Set(await documents.ids('services')) };
    return serviceCodes.codes;
  };

  app.get('/health', async () => ({ status: 'ok', engine: db.kind, time: new Date().toISOString() }));
  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  await app.register(deviceRoutes, { devices });
  await app.register(syncRoutes, {
    documents,
    devices,
    changes,
    metrics,
    serviceCodes: currentServiceCodes,
    heartbeatSeconds: options.heartbeatSeconds ?? 15,
  });
  await app.register(syncProgressRoutes, { documents });
  await app.register(streamAllRoutes, {
    documents,
    devices,
    changes,
    metrics,
    heartbeatSeconds: options.heartbeatSeconds ?? 15,
  });

  const ops = hubOperations(documents, devices);
  if (options.adminToken) await app.register(adminRoutes, { ops, adminToken: options.adminToken });

  // Shutting down (a restart, a deploy) must not wait on keep-alive connections: one that finishes a response after the
  // close began would otherwise sit idle for keepAliveTimeout (65 s) and hold the close that long. While closing,
  // responses ask the client to close the connection, and idle connections are closed as they appear.
  let closing: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = setInterval(() => app.server.closeIdleConnections(), 50).unref();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onClose', async () => {
    clearInterval(closing);
    await changes.stop();
    await documents.statisticsSettled();
    if (!options.driver) await db.close();
  });
  return { app, db, documents, devices, ops };
}

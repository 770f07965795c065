import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildHub, type Hub } from './app.ts';
import { hubConfigFromEnv, runtimeFile, type HubConfig } from './config.ts';

export interface RunningHub {
  hub: Hub;
  url: string;
  stop(): Promise<void>;
}

/** Starts the hub and listens. The only place that listens; tests use `buildHub` directly. */
export async function startHub(
  config: HubConfig,
  opts: { logger?: boolean; onStop?: () => void } = {},
): Promise<RunningHub> {
  if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
  const adminToken = randomBytes(24).toString('base64url');
  const hub = await buildHub({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
    adminToken,
    corsOrigins: config.corsOrigins,
    logger: opts.logger ?? true,
  });
  const address = await hub.app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', '127.0.0.1');
  const runtime = runtimeFile(config);
  await mkdir(path.dirname(runtime), { recursive: true });
  await writeFile(runtime, JSON.stringify({ url, pid: process.pid, adminToken }), { mode: 0o600 });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await hub.app.close();
      await rm(runtime, { force: true });
      opts.onStop?.();
    })());
  return { hub, url, stop };
}

/** `npm run hub`: listens until SIGINT/SIGTERM, then closes streams and the database cleanly. */
export async function runServer(): Promise<void> {
  const config = hubConfigFromEnv();
  const running = await startHub(config);
  const engine = config.databaseUrl ? 'PostgreSQL' : `PGlite at ${config.dataDir}`;
  running.hub.app.log.info(`Tongban hub on ${running.url} (${engine})`);
  const shutdown = (signal: string) => {
    running.hub.app.log.info(`${signal}: shutting down`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

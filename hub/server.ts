import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildHub, type Hub } from './app.ts';
import { ConfigError, exposureNotice, hubConfigFromEnv, runtimeFile, type HubConfig } from './config.ts';

export interface RunningHub {
  hub: Hub;
  url: string;
  stop(): Promise<void>;
}

/** Next to the embedded database: the id of the process that has it open, so that a second one refuses to. */
export const lockFile = (config: HubConfig) => path.join(config.dataDir, '..', `${path.basename(config.dataDir)}.lock`);

/** Whether a process of that id is running (one of another user's counts: it exists). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Lock files this process holds. */
const heldHere = new Set<string>();

/** The live process (this one included) that holds the embedded database directory, if any. */
export async function embeddedDatabaseHolder(config: HubConfig): Promise<number | undefined> {
  const pid = Number((await readFile(lockFile(config), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // This process's own id in a lock it does not hold: left by an earlier process that had the same id (a container
  // restarted after a crash starts its hub with the same id every time).
  if (pid === process.pid) return heldHere.has(lockFile(config)) ? pid : undefined;
  return isAlive(pid) ? pid : undefined;
}

/**
 * Takes the embedded database directory for this process. PGlite has no lock of its own: two processes on one
 * directory each write its files and corrupt it. A lock left by a process that has died is taken over.
 */
export async function lockEmbeddedDatabase(config: HubConfig): Promise<() => Promise<void>> {
  const file = lockFile(config);
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new ConfigError(
      `无法创建数据目录 ${config.dataDir}（HUB_DATA_DIR）/ cannot create the data directory ${config.dataDir} (HUB_DATA_DIR): ${(error as Error).message}`,
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = await embeddedDatabaseHolder(config);
      if (holder !== undefined)
        throw new ConfigError(
          `数据目录 ${config.dataDir} 正被另一个中心（进程 ${holder}）使用；同一目录只能运行一个中心 / the data directory ${config.dataDir} is in use by another hub (process ${holder}); only one hub can run on a directory`,
        );
      await rm(file, { force: true });
    }
  }
  throw new ConfigError(`无法锁定数据目录 ${config.dataDir} / cannot lock the data directory ${config.dataDir}`);
}

/** Starts the hub and listens. The only place that listens; tests use `buildHub` directly. */
export async function startHub(
  config: HubConfig,
  opts: { logger?: boolean; onStop?: () => void } = {},
): Promise<RunningHub> {
  let unlock = async () => undefined as void;
  if (!config.databaseUrl) {
    try {
      await mkdir(config.dataDir, { recursive: true });
    } catch (error) {
      throw new ConfigError(
        `无法创建数据目录 ${config.dataDir}（HUB_DATA_DIR）/ cannot create the data directory ${config.dataDir} (HUB_DATA_DIR): ${(error as Error).message}`,
      );
    }
    unlock = await lockEmbeddedDatabase(config);
  }
  const adminToken = randomBytes(24).toString('base64url');
  let hub: Hub;
  try {
    hub = await buildHub({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
      adminToken,
      corsOrigins: config.corsOrigins,
      logger: opts.logger ?? true,
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  let address: string;
  try {
    address = await hub.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await hub.app.close().catch(() => undefined);
    await unlock();
    throw error;
  }
  const url = address.replace('[::1]', '127.0.0.1');
  const runtime = runtimeFile(config);
  await mkdir(path.dirname(runtime), { recursive: true });
  await writeFile(runtime, JSON.stringify({ url, pid: process.pid, adminToken }), { mode: 0o600 });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await hub.app.close();
      await rm(runtime, { force: true });
      await unlock();
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
  const exposure = exposureNotice(config);
  if (exposure) running.hub.app.log.warn(exposure);
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

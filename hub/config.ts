import path from 'node:path';

/** The hub's settings, from the environment (README "Running the hub"). */
export interface HubConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Browser origins allowed to call the hub (web mode served from elsewhere); `HUB_CORS_ORIGINS`, comma-separated. */
  corsOrigins?: string[];
}

/** A setting in the environment that the hub cannot use; its message is for the technician (Chinese, then English). */
export class ConfigError extends Error {}

export function hubConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const rawPort = (env.PORT ?? '').trim();
  const port = rawPort === '' ? 8787 : /^\d+$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(
      `PORT 应为 0–65535 之间的端口号，现在是 "${env.PORT}" / PORT must be a port number from 0 to 65535, got "${env.PORT}"`,
    );
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new ConfigError(
      `DATABASE_URL 应以 postgres:// 开头，例如 postgres://user:password@host:5432/tongban / DATABASE_URL must start with postgres://, e.g. postgres://user:password@host:5432/tongban`,
    );
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.HUB_DATA_DIR ?? './data/hub'),
    corsOrigins: (env.HUB_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  };
}

/** Where the running hub leaves its address and admin token for the CLI (embedded mode). */
export const runtimeFile = (config: HubConfig) =>
  path.join(config.dataDir, '..', `${path.basename(config.dataDir)}.runtime.json`);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * What the technician must be told at start when HOST is not loopback: every machine that can reach this one on
 * the network can then reach the hub (0.0.0.0 or :: means every network interface). That is how counters on a
 * LAN reach it, but it must be a choice: the sync API is then open to the network (behind device tokens; the admin
 * routes stay loopback-only).
 */
export function exposureNotice(config: HubConfig): string | undefined {
  if (LOOPBACK_HOSTS.has(config.host) || config.host.startsWith('127.')) return undefined;
  const where =
    config.host === '0.0.0.0' || config.host === '::'
      ? { zh: '本机所有网络接口', en: 'every network interface of this machine' }
      : { zh: `地址 ${config.host}`, en: `address ${config.host}` };
  return (
    `注意：中心在${where.zh}上监听（HOST=${config.host}，端口 ${config.port}），网络上的其他机器都能连到它；只应在柜台所在的内网这样做 / ` +
    `note: the hub listens on ${where.en} (HOST=${config.host}, port ${config.port}), so other machines on the network can reach it; do this only on the counters' own network`
  );
}

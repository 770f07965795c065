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

export function hubConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
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

// Two hubs on one embedded (PGlite) data directory would both write its files and corrupt it: the second refuses.
import { afterEach, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubConfigFromEnv, type HubConfig } from '../../../hub/config.ts';
import { lockFile, startHub, type RunningHub } from '../../../hub/server.ts';
import { HUB_START_TIMEOUT_MS } from '../../helpers/hub.ts';

const running: RunningHub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const hub of running.splice(0)) await hub.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function embeddedConfig(): Promise<HubConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'tongban-lock-'));
  dirs.push(dir);
  return hubConfigFromEnv({ HUB_DATA_DIR: join(dir, 'hub'), PORT: '0', HOST: '127.0.0.1' });
}

it(
  'refuses to start a second hub on a data directory a running hub holds, and starts once it has stopped',
  async () => {
    const config = await embeddedConfig();
    const first = await startHub(config, { logger: false });
    running.push(first);
    await expect(startHub(config, { logger: false })).rejects.toThrow(/正被另一个中心.*\/ .*in use by another hub/);
    // The first hub was not disturbed by the attempt.
    expect((await fetch(`${first.url}/health`)).status).toBeLessThan(500);
    await running.splice(0)[0]!.stop();
    const second = await startHub(config, { logger: false });
    running.push(second);
  },
  HUB_START_TIMEOUT_MS,
);

it(
  'takes over the lock of a hub that died without releasing it',
  async () => {
    const config = await embeddedConfig();
    const first = await startHub(config, { logger: false });
    await first.stop();
    // A process id that is not running: what a hub killed with SIGKILL leaves behind.
    await writeFile(lockFile(config), '999999999');
    running.push(await startHub(config, { logger: false }));
  },
  HUB_START_TIMEOUT_MS,
);

it(
  'takes over a lock that carries its own process id but was left by an earlier process (a restarted container)',
  async () => {
    const config = await embeddedConfig();
    await writeFile(lockFile(config), String(process.pid));
    running.push(await startHub(config, { logger: false }));
  },
  HUB_START_TIMEOUT_MS,
);

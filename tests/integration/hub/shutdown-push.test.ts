// Stopping the hub (SIGTERM from a restart or a deploy) while a write is in flight: the write is answered and kept.
import { afterEach, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubConfigFromEnv, runtimeFile } from '../../../hub/config.ts';
import { startHub, type RunningHub } from '../../../hub/server.ts';
import { hashPin } from '../../../shared/domain/pin.ts';
import type { Officer } from '../../../shared/schemas/index.ts';
import { HUB_START_TIMEOUT_MS } from '../../helpers/hub.ts';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

it(
  'answers and keeps a write that is in flight when the hub is stopped',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tongban-stop-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const config = hubConfigFromEnv({ HUB_DATA_DIR: join(dir, 'hub'), PORT: '0', HOST: '127.0.0.1' });
    const first: RunningHub = await startHub(config, { logger: false });
    const { adminToken } = JSON.parse(await readFile(runtimeFile(config), 'utf8')) as { adminToken: string };
    // Hold the write in the database layer until the stop has begun.
    let arrived!: () => void;
    const held = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const push = first.hub.documents.push.bind(first.hub.documents);
    first.hub.documents.push = async (...args) => {
      arrived();
      await gate;
      return push(...args);
    };
    const officer: Officer = {
      id: 'chen-jie',
      name: '陈杰',
      badge: '350130',
      siteCodes: ['DX'],
      role: 'officer',
      authorisedBusinessTypes: ['household'],
      pinHash: await hashPin('573920'),
      active: true,
    };
    const response = fetch(`${first.url}/admin/officers`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(officer),
    });
    await held;
    const stopping = first.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect((await response).status).toBe(200);
    await stopping;

    const second = await startHub(config, { logger: false });
    cleanup.unshift(() => second.stop());
    expect((await second.hub.documents.get('officers', ['chen-jie'])).get('chen-jie')?.doc).toMatchObject({
      name: '陈杰',
    });
  },
  HUB_START_TIMEOUT_MS,
);

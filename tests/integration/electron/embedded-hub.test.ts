import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDemoHub } from '../../../electron/main/embedded-hub.ts';
import { createHubProxy } from '../../../electron/main/hub-proxy.ts';
import { HUB_PROXY_BASE_URL, HUB_PROXY_TOKEN } from '../../../shared/ipc/bridge.ts';
import { HubClient } from '../../../renderer/sync/hub-client.ts';
import { RecordingLogger } from '../../helpers/fake-electron.ts';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe('embeddedDemoHub', () => {
  it('runs the real hub on PGlite under userData with the demo data, reachable through the proxy', async () => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'tongban-demo-hub-'));
    const demo = embeddedDemoHub({ userData, log: new RecordingLogger() });
    stops.push(() => demo.stop());
    const started = await demo.start();
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.siteCode).toBe('DX');
    expect(started.officers.map((o) => o.name)).toEqual(['林海', '陈岚']);
    expect(await demo.start()).toBe(started);

    const proxy = createHubProxy({
      target: async () => ({ hubUrl: started.url, token: started.device.token }),
      fetch: globalThis.fetch,
      log: new RecordingLogger(),
    });
    const client = new HubClient({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      fetch: (input, init) => proxy(new Request(String(input), init)),
    });
    const tickets = await client.pull('tickets', undefined, 50);
    expect(tickets.documents.length).toBeGreaterThan(0);
    expect(tickets.documents.every((t) => t.siteCode === 'DX')).toBe(true);
  });

  it('keeps the demo device across restarts of the app', async () => {
    const userData = await mkdtemp(path.join(os.tmpdir(), 'tongban-demo-hub-'));
    const first = embeddedDemoHub({ userData, log: new RecordingLogger() });
    const before = await first.start();
    await first.stop();
    const second = embeddedDemoHub({ userData, log: new RecordingLogger() });
    stops.push(() => second.stop());
    const after = await second.start();
    expect(after.device).toEqual(before.device);
  });
});

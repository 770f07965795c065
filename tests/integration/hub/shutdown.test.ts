import { afterEach, expect, it } from 'vitest';
import type { Hub } from '../../../hub/app.ts';
import { HUB_START_TIMEOUT_MS, enrolDevice, startHub } from '../../helpers/hub.ts';

// A hub that is shutting down (a restart, a deploy) must close even when a counter's stream request was still being
// checked when the shutdown began: such a stream used to open after the open ones had been ended, and then kept the
// server from ever closing; and the connection that answered it, kept alive, held the close for keepAliveTimeout.

let hub: Hub | null = null;
afterEach(async () => {
  hub = null;
});

const settledWithin = async (promise: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

for (const path of ['/sync/cases/stream', '/sync/stream?collections=cases,tickets']) {
  it(
    `closes while a stream request (${path.split('?')[0]}) is still being checked, and refuses that stream with 503`,
    async () => {
      hub = await startHub({ heartbeatSeconds: 1 });
      const { token } = await enrolDevice(hub, 'DX');
      // Hold the stream request in its checks until the shutdown has begun.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const held = new Promise<void>((resolve) => (arrived = resolve));
      // The device check (the token lookup) is where a request waits on the database: hold it there.
      const authenticate = hub.devices.authenticate.bind(hub.devices);
      hub.devices.authenticate = async (presented: string) => {
        arrived();
        await gate;
        return authenticate(presented);
      };
      const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 });
      const response = fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await held;
      const closing = hub.app.close();
      // Let the close reach its preClose hooks before the held request goes on.
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      const answer = await response;
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ error: 'unavailable' });
      expect(await settledWithin(closing, 5_000)).toBe(true);
    },
    HUB_START_TIMEOUT_MS,
  );
}

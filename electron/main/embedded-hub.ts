import path from 'node:path';
import { startHub, type RunningHub } from '../../hub/server.ts';
import { seedDemo, type DemoData, type DemoDevice } from '../../hub/demo.ts';
import type { Logger } from './logging.ts';

export interface StartedDemoHub {
  url: string;
  siteCode: string;
  officers: DemoData['officers'];
  /** The device this machine uses (the demo's first counter). */
  device: DemoDevice;
}

/** The hub inside the app, for the demo. An interface so provisioning and the shell are tested without PGlite. */
export interface DemoHubStarter {
  /** Starts the hub (once; later calls return the same) with the demo data of `npm run demo:web`. */
  start(): Promise<StartedDemoHub>;
  stop(): Promise<void>;
}

/**
 * Runs the real hub (hub/server.ts) on embedded PGlite under userData, on a free loopback port: nothing to install,
 * and nothing listens beyond this machine. The data survives restarts, so a demo counter keeps its cases.
 */
export function embeddedDemoHub(options: { userData: string; log: Logger }): DemoHubStarter {
  let starting: Promise<{ running: RunningHub; started: StartedDemoHub }> | null = null;
  return {
    start() {
      starting ??= (async () => {
        const dataDir = path.join(options.userData, 'demo-hub');
        options.log.info(`demo: starting the embedded hub on PGlite at ${dataDir}`);
        const running = await startHub(
          { port: 0, host: '127.0.0.1', databaseUrl: undefined, dataDir },
          { logger: false },
        );
        const data = await seedDemo(running.hub, { stateFile: path.join(options.userData, 'demo-hub.devices.json') });
        const device = data.devices.find((d) => d.counter === data.counter) ?? data.devices[0]!;
        options.log.info(`demo: hub on ${running.url}, site ${data.siteCode}, device ${device.deviceId}`);
        return { running, started: { url: running.url, siteCode: data.siteCode, officers: data.officers, device } };
      })().catch((error: unknown) => {
        starting = null;
        throw error;
      });
      return starting.then((s) => s.started);
    },
    async stop() {
      const current = starting;
      starting = null;
      if (current) await (await current).running.stop();
    },
  };
}

// `npm run demo:web`: the hub on its embedded default with the demo data, and the counter app served for a browser.
// Also the programmatic entry the end-to-end tests use (`startDemoWeb`).
import { createServer as createNetServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, createServer, preview, type Plugin } from 'vite';
import { startHub, type RunningHub } from '../hub/server.ts';
import type { HubConfig } from '../hub/config.ts';
import { seedDemo, type DemoData } from '../hub/demo.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_ROOT = path.join(ROOT, 'renderer');
const HOST = '127.0.0.1';

export interface DemoWebOptions {
  /** 0 picks a free port. Defaults: 8787 and 5173. */
  hubPort?: number;
  webPort?: number;
  /** The hub's PGlite directory; null for a fresh temporary one, removed on close. Default `./data/demo-hub`. */
  dataDir?: string | null;
  /**
   * `build` (default): a production build served statically — what the end-to-end tests and benchmarks drive.
   * `dev`: Vite's dev server with hot reload, and RxDB's dev-mode checks, for working on the renderer.
   */
  renderer?: 'build' | 'dev';
  /** Where the production build goes; a temporary folder by default. */
  outDir?: string;
  hubLogs?: boolean;
}

export interface DemoWeb {
  demo: DemoData;
  hubUrl: string;
  webUrl: string;
  /** The address that sets a browser up as DX counter 1 (hub address and device token in the fragment). */
  appUrl: string;
  /** The same for each enrolled demo counter. */
  counterUrls: Array<{ counter: number; url: string }>;
  /** Stops the hub (as when the island link or the hub goes down); the renderer keeps being served. */
  stopHub(): Promise<void>;
  /** Starts the hub again on the same port and data. */
  startHub(): Promise<void>;
  /** Enrols one more device, of any site (tests: the main island's back office); the hub must be running. */
  enrol(siteCode: string, name: string): Promise<{ deviceId: string; token: string }>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Adds the hub's origin to the page's CSP connect-src (index.html allows only loopback hubs otherwise). In the dev
 * server, also lets the React refresh preamble (an inline script) run.
 */
function cspForHub(hubOrigin: string, dev: boolean): Plugin {
  return {
    name: 'tongban-demo-csp',
    transformIndexHtml(html) {
      let out = html.replace(/connect-src ([^;"]*)/, (_m, sources: string) => `connect-src ${sources} ${hubOrigin}`);
      if (dev) out = out.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
      return out;
    },
  };
}

export function appUrlFor(webUrl: string, hubUrl: string, demo: DemoData, counter: number): string {
  const device = demo.devices.find((d) => d.counter === counter) ?? demo.devices[0]!;
  const fragment = new URLSearchParams({
    hub: hubUrl,
    token: device.token,
    site: demo.siteCode,
    device: device.deviceId,
    counter: String(device.counter),
  });
  return `${webUrl}/#${fragment}`;
}

export async function startDemoWeb(options: DemoWebOptions = {}): Promise<DemoWeb> {
  const hubPort = options.hubPort === 0 ? await freePort() : (options.hubPort ?? 8787);
  const webPort = options.webPort === 0 ? await freePort() : (options.webPort ?? 5173);
  const hubUrl = `http://${HOST}:${hubPort}`;
  const webUrl = `http://${HOST}:${webPort}`;
  const temporaryData = options.dataDir === null ? await mkdtemp(path.join(tmpdir(), 'tongban-demo-hub-')) : null;
  const dataDir = temporaryData ?? path.resolve(options.dataDir ?? path.join(ROOT, 'data', 'demo-hub'));
  const mode = options.renderer ?? 'build';

  const hubConfig: HubConfig = {
    port: hubPort,
    host: HOST,
    databaseUrl: undefined,
    dataDir,
    // The renderer is served from its own port: the browser calls the hub cross-origin.
    corsOrigins: [webUrl, `http://localhost:${webPort}`],
  };
  let hub: RunningHub | null = await startHub(hubConfig, { logger: options.hubLogs ?? false });
  const demo = await seedDemo(hub.hub, { stateFile: `${dataDir}.demo.json` });

  const plugins = [react(), cspForHub(hubUrl, mode === 'dev')];
  let closeWeb: () => Promise<void>;
  let temporaryOut: string | null = null;
  try {
    if (mode === 'dev') {
      const server = await createServer({
        configFile: false,
        root: RENDERER_ROOT,
        plugins,
        logLevel: 'warn',
        server: { host: HOST, port: webPort, strictPort: true },
      });
      await server.listen();
      closeWeb = () => server.close();
    } else {
      temporaryOut = options.outDir ? null : await mkdtemp(path.join(tmpdir(), 'tongban-web-'));
      const outDir = options.outDir ?? temporaryOut!;
      await build({
        configFile: false,
        root: RENDERER_ROOT,
        plugins,
        logLevel: 'warn',
        build: {
          outDir,
          emptyOutDir: true,
          chunkSizeWarningLimit: 4000,
          // The counter app, and the set-up page a browser without a hub connection is sent to.
          rollupOptions: {
            input: {
              index: path.join(RENDERER_ROOT, 'index.html'),
              provisioning: path.join(RENDERER_ROOT, 'provisioning.html'),
            },
          },
        },
      });
      const server = await preview({
        configFile: false,
        root: RENDERER_ROOT,
        logLevel: 'warn',
        build: { outDir },
        preview: { host: HOST, port: webPort, strictPort: true },
      });
      closeWeb = () => server.close();
    }
  } catch (error) {
    await hub.stop();
    throw error;
  }

  const counterUrls = demo.devices.map((d) => ({
    counter: d.counter,
    url: appUrlFor(webUrl, hubUrl, demo, d.counter),
  }));
  return {
    demo,
    hubUrl,
    webUrl,
    appUrl: appUrlFor(webUrl, hubUrl, demo, demo.counter),
    counterUrls,
    async stopHub() {
      await hub?.stop();
      hub = null;
    },
    async startHub() {
      hub ??= await startHub(hubConfig, { logger: options.hubLogs ?? false });
    },
    async enrol(siteCode, name) {
      if (!hub) throw new Error('the demo hub is stopped');
      const { code } = await hub.hub.devices.createEnrolmentCode(siteCode, name);
      const { device, token } = await hub.hub.devices.enrol(code);
      return { deviceId: device.id, token };
    },
    async close() {
      await closeWeb();
      await hub?.stop();
      hub = null;
      if (temporaryOut) await rm(temporaryOut, { recursive: true, force: true });
      if (temporaryData) {
        await rm(temporaryData, { recursive: true, force: true });
        await rm(`${temporaryData}.demo.json`, { force: true });
      }
    },
  };
}

/** What `npm run demo:web` prints: where to go and who can sign in, in Chinese and English. */
export function describeDemo(running: DemoWeb, dataDir: string): string {
  const roles: Record<string, string> = { officer: '民警 officer', supervisor: '值班领导 supervisor' };
  const lines = [
    '',
    '通办 Tongban — 演示 / demo (web mode)',
    '',
    `  在浏览器中打开 Open in a browser (东庠 DX 1号窗口 counter 1):`,
    `    ${running.appUrl}`,
    ...running.counterUrls
      .filter((c) => c.counter !== running.demo.counter)
      .flatMap((c) => [
        `  ${c.counter}号窗口 Counter ${c.counter} (另一个浏览器配置 another browser profile):`,
        `    ${c.url}`,
      ]),
    '',
    `  主岛服务器 Hub: ${running.hubUrl}  (PGlite: ${dataDir})`,
    '',
    '  演示民警 Demo officers:',
    ...running.demo.officers.map(
      (o) => `    ${o.name}  ${o.id.padEnd(9)} ${(roles[o.role] ?? o.role).padEnd(22)} PIN ${o.pin}`,
    ),
    '',
    '  按 Ctrl+C 停止。 Press Ctrl+C to stop.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const env = process.env;
  const port = (name: string, fallback: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < 0 || value > 65535)
      throw new Error(`${name} must be a port number, got "${env[name]}"`);
    return value;
  };
  const renderer = env.DEMO_RENDERER === 'dev' || process.argv.includes('--dev') ? 'dev' : 'build';
  const dataDir = path.resolve(env.DEMO_DATA_DIR ?? path.join(ROOT, 'data', 'demo-hub'));
  console.log(renderer === 'dev' ? '启动中 Starting (dev server)…' : '构建并启动中 Building and starting…');
  const running = await startDemoWeb({
    hubPort: port('DEMO_HUB_PORT', 8787),
    webPort: port('DEMO_WEB_PORT', 5173),
    dataDir,
    renderer,
    outDir: path.join(ROOT, 'out', 'web'),
    hubLogs: env.DEMO_HUB_LOGS === '1',
  });
  console.log(describeDemo(running, dataDir));
  const shutdown = () => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE')
      console.error(
        '端口已被占用：请先停止占用它的程序，或用 DEMO_HUB_PORT / DEMO_WEB_PORT 换一个端口。\n' +
          'A port is in use: stop what holds it, or choose others with DEMO_HUB_PORT / DEMO_WEB_PORT.',
      );
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

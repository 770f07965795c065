import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startShell, type ShellDeps } from '../../../../electron/main/shell.ts';
import { SiteConfigStore } from '../../../../electron/main/config-store.ts';
import { SecretStore } from '../../../../electron/main/secrets.ts';
import type { DemoHubStarter } from '../../../../electron/main/embedded-hub.ts';
import { HUB_PROXY_BASE_URL, HUB_PROXY_TOKEN, IPC_CHANNELS, IPC_EVENTS } from '../../../../shared/ipc/bridge.ts';
import type { SiteConfig } from '../../../../shared/ipc/site-config.ts';
import { createFakeElectron, type FakeBrowserWindow } from '../../../helpers/fake-electron.ts';
import { VALID_CONFIG } from '../../../helpers/site-config.ts';

async function rendererBundle(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-renderer-'));
  await writeFile(path.join(dir, 'index.html'), '<html><head></head><body>app</body></html>');
  await writeFile(path.join(dir, 'provisioning.html'), '<html><head></head><body>provisioning</body></html>');
  return dir;
}

const fakeDemo = (): DemoHubStarter & { stopped: number } => {
  const demo = {
    stopped: 0,
    start: async () => ({
      url: 'http://127.0.0.1:1',
      siteCode: 'DX',
      officers: [{ id: 'lin-hai', name: '林海', pin: '246810', role: 'officer' as const }],
      device: { deviceId: 'dev-demo', token: 'tbd_demo', counter: 1, name: '东庠 1号窗口（演示）' },
    }),
    stop: async () => {
      demo.stopped++;
    },
  };
  return demo;
};

async function start(
  options: {
    config?: SiteConfig;
    argv?: string[];
    demo?: DemoHubStarter;
    prepare?: (userData: string, secrets: SecretStore) => Promise<void>;
  } = {},
) {
  const electron = createFakeElectron();
  await mkdir(electron.app.paths.userData, { recursive: true });
  if (options.config) await SiteConfigStore.inFolder(electron.app.paths.userData).save(options.config);
  await options.prepare?.(
    electron.app.paths.userData,
    SecretStore.inFolder(electron.app.paths.userData, electron.safeStorage),
  );
  const deps: ShellDeps = {
    ...electron,
    session: () => electron.session,
    fetch: globalThis.fetch,
    paths: {
      preload: '/app/out/preload/index.cjs',
      rendererDir: await rendererBundle(),
      logsDir: electron.app.paths.logs,
    },
    platform: 'linux',
    versions: { electron: '45.5.0' },
    demoHub: () => options.demo ?? fakeDemo(),
    randomKey: () => 'generated-database-key',
    argv: options.argv ?? [],
  };
  const shell = await startShell(deps);
  const window = () =>
    electron.BrowserWindow.instances.filter((w) => !w.isDestroyed() && w.options.webPreferences?.preload).at(-1)!;
  const fromApp = (w: FakeBrowserWindow = window()) => ({
    webContents: w.webContents,
    frameUrl: 'app://tongban/index.html',
  });
  return {
    electron,
    shell,
    window,
    fromApp,
    invoke: (channel: string, ...args: unknown[]) => electron.ipcMain.testInvoke(channel, fromApp(), ...args),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('startShell', () => {
  it('registers app:// as a privileged scheme, then serves it once ready', async () => {
    const { electron } = await start();
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    const response = await electron.protocol.testFetch('app://tongban/provisioning.html');
    expect(await response.text()).toContain('provisioning');
    expect(response.headers.get('content-security-policy')).toContain("frame-src 'none'");
  });

  it("gives the renderers V8's young-generation size before the app is ready, as the benchmarks' counter has it", async () => {
    const { electron } = await start();
    expect(electron.app.switches).toEqual([{ name: 'js-flags', value: '--max-semi-space-size=64', afterReady: false }]);
  });
  it('quits at once when another instance holds the lock, and a second launch focuses the first', async () => {
    const electron = createFakeElectron();
    electron.app.singleInstanceLock = false;
    const deps = {
      ...electron,
      session: () => electron.session,
      fetch: globalThis.fetch,
      paths: { preload: '/p', rendererDir: '/r', logsDir: '/l' },
      platform: 'linux',
      versions: {},
      randomKey: () => 'k',
      argv: [],
    } satisfies ShellDeps;
    expect(await startShell(deps)).toBeNull();
    expect(electron.app.quitRequests).toBe(1);
    expect(electron.BrowserWindow.instances).toEqual([]);

    const running = await start({ config: VALID_CONFIG });
    running.window().minimized = true;
    running.electron.app.testEmit('second-instance');
    expect(running.window().focused).toBe(true);
    expect(running.window().minimized).toBe(false);
  });

  it('opens the provisioning screen in a normal window on a new machine, with no application menu', async () => {
    const { electron, window } = await start();
    expect(window().webContents.loadedUrls).toEqual(['app://tongban/provisioning.html']);
    expect(window().options.kiosk).toBeUndefined();
    expect(electron.Menu.applicationMenu).toBeNull();
  });

  it('opens a provisioned kiosk as a locked-down full-screen kiosk on the app page', async () => {
    const { electron, window } = await start({ config: { ...VALID_CONFIG, mode: 'kiosk' } });
    expect(window().options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(window().webContents.loadedUrls).toEqual(['app://tongban/index.html']);
    expect(window().webContents.testPressKey('F5')).toBe(true);
    expect(electron.powerSaveBlocker.active.size).toBe(1);
    window().close();
    expect(window().isDestroyed()).toBe(false);
  });

  it('keeps an enrolled kiosk whose config.json broke locked down on the set-up page, with no demo to start', async () => {
    const kioskFile = { ...VALID_CONFIG, mode: 'kiosk', fieldOfANewerVersion: 1 };
    for (const [damaged, before] of [
      // The file still names its mode.
      [JSON.stringify(kioskFile), undefined],
      // Not JSON any more: the mode stored with the enrolment tells.
      ['{"mode": "kio', (secrets: SecretStore) => secrets.set('enrolledMode', 'kiosk')],
    ] as const) {
      const { electron, window, invoke } = await start({
        prepare: async (userData, secrets) => {
          await secrets.set('deviceToken', 'tbd_real_enrolment');
          await before?.(secrets);
          await writeFile(path.join(userData, 'config.json'), damaged);
        },
      });
      expect(window().webContents.loadedUrls).toEqual(['app://tongban/provisioning.html']);
      expect(window().options).toMatchObject({ kiosk: true, fullscreen: true });
      expect(window().webContents.testPressKey('F5')).toBe(true);
      expect(await invoke(IPC_CHANNELS.getProvisioningStatus)).toMatchObject({ demoAvailable: false });
      expect(await invoke(IPC_CHANNELS.startDemo)).toMatchObject({ ok: false });
      const secrets = SecretStore.inFolder(electron.app.paths.userData, electron.safeStorage);
      expect(await secrets.get('deviceToken')).toBe('tbd_real_enrolment');
    }
    // Enrolled as a counter: a normal window.
    const counter = await start({
      prepare: async (userData, secrets) => {
        await secrets.set('deviceToken', 'tbd_real_enrolment');
        await secrets.set('enrolledMode', 'counter');
        await writeFile(path.join(userData, 'config.json'), 'not json');
      },
    });
    expect(counter.window().options.kiosk).toBeUndefined();
  });

  it('opens the set-up page when the secrets cannot be read, and restarts after the technician resets them', async () => {
    const { electron, window, invoke } = await start({
      config: VALID_CONFIG,
      prepare: (userData) => writeFile(path.join(userData, 'secrets.json'), 'garbage'),
    });
    expect(window().webContents.loadedUrls).toEqual(['app://tongban/provisioning.html']);
    expect(await invoke(IPC_CHANNELS.getProvisioningStatus)).toMatchObject({
      secretsProblem: { zh: expect.stringMatching(/^本机的凭据文件 secrets\.json 已损坏/) },
    });
    await expect(invoke(IPC_CHANNELS.getDatabaseKey)).rejects.toThrow(/本机的凭据文件 secrets\.json 已损坏.* \/ /);
    expect(await invoke(IPC_CHANNELS.resetSecrets)).toMatchObject({ ok: true });
    await settle();
    expect(electron.app.relaunches).toBe(1);
    expect(electron.app.quitted).toBe(true);
  });

  it('guards the app window: navigation, new windows and permissions are refused', async () => {
    const { electron, window } = await start({ config: VALID_CONFIG });
    expect(window().webContents.testNavigate('https://evil.example/')).toBe(true);
    expect(window().webContents.testOpenWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(await electron.session.testRequestPermission('media')).toBe(false);
  });

  it('gives the page the site configuration and a hub connection through the proxy, never the token', async () => {
    const { invoke } = await start({ config: VALID_CONFIG });
    expect(await invoke(IPC_CHANNELS.getSiteConfig)).toEqual(VALID_CONFIG);
    expect(await invoke(IPC_CHANNELS.getHubConnection)).toEqual({
      baseUrl: HUB_PROXY_BASE_URL,
      token: HUB_PROXY_TOKEN,
      siteCode: 'DX',
      deviceId: VALID_CONFIG.deviceId,
    });
    expect(await invoke(IPC_CHANNELS.getAppInfo)).toEqual({
      version: '0.1.0-test',
      shell: 'electron',
      platform: 'linux',
      packaged: false,
    });
    expect(await invoke(IPC_CHANNELS.getDatabaseKey)).toBe('generated-database-key');
  });

  it('answers no bridge call from a window that is not the app window', async () => {
    const { electron } = await start({ config: VALID_CONFIG });
    const printWindow = new electron.BrowserWindow({ show: false });
    await expect(
      electron.ipcMain.testInvoke(IPC_CHANNELS.getSiteConfig, {
        webContents: printWindow.webContents,
        frameUrl: 'app://tongban/__print/x',
      }),
    ).rejects.toThrow(/not a Tongban window/);
  });

  it('starts the demo from the first-run screen and reopens the window as a counter provisioned against it', async () => {
    const { invoke, window, shell } = await start();
    const first = window();
    expect(await invoke(IPC_CHANNELS.startDemo)).toMatchObject({ ok: true, value: { siteCode: 'DX' } });
    await settle();
    expect(first.isDestroyed()).toBe(true);
    expect(window().webContents.loadedUrls).toEqual(['app://tongban/index.html']);
    expect(shell?.configStore.current).toMatchObject({ siteCode: 'DX', demo: { officers: [{ pin: '246810' }] } });
  });

  it('starts the demo directly with --demo', async () => {
    const { window } = await start({ argv: ['electron', '.', '--demo'] });
    await settle();
    expect(window().webContents.loadedUrls).toEqual(['app://tongban/index.html']);
  });

  it('forwards simulated ID-card reads to the app page', async () => {
    const { invoke, window } = await start({ config: VALID_CONFIG });
    await settle();
    expect(await invoke(IPC_CHANNELS.simulateIdCardRead)).toEqual({ ok: true, value: undefined });
    expect(window().webContents.sent[0]).toMatchObject({
      channel: IPC_EVENTS.idCardRead,
      args: [{ driver: 'simulated' }],
    });
  });

  it('logs renderer errors sent by the page', async () => {
    const { electron, fromApp } = await start({ config: VALID_CONFIG });
    electron.ipcMain.testSend(IPC_EVENTS.reportError, fromApp(), { source: 'CounterShell', message: 'boom' });
    expect(electron.log.testHas('error', /\[renderer\] CounterShell: boom/)).toBe(true);
  });

  it('exports diagnostics to the downloads folder', async () => {
    const { invoke, electron } = await start({ config: VALID_CONFIG });
    const result = (await invoke(IPC_CHANNELS.exportDiagnostics, { syncStatus: { online: true } })) as {
      ok: boolean;
      value: { path: string };
    };
    expect(result.ok).toBe(true);
    expect(path.dirname(result.value.path)).toBe(electron.app.paths.downloads);
  });

  it('lets only an unlocked technician quit, and stops the embedded hub before quitting', async () => {
    const demo = fakeDemo();
    const { invoke, electron } = await start({ config: VALID_CONFIG, demo });
    expect(await invoke(IPC_CHANNELS.quitApp)).toMatchObject({ ok: false, error: { code: 'technician-locked' } });
    expect(await invoke(IPC_CHANNELS.setTechnicianPin, '24681357')).toEqual({ ok: true, value: undefined });
    expect(await invoke(IPC_CHANNELS.quitApp)).toEqual({ ok: true, value: undefined });
    await settle();
    expect(demo.stopped).toBe(1);
    expect(electron.app.quitted).toBe(true);
  });

  it('shows the maintenance screen after a crash loop of the app page', async () => {
    const { window, shell } = await start({ config: VALID_CONFIG });
    for (let i = 0; i < 5; i++) window().webContents.testRendererGone('crashed');
    expect(window().webContents.loadedUrls.at(-1)).toBe('app://tongban/__shell/maintenance');
    expect(shell?.recovery()?.recent).toBe(5);
  });
});

import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEYS, IPC_CHANNELS, IPC_EVENTS, type TongbanBridge } from '../../../../shared/ipc/bridge.ts';

/** What the preload sees of Electron: contextBridge and ipcRenderer, recorded. */
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const sent: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  return {
    exposed,
    invoked,
    sent,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return `answer to ${channel}`;
      },
      send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }),
      on: (channel: string, listener: (...args: unknown[]) => void) =>
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        ),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let bridge: TongbanBridge;
beforeAll(async () => {
  await import('../../../../electron/preload/index.ts');
  bridge = electron.exposed.get('tongban') as TongbanBridge;
});

describe('the preload script', () => {
  it('exposes exactly one object, window.tongban', () => {
    expect([...electron.exposed.keys()]).toEqual(['tongban']);
  });

  it('exposes exactly the keys of the declared bridge, all of them functions', () => {
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_KEYS].sort());
    for (const key of BRIDGE_KEYS) expect(typeof bridge[key], key).toBe('function');
  });

  it('does not pass ipcRenderer or any of its functions through', () => {
    const values = Object.values(bridge);
    for (const fn of Object.values(electron.ipcRenderer)) expect(values).not.toContain(fn);
    expect(values).not.toContain(electron.ipcRenderer);
  });

  it('sends each call on the channel declared for it, with its arguments', async () => {
    const job = { kind: 'receipt' as const, html: '<p/>', title: 'DX-1' };
    expect(await bridge.print(job)).toBe(`answer to ${IPC_CHANNELS.print}`);
    await bridge.getSiteConfig();
    await bridge.unlockTechnician('24681357');
    expect(electron.invoked.slice(-3)).toEqual([
      { channel: IPC_CHANNELS.print, args: [job] },
      { channel: IPC_CHANNELS.getSiteConfig, args: [] },
      { channel: IPC_CHANNELS.unlockTechnician, args: ['24681357'] },
    ]);
    bridge.reportError({ source: 'test', message: 'boom' });
    expect(electron.sent).toEqual([{ channel: IPC_EVENTS.reportError, args: [{ source: 'test', message: 'boom' }] }]);
  });

  it('hands ID-card reads to the listener without the IPC event, and stops when unsubscribed', () => {
    const reads: unknown[] = [];
    const stop = bridge.onIdCardRead((card) => reads.push(card));
    const [relay] = electron.listeners.get(IPC_EVENTS.idCardRead) ?? [];
    relay?.({ sender: 'the raw IPC event' }, { name: '林晓梅' });
    expect(reads).toEqual([{ name: '林晓梅' }]);
    stop();
    expect(electron.listeners.get(IPC_EVENTS.idCardRead)).toEqual([]);
  });
});

describe('BRIDGE_KEYS', () => {
  it('lists each key once, and each request channel is unique', () => {
    expect(new Set(BRIDGE_KEYS).size).toBe(BRIDGE_KEYS.length);
    const channels = [...Object.values(IPC_CHANNELS), ...Object.values(IPC_EVENTS)];
    expect(new Set(channels).size).toBe(channels.length);
  });
});

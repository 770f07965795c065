import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIpc } from '../../../../electron/main/ipc.ts';
import { IPC_CHANNELS, IPC_EVENTS } from '../../../../shared/ipc/bridge.ts';
import { FakeIpcMain, FakeWebContents, RecordingLogger } from '../../../helpers/fake-electron.ts';

function setup() {
  const ipcMain = new FakeIpcMain();
  const ours = new FakeWebContents();
  const log = new RecordingLogger();
  const ipc = createIpc({ ipcMain, isOurWebContents: (contents) => contents === ours, log });
  const calls: unknown[][] = [];
  ipc.handle(IPC_CHANNELS.setLanguage, [z.enum(['zh-CN', 'en'])], (language) => {
    calls.push([language]);
    return 'done';
  });
  return { ipcMain, ours, log, ipc, calls };
}

describe('createIpc', () => {
  it('answers our window when it shows our own bundle', async () => {
    const { ipcMain, ours, calls } = setup();
    await expect(
      ipcMain.testInvoke(IPC_CHANNELS.setLanguage, { webContents: ours, frameUrl: 'app://tongban/index.html' }, 'en'),
    ).resolves.toBe('done');
    expect(calls).toEqual([['en']]);
  });

  it('refuses a sender that is not one of our windows, without running the handler', async () => {
    const { ipcMain, calls, log } = setup();
    const stranger = new FakeWebContents();
    await expect(
      ipcMain.testInvoke(
        IPC_CHANNELS.setLanguage,
        { webContents: stranger, frameUrl: 'app://tongban/index.html' },
        'en',
      ),
    ).rejects.toThrow(/not a Tongban window/);
    expect(calls).toEqual([]);
    expect(log.testHas('warn', /refused tongban:set-language/)).toBe(true);
  });

  it('refuses our window once it shows a page from anywhere else', async () => {
    const { ipcMain, ours, calls } = setup();
    for (const frameUrl of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', null]) {
      await expect(ipcMain.testInvoke(IPC_CHANNELS.setLanguage, { webContents: ours, frameUrl }, 'en')).rejects.toThrow(
        /not a Tongban window/,
      );
    }
    expect(calls).toEqual([]);
  });

  it('rejects arguments that do not match the declared schema, and extra arguments', async () => {
    const { ipcMain, ours, calls } = setup();
    const sender = { webContents: ours, frameUrl: 'app://tongban/index.html' };
    await expect(ipcMain.testInvoke(IPC_CHANNELS.setLanguage, sender, 'fr')).rejects.toThrow(/argument 1 is invalid/);
    await expect(ipcMain.testInvoke(IPC_CHANNELS.setLanguage, sender, 'en', 'extra')).rejects.toThrow(
      /expected 1 arguments/,
    );
    expect(calls).toEqual([]);
  });

  it('drops one-way messages from strangers and delivers those from our window', () => {
    const { ipcMain, ipc, ours } = setup();
    const received: string[] = [];
    ipc.on(IPC_EVENTS.reportError, [z.object({ message: z.string() })], (report) => received.push(report.message));
    ipcMain.testSend(
      IPC_EVENTS.reportError,
      { webContents: new FakeWebContents(), frameUrl: 'app://tongban/' },
      {
        message: 'from a stranger',
      },
    );
    ipcMain.testSend(IPC_EVENTS.reportError, { webContents: ours, frameUrl: 'app://tongban/' }, { message: 'ours' });
    ipcMain.testSend(IPC_EVENTS.reportError, { webContents: ours, frameUrl: 'app://tongban/' }, { wrong: 1 });
    expect(received).toEqual(['ours']);
  });
});

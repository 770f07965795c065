import { describe, expect, it } from 'vitest';
import { isBlockedKioskInput, setupKiosk } from '../../../../electron/main/kiosk.ts';
import { FakeBrowserWindow, FakePowerSaveBlocker, RecordingLogger } from '../../../helpers/fake-electron.ts';

function kioskWindow(quitAllowed = { value: false }) {
  const window = new FakeBrowserWindow({ kiosk: true });
  const powerSaveBlocker = new FakePowerSaveBlocker();
  setupKiosk(window, { powerSaveBlocker, log: new RecordingLogger(), isQuitAllowed: () => quitAllowed.value });
  return { window, powerSaveBlocker, quitAllowed };
}

type Modifiers = { control?: boolean; meta?: boolean; alt?: boolean; shift?: boolean };

describe('setupKiosk', () => {
  it.each<[string, Modifiers, string]>([
    ['F5', {}, 'reload'],
    ['r', { control: true }, 'reload'],
    ['R', { control: true, shift: true }, 'hard reload'],
    ['r', { meta: true }, 'reload on macOS'],
    ['F12', {}, 'devtools'],
    ['I', { control: true, shift: true }, 'devtools'],
    ['J', { control: true, shift: true }, 'console'],
    ['C', { control: true, shift: true }, 'inspector'],
    ['i', { meta: true, alt: true }, 'devtools on macOS'],
    ['q', { control: true }, 'quit'],
    ['q', { meta: true }, 'quit on macOS'],
    ['w', { control: true }, 'close window'],
    ['F4', { alt: true }, 'close window'],
    ['F11', {}, 'leave full screen'],
    ['p', { control: true }, 'print dialog'],
    ['=', { control: true }, 'zoom in'],
    ['-', { control: true }, 'zoom out'],
    ['0', { control: true }, 'reset zoom'],
    ['ArrowLeft', { alt: true }, 'back'],
    ['BrowserBack', {}, 'back'],
  ])('blocks %s with %o (%s)', (key, modifiers) => {
    const { window } = kioskWindow();
    expect(window.webContents.testPressKey(key, modifiers)).toBe(true);
  });

  it.each<[string, Modifiers]>([
    ['a', {}],
    ['A', { shift: true }],
    ['Enter', {}],
    ['Backspace', {}],
    ['c', { control: true }],
    ['v', { control: true }],
    ['Escape', {}],
    ['ArrowLeft', {}],
    ['1', {}],
  ])('lets %s with %o through for typing at the kiosk', (key, modifiers) => {
    const { window } = kioskWindow();
    expect(window.webContents.testPressKey(key, modifiers)).toBe(false);
  });

  it('ignores key releases, so only the press is judged', () => {
    expect(
      isBlockedKioskInput({
        type: 'keyUp',
        key: 'F5',
        code: 'F5',
        control: false,
        meta: false,
        alt: false,
        shift: false,
      }),
    ).toBe(false);
  });

  it('removes the window menu and closes devtools if anything opens them', () => {
    const { window } = kioskWindow();
    expect(window.menu).toBeNull();
    window.webContents.testEmit('devtools-opened');
    expect(window.webContents.devToolsClosed).toBe(1);
  });

  it('refuses to close the window until a technician quits', () => {
    const { window, quitAllowed } = kioskWindow();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    quitAllowed.value = true;
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('keeps the display awake while the kiosk window is open, and releases it when it closes', () => {
    const { window, powerSaveBlocker } = kioskWindow({ value: true });
    expect([...powerSaveBlocker.active.values()]).toEqual(['prevent-display-sleep']);
    window.close();
    expect(powerSaveBlocker.active.size).toBe(0);
  });
});

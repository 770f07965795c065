import type { BrowserWindowPort, Input, PowerSaveBlockerPort } from './ports.ts';
import type { Logger } from './logging.ts';

type KeyInput = Pick<Input, 'type' | 'key' | 'code' | 'control' | 'meta' | 'alt' | 'shift'>;

const FUNCTION_KEYS_BLOCKED = new Set(['F5', 'F11', 'F12']);
// With Ctrl (Cmd on macOS): reload, devtools, close, quit, print dialog, save, open, zoom, new window, view source,
// find, history, downloads.
const COMMAND_KEYS_BLOCKED = new Set(['r', 'i', 'j', 'w', 'q', 'p', 's', 'o', 'n', 't', 'u', 'f', 'h', 'g']);
const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);

/**
 * Whether a key press at a kiosk must be swallowed: anything that would quit, reload, close, zoom, navigate back or
 * open the developer tools. Ctrl+C alone is allowed (copy is harmless); with Shift it opens the inspector.
 */
export function isBlockedKioskInput(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (FUNCTION_KEYS_BLOCKED.has(key)) return true;
  if (input.alt && (key === 'F4' || key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home')) return true;
  if (key === 'BrowserBack' || key === 'BrowserForward' || key === 'BrowserRefresh' || key === 'BrowserHome') {
    return true;
  }
  const command = input.control || input.meta;
  if (!command) return false;
  if (ZOOM_KEYS.has(key)) return true;
  if (key === 'c') return input.shift || input.alt;
  if (COMMAND_KEYS_BLOCKED.has(key)) return true;
  return key === 'Delete' && input.shift;
}

export interface KioskOptions {
  powerSaveBlocker: PowerSaveBlockerPort;
  log: Logger;
  /** True only after a technician chose to quit (bridge `quitApp`) or the system is shutting down. */
  isQuitAllowed: () => boolean;
}

/**
 * Locks a kiosk window down: blocked shortcuts, devtools closed if anything opens them, no closing by the window
 * manager (Alt+F4 arrives as `close`, not as a key press), and the display kept awake while it is open.
 */
export function setupKiosk(window: BrowserWindowPort, options: KioskOptions): void {
  const { webContents } = window;
  window.setMenu(null);
  webContents.on('before-input-event', (event, input) => {
    if (!isBlockedKioskInput(input)) return;
    event.preventDefault();
    options.log.info(
      `kiosk: blocked ${[input.control && 'Ctrl', input.meta && 'Meta', input.alt && 'Alt', input.shift && 'Shift', input.key].filter(Boolean).join('+')}`,
    );
  });
  webContents.on('devtools-opened', () => webContents.closeDevTools());
  window.on('close', (event) => {
    if (options.isQuitAllowed()) return;
    event.preventDefault();
    options.log.info('kiosk: refused to close the window');
  });
  const blocker = options.powerSaveBlocker.start('prevent-display-sleep');
  window.on('closed', () => {
    if (options.powerSaveBlocker.isStarted(blocker)) options.powerSaveBlocker.stop(blocker);
  });
}
